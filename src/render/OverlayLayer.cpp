// conflictmap render: routes and zones.
#include "render/OverlayLayer.h"

#include <algorithm>
#include <cmath>

#include "core/Date.h"
#include "core/Event.h"
#include "render/Style.h"

namespace cm::render {

namespace {

std::int32_t day_of(const std::string& iso, std::int32_t fallback) {
    if (const auto d = CivilDate::parse_iso(iso)) return d->days();
    return fallback;
}

float dist_to_segment(float px, float py, float ax, float ay, float bx, float by) {
    const float dx = bx - ax, dy = by - ay;
    const float len2 = dx * dx + dy * dy;
    float t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
    t = std::fmax(0.f, std::fmin(1.f, t));
    const float qx = ax + t * dx - px, qy = ay + t * dy - py;
    return std::sqrt(qx * qx + qy * qy);
}

}  // namespace

void OverlayLayer::set_table(std::shared_ptr<const events::EventTable> table, const MapSpace& space) {
    m_table = std::move(table);
    m_routes.clear();
    m_zones.clear();
    m_prepared_table = nullptr;
    m_stats = {};
    if (!m_table) return;
    const events::EventTable& t = *m_table;
    std::vector<const std::vector<LonLat>*> route_parts;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const std::int32_t gi = t.geometry_id[i];
        if (gi < 0 || static_cast<std::size_t>(gi) >= t.geometries.size()) continue;
        const Geometry& g = t.geometries[static_cast<std::size_t>(gi)];
        // Routes and zones by what the event is; a place event located on a line or an area
        // (a road stretch, a region) is drawn as a symbol by the event layer instead.
        const auto shape = static_cast<EventShape>(t.shape[i]);
        const bool line = g.type == GeomType::LineString || g.type == GeomType::MultiLineString;
        const bool area = g.type == GeomType::Polygon || g.type == GeomType::MultiPolygon;
        if (shape == EventShape::Route && line) {
            // Projected below, all routes in one batch.
            m_routes.push_back(Route{i, {}});
            m_routes.back().parts.resize(g.parts.size());
            for (const auto& part : g.parts) route_parts.push_back(&part);
        } else if (shape == EventShape::Zone && area) {
            auto z = std::make_unique<Zone>();
            z->row = i;
            // A zone holds over its stated period; without one, over the event's own days.
            const Event e = t.event(i);
            const bool dated = t.day_first[i] != events::kUndatedDay;
            z->from_day = day_of(e.valid_from, dated ? t.day_first[i] : INT32_MIN);
            z->to_day = day_of(e.valid_to, dated ? t.day_last[i] : INT32_MAX);
            if (!e.valid_from.empty() && e.valid_to.empty()) {
                z->to_day = INT32_MAX;
                z->open_ended = true;
            }
            bool first = true;
            for (const auto& part : g.parts) {
                z->rings.push_back(space.to_map(part));
                z->fill.add_ring(z->rings.back());
                for (const Vec2f& q : z->rings.back()) {
                    if (!std::isfinite(q.x) || !std::isfinite(q.y)) continue;
                    if (first) {
                        z->x0 = z->x1 = q.x;
                        z->y0 = z->y1 = q.y;
                        first = false;
                    }
                    z->x0 = std::min(z->x0, q.x);
                    z->x1 = std::max(z->x1, q.x);
                    z->y0 = std::min(z->y0, q.y);
                    z->y1 = std::max(z->y1, q.y);
                }
            }
            m_zones.push_back(std::move(z));
        }
    }
    std::vector<std::vector<Vec2f>> projected = space.to_map(route_parts);
    std::size_t k = 0;
    for (Route& r : m_routes) {
        bool first = true;
        for (auto& part : r.parts) {
            part = std::move(projected[k++]);
            for (const Vec2f& p : part) {
                if (first) {
                    r.x0 = r.x1 = p.x;
                    r.y0 = r.y1 = p.y;
                    first = false;
                }
                r.x0 = std::min(r.x0, p.x);
                r.x1 = std::max(r.x1, p.x);
                r.y0 = std::min(r.y0, p.y);
                r.y1 = std::max(r.y1, p.y);
            }
        }
    }
    m_stats.routes_total = m_routes.size();
    m_stats.zones_total = m_zones.size();
}

void OverlayLayer::set_mask(std::shared_ptr<const std::vector<std::uint8_t>> mask, std::uint64_t version) {
    m_mask = std::move(mask);
    m_mask_version = version;
}

void OverlayLayer::release_rows() {
    m_table.reset();
    m_mask.reset();
    m_routes = {};
}

