// Tests for events/EventTable: sorting, spans and rows_overlapping, pools and geometries, whole
// events rebuilt from the compact columns, text search, and the memory budget.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "core/Utf8.h"
#include "events/EventTable.h"
#include "events/fixture.h"

using namespace cm;
using namespace cm::events;
using cm::test::point_event;

namespace {
std::int32_t day(const char* iso) { return CivilDate::parse_iso(iso)->days(); }

std::vector<std::string> ids(const EventTable& t) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < t.size(); ++i) out.push_back(t.event(i).id);
    return out;
}
}  // namespace

TEST_CASE("events: build sorts by first day, then id, with undated rows last") {
    std::vector<Event> ev = {
        point_event("b", "2020-05-02", "2020-05-02"), point_event("u2", "", ""),
        point_event("a", "2020-05-02", "2020-05-09"), point_event("c", "2019-01-01", "2019-01-01"),
        point_event("u1", "", ""),                    point_event("a0", "2020-05-01", "2020-05-01"),
    };
    auto t = EventTable::build(ev);
    REQUIRE(t->size() == 6);
    CHECK(ids(*t) == std::vector<std::string>{"c", "a0", "a", "b", "u1", "u2"});
    CHECK(t->dated_rows == 4);
    CHECK(t->day_first[4] == kUndatedDay);
    CHECK(t->day_last[5] == kUndatedDay);
    CHECK(t->date_precision[4] == 0);
    CHECK(t->min_day == day("2019-01-01"));
    CHECK(t->max_day == day("2020-05-09"));  // the last day of the span, not the last first day
    CHECK(t->max_span_days == 7);
    CHECK(std::is_sorted(t->day_first.begin(), t->day_first.end()));
}

TEST_CASE("events: input already in order keeps its order, and an empty table is empty") {
    std::vector<Event> ev;
    for (int i = 0; i < 50; ++i)
        ev.push_back(point_event("id" + std::to_string(100 + i), CivilDate::from_days(18000 + i).iso(),
                                 CivilDate::from_days(18000 + i).iso()));
    auto t = EventTable::build(ev);
    for (std::size_t i = 0; i < t->size(); ++i) CHECK(t->event(i).id == "id" + std::to_string(100 + i));

    auto empty = EventTable::build({});
    CHECK(empty->size() == 0);
    CHECK(empty->min_day == 0);
    CHECK(empty->max_day == -1);
    CHECK(empty->rows_overlapping(0, 100000) == std::pair<std::size_t, std::size_t>{0, 0});
}

TEST_CASE("events: rows_overlapping finds spans that began before the window") {
    std::vector<Event> ev = {
        point_event("long", "2020-01-01", "2020-01-31"),  // a month
        point_event("d1", "2020-01-10", "2020-01-10"),
        point_event("d2", "2020-01-20", "2020-01-20"),
        point_event("d3", "2020-02-05", "2020-02-05"),
        point_event("wk", "2020-02-01", "2020-02-07"),
        point_event("und", "", ""),
    };
    auto t = EventTable::build(ev);
    REQUIRE(t->max_span_days == 30);
    // What truly overlaps a window, by brute force, must lie inside the returned range.
    auto truly = [&](std::int32_t a, std::int32_t b) {
        std::vector<std::string> out;
        for (std::size_t i = 0; i < t->dated_rows; ++i)
            if (t->day_first[i] <= b && t->day_last[i] >= a) out.push_back(t->event(i).id);
        std::sort(out.begin(), out.end());
        return out;
    };
    auto in_range = [&](std::int32_t a, std::int32_t b) {
        auto [lo, hi] = t->rows_overlapping(a, b);
        CHECK(lo <= hi);
        CHECK(hi <= t->dated_rows);
        std::vector<std::string> out;
        for (std::size_t i = lo; i < hi; ++i)
            if (t->day_first[i] <= b && t->day_last[i] >= a) out.push_back(t->event(i).id);
        std::sort(out.begin(), out.end());
        return out;
    };
    // 25 January: only the month-long event, which began 24 days earlier.
    CHECK(in_range(day("2020-01-25"), day("2020-01-25")) == std::vector<std::string>{"long"});
    CHECK(in_range(day("2020-01-15"), day("2020-01-21")) == std::vector<std::string>{"d2", "long"});
    CHECK(in_range(day("2020-02-03"), day("2020-02-04")) == std::vector<std::string>{"wk"});
    CHECK(in_range(day("2021-01-01"), day("2021-12-31")).empty());
    CHECK(t->rows_overlapping(day("2020-02-01"), day("2020-01-01")) == std::pair<std::size_t, std::size_t>{0, 0});
    for (std::int32_t a = day("2019-12-25"); a < day("2020-02-15"); ++a)
        for (std::int32_t len : {0, 3, 40}) CHECK(in_range(a, a + len) == truly(a, a + len));
}

