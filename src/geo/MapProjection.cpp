// conflictmap geo: map projection through PROJ's batch transform.
#include "geo/MapProjection.h"

#include <proj.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

#include "core/Error.h"

namespace cm::geo {

namespace {

// A transform of its own for another thread: PROJ's objects are used by one thread at a time.
struct Clone {
    PJ_CONTEXT* ctx = nullptr;
    PJ* pj = nullptr;
};

// Projects [begin, end) of xs/ys in place; what PROJ cannot project becomes NaN.
void project_range(PJ* pj, double* xs, double* ys, std::size_t n) {
    proj_trans_generic(pj, PJ_FWD, xs, sizeof(double), n, ys, sizeof(double), n, nullptr, 0, 0, nullptr, 0, 0);
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isfinite(xs[i]) || !std::isfinite(ys[i]) || std::abs(xs[i]) > 1e300)
            xs[i] = ys[i] = std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

struct MapProjection::Impl {
    PJ_CONTEXT* ctx = nullptr;
    PJ* pj = nullptr;
    bool mercator = false;
    std::mutex clones_mutex;
    std::vector<Clone> clones;  // made the first time a batch is split, kept for the next
    ~Impl() {
        for (Clone& c : clones) {
            if (c.pj) proj_destroy(c.pj);
            if (c.ctx) proj_context_destroy(c.ctx);
        }
        if (pj) proj_destroy(pj);
        if (ctx) proj_context_destroy(ctx);
    }
    // Transforms for up to `want` threads besides the caller's (fewer if PROJ cannot clone).
    std::size_t clones_for(std::size_t want) {
        clones.reserve(want);  // push_back below cannot throw and leak a clone
        while (clones.size() < want) {
            Clone c;
            c.ctx = proj_context_create();
            c.pj = c.ctx ? proj_clone(c.ctx, pj) : nullptr;
            if (!c.pj) {
                if (c.ctx) proj_context_destroy(c.ctx);
                break;
            }
            clones.push_back(c);
        }
        return std::min(want, clones.size());
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
    const std::size_t n = std::min(xs.size(), ys.size());
    // A large batch (a million events' points) in parts on every core, each part through its own
    // copy of the transform: the same numbers, in a fraction of the time.
    constexpr std::size_t kMinPart = 1 << 16;
    // (hardware_concurrency reads /sys each time: asked only of a batch worth splitting, not of
    // the single points projected by the thousand.)
    std::size_t parts = 1;
    if (n >= 2 * kMinPart) parts = std::min<std::size_t>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u), n / kMinPart);
    std::unique_lock<std::mutex> lock(m_impl->clones_mutex, std::defer_lock);
    if (parts > 1) {
        lock.lock();
        parts = 1 + m_impl->clones_for(parts - 1);
    }
    if (parts <= 1) {
        project_range(m_impl->pj, xs.data(), ys.data(), n);
        return;
    }
    const std::size_t step = (n + parts - 1) / parts;
    std::vector<std::jthread> pool;
    pool.reserve(parts - 1);
    try {
        for (std::size_t k = 1; k < parts; ++k) {
            const std::size_t b = k * step, e = std::min(n, b + step);
            pool.emplace_back([pj = m_impl->clones[k - 1].pj, x = xs.data() + b, y = ys.data() + b, len = e - b] {
                project_range(pj, x, y, len);
            });
        }
    } catch (...) {  // no thread (or no memory for one): the rest is done here
        for (std::size_t k = 1 + pool.size(); k < parts; ++k) {
            const std::size_t b = k * step, e = std::min(n, b + step);
            project_range(m_impl->clones[k - 1].pj, xs.data() + b, ys.data() + b, e - b);
        }
    }
    project_range(m_impl->pj, xs.data(), ys.data(), std::min(n, step));
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
