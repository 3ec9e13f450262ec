// conflictmap ui: the timeline panel — events per day stacked by type over the whole data range,
// the time window as a draggable band (move it, or drag its edges), presets, cumulative and
// ghost modes, play/pause with speed; the wheel zooms the timeline, right-drag pans it.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/Date.h"
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
    ImGui::SetNextItemWidth(110);
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
    if (ImGui::Checkbox("Cumulative", &v.cumulative) && v.cumulative && has_days && !v.time.all_time)
        app.set_time_window(table->min_day, v.time.last_day);
    ImGui::SameLine();
    ImGui::Checkbox("Ghost outside window", &v.time.ghost);
    ImGui::SameLine();
    if (v.time.all_time) {
        ImGui::TextDisabled("|  all dates");
    } else {
        const int len = v.time.last_day - v.time.first_day + 1;
        ImGui::Text("|  %s – %s  (%d day%s)", day_label(v.time.first_day).c_str(), day_label(v.time.last_day).c_str(), len,
                    len == 1 ? "" : "s");
    }
    ImGui::SameLine();
    const auto& st = app.m_renderer->events().stats();
    ImGui::TextDisabled("|  %zu in window, %zu on screen (%zu symbols, %zu clusters)", st.in_time, st.in_view, st.symbols,
                        st.clusters);
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
    const double px_per_day = size.x / (d1 - d0);
    auto x_of = [&](double day) { return static_cast<float>(p0.x + (day - d0) * px_per_day); };
    auto day_of = [&](float x) { return d0 + (x - p0.x) / px_per_day; };

    // Bars: one column per pixel group; a column sums the days it covers.
    const events::DayHistogram& hist = app.m_histogram;
    const float base = p0.y + size.y - 14;  // leave room for the axis labels
    const float bar_h = size.y - 20;
    if (hist.days() > 0) {
        const double days_per_col = std::max(1.0, std::ceil(2.0 / px_per_day));
        std::uint32_t peak = 1;
        std::vector<std::array<std::uint32_t, 6>> cols;
        std::vector<double> col_day;
        for (double day = std::floor(std::max(d0, double(hist.first_day))); day <= std::min(d1, double(hist.first_day + hist.days() - 1));
             day += days_per_col) {
            std::array<std::uint32_t, 6> sum{};
            for (int k = 0; k < days_per_col; ++k) {
                const long idx = static_cast<long>(day) + k - hist.first_day;
                if (idx < 0 || idx >= static_cast<long>(hist.days())) continue;
                for (std::size_t t = 0; t < 6; ++t) sum[t] += hist.counts[static_cast<std::size_t>(idx)][t];
            }
            std::uint32_t tot = 0;
            for (auto c : sum) tot += c;
            peak = std::max(peak, tot);
            cols.push_back(sum);
            col_day.push_back(day);
        }
        const float bar_w = std::max(1.0f, static_cast<float>(days_per_col * px_per_day) - (px_per_day > 4 ? 1.0f : 0.0f));
        for (std::size_t c = 0; c < cols.size(); ++c) {
            float y = base;
            const float x = x_of(col_day[c]);
            for (std::size_t t = 0; t < 6; ++t) {
                if (!cols[c][t]) continue;
                const float hgt = bar_h * static_cast<float>(cols[c][t]) / static_cast<float>(peak);
                dl->AddRectFilled(ImVec2(x, y - hgt), ImVec2(x + bar_w, y), type_color(t, 220));
                y -= hgt;
            }
        }
        dl->AddText(ImVec2(p0.x + 4, p0.y + 2), IM_COL32(110, 110, 110, 255),
                    (std::to_string(peak) + (days_per_col > 1 ? " per " + std::to_string(int(days_per_col)) + " days" : " per day")).c_str());
    }
    // Axis: month ticks, labelled as often as the labels fit (every 1, 2, 3, 6 months or N years).
    {
        const double px_per_month = px_per_day * 30.44;
        int step = 1;
        for (int s_ : {1, 2, 3, 6, 12, 24, 60, 120}) {
            step = s_;
            if (px_per_month * s_ >= 64) break;
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
    // The window band.
    const bool all = v.time.all_time;
    const float wx0 = all ? p0.x : x_of(v.time.first_day), wx1 = all ? p0.x + size.x : x_of(v.time.last_day + 1.0);
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
    if (ImGui::IsItemActivated()) {
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
            app.m_tl_drag = 4;
        } else if (!all && std::abs(mx - wx0) < 6) {
            app.m_tl_drag = 2;
        } else if (!all && std::abs(mx - wx1) < 6) {
            app.m_tl_drag = 3;
        } else if (!all && mx > wx0 && mx < wx1) {
            app.m_tl_drag = 1;
        } else {
            // Click outside the band: centre a window there (a week if none was set).
            const std::int32_t len = all ? 7 : v.time.last_day - v.time.first_day + 1;
            const std::int32_t c = static_cast<std::int32_t>(std::floor(day_of(mx)));
            app.set_time_window(c - len / 2, c - len / 2 + len - 1);
            app.m_tl_drag = 1;
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
            for (std::size_t t = 0; t < 6; ++t)
                if (hist.counts[static_cast<std::size_t>(idx)][t]) {
                    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(type_color(t)), "%u %s",
                                       hist.counts[static_cast<std::size_t>(idx)][t], event_type_name(static_cast<EventType>(t)));
                }
        }
        ImGui::TextDisabled("drag the band or its edges; wheel zooms, right-drag pans");
        ImGui::EndTooltip();
    }
    ImGui::End();
}

}  // namespace cm::ui
