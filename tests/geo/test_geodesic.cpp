// Tests for geo/Geodesic.
#include <doctest/doctest.h>

#include "geo/Geodesic.h"

using namespace cm;

TEST_CASE("geo: geodesic distance Damascus to Aleppo is about 310 km") {
    // GeoNames: Damascus 33.5102 N 36.2913 E, Aleppo 36.2021 N 37.1343 E.
    const double km = geo::distance_km({36.2913, 33.5102}, {37.1343, 36.2021});
    CHECK(km == doctest::Approx(307.9).epsilon(0.01));
}

TEST_CASE("geo: destination then distance round-trips; bearings are compass bearings") {
    const LonLat saraqib{36.8059, 35.8645};
    const LonLat west = geo::destination(saraqib, 270, 15);
    CHECK(geo::distance_km(saraqib, west) == doctest::Approx(15).epsilon(1e-6));
    CHECK(west.lon < saraqib.lon);
    CHECK(geo::bearing_deg(saraqib, west) == doctest::Approx(270).epsilon(0.01));
    const LonLat mid = geo::midpoint(saraqib, west);
    CHECK(geo::distance_km(saraqib, mid) == doctest::Approx(7.5).epsilon(1e-4));
}
