// conflictmap gazetteer: loaders.
#include "gazetteer/Loaders.h"

#include "core/Limits.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>

#include <cpl_error.h>
#include <ogrsf_frmts.h>

#include "core/Date.h"
#include "core/Utf8.h"
#include "geo/Ogr.h"

namespace cm::gaz {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxLineBytes = 1 << 20;  // a GeoNames row is < 10 kB; beyond is garbage
constexpr std::size_t kMaxNamesPerEntry = 400;

bool parse_double(std::string_view s, double& out) {
    s = trim(s);
    if (s.empty()) return false;
    const auto* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, out);
    return ec == std::errc() && p == end && std::isfinite(out);
}

bool valid_lonlat(double lon, double lat) { return lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90; }

/// Prominence of a GeoNames place from its feature code and population (0..100).
double geonames_prominence(std::string_view fcode, double population, std::string_view country) {
    double p = 25;
    if (fcode == "PPLC") p = 100;
    else if (fcode == "PPLA") p = 85;
    else if (fcode == "PPLA2") p = 65;
    else if (fcode == "PPLA3") p = 50;
    else if (fcode == "PPLA4") p = 40;
    else if (fcode.rfind("PPL", 0) == 0) p = 30;
    if (population > 1000) p += std::min(25.0, 8 * std::log10(population / 1000));
    if (country != "SY") p -= 10;  // the reports are about Syria: its places come first
    return std::clamp(p, 0.0, 100.0);
}

double radius_for_population(double population) {
    return population >= 1e6 ? 15 : population >= 1e5 ? 6 : population >= 1e4 ? 3 : 2;
}

std::string clean_field(std::string_view s) { return std::string(trim(utf8_sanitize(s))); }

std::vector<std::string> split_names(std::string_view s, char sep) {
    std::vector<std::string> out;
    if (s.empty()) return out;
    out.reserve(static_cast<std::size_t>(std::count(s.begin(), s.end(), sep)) + 1);
    for (std::size_t b = 0; b <= s.size() && out.size() < kMaxNamesPerEntry;) {
        std::size_t e = s.find(sep, b);
        if (e == std::string_view::npos) e = s.size();
        const std::string_view t = trim(s.substr(b, e - b));
        if (!t.empty()) out.emplace_back(t);
        b = e + 1;
    }
    return out;
}

}  // namespace

