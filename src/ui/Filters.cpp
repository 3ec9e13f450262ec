// conflictmap ui: the filter panel — event types (with counts that follow every change), kinds,
// actors, sources, fatalities, location precision, free text, undated events.
#include <imgui.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "core/Utf8.h"
#include "render/Style.h"
#include "ui/App.h"

namespace cm::ui {

namespace {

// A searchable checklist over one string pool; `chosen` empty means "all".
void checklist(const char* id, const std::vector<std::string>& pool, const std::vector<std::size_t>& counts,
               std::set<std::string>& chosen) {
    ImGui::PushID(id);
    static std::map<std::string, std::string> needles;
    std::string& needle = needles[id];
    char buf[128];
    std::snprintf(buf, sizeof buf, "%s", needle.c_str());
    ImGui::SetNextItemWidth(-60);
    if (ImGui::InputTextWithHint("##find", "search", buf, sizeof buf)) needle = buf;
    ImGui::SameLine();
    if (ImGui::SmallButton("all")) chosen.clear();
    const std::string lower_needle = ascii_lower(needle);
    // Largest first, so the common ones are at hand.
    std::vector<std::size_t> order;
    for (std::size_t i = 1; i < pool.size(); ++i) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return (a < counts.size() ? counts[a] : 0) > (b < counts.size() ? counts[b] : 0);
    });
    ImGui::BeginChild("##list", ImVec2(0, std::min(150.0f, 22.0f * static_cast<float>(order.size()) + 6)), true);
    for (std::size_t i : order) {
        if (!lower_needle.empty() && ascii_lower(pool[i]).find(lower_needle) == std::string::npos) continue;
        bool on = chosen.empty() || chosen.count(pool[i]);
        const std::string label = pool[i] + " (" + std::to_string(i < counts.size() ? counts[i] : 0) + ")##" + std::to_string(i);
        if (ImGui::Checkbox(label.c_str(), &on)) {
            if (chosen.empty()) {
                // From "all": unticking one keeps all the others.
                for (std::size_t j = 1; j < pool.size(); ++j) chosen.insert(pool[j]);
            }
            if (on) chosen.insert(pool[i]);
            else chosen.erase(pool[i]);
            if (chosen.size() + 1 == pool.size()) chosen.clear();
        }
    }
    ImGui::EndChild();
    ImGui::PopID();
}

}  // namespace

void draw_filters(App& app) {
    ImGui::SetNextWindowPos(ImVec2(8, 30), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(290, 0), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin("Filters", &app.m_view.show_filters, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::End();
        return;
    }
    FilterState& f = app.m_view.filter;
    const events::EventTable* t = app.m_table.get();
    ImGui::Text("%zu of %zu events pass", app.m_passing, t ? t->size() : std::size_t{0});
    ImGui::SameLine();
    if (ImGui::SmallButton("reset")) {
        f = FilterState{};
        app.m_filter_text[0] = 0;
    }
    ImGui::Separator();
    for (int ty = 0; ty < 6; ++ty) {
        const render::Rgba c = render::style::kTypeColors[static_cast<std::size_t>(ty)];
        bool on = (f.type_mask >> ty) & 1;
        ImGui::PushStyleColor(ImGuiCol_CheckMark, IM_COL32(c.r, c.g, c.b, 255));
        const std::string label = std::string(event_type_name(static_cast<EventType>(ty))) + " (" +
                                  std::to_string(app.m_type_counts[static_cast<std::size_t>(ty)]) + ")";
        if (ImGui::Checkbox(label.c_str(), &on)) f.type_mask = static_cast<std::uint8_t>(on ? f.type_mask | (1u << ty) : f.type_mask & ~(1u << ty));
        ImGui::PopStyleColor();
    }
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputTextWithHint("##text", "words in summary, actors, place…", app.m_filter_text, sizeof app.m_filter_text))
        f.text = app.m_filter_text;
    ImGui::SetNextItemWidth(120);
    ImGui::InputInt("fatalities ≥", &f.min_fatalities);
    f.min_fatalities = std::max(0, f.min_fatalities);
    const char* prec[] = {"exact places only", "places and near them", "regions too", "country-level too (listed)"};
    ImGui::SetNextItemWidth(190);
    int pi = std::clamp(f.max_loc_precision, 1, 4) - 1;
    if (ImGui::Combo("location", &pi, prec, 4)) f.max_loc_precision = pi + 1;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("How precisely an event's place must be known. Country-level rows (a whole country,\n"
                          "international waters) are never drawn on the map: they are counted and listed\n"
                          "under 'not on the map' in the timeline bar.");
    ImGui::Checkbox("undated events in lists", &f.show_undated);
    if (t) {
        if (t->kinds.size() > 1 && ImGui::CollapsingHeader("Kinds")) checklist("kinds", t->kinds, app.m_kind_counts, f.kinds);
        if (t->actors.size() > 1 && ImGui::CollapsingHeader("Actors")) checklist("actors", t->actors, app.m_actor_counts, f.actors);
        if (t->sources.size() > 1 && ImGui::CollapsingHeader("Sources"))
            checklist("sources", t->sources, app.m_source_counts, f.sources);
    }
    ImGui::End();
}

}  // namespace cm::ui
