// conflictmap ui: the inspector — every field of the selected event, and the source sentence in
// its paragraph with the place and date words highlighted, with outlet and date; when several
// events lie under the pointer (a stack or a cluster) it lists them first.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>

#include "core/Utf8.h"
#include "extract/Report.h"
#include "render/Style.h"
#include "ui/App.h"

namespace cm::ui {

namespace {

// Draws text wrapped to the window width with some byte ranges in colour: words flow with
// SameLine, so each word may carry its own colour.
struct Highlight {
    std::size_t begin, end;
    ImU32 color;
};

void rich_text(const std::string& text, const std::vector<Highlight>& marks, ImU32 base) {
    const float wrap = ImGui::GetContentRegionAvail().x;
    const float space = ImGui::CalcTextSize(" ").x;
    float x = 0;
    std::size_t i = 0;
    bool first = true;
    while (i < text.size()) {
        if (text[i] == '\n') {
            x = 0;
            first = true;
            ++i;
            ImGui::NewLine();
            continue;
        }
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && text[j] != ' ' && text[j] != '\n') ++j;
        const std::string word = text.substr(i, j - i);
        ImU32 col = base;
        for (const Highlight& h : marks)
            if (i < h.end && j > h.begin) col = h.color;
        const float w = ImGui::CalcTextSize(word.c_str()).x;
        if (!first) {
            if (x + space + w > wrap) {
                x = 0;
            } else {
                ImGui::SameLine(0, space);
                x += space;
            }
        }
        ImGui::PushStyleColor(ImGuiCol_Text, col);
        ImGui::TextUnformatted(word.c_str());
        ImGui::PopStyleColor();
        x += w;
        first = false;
        i = j;
    }
}

// Byte ranges in `text` where `needle` occurs (ASCII case-insensitive).
void find_all(const std::string& text, const std::string& needle, ImU32 color, std::vector<Highlight>& out) {
    if (needle.size() < 2) return;
    for (std::size_t i = 0; i + needle.size() <= text.size(); ++i) {
        bool eq = true;
        for (std::size_t k = 0; k < needle.size() && eq; ++k) eq = ascii_lower(text[i + k]) == ascii_lower(needle[k]);
        if (eq) out.push_back({i, i + needle.size(), color});
    }
}

void field(const char* name, const std::string& value) {
    if (value.empty()) return;
    ImGui::TextDisabled("%s", name);
    ImGui::SameLine(std::max(ImGui::GetFontSize() * 7.3f, ImGui::CalcTextSize(name).x + 12));
    ImGui::TextWrapped("%s", value.c_str());
}

std::string actors_line(const std::vector<Actor>& actors) {
    std::string s;
    for (const Actor& a : actors) {
        if (!s.empty()) s += "; ";
        s += a.name.empty() ? a.written : a.name;
        if (!a.written.empty() && a.written != a.name) s += "  (\"" + a.written + "\")";
    }
    return s;
}

std::string count_line(const Count& c) {
    if (!c.given()) return {};
    std::string s = std::to_string(c.best >= 0 ? c.best : c.low);
    if (c.low >= 0 && c.high > c.low) s += " (" + std::to_string(c.low) + "–" + std::to_string(c.high) + ")";
    if (!c.written.empty()) s += "  \"" + c.written + "\"";
    return s;
}

}  // namespace