std::size_t load_geonames(Gazetteer& g, const fs::path& file, std::uint32_t origin, Diagnostics& diag) {
    std::ifstream in(file, std::ios::binary);
    const std::string fname = file.string();
    if (!in) {
        diag.error(fname, 0, "cannot open GeoNames file");
        return 0;
    }
    std::size_t added = 0, skipped = 0;
    long lineno = 0;
    std::string line;
    while (std::getline(in, line)) {
        ++lineno;
        if (line.size() > kMaxLineBytes) {
            diag.warn(fname, lineno, "line longer than 1 MiB; skipped");
            ++skipped;
            continue;
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (trim(line).empty() || line[0] == '#') continue;
        const auto cols = split(line, '\t');
        if (cols.size() != 19) {
            diag.warn(fname, lineno, "expected 19 tab-separated GeoNames columns, found " +
                                         std::to_string(cols.size()) + "; row skipped");
            ++skipped;
            continue;
        }
        double lat = 0, lon = 0, pop = 0;
        if (!parse_double(cols[4], lat) || !parse_double(cols[5], lon) || !valid_lonlat(lon, lat)) {
            diag.warn(fname, lineno, "bad latitude/longitude '" + clean_field(cols[4]).substr(0, 30) + "', '" +
                                         clean_field(cols[5]).substr(0, 30) + "'; row skipped");
            ++skipped;
            continue;
        }
        const std::string id = clean_field(cols[0]);
        const std::string name = clean_field(cols[1]);
        if (id.empty() || name.empty()) {
            diag.warn(fname, lineno, "missing geonameid or name; row skipped");
            ++skipped;
            continue;
        }
        if (!parse_double(cols[14], pop)) pop = 0;
        Entry e;
        e.id = "gn:" + id;
        e.kind = cols[6] == "A" ? PlaceKind::Admin : PlaceKind::Place;
        // The ASCII form is what English reports print ("Saraqib", not "Sarāqib"); keep both.
        std::string ascii = clean_field(cols[2]);
        std::erase(ascii, '`');  // GeoNames writes ayn as a backtick in ASCII names
        e.name = ascii.empty() ? name : ascii;
        if (e.name != name) e.variants.push_back(name);
        for (auto& alt : split(cols[3], ',')) {
            std::string a = clean_field(alt);
            if (!a.empty() && a != name && e.variants.size() < kMaxNamesPerEntry) {
                // GeoNames mixes scripts; keep the Arabic one as name_ar too.
                if (e.name_ar.empty() && static_cast<unsigned char>(a[0]) == 0xD8) e.name_ar = a;
                e.variants.push_back(std::move(a));
            }
        }
        e.country = clean_field(cols[8]);
        e.prominence = geonames_prominence(cols[7], pop, e.country);
        e.radius_km = radius_for_population(pop);
        e.geometry = Geometry::point({lon, lat});
        e.point = {lon, lat};
        e.source = "GeoNames " + id + " (" + clean_field(cols[7]) + (pop > 0 ? ", pop. " + clean_field(cols[14]) : "") +
                   "; CC BY 4.0)";
        e.origin = origin;
        g.add(std::move(e));
        ++added;
    }
    if (in.bad()) diag.error(fname, lineno, "read error; the rest of the file was not loaded");
    g.origins_mut()[origin].entries += added;
    g.origins_mut()[origin].skipped += skipped;
    return added;
}

std::size_t load_places_tsv(Gazetteer& g, const fs::path& file, std::uint32_t origin, Diagnostics& diag) {
    const std::string fname = file.string();
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        diag.error(fname, 0, "cannot open places table");
        return 0;
    }
    std::string text;
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    in.seekg(0, std::ios::beg);
    if (size > 0) {
        text.resize(static_cast<std::size_t>(size));
        in.read(text.data(), size);
        text.resize(static_cast<std::size_t>(in.gcount()));
    }
    g.reserve_more(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
    // Valid UTF-8 (the bundled table always is) needs no per-field repair: trim only.
    const bool valid = utf8_valid(text);
    auto cleanf = [valid](std::string_view v) { return valid ? std::string(trim(v)) : clean_field(v); };
    enum Col { Id, Kind, Name, Variants, NameAr, Admin1, Adm2, Adm3, Pcode, Lon, Lat, Pop, Prom, Radius, Ids, Source, NCols };
    static constexpr const char* kCols[NCols] = {"id", "kind", "name", "variants", "name_ar", "admin1", "adm2", "adm3",
                                                 "pcode", "lon", "lat", "population", "prominence", "radius_km", "ids",
                                                 "source"};
    int map[NCols];
    std::fill(std::begin(map), std::end(map), -1);
    bool have_header = false;
    std::size_t added = 0, skipped = 0, pos = 0;
    long lineno = 0;
    std::vector<std::string_view> cols;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + pos, end - pos);
        pos = end + 1;
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line[0] == '#') continue;
        cols.clear();
        for (std::size_t b = 0;;) {
            const std::size_t t = line.find('\t', b);
            cols.push_back(line.substr(b, t == std::string_view::npos ? std::string_view::npos : t - b));
            if (t == std::string_view::npos) break;
            b = t + 1;
        }
        if (!have_header) {
            for (std::size_t i = 0; i < cols.size(); ++i)
                for (int c = 0; c < NCols; ++c)
                    if (cols[i] == kCols[c]) map[c] = static_cast<int>(i);
            if (map[Id] < 0 || map[Name] < 0 || map[Lon] < 0 || map[Lat] < 0) {
                diag.error(fname, lineno, "the header needs id, name, lon and lat columns; file not loaded");
                return 0;
            }
            have_header = true;
            continue;
        }
        auto col = [&](int c) -> std::string_view {
            return map[c] >= 0 && static_cast<std::size_t>(map[c]) < cols.size() ? cols[map[c]] : std::string_view{};
        };
        auto bad = [&](const std::string& why) {
            diag.warn(fname, lineno, why + "; row skipped");
            ++skipped;
        };
        if (cols.size() < static_cast<std::size_t>(std::max({map[Id], map[Name], map[Lon], map[Lat]})) + 1) {
            bad("only " + std::to_string(cols.size()) + " tab-separated columns");
            continue;
        }
        Entry e;
        e.id = cleanf(col(Id));
        e.name = cleanf(col(Name));
        if (e.id.empty() || e.name.empty()) { bad("missing id or name"); continue; }
        double lon = 0, lat = 0;
        if (!parse_double(col(Lon), lon) || !parse_double(col(Lat), lat) || !valid_lonlat(lon, lat)) {
            bad("bad lon/lat '" + cleanf(col(Lon)).substr(0, 30) + "', '" + cleanf(col(Lat)).substr(0, 30) + "'");
            continue;
        }
        const std::string kind = cleanf(col(Kind));
        if (kind.empty() || kind == "community" || kind == "locality" || kind == "neighbourhood") {
            e.kind = PlaceKind::Place;
        } else if (auto k = parse_kind(kind)) {
            e.kind = *k;
        } else {
            bad("unknown kind '" + kind.substr(0, 40) + "'");
            continue;
        }
        auto names_of = [&](int c) {
            if (valid) return split_names(col(c), '|');
            return split_names(clean_field(col(c)), '|');
        };
        e.variants = names_of(Variants);
        e.name_ar = cleanf(col(NameAr));
        e.admin1 = cleanf(col(Admin1));
        e.adm2 = cleanf(col(Adm2));
        e.adm3 = cleanf(col(Adm3));
        e.pcode = cleanf(col(Pcode));
        e.ids = names_of(Ids);
        e.country = "SY";
        if (!col(Pop).empty() && !parse_double(col(Pop), e.population)) { bad("population is not a number"); continue; }
        e.prominence = 30;
        if (!col(Prom).empty() && !parse_double(col(Prom), e.prominence)) { bad("prominence is not a number"); continue; }
        e.prominence = std::clamp(e.prominence, 0.0, 100.0);
        e.radius_km = radius_for_population(e.population);
        if (!col(Radius).empty() && (!parse_double(col(Radius), e.radius_km) || e.radius_km < 0)) {
            bad("radius_km is not a non-negative number");
            continue;
        }
        e.geometry = Geometry::point({lon, lat});
        e.point = {lon, lat};
        e.source = cleanf(col(Source));
        e.origin = origin;
        g.add(std::move(e));
        ++added;
    }
    if (!have_header) diag.error(fname, lineno, "no header row; nothing loaded");
    g.origins_mut()[origin].entries += added;
    g.origins_mut()[origin].skipped += skipped;
    return added;
}

