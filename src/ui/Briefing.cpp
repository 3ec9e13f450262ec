// conflictmap ui: the briefing's decorations (see Briefing.h). Layout, at scale s:
//   top left      title, subtitle, the time window in words (a panel of the style's paper)
//   top right     north arrow; under it the locator inset (Syria and its neighbours, the
//                 picture's extent marked)
//   bottom left   geodesic scale bar
//   bottom right  legend: the event types on the picture with counts, routes, zones, symbol sizes
//   bottom edge   credits: basemap, gazetteer and user layers' sources; how many event sources
#include "ui/Briefing.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "core/Date.h"
#include "core/Event.h"
#include "geo/Geodesic.h"
#include "render/Style.h"
#include "ui/App.h"
#include "ui/Painter.h"

namespace cm::ui {

namespace {

const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};

std::string day_words(const CivilDate& d, bool month, bool year) {
    std::string s = std::to_string(d.day);
    if (month) s += std::string(" ") + kMonths[d.month - 1];
    if (year) s += " " + std::to_string(d.year);
    return s;
}

ImU32 col(render::Rgba c, float alpha = 1.0f) {
    return IM_COL32(c.r, c.g, c.b, std::min(255, static_cast<int>(std::lround(c.a * alpha))));
}

/// A panel of the style's paper with a hairline of its ink; kept clear of town names (`keep`).
void panel(Painter& dl, ImVec2 a, ImVec2 b, const render::style::Palette& pal, float s, std::vector<std::array<float, 4>>& keep) {
    dl.AddRectFilled(a, b, col(pal.paper), 4 * s);
    dl.AddRect(a, b, col(pal.ink, 0.25f), 4 * s, 0, 1.0f);
    keep.push_back({a.x, a.y, b.x, b.y});
}

}  // namespace

std::string window_in_words(std::int32_t first_day, std::int32_t last_day, bool all_time, std::int32_t data_first,
                            std::int32_t data_last) {
    if (all_time) {
        if (data_last < data_first) return "all dates";
        return "all dates (" + window_in_words(data_first, data_last, false, 0, -1) + ")";
    }
    const CivilDate a = CivilDate::from_days(first_day), b = CivilDate::from_days(last_day);
    if (first_day == last_day) return day_words(a, true, true);
    const char* dash = "\xe2\x80\x93";  // an en dash
    if (a.year == b.year && a.month == b.month) return std::to_string(a.day) + dash + day_words(b, true, true);
    if (a.year == b.year) return day_words(a, true, false) + " " + dash + " " + day_words(b, true, true);
    return day_words(a, true, true) + " " + dash + " " + day_words(b, true, true);
}

