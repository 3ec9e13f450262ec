// conflictmap render: the offline basemap — land and sea and country borders (Natural Earth via
// world-atlas TopoJSON, read by GDAL), and from the gazetteer Syria's governorates with names,
// rivers, highways and towns. Loaded and projected once; drawn from GPU batches each frame.
#pragma once
#include "render/BasemapPlaces.h"
#include <filesystem>
#include <string>
#include <vector>

#include "core/Error.h"
#include "gazetteer/Gazetteer.h"
#include "render/MapSpace.h"
#include "render/Primitives.h"

namespace cm::render {

/// A named point the label layer may place: towns and governorate names.
struct MapLabel {
    std::string text;
    float x = 0, y = 0;      ///< map units
    float prominence = 0;    ///< 0..100; higher wins a contested spot and shows from further out
    enum class Kind { Town, Admin, Road } kind = Kind::Town;
};

/// What the basemap holds, for the layers panel and the legend.
struct BasemapStats {
    std::size_t countries = 0, land_triangles = 0, border_segments = 0, admin_areas = 0, rivers = 0, roads = 0,
                towns = 0;
};

class Basemap {
public:
    /// Loads the world-atlas countries (assets_dir/basemap/countries-50m.json for the world,
    /// countries-10m.json near Syria) and the gazetteer's areas, rivers, roads and towns (places;
    /// none if null). A missing or unreadable file is reported to diag and the rest still loads.
    void load(const std::filesystem::path& assets_dir, const BasemapPlaces* places, const MapSpace& space,
              Diagnostics& diag);

    /// Layer switches (the layers panel).
    struct Visibility {
        bool land = true, admin = true, rivers = true, roads = true, towns = true;
        float opacity = 1.0f;
    };
    /// Land fills (the renderer draws them at half resolution: filling is the costly part on a
    /// software rasteriser, and the full-resolution borders drawn on top keep the edges crisp).
    void draw_land(const Programs& p, const Camera& cam);
    /// The colours to draw with (light by default); the next draw rebuilds its batches.
    void set_palette(const style::Palette& palette) {
        m_palette = &palette;
        m_built = m_built_land = false;
    }
    const style::Palette& palette() const { return *m_palette; }
    /// Coarse outlines (map units, a vertex every few km) of Syria and its neighbours, for a
    /// locator inset drawn without the GPU's batches.
    const std::vector<std::vector<Vec2f>>& inset_outlines() const { return m_inset; }
    const std::vector<std::vector<Vec2f>>& inset_syria() const { return m_inset_syria; }
    /// Borders, governorates, rivers and roads, at full resolution.
    void draw_lines(const Programs& p, const Camera& cam, const Visibility& vis, float scale = 1.0f);

    const std::vector<MapLabel>& labels() const { return m_labels; }
    const BasemapStats& stats() const { return m_stats; }

private:
    // Full-detail geometry, and the batches thinned for the last camera.
    PolylineSet m_land_rings, m_syria_rings, m_border_lines, m_admin_lines, m_river_lines, m_road_lines;
    FillBatch m_land, m_syria;
    LineBatch m_borders, m_admin, m_rivers, m_roads;
    Camera m_view_key, m_land_key;  // the cameras the batches were thinned for
    bool m_built = false, m_built_land = false;
    const style::Palette* m_palette = &style::kLight;
    std::vector<std::vector<Vec2f>> m_inset, m_inset_syria;
    std::vector<MapLabel> m_labels;
    BasemapStats m_stats;
};

}  // namespace cm::render
