// conflictmap render: the map — basemap, zones, routes, events and labels — drawn into whatever
// framebuffer is bound (a window's or an offscreen one), from a FrameContext. It knows nothing
// of windows or panels: the window, headless output and tests all see the same pixels.
#pragma once
#include <filesystem>
#include <functional>
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "core/Error.h"
#include "events/EventTable.h"
#include "gazetteer/Gazetteer.h"
#include "render/Basemap.h"
#include "render/EventLayer.h"
#include "render/FrameContext.h"
#include "render/MapSpace.h"
#include "render/OverlayLayer.h"
#include "render/Primitives.h"
#include "render/UserLayer.h"
#include "render/gl/Target.h"

namespace cm::render {

/// Which layers show and how strongly (the layers panel edits this; saved with the view).
struct LayerState {
    Basemap::Visibility basemap;
    bool zones = true, routes = true, events = true, labels = true;
    float zone_opacity = 1.0f, route_opacity = 1.0f;
};

/// Width and height in pixels of a text as the UI's font draws it.
using TextMeasure = std::function<std::pair<float, float>(const std::string&)>;

/// What the pointer hit: a route or zone, one event, or several (a cluster or a stack).
struct Pick {
    std::vector<std::int64_t> rows;
    bool cluster = false;
};

class MapRenderer {
public:
    /// crs: the map projection (Web Mercator by default). Making it and loading the basemap need
    /// no GL; draw() and add_user_layer() need a current GL 3.3 context.
    explicit MapRenderer(const std::string& crs = "EPSG:3857");
    void load_basemap(const std::filesystem::path& assets_dir, const BasemapPlaces* places, Diagnostics& diag);
    void set_table(std::shared_ptr<const events::EventTable> table);
    void set_mask(std::shared_ptr<const std::vector<std::uint8_t>> mask, std::uint64_t version);
    /// A picture drawn once, after its last layout: the layers let go of the table (see
    /// EventLayer::release_rows); draw() still draws that layout.
    void release_rows() {
        m_events.release_rows();
        m_overlays.release_rows();
    }
    /// The basemap's colours (style::kLight, kDark, kPrint); labels are placed again.
    void set_palette(const style::Palette& palette) {
        m_basemap.set_palette(palette);
        m_labels_placed = false;
        m_label_key = {};
    }
    const style::Palette& palette() const { return m_basemap.palette(); }
    /// Builds this frame's draw lists (only what changed) and places labels.
    void prepare(const FrameContext& ctx, const LayerState& layers, const TextMeasure& measure);
    /// Draws into the bound framebuffer over the whole viewport ctx.camera describes.
    void draw(const FrameContext& ctx, const LayerState& layers);

    /// Texts to draw over the map: placed labels, then cluster counts (screen pixels).
    const std::vector<TextItem>& texts() const { return m_texts; }
    /// What lies under the screen point (events first, then routes and zones).
    Pick pick(const FrameContext& ctx, float sx, float sy) const;

    /// Adds a user layer (raster or vector file) above the basemap; throws cm::Error naming the file.
    UserLayer& add_user_layer(const std::string& path);
    /// User layers, drawn first to last (the layers panel reorders and removes them).
    std::vector<std::unique_ptr<UserLayer>>& user_layers() { return m_user_layers; }
    const std::vector<std::unique_ptr<UserLayer>>& user_layers() const { return m_user_layers; }

    const MapSpace& space() const { return *m_space; }
    const EventLayer& events() const { return m_events; }
    const OverlayLayer& overlays() const { return m_overlays; }
    const Basemap& basemap() const { return m_basemap; }
    /// Screen boxes (x0, y0, x1, y1) no label may cover: a briefing's title, legend, inset and
    /// the like, whose backgrounds would otherwise show names through them.
    void set_label_keep_out(std::vector<std::array<float, 4>> boxes) { m_keep_out = std::move(boxes); }
    const std::vector<std::array<float, 4>>& label_keep_out() const { return m_keep_out; }
    /// Whether the basemap is kept in an image between frames (the viewer: yes; a picture drawn
    /// once: no, which saves a full-size image).
    void set_basemap_cache(bool on) { m_use_cache = on; }

private:
    void place_labels(const FrameContext& ctx, const LayerState& layers, const TextMeasure& measure);

    std::unique_ptr<MapSpace> m_space;
    std::unique_ptr<Programs> m_programs;
    Basemap m_basemap;
    EventLayer m_events;
    OverlayLayer m_overlays;
    std::vector<TextItem> m_texts;
    std::vector<std::unique_ptr<UserLayer>> m_user_layers;
    // The basemap and user layers, drawn once per camera or layer change into this image and
    // copied from it otherwise: scrubbing time then costs a copy, not a thousand triangles.
    std::unique_ptr<gl::OffscreenTarget> m_cache, m_land_cache;
    std::vector<double> m_cache_key;
    bool m_use_cache = true;
    std::vector<TextItem> m_labels;
    SymbolBatch m_town_dots;  // dots of the towns whose names were placed
    struct LabelKey {
        Camera cam;
        bool on = false;
        std::uint64_t events = 0;
        float scale = 1;
        std::vector<std::array<float, 4>> keep_out;
        bool operator==(const LabelKey&) const = default;
    } m_label_key;
    bool m_labels_placed = false;
    std::vector<std::array<float, 4>> m_keep_out;
};

}  // namespace cm::render