namespace {

/// The column index of the first of several names, or -1.
int find_field(OGRFeatureDefn& defn, std::initializer_list<const char*> names) {
    for (const char* n : names) {
        const int i = defn.GetFieldIndex(n);
        if (i >= 0) return i;
    }
    return -1;
}

std::string field(OGRFeature& f, int i) {
    if (i < 0 || !f.IsFieldSetAndNotNull(i)) return {};
    return clean_field(f.GetFieldAsString(i));
}


}  // namespace

std::size_t load_features(Gazetteer& g, const fs::path& file, std::uint32_t origin, Diagnostics& diag,
                          const FeatureDefaults& defaults) {
    geo::init_gdal();
    const std::string fname = file.string();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    const char* const csv_opts[] = {"AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=NO", nullptr};
    GDALDatasetUniquePtr ds(GDALDataset::Open(fname.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, defaults.drivers,
                                              csv_opts, nullptr));
    CPLPopErrorHandler();
    if (!ds) {
        diag.error(fname, 0, std::string("GDAL cannot read this file as vector data: ") +
                                 (CPLGetLastErrorMsg()[0] ? CPLGetLastErrorMsg() : "unknown format"));
        return 0;
    }
    const bool is_csv = std::string(ds->GetDriverName()) == "CSV";
    std::size_t added = 0, skipped = 0;
    for (OGRLayer* layer : ds->GetLayers()) {
        OGRFeatureDefn& defn = *layer->GetLayerDefn();
        const int f_name = find_field(defn, {"name", "NAME", "Name", "title"});
        if (f_name < 0) {
            std::string cols;
            for (int i = 0; i < defn.GetFieldCount() && i < 20; ++i)
                cols += (i ? ", " : "") + std::string(defn.GetFieldDefn(i)->GetNameRef());
            diag.error(fname, is_csv ? 1 : 0, "no 'name' column (columns: " + cols + "); layer '" +
                                                  layer->GetName() + "' skipped");
            continue;
        }
        const int f_id = find_field(defn, {"id", "ID"});
        const int f_kind = find_field(defn, {"kind"});
        const int f_var = find_field(defn, {"variants", "alternatenames", "aliases"});
        const int f_ar = find_field(defn, {"name_ar"});
        const int f_adm = find_field(defn, {"admin1"});
        const int f_adm2 = find_field(defn, {"adm2"});
        const int f_adm3 = find_field(defn, {"adm3"});
        const int f_pcode = find_field(defn, {"pcode"});
        const int f_ids = find_field(defn, {"ids"});
        const int f_pop = find_field(defn, {"population"});
        const int f_rep_lon = find_field(defn, {"rep_lon"}), f_rep_lat = find_field(defn, {"rep_lat"});
        const int f_country = find_field(defn, {"country"});
        const int f_prom = find_field(defn, {"prominence"});
        const int f_rad = find_field(defn, {"radius_km"});
        const int f_wkt = find_field(defn, {"geometry", "wkt", "WKT"});
        const int f_lat = find_field(defn, {"lat", "latitude", "y", "LAT"});
        const int f_lon = find_field(defn, {"lon", "lng", "longitude", "x", "LON"});
        const int f_via = find_field(defn, {"via"});
        const int f_rule = find_field(defn, {"rule"});
        const int f_from = find_field(defn, {"valid_from"});
        const int f_to = find_field(defn, {"valid_to"});
        const int f_src = find_field(defn, {"source"});
        long row = 0;
        std::uint64_t lines_areas = 0;  // routes, roads and zones: limits().routes_zones_per_file
        for (auto& feat : *layer) {
            ++row;
            // CSV rows: line = row + 1 (the header); elsewhere report the feature number.
            const long line = is_csv ? row + 1 : row;
            auto bad = [&](const std::string& why) {
                diag.warn(fname, line, (is_csv ? "" : "feature " + std::to_string(row) + ": ") + why + "; skipped");
                ++skipped;
            };
            Entry e;
            e.name = field(*feat, f_name);
            if (e.name.empty()) { bad("empty name"); continue; }
            const std::string id = field(*feat, f_id);
            e.id = defaults.id_prefix + (id.empty() ? std::to_string(row) : id);
            e.kind = defaults.kind;
            if (const std::string k = field(*feat, f_kind); !k.empty()) {
                auto pk = parse_kind(k);
                if (!pk) { bad("unknown kind '" + k.substr(0, 40) + "'"); continue; }
                e.kind = *pk;
            }
            const char sep = (f_var >= 0 && std::string(defn.GetFieldDefn(f_var)->GetNameRef()) == "alternatenames") ? ',' : '|';
            e.variants = split_names(field(*feat, f_var), sep);
            e.name_ar = field(*feat, f_ar);
            e.admin1 = field(*feat, f_adm);
            e.adm2 = field(*feat, f_adm2);
            e.adm3 = field(*feat, f_adm3);
            e.pcode = field(*feat, f_pcode);
            e.ids = split_names(field(*feat, f_ids), '|');
            if (const std::string s = field(*feat, f_pop); !s.empty()) parse_double(s, e.population);
            e.country = field(*feat, f_country);
            e.prominence = defaults.prominence;
            e.radius_km = defaults.radius_km;
            if (const std::string s = field(*feat, f_prom); !s.empty() && !parse_double(s, e.prominence)) {
                bad("prominence '" + s.substr(0, 30) + "' is not a number");
                continue;
            }
            if (const std::string s = field(*feat, f_rad); !s.empty() && (!parse_double(s, e.radius_km) || e.radius_km < 0)) {
                bad("radius_km '" + s.substr(0, 30) + "' is not a non-negative number");
                continue;
            }
            e.prominence = std::clamp(e.prominence, 0.0, 100.0);
            e.rule = field(*feat, f_rule);
            e.valid_from = field(*feat, f_from);
            e.valid_to = field(*feat, f_to);
            e.via = split_names(field(*feat, f_via), '|');
            e.source = field(*feat, f_src);
            if (e.source.empty()) e.source = defaults.source;
            // Geometry: the layer's, else WKT, else lat/lon columns.
            try {
                if (const OGRGeometry* geom = feat->GetGeometryRef(); geom && !geom->IsEmpty()) {
                    e.geometry = geo::from_ogr(*geom);
                } else if (const std::string w = field(*feat, f_wkt); !w.empty()) {
                    e.geometry = geo::from_wkt(w);
                } else if (f_lat >= 0 && f_lon >= 0 && !(field(*feat, f_lat).empty() && field(*feat, f_lon).empty())) {
                    double lat = 0, lon = 0;
                    const std::string slat = field(*feat, f_lat), slon = field(*feat, f_lon);
                    if (!parse_double(slat, lat) || !parse_double(slon, lon) || !valid_lonlat(lon, lat)) {
                        bad("bad lat/lon '" + slat.substr(0, 30) + "', '" + slon.substr(0, 30) + "'");
                        continue;
                    }
                    e.geometry = Geometry::point({lon, lat});
                }
            } catch (const Error& err) {
                bad(err.message());
                continue;
            }
            if (e.geometry.empty() && !(e.kind == PlaceKind::Zone && !e.rule.empty())) {
                bad("no geometry (give a geometry/wkt column or lat and lon)");
                continue;
            }
            if (!e.geometry.empty()) {
                double x0, y0, x1, y1;
                e.geometry.bounds(x0, y0, x1, y1);
                if (!valid_lonlat(x0, y0) || !valid_lonlat(x1, y1)) {
                    bad("coordinates outside longitude/latitude range (is it projected, or lat/lon swapped?)");
                    continue;
                }
                if (const std::string why = geometry_problem(e.geometry); !why.empty()) {  // NaN, the vertex limit
                    bad(why);
                    continue;
                }
                if (e.geometry.type != GeomType::Point && ++lines_areas > limits().routes_zones_per_file) {
                    bad("more than " + std::to_string(limits().routes_zones_per_file) + " routes, roads and zones in one file");
                    continue;
                }
            }
            if (f_rep_lon >= 0 && f_rep_lat >= 0) {  // a representative point computed beforehand
                double x = 0, y = 0;
                if (parse_double(field(*feat, f_rep_lon), x) && parse_double(field(*feat, f_rep_lat), y) && valid_lonlat(x, y))
                    e.point = {x, y};
            }
            if (!e.via.empty() && e.via.size() != e.geometry.vertex_count()) {
                bad("via names " + std::to_string(e.via.size()) + " vertices but the line has " +
                    std::to_string(e.geometry.vertex_count()));
                continue;
            }
            e.origin = origin;
            g.add(std::move(e));
            ++added;
        }
    }
    g.origins_mut()[origin].entries += added;
    g.origins_mut()[origin].skipped += skipped;
    return added;
}

