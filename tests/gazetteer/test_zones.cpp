// Tests for gazetteer/Zones: rule parsing and the bundled zones.
#include <doctest/doctest.h>

#include "fixture.h"
#include "gazetteer/Zones.h"
#include "geo/Geodesic.h"
#include "geo/Shapes.h"

using namespace cm;
using namespace cm::gaz;

TEST_CASE("gazetteer: zone rules parse into function and arguments") {
    const ZoneRule r = parse_rule("corridor(road=m4; from=Tronba; to=Ain al-Hawr; half_width_km=6)");
    CHECK(r.function == "corridor");
    CHECK(r.arg("to") == "Ain al-Hawr");
    CHECK_THROWS_AS(r.arg("missing"), Error);
    CHECK_THROWS_AS(parse_rule("circle center"), Error);
    CHECK_THROWS_AS(parse_rule("circle(center)"), Error);
}

TEST_CASE("gazetteer: the bundled zones all have geometry computed from their rules") {
    for (const char* id : {"cm:al-tanf-deconfliction-zone", "cm:m4-security-corridor", "cm:sochi-dmz-2018"}) {
        const Entry* z = cmtest::bundled().find_id(id);
        INFO(id);
        REQUIRE(z);
        CHECK_FALSE(z->rule.empty());
        CHECK((z->geometry.type == GeomType::Polygon || z->geometry.type == GeomType::MultiPolygon));
    }
}

TEST_CASE("gazetteer: the M4 corridor reaches 6 km either side of the M4 between Tronba and Ain al-Hawr") {
    const Entry* z = cmtest::bundled().find_id("cm:m4-security-corridor");
    const Entry* m4 = cmtest::bundled().find_id("cm:m4");
    REQUIRE(z);
    REQUIRE(m4);
    const Geometry stretch = road_between(*m4, "Tronba", "Ain al-Hawr");
    // Its edge is 6 km from the stretch everywhere (the rule), and the stretch's middle is inside.
    for (const auto& ring : z->geometry.parts)
        for (std::size_t i = 0; i < ring.size(); i += 7) CHECK(geo::distance_km(ring[i], stretch) == doctest::Approx(6).epsilon(0.03));
    const LonLat mid = geo::point_along(stretch, geo::length_km(stretch) / 2);
    CHECK(geo::contains(z->geometry, mid));
    // Aleppo is on the M4 but east of Tronba: outside the corridor.
    CHECK_FALSE(geo::contains(z->geometry, {37.1343, 36.2021}));
}

TEST_CASE("gazetteer: the Sochi zone lies on the opposition side of the 2018 line, 15-20 km deep") {
    const Entry* z = cmtest::bundled().find_id("cm:sochi-dmz-2018");
    const Entry* line = cmtest::bundled().find_id("cm:idlib-contact-line-2018");
    REQUIRE(z);
    REQUIRE(line);
    for (const auto& ring : z->geometry.parts)
        for (std::size_t i = 0; i < ring.size(); i += 5) CHECK(geo::distance_km(ring[i], line->geometry) <= 17.5 * 1.02);
    CHECK(geo::contains(z->geometry, z->point));
    CHECK(z->valid_from == "2018-10-15");
}
