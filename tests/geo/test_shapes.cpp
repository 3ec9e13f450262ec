// Tests for geo/Shapes and geo/Ogr.
#include <doctest/doctest.h>

#include "core/Error.h"
#include "geo/Geodesic.h"
#include "geo/Ogr.h"
#include "geo/Shapes.h"

using namespace cm;

TEST_CASE("geo: a 55 km circle has every vertex 55 km from its centre") {
    const LonLat tanf{38.6178, 33.5058};
    const Geometry c = geo::circle(tanf, 55);
    REQUIRE(c.type == GeomType::Polygon);
    for (const LonLat& v : c.parts[0]) CHECK(geo::distance_km(tanf, v) == doctest::Approx(55).epsilon(1e-6));
    CHECK(geo::contains(c, tanf));
    CHECK(geo::distance_km(geo::destination(tanf, 0, 80), c) == doctest::Approx(25).epsilon(0.01));
}

TEST_CASE("geo: buffering a line gives an area whose edge is the width away") {
    const Geometry line = Geometry::line({{36.0, 35.8}, {36.8, 35.85}});
    const Geometry b = geo::buffer(line, 6);
    REQUIRE((b.type == GeomType::Polygon || b.type == GeomType::MultiPolygon));
    const LonLat mid = geo::point_along(line, geo::length_km(line) / 2);
    CHECK(geo::contains(b, geo::destination(mid, 0, 5.5)));
    CHECK_FALSE(geo::contains(b, geo::destination(mid, 0, 6.5)));
}

TEST_CASE("geo: positions along a line, sub-lines and nearest points") {
    const Geometry line = Geometry::line({{36.0, 35.8}, {36.5, 35.8}, {36.5, 36.2}});
    const double total = geo::length_km(line);
    CHECK(total > 80);
    const LonLat p = geo::point_along(line, 10);
    CHECK(geo::locate_km(line, p) == doctest::Approx(10).epsilon(0.01));
    const Geometry sub = geo::sub_line(line, 30, 10);
    REQUIRE(sub.type == GeomType::LineString);
    CHECK(geo::length_km(sub) == doctest::Approx(20).epsilon(0.01));
    CHECK(geo::distance_km(sub.parts[0].front(), geo::point_along(line, 30)) < 0.05);  // reversed
    const LonLat off{36.25, 35.9};
    const LonLat n = geo::nearest_point(line, off);
    CHECK(n.lat == doctest::Approx(35.8).epsilon(1e-3));
    CHECK(geo::distance_km(off, line) == doctest::Approx(geo::distance_km(off, n)).epsilon(0.01));
}

TEST_CASE("geo: part_towards keeps the half of an area in a compass direction") {
    Geometry sq;
    sq.type = GeomType::Polygon;
    sq.parts = {{{36, 35}, {37, 35}, {37, 36}, {36, 36}, {36, 35}}};
    const Geometry east = geo::part_towards(sq, 90);
    REQUIRE_FALSE(east.empty());
    CHECK(geo::contains(east, {36.9, 35.5}));
    CHECK_FALSE(geo::contains(east, {36.1, 35.5}));
}

TEST_CASE("geo: WKT and GeoJSON round trip; bad WKT is an Error") {
    const Geometry g = geo::from_wkt("LINESTRING(36 35, 37 36)");
    CHECK(g.type == GeomType::LineString);
    const Geometry back = geo::from_geojson(geo::to_geojson(g));
    CHECK(back.parts == g.parts);
    CHECK_THROWS_AS(geo::from_wkt("LINESTRING(36 35, oops)"), Error);
    CHECK_THROWS_AS(geo::from_wkt(""), Error);
}
