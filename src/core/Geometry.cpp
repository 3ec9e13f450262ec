// conflictmap core: Geometry helpers.
#include "core/Geometry.h"

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

}  // namespace cm