void draw_briefing(App& app, const BriefingOptions& o) {
    if (!app.m_renderer) return;
    Painter dl = app.painter();
    const render::style::Palette& pal = app.m_renderer->palette();
    const render::Camera& cam = app.m_view.camera;
    const render::MapSpace& space = app.m_renderer->space();
    const float s = std::max(0.5f, o.scale);
    const float W = static_cast<float>(cam.width), H = static_cast<float>(cam.height);
    const float m = 14 * s;  // margin from the picture's edges
    ImFont* body = app.m_font_small;
    ImFont* title = app.m_font_title ? app.m_font_title : app.m_font;
    ImFont* sub = app.m_font_sub ? app.m_font_sub : app.m_font;
    const ImU32 ink = col(pal.ink);
    // Small pictures (thumbnails, animation frames) keep what still reads: a short credit, the
    // legend's types without notes, no inset; the smallest, no legend either.
    const bool compact = W < 640 * s || H < 400 * s, tiny = W < 400 * s || H < 260 * s;
    // What the decorations cover; the next frame's town names keep off it.
    std::vector<std::array<float, 4>> keep;
    struct HandOver {
        render::MapRenderer& renderer;
        std::vector<std::array<float, 4>>& keep;
        ~HandOver() { renderer.set_label_keep_out(std::move(keep)); }
    } hand_over{*app.m_renderer, keep};
    auto size_of = [](ImFont* f, const std::string& t) { return f->CalcTextSizeA(f->FontSize, 1e9f, 0, t.c_str()); };
    auto lonlat_at = [&](double sx, double sy) { return space.to_lonlat(cam.to_map_x(sx), cam.to_map_y(sy)); };

    // The credits line first: the other corners stand on it.
    float bottom = H - m;
    if (o.credits) {
        // How many sources the events on the picture come from (outlets, datasets; a row citing
        // two outlets counts both).
        std::size_t sources = 0;
        if (app.m_table) {
            const events::EventTable& t = *app.m_table;
            std::set<std::uint32_t> seen;
            const LonLat sw = lonlat_at(0, H), ne = lonlat_at(W, 0);
            for (std::size_t i = 0; i < t.size(); ++i) {
                if (app.m_mask && i < app.m_mask->size() && !(*app.m_mask)[i]) continue;
                if (!app.m_view.time.contains(t.day_first[i], t.day_last[i]) && t.day_first[i] != events::kUndatedDay) continue;
                if (!(t.lon[i] >= sw.lon && t.lon[i] <= ne.lon && t.lat[i] >= sw.lat && t.lat[i] <= ne.lat)) continue;
                t.for_each_outlet(t.source_id[i], [&](std::uint32_t outlet) { seen.insert(outlet); });
            }
            sources = seen.size();
        }
        std::string line;
        if (compact) {
            line = "Natural Earth, OCHA, GeoNames, WOF; " + std::to_string(sources) + (sources == 1 ? " source" : " sources");
        } else {
            line = "Basemap: Natural Earth (public domain). Places: OCHA COD-AB (CC BY-IGO 3.0), GeoNames (CC BY 4.0), "
                   "Who's On First.";
            for (const std::string& c : o.user_credits) line += " " + c;
            line += "  Events from " + std::to_string(sources) + (sources == 1 ? " source." : " sources.");
            line += "  Made with conflictmap.";
        }
        // Wider than the picture: wrapped onto more lines (the licences ask for the whole credit).
        const float wrap = std::max(40 * s, W - 2 * m - 10 * s);
        const ImVec2 ts = body->CalcTextSizeA(body->FontSize, 1e9f, wrap, line.c_str());
        const float x = std::max(m, W - m - ts.x);
        const float y = H - m - ts.y;
        panel(dl, ImVec2(x - 5 * s, y - 2 * s), ImVec2(x + ts.x + 5 * s, y + ts.y + 2 * s), pal, s, keep);
        dl.AddText(body, body->FontSize, ImVec2(x, y), col(pal.ink, 0.8f), line.c_str(), nullptr, wrap);
        bottom = y - 8 * s;
    }

    // Title block.
    if (o.title_block) {
        const events::EventTable* t = app.m_table.get();
        const std::string when = window_in_words(app.m_view.time.first_day, app.m_view.time.last_day, app.m_view.time.all_time,
                                                 t ? t->min_day : 0, t ? t->max_day : -1);
        std::vector<std::pair<ImFont*, std::string>> lines;
        if (!o.title.empty()) lines.push_back({compact ? sub : title, o.title});
        if (!o.subtitle.empty() && !compact) lines.push_back({sub, o.subtitle});
        lines.push_back({compact ? body : sub, when});
        float w = 0, h = 0;
        for (const auto& [f, text] : lines) {
            const ImVec2 ts = size_of(f, text);
            w = std::max(w, ts.x);
            h += ts.y + 2 * s;
        }
        const ImVec2 a(m, m), b(m + w + 20 * s, m + h + 14 * s);
        panel(dl, a, b, pal, s, keep);
        float y = m + 7 * s;
        for (const auto& [f, text] : lines) {
            dl.AddText(f, f->FontSize, ImVec2(m + 10 * s, y), &text == &lines.front().second ? ink : col(pal.ink, 0.85f), text.c_str());
            y += size_of(f, text).y + 2 * s;
        }
    }

    // North arrow: true north at the picture's centre, whatever the projection.
    float right_top = m;
    if (o.north_arrow) {
        const LonLat c = lonlat_at(0.5 * W, 0.5 * H);
        const render::Vec2f p0 = space.to_map(c), p1 = space.to_map({c.lon, std::min(89.0, c.lat + 0.5)});
        double ang = std::atan2(-(cam.to_screen_y(p1.y) - cam.to_screen_y(p0.y)), cam.to_screen_x(p1.x) - cam.to_screen_x(p0.x));
        if (!std::isfinite(ang)) ang = M_PI / 2;
        const float r = (compact ? 11 : 18) * s;
        const ImVec2 ctr(W - m - r - 6 * s, m + r + 20 * s);
        dl.AddCircleFilled(ctr, r + 6 * s, col(pal.paper), 32);
        keep.push_back({ctr.x - r - 6 * s, ctr.y - r - 6 * s, ctr.x + r + 6 * s, ctr.y + r + 6 * s});
        dl.AddCircle(ctr, r + 6 * s, col(pal.ink, 0.25f), 32, 1.0f);
        const float ux = static_cast<float>(std::cos(ang)), uy = static_cast<float>(-std::sin(ang));
        const ImVec2 tip(ctr.x + ux * r, ctr.y + uy * r), tail(ctr.x - ux * r * 0.7f, ctr.y - uy * r * 0.7f);
        const ImVec2 left(ctr.x - uy * r * 0.45f, ctr.y + ux * r * 0.45f), right(ctr.x + uy * r * 0.45f, ctr.y - ux * r * 0.45f);
        dl.AddTriangleFilled(tip, left, tail, ink);
        dl.AddTriangleFilled(tip, tail, right, col(pal.ink, 0.35f));
        const ImVec2 ns = size_of(body, "N");
        dl.AddText(body, body->FontSize, ImVec2(tip.x + ux * (ns.y * 0.5f + 8 * s) - ns.x / 2, tip.y + uy * (ns.y * 0.5f + 8 * s) - ns.y / 2),
                    ink, "N");
        right_top = ctr.y + r + 14 * s;
    }

    // Locator inset: Syria among its neighbours, the picture's extent in red. Left out when the
    // picture itself shows most of what the inset would.
    const render::Vec2f ia = space.to_map({31.0, 29.5}), ib = space.to_map({46.0, 39.5});
    const double view_w = cam.units_per_px * W, view_h = cam.units_per_px * H;
    const bool inset_says_something = view_w * view_h < 0.35 * (ib.x - ia.x) * (ib.y - ia.y);
    if (o.inset && inset_says_something && !compact) {
        const auto& rings = app.m_renderer->basemap().inset_outlines();
        const auto& syria = app.m_renderer->basemap().inset_syria();
        const render::Vec2f a = ia, b = ib;
        const float iw = 170 * s, ih = iw * (b.y - a.y) / std::max(1.0f, b.x - a.x);
        const ImVec2 o0(W - m - iw, right_top), o1(W - m, right_top + ih);
        panel(dl, o0, o1, pal, s, keep);
        auto to_inset = [&](render::Vec2f p) {
            return ImVec2(o0.x + (p.x - a.x) / (b.x - a.x) * iw, o1.y - (p.y - a.y) / (b.y - a.y) * ih);
        };
        dl.PushClipRect(o0, o1);
        std::vector<ImVec2> pts;
        auto outline = [&](const std::vector<render::Vec2f>& ring, ImU32 c, float thick) {
            pts.clear();
            for (const auto& p : ring) pts.push_back(to_inset(p));
            if (pts.size() >= 2) dl.AddPolyline(pts.data(), static_cast<int>(pts.size()), c, ImDrawFlags_Closed, thick);
        };
        for (const auto& ring : rings) outline(ring, col(pal.ink, 0.35f), 1.0f);
        for (const auto& ring : syria) outline(ring, ink, 1.6f * s);
        // The picture's extent (at least a few pixels, so a city-sized picture still shows).
        ImVec2 e0 = to_inset({static_cast<float>(cam.to_map_x(0)), static_cast<float>(cam.to_map_y(H))});
        ImVec2 e1 = to_inset({static_cast<float>(cam.to_map_x(W)), static_cast<float>(cam.to_map_y(0))});
        if (e1.x - e0.x < 4 * s) {
            const float cx = 0.5f * (e0.x + e1.x);
            e0.x = cx - 2 * s, e1.x = cx + 2 * s;
        }
        if (e0.y - e1.y < 4 * s) {
            const float cy = 0.5f * (e0.y + e1.y);
            e0.y = cy + 2 * s, e1.y = cy - 2 * s;
        }
        dl.AddRect(ImVec2(e0.x, e1.y), ImVec2(e1.x, e0.y), IM_COL32(0xd0, 0x20, 0x20, 0xff), 0, 0, 2.0f * s);
        dl.PopClipRect();
    }

    // Scale bar: 1, 2 or 5 times a power of ten km, geodesic, along the bottom left.
    if (o.scale_bar) {
        const float y = bottom - 6 * s, x0 = m + 6 * s;
        const LonLat p = lonlat_at(x0, y), q = lonlat_at(x0 + 100 * s, y);
        if (std::isfinite(p.lon) && std::isfinite(q.lon)) {
            const double km = geo::distance_km(p, q);
            if (km > 0) {
                double nice = std::pow(10.0, std::floor(std::log10(km * 0.8)));
                for (double f : {1.0, 2.0, 5.0, 10.0})
                    if (nice * f * 100 * s / km >= 70 * s) {
                        nice *= f;
                        break;
                    }
                const float px = static_cast<float>(nice * 100 * s / km);
                char buf[32];
                std::snprintf(buf, sizeof buf, nice >= 1 ? "%.0f km" : "%.1f km", nice);
                const ImVec2 ts = size_of(body, buf);
                panel(dl, ImVec2(x0 - 6 * s, y - ts.y - 10 * s), ImVec2(x0 + std::max(px, ts.x) + 6 * s, y + 6 * s), pal, s, keep);
                dl.AddRectFilled(ImVec2(x0, y - 3 * s), ImVec2(x0 + px / 2, y), ink);
                dl.AddRect(ImVec2(x0, y - 3 * s), ImVec2(x0 + px, y), ink, 0, 0, 1.0f);
                dl.AddText(body, body->FontSize, ImVec2(x0, y - ts.y - 6 * s), ink, buf);
            }
        }
    }

    // Legend: what is on the picture, with counts.
    if (o.legend && !tiny) {
        const auto& st = app.m_renderer->events().stats();
        const auto& ov = app.m_renderer->overlays().stats();
        struct Row {
            int kind;  // 0 type, 1 route, 2 zone, 3 note
            std::size_t type = 0;
            std::string text;
        };
        std::vector<Row> rows;
        if (app.m_view.layers.events)
            for (std::size_t t = 0; t < 6; ++t)
                if (st.in_view_by_type[t])
                    rows.push_back({0, t, std::string(event_type_name(static_cast<EventType>(t))) + "  " + std::to_string(st.in_view_by_type[t])});
        if (app.m_view.layers.routes && ov.routes_shown) rows.push_back({1, 0, "Route (patrol, convoy)  " + std::to_string(ov.routes_shown)});
        if (app.m_view.layers.zones && ov.zones_shown) rows.push_back({2, 0, "Zone in force  " + std::to_string(ov.zones_shown)});
        if (rows.empty()) rows.push_back({3, 0, "No events in this window and extent"});
        if (!compact) {
            if (st.clusters) rows.push_back({3, 0, "Numbered circles: clusters; ring: their types"});
            rows.push_back({3, 0, "Symbol size: fatalities"});
        }
        float w = 0, h = 0;
        const float line = body->FontSize + 5 * s, mark = 18 * s;
        for (const Row& r : rows) w = std::max(w, size_of(body, r.text).x + (r.kind == 3 ? 0 : mark));
        h = line * static_cast<float>(rows.size());
        const ImVec2 b(W - m, bottom), a(b.x - w - 20 * s, b.y - h - 12 * s);
        panel(dl, a, b, pal, s, keep);
        float y = a.y + 6 * s;
        for (const Row& r : rows) {
            const float x = a.x + 10 * s, cy = y + body->FontSize * 0.5f;
            if (r.kind == 0) {
                dl.AddCircleFilled(ImVec2(x + 6 * s, cy), 5.5f * s, col(render::style::kTypeColors[r.type]));
            } else if (r.kind == 1) {
                dl.AddLine(ImVec2(x, cy), ImVec2(x + 14 * s, cy), col(render::style::kRoute), 3 * s);
            } else if (r.kind == 2) {
                dl.AddRectFilled(ImVec2(x, cy - 5 * s), ImVec2(x + 14 * s, cy + 5 * s), col(render::style::kZoneFill, 2.0f));
                dl.AddRect(ImVec2(x, cy - 5 * s), ImVec2(x + 14 * s, cy + 5 * s), col(render::style::kZoneOutline));
            }
            dl.AddText(body, body->FontSize, ImVec2(r.kind == 3 ? x : x + mark, y), r.kind == 3 ? col(pal.ink, 0.7f) : ink,
                        r.text.c_str());
            y += line;
        }
    }
}

}  // namespace cm::ui
