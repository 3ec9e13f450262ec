// conflictmap render: the map renderer and label placement.
#include "render/MapRenderer.h"

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <numeric>

#include "render/Style.h"

namespace cm::render {

MapRenderer::MapRenderer(const std::string& crs)
    : m_space(std::make_unique<MapSpace>(crs)) {}

void MapRenderer::load_basemap(const std::filesystem::path& assets_dir, const BasemapPlaces* places, Diagnostics& diag) {
    m_basemap.load(assets_dir, places, *m_space, diag);
    m_labels_placed = false;
}

UserLayer& MapRenderer::add_user_layer(const std::string& path) {
    m_user_layers.push_back(UserLayer::open(path, *m_space));
    return *m_user_layers.back();
}

void MapRenderer::set_table(std::shared_ptr<const events::EventTable> table) {
    m_events.set_table(table, *m_space);
    m_overlays.set_table(std::move(table), *m_space);
}

void MapRenderer::set_mask(std::shared_ptr<const std::vector<std::uint8_t>> mask, std::uint64_t version) {
    m_events.set_mask(mask, version);
    m_overlays.set_mask(std::move(mask), version);
}

void MapRenderer::prepare(const FrameContext& ctx, const LayerState& layers, const TextMeasure& measure) {
    m_events.prepare(ctx);
    m_overlays.prepare(ctx);
    place_labels(ctx, layers, measure);
    m_texts = m_labels;
    if (layers.events) m_texts.insert(m_texts.end(), m_events.texts().begin(), m_events.texts().end());
}

void MapRenderer::place_labels(const FrameContext& ctx, const LayerState& layers, const TextMeasure& measure) {
    const Camera& cam = ctx.camera;
    // Sizes and the zoom a town needs follow the UI scale (a HiDPI screen, a briefing's --dpi): a
    // 300-dpi poster names the towns the 96-dpi picture of its extent names, larger.
    const float s = ctx.scale();
    const LabelKey key{cam, layers.labels && layers.basemap.towns,
                       layers.events ? m_events.generation() : 0, s, m_keep_out};
    if (m_labels_placed && key == m_label_key) return;
    m_label_key = key;
    m_labels_placed = true;
    m_labels.clear();
    auto& dots = m_town_dots.instances();
    dots.clear();
    if (!key.on || !measure) return;
    // Which towns may show at this zoom: the further out, the more prominent they must be.
    const double upp = cam.units_per_px * s;
    const float min_prom = upp > 4000 ? 96.f : upp > 2000 ? 80.f : upp > 1000 ? 64.f : upp > 500 ? 50.f : upp > 250 ? 38.f : 0.f;
    const auto& all = m_basemap.labels();
    std::vector<std::size_t> order(all.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        // Governorate names first (they are few and orient the reader), then towns by prominence.
        if ((all[a].kind == MapLabel::Kind::Admin) != (all[b].kind == MapLabel::Kind::Admin))
            return all[a].kind == MapLabel::Kind::Admin;
        return all[a].prominence > all[b].prominence;
    });
    struct Box {
        float x0, y0, x1, y1;
    };
    // Placed boxes in 32-pixel buckets, so a test looks at neighbours only (thousands of symbols
    // and names would make the all-pairs test the slowest part of a frame).
    constexpr float kBucket = 32;
    const int bw = cam.width / static_cast<int>(kBucket) + 3, bh = cam.height / static_cast<int>(kBucket) + 3;
    std::vector<std::vector<Box>> buckets(static_cast<std::size_t>(bw) * bh);
    auto for_buckets = [&](const Box& b, auto&& fn) {
        const int x0 = std::clamp(static_cast<int>(std::floor(b.x0 / kBucket)) + 1, 0, bw - 1);
        const int x1 = std::clamp(static_cast<int>(std::floor(b.x1 / kBucket)) + 1, 0, bw - 1);
        const int y0 = std::clamp(static_cast<int>(std::floor(b.y0 / kBucket)) + 1, 0, bh - 1);
        const int y1 = std::clamp(static_cast<int>(std::floor(b.y1 / kBucket)) + 1, 0, bh - 1);
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x)
                if (!fn(buckets[static_cast<std::size_t>(y) * bw + x])) return false;
        return true;
    };
    auto free = [&](const Box& b) {
        return for_buckets(b, [&](const std::vector<Box>& v) {
            for (const Box& o : v)
                if (b.x0 < o.x1 && b.x1 > o.x0 && b.y0 < o.y1 && b.y1 > o.y0) return false;
            return true;
        });
    };
    struct Placed {
        decltype(for_buckets)& each;
        void push_back(const Box& b) {
            each(b, [&](std::vector<Box>& v) {
                v.push_back(b);
                return true;
            });
        }
    } placed{for_buckets};
    const bool show_admin = upp > 150 && upp < 3000;
    std::vector<std::uint8_t> done(all.size(), 0);
    // Town names are what a reader finds their way by, not what the map is about: at most one
    // per ~85x85 px of picture, the most prominent first.
    const std::size_t town_budget = static_cast<std::size_t>(static_cast<double>(cam.width) * cam.height / (85.0 * 85.0 * s * s));
    std::size_t towns_named = 0;
    // One label: a governorate name centred, a town right of its dot, else left of it.
    auto place_one = [&](std::size_t idx) {
        const MapLabel& l = all[idx];
        if (l.kind == MapLabel::Kind::Admin && !(show_admin && layers.basemap.admin)) return;
        if (l.kind == MapLabel::Kind::Town && l.prominence < min_prom) return;
        const float sx = static_cast<float>(cam.to_screen_x(l.x)), sy = static_cast<float>(cam.to_screen_y(l.y));
        if (sx < -50 || sy < -20 || sx > cam.width + 50 || sy > cam.height + 20) return;
        done[idx] = 1;
        const auto [w, h] = measure(l.text);
        if (l.kind == MapLabel::Kind::Admin) {
            const Box b{sx - w / 2 - 2, sy - h / 2 - 1, sx + w / 2 + 2, sy + h / 2 + 1};
            if (!free(b)) return;
            placed.push_back(b);
            m_labels.push_back({sx - w / 2, sy, l.text, m_basemap.palette().admin_label, TextItem::Kind::Admin});
            return;
        }
        if (towns_named >= town_budget) return;
        // A town's name keeps some air around it (8 px beside, 3 above and below, at 96 dpi).
        const Box right{sx + 4 * s, sy - h / 2 - 3 * s, sx + 14 * s + w, sy + h / 2 + 3 * s};
        const Box left{sx - 14 * s - w, sy - h / 2 - 3 * s, sx - 4 * s, sy + h / 2 + 3 * s};
        const Box dot{sx - 3 * s, sy - 3 * s, sx + 3 * s, sy + 3 * s};
        if (!free(dot)) return;
        const float dot_size = s * (l.prominence >= 80 ? 6.5f : l.prominence >= 55 ? 5.0f : 4.0f);
        if (free(right) || free(left)) dots.push_back({l.x, l.y, dot_size, m_basemap.palette().town, 0, 0});
        if (free(right)) {
            placed.push_back(right);
            m_labels.push_back({right.x0 + 1, sy, l.text, m_basemap.palette().town_label, TextItem::Kind::Town});
            ++towns_named;
        } else if (free(left)) {
            placed.push_back(left);
            m_labels.push_back({left.x0 + 10 * s + 1, sy, l.text, m_basemap.palette().town_label, TextItem::Kind::Town});
            ++towns_named;
        }
        placed.push_back(dot);
    };
    // Labels and symbols negotiate: the most prominent towns in view (one per ~120x120 px of
    // screen) are named first, over the events if need be (names carry a halo); every other
    // name keeps off the event symbols, which are what the map is for.
    const std::size_t reserved = static_cast<std::size_t>(static_cast<double>(cam.width) * cam.height / (120.0 * 120.0 * s * s));
    std::size_t named = 0;
    for (const auto& k : m_keep_out) placed.push_back({k[0], k[1], k[2], k[3]});
    // Clusters keep their space in any case: a count under a name would be lost.
    if (layers.events)
        for (const DrawnSymbol& d : m_events.drawn())
            if (d.row < 0) placed.push_back({d.sx - d.radius - 3, d.sy - d.radius - 3, d.sx + d.radius + 3, d.sy + d.radius + 3});
    if (layers.events)
        for (std::size_t idx : order) {
            if (named >= reserved) break;
            if (all[idx].kind != MapLabel::Kind::Town) continue;
            const std::size_t before = m_labels.size();
            place_one(idx);
            named += m_labels.size() > before;
        }
    if (layers.events)
        for (const DrawnSymbol& d : m_events.drawn())
            if (d.row >= 0) placed.push_back({d.sx - d.radius + 1, d.sy - d.radius + 1, d.sx + d.radius - 1, d.sy + d.radius - 1});
    for (std::size_t idx : order)
        if (!done[idx]) place_one(idx);
}

