// Tests for spatial phrases (gazetteer/SpatialPhrase.cpp): geometry and precision class.
#include <doctest/doctest.h>

#include <cmath>

#include "fixture.h"
#include "geo/Geodesic.h"
#include "geo/Shapes.h"

using namespace cm;
using namespace cm::gaz;

namespace {
const LonLat kSaraqib{36.80609, 35.86108};  // gn:164816 at its OCHA COD-AB community point
}

TEST_CASE("gazetteer: 'along the M4 west of Saraqib' is a line starting at Saraqib running west on the M4") {
    const Resolution r = cmtest::resolve("along the M4 west of Saraqib");
    REQUIRE(r.status == Status::Resolved);
    REQUIRE(r.ref.geometry.type == GeomType::LineString);
    const auto& v = r.ref.geometry.parts[0];
    CHECK(geo::distance_km(v.front(), kSaraqib) < 2.0);
    CHECK(v.back().lon < v.front().lon - 0.05);  // runs west
    const Entry* m4 = cmtest::bundled().find_id("cm:m4");
    REQUIRE(m4);
    for (const LonLat& p : v) CHECK(geo::distance_km(p, m4->geometry) < 0.1);  // on the M4 line
    CHECK(r.ref.precision == LocPrecision::Near);
    const Resolution longer = cmtest::resolve("along the M4 highway 20 km west of Saraqib");
    REQUIRE(longer.status == Status::Resolved);
    CHECK(geo::length_km(longer.ref.geometry) == doctest::Approx(20).epsilon(0.02));
}

TEST_CASE("gazetteer: 'between al-Sukhna and the T3 station' is a segment between them") {
    const Resolution r = cmtest::resolve("between al-Sukhna and the T3 station");
    REQUIRE(r.status == Status::Resolved);
    REQUIRE(r.ref.geometry.type == GeomType::LineString);
    const Entry* sukhna = cmtest::bundled().find_id("gn:172425");
    const Entry* t3 = cmtest::bundled().find_id("cm:t3-station");
    REQUIRE(sukhna);
    REQUIRE(t3);
    const auto& v = r.ref.geometry.parts[0];
    CHECK(geo::distance_km(v.front(), sukhna->point) < 0.1);
    CHECK(geo::distance_km(v.back(), t3->point) < 0.1);
    const double span = geo::distance_km(sukhna->point, t3->point);
    CHECK(geo::distance_km(r.ref.point, sukhna->point) == doctest::Approx(span / 2).epsilon(0.02));
    CHECK(r.ref.precision == LocPrecision::Near);
}

TEST_CASE("gazetteer: 'the al-Tanf zone' is the 55 km circle") {
    const Resolution r = cmtest::resolve("the al-Tanf zone");
    REQUIRE(r.status == Status::Resolved);
    REQUIRE(r.entry);
    CHECK(r.entry->kind == PlaceKind::Zone);
    REQUIRE(r.ref.geometry.type == GeomType::Polygon);
    const Entry* garrison = cmtest::bundled().find_id("cm:al-tanf-garrison");
    REQUIRE(garrison);
    for (const LonLat& p : r.ref.geometry.parts[0]) CHECK(geo::distance_km(garrison->point, p) == doctest::Approx(55).epsilon(1e-3));
    CHECK(r.ref.precision == LocPrecision::Region);
}

TEST_CASE("gazetteer: offsets — '15 km west of Saraqib', 'a few km west of Saraqib', 'west of Saraqib'") {
    const Resolution r = cmtest::resolve("15 km west of Saraqib");
    REQUIRE(r.status == Status::Resolved);
    CHECK(geo::distance_km(r.ref.point, kSaraqib) == doctest::Approx(15).epsilon(0.01));
    CHECK(geo::bearing_deg(kSaraqib, r.ref.point) == doctest::Approx(270).epsilon(0.01));
    CHECK(r.ref.precision == LocPrecision::Near);
    const Resolution few = cmtest::resolve("a few km west of Saraqib");
    REQUIRE(few.status == Status::Resolved);
    CHECK(geo::distance_km(few.ref.point, kSaraqib) == doctest::Approx(3).epsilon(0.01));
    const Resolution bare = cmtest::resolve("north of Saraqib");
    REQUIRE(bare.status == Status::Resolved);
    CHECK(bare.ref.point.lat > kSaraqib.lat);
    const Resolution miles = cmtest::resolve("10 miles south of Saraqib");
    CHECK(geo::distance_km(miles.ref.point, kSaraqib) == doctest::Approx(16.09).epsilon(0.01));
}

