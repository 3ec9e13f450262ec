// conflictmap ui: saving and restoring the view as JSON.
#include "ui/ViewState.h"

#include "core/Date.h"
#include "core/Limits.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>

namespace cm::ui {

using nlohmann::json;

int preset_days(WindowPreset p) {
    switch (p) {
        case WindowPreset::Day: return 1;
        case WindowPreset::Week: return 7;
        default: return 0;
    }
}

std::pair<std::int32_t, std::int32_t> month_of(std::int32_t day) {
    const CivilDate d = CivilDate::from_days(day);
    const CivilDate first{d.year, d.month, 1};
    return {first.days(), first.plus_months(1).days() - 1};
}

std::string ViewState::to_json() const {
    json j;
    j["version"] = 1;
    j["camera"] = {{"cx", camera.cx}, {"cy", camera.cy}, {"units_per_px", camera.units_per_px}};
    j["time"] = {{"first_day", time.first_day}, {"last_day", time.last_day}, {"all", time.all_time},
                 {"ghost", time.ghost}, {"preset", static_cast<int>(preset)}, {"cumulative", cumulative},
                 {"play_days_per_second", play_days_per_second}};
    j["filter"] = {{"type_mask", filter.type_mask},
                   {"kinds", filter.kinds},
                   {"actors", filter.actors},
                   {"actors_ticked_by_default", filter.actors_ticked_by_default},
                   {"actors_involving", filter.actors_involving},
                   {"no_actor_rows", filter.no_actor_rows},
                   {"sources", filter.sources},
                   {"min_fatalities", filter.min_fatalities},
                   {"max_loc_precision", filter.max_loc_precision}, {"text", filter.text},
                   {"show_undated", filter.show_undated}};
    const auto& b = layers.basemap;
    j["layers"] = {{"land", b.land}, {"admin", b.admin}, {"rivers", b.rivers}, {"roads", b.roads},
                   {"towns", b.towns}, {"basemap_opacity", b.opacity}, {"zones", layers.zones},
                   {"routes", layers.routes}, {"events", layers.events}, {"labels", layers.labels},
                   {"zone_opacity", layers.zone_opacity}, {"route_opacity", layers.route_opacity}};
    j["panels"] = {{"filters", show_filters}, {"layers", show_layers}, {"legend", show_legend}, {"ui_scale", ui_scale},
                   {"map_style", map_style}};
    return j.dump(2);
}

void ViewState::save(const std::filesystem::path& path) const {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    const auto tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error("cannot write the saved view", tmp);
        out << to_json() << "\n";
        if (!out) throw Error("cannot write the saved view", tmp);
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw Error("cannot replace the saved view: " + ec.message(), path.string());
}

bool ViewState::load(const std::filesystem::path& path, Diagnostics& diag) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::error_code size_ec;
    if (const auto size = std::filesystem::file_size(path, size_ec); !size_ec && size > limits().view_file_bytes) {
        diag.warn(path.string(), 0, "saved view ignored: the file is " + byte_size_text(size) + ", over the limit of " +
                                        byte_size_text(limits().view_file_bytes));
        return false;
    }
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return from_json(text, path.string(), diag);
}

namespace {

// Numbers of a saved view, checked before they become ints and floats: NaN, infinities and values
// past what the field can hold (a day of 1e72) would be undefined behaviour in a cast.
double number(const json& o, const char* key, double fallback, double lo, double hi, bool required = false) {
    if (!o.contains(key)) {
        if (required) throw std::runtime_error(std::string("'") + key + "' is missing");
        return fallback;
    }
    const json& v = o.at(key);
    if (!v.is_number()) throw std::runtime_error(std::string("'") + key + "' is not a number");
    const double d = v.get<double>();
    if (!std::isfinite(d)) throw std::runtime_error(std::string("'") + key + "' is not a finite number");
    return std::clamp(d, lo, hi);
}

int whole(const json& o, const char* key, int fallback, int lo, int hi) {
    return static_cast<int>(std::lround(number(o, key, fallback, lo, hi)));
}

// A day number (days since 1970-01-01) within the years 1 to 9999.
std::int32_t day(const json& o, const char* key) {
    const double d = number(o, key, 0, -1e9, 1e9, true);
    if (d < -719162 || d > 2932896) throw std::runtime_error(std::string("'") + key + "' is not a day between the years 1 and 9999");
    return static_cast<std::int32_t>(d);
}

}  // namespace

