// conflictmap geo: geodesics through PROJ's geodesic.h.
#include "geo/Geodesic.h"

#include <cmath>

extern "C" {
#include <geodesic.h>
}

namespace cm::geo {

namespace {
const geod_geodesic& wgs84() {
    static const geod_geodesic g = [] {
        geod_geodesic gg{};
        geod_init(&gg, 6378137.0, 1 / 298.257223563);
        return gg;
    }();
    return g;
}
}  // namespace

double distance_km(LonLat a, LonLat b) {
    double s12 = 0, azi1 = 0, azi2 = 0;
    geod_inverse(&wgs84(), a.lat, a.lon, b.lat, b.lon, &s12, &azi1, &azi2);
    return s12 / 1000.0;
}

double approx_km(LonLat a, LonLat b) {
    constexpr double kRad = 3.14159265358979323846 / 180.0, kEarthKm = 6371.0088;
    const double x = (b.lon - a.lon) * kRad * std::cos((a.lat + b.lat) * 0.5 * kRad);
    const double y = (b.lat - a.lat) * kRad;
    return std::sqrt(x * x + y * y) * kEarthKm;
}

double bearing_deg(LonLat a, LonLat b) {
    double s12 = 0, azi1 = 0, azi2 = 0;
    geod_inverse(&wgs84(), a.lat, a.lon, b.lat, b.lon, &s12, &azi1, &azi2);
    return azi1 < 0 ? azi1 + 360.0 : azi1;
}

LonLat destination(LonLat a, double bearing, double km) {
    double lat2 = 0, lon2 = 0, azi2 = 0;
    geod_direct(&wgs84(), a.lat, a.lon, bearing, km * 1000.0, &lat2, &lon2, &azi2);
    return {lon2, lat2};
}

LonLat midpoint(LonLat a, LonLat b) {
    double s12 = 0, azi1 = 0, azi2 = 0;
    geod_inverse(&wgs84(), a.lat, a.lon, b.lat, b.lon, &s12, &azi1, &azi2);
    if (s12 == 0) return a;
    return destination(a, azi1, s12 / 2000.0);
}

}  // namespace cm::geo
