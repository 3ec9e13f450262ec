// Tests for events/ and the event importers: small builders for events, one event with every field
// set, and a field-by-field comparison that names the field that differs.
#pragma once
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "core/Event.h"

namespace cm::test {

/// A point event on [first, last] (ISO dates; empty first = undated).
inline Event point_event(const std::string& id, const std::string& first, const std::string& last,
                         EventType type = EventType::Battles, LonLat at = {36.6, 35.8}) {
    Event e;
    e.id = id;
    if (first.empty()) {
        e.date.undated = true;
    } else {
        e.date.first = *CivilDate::parse_iso(first);
        e.date.last = *CivilDate::parse_iso(last);
        e.date.precision = e.date.first == e.date.last ? DatePrecision::Day : DatePrecision::Range;
    }
    e.type = type;
    e.location.geometry = Geometry::point(at);
    e.location.point = at;
    return e;
}

/// An event with every field away from its default: what a round trip must keep.
inline Event full_event() {
    Event e = point_event("ev-full-1", "2020-03-10", "2020-03-16", EventType::ExplosionsRemoteViolence);
    e.date.precision = DatePrecision::Week;
    e.date.written = "last week";
    e.sub_event_type = "Shelling/artillery/missile attack";
    e.kind = "shelling";
    e.actor1 = {{"Test Brigade", "TB", "the so-called Test Brigade"}, {"Northern Front", "", ""}};
    e.actor2 = {{"Civilians (Testland)", "", "residents"}};
    e.casualties.killed = {12, 10, 15, "at least ten"};
    e.casualties.injured = {30, 25, 40, "dozens"};
    e.casualties.disputed = true;
    e.casualties.qualifier = "claimed by one side";
    e.location.written = "Kafr Testa to Tell Example";
    e.location.geometry = Geometry::line({{36.6, 35.8}, {36.65, 35.85}, {36.7, 35.9}});
    e.location.point = {36.65, 35.85};
    e.location.precision = LocPrecision::Near;
    e.location.radius_km = 5.5;
    e.location.gazetteer_id = "gn:900001";
    e.shape = EventShape::Route;
    e.aggregate = true;
    e.valid_from = "2020-03-01";
    e.valid_to = "2020-04-01";
    e.confidence = 0.75;
    e.summary = "Shelling along Kafr Testa to Tell Example; 12 killed";
    e.flags = {"disputed", "date-inferred"};
    e.provenance.source_file = "reports/test-report.txt";
    e.provenance.outlet = "Monitor A";
    e.provenance.title = "Weekly test review";
    e.provenance.published = "2020-03-17";
    e.provenance.begin = 120;
    e.provenance.end = 260;
    e.provenance.text = "Shelling hit the road between Kafr Testa and Tell Example.";
    e.attributes = {{"conflict_name", "Testland: Government"}, {"where_prec", "2: near"}, {"kind", "a column named like ours"}};
    return e;
}

inline void check_same_geometry(const Geometry& a, const Geometry& b) {
    CHECK(a.type == b.type);
    REQUIRE(a.parts.size() == b.parts.size());
    for (std::size_t i = 0; i < a.parts.size(); ++i) {
        REQUIRE(a.parts[i].size() == b.parts[i].size());
        for (std::size_t k = 0; k < a.parts[i].size(); ++k) {
            CHECK(a.parts[i][k].lon == doctest::Approx(b.parts[i][k].lon).epsilon(1e-12));
            CHECK(a.parts[i][k].lat == doctest::Approx(b.parts[i][k].lat).epsilon(1e-12));
        }
    }
    CHECK(a.polygon_starts == b.polygon_starts);
}

inline void check_same_actors(const std::vector<Actor>& a, const std::vector<Actor>& b) {
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].name == b[i].name);
        CHECK(a[i].short_name == b[i].short_name);
        CHECK(a[i].written == b[i].written);
    }
}

/// Every field of got equals want's (radius and confidence to float precision).
inline void check_same_event(const Event& got, const Event& want) {
    INFO("event " << want.id);
    CHECK(got.id == want.id);
    CHECK(got.date.undated == want.date.undated);
    if (!want.date.undated) {
        CHECK(got.date.first == want.date.first);
        CHECK(got.date.last == want.date.last);
        CHECK(got.date.precision == want.date.precision);
    }
    CHECK(got.date.written == want.date.written);
    CHECK(got.type == want.type);
    CHECK(got.sub_event_type == want.sub_event_type);
    CHECK(got.kind == want.kind);
    check_same_actors(got.actor1, want.actor1);
    check_same_actors(got.actor2, want.actor2);
    const Casualties &g = got.casualties, &w = want.casualties;
    CHECK(g.killed.best == w.killed.best);
    CHECK(g.killed.low == w.killed.low);
    CHECK(g.killed.high == w.killed.high);
    CHECK(g.killed.written == w.killed.written);
    CHECK(g.injured.best == w.injured.best);
    CHECK(g.injured.low == w.injured.low);
    CHECK(g.injured.high == w.injured.high);
    CHECK(g.injured.written == w.injured.written);
    CHECK(g.disputed == w.disputed);
    CHECK(g.qualifier == w.qualifier);
    CHECK(got.location.written == want.location.written);
    check_same_geometry(got.location.geometry, want.location.geometry);
    CHECK(got.location.point.lon == doctest::Approx(want.location.point.lon).epsilon(1e-12));
    CHECK(got.location.point.lat == doctest::Approx(want.location.point.lat).epsilon(1e-12));
    CHECK(got.location.precision == want.location.precision);
    CHECK(got.location.radius_km == doctest::Approx(want.location.radius_km).epsilon(1e-6));
    CHECK(got.location.gazetteer_id == want.location.gazetteer_id);
    CHECK(got.shape == want.shape);
    CHECK(got.aggregate == want.aggregate);
    CHECK(got.valid_from == want.valid_from);
    CHECK(got.valid_to == want.valid_to);
    CHECK(got.confidence == doctest::Approx(want.confidence).epsilon(1e-6));
    CHECK(got.summary == want.summary);
    CHECK(got.flags == want.flags);
    CHECK(got.provenance.source_file == want.provenance.source_file);
    CHECK(got.provenance.outlet == want.provenance.outlet);
    CHECK(got.provenance.title == want.provenance.title);
    CHECK(got.provenance.published == want.provenance.published);
    CHECK(got.provenance.begin == want.provenance.begin);
    CHECK(got.provenance.end == want.provenance.end);
    CHECK(got.provenance.text == want.provenance.text);
    CHECK(got.attributes == want.attributes);
}

/// A fresh folder for one test's files, removed when it goes out of scope.
class TempDir {
public:
    explicit TempDir(const std::string& name)
        : m_path(std::filesystem::temp_directory_path() / ("cm-test-" + name + "-" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

}  // namespace cm::test