TEST_CASE("events: columns, pools and geometries") {
    Event route = cm::test::full_event();
    Event zone = point_event("zone", "2020-03-11", "2020-03-11", EventType::StrategicDevelopments);
    zone.shape = EventShape::Zone;
    zone.location.geometry.type = GeomType::Polygon;
    zone.location.geometry.parts = {{{36, 35}, {37, 35}, {37, 36}, {36, 36}, {36, 35}}};
    zone.location.point = {};  // none given: the table picks one
    zone.provenance.source_file = "/data/my-dataset.csv";  // no outlet: the dataset names the source
    Event nowhere = point_event("nowhere", "2020-03-12", "2020-03-12");
    nowhere.location = {};
    nowhere.sub_event_type = "Armed clash";  // no kind: the sub-event type stands in for it
    auto t = EventTable::build({route, zone, nowhere});

    REQUIRE(t->size() == 3);
    CHECK(t->kinds[0] == "");
    CHECK(t->actors[0] == "");
    CHECK(t->sources[0] == "");
    // Row 0: the route.
    CHECK(t->shape[0] == static_cast<std::uint8_t>(EventShape::Route));
    REQUIRE(t->geometry_id[0] >= 0);
    CHECK(t->geometries[static_cast<std::size_t>(t->geometry_id[0])].type == GeomType::LineString);
    CHECK(t->lon[0] == doctest::Approx(36.65));
    CHECK(t->kinds[t->kind_id[0]] == "shelling");
    CHECK(t->actors[t->actor1_id[0]] == "Test Brigade");
    CHECK(t->actors[t->actor2_id[0]] == "Civilians (Testland)");
    CHECK(t->sources[t->source_id[0]] == "Monitor A");
    CHECK(t->fatalities[0] == 12);
    CHECK(t->loc_precision[0] == 2);
    CHECK(t->radius_km[0] == doctest::Approx(5.5));
    CHECK(t->type[0] == static_cast<std::uint8_t>(EventType::ExplosionsRemoteViolence));
    CHECK(t->date_precision[0] == static_cast<std::uint8_t>(DatePrecision::Week));
    // Row 1: the zone, its point inside the polygon.
    REQUIRE(t->geometry_id[1] >= 0);
    CHECK(t->geometries[static_cast<std::size_t>(t->geometry_id[1])].type == GeomType::Polygon);
    CHECK(t->lon[1] == doctest::Approx(36.5));
    CHECK(t->lat[1] == doctest::Approx(35.5));
    CHECK(t->sources[t->source_id[1]] == "my-dataset");
    CHECK(t->actor1_id[1] == 0);
    CHECK(t->fatalities[1] == -1);
    // Row 2: no location at all.
    CHECK(std::isnan(t->lon[2]));
    CHECK(std::isnan(t->lat[2]));
    CHECK(t->loc_precision[2] == 0);
    CHECK(t->geometry_id[2] == -1);
    CHECK(t->kinds[t->kind_id[2]] == "Armed clash");
    CHECK(t->geometries.size() == 2);
}

TEST_CASE("events: event(i) gives back the whole event") {
    Event full = cm::test::full_event();
    Event plain = point_event("plain", "2020-03-12", "2020-03-12", EventType::Protests, {37.1, 36.2});
    plain.sub_event_type = "Peaceful protest";
    plain.actor1 = {{"Protesters (Testland)", "", ""}};
    plain.casualties.killed.best = 0;
    plain.provenance.source_file = "acled.csv";
    plain.confidence = 1;
    plain.provenance.row = 41;
    plain.attributes = {{"region", "Middle East"}, {"inter1", "6"}, {"notes_extra", ""}};
    plain.location.precision = LocPrecision::Country;  // drawn nowhere, kept as it is
    Event undated = point_event("undated", "", "");
    undated.date.written = "some time ago";
    undated.location = {};
    undated.location.precision = LocPrecision::Region;
    undated.flags = {"undated", "location-unresolved"};
    Event zone = point_event("zone", "2020-03-11", "2020-03-11", EventType::StrategicDevelopments);
    zone.shape = EventShape::Zone;
    zone.location.geometry.type = GeomType::MultiPolygon;
    zone.location.geometry.parts = {{{36, 35}, {37, 35}, {37, 36}, {36, 35}}, {{38, 35}, {39, 35}, {39, 36}, {38, 35}}};
    zone.location.geometry.polygon_starts = {0, 1};
    zone.location.point = {36.6, 35.3};
    zone.valid_from = "2020-01-01";
    Event point_only = point_event("point-only", "2020-03-13", "2020-03-13");
    point_only.location.geometry = {};  // a point with no geometry stays so
    auto t = EventTable::build({undated, full, plain, zone, point_only});
    REQUIRE(t->size() == 5);
    cm::test::check_same_event(t->event(0), full);
    cm::test::check_same_event(t->event(1), zone);
    cm::test::check_same_event(t->event(2), plain);
    CHECK(t->event(2).attributes == plain.attributes);
    CHECK(t->event(2).provenance.row == 41);
    CHECK(t->loc_precision[2] == 4);
    CHECK(t->event(0).attributes == full.attributes);
    CHECK(t->event(0).provenance.row == 0);
    cm::test::check_same_event(t->event(3), point_only);
    cm::test::check_same_event(t->event(4), undated);
}