namespace {
// A CSV opened through GDAL, or null with the error said (naming the file and what it is).
GDALDatasetUniquePtr open_csv(const std::string& fname, Diagnostics& diag, const char* what) {
    geo::init_gdal();
    static const char* const kCsv[] = {"CSV", nullptr};
    GDALDatasetUniquePtr ds(GDALDataset::Open(fname.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, kCsv));
    if (!ds) diag.error(fname, 0, std::string("cannot read ") + what);
    return ds;
}
}  // namespace

std::size_t load_aliases(Gazetteer& g, const fs::path& file, Diagnostics& diag) {
    const std::string fname = file.string();
    GDALDatasetUniquePtr ds = open_csv(fname, diag, "alias file");
    if (!ds) return 0;
    std::size_t added = 0;
    for (OGRLayer* layer : ds->GetLayers()) {
        OGRFeatureDefn& defn = *layer->GetLayerDefn();
        const int f_target = find_field(defn, {"target"}), f_var = find_field(defn, {"variants"});
        const int f_src = find_field(defn, {"source"});
        if (f_target < 0 || f_var < 0) {
            diag.error(fname, 1, "alias file needs 'target' and 'variants' columns");
            continue;
        }
        long row = 0;
        for (auto& feat : *layer) {
            ++row;
            std::string target = field(*feat, f_target);
            auto names = split_names(field(*feat, f_var), '|');
            if (target.empty() || names.empty()) {
                diag.warn(fname, row + 1, "alias row without target or variants; skipped");
                continue;
            }
            g.add_alias({std::move(target), std::move(names), field(*feat, f_src), fname, row + 1});
            ++added;
        }
    }
    return added;
}

