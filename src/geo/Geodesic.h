// conflictmap geo: distances and bearings on the WGS 84 ellipsoid (PROJ's geodesic routines,
// Karney's algorithms) — the one place that answers "how far" and "which way".
#pragma once
#include "core/Geometry.h"

namespace cm::geo {

/// Geodesic distance in kilometres.
double distance_km(LonLat a, LonLat b);
/// Quick distance in km (equirectangular, within ~1 % over a few hundred km at Syria's
/// latitudes): for ranking and thresholds, not for reporting.
double approx_km(LonLat a, LonLat b);
/// Initial bearing from a to b in degrees clockwise from north, in [0, 360).
double bearing_deg(LonLat a, LonLat b);
/// The point reached from a after distance_km along the initial bearing.
LonLat destination(LonLat a, double bearing_deg, double distance_km);
/// The point halfway along the geodesic from a to b.
LonLat midpoint(LonLat a, LonLat b);

}  // namespace cm::geo
