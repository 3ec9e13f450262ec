// Tests for core/Limits: each limit at its value and just past it, with the limits lowered by
// ScopedLimits so that the files stay small. Past a limit the row, feature or file is refused
// with a message naming the file, the row and the limit; the rest is read.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/Cli.h"
#include "core/Limits.h"
#include "events/fixture.h"
#include "gazetteer/Gazetteer.h"
#include "gazetteer/Loaders.h"
#include "io/EventImport.h"
#include "store/Store.h"

using namespace cm;
using cm::test::point_event;
using cm::test::TempDir;

namespace {

void write(const std::string& path, const std::string& text) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << text;
}

std::string dump(const Diagnostics& d) {
    std::string s;
    for (const auto& x : d.all()) s += x.to_string() + "\n";
    return s;
}

bool said(const Diagnostics& d, const std::string& file_part, long line, const std::string& text) {
    return std::any_of(d.all().begin(), d.all().end(), [&](const Diagnostic& x) {
        return x.file.find(file_part) != std::string::npos && (line < 0 || x.line == line) &&
               x.message.find(text) != std::string::npos;
    });
}

std::string csv_rows(int n, const std::string& notes = "") {
    std::string s = "event_date,latitude,longitude,event_type,fatalities,notes\n";
    for (int i = 1; i <= n; ++i)
        s += "2020-03-0" + std::to_string(1 + i % 9) + ",35.8,36.6" + std::to_string(i) + ",Battles,1," + notes + "\n";
    return s;
}

std::string geojson_line(int vertices) {
    std::string coords;
    for (int i = 0; i < vertices; ++i) coords += std::string(i ? "," : "") + "[36." + std::to_string(i + 1) + ",35.8]";
    return R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"date":"2020-03-01","type":"Battles"},)"
           R"("geometry":{"type":"LineString","coordinates":[)" +
           coords + "]}}]}";
}

}  // namespace

TEST_CASE("limits: rows per event file — at the limit all are read; past it the rest are counted, named, not read") {
    TempDir dir("limits-rows");
    Limits l;
    l.features_per_file = 3;
    ScopedLimits scoped(l);
    write(dir.file("three.csv"), csv_rows(3));
    write(dir.file("five.csv"), csv_rows(5));
    {
        Diagnostics diag;
        const auto r = io::import_events({dir.file("three.csv")}, diag, {});
        INFO(dump(diag));
        CHECK(r.events.size() == 3);
        CHECK(r.rows_skipped == 0);
    }
    Diagnostics diag;
    const auto r = io::import_events({dir.file("five.csv")}, diag, {});
    INFO(dump(diag));
    CHECK(r.events.size() == 3);
    CHECK(r.rows_skipped == 2);
    CHECK(said(diag, "five.csv", 5, "rows 4 to 5 (2 rows) not read: over the limit of 3 rows per file"));
}

TEST_CASE("limits: one value's length — at the limit read; one byte past, the row is refused naming the column") {
    TempDir dir("limits-field");
    Limits l;
    l.field_bytes = 10;
    ScopedLimits scoped(l);
    write(dir.file("ten.csv"), csv_rows(1, "0123456789"));
    write(dir.file("eleven.csv"), csv_rows(2, "0123456789X"));
    {
        Diagnostics diag;
        const auto r = io::import_events({dir.file("ten.csv")}, diag, {});
        INFO(dump(diag));
        CHECK(r.events.size() == 1);
        CHECK(r.rows_skipped == 0);
    }
    Diagnostics diag;
    const auto r = io::import_events({dir.file("eleven.csv")}, diag, {});
    INFO(dump(diag));
    CHECK(r.events.empty());
    CHECK(r.rows_skipped == 2);
    CHECK(said(diag, "eleven.csv", 2, "column 'notes' holds 11 bytes, over the limit of 10 bytes for one value"));
    CHECK(said(diag, "eleven.csv", 3, "column 'notes'"));
}

