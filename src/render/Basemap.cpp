// conflictmap render: loading the basemap.
#include "render/Basemap.h"

#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <optional>

#include "core/Geometry.h"
#include "geo/Ogr.h"

namespace cm::render {

namespace {

// The region drawn from the detailed 10m countries; elsewhere the 50m ones suffice.
constexpr double kDetailLon0 = 24, kDetailLat0 = 24, kDetailLon1 = 58, kDetailLat1 = 44;

bool in_detail_box(const OGREnvelope& e) {
    return e.MaxX >= kDetailLon0 && e.MinX <= kDetailLon1 && e.MaxY >= kDetailLat0 && e.MinY <= kDetailLat1;
}

/// Map units of a part: projected now, or (`projected`) already in the map's CRS, read from the
/// Web Mercator countries file.
std::vector<Vec2f> part_to_map(const std::vector<LonLat>& part, const MapSpace& space, bool projected) {
    if (!projected) return space.to_map(part);
    std::vector<Vec2f> pts;
    pts.reserve(part.size());
    for (const LonLat& p : part) pts.push_back(space.from_projected(p.lon, p.lat));
    return pts;
}

void add_geometry(const Geometry& g, const MapSpace& space, PolylineSet* fill, PolylineSet* lines, bool projected = false) {
    for (const auto& part : g.parts) {
        const std::vector<Vec2f> pts = part_to_map(part, space, projected);
        if (fill && (g.type == GeomType::Polygon || g.type == GeomType::MultiPolygon)) fill->add(pts);
        if (lines) lines->add(pts);
    }
}

// Reads one world-atlas TopoJSON file; `detail` picks the features inside (true) or outside
// (false) the detail box, so that the two files together cover the world once.
/// Rings of the countries around Syria, thinned to a vertex every few km (map units), for the
/// locator inset; small islands left out.
void add_inset(const Geometry& g, const MapSpace& space, std::vector<std::vector<Vec2f>>& out, bool projected) {
    for (const auto& part : g.parts) {
        const std::vector<Vec2f> pts = part_to_map(part, space, projected);
        if (pts.size() < 8) continue;
        std::vector<Vec2f> thin;
        for (const Vec2f& p : pts)
            if (thin.empty() || std::hypot(p.x - thin.back().x, p.y - thin.back().y) > 4000.0f) thin.push_back(p);
        if (thin.size() >= 4) out.push_back(std::move(thin));
    }
}

/// `detail`: the features inside the detail box (true), outside (false), or, for the prepared
/// countries files that hold both, whatever their own `detail` field says (nullopt). `projected`:
/// the file's coordinates are the map's CRS already, and its `inset` field says what the inset draws.
std::size_t load_countries(const std::filesystem::path& path, std::optional<bool> detail, bool projected, const MapSpace& space, PolylineSet& land,
                           PolylineSet& syria, PolylineSet& borders, Diagnostics& diag,
                           std::vector<std::vector<Vec2f>>& inset, std::vector<std::vector<Vec2f>>& inset_syria) {
    geo::init_gdal();
    std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(
        GDALOpenEx(path.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    if (!ds) {
        diag.error(path.string(), 0, "cannot open the basemap (world-atlas TopoJSON): " + std::string(CPLGetLastErrorMsg()));
        return 0;
    }
    OGRLayer* layer = ds->GetLayerByName("countries");
    if (!layer) layer = ds->GetLayer(0);
    if (!layer) {
        diag.error(path.string(), 0, "no countries layer in the basemap file");
        return 0;
    }
    std::size_t n = 0;
    for (auto& f : *layer) {
        const OGRGeometry* g = f->GetGeometryRef();
        if (!g || g->IsEmpty()) continue;
        OGREnvelope env;
        g->getEnvelope(&env);
        const int detail_idx = f->GetFieldIndex("detail");
        const bool is_detail = detail ? in_detail_box(env) : detail_idx >= 0 && f->GetFieldAsInteger(detail_idx) == 1;
        if (detail && is_detail != *detail) continue;
        const Geometry geom = geo::from_ogr(*g);
        const int name_idx = f->GetFieldIndex("name");
        const std::string name = name_idx >= 0 ? f->GetFieldAsString(name_idx) : "";
        add_geometry(geom, space, name == "Syria" ? &syria : &land, &borders, projected);
        // The inset shows Syria among its neighbours (a box of 29-48 E, 28-41 N; assets/basemap/build.py
        // has the same box for the Web Mercator file's `inset` field).
        const int inset_idx = projected ? f->GetFieldIndex("inset") : -1;
        const bool in_inset = projected ? inset_idx >= 0 && f->GetFieldAsInteger(inset_idx) == 1
                                        : is_detail && env.MaxX >= 29 && env.MinX <= 48 && env.MaxY >= 28 && env.MinY <= 41;
        if (in_inset) add_inset(geom, space, name == "Syria" ? inset_syria : inset, projected);
        ++n;
    }
    return n;
}

}  // namespace

void Basemap::load(const std::filesystem::path& assets_dir, const BasemapPlaces* places, const MapSpace& space,
                   Diagnostics& diag) {
    m_stats = {};
    m_labels.clear();
    const auto dir = assets_dir / "basemap";
    m_inset.clear();
    m_inset_syria.clear();
    // countries.fgb (assets/basemap/build.py) holds both scales already assembled: read in a
    // fraction of the time the TopoJSON's arcs take. The TopoJSON files are the fallback.
    // In Web Mercator (the default map) the same countries already projected at build time:
    // projecting them took most of the basemap's load.
    std::error_code ec;
    const bool mercator = space.projection().crs() == "EPSG:3857";
    if (mercator && std::filesystem::exists(dir / "countries-3857.fgb", ec)) {
        m_stats.countries += load_countries(dir / "countries-3857.fgb", std::nullopt, true, space, m_land_rings, m_syria_rings,
                                            m_border_lines, diag, m_inset, m_inset_syria);
    } else if (std::filesystem::exists(dir / "countries.fgb", ec)) {
        m_stats.countries += load_countries(dir / "countries.fgb", std::nullopt, false, space, m_land_rings, m_syria_rings,
                                            m_border_lines, diag, m_inset, m_inset_syria);
    } else {
        m_stats.countries += load_countries(dir / "countries-50m.json", false, false, space, m_land_rings, m_syria_rings,
                                            m_border_lines, diag, m_inset, m_inset_syria);
        m_stats.countries += load_countries(dir / "countries-10m.json", true, false, space, m_land_rings, m_syria_rings,
                                            m_border_lines, diag, m_inset, m_inset_syria);
    }
    if (places) {
        // BasemapPlaces::from chose them: Syria's governorates, rivers, roads, towns with a
        // prominence. Their points and lines are projected in two batches (fourteen thousand
        // towns one PROJ call each took ~90 ms), then taken in the gazetteer's order.
        std::vector<const std::vector<LonLat>*> parts;
        std::vector<LonLat> points;
        for (const BasemapPlaces::Item& e : places->items) {
            if (e.kind == gaz::PlaceKind::Admin || e.kind == gaz::PlaceKind::River || e.kind == gaz::PlaceKind::Road)
                for (const auto& part : e.geometry.parts) parts.push_back(&part);
            if (e.kind == gaz::PlaceKind::Admin || e.kind == gaz::PlaceKind::Place) points.push_back(e.point);
        }
        const std::vector<std::vector<Vec2f>> lines = space.to_map(parts);
        const std::vector<Vec2f> at = space.to_map_each(points);
        std::size_t next_part = 0, next_point = 0;
        auto add_lines = [&](const Geometry& g, PolylineSet& set) {
            for (std::size_t k = 0; k < g.parts.size(); ++k) set.add(lines[next_part++]);
        };
        for (const BasemapPlaces::Item& e : places->items) {
            switch (e.kind) {
                case gaz::PlaceKind::Admin: {
                    add_lines(e.geometry, m_admin_lines);
                    ++m_stats.admin_areas;
                    const Vec2f c = at[next_point++];
                    m_labels.push_back({e.name, c.x, c.y, 90, MapLabel::Kind::Admin});
                    break;
                }
                case gaz::PlaceKind::River:
                    add_lines(e.geometry, m_river_lines);
                    ++m_stats.rivers;
                    break;
                case gaz::PlaceKind::Road:
                    add_lines(e.geometry, m_road_lines);
                    ++m_stats.roads;
                    break;
                case gaz::PlaceKind::Place: {
                    // The label layer decides which show (dot and name).
                    const Vec2f c = at[next_point++];
                    m_labels.push_back({e.name, c.x, c.y, static_cast<float>(e.prominence), MapLabel::Kind::Town});
                    ++m_stats.towns;
                    break;
                }
                default:
                    break;
            }
        }
    }
    m_stats.land_triangles = m_land_rings.vertices() + m_syria_rings.vertices() - 2 * (m_land_rings.parts() + m_syria_rings.parts());
    m_stats.border_segments = m_border_lines.vertices() - m_border_lines.parts();
    m_built = m_built_land = false;
}

void Basemap::draw_land(const Programs& p, const Camera& cam) {
    if (!m_built_land || !(cam == m_land_key)) {
        m_built_land = true;
        m_land_key = cam;
        m_land_rings.to_rings(m_land, cam);
        m_syria_rings.to_rings(m_syria, cam);
    }
    m_land.draw(p, cam, m_palette->land);
    m_syria.draw(p, cam, m_palette->syria_land);
}

void Basemap::draw_lines(const Programs& p, const Camera& cam, const Visibility& vis, float scale) {
    if (!m_built || !(cam == m_view_key)) {
        m_built = true;
        m_view_key = cam;
        m_border_lines.to_lines(m_borders, cam, m_palette->country_border, 1.1f);
        m_admin_lines.to_lines(m_admin, cam, m_palette->admin_border, 1.0f);
        m_river_lines.to_lines(m_rivers, cam, m_palette->river, 1.6f);
        m_road_lines.to_lines(m_roads, cam, m_palette->road, 1.8f);
    }
    const float a = vis.opacity;
    // Widths and dashes in pixels, times the UI scale (a HiDPI screen, a briefing's --dpi).
    if (vis.admin) m_admin.draw(p, cam, scale, 0.9f * a, 5.0f * scale);
    if (vis.rivers) m_rivers.draw(p, cam, (cam.units_per_px < 400 ? 1.4f : 1.0f) * scale, 0.9f * a);
    if (vis.roads) m_roads.draw(p, cam, (cam.units_per_px < 400 ? 1.5f : 1.0f) * scale, 0.85f * a);
    if (vis.land) m_borders.draw(p, cam, scale, a);
}

}  // namespace cm::render
