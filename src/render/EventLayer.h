// conflictmap render: events as GPU-instanced symbols, with level of detail. Each frame that
// changes (camera, time window, filter, selection) first prepares a small draw list from the
// visible time range and viewport — rows found by binary search on the time-sorted table, then
// binned into screen cells a symbol wide; crowded cells become one counted cluster — and only
// that list goes to the GPU. Cost follows the pixels on screen, not the rows in the table.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "events/EventTable.h"
#include "render/FrameContext.h"
#include "render/MapSpace.h"
#include "render/Primitives.h"

namespace cm::render {

/// Text the UI draws over the map (cluster counts, labels), in screen pixels.
struct TextItem {
    float x, y;  ///< anchor: centre for counts, left-middle for labels
    std::string text;
    Rgba color;
    enum class Kind { Count, Town, Admin, Road } kind = Kind::Count;
};

/// One thing drawn that the pointer can hit.
struct DrawnSymbol {
    float sx, sy, radius;     ///< screen position and hit radius in pixels
    std::int64_t row = -1;    ///< the event, or -1 for a cluster
    std::uint32_t count = 1;  ///< events it stands for
    std::int32_t cell = -1;   ///< cluster index (for listing its members)
    std::array<std::uint32_t, 6> by_type{};  ///< clusters: how many of each event type it holds
};

/// What the last prepare produced, for the legend, the status line and tests.
struct EventFrameStats {
    std::size_t in_time = 0;     ///< point rows in the time window that pass the filter
    std::size_t coarse = 0;      ///< of those, country-level: counted and listed, never drawn
    std::size_t unlocated = 0;   ///< of those, without a location
    std::size_t in_view = 0;     ///< of those, inside the viewport
    std::size_t symbols = 0;     ///< individual symbols drawn
    std::size_t clusters = 0;    ///< clusters drawn
    std::size_t ghosts = 0;      ///< faint marks for events outside the window
    std::size_t uncertainty_discs = 0;  ///< location-uncertainty discs drawn (none past EventLayer::kMaxUncertaintyDiscs)
    std::array<std::size_t, 6> in_view_by_type{};
    double prepare_ms = 0;
};

class EventLayer {
public:
    /// Takes a new table: projects every row once (one PROJ batch call).
    void set_table(std::shared_ptr<const events::EventTable> table, const MapSpace& space);
    /// The filter mask (1 = row passes), same length as the table; empty = all pass.
    /// `version` must change whenever the contents change.
    void set_mask(std::shared_ptr<const std::vector<std::uint8_t>> mask, std::uint64_t version);
    /// Rebuilds the draw list if anything it depends on changed; cheap otherwise.
    void prepare(const FrameContext& ctx);
    void draw(const Programs& p, const Camera& cam);
    /// Lets go of the table and its per-row arrays, keeping the last prepare's draw list,
    /// symbols, texts and stats: for a picture drawn once, after its last layout. Calling
    /// prepare() again afterwards draws nothing until set_table().
    void release_rows();

    const std::vector<DrawnSymbol>& drawn() const { return m_drawn; }
    const std::vector<TextItem>& texts() const { return m_texts; }
    const EventFrameStats& stats() const { return m_stats; }
    /// Rows counted in stats().coarse and stats().unlocated at the last prepare, in table order.
    const std::vector<std::int64_t>& off_map() const { return m_off_map; }
    /// Changes whenever prepare() rebuilt the draw list (labels re-place around new symbols).
    std::uint64_t generation() const { return m_generation; }
    /// Rows that a cluster (DrawnSymbol::cell) stood for in the last prepare.
    std::vector<std::int64_t> cluster_members(std::int32_t cluster, std::size_t limit = SIZE_MAX) const;
    /// Map coordinates of a row (NaN if it has none).
    Vec2f position(std::size_t row) const { return {m_x[row], m_y[row]}; }
    /// Bounding box of every located row that passes the mask, in map units; false if none.
    bool bounds(float& x0, float& y0, float& x1, float& y1) const;
    /// Cell size in pixels below which symbols merge into clusters.
    static constexpr int kCellPx = 14;
    /// Above this many (or when together they would cover the picture three times over),
    /// location-uncertainty discs are not drawn.
    static constexpr std::size_t kMaxUncertaintyDiscs = 2000;
    /// A cell holding more events than this is crowded: its block of cells becomes a cluster.
    static constexpr int kMaxSymbolsPerCell = 3;
    /// Clusters gather blocks of this many cells a side (56 px).
    static constexpr int kClusterBlock = 4;

private:
    struct Key {
        Camera cam;
        std::int32_t t0 = 0, t1 = 0;
        bool all = false, ghost = false;
        std::int64_t selected = -1;
        std::uint64_t mask_version = 0;
        const void* table = nullptr;
        float scale = 1;
        bool operator==(const Key&) const = default;
    };
    bool passes(std::size_t row) const { return !m_mask || m_mask->empty() || (*m_mask)[row] != 0; }

    std::shared_ptr<const events::EventTable> m_table;
    std::shared_ptr<const std::vector<std::uint8_t>> m_mask;
    std::uint64_t m_mask_version = 0;
    std::vector<float> m_x, m_y;
    std::vector<std::uint8_t> m_shape;  // symbol shape per row, from kind and type
    std::vector<float> m_size;          // symbol diameter per row
    Key m_key;
    bool m_prepared = false;
    std::uint64_t m_generation = 0;
    // Cell grid of the last prepare (anchored to map coordinates so clusters hold still while panning).
    std::int64_t m_grid_x0 = 0, m_grid_y0 = 0;
    int m_grid_w = 0, m_grid_h = 0;
    double m_cell_units = 1;
    std::size_t m_range_begin = 0, m_range_end = 0;
    std::int64_t m_block_x0 = 0, m_block_y0 = 0;
    int m_block_w = 0, m_block_h = 0;
    std::vector<std::uint8_t> m_block_crowded;
    std::vector<std::int32_t> m_block_cluster;  // block -> the drawn cluster it went into (-1 none)
    std::vector<double> m_ghost_key;            // camera, mask and table the totals below are for
    std::vector<std::uint32_t> m_cell_totals;   // dated rows per cell, any time (ghost mode)
    std::vector<std::array<std::uint32_t, 6>> m_cell_type_totals;  // the same per event type
    bool m_mercator = true;

    SymbolBatch m_batch;
    float m_mark_scale = 1;  // the frame's scale, for the clusters' rings
    std::vector<DrawnSymbol> m_drawn;
    std::vector<TextItem> m_texts;
    EventFrameStats m_stats;
    std::vector<std::int64_t> m_off_map;
};

}  // namespace cm::render
