// conflictmap core: geometry as plain values (longitude/latitude on WGS 84), free of GDAL so that
// every part can hold and pass it. geo/ converts to and from OGR for the real geometry work.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace cm {

/// A position on WGS 84, longitude first (the GeoJSON order).
struct LonLat {
    double lon = 0;
    double lat = 0;
    bool operator==(const LonLat&) const = default;
};

enum class GeomType { None, Point, LineString, Polygon, MultiLineString, MultiPolygon };

/// A simple-features geometry. Points: one part with one vertex. LineString: one part.
/// MultiLineString: one part per line. Polygon: one part per ring, outer first.
/// MultiPolygon: rings of all polygons in order; polygon_starts[i] is the first ring of polygon i.
struct Geometry {
    GeomType type = GeomType::None;
    std::vector<std::vector<LonLat>> parts;
    std::vector<std::uint32_t> polygon_starts;

    static Geometry point(LonLat p);
    static Geometry line(std::vector<LonLat> vertices);
    bool empty() const { return type == GeomType::None || parts.empty(); }
    /// Number of vertices over all parts.
    std::size_t vertex_count() const;
    /// Smallest box holding every vertex: {min lon, min lat, max lon, max lat}.
    void bounds(double& min_lon, double& min_lat, double& max_lon, double& max_lat) const;
    /// True if p lies inside this (multi)polygon (even-odd rule over all rings; planar in degrees,
    /// which is what admin-area lookups need). False for points and lines.
    bool contains(LonLat p) const;
};

/// Why this geometry cannot be an event's or a layer's: more vertices than limits() allows, or a
/// coordinate that is NaN, infinite or outside -180..180 / -90..90 (named, with its place in the
/// geometry). Empty when it is fine.
std::string geometry_problem(const Geometry& g);

/// Why this longitude/latitude pair is no place on Earth (NaN, infinite, out of range); empty if fine.
std::string coordinate_problem(double lon, double lat);

/// "Point", "LineString", ... as GeoJSON spells them.
const char* geom_type_name(GeomType t);

/// Location precision classes, as ACLED's geo_precision: 1 the named place itself,
/// 2 near it or part of a region, 3 a whole region or province; and 4, too coarse for a map
/// (a whole country, international waters or airspace: UCDP GED's where_prec 6 and 7). Rows of
/// class 4 are kept, listed and counted, but never drawn as a point.
enum class LocPrecision : int { Place = 1, Near = 2, Region = 3, Country = 4 };

/// The class in words for panels ("exact place", "near a place", "region", "country-level").
const char* loc_precision_name(LocPrecision p);

/// A location as an event holds it: geometry, a representative point, how precise it is, the
/// words the report used, and the gazetteer entry it came from.
struct GeoRef {
    std::string written;      ///< the place words as the report wrote them
    Geometry geometry;        ///< point, line or area
    LonLat point;             ///< representative point (on the geometry)
    LocPrecision precision = LocPrecision::Place;
    double radius_km = 0;     ///< how far from the geometry the truth may lie
    std::string gazetteer_id; ///< the entry the location rests on ("gn:164816", "cm:m4", ...)
};

}  // namespace cm
