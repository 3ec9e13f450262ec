// conflictmap render: map space.
#include "render/MapSpace.h"

#include <cmath>

namespace cm::render {

MapSpace::MapSpace(const std::string& crs, LonLat origin) : m_projection(std::make_shared<geo::MapProjection>(crs)) {
    m_projection->forward(origin, m_ox, m_oy);
    if (!std::isfinite(m_ox) || !std::isfinite(m_oy)) m_ox = m_oy = 0;
}

Vec2f MapSpace::to_map(LonLat p) const {
    double x = 0, y = 0;
    m_projection->forward(p, x, y);
    return {static_cast<float>(x - m_ox), static_cast<float>(y - m_oy)};
}

void MapSpace::forward(const std::vector<const std::vector<LonLat>*>& parts, std::vector<double>& xs,
                       std::vector<double>& ys) const {
    std::size_t n = 0;
    for (const auto* part : parts) n += part->size();
    xs.clear();
    ys.clear();
    xs.reserve(n);
    ys.reserve(n);
    for (const auto* part : parts)
        for (const LonLat& p : *part) {
            xs.push_back(p.lon);
            ys.push_back(p.lat);
        }
    m_projection->forward(xs, ys);
}

std::vector<Vec2f> MapSpace::to_map(const std::vector<LonLat>& pts) const {
    return std::move(to_map(std::vector<const std::vector<LonLat>*>{&pts})[0]);
}

std::vector<std::vector<Vec2f>> MapSpace::to_map(const std::vector<const std::vector<LonLat>*>& parts) const {
    std::vector<double> xs, ys;
    forward(parts, xs, ys);
    std::vector<std::vector<Vec2f>> out(parts.size());
    std::size_t i = 0;
    for (std::size_t k = 0; k < parts.size(); ++k) {
        const std::size_t end = i + parts[k]->size();
        out[k].reserve(parts[k]->size());
        for (; i < end; ++i)
            if (std::isfinite(xs[i]) && std::isfinite(ys[i]))
                out[k].push_back({static_cast<float>(xs[i] - m_ox), static_cast<float>(ys[i] - m_oy)});
    }
    return out;
}

std::vector<Vec2f> MapSpace::to_map_each(const std::vector<LonLat>& pts) const {
    std::vector<double> xs, ys;
    forward({&pts}, xs, ys);
    std::vector<Vec2f> out(pts.size());
    for (std::size_t i = 0; i < pts.size(); ++i)
        out[i] = {static_cast<float>(xs[i] - m_ox), static_cast<float>(ys[i] - m_oy)};
    return out;
}

void MapSpace::to_map(const std::vector<double>& lon, const std::vector<double>& lat, std::vector<float>& xs,
                      std::vector<float>& ys) const {
    std::vector<double> px(lon), py(lat);
    m_projection->forward(px, py);
    xs.resize(px.size());
    ys.resize(py.size());
    for (std::size_t i = 0; i < px.size(); ++i) {
        xs[i] = static_cast<float>(px[i] - m_ox);
        ys[i] = static_cast<float>(py[i] - m_oy);
    }
}

LonLat MapSpace::to_lonlat(double x, double y) const { return m_projection->inverse(x + m_ox, y + m_oy); }

}  // namespace cm::render
