// conflictmap geo: shape operations through OGR/GEOS in a local metric frame.
#include "geo/Shapes.h"

#include <algorithm>
#include <cmath>

#include <ogr_geometry.h>

#include "core/Error.h"
#include "geo/Geodesic.h"
#include "geo/Ogr.h"

namespace cm::geo {

namespace {

constexpr double kPi = 3.14159265358979323846;

LonLat bbox_centre(const Geometry& g) {
    double x0, y0, x1, y1;
    g.bounds(x0, y0, x1, y1);
    return {(x0 + x1) / 2, (y0 + y1) / 2};
}

/// A geometry carried into a metric frame centred on `centre`.
struct Metric {
    MetricFrame frame;
    OgrGeom geom;
    Metric(const Geometry& g, LonLat centre) : frame(centre), geom(to_ogr(g)) {
        if (!geom) throw Error("empty geometry");
        frame.forward(*geom);
    }
    Geometry back(OGRGeometry* result) const {
        OgrGeom owned(result);
        if (!owned || owned->IsEmpty()) return {};
        frame.inverse(*owned);
        return from_ogr(*owned);
    }
};

/// The point of segment a-b nearest to p, found in a tangent plane at p (exact enough for the
/// segments of roads and rivers, tens of km), and how far along the segment it lies (0..1).
struct SegmentHit {
    double t;
    LonLat point;
};
SegmentHit nearest_on_segment(LonLat a, LonLat b, LonLat p) {
    const double k = std::cos(p.lat * kPi / 180.0);
    const double ax = (a.lon - p.lon) * k, ay = a.lat - p.lat, bx = (b.lon - p.lon) * k, by = b.lat - p.lat;
    const double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    const double t = len2 > 0 ? std::clamp(-(ax * dx + ay * dy) / len2, 0.0, 1.0) : 0.0;
    return {t, {a.lon + t * (b.lon - a.lon), a.lat + t * (b.lat - a.lat)}};
}

/// The single line of a LineString (or the longest of a MultiLineString).
const std::vector<LonLat>& line_vertices(const Geometry& g) {
    if (g.type != GeomType::LineString && g.type != GeomType::MultiLineString) throw Error("not a line");
    if (g.type == GeomType::LineString && !g.parts.empty() && !g.parts[0].empty()) return g.parts[0];
    const std::vector<LonLat>* best = nullptr;
    double best_km = -1;
    for (const auto& part : g.parts) {
        double km = 0;
        for (std::size_t i = 1; i < part.size(); ++i) km += distance_km(part[i - 1], part[i]);
        if (km > best_km) { best_km = km; best = &part; }
    }
    if (!best || best->empty()) throw Error("empty line");
    return *best;
}

}  // namespace

Geometry circle(LonLat centre, double radius_km, int segments) {
    Geometry g;
    g.type = GeomType::Polygon;
    std::vector<LonLat> ring;
    ring.reserve(static_cast<std::size_t>(segments) + 1);
    for (int i = 0; i < segments; ++i) ring.push_back(destination(centre, 360.0 * i / segments, radius_km));
    ring.push_back(ring.front());
    g.parts.push_back(std::move(ring));
    return g;
}

Geometry buffer(const Geometry& g, double km) {
    Metric m(g, bbox_centre(g));
    return m.back(m.geom->Buffer(km * 1000.0, 16));
}

Geometry intersection(const Geometry& a, const Geometry& b) {
    OgrGeom ga = to_ogr(a), gb = to_ogr(b);
    if (!ga || !gb) return {};
    OgrGeom r(ga->Intersection(gb.get()));
    if (!r || r->IsEmpty()) return {};
    return from_ogr(*r);
}

Geometry unite(const std::vector<Geometry>& areas) {
    OGRMultiPolygon mp;
    for (const auto& a : areas) {
        OgrGeom g = to_ogr(a);
        if (!g) continue;
        const auto t = wkbFlatten(g->getGeometryType());
        if (t == wkbPolygon) mp.addGeometry(g.get());
        else if (t == wkbMultiPolygon)
            for (const auto* p : *g->toMultiPolygon()) mp.addGeometry(p);
    }
    if (mp.IsEmpty()) return {};
    OgrGeom u(mp.UnionCascaded());
    return u ? from_ogr(*u) : Geometry{};
}

double length_km(const Geometry& line) {
    double km = 0;
    for (const auto& part : line.parts)
        for (std::size_t i = 1; i < part.size(); ++i) km += distance_km(part[i - 1], part[i]);
    return km;
}

LineMeasure::LineMeasure(const Geometry& g) : m_v(line_vertices(g)), m_at(m_v.size(), 0.0) {
    for (std::size_t i = 1; i < m_v.size(); ++i) m_at[i] = m_at[i - 1] + distance_km(m_v[i - 1], m_v[i]);
}

double LineMeasure::locate_km(LonLat p) const {
    // Nearest segment compared in the tangent plane at p (no geodesic per candidate).
    const double k = std::cos(p.lat * kPi / 180.0);
    double best = HUGE_VAL, at = 0;
    for (std::size_t i = 1; i < m_v.size(); ++i) {
        const SegmentHit h = nearest_on_segment(m_v[i - 1], m_v[i], p);
        const double dx = (h.point.lon - p.lon) * k, dy = h.point.lat - p.lat, d2 = dx * dx + dy * dy;
        if (d2 < best) {
            best = d2;
            at = m_at[i - 1] + h.t * (m_at[i] - m_at[i - 1]);
        }
    }
    return at;
}

LonLat LineMeasure::point_at(double km) const {
    if (km <= 0 || m_v.size() < 2) return m_v.front();
    if (km >= m_at.back()) return m_v.back();
    const auto it = std::upper_bound(m_at.begin(), m_at.end(), km);
    const std::size_t i = static_cast<std::size_t>(it - m_at.begin());  // m_at[i-1] <= km < m_at[i]
    return destination(m_v[i - 1], bearing_deg(m_v[i - 1], m_v[i]), km - m_at[i - 1]);
}

Geometry LineMeasure::sub_line(double from_km, double to_km) const {
    const double total = m_at.back();
    const double a = std::clamp(std::min(from_km, to_km), 0.0, total), b = std::clamp(std::max(from_km, to_km), 0.0, total);
    if (b - a <= 1e-9) return {};
    std::vector<LonLat> out{point_at(a)};
    for (std::size_t i = 0; i < m_v.size(); ++i)
        if (m_at[i] > a && m_at[i] < b) out.push_back(m_v[i]);
    out.push_back(point_at(b));
    if (from_km > to_km) std::reverse(out.begin(), out.end());
    return Geometry::line(std::move(out));
}

double locate_km(const Geometry& line, LonLat p) { return LineMeasure(line).locate_km(p); }

LonLat point_along(const Geometry& line, double km) { return LineMeasure(line).point_at(km); }

Geometry sub_line(const Geometry& line, double from_km, double to_km) { return LineMeasure(line).sub_line(from_km, to_km); }

double distance_km(LonLat p, const Geometry& g) {
    return distance_km(p, nearest_point(g, p));
}

LonLat nearest_point(const Geometry& g, LonLat p) {
    if (g.empty()) throw Error("empty geometry");
    if (g.type == GeomType::Point) return g.parts.at(0).at(0);
    if ((g.type == GeomType::Polygon || g.type == GeomType::MultiPolygon) && g.contains(p)) return p;
    // Lines, and the rings of areas: the nearest point over all segments, compared in the
    // tangent plane at p.
    const double k = std::cos(p.lat * kPi / 180.0);
    double best = HUGE_VAL;
    LonLat best_pt = g.parts.front().front();
    auto consider = [&](LonLat q) {
        const double dx = (q.lon - p.lon) * k, dy = q.lat - p.lat, d2 = dx * dx + dy * dy;
        if (d2 < best) {
            best = d2;
            best_pt = q;
        }
    };
    for (const auto& part : g.parts) {
        if (part.size() == 1) consider(part[0]);
        for (std::size_t i = 1; i < part.size(); ++i) consider(nearest_on_segment(part[i - 1], part[i], p).point);
    }
    return best_pt;
}

LonLat representative_point(const Geometry& g) {
    switch (g.type) {
        case GeomType::None: return {};
        case GeomType::Point: return g.parts.at(0).at(0);
        case GeomType::LineString:
        case GeomType::MultiLineString: {  // halfway along the (longest) line
            const LineMeasure m(g);
            return m.point_at(m.length_km() / 2);
        }
        case GeomType::Polygon:
        case GeomType::MultiPolygon: {
            OgrGeom o = to_ogr(g);
            OGRPoint pt(0, 0);  // GDAL 3.6 refuses an empty output point
            const OGRPolygon* poly = nullptr;
            if (o && wkbFlatten(o->getGeometryType()) == wkbPolygon) {
                poly = o->toPolygon();
            } else if (o && wkbFlatten(o->getGeometryType()) == wkbMultiPolygon) {
                double best = -1;  // the largest part holds the representative point
                for (const auto* p : *o->toMultiPolygon())
                    if (p->get_Area() > best) { best = p->get_Area(); poly = p; }
            }
            if (poly && poly->PointOnSurface(&pt) == OGRERR_NONE) return {pt.getX(), pt.getY()};
            return bbox_centre(g);
        }
    }
    return {};
}

Geometry part_towards(const Geometry& area, double bearing) {
    const LonLat c = representative_point(area);
    Metric m(area, c);
    // A half-plane beyond the centre, as a large rectangle rotated to the bearing.
    const double r = bearing * kPi / 180.0, ux = std::sin(r), uy = std::cos(r);
    const double vx = -uy, vy = ux, big = 2.0e6;
    OGRLinearRing ring;
    ring.addPoint(vx * big, vy * big);
    ring.addPoint(vx * big + ux * big, vy * big + uy * big);
    ring.addPoint(-vx * big + ux * big, -vy * big + uy * big);
    ring.addPoint(-vx * big, -vy * big);
    ring.closeRings();
    OGRPolygon half;
    half.addRing(&ring);
    return m.back(m.geom->Intersection(&half));
}

bool contains(const Geometry& area, LonLat p) {
    if (area.type != GeomType::Polygon && area.type != GeomType::MultiPolygon) return false;
    OgrGeom o = to_ogr(area);
    OGRPoint pt(p.lon, p.lat);
    return o && o->Contains(&pt);
}

}  // namespace cm::geo