std::size_t load_calendar(Gazetteer& g, const fs::path& file, Diagnostics& diag) {
    const std::string fname = file.string();
    GDALDatasetUniquePtr ds = open_csv(fname, diag, "the calendar file");
    if (!ds) return 0;
    std::size_t added = 0;
    for (OGRLayer* layer : ds->GetLayers()) {
        OGRFeatureDefn& defn = *layer->GetLayerDefn();
        const int f_id = find_field(defn, {"id"}), f_date = find_field(defn, {"date"}), f_names = find_field(defn, {"names"});
        const int f_zone = find_field(defn, {"zone"}), f_src = find_field(defn, {"source"});
        if (f_id < 0 || f_date < 0 || f_names < 0) {
            diag.error(fname, 1, "calendar file needs 'id', 'date' and 'names' columns");
            continue;
        }
        long row = 0;
        for (auto& feat : *layer) {
            ++row;
            Agreement a{field(*feat, f_id), field(*feat, f_date), split_names(field(*feat, f_names), '|'),
                        f_zone >= 0 ? field(*feat, f_zone) : std::string(), f_src >= 0 ? field(*feat, f_src) : std::string()};
            if (a.id.empty() || a.names.empty() || !CivilDate::parse_iso(a.date)) {
                diag.warn(fname, row + 1, "calendar row needs an id, an ISO date (YYYY-MM-DD) and names; skipped");
                continue;
            }
            g.add_agreement(std::move(a));
            ++added;
        }
    }
    return added;
}

std::size_t load_any(Gazetteer& g, const fs::path& file, std::uint32_t origin, Diagnostics& diag,
                     const FeatureDefaults& defaults) {
    const std::string ext = ascii_lower(file.extension().string());
    if (ext == ".txt" || ext == ".tsv") return load_geonames(g, file, origin, diag);
    return load_features(g, file, origin, diag, defaults);
}

}  // namespace cm::gaz