void MapRenderer::draw(const FrameContext& ctx, const LayerState& layers) {
    // The shaders are made at the first draw, not with the renderer: a runner makes the renderer
    // and loads its basemap on a thread without GL while it makes the context.
    if (!m_programs) m_programs = std::make_unique<Programs>();
    const Camera& cam = ctx.camera;
    glViewport(0, 0, cam.width, cam.height);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glDisable(GL_SCISSOR_TEST);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    GLint target = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &target);
    // Everything the basemap image depends on.
    const auto& b = layers.basemap;
    std::vector<double> key = {cam.cx, cam.cy, cam.units_per_px, double(cam.width), double(cam.height),
                               double(b.land), double(b.admin), double(b.rivers), double(b.roads), b.opacity, double(ctx.ui_scale),
                               static_cast<double>(reinterpret_cast<std::uintptr_t>(&m_basemap.palette()))};
    for (const auto& l : m_user_layers) {
        key.push_back(static_cast<double>(reinterpret_cast<std::uintptr_t>(l.get())));
        key.push_back(l->visible ? l->opacity : -1.0);
    }
    const int hw = (cam.width + 1) / 2, hh = (cam.height + 1) / 2;
    if (!m_use_cache) {
        m_land_cache.reset();
    } else if (!m_land_cache || m_land_cache->width() != hw || m_land_cache->height() != hh) {
        m_land_cache = std::make_unique<gl::OffscreenTarget>(hw, hh);
        m_cache_key.clear();
    }
    if (!m_use_cache) {
        m_cache.reset();
    } else if (!m_cache || m_cache->width() != cam.width || m_cache->height() != cam.height) {
        m_cache = std::make_unique<gl::OffscreenTarget>(cam.width, cam.height);
        m_cache_key.clear();
    }
    // Where the basemap goes: its cache, or (a picture drawn once) the target itself.
    const GLuint base = m_use_cache ? m_cache->name() : static_cast<GLuint>(target);
    glClearStencil(0);
    glStencilMask(0xff);
    if (!m_use_cache || key != m_cache_key) {
        m_cache_key = key;
        const Rgba sea = m_basemap.palette().sea;
        glClearColor(sea.r / 255.f, sea.g / 255.f, sea.b / 255.f, 1.f);
        if (!m_use_cache) {
            // A picture drawn once: land straight into it at full resolution. The viewer's half-size
            // land scaled up costs a scaled blit of the whole picture, which on llvmpipe took longer
            // than the land itself (7680x4320: 380 ms against 95 ms for the half-size land).
            glBindFramebuffer(GL_FRAMEBUFFER, base);
            glViewport(0, 0, cam.width, cam.height);
            glClear(GL_COLOR_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
            if (layers.basemap.land) m_basemap.draw_land(*m_programs, cam);
        } else {
            // Sea and land at half resolution, scaled up; then everything else at full resolution.
            m_land_cache->bind();
            glViewport(0, 0, hw, hh);
            glClear(GL_COLOR_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
            Camera half = cam;
            half.width = hw;
            half.height = hh;
            half.units_per_px = cam.units_per_px * cam.width / hw;
            if (layers.basemap.land) m_basemap.draw_land(*m_programs, half);
            glBindFramebuffer(GL_READ_FRAMEBUFFER, m_land_cache->name());
            glBindFramebuffer(GL_DRAW_FRAMEBUFFER, base);
            glBlitFramebuffer(0, 0, hw, hh, 0, 0, cam.width, cam.height, GL_COLOR_BUFFER_BIT, GL_LINEAR);
            glBindFramebuffer(GL_FRAMEBUFFER, base);
            glViewport(0, 0, cam.width, cam.height);
            glClear(GL_STENCIL_BUFFER_BIT);
        }
        m_basemap.draw_lines(*m_programs, cam, layers.basemap, ctx.scale());
        for (auto& l : m_user_layers) l->draw(*m_programs, cam, 1.0f);
    }
    if (m_use_cache) {
        glBindFramebuffer(GL_READ_FRAMEBUFFER, m_cache->name());
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, static_cast<GLuint>(target));
        glBlitFramebuffer(0, 0, cam.width, cam.height, 0, 0, cam.width, cam.height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(target));
    glClear(GL_STENCIL_BUFFER_BIT);
    if (layers.basemap.towns && layers.labels) m_town_dots.draw(*m_programs, cam);
    if (layers.zones) m_overlays.draw_zones(*m_programs, cam, layers.zone_opacity);
    if (layers.routes) m_overlays.draw_routes(*m_programs, cam, layers.route_opacity);
    if (layers.events) m_events.draw(*m_programs, cam);
    glBindVertexArray(0);
    glUseProgram(0);
}

Pick MapRenderer::pick(const FrameContext& ctx, float sx, float sy) const {
    Pick out;
    // Every symbol under the pointer (a stack on one spot opens as a list); clusters list members.
    const DrawnSymbol* cluster = nullptr;
    for (const DrawnSymbol& d : m_events.drawn()) {
        const float dx = d.sx - sx, dy = d.sy - sy;
        if (dx * dx + dy * dy > d.radius * d.radius) continue;
        if (d.row >= 0) out.rows.push_back(d.row);
        else if (!cluster || d.radius < cluster->radius) cluster = &d;
    }
    if (out.rows.empty() && cluster) {
        out.rows = m_events.cluster_members(cluster->cell);
        out.cluster = true;
    }
    if (out.rows.empty()) {
        const std::int64_t r = m_overlays.pick(ctx.camera, sx, sy, 6);
        if (r >= 0) out.rows.push_back(r);
    }
    return out;
}

}  // namespace cm::render
