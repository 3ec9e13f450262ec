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

/// The first line of a (multi)line, or the longest one.
const OGRLineString* main_line(const OGRGeometry& g) {
    const auto t = wkbFlatten(g.getGeometryType());
    if (t == wkbLineString) return g.toLineString();
    if (t == wkbMultiLineString) {
        const OGRLineString* best = nullptr;
        for (const auto* l : *g.toMultiLineString())
            if (!best || l->get_Length() > best->get_Length()) best = l;
        return best;
    }
    return nullptr;
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

double locate_km(const Geometry& line, LonLat p) {
    Metric m(line, p);
    const OGRLineString* l = main_line(*m.geom);
    if (!l) throw Error("not a line");
    OGRPoint origin(0, 0);  // p is the frame's centre
    return l->Project(&origin) / 1000.0;
}

LonLat point_along(const Geometry& line, double km) {
    Metric m(line, bbox_centre(line));
    const OGRLineString* l = main_line(*m.geom);
    if (!l) throw Error("not a line");
    const double d = std::clamp(km * 1000.0, 0.0, l->get_Length());
    OGRPoint pt;
    l->Value(d, &pt);
    const Geometry g = m.back(pt.clone());
    return g.parts.at(0).at(0);
}

Geometry sub_line(const Geometry& line, double from_km, double to_km) {
    Metric m(line, bbox_centre(line));
    const OGRLineString* l = main_line(*m.geom);
    if (!l) throw Error("not a line");
    const double len = l->get_Length();
    const double a = std::clamp(from_km * 1000.0, 0.0, len), b = std::clamp(to_km * 1000.0, 0.0, len);
    OGRLineString* sub = l->getSubLine(std::min(a, b), std::max(a, b), FALSE);
    if (sub && a > b) sub->reversePoints();
    return m.back(sub);
}

double distance_km(LonLat p, const Geometry& g) {
    if (g.type == GeomType::Point) return distance_km(p, g.parts.at(0).at(0));
    Metric m(g, p);
    OGRPoint origin(0, 0);
    return m.geom->Distance(&origin) / 1000.0;
}

LonLat nearest_point(const Geometry& g, LonLat p) {
    if (g.type == GeomType::Point) return g.parts.at(0).at(0);
    Metric m(g, p);
    OGRPoint origin(0, 0);
    if (m.geom->Contains(&origin)) return p;
    // Nearest point on the boundary / line: project onto each segment in metres.
    OgrGeom boundary(m.geom->getDimension() == 2 ? m.geom->Boundary() : m.geom->clone());
    double best = HUGE_VAL, bx = 0, by = 0;
    auto visit = [&](const OGRLineString& l) {
        for (int i = 1; i < l.getNumPoints(); ++i) {
            const double x0 = l.getX(i - 1), y0 = l.getY(i - 1), x1 = l.getX(i), y1 = l.getY(i);
            const double dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
            double t = len2 > 0 ? -(x0 * dx + y0 * dy) / len2 : 0;
            t = std::clamp(t, 0.0, 1.0);
            const double x = x0 + t * dx, y = y0 + t * dy, d = x * x + y * y;
            if (d < best) { best = d; bx = x; by = y; }
        }
    };
    const auto t = wkbFlatten(boundary->getGeometryType());
    if (t == wkbLineString || t == wkbLinearRing) visit(*boundary->toLineString());
    else if (t == wkbMultiLineString)
        for (const auto* l : *boundary->toMultiLineString()) visit(*l);
    if (best == HUGE_VAL) return p;
    OGRPoint np(bx, by);
    const Geometry back = m.back(np.clone());
    return back.parts.at(0).at(0);
}

LonLat representative_point(const Geometry& g) {
    switch (g.type) {
        case GeomType::None: return {};
        case GeomType::Point: return g.parts.at(0).at(0);
        case GeomType::LineString:
        case GeomType::MultiLineString: {
            // Halfway along the longest part, interpolated on its segments (cheap: no projection).
            const std::vector<LonLat>* longest = nullptr;
            double best = -1;
            for (const auto& part : g.parts) {
                double km = 0;
                for (std::size_t i = 1; i < part.size(); ++i) km += distance_km(part[i - 1], part[i]);
                if (km > best) { best = km; longest = &part; }
            }
            if (!longest || longest->empty()) return {};
            double left = best / 2;
            for (std::size_t i = 1; i < longest->size(); ++i) {
                const double seg = distance_km((*longest)[i - 1], (*longest)[i]);
                if (seg >= left && seg > 0) {
                    const double t = left / seg;
                    const LonLat a = (*longest)[i - 1], b = (*longest)[i];
                    return {a.lon + t * (b.lon - a.lon), a.lat + t * (b.lat - a.lat)};
                }
                left -= seg;
            }
            return longest->back();
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
