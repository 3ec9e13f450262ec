// conflictmap render: the one small context every layer and panel reads for a frame — camera,
// viewport, time window — passed by const reference (see DESIGN.md, "one small frame context").
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>

namespace cm::render {

/// Where the map looks. Map units are projected metres minus the renderer's origin; screen
/// pixels run right and down from the top-left corner of the viewport.
struct Camera {
    double cx = 0, cy = 0;           ///< map coordinates at the viewport centre
    double units_per_px = 1000;      ///< zoom: map units per pixel
    int width = 1280, height = 800;  ///< viewport in pixels
    /// Same view (prepared draw lists are keyed by the camera they were made for).
    bool operator==(const Camera&) const = default;

    double to_screen_x(double x) const { return (x - cx) / units_per_px + 0.5 * width; }
    double to_screen_y(double y) const { return 0.5 * height - (y - cy) / units_per_px; }
    double to_map_x(double sx) const { return cx + (sx - 0.5 * width) * units_per_px; }
    double to_map_y(double sy) const { return cy + (0.5 * height - sy) * units_per_px; }
    /// Zooms by factor (>1 zooms in) keeping the map point under (sx, sy) fixed.
    void zoom_about(double sx, double sy, double factor) {
        const double mx = to_map_x(sx), my = to_map_y(sy);
        units_per_px = std::clamp(units_per_px / factor, 0.5, 200000.0);
        cx = mx - (sx - 0.5 * width) * units_per_px;
        cy = my - (0.5 * height - sy) * units_per_px;
    }
    /// Moves the map with the pointer by (dx, dy) pixels.
    void pan_pixels(double dx, double dy) {
        cx -= dx * units_per_px;
        cy += dy * units_per_px;
    }
    /// Frames the box [x0, x1] × [y0, y1] with a margin in pixels.
    void fit(double x0, double y0, double x1, double y1, double margin_px = 40) {
        if (!(x1 >= x0) || !(y1 >= y0)) return;
        cx = 0.5 * (x0 + x1);
        cy = 0.5 * (y0 + y1);
        const double w = std::max(1.0, width - 2 * margin_px), h = std::max(1.0, height - 2 * margin_px);
        units_per_px = std::clamp(std::max({(x1 - x0) / w, (y1 - y0) / h, 20.0}), 0.5, 200000.0);
    }
};

/// The days shown: events whose span meets [first_day, last_day] are in the window.
struct TimeWindow {
    std::int32_t first_day = 0, last_day = 0;
    bool ghost = false;       ///< draw events outside the window faintly instead of hiding them
    bool all_time = true;     ///< no time limit (the "all" preset)
    bool contains(std::int32_t a, std::int32_t b) const { return all_time || (a <= last_day && b >= first_day); }
};

/// What a frame is drawn from.
struct FrameContext {
    Camera camera;
    TimeWindow time;
    std::int64_t selected_row = -1;  ///< event row drawn as selected, -1 none
    float ui_scale = 1.0f;
    /// The UI scale as sizes in pixels use it (kept within 0.5..4 whatever the caller set).
    float scale() const { return std::clamp(ui_scale, 0.5f, 4.0f); }
};

}  // namespace cm::render