void draw_inspector(App& app) {
    if (!app.m_inspector_open || !app.m_table || app.m_selected < 0) {
        app.m_inspector_paragraph_for.clear();
        app.m_inspector_paragraph.clear();
    }
    if (!app.m_inspector_open || !app.m_table) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    // Compact, and on the side away from the selected event: on the right unless the event lies
    // under it, then on the left (beside the filters when they are open).
    const float w = std::min(app.ui(420), vp->Size.x * 0.42f);
    const float h = std::min(vp->Size.y - app.m_timeline_height - app.ui(46), app.ui(560));
    bool left = false;
    float sx = 0, sy = 0;
    if (app.m_selected >= 0 && app.screen_position(app.m_selected, sx, sy)) left = sx > vp->Size.x - w - 24;
    if (left) {
        const float x = app.m_view.show_filters && sx > app.ui(300) + w + 24 ? app.ui(300) : 8.0f;
        ImGui::SetNextWindowPos(ImVec2(x, app.ui(30)), ImGuiCond_Always, ImVec2(0, 0));
    } else {
        ImGui::SetNextWindowPos(ImVec2(vp->Size.x - 8, app.ui(30)), ImGuiCond_Always, ImVec2(1, 0));
    }
    ImGui::SetNextWindowSize(ImVec2(w, h), ImGuiCond_Always);
    bool open = true;
    if (!ImGui::Begin("Inspector", &open, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize)) {
        ImGui::End();
        if (!open) app.m_inspector_open = false;
        return;
    }
    const events::EventTable& t = *app.m_table;
    if (app.m_pick_list.size() > 1) {
        // Every event here, paged by the clipper however many there are: type, date, place, summary.
        ImGui::Text("%zu events here", app.m_pick_list.size());
        ImGui::BeginChild("##list", ImVec2(0, std::min(220.0f, 20.0f * static_cast<float>(app.m_pick_list.size()) + 8)), true);
        ImGuiListClipper clip;
        clip.Begin(static_cast<int>(app.m_pick_list.size()));
        while (clip.Step())
            for (int k = clip.DisplayStart; k < clip.DisplayEnd; ++k) {
                const std::int64_t row = app.m_pick_list[static_cast<std::size_t>(k)];
                const std::size_t i = static_cast<std::size_t>(row);
                const Event e = t.event(i);
                const render::Rgba c = render::style::kTypeColors[std::min<std::size_t>(t.type[i], 5)];
                ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(c.r, c.g, c.b, 255));
                ImGui::TextUnformatted("\xe2\x97\x8f");  // a dot in the type's colour
                ImGui::PopStyleColor();
                ImGui::SameLine();
                std::string label = (e.date.valid() ? e.date.first.iso() : std::string("undated")) + "  " + event_type_name(e.type);
                if (!e.location.written.empty()) label += "  " + e.location.written;
                label += "  " + (e.summary.empty() ? e.kind : e.summary);
                label += "##" + std::to_string(row);
                if (ImGui::Selectable(label.c_str(), row == app.m_selected)) app.m_selected = row;
            }
        ImGui::EndChild();
    }
    if (app.m_selected < 0 || static_cast<std::size_t>(app.m_selected) >= t.size()) {
        ImGui::TextDisabled("choose an event above");
        ImGui::End();
        if (!open) app.m_inspector_open = false;
        return;
    }
    const Event e = t.event(static_cast<std::size_t>(app.m_selected));
    const render::Rgba tc = render::style::kTypeColors[static_cast<std::size_t>(e.type)];
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(tc.r, tc.g, tc.b, 255));
    ImGui::TextWrapped("%s%s%s", event_type_name(e.type), e.sub_event_type.empty() ? "" : " — ", e.sub_event_type.c_str());
    ImGui::PopStyleColor();
    if (!e.summary.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(e.summary.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::Separator();
    std::string date = e.date.undated ? "undated" : e.date.first.iso();
    if (e.date.valid() && e.date.last != e.date.first) date += " – " + e.date.last.iso();
    if (e.date.valid()) date += std::string("  (") + precision_name(e.date.precision) + ")";
    field("date", date);
    field("date words", e.date.written.empty() ? "" : "\"" + e.date.written + "\"");
    field("kind", e.kind);
    field("actor 1", actors_line(e.actor1));
    field("actor 2", actors_line(e.actor2));
    field("killed", count_line(e.casualties.killed));
    field("injured", count_line(e.casualties.injured));
    if (e.casualties.disputed) field("disputed", "yes");
    field("qualifier", e.casualties.qualifier);
    field("place words", e.location.written.empty() ? "" : "\"" + e.location.written + "\"");
    {
        char buf[200];
        const LocPrecision lp = e.location.precision;
        if (!std::isfinite(e.location.point.lon)) {
            std::snprintf(buf, sizeof buf, "not located");
        } else if (lp == LocPrecision::Country) {
            std::snprintf(buf, sizeof buf, "%.4f, %.4f  country-level: not drawn on the map (the point is the country's, "
                          "not the event's)", e.location.point.lat, e.location.point.lon);
        } else if (e.location.radius_km > 0) {
            std::snprintf(buf, sizeof buf, "%.4f, %.4f  %s, within about %.0f km", e.location.point.lat, e.location.point.lon,
                          loc_precision_name(lp), e.location.radius_km);
        } else {
            std::snprintf(buf, sizeof buf, "%.4f, %.4f  %s", e.location.point.lat, e.location.point.lon, loc_precision_name(lp));
        }
        field("location", buf);
    }
    field("gazetteer", e.location.gazetteer_id);
    if (e.shape != EventShape::Place) field("shape", e.shape == EventShape::Route ? "route" : "zone");
    if (!e.valid_from.empty() || !e.valid_to.empty())
        field("holds", e.valid_from + " – " + (e.valid_to.empty() ? "…  (no end date known: shown as in force, dashed)" : e.valid_to));
    if (e.aggregate) field("aggregate", "a tally over a period, not one incident");
    {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.2f", e.confidence);
        if (e.confidence > 0) field("confidence", buf);
    }
    std::string flags;
    for (const auto& f : e.flags) flags += (flags.empty() ? "" : ", ") + f;
    field("flags", flags);
    field("id", e.id);
    ImGui::Separator();
    field("outlet", e.provenance.outlet);
    field("title", e.provenance.title);
    field("published", e.provenance.published);
    field("file", e.provenance.source_file);
    if (e.provenance.row) field("row", std::to_string(e.provenance.row));
    if (!e.attributes.empty()) {
        ImGui::Separator();
        ImGui::TextDisabled("the dataset's own fields");
        for (const Attribute& a : e.attributes) field(a.name.c_str(), a.value);
    }

    // The source sentence in its paragraph: read the report again (cached per event). The key
    // names the event itself: imported rows share one file and no span, and each has its own text.
    const std::string key = e.id + '\x1f' + e.provenance.source_file + "#" + std::to_string(e.provenance.begin) + "-" +
                            std::to_string(e.provenance.end) + "#" + std::to_string(std::hash<std::string>{}(e.provenance.text));
    if (key != app.m_inspector_paragraph_for) {
        app.m_inspector_paragraph_for = key;
        app.m_inspector_paragraph.clear();
        app.m_inspector_sentence_begin = app.m_inspector_sentence_end = 0;
        std::error_code ec;
        if (!e.provenance.source_file.empty() && std::filesystem::is_regular_file(e.provenance.source_file, ec) &&
            is_report_file(e.provenance.source_file)) {
            try {
                const ex::Report r = ex::load_report(e.provenance.source_file);
                const std::size_t b = std::min(e.provenance.begin, r.text.size());
                const std::size_t en = std::min(std::max(e.provenance.end, b), r.text.size());
                std::size_t pb = r.text.rfind("\n\n", b);
                pb = pb == std::string::npos ? 0 : pb + 2;
                std::size_t pe = r.text.find("\n\n", en);
                if (pe == std::string::npos) pe = r.text.size();
                if (en > b && r.text.compare(b, en - b, e.provenance.text) == 0) {
                    app.m_inspector_paragraph = r.text.substr(pb, pe - pb);
                    app.m_inspector_sentence_begin = b - pb;
                    app.m_inspector_sentence_end = en - pb;
                }
            } catch (const std::exception&) {
                // The report moved or changed: fall back to the sentence kept with the event.
            }
        }
        if (app.m_inspector_paragraph.empty() && !e.provenance.text.empty()) {
            app.m_inspector_paragraph = e.provenance.text;
            app.m_inspector_sentence_begin = 0;
            app.m_inspector_sentence_end = e.provenance.text.size();
        }
    }
    if (!app.m_inspector_paragraph.empty()) {
        ImGui::Separator();
        ImGui::TextDisabled("source  (sentence used in dark; place words blue, date words green)");
        std::vector<Highlight> marks;
        const std::string& para = app.m_inspector_paragraph;
        find_all(para, e.location.written, IM_COL32(0x00, 0x55, 0xbb, 255), marks);
        find_all(para, e.date.written, IM_COL32(0x00, 0x80, 0x40, 255), marks);
        // Outside the sentence the paragraph is grey; marks only inside the sentence.
        std::vector<Highlight> all;
        all.push_back({0, app.m_inspector_sentence_begin, IM_COL32(140, 140, 140, 255)});
        all.push_back({app.m_inspector_sentence_end, para.size(), IM_COL32(140, 140, 140, 255)});
        for (const auto& m : marks)
            if (m.begin >= app.m_inspector_sentence_begin && m.end <= app.m_inspector_sentence_end) all.push_back(m);
        ImGui::BeginChild("##source", ImVec2(0, 0), true);
        rich_text(para, all, IM_COL32(20, 20, 20, 255));
        ImGui::EndChild();
    } else if (e.provenance.source_file.empty()) {
        ImGui::Separator();
        ImGui::TextDisabled("no report text with this event (coded by hand or imported)");
    }
    ImGui::End();
    if (!open) {
        app.m_inspector_open = false;
        app.m_selected = -1;
    }
}

}  // namespace cm::ui