TEST_CASE("gazetteer: 'near X' keeps X with precision 2 and a wider radius") {
    const Resolution x = cmtest::resolve("Ghabagheb");
    const Resolution r = cmtest::resolve("near Ghabagheb");
    REQUIRE(r.status == Status::Resolved);
    CHECK(r.ref.point == x.ref.point);
    CHECK(r.ref.precision == LocPrecision::Near);
    CHECK(r.ref.radius_km > x.ref.radius_km);
    CHECK(cmtest::resolve("near the town of Kafr Shams").status == Status::Resolved);
}

TEST_CASE("gazetteer: roads — named, 'the road between X and Y', 'the X-Y highway'") {
    for (const char* p : {"the M4 highway", "M4", "the M-4", "the M5 highway"}) {
        const Resolution r = cmtest::resolve(p);
        INFO(p);
        REQUIRE(r.entry);
        CHECK(r.entry->kind == PlaceKind::Road);
        CHECK(r.ref.geometry.type == GeomType::LineString);
    }
    const Resolution between = cmtest::resolve("the road between Ariha and Saraqib");
    REQUIRE(between.entry);
    CHECK(between.entry->id == "cm:m4");
    const auto& v = between.ref.geometry.parts.at(0);
    CHECK(geo::distance_km(v.front(), cmtest::bundled().find_id("gn:172994")->point) < 3);
    CHECK(geo::distance_km(v.back(), kSaraqib) < 3);
    const Resolution hwy = cmtest::resolve("the Saraqib-Aleppo highway");
    REQUIRE(hwy.status == Status::Resolved);
    CHECK(hwy.ref.geometry.type == GeomType::LineString);
    const Resolution dz = cmtest::resolve("the Damascus-Deir Ezzor highway");
    REQUIRE(dz.entry);
    CHECK(dz.entry->kind == PlaceKind::Road);
}

TEST_CASE("gazetteer: countryside and compass parts of areas are regions (precision 3)") {
    const Resolution r = cmtest::resolve("eastern Idlib countryside");
    REQUIRE(r.status == Status::Resolved);
    CHECK(r.ref.precision == LocPrecision::Region);
    const Entry* idlib = cmtest::bundled().find_id("ne:SY-ID");
    REQUIRE(idlib);
    CHECK(geo::contains(r.ref.geometry, kSaraqib));  // Saraqib lies in the east of Idlib
    CHECK_FALSE(geo::contains(r.ref.geometry, cmtest::bundled().find_id("gn:169023")->point));  // Jisr al-Shughur: west
    const Resolution hama = cmtest::resolve("Hama countryside");
    REQUIRE(hama.entry);
    CHECK(hama.entry->id == "ne:SY-HM");
    const Resolution south = cmtest::resolve("southern Idlib");
    REQUIRE(south.status == Status::Resolved);
    CHECK(south.ref.precision == LocPrecision::Region);
    const Resolution ne = cmtest::resolve("northeastern Syria");
    REQUIRE(ne.status == Status::Resolved);
    CHECK(geo::contains(ne.ref.geometry, {41.23, 37.05}));  // Qamishli
}

TEST_CASE("gazetteer: the eastern bank of the Euphrates is an area east of the river") {
    const Resolution r = cmtest::resolve("the eastern bank of the Euphrates");
    REQUIRE(r.status == Status::Resolved);
    CHECK((r.ref.geometry.type == GeomType::Polygon || r.ref.geometry.type == GeomType::MultiPolygon));
    CHECK(geo::contains(r.ref.geometry, {40.75, 36.50}));       // al-Hasakah
    CHECK_FALSE(geo::contains(r.ref.geometry, {36.80, 35.86})); // Saraqib
}

