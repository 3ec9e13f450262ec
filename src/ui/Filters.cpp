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

// A name no pool holds: a checklist with only it chosen selects nothing ("none").
const std::string kNone = "\x01none";

// The entries of a pool to list: largest count first, those matching the search box.
std::vector<std::size_t> listed(const char* id, const std::vector<std::string>& pool, const std::vector<std::size_t>& counts) {
    static std::map<std::string, std::string> needles;
    std::string& needle = needles[id];
    char buf[128];
    std::snprintf(buf, sizeof buf, "%s", needle.c_str());
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputTextWithHint("##find", "search", buf, sizeof buf)) needle = buf;
    const std::string lower_needle = ascii_lower(needle);
    std::vector<std::size_t> order;
    for (std::size_t i = 1; i < pool.size(); ++i)
        if (lower_needle.empty() || ascii_lower(pool[i]).find(lower_needle) != std::string::npos) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return (a < counts.size() ? counts[a] : 0) > (b < counts.size() ? counts[b] : 0);
    });
    return order;
}

std::string entry_label(const std::string& name, std::size_t count, std::size_t i) {
    return name + " (" + std::to_string(count) + ")##" + std::to_string(i);
}

// How wide a list must be for its entries' names and counts ("state-based conflict (3273)"),
// "only" buttons and checkboxes to show whole: the panel grows to it, up to 40 % of the window;
// a longer name is cut at the list's edge. The first few hundred entries are measured (the
// largest counts come first; the list scrolls).
float list_width(const std::vector<std::string>& pool, const std::vector<std::size_t>& counts, const std::vector<std::size_t>& order) {
    const ImGuiStyle& st = ImGui::GetStyle();
    float widest = 0;
    for (std::size_t k = 0; k < order.size() && k < 300; ++k) {
        const std::size_t i = order[k];
        const std::string label = pool[i] + " (" + std::to_string(i < counts.size() ? counts[i] : 0) + ")";
        widest = std::max(widest, ImGui::CalcTextSize(label.c_str()).x);
    }
    const float only = ImGui::CalcTextSize("only").x + 2 * st.FramePadding.x;
    const float row = only + st.ItemSpacing.x + ImGui::GetFrameHeight() + st.ItemInnerSpacing.x + widest + st.ScrollbarSize +
                      2 * st.WindowPadding.x + 2 * st.ChildBorderSize;
    return std::max(ImGui::GetContentRegionAvail().x, std::min(row, 0.4f * ImGui::GetMainViewport()->Size.x));
}

// A checklist over one pool whose rows hold one value each (kinds, sources); `chosen` empty
// means "all". Counts beside each entry follow the other filters.
void checklist(const char* id, const std::vector<std::string>& pool, const std::vector<std::size_t>& counts,
               std::set<std::string>& chosen) {
    ImGui::PushID(id);
    if (ImGui::SmallButton("all")) chosen.clear();
    ImGui::SameLine();
    if (ImGui::SmallButton("none")) chosen = {kNone};
    const std::vector<std::size_t> order = listed(id, pool, counts);
    ImGui::BeginChild("##list", ImVec2(list_width(pool, counts, order), std::min(150.0f, 22.0f * static_cast<float>(order.size()) + 6)), true);
    for (std::size_t i : order) {
        if (ImGui::SmallButton(("only##" + std::to_string(i)).c_str())) chosen = {pool[i]};
        ImGui::SameLine();
        bool on = chosen.empty() || chosen.count(pool[i]);
        if (ImGui::Checkbox(entry_label(pool[i], i < counts.size() ? counts[i] : 0, i).c_str(), &on)) {
            if (chosen.empty()) {
                // From "all": unticking one keeps all the others.
                for (std::size_t j = 1; j < pool.size(); ++j) chosen.insert(pool[j]);
            }
            chosen.erase(kNone);
            if (on) chosen.insert(pool[i]);
            else chosen.erase(pool[i]);
            if (chosen.empty()) chosen = {kNone};
            else if (chosen.size() + 1 == pool.size()) chosen.clear();
        }
    }
    ImGui::EndChild();
    ImGui::PopID();
}

