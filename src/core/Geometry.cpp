// conflictmap core: Geometry helpers.
#include "core/Geometry.h"

#include <cmath>
#include <cstdio>

#include "core/Limits.h"

#include <algorithm>
#include <limits>

namespace cm {

Geometry Geometry::point(LonLat p) {
    Geometry g;
    g.type = GeomType::Point;
    g.parts.push_back({p});
    return g;
}

Geometry Geometry::line(std::vector<LonLat> vertices) {
    Geometry g;
    g.type = GeomType::LineString;
    g.parts.push_back(std::move(vertices));
    return g;
}

std::size_t Geometry::vertex_count() const {
    std::size_t n = 0;
    for (const auto& p : parts) n += p.size();
    return n;
}

void Geometry::bounds(double& min_lon, double& min_lat, double& max_lon, double& max_lat) const {
    min_lon = min_lat = std::numeric_limits<double>::infinity();
    max_lon = max_lat = -std::numeric_limits<double>::infinity();
    for (const auto& part : parts)
        for (const auto& v : part) {
            min_lon = std::min(min_lon, v.lon);
            max_lon = std::max(max_lon, v.lon);
            min_lat = std::min(min_lat, v.lat);
            max_lat = std::max(max_lat, v.lat);
        }
}

bool Geometry::contains(LonLat p) const {
    if (type != GeomType::Polygon && type != GeomType::MultiPolygon) return false;
    bool inside = false;
    for (const auto& ring : parts) {
        if (ring.size() < 3) continue;
        for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            const LonLat& a = ring[i];
            const LonLat& b = ring[j];
            if ((a.lat > p.lat) != (b.lat > p.lat) &&
                p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon)
                inside = !inside;
        }
    }
    return inside;
}

const char* geom_type_name(GeomType t) {
    switch (t) {
        case GeomType::Point: return "Point";
        case GeomType::LineString: return "LineString";
        case GeomType::Polygon: return "Polygon";
        case GeomType::MultiLineString: return "MultiLineString";
        case GeomType::MultiPolygon: return "MultiPolygon";
        case GeomType::None: break;
    }
    return "None";
}

const char* loc_precision_name(LocPrecision p) {
    switch (p) {
        case LocPrecision::Place: return "exact place";
        case LocPrecision::Near: return "near a place";
        case LocPrecision::Region: return "region";
        case LocPrecision::Country: return "country-level";
    }
    return "?";
}

std::string coordinate_problem(double lon, double lat) {
    auto num = [](double v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.10g", v);
        return std::string(buf);
    };
    if (!std::isfinite(lon) || !std::isfinite(lat))
        return "coordinate " + num(lon) + ", " + num(lat) + " is not a finite number";
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
        return "coordinate " + num(lon) + ", " + num(lat) + " is out of range (longitude -180..180, latitude -90..90)";
    return {};
}

std::string geometry_problem(const Geometry& g) {
    const std::uint64_t limit = limits().vertices_per_geometry;
    std::uint64_t n = 0;
    for (const auto& part : g.parts) n += part.size();
    if (n > limit)
        return "geometry has " + std::to_string(n) + " vertices, over the limit of " + std::to_string(limit);
    std::uint64_t k = 0;
    for (const auto& part : g.parts)
        for (const LonLat& p : part) {
            ++k;
            if (std::string why = coordinate_problem(p.lon, p.lat); !why.empty())
                return why + (n > 1 ? " (vertex " + std::to_string(k) + " of " + std::to_string(n) + ")" : "");
        }
    return {};
}

}  // namespace cm