void OverlayLayer::prepare(const FrameContext& ctx) {
    const TimeWindow& tw = ctx.time;
    const double upp = ctx.camera.units_per_px;
    const Camera& cam = ctx.camera;
    // Widths, dashes, arrows and marks follow the UI scale (a HiDPI screen, a briefing's --dpi).
    const float sc = ctx.scale();
    if (m_prepared_table == m_table.get() && m_prepared_mask == m_mask_version && m_prepared_cam == cam &&
        m_prepared_t0 == tw.first_day && m_prepared_t1 == tw.last_day && m_prepared_all == tw.all_time &&
        m_prepared_ghost == tw.ghost && m_prepared_selected == ctx.selected_row && m_scale == sc)
        return;
    m_scale = sc;
    m_prepared_table = m_table.get();
    m_prepared_mask = m_mask_version;
    m_prepared_cam = cam;
    // Routes wholly outside the view (plus a margin for arrows and marks) are not drawn.
    const float vx0 = static_cast<float>(cam.to_map_x(-20)), vx1 = static_cast<float>(cam.to_map_x(cam.width + 20));
    const float vy0 = static_cast<float>(cam.to_map_y(cam.height + 20)), vy1 = static_cast<float>(cam.to_map_y(-20));
    auto off_screen = [&](const Route& r) { return r.x1 < vx0 || r.x0 > vx1 || r.y1 < vy0 || r.y0 > vy1; };
    m_prepared_t0 = tw.first_day;
    m_prepared_t1 = tw.last_day;
    m_prepared_all = tw.all_time;
    m_prepared_ghost = tw.ghost;
    m_prepared_selected = ctx.selected_row;

    m_route_lines.clear();
    m_route_casing.clear();
    m_ghost_lines.clear();
    m_zone_lines.clear();
    m_open_zone_lines.clear();
    auto& marks = m_marks.instances();
    marks.clear();
    m_stats.routes_shown = m_stats.zones_shown = m_stats.zones_open_shown = 0;
    m_stats.routes_in_window = m_stats.zones_in_window = 0;
    m_zone_rows_shown.clear();
    m_zone_rows_in_window.clear();
    m_zone_shown.assign(m_zones.size(), false);
    if (!m_table) return;
    const events::EventTable& t = *m_table;

    // Level of detail: past a few hundred routes in the window, arrows, casings and end marks
    // would only clutter (and cost); they are drawn as thin lines instead.
    std::size_t in_window_routes = 0;
    for (const Route& r : m_routes)
        if (passes(r.row) && tw.contains(t.day_first[r.row], t.day_last[r.row]) &&
            (tw.all_time || t.day_first[r.row] != events::kUndatedDay))
            ++in_window_routes;
    const bool detailed = in_window_routes <= kDetailedRoutes;
    m_stats.routes_in_window = in_window_routes;
    std::vector<const Route*> ghost_routes;
    for (const Route& r : m_routes) {
        if (!passes(r.row) || off_screen(r)) continue;
        const bool in_window = tw.contains(t.day_first[r.row], t.day_last[r.row]) &&
                               (tw.all_time || t.day_first[r.row] != events::kUndatedDay);
        const bool selected = static_cast<std::int64_t>(r.row) == ctx.selected_row;
        if (!in_window) {
            if (tw.ghost) ghost_routes.push_back(&r);
            continue;
        }
        ++m_stats.routes_shown;
        const Rgba color = selected ? Rgba{0x00, 0x00, 0x00, 0xff} : style::kRoute;
        if (!detailed && !selected) {
            for (const auto& part : r.parts) m_route_lines.add_polyline(part, {color.r, color.g, color.b, 0x90}, 1.3f);
            continue;
        }
        for (const auto& part : r.parts) {
            if (part.size() < 2) continue;
            m_route_casing.add_polyline(part, {0xff, 0xff, 0xff, 0xd0}, selected ? 7.5f : 6.0f);
            m_route_lines.add_polyline(part, color, selected ? 4.0f : 3.0f);
            // Direction arrows every ~90 px along the line, as chevrons sized in pixels.
            const double spacing = 90 * sc * upp, arm = 6 * sc * upp;
            double next = spacing * 0.5, walked = 0;
            for (std::size_t k = 1; k < part.size(); ++k) {
                const double dx = part[k].x - part[k - 1].x, dy = part[k].y - part[k - 1].y;
                const double len = std::hypot(dx, dy);
                if (len <= 0) continue;
                const double ux = dx / len, uy = dy / len;
                while (next <= walked + len) {
                    const double s = next - walked;
                    const Vec2f tip{static_cast<float>(part[k - 1].x + ux * s), static_cast<float>(part[k - 1].y + uy * s)};
                    const Vec2f a{static_cast<float>(tip.x - arm * (ux + uy * 0.8)), static_cast<float>(tip.y - arm * (uy - ux * 0.8))};
                    const Vec2f b{static_cast<float>(tip.x - arm * (ux - uy * 0.8)), static_cast<float>(tip.y - arm * (uy + ux * 0.8))};
                    m_route_lines.add_segment(a, tip, {0xff, 0xff, 0xff, 0xff}, 2.2f);
                    m_route_lines.add_segment(b, tip, {0xff, 0xff, 0xff, 0xff}, 2.2f);
                    next += spacing;
                }
                walked += len;
            }
            // Start: a hollow ring; end: a filled square.
            marks.push_back({part.front().x, part.front().y, 12 * sc, color, 6, 0});
            marks.push_back({part.back().x, part.back().y, 10 * sc, color, 1, 0});
        }
    }
    // Ghosts of routes outside the window help with a few; thousands would only be a grey mat.
    if (ghost_routes.size() <= kMaxGhostRoutes)
        for (const Route* r : ghost_routes)
            for (const auto& part : r->parts) m_ghost_lines.add_polyline(part, {0x60, 0x60, 0x70, 0x80}, 2.0f);
    for (std::size_t zi = 0; zi < m_zones.size(); ++zi) {
        const Zone& z = *m_zones[zi];
        if (!passes(z.row)) continue;
        if (!tw.all_time && !(z.from_day <= tw.last_day && z.to_day >= tw.first_day)) continue;
        ++m_stats.zones_in_window;
        m_zone_rows_in_window.push_back(static_cast<std::int64_t>(z.row));
        m_zone_shown[zi] = true;
        // The legend counts what is on screen; a zone outside the view is drawn (cheaply) but not counted.
        if (!(z.x1 < vx0 || z.x0 > vx1 || z.y1 < vy0 || z.y0 > vy1)) {
            m_zone_rows_shown.push_back(static_cast<std::int64_t>(z.row));
            ++m_stats.zones_shown;
            if (z.open_ended) ++m_stats.zones_open_shown;
        }
        const bool selected = static_cast<std::int64_t>(z.row) == ctx.selected_row;
        // No end date known: dashed, so "in force years later" reads as "not known to have ended".
        LineBatch& lines = z.open_ended ? m_open_zone_lines : m_zone_lines;
        for (const auto& ring : z.rings) lines.add_polyline(ring, style::kZoneOutline, selected ? 3.0f : 1.8f);
    }
}

