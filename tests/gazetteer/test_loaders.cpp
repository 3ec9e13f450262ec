// Tests for gazetteer/Loaders and Gazetteer::load on the project's own fixtures: bad rows are
// reported with file and line, the rest loads.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "gazetteer/Gazetteer.h"
#include "gazetteer/Loaders.h"
#include "gazetteer/Resolver.h"

using namespace cm;
using namespace cm::gaz;

namespace {
const std::string kData = CM_TEST_DATA "/gazetteer/";

bool has_message(const Diagnostics& d, const std::string& file_part, long line, const std::string& text) {
    return std::any_of(d.all().begin(), d.all().end(), [&](const Diagnostic& x) {
        return x.file.find(file_part) != std::string::npos && (line < 0 || x.line == line) &&
               x.message.find(text) != std::string::npos;
    });
}

std::string dump(const Diagnostics& d) {
    std::string s;
    for (const auto& x : d.all()) s += x.to_string() + "\n";
    return s;
}
}  // namespace

TEST_CASE("gazetteer: a gazetteer folder with bad rows loads the good ones and names the bad") {
    Diagnostics diag;
    auto g = Gazetteer::load(kData + "mini", {}, diag);
    INFO(dump(diag));
    // GeoNames: 2 good rows; the 4-column row, bad latitude, out-of-range latitude and the
    // truncated last line are skipped with their line numbers.
    CHECK(g->find_id("gn:900001"));
    CHECK(g->find_id("gn:900002"));
    CHECK_FALSE(g->find_id("gn:900003"));
    CHECK(has_message(diag, "geonames_places.txt", 3, "expected 19"));
    CHECK(has_message(diag, "geonames_places.txt", 4, "bad latitude"));
    CHECK(has_message(diag, "geonames_places.txt", 5, "bad latitude"));
    CHECK(has_message(diag, "geonames_places.txt", 6, "expected 19"));
    // Curated CSV: line numbers are file lines (header = line 1).
    CHECK(g->find_id("cm:test-base"));
    CHECK(has_message(diag, "points.csv", 3, "WKT"));
    CHECK(has_message(diag, "points.csv", 4, "unknown kind 'volcano'"));
    CHECK(has_message(diag, "points.csv", 5, "no geometry"));
    CHECK(has_message(diag, "points.csv", 6, "outside longitude/latitude"));
    CHECK(has_message(diag, "roads.csv", 3, "via names 1 vertices"));
    // Zones: computed from rules; bad rules reported, the zone left out.
    const Entry* circle = g->find_id("cm:test-circle");
    REQUIRE(circle);
    CHECK(circle->geometry.type == GeomType::Polygon);
    const Entry* corridor = g->find_id("cm:test-corridor");
    REQUIRE(corridor);
    CHECK(corridor->geometry.contains({36.7, 35.5}));
    CHECK_FALSE(corridor->geometry.contains({36.3, 35.5}));  // west of "Middle": outside the stretch
    CHECK(has_message(diag, "zones.csv", -1, "bad-rule"));
    CHECK(has_message(diag, "zones.csv", -1, "malformed rule"));
    // Aliases: applied, unknown targets reported.
    CHECK(has_message(diag, "aliases.csv", 3, "gn:999999"));
    Resolver r(*g);
    Context ctx;
    const Resolution alias = r.resolve("Sample Town", ctx);
    REQUIRE(alias.entry);
    CHECK(alias.entry->id == "gn:900002");
    // Admin-1 assigned by position; origins count entries and skips.
    CHECK(g->find_id("gn:900001")->admin1 == "SY-ID");
    const auto& o = g->origins();
    const auto geonames = std::find_if(o.begin(), o.end(), [](const Origin& x) { return x.name == "geonames"; });
    REQUIRE(geonames != o.end());
    CHECK(geonames->entries == 2);
    CHECK(geonames->skipped == 4);
    // Places table: comment and header lines are not rows; bad rows named by file line.
    const Entry* tv = g->find_id("ocha:T0001");
    REQUIRE(tv);
    CHECK(g->find_id("gn:900101") == tv);  // found by the other ids it was merged from
    CHECK(tv->adm2 == "SY0702");
    CHECK(tv->adm3 == "SY070200");
    CHECK(Gazetteer::in_area(*tv, "SY0702"));
    CHECK_FALSE(Gazetteer::in_area(*tv, "SY0703"));
    CHECK(tv->variants.size() == 2);
    CHECK(g->find_id("ocha:N0007"));
    CHECK(has_message(diag, "syria_places.tsv", 4, "bad lon/lat"));
    CHECK(has_message(diag, "syria_places.tsv", 5, "columns"));
    CHECK(has_message(diag, "syria_places.tsv", 6, "unknown kind 'volcano'"));
    CHECK(has_message(diag, "syria_places.tsv", 7, "missing id or name"));
    CHECK(has_message(diag, "syria_places.tsv", 8, "prominence"));
    const auto places = std::find_if(o.begin(), o.end(), [](const Origin& x) { return x.name == "syria-places"; });
    REQUIRE(places != o.end());
    CHECK(places->entries == 2);
    CHECK(places->skipped == 5);
}