TEST_CASE("events: text search covers id, place, summary, kind, actors and source, in any case") {
    Event a = point_event("SYR-001", "2020-01-01", "2020-01-01");
    a.location.written = "Kafr Testa";
    a.summary = "Clashes near the mill";
    a.kind = "IED attack";
    a.actor1 = {{"Test Brigade", "", ""}, {"Hidden Helpers", "", ""}};
    a.provenance.outlet = "Monitor A";
    Event b = point_event("SYR-002", "2020-01-02", "2020-01-02");
    b.location.written = "Tell Example";
    b.summary = "Quiet day";
    auto t = EventTable::build({a, b});
    for (const char* needle : {"kafr", "KAFR testa", "mill", "ied", "brigade", "hidden helpers", "monitor a", "syr-001"}) {
        INFO(needle);
        const std::string lower = ascii_lower(needle);
        CHECK(t->text_contains(0, lower));
        CHECK_FALSE(t->text_contains(1, lower));
        CHECK(t->rows_containing(lower) == std::vector<std::uint8_t>{1, 0});
    }
    CHECK(t->rows_containing("syr-00") == std::vector<std::uint8_t>{1, 1});
    CHECK(t->rows_containing("") == std::vector<std::uint8_t>{1, 1});
    // Fields are kept apart: no match across the end of one field and the start of the next.
    CHECK(t->rows_containing("testaclashes") == std::vector<std::uint8_t>{0, 0});
    CHECK(t->rows_containing("001kafr") == std::vector<std::uint8_t>{0, 0});
}

TEST_CASE("events: the one-pass search agrees with text_contains row by row") {
    // Random short words over a small alphabet so that matches fall everywhere: at row starts and
    // ends, across the 16-byte blocks of the fast scan, and in the last bytes of the arena.
    std::mt19937 rng(7);
    auto word = [&](std::size_t max) {
        std::string s;
        const std::size_t n = 1 + rng() % max;
        for (std::size_t i = 0; i < n; ++i) s += "abAB c-"[rng() % 7];
        return s;
    };
    std::vector<Event> ev;
    for (int i = 0; i < 400; ++i) {
        Event e = point_event("r" + std::to_string(i), "2020-01-01", "2020-01-01");
        e.location.written = word(6);
        e.summary = word(30);
        ev.push_back(e);
    }
    auto t = EventTable::build(ev);
    for (const char* needle : {"a", "ab", "ba", "a b", "abab", "b-a", "aaa", "c-", "-", "r3", "r399", "zz"}) {
        INFO(needle);
        const auto fast = t->rows_containing(needle);
        REQUIRE(fast.size() == t->size());
        std::size_t mismatches = 0;
        for (std::size_t i = 0; i < t->size(); ++i) mismatches += fast[i] != (t->text_contains(i, needle) ? 1 : 0);
        CHECK(mismatches == 0);
    }
}

