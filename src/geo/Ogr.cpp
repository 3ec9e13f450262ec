// conflictmap geo: OGR conversions and the metric frame.
#include "geo/Ogr.h"

#include <cmath>
#include <cstdio>

#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include "core/Error.h"

namespace cm::geo {

void init_gdal() {
    static const bool done = [] {
        GDALAllRegister();
        CPLSetErrorHandler(CPLQuietErrorHandler);
        return true;
    }();
    (void)done;
}

void OgrDeleter::operator()(OGRGeometry* g) const { OGRGeometryFactory::destroyGeometry(g); }

namespace {

void fill_curve(OGRSimpleCurve& c, const std::vector<LonLat>& pts) {
    c.setNumPoints(static_cast<int>(pts.size()));
    for (int i = 0; i < static_cast<int>(pts.size()); ++i) c.setPoint(i, pts[i].lon, pts[i].lat);
}

OGRPolygon* make_polygon(const std::vector<std::vector<LonLat>>& rings, std::size_t from, std::size_t to) {
    auto* poly = new OGRPolygon();
    for (std::size_t r = from; r < to; ++r) {
        auto* ring = new OGRLinearRing();
        fill_curve(*ring, rings[r]);
        poly->addRingDirectly(ring);
    }
    return poly;
}

std::vector<LonLat> read_curve(const OGRSimpleCurve& c) {
    std::vector<LonLat> out(static_cast<std::size_t>(c.getNumPoints()));
    for (int i = 0; i < c.getNumPoints(); ++i) out[static_cast<std::size_t>(i)] = {c.getX(i), c.getY(i)};
    return out;
}

void add_polygon(Geometry& g, const OGRPolygon& p) {
    if (p.IsEmpty()) return;
    g.polygon_starts.push_back(static_cast<std::uint32_t>(g.parts.size()));
    g.parts.push_back(read_curve(*p.getExteriorRing()));
    for (int i = 0; i < p.getNumInteriorRings(); ++i) g.parts.push_back(read_curve(*p.getInteriorRing(i)));
}

void collect(const OGRGeometry& g, Geometry& polys, Geometry& lines, Geometry& points) {
    switch (wkbFlatten(g.getGeometryType())) {
        case wkbPoint: {
            const auto& p = *g.toPoint();
            if (!p.IsEmpty()) points.parts.push_back({{p.getX(), p.getY()}});
            break;
        }
        case wkbLineString: {
            const auto& l = *g.toLineString();
            if (l.getNumPoints() >= 2) lines.parts.push_back(read_curve(l));
            break;
        }
        case wkbPolygon: add_polygon(polys, *g.toPolygon()); break;
        case wkbMultiPoint:
        case wkbMultiLineString:
        case wkbMultiPolygon:
        case wkbGeometryCollection:
            for (const auto* sub : *g.toGeometryCollection()) collect(*sub, polys, lines, points);
            break;
        default: {
            // Curves and surfaces: linearise, then collect.
            OgrGeom lin(g.getLinearGeometry());
            if (lin && wkbFlatten(lin->getGeometryType()) != wkbFlatten(g.getGeometryType()))
                collect(*lin, polys, lines, points);
            break;
        }
    }
}

}  // namespace

std::size_t ogr_vertex_count(const OGRGeometry& g) {
    switch (wkbFlatten(g.getGeometryType())) {
        case wkbPoint: return g.IsEmpty() ? 0 : 1;
        case wkbLineString:
        case wkbLinearRing: return static_cast<std::size_t>(g.toLineString()->getNumPoints());
        case wkbPolygon: {
            std::size_t n = 0;
            for (const auto* ring : *g.toPolygon()) n += static_cast<std::size_t>(ring->getNumPoints());
            return n;
        }
        case wkbMultiPoint:
        case wkbMultiLineString:
        case wkbMultiPolygon:
        case wkbGeometryCollection: {
            std::size_t n = 0;
            for (const auto* sub : *g.toGeometryCollection()) n += ogr_vertex_count(*sub);
            return n;
        }
        default:
            // Curves and surfaces: what they hold before linearising (arcs add more later).
            if (OGR_GT_IsCurve(g.getGeometryType()) && g.toCurve()) return static_cast<std::size_t>(g.toCurve()->getNumPoints());
            return 0;
    }
}

OgrGeom to_ogr(const Geometry& g) {
    OGRGeometry* out = nullptr;
    switch (g.type) {
        case GeomType::None: return nullptr;
        case GeomType::Point:
            if (g.parts.empty() || g.parts[0].empty()) return nullptr;
            out = new OGRPoint(g.parts[0][0].lon, g.parts[0][0].lat);
            break;
        case GeomType::LineString: {
            auto* l = new OGRLineString();
            if (!g.parts.empty()) fill_curve(*l, g.parts[0]);
            out = l;
            break;
        }
        case GeomType::MultiLineString: {
            auto* ml = new OGRMultiLineString();
            for (const auto& part : g.parts) {
                auto* l = new OGRLineString();
                fill_curve(*l, part);
                ml->addGeometryDirectly(l);
            }
            out = ml;
            break;
        }
        case GeomType::Polygon: out = make_polygon(g.parts, 0, g.parts.size()); break;
        case GeomType::MultiPolygon: {
            auto* mp = new OGRMultiPolygon();
            for (std::size_t i = 0; i < g.polygon_starts.size(); ++i) {
                const std::size_t end = i + 1 < g.polygon_starts.size() ? g.polygon_starts[i + 1] : g.parts.size();
                mp->addGeometryDirectly(make_polygon(g.parts, g.polygon_starts[i], end));
            }
            out = mp;
            break;
        }
    }
    return OgrGeom(out);
}

Geometry from_ogr(const OGRGeometry& g) {
    Geometry polys, lines, points;
    collect(g, polys, lines, points);
    if (!polys.parts.empty()) {
        polys.type = polys.polygon_starts.size() == 1 ? GeomType::Polygon : GeomType::MultiPolygon;
        if (polys.type == GeomType::Polygon) polys.polygon_starts.clear();
        return polys;
    }
    if (!lines.parts.empty()) {
        lines.type = lines.parts.size() == 1 ? GeomType::LineString : GeomType::MultiLineString;
        return lines;
    }
    if (!points.parts.empty()) return Geometry::point(points.parts[0][0]);
    return {};
}

Geometry from_wkt(const std::string& wkt) {
    OGRGeometry* raw = nullptr;
    const char* p = wkt.c_str();
    if (OGRGeometryFactory::createFromWkt(&p, nullptr, &raw) != OGRERR_NONE || !raw)
        throw Error("cannot parse WKT geometry '" + wkt.substr(0, 60) + (wkt.size() > 60 ? "...'" : "'"));
    OgrGeom g(raw);
    Geometry out = from_ogr(*g);
    if (out.empty()) throw Error("empty WKT geometry '" + wkt.substr(0, 60) + "'");
    return out;
}

std::string to_geojson(const Geometry& g) {
    OgrGeom o = to_ogr(g);
    if (!o) return "null";
    char** opts = nullptr;
    opts = CSLSetNameValue(opts, "COORDINATE_PRECISION", "6");
    char* json = OGR_G_ExportToJsonEx(OGRGeometry::ToHandle(o.get()), opts);
    CSLDestroy(opts);
    std::string out = json ? json : "null";
    CPLFree(json);
    return out;
}

Geometry from_geojson(const std::string& json) {
    OGRGeometry* raw = OGRGeometryFactory::createFromGeoJson(json.c_str());
    if (!raw) throw Error("cannot parse GeoJSON geometry");
    OgrGeom g(raw);
    return from_ogr(*g);
}

MetricFrame::MetricFrame(LonLat centre) {
    OGRSpatialReference wgs, local;
    wgs.SetWellKnownGeogCS("WGS84");
    wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    char proj[160];
    std::snprintf(proj, sizeof proj, "+proj=aeqd +lat_0=%.6f +lon_0=%.6f +datum=WGS84 +units=m +no_defs",
                  centre.lat, centre.lon);
    local.importFromProj4(proj);
    local.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    m_fwd = OGRCreateCoordinateTransformation(&wgs, &local);
    m_inv = OGRCreateCoordinateTransformation(&local, &wgs);
    if (!m_fwd || !m_inv) throw Error("PROJ could not set up a metric frame");
}

MetricFrame::~MetricFrame() {
    OGRCoordinateTransformation::DestroyCT(m_fwd);
    OGRCoordinateTransformation::DestroyCT(m_inv);
}

void MetricFrame::forward(OGRGeometry& g) const {
    if (g.transform(m_fwd) != OGRERR_NONE) throw Error("PROJ could not project a geometry");
}

void MetricFrame::inverse(OGRGeometry& g) const {
    if (g.transform(m_inv) != OGRERR_NONE) throw Error("PROJ could not unproject a geometry");
}

}  // namespace cm::geo
