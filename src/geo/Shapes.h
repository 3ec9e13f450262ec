// conflictmap geo: the shape operations spatial phrases and zone rules need — circles, buffers,
// clipping, positions along lines, and distances from points to any geometry. Work is done with
// GEOS through OGR in a local metric frame; inputs and outputs are lon/lat on WGS 84.
#pragma once
#include <vector>

#include "core/Geometry.h"

namespace cm::geo {

/// A geodesic circle (as a polygon of `segments` vertices) of radius_km about centre.
Geometry circle(LonLat centre, double radius_km, int segments = 72);
/// The area within km of g (round joins and caps).
Geometry buffer(const Geometry& g, double km);
/// The common part of a and b (empty if none).
Geometry intersection(const Geometry& a, const Geometry& b);
/// Union of areas.
Geometry unite(const std::vector<Geometry>& areas);

/// Length of a (multi)line in km.
double length_km(const Geometry& line);
/// How far along a line (km from its start) the point nearest to p lies.
double locate_km(const Geometry& line, LonLat p);
/// The point at km along a line (clamped to its ends).
LonLat point_along(const Geometry& line, double km);
/// The part of a line between two distances along it; from_km > to_km gives it reversed.
Geometry sub_line(const Geometry& line, double from_km, double to_km);

/// A line with its cumulative geodesic lengths computed once, for several questions about
/// positions along it (what road_stretch and road sub-lines ask).
class LineMeasure {
public:
    /// Throws cm::Error if g is not a (multi)line; a MultiLineString is measured on its longest part.
    explicit LineMeasure(const Geometry& g);
    double length_km() const { return m_at.back(); }
    double locate_km(LonLat p) const;
    LonLat point_at(double km) const;
    Geometry sub_line(double from_km, double to_km) const;

private:
    std::vector<LonLat> m_v;
    std::vector<double> m_at;  // km from the start to each vertex
};

/// Shortest distance in km from p to g (0 inside an area).
double distance_km(LonLat p, const Geometry& g);
/// The point of g nearest to p.
LonLat nearest_point(const Geometry& g, LonLat p);
/// A point that lies on g: the point itself, the middle of a line, a point inside an area.
LonLat representative_point(const Geometry& g);
/// The part of an area lying beyond its centre in a compass direction (bearing in degrees,
/// 0 = north): "eastern Idlib" is the half of Idlib east of its centre.
Geometry part_towards(const Geometry& area, double bearing_deg);
/// True if p lies inside the area.
bool contains(const Geometry& area, LonLat p);

}  // namespace cm::geo