TEST_CASE("events: a million-row budget of about 200 bytes a row holds") {
    // 100,000 rows like the synthetic benchmark's: short words, a few pooled names, 1 % routes.
    EventTableBuilder b;
    const char* places[] = {"Kafr Testa", "Tell Example", "Wadi Sample", "Nahr Fixture"};
    const char* actors[] = {"Test Brigade", "Northern Front", "Air Force of Testland"};
    for (int i = 0; i < 100000; ++i) {
        Event e = point_event("SYN" + std::to_string(1000000 + i), CivilDate::from_days(16000 + i % 3650).iso(),
                              CivilDate::from_days(16000 + i % 3650).iso(), static_cast<EventType>(i % 6),
                              {36 + (i % 100) / 100.0, 35 + (i % 77) / 77.0});
        e.location.written = places[i % 4];
        e.sub_event_type = "Armed clash";
        e.actor1 = {{actors[i % 3], "", ""}};
        if (i % 7 == 0) e.actor1.push_back({actors[(i + 1) % 3], "", ""});
        e.casualties.killed.best = i % 5;
        e.summary = std::string("Armed clash in ") + places[i % 4];
        e.provenance.outlet = "Monitor A";
        e.provenance.source_file = "synthetic";
        e.confidence = 0.9;
        if (i % 100 == 0) {
            e.location.geometry = Geometry::line({{36, 35}, {36.05, 35.05}, {36.1, 35.02}});
            e.shape = EventShape::Route;
        }
        b.add(e);
    }
    auto t = b.finish();
    const double per_row = static_cast<double>(t->memory_bytes()) / static_cast<double>(t->size());
    MESSAGE("bytes per row: " << per_row);
    CHECK(per_row < 200);
    CHECK(b.size() == 0);  // the builder starts over
    // Sorted by (day, id), each row's text, record and further actors moved with it (a table this
    // large is put in order on two threads).
    REQUIRE(t->size() == 100000);
    std::size_t wrong = 0;
    for (std::size_t r = 0; r < t->size(); r += 1 + r % 13) {
        const Event e = t->event(r);
        const int i = std::stoi(e.id.substr(3)) - 1000000;
        wrong += e.summary != std::string("Armed clash in ") + places[i % 4];
        wrong += t->day_first[r] != 16000 + i % 3650;
        wrong += e.actor1.size() != (i % 7 == 0 ? 2u : 1u);
        wrong += t->extra_actor_off[r + 1] - t->extra_actor_off[r] != (i % 7 == 0 ? 1u : 0u);
        wrong += e.confidence != 0.9;
        if (r > 0) wrong += !(t->day_first[r - 1] < t->day_first[r] ||
                              (t->day_first[r - 1] == t->day_first[r] && t->event(r - 1).id < e.id));
    }
    CHECK(wrong == 0);
}

TEST_CASE("events: a lean table keeps the columns, ids and whole routes and zones, and takes less") {
    auto rows = [](EventTableBuilder& b) {
        for (int i = 0; i < 2000; ++i) {
            Event e = point_event("LEAN" + std::to_string(100000 + i), CivilDate::from_days(18000 + i % 50).iso(),
                                  CivilDate::from_days(18000 + i % 50).iso(), static_cast<EventType>(i % 6),
                                  {36 + (i % 100) / 100.0, 35 + (i % 77) / 77.0});
            e.summary = "Shelling reported near the market, several houses damaged";
            e.location.written = "Kafr Testa";
            e.actor1 = {{"Test Brigade", "", ""}};
            e.casualties.killed = {3, 2, 5, "three"};
            e.provenance.outlet = "Monitor A";
            if (i == 7) {
                e.location.geometry.type = GeomType::Polygon;
                e.location.geometry.parts = {{{36, 35}, {36.1, 35}, {36.1, 35.1}, {36, 35}}};
                e.shape = EventShape::Zone;
                e.valid_from = "2019-04-01";
                e.valid_to = "2019-06-30";
            }
            b.add(e);
        }
        return b.finish();
    };
    EventTableBuilder full_b, lean_b;
    lean_b.set_lean(true);
    const auto full = rows(full_b), lean = rows(lean_b);
    REQUIRE(full->size() == lean->size());
    // What is drawn is the same, row for row, in the same order.
    CHECK(full->day_first == lean->day_first);
    CHECK(full->lon == lean->lon);
    CHECK(full->type == lean->type);
    CHECK(full->fatalities == lean->fatalities);
    CHECK(full->source_id == lean->source_id);
    CHECK(ids(*full) == ids(*lean));
    std::size_t zones = 0;
    for (std::size_t i = 0; i < lean->size(); ++i) {
        const Event e = lean->event(i);
        if (e.shape == EventShape::Zone) {
            ++zones;
            CHECK(e.valid_from == "2019-04-01");  // a zone's period is drawn
            CHECK(e.valid_to == "2019-06-30");
        } else {
            CHECK(e.summary.empty());  // what only the inspector shows is not kept
            CHECK(e.casualties.killed.written.empty());
            CHECK(e.casualties.killed.best == 3);  // a column
        }
    }
    CHECK(zones == 1);
    MESSAGE("bytes per row: full " << full->memory_bytes() / full->size() << ", lean " << lean->memory_bytes() / lean->size());
    CHECK(lean->memory_bytes() * 10 < full->memory_bytes() * 8);
}

