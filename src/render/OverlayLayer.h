// conflictmap render: routes (patrols, convoys, movements) as lines with direction arrows and
// start/end marks, and zones (corridors, buffer zones) as translucent fills with an outline,
// shown only while they hold. Both come from table rows that carry a line or area geometry.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "events/EventTable.h"
#include "render/FrameContext.h"
#include "render/MapSpace.h"
#include "render/Primitives.h"

namespace cm::render {

struct OverlayStats {
    std::size_t routes_total = 0, zones_total = 0;
    std::size_t routes_in_window = 0, zones_in_window = 0;  ///< pass the filter and hold in the window
    std::size_t routes_shown = 0, zones_shown = 0;          ///< of those, on screen
    std::size_t zones_open_shown = 0;  ///< zones on screen with a start but no end date (drawn dashed)
};

class OverlayLayer {
public:
    /// Up to this many routes in the window get arrows, casings and start/end marks.
    static constexpr std::size_t kDetailedRoutes = 300;
    /// Routes outside the window are ghosted only while there are at most this many on screen.
    static constexpr std::size_t kMaxGhostRoutes = 1000;

    void set_table(std::shared_ptr<const events::EventTable> table, const MapSpace& space);
    void set_mask(std::shared_ptr<const std::vector<std::uint8_t>> mask, std::uint64_t version);
    void prepare(const FrameContext& ctx);
    /// Zones first (under the events), then routes.
    void draw_zones(const Programs& p, const Camera& cam, float opacity);
    void draw_routes(const Programs& p, const Camera& cam, float opacity);
    /// Lets go of the table and the routes' projected lines, keeping what the last prepare made
    /// to draw (see EventLayer::release_rows); zones keep theirs (they are drawn from them).
    void release_rows();
    const OverlayStats& stats() const { return m_stats; }
    /// The route or zone row whose line or outline passes within radius_px of the screen point; -1 if none.
    std::int64_t pick(const Camera& cam, float sx, float sy, float radius_px) const;
    /// Rows of zones shown now, on screen (for the legend).
    const std::vector<std::int64_t>& zones_shown() const { return m_zone_rows_shown; }
    /// Rows of zones that hold in the time window and pass the filter, on screen or not.
    const std::vector<std::int64_t>& zones_in_window() const { return m_zone_rows_in_window; }

private:
    struct Route {
        std::size_t row;
        std::vector<std::vector<Vec2f>> parts;
        float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // bounding box, for culling
    };
    struct Zone {
        std::size_t row;
        std::int32_t from_day, to_day;
        bool open_ended = false;  // a start date and no end: "in force" only as far as we know
        float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // bounding box
        std::vector<std::vector<Vec2f>> rings;
        FillBatch fill;
    };
    bool passes(std::size_t row) const { return !m_mask || m_mask->empty() || (*m_mask)[row] != 0; }

    std::shared_ptr<const events::EventTable> m_table;
    std::shared_ptr<const std::vector<std::uint8_t>> m_mask;
    std::uint64_t m_mask_version = 0, m_prepared_mask = ~0ull;
    std::vector<Route> m_routes;
    std::vector<std::unique_ptr<Zone>> m_zones;
    std::vector<bool> m_route_shown, m_route_ghost, m_zone_shown;
    std::vector<std::int64_t> m_zone_rows_shown, m_zone_rows_in_window;
    LineBatch m_route_lines, m_route_casing, m_ghost_lines, m_zone_lines, m_open_zone_lines;
    SymbolBatch m_marks;
    Camera m_prepared_cam{0, 0, -1, 0, 0};
    std::int32_t m_prepared_t0 = 1, m_prepared_t1 = 0;
    bool m_prepared_all = false, m_prepared_ghost = false;
    std::int64_t m_prepared_selected = -2;
    float m_scale = 1.0f;  // the UI scale the batches were made for (line widths, marks, arrows)
    const void* m_prepared_table = nullptr;
    OverlayStats m_stats;
};

}  // namespace cm::render