TEST_CASE("limits: one value's length — a value over several lines is measured whole, short files not at all") {
    TempDir dir("limits-field-lines");
    Limits l;
    l.field_bytes = 200;  // longer than every line below: only the whole record tells
    ScopedLimits scoped(l);
    // Row 3's notes run over five quoted lines of 50 bytes: 254 bytes, each line well under 200.
    const std::string line(49, 'n');
    const std::string long_notes = "\"" + line + "\n" + line + "\n" + line + "\n" + line + "\n" + line + "\"";
    write(dir.file("lines.csv"), csv_rows(2, "short") + "2020-03-05,35.8,36.6,Battles,1," + long_notes + "\n");
    Diagnostics diag;
    const auto r = io::import_events({dir.file("lines.csv")}, diag, {});
    INFO(dump(diag));
    CHECK(r.events.size() == 2);
    CHECK(r.rows_skipped == 1);
    CHECK(said(diag, "lines.csv", 4, "column 'notes' holds 249 bytes, over the limit of 200 bytes for one value"));
    // Every record within the limit: every row read, none refused.
    write(dir.file("short.csv"), csv_rows(5, "\"" + line + "\n" + line + "\""));
    Diagnostics short_diag;
    const auto s = io::import_events({dir.file("short.csv")}, short_diag, {});
    INFO(dump(short_diag));
    CHECK(s.events.size() == 5);
    CHECK(s.rows_skipped == 0);
}

TEST_CASE("limits: vertices per geometry — at the limit read; one past, the feature is refused") {
    TempDir dir("limits-vertices");
    Limits l;
    l.vertices_per_geometry = 3;
    ScopedLimits scoped(l);
    write(dir.file("three.geojson"), geojson_line(3));
    write(dir.file("four.geojson"), geojson_line(4));
    {
        Diagnostics diag;
        const auto r = io::import_events({dir.file("three.geojson")}, diag, {});
        INFO(dump(diag));
        REQUIRE(r.events.size() == 1);
        CHECK(r.events[0].location.geometry.vertex_count() == 3);
    }
    Diagnostics diag;
    const auto r = io::import_events({dir.file("four.geojson")}, diag, {});
    INFO(dump(diag));
    CHECK(r.events.empty());
    CHECK(r.rows_skipped == 1);
    CHECK(said(diag, "four.geojson", 1, "geometry has 4 vertices, over the limit of 3"));
}

TEST_CASE("limits: event file size — a file of exactly the limit is read; one byte more is refused, the next file read") {
    TempDir dir("limits-size");
    write(dir.file("a.csv"), csv_rows(2));
    write(dir.file("b.csv"), csv_rows(2) + " ");  // one byte longer
    const auto size = std::filesystem::file_size(dir.file("a.csv"));
    Limits l;
    l.event_file_bytes = size;
    ScopedLimits scoped(l);
    Diagnostics diag;
    const auto r = io::import_events({dir.file("b.csv"), dir.file("a.csv")}, diag, {});
    INFO(dump(diag));
    CHECK(r.events.size() == 2);
    CHECK(r.files_read == 1);
    CHECK(r.files_failed == 1);
    CHECK(said(diag, "b.csv", 0, "over the limit of " + byte_size_text(size) + " for one event file; not read"));
}

TEST_CASE("limits: coordinates NaN, infinite or out of range are refused per feature with file and row; the edges are kept") {
    TempDir dir("limits-coords");
    write(dir.file("c.csv"),
          "event_date,latitude,longitude,event_type\n"
          "2020-03-01,90,180,Battles\n"      // row 1: the edge, kept
          "2020-03-01,-90,-180,Battles\n"    // row 2: kept
          "2020-03-01,nan,36,Battles\n"      // row 3
          "2020-03-01,35,inf,Battles\n"      // row 4
          "2020-03-01,90.000001,36,Battles\n"  // row 5
          "2020-03-01,35,1e308,Battles\n"    // row 6
          "2020-03-01,abc,36,Battles\n");    // row 7
    write(dir.file("g.geojson"),
          R"({"type":"FeatureCollection","features":[)"
          R"({"type":"Feature","properties":{"date":"2020-03-01","type":"Battles"},"geometry":{"type":"Point","coordinates":[180,-90]}},)"
          R"({"type":"Feature","properties":{"date":"2020-03-01","type":"Battles"},"geometry":{"type":"Point","coordinates":[1e308,35]}},)"
          R"({"type":"Feature","properties":{"date":"2020-03-01","type":"Battles"},"geometry":{"type":"LineString","coordinates":[[36,35],[180.5,35]]}},)"
          R"({"type":"Feature","properties":{"date":"2020-03-01","type":"Battles"},"geometry":{"type":"Point","coordinates":[36,-91]}}]})");
    Diagnostics diag;
    const auto r = io::import_events({dir.file("c.csv"), dir.file("g.geojson")}, diag, {});
    INFO(dump(diag));
    CHECK(r.events.size() == 3);
    CHECK(r.rows_skipped == 8);
    CHECK(said(diag, "c.csv", 4, "'nan', '36' is not a finite number"));
    CHECK(said(diag, "c.csv", 5, "'35', 'inf' is not a finite number"));
    CHECK(said(diag, "c.csv", 6, "90.000001, 36 out of range"));
    CHECK(said(diag, "c.csv", 7, "35, 1e308 out of range"));
    CHECK(said(diag, "c.csv", 8, "'abc', '36' is not a finite number"));
    CHECK(said(diag, "g.geojson", 2, "coordinate 1e+308, 35 is out of range"));
    CHECK(said(diag, "g.geojson", 3, "coordinate 180.5, 35 is out of range (longitude -180..180, latitude -90..90) (vertex 2 of 2)"));
    CHECK(said(diag, "g.geojson", 4, "coordinate 36, -91 is out of range"));
}

