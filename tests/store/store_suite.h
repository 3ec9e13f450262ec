// The store's behaviour, the same on every backend: run against a GeoPackage path (test_store)
// and a PostGIS connection (test_store_pg).
#pragma once
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include "events/fixture.h"
#include "store/Store.h"

namespace cmtest {

/// Text an attacker or a careless file might hold: SQL, quotes, backslashes, control characters.
inline const std::vector<std::string>& hostile_strings() {
    static const std::vector<std::string> s = {
        "x'); DROP TABLE events; --",
        "\"; DELETE FROM edits WHERE 1=1; --",
        "Robert'); DROP TABLE reports;--",
        "back\\slash \\' \\\" and 'quotes' \"doubled\"",
        "tab\there\x01\x02\x1f bell\x07 and newline\nsecond line",
        "%s %n %x {} $1 ? :name",
        "قصف على سراقب — ✓ émoji 🚀",
    };
    return s;
}

inline void store_suite(const std::string& spec) {
    using namespace cm;
    auto s = store::Store::open(spec, true);
    REQUIRE(s);
    CHECK(s->event_count() == 0);
    {
        const auto log = s->edits();
        REQUIRE(log.size() == 1);
        CHECK(log[0].action == "create");
    }

    // Events: every field, and hostile text in every text field.
    std::vector<Event> in;
    in.push_back(cm::test::full_event());
    for (std::size_t i = 0; i < hostile_strings().size(); ++i) {
        const std::string& h = hostile_strings()[i];
        Event e = cm::test::point_event(h + " #" + std::to_string(i), "2020-0" + std::to_string(1 + i % 9) + "-15",
                                        "2020-0" + std::to_string(1 + i % 9) + "-16", EventType::Battles,
                                        {36.0 + 0.1 * static_cast<double>(i), 35.0});
        e.summary = h;
        e.location.written = h;
        // Actor lists are "; "-separated in the schema (as ACLED's associated actors are): a
        // name holding "; " would come back as two actors, so that sequence is left out here.
        std::string actor = h;
        for (std::size_t at; (at = actor.find("; ")) != std::string::npos;) actor.replace(at, 2, ", ");
        e.actor1 = {{actor, "", actor}};
        e.kind = h;
        e.provenance.text = h;
        e.attributes = {{h, h}, {"plain", "value"}};
        in.push_back(std::move(e));
    }
    const store::AddSummary first = s->add(in, {}, "suite: first");
    CHECK(first.added == in.size());
    CHECK(first.already == 0);
    const store::AddSummary again = s->add(in, {}, "suite: again");
    CHECK(again.added == 0);
    CHECK(again.already == in.size());
    CHECK(s->event_count() == in.size());

    std::map<std::string, Event> back;
    Diagnostics d;
    s->read(d, [&](Event&& e) { back[e.id] = std::move(e); });
    for (const auto& x : d.all()) MESSAGE(x.to_string());
    REQUIRE(back.size() == in.size());
    for (const Event& want : in) {
        REQUIRE(back.count(want.id));
        cm::test::check_same_event(back[want.id], want);
    }

    // Queries run in the store: days overlapping the window, points in the box.
    std::vector<std::string> ids;
    store::StoreQuery march;
    march.from = CivilDate{2020, 3, 1};
    march.to = CivilDate{2020, 3, 31};
    s->read(d, [&](Event&& e) { ids.push_back(e.id); }, march);
    std::size_t want_march = 0;
    for (const Event& e : in)
        if (!(e.date.last < *march.from) && !(*march.to < e.date.first)) ++want_march;
    CHECK(ids.size() == want_march);
    CHECK(want_march >= 2);  // the full event (10-16 March) and a hostile one
    ids.clear();
    store::StoreQuery box;
    box.bbox = std::array<double, 4>{35.95, 34.9, 36.25, 35.1};  // the first three hostile points
    s->read(d, [&](Event&& e) { ids.push_back(e.id); }, box);
    CHECK(ids.size() == 3);

    // Saved views: none, then saved, then replaced; names and JSON with hostile text too.
    CHECK_FALSE(s->view().has_value());
    s->save_view("{\"camera\": 1}");
    REQUIRE(s->view().has_value());
    CHECK(*s->view() == "{\"camera\": 1}");
    s->save_view("{\"camera\": 2}");
    CHECK(*s->view() == "{\"camera\": 2}");
    for (const std::string& h : hostile_strings()) {
        s->save_view(h, h);
        REQUIRE(s->view(h).has_value());
        CHECK(*s->view(h) == h);
    }
    CHECK(*s->view() == "{\"camera\": 2}");

    // Reports: kept once by id, text as given.
    std::vector<store::StoreReport> reps;
    for (std::size_t i = 0; i < hostile_strings().size(); ++i) {
        const std::string& h = hostile_strings()[i];
        reps.push_back({"rp-" + std::to_string(i), h, h, h, "2020-03-17", h + " body", h});
    }
    CHECK(s->add({}, reps, "suite: reports").reports_added == reps.size());
    CHECK(s->add({}, reps, "suite: reports again").reports_added == 0);
    const auto got = s->reports();
    REQUIRE(got.size() == reps.size());
    for (std::size_t i = 0; i < reps.size(); ++i) {
        CHECK(got[i].id == reps[i].id);
        CHECK(got[i].text == reps[i].text);
        CHECK(got[i].source == reps[i].source);
    }

    // The log: create, two event adds, the views, two report adds — in order; nothing dropped.
    const auto log = s->edits();
    CHECK(log.size() == 1 + 2 + 2 + hostile_strings().size() + 2);
    CHECK(log[1].detail == "suite: first");
    CHECK(log[1].events == static_cast<long long>(in.size()));
    CHECK(log[2].events == 0);
    CHECK(log.back().detail == "suite: reports again");
    // Every table is still there after all that text went through.
    CHECK(s->event_count() == in.size());

    // Reopened, the store is as it was left.
    s.reset();
    auto again_open = store::Store::open(spec, false);
    CHECK(again_open->event_count() == in.size());
    CHECK(*again_open->view() == "{\"camera\": 2}");

    // Gazetteer packs: kept byte for byte (NULs, non-UTF-8 bytes), one per name, replaced only
    // when asked, removed by name; hostile names are plain names.
    {
        store::StorePack p;
        p.name = "team-places";
        p.file_name = "team-places.csv";
        p.original = "/home/analyst/team-places.csv";
        p.entries = 2;
        p.content = std::string("name,lat,lon\nKafr Teamtest,35.7,36.7\n\0\xff\xfe tail", 40);
        again_open->put_pack(p, false);
        CHECK_THROWS_AS(again_open->put_pack(p, false), Error);
        p.entries = 3;
        again_open->put_pack(p, true);
        for (const std::string& h : hostile_strings()) {
            store::StorePack hp = p;
            hp.name = h;
            again_open->put_pack(hp, false);
        }
        auto kept = again_open->packs(true);
        REQUIRE(kept.size() == 1 + hostile_strings().size());
        const auto team = std::find_if(kept.begin(), kept.end(), [](const store::StorePack& k) { return k.name == "team-places"; });
        REQUIRE(team != kept.end());
        CHECK(team->content == p.content);
        CHECK(team->entries == 3);
        CHECK(team->original == p.original);
        CHECK(again_open->packs(false).front().content.empty());
        for (const std::string& h : hostile_strings()) CHECK(again_open->remove_pack(h));
        CHECK_FALSE(again_open->remove_pack("no such pack"));
        CHECK(again_open->packs().size() == 1);
        CHECK(again_open->event_count() == in.size());  // every table still there
    }

    // Windows against events of every length: a day, a week, a season, two years, one ending the
    // day the window opens, one starting the day it closes, and undated. The query runs on the
    // start-day index with a separate path for long spans: each must still be found exactly.
    {
        std::vector<Event> spans;
        const std::pair<const char*, const char*> days[] = {
            {"2019-06-10", "2019-06-10"}, {"2019-06-03", "2019-06-09"}, {"2019-04-01", "2019-06-30"},
            {"2017-01-01", "2018-12-31"}, {"2018-01-01", "2019-06-01"}, {"2019-06-30", "2019-07-04"},
            {"2016-05-01", "2019-12-31"}, {"2019-02-20", "2019-06-01"}, {"2019-02-28", "2019-05-31"}};
        int k = 0;
        for (const auto& [a, b] : days)
            spans.push_back(cm::test::point_event("span-" + std::to_string(k++), a, b, EventType::Battles, {38.0, 35.5}));
        spans.push_back(cm::test::point_event("span-undated", "", "", EventType::Battles, {38.0, 35.5}));
        again_open->add(spans, {}, "suite: spans");
        for (const auto& [from, to] : {std::pair{CivilDate{2019, 6, 1}, CivilDate{2019, 6, 30}},
                                      std::pair{CivilDate{2018, 6, 1}, CivilDate{2018, 6, 1}},
                                      std::pair{CivilDate{2019, 3, 1}, CivilDate{2019, 3, 31}},
                                      std::pair{CivilDate{2019, 7, 1}, CivilDate{2019, 12, 31}}}) {
            store::StoreQuery w;
            w.from = from;
            w.to = to;
            std::set<std::string> got, want;
            again_open->read(d, [&](Event&& e) { if (e.id.rfind("span-", 0) == 0) got.insert(e.id); }, w);
            for (const Event& e : spans)
                if (e.date.valid() && !(e.date.last < from) && !(to < e.date.first)) want.insert(e.id);
            INFO(from.iso(), " .. ", to.iso());
            CHECK(got == want);
        }
    }
}

}  // namespace cmtest