// Actors: a row has several (both sides, associated actors), so ticks need a rule, chosen in
// the panel and said in words: hide events involving an unticked actor, or show only events
// involving a ticked one. Rows without actors have their own box.
void actor_list(const std::vector<std::string>& pool, const std::vector<std::size_t>& counts, std::size_t no_actor_count,
                FilterState& f) {
    ImGui::PushID("actors");
    const char* rules[] = {"hide events of unticked actors", "only events of ticked actors"};
    int rule = f.actors_involving ? 1 : 0;
    ImGui::SetNextItemWidth(-1);
    if (ImGui::Combo("##rule", &rule, rules, 2)) f.actors_involving = rule == 1;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Either side of an event counts, and its associated actors too.\n"
                          "Unticking one from 'all' hides the events it took part in;\n"
                          "'only' shows just the events one took part in.");
    if (ImGui::SmallButton("all")) {
        f.actors.clear();
        f.actors_ticked_by_default = true;
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("none")) {
        f.actors.clear();
        f.actors_ticked_by_default = false;
        f.actors_involving = true;
    }
    ImGui::SameLine();
    ImGui::Checkbox(("rows without actors (" + std::to_string(no_actor_count) + ")").c_str(), &f.no_actor_rows);
    const std::vector<std::size_t> order = listed("actors", pool, counts);
    ImGui::BeginChild("##list", ImVec2(list_width(pool, counts, order), std::min(170.0f, 22.0f * static_cast<float>(order.size()) + 6)), true);
    for (std::size_t i : order) {
        if (ImGui::SmallButton(("only##" + std::to_string(i)).c_str())) {
            f.actors = {pool[i]};
            f.actors_ticked_by_default = false;
            f.actors_involving = true;
        }
        ImGui::SameLine();
        const bool listed_as_exception = f.actors.count(pool[i]) > 0;
        bool on = f.actors_ticked_by_default != listed_as_exception;
        if (ImGui::Checkbox(entry_label(pool[i], i < counts.size() ? counts[i] : 0, i).c_str(), &on)) {
            if (listed_as_exception) f.actors.erase(pool[i]);
            else f.actors.insert(pool[i]);
            // Unticking from "all" means "hide what it took part in".
            if (f.actors_ticked_by_default && !on) f.actors_involving = false;
            if (f.actors.size() + 1 == pool.size()) {
                f.actors.clear();
                f.actors_ticked_by_default = !f.actors_ticked_by_default;
            }
        }
    }
    ImGui::EndChild();
    ImGui::PopID();
}

}  // namespace

void draw_filters(App& app) {
    ImGui::SetNextWindowPos(ImVec2(8, ImGui::GetFrameHeight() + 6), ImGuiCond_FirstUseEver);
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
    // What the files held but the table does not: never left for the user to guess.
    if (app.m_rows_skipped || app.m_files_failed) {
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(0xb0, 0x40, 0x00, 0xff));
        std::string said;
        if (app.m_rows_skipped) said = plural(app.m_rows_skipped, "row left out", "rows left out");
        if (app.m_files_failed) said += (said.empty() ? "" : ", ") + plural(app.m_files_failed, "file not read", "files not read");
        ImGui::TextUnformatted(said.c_str());
        ImGui::PopStyleColor();
        ImGui::SameLine();
        if (ImGui::SmallButton("why?")) app.m_show_messages = true;
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
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.00f);
    ImGui::InputInt("fatalities ≥", &f.min_fatalities);
    f.min_fatalities = std::max(0, f.min_fatalities);
    const char* prec[] = {"exact places only", "places and near them", "regions too", "country-level too (listed)"};
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12.67f);
    int pi = std::clamp(f.max_loc_precision, 1, 4) - 1;
    if (ImGui::Combo("location", &pi, prec, 4)) f.max_loc_precision = pi + 1;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("How precisely an event's place must be known. Country-level rows (a whole country,\n"
                          "international waters) are never drawn on the map: they are counted and listed\n"
                          "under 'not on the map' in the timeline bar.");
    ImGui::Checkbox("undated events in lists", &f.show_undated);
    if (t) {
        if (t->kinds.size() > 1 && ImGui::CollapsingHeader("Kinds")) checklist("kinds", t->kinds, app.m_kind_counts, f.kinds);
        if (t->actors.size() > 1 && ImGui::CollapsingHeader("Actors"))
            actor_list(t->actors, app.m_actor_counts, app.m_no_actor_count, f);
        if (t->outlets.size() > 1 && ImGui::CollapsingHeader("Sources"))
            checklist("sources", t->outlets, app.m_source_counts, f.sources);
    }
    ImGui::End();
}

}  // namespace cm::ui
