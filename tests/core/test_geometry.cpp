// Tests for core/Geometry.
#include <doctest/doctest.h>

#include "core/Geometry.h"

using namespace cm;

TEST_CASE("core: polygon contains uses all rings (holes excluded)") {
    Geometry g;
    g.type = GeomType::Polygon;
    g.parts = {{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, {{4, 4}, {6, 4}, {6, 6}, {4, 6}, {4, 4}}};
    CHECK(g.contains({1, 1}));
    CHECK_FALSE(g.contains({5, 5}));
    CHECK_FALSE(g.contains({11, 5}));
    CHECK_FALSE(Geometry::point({1, 1}).contains({1, 1}));
    double x0, y0, x1, y1;
    g.bounds(x0, y0, x1, y1);
    CHECK(x1 == 10);
    CHECK(g.vertex_count() == 10);
}