void OverlayLayer::draw_zones(const Programs& p, const Camera& cam, float opacity) {
    for (std::size_t zi = 0; zi < m_zones.size(); ++zi) {
        if (zi >= m_zone_shown.size() || !m_zone_shown[zi]) continue;
        Rgba c = style::kZoneFill;
        c.a = static_cast<std::uint8_t>(c.a * opacity);
        m_zones[zi]->fill.draw(p, cam, c);
    }
    m_zone_lines.draw(p, cam, m_scale, opacity, 0);
    m_open_zone_lines.draw(p, cam, m_scale, opacity, 9 * m_scale);
}

void OverlayLayer::draw_routes(const Programs& p, const Camera& cam, float opacity) {
    m_ghost_lines.draw(p, cam, m_scale, opacity, 6 * m_scale);
    m_route_casing.draw(p, cam, m_scale, opacity);
    m_route_lines.draw(p, cam, m_scale, opacity);
    m_marks.draw(p, cam);
}

std::int64_t OverlayLayer::pick(const Camera& cam, float sx, float sy, float radius_px) const {
    std::int64_t best = -1;
    float best_d = radius_px;
    auto test = [&](const std::vector<Vec2f>& pts, std::size_t row) {
        for (std::size_t k = 1; k < pts.size(); ++k) {
            const float d = dist_to_segment(sx, sy, static_cast<float>(cam.to_screen_x(pts[k - 1].x)),
                                            static_cast<float>(cam.to_screen_y(pts[k - 1].y)),
                                            static_cast<float>(cam.to_screen_x(pts[k].x)),
                                            static_cast<float>(cam.to_screen_y(pts[k].y)));
            if (d < best_d) {
                best_d = d;
                best = static_cast<std::int64_t>(row);
            }
        }
    };
    if (!m_table) return -1;
    const TimeWindow tw{m_prepared_t0, m_prepared_t1, m_prepared_ghost, m_prepared_all};
    for (const Route& r : m_routes)
        if (passes(r.row) && tw.contains(m_table->day_first[r.row], m_table->day_last[r.row]))
            for (const auto& part : r.parts) test(part, r.row);
    for (std::size_t zi = 0; zi < m_zones.size(); ++zi)
        if (zi < m_zone_shown.size() && m_zone_shown[zi])
            for (const auto& ring : m_zones[zi]->rings) test(ring, m_zones[zi]->row);
    return best;
}

}  // namespace cm::render