TEST_CASE("gazetteer: corridor and zones come from their rules") {
    const Resolution c = cmtest::resolve("the M4 corridor");
    REQUIRE(c.entry);
    CHECK(c.entry->id == "cm:m4-security-corridor");
    CHECK(geo::contains(c.ref.geometry, cmtest::bundled().find_id("gn:172994")->point));  // Ariha, on the M4
    CHECK_FALSE(geo::contains(c.ref.geometry, {36.63, 35.93}));  // Idlib city, ~12 km north of the M4
    CHECK_FALSE(c.entry->valid_from.empty());
}

TEST_CASE("gazetteer: hostile phrases get a clear unresolved answer, never a crash") {
    for (const std::string& p : {std::string(""), std::string("   "), std::string("\x01\x02\x03"), std::string("\xFF\xFE\xFD"),
                                 std::string("near"), std::string("between and"), std::string("along the"),
                                 std::string("15 km west of"), std::string("the province of"), std::string(" of of of "),
                                 std::string(2000, 'x'), std::string(1 << 20, 'a'), std::string("near near near near near near Saraqib")}) {
        Context ctx;
        const Resolution r = cmtest::resolver().resolve(p, ctx);
        INFO(p.substr(0, 40));
        if (p.size() > 1000) {
            CHECK(r.status == Status::Unresolved);
            CHECK(r.message.find("limit") != std::string::npos);
        }
        if (r.status == Status::Unresolved) CHECK_FALSE(r.message.empty());
    }
}

TEST_CASE("gazetteer: 2,000 random phrases from names, spatial words and junk never throw or crash") {
    // Deterministic: the same seed gives the same phrases on every run.
    std::uint64_t state = 0x9E3779B97F4A7C15ull;
    auto next = [&] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    const char* words[] = {"near", "along", "the", "between", "and", "of", "west", "eastern", "km", "15", "a few",
                           "province", "countryside", "road", "highway", "in", ",", "-", "M4", "bank", "town",
                           "station", "zone", "provinces", "to", "from", "Saraqib", "Idlib", "Euphrates", "al-",
                           "\xFF", "\xD8\xB3", "''", "(", ")", "near near", "of of", "10 miles"};
    const auto& g = cmtest::bundled();
    int resolved = 0;
    for (int i = 0; i < 2000; ++i) {
        std::string p;
        const int n = 1 + static_cast<int>(next() % 7);
        for (int k = 0; k < n; ++k) {
            if (next() % 3 == 0) p += g.entry(static_cast<std::uint32_t>(next() % g.entries().size())).name;
            else p += words[next() % std::size(words)];
            p += (next() % 5 == 0) ? "" : " ";
        }
        Context ctx;
        Resolution r;
        CHECK_NOTHROW(r = cmtest::resolver().resolve(p, ctx));
        if (r.status == Status::Unresolved) {
            CHECK(r.ref.geometry.empty());
        } else {
            CHECK_FALSE(r.ref.geometry.empty());
            CHECK(std::isfinite(r.ref.point.lat));
            CHECK(std::isfinite(r.ref.point.lon));
            ++resolved;
        }
    }
    MESSAGE(resolved, " of 2000 random phrases resolved");
}

TEST_CASE("gazetteer: a road or river in an area is the stretch inside it") {
    const Resolution m4 = cmtest::resolve("the M4 in Idlib");
    REQUIRE(m4.entry);
    CHECK(m4.entry->id == "cm:m4");
    CHECK(cmtest::bundled().admin1_at(m4.ref.point) == "SY-ID");
    CHECK(m4.ref.precision == LocPrecision::Near);
    const Resolution eu = cmtest::resolve("the Euphrates in Deir Ezzor province");
    REQUIRE(eu.entry);
    CHECK(eu.entry->kind == PlaceKind::River);
    CHECK(cmtest::bundled().admin1_at(eu.ref.point) == "SY-DY");
}

TEST_CASE("spatial: 'north of Syria' with no distance is the country's north, not a point outside it") {
    const Resolution r = cmtest::resolve("north of Syria");
    REQUIRE(r.status == Status::Resolved);
    CHECK(r.ref.precision == LocPrecision::Region);
    CHECK(r.ref.point.lat > 35.0);  // in Syria's north
    CHECK(r.ref.point.lat < 37.4);  // not beyond its border
    const Resolution town = cmtest::resolve("west of Saraqib");  // a town: a few km outside it
    CHECK(town.ref.precision == LocPrecision::Near);
}
