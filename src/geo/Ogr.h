// conflictmap geo: the bridge between core's plain Geometry and OGR geometries, and the local
// metric frame (azimuthal equidistant about a centre) in which buffers and lengths are computed.
#pragma once
#include <cstddef>
#include <memory>
#include <string>

#include "core/Geometry.h"

class OGRGeometry;
class OGRCoordinateTransformation;

namespace cm::geo {

struct OgrDeleter {
    void operator()(OGRGeometry* g) const;
};
using OgrGeom = std::unique_ptr<OGRGeometry, OgrDeleter>;

/// Registers GDAL's drivers once and routes GDAL's own error printing to nowhere: conflictmap
/// reports failures itself, with file and line. Safe to call often.
void init_gdal();

/// core Geometry -> OGR (WGS 84, traditional lon/lat axis order). Null for an empty geometry.
OgrGeom to_ogr(const Geometry& g);
/// OGR -> core Geometry. Collections of one kind become Multi*; anything else keeps its polygons,
/// else its lines, else its first point.
Geometry from_ogr(const OGRGeometry& g);
/// Vertices in an OGR geometry, over every part and ring (cheap; nothing is copied).
std::size_t ogr_vertex_count(const OGRGeometry& g);
/// Parses WKT (lon lat order). Throws cm::Error with the reason on bad input.
Geometry from_wkt(const std::string& wkt);
/// GeoJSON text of a geometry (RFC 7946 coordinates, 6 decimals).
std::string to_geojson(const Geometry& g);
/// Parses a GeoJSON geometry object. Throws cm::Error on bad input.
Geometry from_geojson(const std::string& json);

/// A local azimuthal equidistant projection about a centre: distances from the centre are
/// exact and others within ~0.5 % over a few hundred kilometres — enough for buffers.
class MetricFrame {
public:
    explicit MetricFrame(LonLat centre);
    ~MetricFrame();
    MetricFrame(const MetricFrame&) = delete;
    MetricFrame& operator=(const MetricFrame&) = delete;
    /// Transforms in place from WGS 84 to metres in this frame.
    void forward(OGRGeometry& g) const;
    /// Transforms in place from metres in this frame back to WGS 84.
    void inverse(OGRGeometry& g) const;

private:
    OGRCoordinateTransformation* m_fwd = nullptr;
    OGRCoordinateTransformation* m_inv = nullptr;
};

}  // namespace cm::geo
