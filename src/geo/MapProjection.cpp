// conflictmap geo: map projection through PROJ's batch transform.
#include "geo/MapProjection.h"

#include <proj.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/Error.h"

namespace cm::geo {

struct MapProjection::Impl {
    PJ_CONTEXT* ctx = nullptr;
    PJ* pj = nullptr;
    bool mercator = false;
    ~Impl() {
        if (pj) proj_destroy(pj);
        if (ctx) proj_context_destroy(ctx);
    }
};

MapProjection::MapProjection(const std::string& crs) : m_crs(crs), m_impl(std::make_unique<Impl>()) {
    m_impl->ctx = proj_context_create();
    PJ* target = proj_create(m_impl->ctx, crs.c_str());
    if (!target) throw Error("PROJ does not know the projection '" + crs + "'");
    const PJ_TYPE t = proj_get_type(target);
    proj_destroy(target);
    if (t != PJ_TYPE_PROJECTED_CRS) throw Error("'" + crs + "' is not a projected coordinate system (try EPSG:3857 or a UTM zone such as EPSG:32637)");
    PJ* raw = proj_create_crs_to_crs(m_impl->ctx, "EPSG:4326", crs.c_str(), nullptr);
    if (!raw) throw Error("PROJ cannot project from WGS 84 to '" + crs + "'");
    // Longitude first, as everywhere in conflictmap.
    m_impl->pj = proj_normalize_for_visualization(m_impl->ctx, raw);
    proj_destroy(raw);
    if (!m_impl->pj) throw Error("PROJ cannot normalise the axis order of '" + crs + "'");
    m_impl->mercator = crs == "EPSG:3857" || crs == "EPSG:900913";
}

MapProjection::~MapProjection() = default;

void MapProjection::forward(std::vector<double>& xs, std::vector<double>& ys) const {
    if (xs.empty()) return;
    if (m_impl->mercator)
        for (double& y : ys) y = std::clamp(y, -85.05, 85.05);
    proj_trans_generic(m_impl->pj, PJ_FWD, xs.data(), sizeof(double), xs.size(), ys.data(), sizeof(double), ys.size(),
                       nullptr, 0, 0, nullptr, 0, 0);
    for (std::size_t i = 0; i < xs.size(); ++i)
        if (!std::isfinite(xs[i]) || !std::isfinite(ys[i]) || std::abs(xs[i]) > 1e300)
            xs[i] = ys[i] = std::numeric_limits<double>::quiet_NaN();
}

void MapProjection::forward(LonLat p, double& x, double& y) const {
    std::vector<double> xs{p.lon}, ys{p.lat};
    forward(xs, ys);
    x = xs[0];
    y = ys[0];
}

LonLat MapProjection::inverse(double x, double y) const {
    PJ_COORD c = proj_coord(x, y, 0, 0);
    c = proj_trans(m_impl->pj, PJ_INV, c);
    return {c.xy.x, c.xy.y};
}

}  // namespace cm::geo