TEST_CASE("events: builders appended in order give the table one builder would have") {
    // Varied rows: pools met in different pieces (some shared, some new in a later piece), routes,
    // further actors, flags, attributes, undated rows, equal days and ids (the tie-break is the
    // order of adding), so that every remapped id and shifted offset is exercised.
    std::vector<Event> rows;
    for (int i = 0; i < 600; ++i) {
        Event e = i % 97 == 0 ? cm::test::full_event()
                              : point_event("M" + std::to_string(i % 250), i % 41 == 0 ? "" : CivilDate::from_days(18000 + i % 30).iso(),
                                            i % 41 == 0 ? "" : CivilDate::from_days(18000 + i % 30).iso(),
                                            static_cast<EventType>(i % 6), {36 + (i % 13) / 10.0, 35 + (i % 7) / 10.0});
        if (i % 97 != 0) {
            e.actor1 = {{"Actor " + std::to_string(i / 50), "", ""}};
            if (i % 5 == 0) e.actor1.push_back({"Ally " + std::to_string(i / 100), "A", ""});
            e.actor2 = {{"Side " + std::to_string(i % 11), "", i % 3 == 0 ? "written" : ""}};
            e.sub_event_type = "Sub " + std::to_string(i / 120);
            if (i % 4 == 0) e.kind = "kind " + std::to_string(i / 60);
            e.provenance.outlet = i % 9 == 0 ? "" : "Outlet " + std::to_string(i / 200);
            e.provenance.source_file = "file" + std::to_string(i / 300) + ".csv";
            e.provenance.row = static_cast<std::size_t>(i + 1);
            e.provenance.title = i % 6 == 0 ? "Title " + std::to_string(i / 150) : "";
            if (i % 7 == 0) e.flags = {"flag " + std::to_string(i / 200), "undated"};
            e.attributes = {{"year", std::to_string(2011 + i / 100)}, {"col" + std::to_string(i / 250), "v" + std::to_string(i % 4)}};
            e.summary = "summary " + std::to_string(i);
            if (i % 50 == 3) {
                e.location.geometry = Geometry::line({{36, 35}, {36.1 + i / 1000.0, 35.2}});
                e.shape = EventShape::Route;
            }
        }
        rows.push_back(std::move(e));
    }
    for (const bool lean : {false, true}) {
        INFO("lean " << lean);
        EventTableBuilder one;
        one.set_lean(lean);
        for (const Event& e : rows) one.add(e);
        const auto want = one.finish();

        // Pieces of uneven size, an empty one among them.
        EventTableBuilder merged;
        merged.set_lean(lean);
        const std::size_t cuts[] = {0, 1, 150, 150, 420, rows.size()};
        for (std::size_t k = 0; k + 1 < std::size(cuts); ++k) {
            EventTableBuilder piece;
            piece.set_lean(lean);
            for (std::size_t i = cuts[k]; i < cuts[k + 1]; ++i) piece.add(rows[i]);
            merged.append(std::move(piece));
            CHECK(piece.size() == 0);
        }
        CHECK(merged.size() == rows.size());
        const auto got = merged.finish();
        REQUIRE(got->size() == want->size());
        CHECK(got->day_first == want->day_first);
        CHECK(got->day_last == want->day_last);
        CHECK(got->lon == want->lon);
        CHECK(got->lat == want->lat);
        CHECK(got->type == want->type);
        CHECK(got->kind_id == want->kind_id);
        CHECK(got->actor1_id == want->actor1_id);
        CHECK(got->actor2_id == want->actor2_id);
        CHECK(got->source_id == want->source_id);
        CHECK(got->geometry_id == want->geometry_id);
        CHECK(got->extra_actor_off == want->extra_actor_off);
        CHECK(got->extra_actor_ids == want->extra_actor_ids);
        CHECK(got->kinds == want->kinds);
        CHECK(got->actors == want->actors);
        CHECK(got->sources == want->sources);
        CHECK(got->attribute_names() == want->attribute_names());
        CHECK(got->memory_bytes() == want->memory_bytes());
        for (std::size_t i = 0; i < want->size(); ++i) cm::test::check_same_event(got->event(i), want->event(i));
    }
}