TEST_CASE("limits: JSON nesting depth is measured past strings, linearly") {
    CHECK(json_nesting_depth(R"({"a":[1,{"b":"[[[[{{{{"}]})", 10) == 3);
    CHECK(json_nesting_depth(std::string(64, '[') + std::string(64, ']'), 64) == 64);
    CHECK(json_nesting_depth(std::string(65, '['), 64) == 65);
    CHECK(json_nesting_depth(std::string(1000000, '['), 64) == 65);  // stops counting past the limit
    CHECK(json_nesting_depth(R"("\"[[[")", 10) == 0);
}

TEST_CASE("limits: routes, roads and zones per gazetteer pack — at the limit all load; past it the rest are named") {
    TempDir dir("limits-pack");
    std::string csv = "name,kind,wkt\n";
    for (int i = 1; i <= 3; ++i)
        csv += "Route " + std::to_string(i) + ",road,\"LINESTRING (36 35, 36." + std::to_string(i) + " 35.1)\"\n";
    csv += "Point place,place,\"POINT (36 35)\"\n";
    write(dir.file("pack.csv"), csv);
    for (const std::uint64_t limit : {3u, 2u}) {
        Limits l;
        l.routes_zones_per_file = limit;
        ScopedLimits scoped(l);
        gaz::Gazetteer g;
        Diagnostics diag;
        const auto origin = g.add_origin({"pack:limits", dir.file("pack.csv"), "", 0, 0});
        gaz::FeatureDefaults d;
        d.id_prefix = "pk:limits:";
        const std::size_t added = gaz::load_features(g, dir.file("pack.csv"), origin, diag, d);
        INFO(dump(diag));
        if (limit == 3) {
            CHECK(added == 4);
            CHECK(diag.count() == 0);
        } else {
            CHECK(added == 3);  // two routes and the point
            CHECK(said(diag, "pack.csv", 4, "more than 2 routes, roads and zones in one file"));
        }
    }
}

TEST_CASE("limits: events per store — an add that would pass the limit is refused whole, the store kept as it was") {
    TempDir dir("limits-store");
    const std::string path = dir.file("s.gpkg");
    Limits l;
    l.events_per_store = 3;
    ScopedLimits scoped(l);
    {
        auto s = store::Store::open(path, true);
        auto w = s->begin_add();
        for (int i = 1; i <= 3; ++i) w->event(point_event("lim-" + std::to_string(i), "2020-03-01", "2020-03-01"));
        w->commit("three");
        CHECK(s->event_count() == 3);
    }
    auto s = store::Store::open(path, false);
    {
        auto w = s->begin_add();
        w->event(point_event("lim-1", "2020-03-01", "2020-03-01"));  // already there: no growth, allowed
        CHECK_THROWS_WITH_AS(w->event(point_event("lim-4", "2020-03-02", "2020-03-02")),
                             doctest::Contains("more than 3 events, its limit"), Error);
    }  // the writer is dropped uncommitted: rolled back
    CHECK(s->event_count() == 3);
}

TEST_CASE("export: when no input can be read, an earlier export at the path is kept, and the reason is named") {
    TempDir dir("limits-export-none");
    write(dir.file("junk.geojson"), "\x01\x02\x03 not json at all \xff\xfe");
    write(dir.file("out.geojson"), "the earlier export");
    std::ostringstream out, err;
    std::istringstream in;
    const int status = cli::run_cli({"export", dir.file("junk.geojson"), "-o", dir.file("out.geojson")}, {out, err, in});
    INFO(err.str());
    CHECK(status == 1);
    CHECK(err.str().find("junk.geojson: error: cannot read as a vector dataset") != std::string::npos);
    CHECK(err.str().find("not written (the one there is kept)") != std::string::npos);
    std::ifstream f(dir.file("out.geojson"));
    std::string kept;
    std::getline(f, kept);
    CHECK(kept == "the earlier export");
}
