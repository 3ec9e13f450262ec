// conflictmap ui: the layers panel (visibility and opacity of each map layer) and the legend of
// what is on screen now.
#include <imgui.h>

#include <string>

#include "render/Style.h"
#include "ui/App.h"

namespace cm::ui {

void draw_layers(App& app) {
    // Bottom left, over the sea and the panel column rather than over the data.
    const ImGuiViewport* lvp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(8, lvp->Size.y - app.m_timeline_height - 8), ImGuiCond_FirstUseEver, ImVec2(0, 1));
    if (!ImGui::Begin("Layers", &app.m_view.show_layers, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::End();
        return;
    }
    render::LayerState& l = app.m_view.layers;
    const auto& ov = app.m_renderer->overlays().stats();
    ImGui::Checkbox("Events", &l.events);
    ImGui::Checkbox("Labels", &l.labels);
    ImGui::Checkbox(("Routes (" + std::to_string(ov.routes_total) + ")").c_str(), &l.routes);
    ImGui::SameLine(170);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.67f);
    ImGui::SliderFloat("##ro", &l.route_opacity, 0, 1, "%.2f");
    ImGui::Checkbox(("Zones (" + std::to_string(ov.zones_total) + ")").c_str(), &l.zones);
    ImGui::SameLine(170);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.67f);
    ImGui::SliderFloat("##zo", &l.zone_opacity, 0, 1, "%.2f");
    ImGui::Separator();
    // The analyst's own layers, drawn in this order above the basemap.
    auto& user = app.m_renderer->user_layers();
    ImGui::TextDisabled("Your layers (drawn top to bottom = first to last)");
    for (std::size_t i = 0; i < user.size(); ++i) {
        render::UserLayer& ul = *user[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::Checkbox(ul.name().c_str(), &ul.visible);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", ul.path().c_str(), ul.description().c_str());
        ImGui::SameLine(170);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5.33f);
        ImGui::SliderFloat("##op", &ul.opacity, 0, 1, "%.2f");
        ImGui::SameLine();
        if (ImGui::ArrowButton("##up", ImGuiDir_Up) && i > 0) std::swap(user[i], user[i - 1]);
        ImGui::SameLine();
        if (ImGui::ArrowButton("##down", ImGuiDir_Down) && i + 1 < user.size()) std::swap(user[i], user[i + 1]);
        ImGui::SameLine();
        const bool remove = ImGui::SmallButton("x");
        ImGui::PopID();
        if (remove) {
            user.erase(user.begin() + static_cast<std::ptrdiff_t>(i));
            break;
        }
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 13.33f);
    const bool enter = ImGui::InputTextWithHint("##layerpath", "GeoTIFF, MBTiles, GeoPackage, shapefile…", app.m_layer_path,
                                                sizeof app.m_layer_path, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Add layer") || enter) && app.m_layer_path[0]) {
        if (app.add_layer(app.m_layer_path)) app.m_layer_path[0] = 0;
    }
    ImGui::Separator();
    ImGui::TextDisabled("Basemap");
    ImGui::Checkbox("Towns", &l.basemap.towns);
    ImGui::Checkbox("Roads", &l.basemap.roads);
    ImGui::Checkbox("Rivers", &l.basemap.rivers);
    ImGui::Checkbox("Governorates", &l.basemap.admin);
    ImGui::Checkbox("Land and borders", &l.basemap.land);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10.00f);
    ImGui::SliderFloat("line opacity", &l.basemap.opacity, 0, 1, "%.2f");
    const auto& bs = app.m_renderer->basemap().stats();
    ImGui::TextDisabled("%zu countries, %zu governorates, %zu rivers, %zu roads, %zu towns", bs.countries, bs.admin_areas,
                        bs.rivers, bs.roads, bs.towns);
    ImGui::End();
}

void draw_legend(App& app) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Size.x - 8, vp->Size.y - app.m_timeline_height - 8), ImGuiCond_Always, ImVec2(1, 1));
    ImGui::SetNextWindowBgAlpha(0.85f);
    ImGui::Begin("Legend", nullptr,
                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing);
    const auto& st = app.m_renderer->events().stats();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float u = ImGui::GetFontSize() / 15.0f;  // legend marks follow the UI scale
    for (std::size_t t = 0; t < 6; ++t) {
        if (st.in_view_by_type[t] == 0) continue;  // only what is on screen
        const render::Rgba c = render::style::kTypeColors[t];
        const ImVec2 p = ImGui::GetCursorScreenPos();
        dl->AddCircleFilled(ImVec2(p.x + 7 * u, p.y + 8 * u), 5.5f * u, IM_COL32(c.r, c.g, c.b, 255));
        ImGui::Dummy(ImVec2(u * 16, u * 16));
        ImGui::SameLine();
        ImGui::Text("%s  %zu", event_type_name(static_cast<EventType>(t)), st.in_view_by_type[t]);
    }
    const auto& ov = app.m_renderer->overlays().stats();
    if (ov.routes_shown && app.m_view.layers.routes) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        dl->AddLine(ImVec2(p.x, p.y + 8 * u), ImVec2(p.x + 16 * u, p.y + 8 * u), IM_COL32(0x1f, 0x3b, 0x8c, 255), 3 * u);
        ImGui::Dummy(ImVec2(u * 16, u * 16));
        ImGui::SameLine();
        ImGui::Text("Route (patrol, convoy)  %zu", ov.routes_shown);
    }
    if (ov.zones_shown && app.m_view.layers.zones) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        dl->AddRectFilled(ImVec2(p.x + u, p.y + 3 * u), ImVec2(p.x + 15 * u, p.y + 13 * u), IM_COL32(0x8e, 0x44, 0xad, 0x60));
        dl->AddRect(ImVec2(p.x + u, p.y + 3 * u), ImVec2(p.x + 15 * u, p.y + 13 * u), IM_COL32(0x6c, 0x2f, 0x88, 0xe0));
        ImGui::Dummy(ImVec2(u * 16, u * 16));
        ImGui::SameLine();
        ImGui::Text("Zone in force  %zu", ov.zones_shown);
        if (ov.zones_open_shown) {
            const ImVec2 q = ImGui::GetCursorScreenPos();
            for (int k = 0; k < 2; ++k)
                dl->AddLine(ImVec2(q.x + u * (1 + 8 * k), q.y + 8 * u), ImVec2(q.x + u * (6 + 8 * k), q.y + 8 * u), IM_COL32(0x6c, 0x2f, 0x88, 0xe0), 2 * u);
            ImGui::Dummy(ImVec2(u * 16, u * 16));
            ImGui::SameLine();
            ImGui::Text("dashed: no end date known  %zu", ov.zones_open_shown);
        }
    }
    if (st.clusters) ImGui::TextDisabled("Numbered circles: clusters (zoom in to split)");
    ImGui::TextDisabled("Size: fatalities; faint disc: location uncertainty");
    ImGui::End();
}

}  // namespace cm::ui