bool ViewState::from_json(const std::string& text, const std::string& where, Diagnostics& diag) {
    ViewState v = *this;
    if (const int depth = json_nesting_depth(text, limits().json_depth); depth > limits().json_depth) {
        diag.warn(where, 0, "saved view ignored: its JSON nests deeper than the limit of " + std::to_string(limits().json_depth));
        return false;
    }
    if (text.size() > limits().view_file_bytes) {
        diag.warn(where, 0, "saved view ignored: " + byte_size_text(text.size()) + ", over the limit of " +
                                byte_size_text(limits().view_file_bytes));
        return false;
    }
    try {
        const json j = json::parse(text);
        const auto& c = j.at("camera");
        v.camera.cx = number(c, "cx", 0, -4e7, 4e7, true);
        v.camera.cy = number(c, "cy", 0, -4e7, 4e7, true);
        v.camera.units_per_px = number(c, "units_per_px", 1000, 0.5, 200000.0, true);
        v.camera_set = true;
        const auto& t = j.at("time");
        v.time.first_day = day(t, "first_day");
        v.time.last_day = day(t, "last_day");
        v.time.all_time = t.at("all").get<bool>();
        v.time.ghost = t.value("ghost", false);
        v.preset = static_cast<WindowPreset>(whole(t, "preset", 3, 0, 4));
        v.cumulative = t.value("cumulative", false);
        v.play_days_per_second = static_cast<float>(number(t, "play_days_per_second", 7.0, 0.25, 365.0));
        const auto& f = j.at("filter");
        v.filter.type_mask = whole(f, "type_mask", 0x3f, 0, 0xffff);
        v.filter.kinds = f.value("kinds", std::set<std::string>{});
        v.filter.actors = f.value("actors", std::set<std::string>{});
        if (f.contains("actors_ticked_by_default")) {
            v.filter.actors_ticked_by_default = f.value("actors_ticked_by_default", true);
            v.filter.actors_involving = f.value("actors_involving", false);
        } else if (!v.filter.actors.empty()) {
            // Views saved before the actor rule existed list the ticked actors, read as "involving".
            v.filter.actors_ticked_by_default = false;
            v.filter.actors_involving = true;
        }
        v.filter.no_actor_rows = f.value("no_actor_rows", true);
        v.filter.sources = f.value("sources", std::set<std::string>{});
        v.filter.min_fatalities = whole(f, "min_fatalities", 0, 0, 1000000);
        v.filter.max_loc_precision = whole(f, "max_loc_precision", 4, 1, 4);
        v.filter.text = f.value("text", std::string());
        v.filter.show_undated = f.value("show_undated", true);
        const auto& l = j.at("layers");
        auto& b = v.layers.basemap;
        b.land = l.value("land", true);
        b.admin = l.value("admin", true);
        b.rivers = l.value("rivers", true);
        b.roads = l.value("roads", true);
        b.towns = l.value("towns", true);
        b.opacity = static_cast<float>(number(l, "basemap_opacity", 1.0, 0.0, 1.0));
        v.layers.zones = l.value("zones", true);
        v.layers.routes = l.value("routes", true);
        v.layers.events = l.value("events", true);
        v.layers.labels = l.value("labels", true);
        v.layers.zone_opacity = static_cast<float>(number(l, "zone_opacity", 1.0, 0.0, 1.0));
        v.layers.route_opacity = static_cast<float>(number(l, "route_opacity", 1.0, 0.0, 1.0));
        if (j.contains("panels")) {
            const float sc = static_cast<float>(number(j["panels"], "ui_scale", 0.0, 0.0, 4.0));
            v.ui_scale = sc > 0 ? std::clamp(sc, 0.5f, 4.0f) : 0.0f;
            v.show_filters = j["panels"].value("filters", true);
            v.show_layers = j["panels"].value("layers", false);
            v.show_legend = j["panels"].value("legend", true);
            const std::string ms = j["panels"].value("map_style", std::string("light"));
            v.map_style = render::style::palette_named(ms) ? ms : "light";
        }
    } catch (const std::exception& e) {
        diag.warn(where, 0, std::string("saved view ignored (damaged): ") + e.what());
        return false;
    }
    *this = v;
    return true;
}

}  // namespace cm::ui