TEST_CASE("gazetteer: a places table with invalid UTF-8 or no header loads what it can, never crashes") {
    const std::string dir = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
    const std::string bad = dir + "/cm-test-places-bad.tsv", noheader = dir + "/cm-test-places-noheader.tsv";
    {
        std::ofstream f(bad, std::ios::binary);
        f << "id\tname\tlon\tlat\n" << "x:1\tBad \xff\xfe name\t36.5\t35.5\n" << "x:2\tGood\t36.6\t35.6\n";
        std::ofstream h(noheader, std::ios::binary);
        h << "# only a comment\n";
    }
    Gazetteer g;
    const auto o = g.add_origin({"t", bad, "", 0, 0});
    Diagnostics diag;
    CHECK(load_places_tsv(g, bad, o, diag) == 2);
    Diagnostics d2;
    CHECK(load_places_tsv(g, noheader, o, d2) == 0);
    CHECK(has_message(d2, "noheader", -1, "no header"));
    std::remove(bad.c_str());
    std::remove(noheader.c_str());
}

TEST_CASE("gazetteer: a missing gazetteer folder is an error naming it") {
    Diagnostics diag;
    CHECK_THROWS_WITH_AS(Gazetteer::load(kData + "does-not-exist", {}, diag), doctest::Contains("does-not-exist"), Error);
}

TEST_CASE("gazetteer: a CSV without a name column is refused with its columns listed") {
    Gazetteer g;
    Diagnostics diag;
    const auto o = g.add_origin({"t", "", "", 0, 0});
    CHECK(load_features(g, kData + "missing_name.csv", o, diag, {}) == 0);
    CHECK(has_message(diag, "missing_name.csv", 1, "no 'name' column (columns: placename, lat, lon)"));
}

TEST_CASE("gazetteer: users' CSV and GeoJSON places load; bad rows are named") {
    Gazetteer g;
    Diagnostics diag;
    const auto o = g.add_origin({"t", "", "", 0, 0});
    CHECK(load_features(g, kData + "my_places.csv", o, diag, {PlaceKind::Place, "pk:t:", "", 2, 45}) == 2);
    CHECK(has_message(diag, "my_places.csv", 4, "no geometry"));
    CHECK(has_message(diag, "my_places.csv", 5, "bad lat/lon"));
    CHECK(load_features(g, kData + "my_places.geojson", o, diag, {}) == 1);
    CHECK(has_message(diag, "my_places.geojson", 2, "empty name"));
    Diagnostics d2;
    CHECK(load_features(g, kData + "binary.gpkg", o, d2, {}) == 0);
    CHECK(has_message(d2, "binary.gpkg", 0, "GDAL cannot read"));
}

TEST_CASE("gazetteer: a GeoNames file with garbage bytes and huge lines loads what it can") {
    const std::string path = std::string(CM_TEST_DATA) + "/../gazetteer-garbage.txt";
    {
        std::ofstream out(path, std::ios::binary);
        out << "1\tOk Place\tOk Place\t\t35\t36\tP\tPPL\tSY\t\t\t\t\t\t0\t\t\t\t\n";
        out << std::string(2 << 20, 'z') << "\n";
        out << "2\t\xFF\xFE\tBad Bytes\t\t35\t36\tP\tPPL\tSY\t\t\t\t\t\t0\t\t\t\t\n";
        out << "\x00\x01\x02\n";
    }
    Gazetteer g;
    Diagnostics diag;
    const auto o = g.add_origin({"t", path, "", 0, 0});
    CHECK(load_geonames(g, path, o, diag) == 2);
    CHECK(has_message(diag, "garbage", 2, "longer than 1 MiB"));
    std::remove(path.c_str());
}

TEST_CASE("gazetteer: the calendar of agreements loads; a bad row is named and skipped") {
    const std::string file = (std::filesystem::temp_directory_path() / ("cm-calendar-" + std::to_string(::getpid()) + ".csv")).string();
    {
        std::ofstream f(file);
        f << "id,date,names,zone,source\n"
             "good-deal,2019-01-02,The Good Deal|the good agreement,,written for this test\n"
             "bad-date,2019-13-40,Another Deal,,written for this test\n"
             ",2019-01-02,Nameless,,written for this test\n";
    }
    Gazetteer g;
    Diagnostics diag;
    CHECK(load_calendar(g, file, diag) == 1);
    REQUIRE(g.agreements().size() == 1);
    CHECK(g.agreements()[0].names.size() == 2);
    CHECK(has_message(diag, "cm-calendar-", 3, "ISO date"));
    CHECK(has_message(diag, "cm-calendar-", 4, "needs an id"));
    std::remove(file.c_str());
    // The bundled calendar is there and cited.
    Diagnostics d2;
    auto bundled = Gazetteer::load(CM_GAZETTEER_DIR, {}, d2);
    INFO(dump(d2));
    CHECK(bundled->agreements().size() >= 5);
    for (const auto& a : bundled->agreements()) CHECK_FALSE(a.source.empty());
}
