// conflictmap ui: the view an analyst has set up — camera, time window, filters, layers,
// playback — saved when the viewer closes and restored when it opens again.
#pragma once
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>

#include "core/Error.h"
#include "render/FrameContext.h"
#include "render/MapRenderer.h"

namespace cm::ui {

/// The filter controls as the panel holds them (names, not table ids, so they survive a reload).
struct FilterState {
    std::uint8_t type_mask = 0x3f;   ///< bit per cm::EventType
    std::set<std::string> kinds;     ///< empty = all
    /// Actor ticks: every actor is ticked (actors_ticked_by_default) or unticked, except those
    /// named in `actors`. The rule says what ticks mean for a row (events::Filter::ActorRule).
    std::set<std::string> actors;
    bool actors_ticked_by_default = true;
    bool actors_involving = false;   ///< true: rows involving any ticked actor; false: hide rows involving an unticked one
    bool no_actor_rows = true;       ///< rows without actors pass
    std::set<std::string> sources;   ///< empty = all
    int min_fatalities = 0;
    int max_loc_precision = 4;       ///< 1 exact places only ... 3 regions too, 4 country-level too
    std::string text;
    bool show_undated = true;
    bool operator==(const FilterState&) const = default;
};

enum class WindowPreset { Day, Week, Month, All, Custom };

struct ViewState {
    render::Camera camera;
    bool camera_set = false;           ///< false: frame the data on load
    render::TimeWindow time;
    WindowPreset preset = WindowPreset::All;
    bool cumulative = false;           ///< the window grows from the first day instead of sliding
    float play_days_per_second = 7.0f;
    FilterState filter;
    render::LayerState layers;
    bool show_filters = true, show_layers = false, show_legend = true;
    float ui_scale = 0;                ///< panels and text (1 = 100 %); 0 = automatic
    std::string map_style = "light";   ///< the basemap's palette: light, dark or print

    /// The view as JSON text (what save writes; what a store keeps).
    std::string to_json() const;
    /// Reads what to_json wrote; a damaged text is reported to diag under `where` (the defaults
    /// stay) and returns false.
    bool from_json(const std::string& text, const std::string& where, Diagnostics& diag);
    /// Writes JSON atomically (temporary file, then rename); throws cm::Error naming the path.
    void save(const std::filesystem::path& path) const;
    /// Reads what save wrote. A missing file leaves *this as is and returns false; a damaged one
    /// is reported to diag (the defaults stay) and returns false.
    bool load(const std::filesystem::path& path, Diagnostics& diag);
};

/// Days in a preset window (Day 1, Week 7); 0 for Month (a calendar month: month_of), All and Custom.
int preset_days(WindowPreset p);
/// The calendar month holding `day` (days since 1970-01-01): its first and last day.
std::pair<std::int32_t, std::int32_t> month_of(std::int32_t day);

}  // namespace cm::ui
