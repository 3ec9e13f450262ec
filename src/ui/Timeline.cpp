// conflictmap ui: the timeline panel — events per day stacked by type over the whole data range,
// the time window as a draggable band (move it, or drag its edges), presets, cumulative and
// ghost modes, play/pause with speed; the wheel zooms the timeline, right-drag pans it.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/Date.h"
#include "core/Utf8.h"
#include "render/Style.h"
#include "ui/App.h"

namespace cm::ui {

namespace {

std::string day_label(std::int32_t day) { return CivilDate::from_days(day).iso(); }

ImU32 type_color(std::size_t t, int alpha = 255) {
    const render::Rgba c = render::style::kTypeColors[t];
    return IM_COL32(c.r, c.g, c.b, alpha);
}

}  // namespace

void draw_timeline(App& app) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float h = app.m_timeline_height;
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + vp->Size.y - h));
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x, h));
    ImGui::Begin("Timeline", nullptr,
                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    ViewState& v = app.m_view;
    const events::EventTable* table = app.m_table.get();
    const bool has_days = table && table->dated_rows > 0;

    // ---- toolbar ----
    if (ImGui::Button(app.m_playing ? "Pause" : "Play")) app.m_playing = !app.m_playing;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.33f);
    ImGui::SliderFloat("##speed", &v.play_days_per_second, 0.5f, 60.0f, "%.1f days/s", ImGuiSliderFlags_Logarithmic);
    ImGui::SameLine();
    const char* names[] = {"Day", "Week", "Month", "All"};
    for (int i = 0; i < 4; ++i) {
        const bool on = static_cast<int>(v.preset) == i;
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(names[i])) app.set_preset(static_cast<WindowPreset>(i));
        if (on) ImGui::PopStyleColor();
        ImGui::SameLine();
    }
    {
        bool cumulative = v.cumulative;
        if (ImGui::Checkbox("Cumulative", &cumulative)) app.set_cumulative(cumulative);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("C: the window grows from the first day instead of sliding");
    }
    ImGui::SameLine();
    ImGui::Checkbox("Ghosts", &v.time.ghost);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("G: faint marks where events lie outside the time window");
    ImGui::SameLine();
    {
        // The window's dates; click to type others.
        std::string label;
        if (v.time.all_time) {
            label = "all dates";
        } else {
            const int len = v.time.last_day - v.time.first_day + 1;
            label = day_label(v.time.first_day) + " – " + day_label(v.time.last_day) + "  (" + std::to_string(len) + " day" +
                    (len == 1 ? "" : "s") + ")";
        }
        if (ImGui::SmallButton((label + "##dates").c_str()) && has_days) {
            std::snprintf(app.m_date_from, sizeof app.m_date_from, "%s", day_label(v.time.all_time ? table->min_day : v.time.first_day).c_str());
            std::snprintf(app.m_date_to, sizeof app.m_date_to, "%s", day_label(v.time.all_time ? table->max_day : v.time.last_day).c_str());
            app.m_date_error.clear();
            ImGui::OpenPopup("##dates-popup");
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("click to type the dates of the window");
        if (ImGui::BeginPopup("##dates-popup")) {
            ImGui::TextUnformatted("Time window (YYYY-MM-DD)");
            ImGui::TextUnformatted("from");
            ImGui::SameLine();
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.33f);
            if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
            const ImGuiInputTextFlags fl = ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll;
            bool go = ImGui::InputText("##from", app.m_date_from, sizeof app.m_date_from, fl);
            ImGui::SameLine();
            ImGui::TextUnformatted("to");
            ImGui::SameLine();
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.33f);
            go |= ImGui::InputText("##to", app.m_date_to, sizeof app.m_date_to, fl);
            ImGui::SameLine();
            go |= ImGui::Button("Apply");
            if (go) {
                const auto a = CivilDate::parse_iso(trim(app.m_date_from));
                const auto b = CivilDate::parse_iso(trim(app.m_date_to));
                if (!a || !b) {
                    app.m_date_error = "dates are YYYY-MM-DD, e.g. 2020-03-15";
                } else if (b->days() < a->days()) {
                    app.m_date_error = "'to' is before 'from'";
                } else {
                    app.set_time_window(a->days(), b->days());
                    app.m_date_error.clear();
                    ImGui::CloseCurrentPopup();
                }
            }
            if (!app.m_date_error.empty()) ImGui::TextColored(ImVec4(0.7f, 0.2f, 0.1f, 1), "%s", app.m_date_error.c_str());
            ImGui::EndPopup();
        }
    }
    const auto& st = app.m_renderer->events().stats();
    const auto& ov = app.m_renderer->overlays().stats();
    if (st.coarse + st.unlocated > 0) {
        // Rows the map cannot show are said, and listed on demand.
        ImGui::SameLine();
        const std::string off = std::to_string(st.coarse + st.unlocated) + " not on the map";
        if (ImGui::SmallButton(off.c_str())) app.m_show_off_map = !app.m_show_off_map;
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%zu country-level (too coarse to draw as a point), %zu without a location.\nClick for the list.",
                              st.coarse, st.unlocated);
    }

    // ---- histogram canvas ----
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 size(ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y - 18);
    if (size.x < 50 || size.y < 20) {
        ImGui::End();
        return;
    }
    ImGui::InvisibleButton("##timeline", size, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), IM_COL32(250, 250, 250, 255));
    {
        // What the window holds, in the canvas's top right corner.
        char buf[160];
        auto n = [](std::size_t k, const char* one, const char* many) { return std::to_string(k) + " " + (k == 1 ? one : many); };
        std::snprintf(buf, sizeof buf, "in window: %s, %s, %s  |  %zu on screen", n(st.in_time, "event", "events").c_str(),
                      n(ov.routes_in_window, "route", "routes").c_str(), n(ov.zones_in_window, "zone", "zones").c_str(),
                      st.in_view);
        const ImVec2 ts = ImGui::CalcTextSize(buf);
        dl->AddText(ImVec2(p0.x + size.x - ts.x - 6, p0.y + 2), IM_COL32(90, 90, 90, 255), buf);
    }
    if (!has_days) {
        dl->AddText(ImVec2(p0.x + 10, p0.y + 10), IM_COL32(120, 120, 120, 255),
                    app.loading() ? "loading…" : "no dated events");
        ImGui::End();
        return;
    }
    double& d0 = app.m_tl_view0;
    double& d1 = app.m_tl_view1;
    if (!(d1 > d0)) {
        d0 = table->min_day - 3;
        d1 = table->max_day + 4;
    }
    // A window that moved (a preset, a key, playback) and left the visible range brings the
    // timeline along with it.
    if (!v.time.all_time && (v.time.first_day != app.m_tl_seen_first || v.time.last_day != app.m_tl_seen_last)) {
        app.m_tl_seen_first = v.time.first_day;
        app.m_tl_seen_last = v.time.last_day;
        if (v.time.last_day + 1 < d0 || v.time.first_day > d1) {
            const double span = d1 - d0, mid = 0.5 * (v.time.first_day + v.time.last_day + 1);
            d0 = mid - span / 2;
            d1 = d0 + span;
        }
    }
    const double px_per_day = size.x / (d1 - d0);
    auto x_of = [&](double day) { return static_cast<float>(p0.x + (day - d0) * px_per_day); };
    auto day_of = [&](float x) { return d0 + (x - p0.x) / px_per_day; };

    // Bars: one column per pixel group; a column sums the days it covers.
    const events::DayHistogram& hist = app.m_histogram;
    const float base = p0.y + size.y - 14;  // leave room for the axis labels
    const float bar_h = size.y - 20;
    if (hist.days() > 0) {
        const double days_per_col = std::max(1.0, std::ceil(2.0 / px_per_day));
        double peak = 1;
        std::vector<std::array<std::uint32_t, 6>> cols;
        std::vector<std::array<float, 6>> pale;
        std::vector<double> col_day;
        for (double day = std::floor(std::max(d0, double(hist.first_day))); day <= std::min(d1, double(hist.first_day + hist.days() - 1));
             day += days_per_col) {
            std::array<std::uint32_t, 6> sum{};
            std::array<float, 6> spread{};
            for (int k = 0; k < days_per_col; ++k) {
                const long idx = static_cast<long>(day) + k - hist.first_day;
                if (idx < 0 || idx >= static_cast<long>(hist.days())) continue;
                for (std::size_t t = 0; t < 6; ++t) {
                    sum[t] += hist.counts[static_cast<std::size_t>(idx)][t];
                    spread[t] += hist.spread[static_cast<std::size_t>(idx)][t];
                }
            }
            double tot = 0;
            for (std::size_t t = 0; t < 6; ++t) tot += sum[t] + spread[t];
            peak = std::max(peak, tot);
            cols.push_back(sum);
            pale.push_back(spread);
            col_day.push_back(day);
        }
        const float bar_w = std::max(1.0f, static_cast<float>(days_per_col * px_per_day) - (px_per_day > 4 ? 1.0f : 0.0f));
        bool any_pale = false;
        for (std::size_t c = 0; c < cols.size(); ++c) {
            float y = base;
            const float x = x_of(col_day[c]);
            // One-day events solid; the shares of longer spans pale, on top.
            for (std::size_t t = 0; t < 6; ++t) {
                if (!cols[c][t]) continue;
                const float hgt = bar_h * static_cast<float>(cols[c][t] / peak);
                dl->AddRectFilled(ImVec2(x, y - hgt), ImVec2(x + bar_w, y), type_color(t, 220));
                y -= hgt;
            }
            for (std::size_t t = 0; t < 6; ++t) {
                if (pale[c][t] <= 0) continue;
                const float hgt = bar_h * static_cast<float>(pale[c][t] / peak);
                dl->AddRectFilled(ImVec2(x, y - hgt), ImVec2(x + bar_w, y), type_color(t, 90));
                y -= hgt;
                any_pale = true;
            }
        }
        char label[256];
        const int per = static_cast<int>(days_per_col);
        std::snprintf(label, sizeof label, "%.0f per %s%s", std::ceil(peak), per > 1 ? (std::to_string(per) + " days").c_str() : "day",
                      any_pale ? "   pale: spans (week, month, year) spread over their days" : "");
        dl->AddText(ImVec2(p0.x + 4, p0.y + 2), IM_COL32(110, 110, 110, 255), label);
    }
    // Zoomed in far enough, a tick per day, labelled every 1, 2, 5, 7 or 14 days as they fit.
    if (px_per_day >= 5) {
        int every = 14;
        for (int e : {1, 2, 5, 7, 14})
            if (e * px_per_day >= 28) {
                every = e;
                break;
            }
        for (auto day = static_cast<std::int32_t>(std::ceil(d0)); day <= d1; ++day) {
            const float x = x_of(day);
            dl->AddLine(ImVec2(x, base), ImVec2(x, base + 2), IM_COL32(170, 170, 170, 255));
            const CivilDate cd = CivilDate::from_days(day);
            // Clear of the month's own label at its first day, and of the next month's.
            const double from_month = (cd.day - 1) * px_per_day;
            const double to_next = (CivilDate::days_in_month(cd.year, cd.month) - cd.day + 1) * px_per_day;
            if (cd.day != 1 && (cd.day - 1) % every == 0 && from_month >= 58 && to_next >= 18) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "%d", cd.day);
                dl->AddText(ImVec2(x + 2, base + 1), IM_COL32(140, 140, 140, 255), buf);
            }
        }
    }
    // Axis: month ticks, labelled as often as the labels fit (every 1, 2, 3, 6 months or N years).
    {
        const double px_per_month = px_per_day * 30.44;
        int step = 1;
        const float label_w = ImGui::CalcTextSize("2020-03").x + 12;  // labels never overlap, at any UI scale
        for (int s_ : {1, 2, 3, 6, 12, 24, 60, 120}) {
            step = s_;
            if (px_per_month * s_ >= (s_ >= 12 ? label_w * 0.7f : label_w)) break;
        }
        const CivilDate a = CivilDate::from_days(static_cast<int>(std::floor(d0)));
        int y = a.year, m = step >= 12 ? 1 : a.month - (a.month - 1) % step;
        for (int guard = 0; guard < 2000; ++guard) {
            const int td = CivilDate{y, m, 1}.days();
            if (td > d1) break;
            if (td >= d0) {
                const float x = x_of(td);
                dl->AddLine(ImVec2(x, base), ImVec2(x, base + 4), IM_COL32(120, 120, 120, 255));
                char buf[16];
                if (step >= 12) std::snprintf(buf, sizeof buf, "%d", y);
                else std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
                dl->AddText(ImVec2(x + 2, base + 1), IM_COL32(90, 90, 90, 255), buf);
            }
            m += step;
            while (m > 12) {
                m -= 12;
                ++y;
            }
        }
    }
    // Events beyond the visible range are said at the edges; a click there shows all dates.
    float left_mark = -1, right_mark = -1;
    if (hist.days() > 0) {
        double before = 0, after = 0;
        for (std::size_t d = 0; d < hist.days(); ++d) {
            const double day = hist.first_day + static_cast<double>(d);
            if (day < std::ceil(d0)) before += hist.total(d);
            else if (day > std::floor(d1)) after += hist.total(d);
        }
        auto mark = [&](double n, bool left) {
            char buf[48];
            std::snprintf(buf, sizeof buf, left ? "\xe2\x97\x80 %.0f earlier" : "%.0f later \xe2\x96\xb6", std::ceil(n));
            const ImVec2 ts = ImGui::CalcTextSize(buf);
            const float x = left ? p0.x + 4 : p0.x + size.x - ts.x - 8;
            const float y = p0.y + 18;
            dl->AddRectFilled(ImVec2(x - 3, y - 1), ImVec2(x + ts.x + 3, y + ts.y + 1), IM_COL32(30, 80, 160, 200), 3);
            dl->AddText(ImVec2(x, y), IM_COL32(255, 255, 255, 255), buf);
            return x;
        };
        if (before >= 0.5) left_mark = mark(before, true);
        if (after >= 0.5) right_mark = mark(after, false);
    }
    // The window band: never thinner than a grabbable 6 px, however long the data.
    const bool all = v.time.all_time;
    float wx0 = all ? p0.x : x_of(v.time.first_day), wx1 = all ? p0.x + size.x : x_of(v.time.last_day + 1.0);
    if (!all && wx1 - wx0 < 6) {
        const float mid = 0.5f * (wx0 + wx1);
        wx0 = mid - 3;
        wx1 = mid + 3;
    }
    if (!all) {
        dl->AddRectFilled(ImVec2(wx0, p0.y), ImVec2(std::max(wx1, wx0 + 2), base), IM_COL32(30, 80, 160, 40));
        dl->AddLine(ImVec2(wx0, p0.y), ImVec2(wx0, base), IM_COL32(30, 80, 160, 255), 2);
        dl->AddLine(ImVec2(wx1, p0.y), ImVec2(wx1, base), IM_COL32(30, 80, 160, 255), 2);
    }
    dl->AddLine(ImVec2(p0.x, base), ImVec2(p0.x + size.x, base), IM_COL32(150, 150, 150, 255));

    // ---- interaction ----
    ImGuiIO& io = ImGui::GetIO();
    const float mx = io.MousePos.x;
    if (hovered && io.MouseWheel != 0) {
        const double at = day_of(mx);
        const double f = std::pow(0.8, io.MouseWheel);
        const double span = std::clamp((d1 - d0) * f, 7.0, 366.0 * 60);
        d0 = at - (at - d0) * span / (d1 - d0);
        d1 = d0 + span;
    }
    const float my = io.MousePos.y;
    const bool on_mark = my >= p0.y + 16 && my <= p0.y + 36 &&
                         ((left_mark >= 0 && mx >= left_mark - 3 && mx <= left_mark + 110) ||
                          (right_mark >= 0 && mx >= right_mark - 3 && mx <= p0.x + size.x));
    if (ImGui::IsItemActivated() && on_mark && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        d0 = table->min_day - 3;
        d1 = table->max_day + 4;
        app.m_tl_drag = 0;
    } else if (ImGui::IsItemActivated()) {
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
            app.m_tl_drag = 4;
        } else if (!all && wx1 - wx0 >= 18 && std::abs(mx - wx0) < 6) {
            app.m_tl_drag = 2;  // edges only where the band is wide enough to hold it by its middle too
        } else if (!all && wx1 - wx0 >= 18 && std::abs(mx - wx1) < 6) {
            app.m_tl_drag = 3;
        } else if (!all && mx > wx0 - 2 && mx < wx1 + 2) {
            app.m_tl_drag = 1;
        } else {
            // Press outside the band: a drag selects a new range from here; a plain click
            // centres a window of the same length here (a week if none was set).
            const std::int32_t len = all ? 7 : v.time.last_day - v.time.first_day + 1;
            const std::int32_t c = static_cast<std::int32_t>(std::floor(day_of(mx)));
            app.set_time_window(c - len / 2, c - len / 2 + len - 1);
            app.m_tl_drag = 5;
        }
        app.m_tl_drag_anchor = day_of(mx);
        app.m_tl_drag_first = v.time.first_day;
        app.m_tl_drag_last = v.time.last_day;
    }
    if (ImGui::IsItemActive() && app.m_tl_drag) {
        const double delta = day_of(mx) - app.m_tl_drag_anchor;
        const std::int32_t dd = static_cast<std::int32_t>(std::lround(delta));
        switch (app.m_tl_drag) {
            case 1: app.set_time_window(app.m_tl_drag_first + dd, app.m_tl_drag_last + dd); break;
            case 2: app.set_time_window(std::min(app.m_tl_drag_first + dd, app.m_tl_drag_last), app.m_tl_drag_last); break;
            case 3: app.set_time_window(app.m_tl_drag_first, std::max(app.m_tl_drag_last + dd, app.m_tl_drag_first)); break;
            case 4: {
                const double span = d1 - d0;
                d0 -= io.MouseDelta.x / px_per_day;
                d1 = d0 + span;
                break;
            }
            case 5:
                if (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 4)) {
                    const auto a = static_cast<std::int32_t>(std::floor(app.m_tl_drag_anchor));
                    const auto b = static_cast<std::int32_t>(std::floor(day_of(mx)));
                    app.set_time_window(std::min(a, b), std::max(a, b));
                }
                break;
            default: break;
        }
    }
    if (!ImGui::IsItemActive()) app.m_tl_drag = 0;
    if (hovered && app.m_tl_drag == 0) {
        const std::int32_t day = static_cast<std::int32_t>(std::floor(day_of(mx)));
        const long idx = day - hist.first_day;
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(day_label(day).c_str());
        if (idx >= 0 && idx < static_cast<long>(hist.days())) {
            const auto d = static_cast<std::size_t>(idx);
            for (std::size_t t = 0; t < 6; ++t)
                if (hist.counts[d][t]) {
                    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(type_color(t)), "%u %s", hist.counts[d][t],
                                       event_type_name(static_cast<EventType>(t)));
                }
            if (hist.spans[d])
                ImGui::TextDisabled("+ %u event%s known only to a longer span covering this day (pale)", hist.spans[d],
                                    hist.spans[d] == 1 ? "" : "s");
        }
        ImGui::TextDisabled("drag the band or its edges, or drag elsewhere for a new range; wheel zooms, right-drag pans");
        ImGui::EndTooltip();
    }
    ImGui::End();
}

}  // namespace cm::ui
