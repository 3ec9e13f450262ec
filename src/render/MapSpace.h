// conflictmap render: map space — the projection plus an origin near the data, so that
// coordinates fit in the GPU's 32-bit floats without visible error (Web Mercator metres for
// Syria are ~4e6; relative to an origin there they stay below ~1e6, good to a few centimetres).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/Geometry.h"
#include "geo/MapProjection.h"
#include "render/Primitives.h"

namespace cm::render {

class MapSpace {
public:
    /// crs as geo::MapProjection takes it; origin is a longitude/latitude near the data.
    explicit MapSpace(const std::string& crs = "EPSG:3857", LonLat origin = {38.5, 35.0});
    const geo::MapProjection& projection() const { return *m_projection; }
    /// One point in map units (NaN if it cannot be projected).
    Vec2f to_map(LonLat p) const;
    /// A polyline or ring in map units, NaN vertices dropped.
    std::vector<Vec2f> to_map(const std::vector<LonLat>& pts) const;
    /// Many lines at once, in one batch through PROJ (ten thousand routes cost one call, not ten
    /// thousand): element k is what to_map(*parts[k]) gives.
    std::vector<std::vector<Vec2f>> to_map(const std::vector<const std::vector<LonLat>*>& parts) const;
    /// Many points at once, one batch: element i is what to_map(pts[i]) gives (NaN where PROJ
    /// cannot project it).
    std::vector<Vec2f> to_map_each(const std::vector<LonLat>& pts) const;
    /// Many points at once (one PROJ call): fills xs/ys in map units.
    void to_map(const std::vector<double>& lon, const std::vector<double>& lat, std::vector<float>& xs,
                std::vector<float>& ys) const;
    LonLat to_lonlat(double x, double y) const;
    /// Map units back to projected metres (in this space's CRS): what georeferenced output needs.
    void to_projected(double x, double y, double& px, double& py) const {
        px = x + m_ox;
        py = y + m_oy;
    }
    /// Projected metres (in this space's CRS) to map units.
    Vec2f from_projected(double x, double y) const {
        return {static_cast<float>(x - m_ox), static_cast<float>(y - m_oy)};
    }

private:
    // The parts' points, one after another, projected in one batch into xs/ys (metres).
    void forward(const std::vector<const std::vector<LonLat>*>& parts, std::vector<double>& xs, std::vector<double>& ys) const;

    std::shared_ptr<geo::MapProjection> m_projection;
    double m_ox = 0, m_oy = 0;
};

}  // namespace cm::render
