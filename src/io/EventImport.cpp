// conflictmap io: importing event datasets. Each file is opened with GDAL (CSV with open options
// that find the coordinate columns), each layer is recognised by its column names — conflictmap's
// own schema, ACLED's or UCDP GED's — and read row by row into Events handed to a sink.
//
// [SECTION] values (text, numbers, dates as datasets write them)
// [SECTION] ACLED and UCDP rows
// [SECTION] files and layers
#include "io/EventImport.h"

#include <array>
#include <cassert>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <cmath>
#include <filesystem>
#include <optional>
#include <unordered_map>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <ogrsf_frmts.h>

#include "core/Limits.h"
#include "core/Paths.h"
#include "core/Utf8.h"
#include "geo/Ogr.h"
#include "io/FilePieces.h"

namespace cm::io {

namespace fs = std::filesystem;

namespace {

// [SECTION] values (text, numbers, dates as datasets write them) -----------------------------------

enum class Got { Missing, Bad, Ok };

// The columns of a layer by lower-cased name.
class Columns {
public:
    explicit Columns(OGRFeatureDefn& d) {
        for (int i = 0; i < d.GetFieldCount(); ++i) {
            m_index.emplace(ascii_lower(d.GetFieldDefn(i)->GetNameRef()), i);
            m_types.push_back(d.GetFieldDefn(i)->GetType());
        }
    }
    int operator[](std::string_view name) const {
        auto it = m_index.find(name);
        return it == m_index.end() ? -1 : it->second;
    }
    bool has(std::string_view name) const { return (*this)[name] >= 0; }
    OGRFieldType type(int i) const { return m_types[static_cast<std::size_t>(i)]; }

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, int, Hash, std::equal_to<>> m_index;
    std::vector<OGRFieldType> m_types;
};

const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

// Dates as event datasets write them: "2020-03-15" (with or without a time after it),
// "2020/03/15", "15 March 2020", "15-Mar-2020".
std::optional<CivilDate> parse_date_text(std::string_view s) {
    s = trim(s);
    if (s.size() >= 10 && (s[4] == '-' || s[4] == '/') && s[7] == s[4]) {
        std::string iso(s.substr(0, 10));
        iso[4] = iso[7] = '-';
        if (s.size() > 10 && s[10] != ' ' && s[10] != 'T') return std::nullopt;
        return CivilDate::parse_iso(iso);
    }
    // Day, month name, year: separated by spaces or hyphens.
    std::string t(s);
    for (char& c : t)
        if (c == '-' || c == ',') c = ' ';
    const auto parts = split(t, ' ');
    std::vector<std::string> words;
    for (const auto& p : parts)
        if (!p.empty()) words.push_back(ascii_lower(p));
    if (words.size() != 3 || words[1].size() < 3) return std::nullopt;
    CivilDate d;
    for (int m = 0; m < 12; ++m)
        if (words[1].compare(0, 3, kMonths[m]) == 0) d.month = m + 1;
    auto num = [](const std::string& w, int& out) {
        auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), out);
        return ec == std::errc() && p == w.data() + w.size();
    };
    if (!d.month || !num(words[0], d.day) || !num(words[2], d.year)) return std::nullopt;
    if (words[2].size() == 2) d.year += 2000;
    if (!d.valid()) return std::nullopt;
    return d;
}

// One feature's values by column index; absent columns and NULLs read as missing.
class Values {
public:
    Values(OGRFeature& f, const Columns& c) : m_f(f), m_c(c) {}
    bool set(int i) const { return i >= 0 && m_f.IsFieldSetAndNotNull(i); }
    std::string text(int i) const { return set(i) ? std::string(trim(m_f.GetFieldAsString(i))) : std::string(); }
    Got number(int i, double& out) const {
        if (!set(i)) return Got::Missing;
        const OGRFieldType t = m_c.type(i);
        if (t == OFTInteger || t == OFTInteger64 || t == OFTReal) {
            out = m_f.GetFieldAsDouble(i);
            return std::isfinite(out) ? Got::Ok : Got::Bad;
        }
        const std::string_view s = trim(m_f.GetFieldAsString(i));
        if (s.empty()) return Got::Missing;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        return ec == std::errc() && p == s.data() + s.size() && std::isfinite(out) ? Got::Ok : Got::Bad;
    }
    /// A non-negative whole number (a count); Bad if fractional or negative.
    Got count(int i, int& out) const {
        double v = 0;
        const Got g = number(i, v);
        if (g != Got::Ok) return g;
        if (v < 0 || v != std::floor(v) || v > 1e9) return Got::Bad;
        out = static_cast<int>(v);
        return Got::Ok;
    }
    Got date(int i, CivilDate& out) const {
        if (!set(i)) return Got::Missing;
        const OGRFieldType t = m_c.type(i);
        if (t == OFTDate || t == OFTDateTime) {
            const OGRField* r = m_f.GetRawFieldRef(i);
            out = {r->Date.Year, r->Date.Month, r->Date.Day};
            return out.valid() ? Got::Ok : Got::Bad;
        }
        const std::string_view s = trim(m_f.GetFieldAsString(i));
        if (s.empty()) return Got::Missing;
        auto d = parse_date_text(s);
        if (!d) return Got::Bad;
        out = *d;
        return Got::Ok;
    }
    std::string raw(int i) const { return set(i) ? std::string(m_f.GetFieldAsString(i)) : std::string(); }

private:
    OGRFeature& m_f;
    const Columns& m_c;
};

// [SECTION] ACLED and UCDP rows ---------------------------------------------------------------------

enum class Schema { Unknown, Store, Acled, Ucdp, Generic };

// Names of the columns a generic event file maps, most telling first (ACLED, UCDP GED, GDELT and
// the names QGIS, kepler.gl or a script write).
const char* const kTimeNames[] = {"date", "event_date", "datetime", "date_time", "time", "timestamp", "start", "date_start",
                                  "start_date", "begin", "when", "day", "sqldate", "occurred"};
const char* const kEndNames[] = {"end", "date_end", "end_date", "until", "finish"};
const char* const kTypeNames[] = {"event_type", "type", "category", "kind", "event", "class", "incident_type"};
const char* const kSubTypeNames[] = {"sub_event_type", "subtype", "sub_type", "subcategory"};
const char* const kActor1Names[] = {"actor1", "actor_1", "actor", "perpetrator", "side_a", "actor1name", "attacker"};
const char* const kActor2Names[] = {"actor2", "actor_2", "target", "victim", "side_b", "actor2name"};
const char* const kDeathNames[] = {"fatalities", "deaths", "killed", "dead", "fatality", "casualties", "best", "death_toll"};
const char* const kPlaceNames[] = {"location", "place", "where", "town", "village", "city", "locality", "name", "site"};
const char* const kNoteNames[] = {"notes", "description", "summary", "comment", "comments", "text", "details"};
const char* const kIdNames[] = {"id", "event_id", "uid", "uuid", "globaleventid", "event_id_cnty"};

template <std::size_t N>
int first_named(const Columns& c, const char* const (&names)[N]) {
    for (const char* n : names)
        if (c.has(n)) return c[n];
    return -1;
}

// The time column: a Date/DateTime typed field first, else the first by name.
int time_column(OGRFeatureDefn& d, const Columns& c) {
    for (int i = 0; i < d.GetFieldCount(); ++i)
        if (d.GetFieldDefn(i)->GetType() == OFTDate || d.GetFieldDefn(i)->GetType() == OFTDateTime) return i;
    return first_named(c, kTimeNames);
}

Schema classify(OGRLayer& layer, const Columns& c) {
    if (c.has("type_of_violence") || (c.has("date_start") && (c.has("side_a") || c.has("best")))) return Schema::Ucdp;
    if (c.has("event_date") && c.has("event_type")) return Schema::Acled;
    if (detail::is_store_layer(layer)) return Schema::Store;
    // Any other table with a time or an event-type column is events, mapped by meaning.
    if (time_column(*layer.GetLayerDefn(), c) >= 0 || first_named(c, kTypeNames) >= 0) return Schema::Generic;
    return Schema::Unknown;
}

std::string words(std::initializer_list<std::string> parts) {
    std::string s;
    for (const auto& p : parts) {
        if (p.empty()) continue;
        if (!s.empty()) s += ", ";
        s += p;
    }
    return s;
}

void add_actors(std::vector<Actor>& out, const std::string& main, const std::string& associated) {
    if (!main.empty()) out.push_back({main, {}, {}});
    for (const auto& a : split(associated, ';')) {
        const auto name = std::string(trim(a));
        if (!name.empty()) out.push_back({name, {}, {}});
    }
}

// Location precision codes of the two datasets, each as a class, an uncertainty radius and the
// codebook's meaning in words. Radii: UCDP's own "within 25 km" for where_prec 2; for an admin
// unit known only, 1.5 times the median equal-area radius of Syria's units in OCHA COD-AB
// (districts 20 km, governorates 52 km: most of an irregular unit lies within 1.5 r of its
// centroid), so 30 and 80 km; for a part of a country, 150 km. ACLED: geo_precision 2 is read
// like UCDP's 2, and 3 (a larger region) like a governorate.
struct PrecisionCode {
    LocPrecision cls;
    double radius_km;
    const char* meaning;
};
constexpr PrecisionCode kUcdpWhere[] = {
    {LocPrecision::Place, 0, "exact location"},
    {LocPrecision::Near, 25, "within about 25 km of the point"},
    {LocPrecision::Region, 30, "only the district (second-order admin unit) is known; its centroid"},
    {LocPrecision::Region, 80, "only the province (first-order admin unit) is known; its centroid"},
    {LocPrecision::Region, 150, "only a part of the country, or a linear feature (road, river, border)"},
    {LocPrecision::Country, 0, "only the country is known"},
    {LocPrecision::Country, 0, "international waters or airspace"},
};
constexpr PrecisionCode kAcledGeo[] = {
    {LocPrecision::Place, 0, "the named town itself"},
    {LocPrecision::Near, 25, "near the named town, or a small part of a region"},
    {LocPrecision::Region, 80, "only a larger region is known; its capital or centre"},
};

// The ACLED and UCDP columns the mappings read, looked up once per layer rather than per row:
// col(n_event_date) is the index of "event_date" (-1 if the layer has none).
#define CM_NAMED(X) \
    X(actor1) X(actor2) X(adm_1) X(admin1) X(assoc_actor_1) X(assoc_actor_2) X(date_end) \
    X(date_prec) X(date_start) X(event_date) X(event_id_cnty) X(event_id_no_cnty) X(event_type) \
    X(fatalities) X(geo_precision) X(id) X(location) X(notes) X(side_a) X(side_b) X(source) \
    X(source_article) X(source_date) X(source_headline) X(source_office) X(source_original) \
    X(sub_event_type) X(time_precision) X(type_of_violence) X(where_coordinates) X(where_prec) \
    X(year) X(best) X(low) X(high)
enum Named : std::size_t {
#define CM_ENUM(n) n_##n,
    CM_NAMED(CM_ENUM)
#undef CM_ENUM
};
constexpr const char* kNamed[] = {
#define CM_TEXT(n) #n,
    CM_NAMED(CM_TEXT)
#undef CM_TEXT
};
#undef CM_NAMED

// Reads a layer of ACLED or UCDP rows. Shared steps (coordinates, row numbering, reporting)
// live here; the mapping of each schema is in acled() and ucdp().
class TableReader {
public:
    TableReader(OGRLayer& layer, Schema schema, std::string path, bool csv, Diagnostics& diag,
                const std::map<std::string, std::string>* overrides = nullptr)
        : m_layer(&layer), m_cols(*layer.GetLayerDefn()), m_schema(schema), m_path(std::move(path)), m_csv(csv),
          m_diag(&diag), m_overrides(overrides) {
        for (std::size_t k = 0; k < std::size(kNamed); ++k) m_named[k] = m_cols[kNamed[k]];
        // Only names that say degrees: columns called x/y may hold projected metres, and the CSV
        // driver turns them into the geometry anyway.
        m_lat = first_of({"latitude", "lat"});
        m_lon = first_of({"longitude", "lon", "long", "lng"});
        // Feature geometry in another CRS than WGS 84 degrees is transformed as it is read.
        if (const OGRSpatialReference* srs = layer.GetSpatialRef()) {
            OGRSpatialReference wgs84;
            wgs84.SetWellKnownGeogCS("WGS84");
            wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
            OGRSpatialReference src(*srs);
            src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
            if (!src.IsSame(&wgs84)) m_ct.reset(OGRCreateCoordinateTransformation(&src, &wgs84));
        }
        // Every column the mapping does not read into an event field is kept as an attribute.
        static const char* kAcledUsed[] = {"event_id_cnty", "event_id_no_cnty", "event_date", "time_precision", "event_type",
                                           "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2",
                                           "fatalities", "geo_precision", "location", "source", "notes", "latitude",
                                           "longitude", "lat", "lon", "long", "lng"};
        static const char* kUcdpUsed[] = {"id", "date_start", "date_end", "date_prec", "type_of_violence", "side_a",
                                          "side_b", "best", "low", "high", "where_prec", "where_coordinates",
                                          "source_office", "source_headline", "source_article", "latitude", "longitude", "lat", "lon", "long", "lng"};
        OGRFeatureDefn& d = *layer.GetLayerDefn();
        if (schema == Schema::Generic) setup_generic(layer, d);
        for (int i = 0; i < d.GetFieldCount(); ++i) {
            const std::string name = d.GetFieldDefn(i)->GetNameRef();
            const std::string lower = ascii_lower(name);
            bool used = false;
            if (schema == Schema::Acled)
                for (const char* u : kAcledUsed) used |= lower == u;
            else if (schema == Schema::Ucdp)
                for (const char* u : kUcdpUsed) used |= lower == u;
            else
                used = std::find(m_generic_used.begin(), m_generic_used.end(), i) != m_generic_used.end() || i == m_lat ||
                       i == m_lon;
            if (!used && lower != "wkt" && lower != "geom_wkt" && lower != "geometry" && lower != "geom") m_extra.emplace_back(i, name);
        }
    }

    /// The same mapping over another layer with the same columns (a piece of the file this
    /// reader's layer is: GDAL names a piece's columns field_1..., not by the header) whose
    /// messages go to diag. Only for readers without a coordinate transformation.
    TableReader(const TableReader& proto, OGRLayer& layer, Diagnostics& diag)
        : m_layer(&layer), m_cols(proto.m_cols), m_schema(proto.m_schema), m_path(proto.m_path), m_csv(proto.m_csv),
          m_diag(&diag), m_lat(proto.m_lat), m_lon(proto.m_lon), m_extra(proto.m_extra), m_overrides(proto.m_overrides),
          m_named(proto.m_named), m_g_time(proto.m_g_time), m_g_end(proto.m_g_end), m_g_type(proto.m_g_type),
          m_g_sub(proto.m_g_sub), m_g_a1(proto.m_g_a1), m_g_a2(proto.m_g_a2), m_g_dead(proto.m_g_dead),
          m_g_place(proto.m_g_place), m_g_notes(proto.m_g_notes), m_g_id(proto.m_g_id),
          m_generic_used(proto.m_generic_used), m_order(proto.m_order), m_lean(proto.m_lean),
          m_longest_record(proto.m_longest_record) {
        assert(!proto.m_ct && "TableReader: pieces are for sources in WGS 84");
    }

    bool transforms() const { return m_ct != nullptr; }
    /// Lean: rows that end up points skip what a lean table drops (their extra columns).
    void set_lean(bool on) { m_lean = on; }
    /// The longest record of the file (CsvLayout::longest_record; 0: not known): when it is within
    /// the limit on one value, no value can pass it and rows are not measured one by one.
    void set_longest_record(std::uint64_t bytes) { m_longest_record = bytes; }

    /// Reads every row and says what the limits left unread (over the per-file row limit).
    bool read(const EventSink& sink, const RowProgress& progress, std::size_t& skipped) {
        std::size_t rows = 0, over = 0;
        const bool done = read_rows(sink, progress, skipped, 0, rows, over);
        if (done) finish(rows, over, skipped);
        return done;
    }

    /// Reads the layer's rows, numbering them from first_row + 1 (a piece's place in its file);
    /// rows: how many the layer gave, over: how many of them were past the row limit (counted,
    /// not read). False if progress cancelled. Throws cm::Error if the read stops on an error.
    bool read_rows(const EventSink& sink, const RowProgress& progress, std::size_t& skipped, std::size_t first_row,
                   std::size_t& rows, std::size_t& over) {
        m_layer->ResetReading();
        CPLErrorReset();
        m_stem = fs::path(m_path).stem().string();
        std::size_t row = first_row;
        const std::uint64_t max_rows = limits().features_per_file;
        rows = over = 0;
        for (OGRFeatureUniquePtr f(m_layer->GetNextFeature()); f; f.reset(m_layer->GetNextFeature())) {
            ++row;
            ++rows;
            if (progress && rows % 4096 == 0 && !progress(rows)) return false;
            if (row > max_rows) {
                ++over;
                continue;
            }
            const Values v(*f, m_cols);
            Event e;
            std::string why = oversized_field(*f);
            const bool ok = why.empty() && (m_schema == Schema::Acled ? acled(v, row, e, why)
                             : m_schema == Schema::Ucdp ? ucdp(v, row, e, why)
                                                        : generic(v, row, e, why)) &&
                            locate(v, *f, e, why);
            if (!ok) {
                report(row, why + "; row skipped");
                ++skipped;
                continue;
            }
            e.provenance.source_file = m_path;
            e.provenance.row = row;
            if (!m_lean || e.location.geometry.type != GeomType::Point)
                for (const auto& [i, name] : m_extra) {
                    std::string value = v.text(i);
                    if (!value.empty()) e.attributes.push_back({name, std::move(value)});
                }
            sink(std::move(e));
        }
        // A damaged file can end the features early with an error rather than at its end.
        if (CPLGetLastErrorType() >= CE_Failure)
            throw Error("read stopped after " + std::to_string(row) + " rows: " + CPLGetLastErrorMsg(), m_path,
                        static_cast<long>(m_csv ? row + 1 : row));
        return true;
    }

    /// After the last row of the file (rows in all): says what the row limit left unread.
    void finish(std::size_t rows, std::size_t over, std::size_t& skipped) {
        if (!over) return;
        const std::uint64_t max_rows = limits().features_per_file;
        m_diag->error(m_path, static_cast<long>(m_csv ? max_rows + 2 : max_rows + 1), rows_over_limit_message(rows));
        skipped += over;
    }

private:
    // A text value longer than limits().field_bytes: the row is refused, naming the column.
    std::string oversized_field(OGRFeature& f) const {
        const std::size_t limit = limits().field_bytes;
        if (m_longest_record > 0 && m_longest_record <= limit) return {};
        const int n = f.GetFieldCount();
        for (int i = 0; i < n; ++i) {
            if (m_cols.type(i) != OFTString || !f.IsFieldSetAndNotNull(i)) continue;
            const std::size_t len = std::strlen(f.GetFieldAsString(i));
            if (len > limit)
                return "column '" + std::string(f.GetFieldDefnRef(i)->GetNameRef()) + "' holds " + byte_size_text(len) +
                       ", over the limit of " + byte_size_text(limit) + " for one value";
        }
        return {};
    }

    int first_of(std::initializer_list<const char*> names) const {
        for (const char* n : names)
            if (m_cols.has(n)) return m_cols[n];
        return -1;
    }

    // CSV rows are numbered by file line (the header is line 1), other sources by feature.
    void report(std::size_t row, const std::string& msg) {
        const long line = static_cast<long>(m_csv ? row + 1 : row);
        m_diag->warn(m_path, line, "row " + std::to_string(row) + ": " + msg);
    }

    // Coordinates from latitude/longitude columns, else from the feature's geometry.
    bool locate(const Values& v, OGRFeature& f, Event& e, std::string& why) {
        if (m_lat >= 0 && m_lon >= 0) {
            double lat = 0, lon = 0;
            const Got a = v.number(m_lat, lat), b = v.number(m_lon, lon);
            if (a == Got::Ok && b == Got::Ok) {
                if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
                    why = "latitude/longitude " + v.raw(m_lat) + ", " + v.raw(m_lon) +
                          " out of range (latitude -90..90, longitude -180..180)";
                    return false;
                }
                e.location.geometry = Geometry::point({lon, lat});
                e.location.point = {lon, lat};
                return true;
            }
            if (a == Got::Bad || b == Got::Bad) {
                why = "latitude/longitude '" + v.raw(m_lat) + "', '" + v.raw(m_lon) + "' is not a finite number";
                return false;
            }
        }
        const OGRGeometry* g = f.GetGeometryRef();
        if (!g || g->IsEmpty()) {
            why = "no coordinates (latitude/longitude empty and no geometry)";
            return false;
        }
        geo::OgrGeom copy;
        if (m_ct) {
            copy.reset(g->clone());
            if (copy->transform(m_ct.get()) != OGRERR_NONE) {
                why = "geometry cannot be transformed to WGS 84";
                return false;
            }
            g = copy.get();
        }
        // The vertex limit before the copy: a hostile geometry costs OGR's parse, not ours too.
        if (const auto nv = static_cast<std::uint64_t>(geo::ogr_vertex_count(*g)); nv > limits().vertices_per_geometry) {
            why = "geometry has " + std::to_string(nv) + " vertices, over the limit of " +
                  std::to_string(limits().vertices_per_geometry);
            return false;
        }
        e.location.geometry = geo::from_ogr(*g);
        if (e.location.geometry.empty()) {
            why = "geometry has no usable coordinates";
            return false;
        }
        if (why = geometry_problem(e.location.geometry); !why.empty()) return false;
        const GeomType t = e.location.geometry.type;
        if (t == GeomType::Point) e.location.point = e.location.geometry.parts[0][0];
        if (t == GeomType::LineString || t == GeomType::MultiLineString) e.shape = EventShape::Route;
        return true;
    }

    int col(Named n) const { return m_named[n]; }

    std::string fallback_id(std::size_t row) const { return m_stem + "-" + std::to_string(row); }

    bool acled(const Values& v, std::size_t row, Event& e, std::string& why) {
        e.id = v.text(col(n_event_id_cnty));
        if (e.id.empty()) e.id = v.text(col(n_event_id_no_cnty));
        if (e.id.empty()) e.id = fallback_id(row);

        CivilDate d;
        const Got gd = v.date(col(n_event_date), d);
        if (gd == Got::Bad) {
            why = "event_date '" + v.raw(col(n_event_date)) + "' is not a date";
            return false;
        }
        int prec = 1;
        const Got gp = v.count(col(n_time_precision), prec);
        if (gp == Got::Bad || (gp == Got::Ok && (prec < 1 || prec > 3))) {
            why = "time_precision '" + v.raw(col(n_time_precision)) + "' is not 1, 2 or 3";
            return false;
        }
        if (gd == Got::Ok) {
            e.date.first = e.date.last = d;
            if (prec == 2) {
                e.date.first = d.plus_days(-3);
                e.date.last = d.plus_days(3);
                e.date.precision = DatePrecision::Week;
            } else if (prec == 3) {
                e.date.first = {d.year, d.month, 1};
                e.date.last = {d.year, d.month, CivilDate::days_in_month(d.year, d.month)};
                e.date.precision = DatePrecision::Month;
            }
        } else {
            int year = 0;
            if (v.count(col(n_year), year) == Got::Ok && year >= 1 && year <= 9999) {
                e.date.first = {year, 1, 1};
                e.date.last = {year, 12, 31};
                e.date.precision = DatePrecision::Year;
            } else {
                e.date.undated = true;
            }
        }
        e.date.written = v.raw(col(n_event_date));

        const std::string type = v.text(col(n_event_type));
        if (type.empty()) {
            why = "no event_type";
            return false;
        }
        e.type = parse_event_type(type);
        if (e.type == EventType::StrategicDevelopments && ascii_lower(type) != "strategic developments")
            report(row, "unknown event_type '" + type + "'; read as Strategic developments");
        e.sub_event_type = v.text(col(n_sub_event_type));
        add_actors(e.actor1, v.text(col(n_actor1)), v.text(col(n_assoc_actor_1)));
        add_actors(e.actor2, v.text(col(n_actor2)), v.text(col(n_assoc_actor_2)));

        const Got gf = v.count(col(n_fatalities), e.casualties.killed.best);
        if (gf == Got::Bad) {
            why = "fatalities '" + v.raw(col(n_fatalities)) + "' is not a whole number >= 0";
            return false;
        }
        int geo = 1;
        const Got gg = v.count(col(n_geo_precision), geo);
        if (gg == Got::Bad || (gg == Got::Ok && (geo < 1 || geo > 3))) {
            report(row, "geo_precision '" + v.raw(col(n_geo_precision)) + "' is not 1, 2 or 3; read as 3 (region)");
            geo = 3;
        }
        const PrecisionCode& pc = kAcledGeo[geo - 1];
        e.location.precision = pc.cls;
        e.location.radius_km = pc.radius_km;
        if (gg == Got::Ok) e.attributes.push_back({"geo_precision", std::to_string(geo) + ": " + pc.meaning});
        if (gp == Got::Ok) {
            static const char* kTime[] = {"the day is known", "the week is known (shown as the 7 days around the date)",
                                          "the month is known (shown as the whole month)"};
            e.attributes.push_back({"time_precision", std::to_string(prec) + ": " + kTime[prec - 1]});
        }
        e.location.written = words({v.text(col(n_location)), v.text(col(n_admin1))});
        e.provenance.outlet = v.text(col(n_source));
        e.summary = v.text(col(n_notes));
        e.confidence = 1;  // a curated dataset's own coding
        return true;
    }

    bool ucdp(const Values& v, std::size_t row, Event& e, std::string& why) {
        e.id = v.text(col(n_id));
        if (e.id.empty()) e.id = fallback_id(row);

        CivilDate a, b;
        const Got ga = v.date(col(n_date_start), a);
        const Got gb = v.date(col(n_date_end), b);
        if (ga == Got::Bad || gb == Got::Bad) {
            why = "date_start/date_end '" + v.raw(col(n_date_start)) + "', '" + v.raw(col(n_date_end)) + "' is not a date";
            return false;
        }
        if (ga == Got::Ok || gb == Got::Ok) {
            e.date.first = ga == Got::Ok ? a : b;
            e.date.last = gb == Got::Ok ? b : a;
            if (e.date.last < e.date.first) {
                why = "date_end " + e.date.last.iso() + " is before date_start " + e.date.first.iso();
                return false;
            }
            int prec = 0;
            const Got gp = v.count(col(n_date_prec), prec);
            if (gp == Got::Ok && prec >= 1 && prec <= 5) {
                e.date.precision = static_cast<DatePrecision>(prec);  // UCDP's 1..5 are ours
                static const char* kDate[] = {"the day is known", "within 2-6 days", "the week is known",
                                              "the month is known", "only the year, or longer"};
                e.attributes.push_back({"date_prec", std::to_string(prec) + ": " + kDate[prec - 1]});
            } else {
                if (gp != Got::Missing)
                    report(row, "date_prec '" + v.raw(col(n_date_prec)) + "' is not 1..5; precision from the dates");
                e.date.precision = e.date.first == e.date.last ? DatePrecision::Day : DatePrecision::Range;
            }
        } else {
            e.date.undated = true;
        }

        int tv = 0;
        if (v.count(col(n_type_of_violence), tv) != Got::Ok || tv < 1 || tv > 3) {
            why = "type_of_violence '" + v.raw(col(n_type_of_violence)) + "' is not 1, 2 or 3";
            return false;
        }
        static const char* kViolence[] = {"state-based conflict", "non-state conflict", "one-sided violence"};
        e.type = tv == 3 ? EventType::ViolenceAgainstCivilians : EventType::Battles;
        e.sub_event_type = kViolence[tv - 1];
        add_actors(e.actor1, v.text(col(n_side_a)), {});
        add_actors(e.actor2, v.text(col(n_side_b)), {});

        Count& k = e.casualties.killed;
        for (auto [name, out] : {std::pair{n_best, &k.best}, std::pair{n_low, &k.low}, std::pair{n_high, &k.high}}) {
            if (v.count(col(name), *out) == Got::Bad) {
                why = std::string(kNamed[name]) + " '" + v.raw(col(name)) + "' is not a whole number >= 0";
                return false;
            }
        }
        int wp = 1;
        const Got gw = v.count(col(n_where_prec), wp);
        if (gw == Got::Bad || (gw == Got::Ok && (wp < 1 || wp > 7))) {
            report(row, "where_prec '" + v.raw(col(n_where_prec)) + "' is not 1..7; read as a region");
            wp = 7;
        }
        const PrecisionCode& pc = kUcdpWhere[wp - 1];
        e.location.precision = pc.cls;
        e.location.radius_km = pc.radius_km;
        if (gw == Got::Ok) e.attributes.push_back({"where_prec", std::to_string(wp) + ": " + pc.meaning});
        e.location.written = words({v.text(col(n_where_coordinates)), v.text(col(n_adm_1))});
        e.provenance.outlet = v.text(col(n_source_office));
        if (e.provenance.outlet.empty()) e.provenance.outlet = v.text(col(n_source_original));
        e.provenance.title = v.text(col(n_source_headline));
        e.provenance.text = v.text(col(n_source_article));
        CivilDate pub;
        if (v.date(col(n_source_date), pub) == Got::Ok) e.provenance.published = pub.iso();
        e.confidence = 1;  // a curated dataset's own coding
        return true;
    }

    // ---- any other event table, mapped by meaning ----

    enum class DayOrder { Unknown, DayFirst, MonthFirst };

    // "15/03/2020" or "03/15/2020": which, decided per column from values that can only be one.
    static DayOrder order_of(const std::string& v, DayOrder sofar) {
        int a = 0, b = 0, y = 0;
        char s1 = 0, s2 = 0;
        if (std::sscanf(v.c_str(), "%d%c%d%c%d", &a, &s1, &b, &s2, &y) != 5 || s1 != s2 || (s1 != '/' && s1 != '.' && s1 != '-') ||
            y < 1000)
            return sofar;
        if (a > 12) return DayOrder::DayFirst;
        if (b > 12) return DayOrder::MonthFirst;
        return sofar;
    }

    void setup_generic(OGRLayer& layer, OGRFeatureDefn& d) {
        m_g_time = time_column(d, m_cols);
        m_g_end = first_named(m_cols, kEndNames);
        if (m_g_end == m_g_time) m_g_end = -1;
        m_g_type = first_named(m_cols, kTypeNames);
        m_g_sub = first_named(m_cols, kSubTypeNames);
        m_g_a1 = first_named(m_cols, kActor1Names);
        m_g_a2 = first_named(m_cols, kActor2Names);
        m_g_dead = first_named(m_cols, kDeathNames);
        m_g_place = first_named(m_cols, kPlaceNames);
        m_g_notes = first_named(m_cols, kNoteNames);
        m_g_id = first_named(m_cols, kIdNames);
        // The user's overrides (--map date=fecha,type=tipo): ours <- their column.
        if (m_overrides)
            for (const auto& [ours, theirs] : *m_overrides) {
                const int c = m_cols[ascii_lower(theirs)];
                if (c < 0) {
                    m_diag->error(m_path, 0, "--map " + ours + "=" + theirs + ": no column '" + theirs + "' here");
                    continue;
                }
                int* slot = ours == "date" ? &m_g_time : ours == "end" ? &m_g_end : ours == "type" ? &m_g_type
                            : ours == "sub_type" ? &m_g_sub : ours == "actor1" ? &m_g_a1 : ours == "actor2" ? &m_g_a2
                            : ours == "fatalities" ? &m_g_dead : ours == "place" ? &m_g_place : ours == "notes" ? &m_g_notes
                            : ours == "id" ? &m_g_id : nullptr;
                if (slot) *slot = c;
            }
        for (int c : {m_g_time, m_g_end, m_g_type, m_g_sub, m_g_a1, m_g_a2, m_g_dead, m_g_place, m_g_notes, m_g_id})
            if (c >= 0) m_generic_used.push_back(c);
        // The day order of slashed dates, from the first rows that tell.
        if (m_g_time >= 0 && d.GetFieldDefn(m_g_time)->GetType() == OFTString) {
            layer.ResetReading();
            int seen = 0;
            for (OGRFeatureUniquePtr f(layer.GetNextFeature()); f && seen < 500 && m_order == DayOrder::Unknown;
                 f.reset(layer.GetNextFeature()), ++seen)
                if (f->IsFieldSetAndNotNull(m_g_time)) m_order = order_of(f->GetFieldAsString(m_g_time), m_order);
            layer.ResetReading();
        }
        // Say how the columns were read: the user can check the mapping (and override it).
        auto name = [&](int c) { return c >= 0 ? std::string("'") + d.GetFieldDefn(c)->GetNameRef() + "'" : std::string("-"); };
        std::string m = "columns read as: date <- " + name(m_g_time);
        if (m_order == DayOrder::DayFirst) m += " (DD/MM/YYYY)";
        if (m_order == DayOrder::MonthFirst) m += " (MM/DD/YYYY)";
        m += ", end <- " + name(m_g_end) + ", type <- " + name(m_g_type) + ", actor 1 <- " + name(m_g_a1) + ", actor 2 <- " +
             name(m_g_a2) + ", fatalities <- " + name(m_g_dead) + ", place <- " + name(m_g_place) + ", notes <- " +
             name(m_g_notes) + ", id <- " + name(m_g_id) + "; other columns kept as attributes";
        m_diag->warn(m_path, 0, m);
        if (m_g_time < 0) m_diag->warn(m_path, 0, "no time column: rows load as undated features");
    }

    // A day from a generic time value: OGR dates, ISO, "15 March 2020", slashed dates in the
    // column's order, YYYYMMDD (GDELT), epoch seconds or milliseconds.
    Got generic_day(const Values& v, int col, CivilDate& out) const {
        if (col < 0 || !v.set(col)) return Got::Missing;
        const Got g = v.date(col, out);
        if (g == Got::Ok) return g;
        const std::string raw = std::string(trim(v.raw(col)));
        if (raw.empty()) return Got::Missing;
        int a = 0, b = 0, y = 0;
        char s1 = 0, s2 = 0;
        if (std::sscanf(raw.c_str(), "%d%c%d%c%d", &a, &s1, &b, &s2, &y) == 5 && s1 == s2 && (s1 == '/' || s1 == '.' || s1 == '-') &&
            y >= 1000) {
            const bool month_first = m_order == DayOrder::MonthFirst;
            out = month_first ? CivilDate{y, a, b} : CivilDate{y, b, a};
            return out.valid() ? Got::Ok : Got::Bad;
        }
        double num = 0;
        auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), num);
        if (ec == std::errc() && p == raw.data() + raw.size() && std::isfinite(num)) {
            if (num >= 19000101 && num <= 21001231 && raw.size() == 8) {
                const int n = static_cast<int>(num);
                out = {n / 10000, n / 100 % 100, n % 100};
                return out.valid() ? Got::Ok : Got::Bad;
            }
            if (num > 1e11) num /= 1000;  // milliseconds
            if (num > 1e8 && num < 4.2e9) {
                out = CivilDate::from_days(static_cast<std::int32_t>(std::floor(num / 86400)));
                return Got::Ok;
            }
        }
        return Got::Bad;
    }

    bool generic(const Values& v, std::size_t row, Event& e, std::string& why) {
        e.id = v.text(m_g_id);
        if (e.id.empty()) e.id = fallback_id(row);
        CivilDate a, b;
        const Got ga = generic_day(v, m_g_time, a);
        const Got gb = generic_day(v, m_g_end, b);
        if (ga == Got::Bad) {
            why = "date '" + v.raw(m_g_time) + "' is not a date";
            return false;
        }
        if (ga == Got::Ok) {
            e.date.first = e.date.last = a;
            if (gb == Got::Ok && !(b < a)) e.date.last = b;
            e.date.precision = e.date.first == e.date.last ? DatePrecision::Day : DatePrecision::Range;
            e.date.written = v.raw(m_g_time);
        } else {
            e.date.undated = true;
            e.flags.push_back("undated");
        }
        const std::string type = v.text(m_g_type);
        e.type = parse_event_type(type);
        if (!type.empty() && e.type == EventType::StrategicDevelopments && ascii_lower(type) != "strategic developments") {
            // Not ACLED's words: the common ones by meaning, the value kept as the kind.
            const std::string t = ascii_lower(type);
            auto has = [&](std::initializer_list<const char*> ws) {
                for (const char* w : ws)
                    if (t.find(w) != std::string::npos) return true;
                return false;
            };
            if (has({"airstrike", "air strike", "bomb", "shell", "explos", "ied", "mine", "missile", "rocket", "drone", "artillery"}))
                e.type = EventType::ExplosionsRemoteViolence;
            else if (has({"battle", "clash", "fight", "armed", "attack", "raid", "ambush"}))
                e.type = EventType::Battles;
            else if (has({"civilian", "massacre", "killing", "abduct", "kidnap", "execution", "assassinat"}))
                e.type = EventType::ViolenceAgainstCivilians;
            else if (has({"protest", "demonstrat"}))
                e.type = EventType::Protests;
            else if (has({"riot", "mob"}))
                e.type = EventType::Riots;
            e.kind = type;
        }
        e.sub_event_type = v.text(m_g_sub);
        add_actors(e.actor1, v.text(m_g_a1), {});
        add_actors(e.actor2, v.text(m_g_a2), {});
        if (m_g_dead >= 0) {
            const Got gf = v.count(m_g_dead, e.casualties.killed.best);
            if (gf == Got::Bad) {
                why = "fatalities '" + v.raw(m_g_dead) + "' is not a whole number >= 0";
                return false;
            }
        }
        e.location.written = v.text(m_g_place);
        e.summary = v.text(m_g_notes);
        e.confidence = 1;
        return true;
    }

    struct CtDeleter {
        void operator()(OGRCoordinateTransformation* ct) const { OGRCoordinateTransformation::DestroyCT(ct); }
    };

    OGRLayer* m_layer;
    Columns m_cols;
    Schema m_schema;
    std::string m_path, m_stem;
    bool m_csv;
    Diagnostics* m_diag;
    int m_lat = -1, m_lon = -1;
    std::vector<std::pair<int, std::string>> m_extra;  // columns kept as attributes: index, name as written
    const std::map<std::string, std::string>* m_overrides = nullptr;
    std::array<int, std::size(kNamed)> m_named{};  // index of each kNamed column, -1 if absent
    int m_g_time = -1, m_g_end = -1, m_g_type = -1, m_g_sub = -1, m_g_a1 = -1, m_g_a2 = -1, m_g_dead = -1, m_g_place = -1,
        m_g_notes = -1, m_g_id = -1;
    std::vector<int> m_generic_used;
    DayOrder m_order = DayOrder::Unknown;
    bool m_lean = false;
    std::uint64_t m_longest_record = 0;
    std::unique_ptr<OGRCoordinateTransformation, CtDeleter> m_ct;
};

// [SECTION] files and layers -----------------------------------------------------------------------

bool is_report(const std::string& ext) {
    return ext == ".txt" || ext == ".md" || ext == ".markdown" || ext == ".html" || ext == ".htm";
}

// headerless: a piece of a CSV file after its first (see read_csv_pieces).
GDALDatasetUniquePtr open_source(const std::string& path, bool csv, bool headerless = false) {
    if (!csv) return GDALDatasetUniquePtr(detail::open_vector(path));
    // x/y columns become the point geometry, and a WKT column does too. Latitude/longitude
    // columns stay text, read by TableReader::locate: GDAL would type them Real and turn "abc" or
    // "nan" into an empty value, and the row's message could not say what was there. Every value
    // stays text so that we, not GDAL, decide what is a bad value.
    const char* drivers[] = {"CSV", nullptr};
    const char* options[] = {"X_POSSIBLE_NAMES=x",
                             "Y_POSSIBLE_NAMES=y",
                             "GEOM_POSSIBLE_NAMES=wkt,geometry,geom",
                             "KEEP_GEOM_COLUMNS=YES",
                             "AUTODETECT_TYPE=NO",
                             headerless ? "HEADERS=NO" : nullptr,
                             nullptr};
    return GDALDatasetUniquePtr(
        GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, options, nullptr));
}

// Threads for reading a file in pieces: the options', else CONFLICTMAP_THREADS, else one per core.
unsigned reading_threads(const ImportOptions& options) {
    if (options.threads) return options.threads;
    if (const char* env = std::getenv("CONFLICTMAP_THREADS"); env && *env) {
        unsigned n = 0;
        const auto [p, ec] = std::from_chars(env, env + std::strlen(env), n);
        if (ec == std::errc() && *p == '\0' && n > 0) return std::min(n, 256u);
    }
    return std::max(1u, std::thread::hardware_concurrency());
}

enum class PieceRead { NotCut, Done, Cancelled };

// What reading one piece of a file gave: its own builder and messages, merged in file order.
struct Piece {
    GDALDatasetUniquePtr ds;
    OGRLayer* layer = nullptr;
    events::EventTableBuilder builder;
    // Every message, not only the first 10,000 Diagnostics keeps: all go on to the caller's.
    std::vector<Diagnostic> messages;
    Diagnostics diag{[this_messages = &messages](const Diagnostic& d) { this_messages->push_back(d); }};
    std::size_t expected = 0;  // the rows the scan found in it
    std::string date_fields;   // GeoJSON: the fields GDAL typed as dates or times in this piece
    std::size_t skipped = 0, rows = 0, over = 0;
    bool done = false;
    std::optional<Error> error;
    std::exception_ptr crash;
};

// Runs read(piece, progress) for every piece on up to `threads` threads, each taking the next
// piece not yet taken; this thread reports the rows read so far to progress until all are done
// (false from it stops the pieces at their next report). False if a thread could not start
// (the pieces are then stopped and the file is to be read whole).
bool run_pieces(std::vector<Piece>& pieces, unsigned threads, const RowProgress& progress,
                const std::function<void(Piece&, const RowProgress&)>& read) {
    const std::size_t n = pieces.size();
    std::atomic<std::size_t> seen{0}, next{0};
    std::atomic<bool> stop{false};
    std::mutex m;
    std::condition_variable cv;
    std::size_t finished = 0;
    std::vector<std::jthread> workers;
    struct StopOnThrow {  // whatever leaves early, the pieces stop before the workers are joined
        std::atomic<bool>& stop;
        ~StopOnThrow() {
            if (std::uncaught_exceptions()) stop = true;
        }
    } stop_on_throw{stop};
    auto work = [&] {
        for (std::size_t k = next++; k < n; k = next++) {
            Piece& p = pieces[k];
            if (!stop) {
                try {
                    std::size_t told = 0;
                    read(p, [&](std::size_t rows) {
                        seen += rows - told;
                        told = rows;
                        return !stop;
                    });
                } catch (const Error& e) {
                    p.error = e;
                } catch (...) {
                    p.crash = std::current_exception();
                }
            }
            const std::lock_guard lock(m);
            ++finished;
            cv.notify_all();
        }
    };
    try {
        const std::size_t count = std::min<std::size_t>(std::max(1u, threads), n);
        workers.reserve(count);
        for (std::size_t t = 0; t < count; ++t) workers.emplace_back(work);
    } catch (const std::system_error&) {
        stop = true;
        return false;
    }
    std::unique_lock lock(m);
    while (finished < n) {
        lock.unlock();
        if (progress && !stop && !progress(seen)) stop = true;
        lock.lock();
        cv.wait_for(lock, std::chrono::milliseconds(50));
    }
    return true;
}

// The pieces' builders and messages passed on in file order. NotCut (nothing passed on) if a
// piece gave other rows than the scan found in it. A piece that stopped on an error ends the file
// there, as reading it whole would: the pieces before it and its rows are kept, and the error is
// thrown. rows, over: the file's rows and those past the row limit, for its message.
PieceRead merge_pieces(std::vector<Piece>& pieces, events::EventTableBuilder& into, Diagnostics& diag,
                       std::size_t& rows_added, std::size_t& skipped, std::size_t& rows, std::size_t& over) {
    for (Piece& p : pieces)
        if (p.crash) std::rethrow_exception(p.crash);
    for (const Piece& p : pieces)
        if (p.done && !p.error && p.rows != p.expected) return PieceRead::NotCut;
    rows = over = 0;
    for (Piece& p : pieces) {
        const std::size_t added = p.builder.size();
        into.append(std::move(p.builder));  // may throw (past 4 GiB of text): then this piece is not counted
        rows_added += added;
        for (const Diagnostic& d : p.messages)
            (d.level == Diagnostic::Level::Error ? diag.error(d.file, d.line, d.message) : diag.warn(d.file, d.line, d.message));
        skipped += p.skipped;
        rows += p.rows;
        over += p.over;
        if (p.error) throw *p.error;
        if (!p.done) return PieceRead::Cancelled;
    }
    return PieceRead::Done;
}

// Reads a CSV file in the layout's pieces, a thread each. Each piece is its own GDAL dataset over
// its bytes (/vsisubfile/); pieces after the first have no header, and their columns (which GDAL
// names field_1...) are read by the names of proto's, the whole file's. NotCut where a piece does
// not open with the header's columns; otherwise as merge_pieces says.
PieceRead read_csv_pieces(const std::string& source, const detail::CsvLayout& layout, TableReader& proto, int fields,
                          unsigned threads, events::EventTableBuilder& into, Diagnostics& diag,
                          const RowProgress& progress, std::size_t& rows_added, std::size_t& skipped) {
    const std::size_t n = layout.pieces.size();
    std::vector<Piece> pieces(n);
    for (std::size_t k = 0; k < n; ++k) {
        const detail::FilePiece& at = layout.pieces[k];
        const std::string sub = "/vsisubfile/" + std::to_string(at.offset) + "_" + std::to_string(at.bytes) + "," + source;
        Piece& p = pieces[k];
        p.ds = open_source(sub, true, k > 0);
        p.layer = p.ds && p.ds->GetLayerCount() == 1 ? p.ds->GetLayer(0) : nullptr;
        if (!p.layer || p.layer->GetLayerDefn()->GetFieldCount() != fields || p.layer->GetLayerDefn()->GetGeomFieldCount() != 0)
            return PieceRead::NotCut;
        p.builder.set_lean(into.lean());
        p.expected = at.rows;
    }
    const bool ran = run_pieces(pieces, threads, progress, [&](Piece& p, const RowProgress& piece_progress) {
        const std::size_t k = static_cast<std::size_t>(&p - pieces.data());
        TableReader reader(proto, *p.layer, p.diag);
        p.done = reader.read_rows([&](Event&& e) { p.builder.add(e); }, piece_progress, p.skipped,
                                  layout.pieces[k].first_row, p.rows, p.over);
    });
    if (!ran) return PieceRead::NotCut;
    std::size_t rows = 0, over = 0;
    const PieceRead r = merge_pieces(pieces, into, diag, rows_added, skipped, rows, over);
    if (r == PieceRead::Done) proto.finish(rows, over, skipped);
    return r;
}

// Reads conflictmap's own GeoJSON in the layout's pieces on `threads` threads. Each piece is
// wrapped as a FeatureCollection of its own in memory (the file's other top-level members, its
// CRS among them, repeated) only while it is read, so memory holds a piece per thread, not the
// file. NotCut where a piece is not a layer of conflictmap's event fields; otherwise as
// merge_pieces says.
PieceRead read_geojson_pieces(const std::string& source, const std::string& path, const detail::GeoJsonLayout& layout,
                              unsigned threads, events::EventTableBuilder& into, Diagnostics& diag,
                              const RowProgress& progress, std::size_t& rows_added, std::size_t& skipped) {
    std::vector<Piece> pieces(layout.pieces.size());
    for (std::size_t k = 0; k < pieces.size(); ++k) {
        pieces[k].builder.set_lean(into.lean());
        pieces[k].expected = layout.pieces[k].rows;
    }
    // Whether the file is ours, from its first feature alone (a FeatureCollection of one): a file
    // that is not is read whole at once, before any piece is parsed.
    auto open_piece = [&](std::uint64_t offset, std::uint64_t length, std::string& json, const char* name) -> GDALDatasetUniquePtr {
        const std::string head = detail::wrap_geojson_piece(layout, {});
        const std::size_t open = head.size() - 2;  // before the closing "]}"
        json.assign(head.size() + length, '\0');
        json.replace(0, open, head, 0, open);
        json.replace(open + length, 2, "]}");
        VSILFILE* fp = VSIFOpenL(source.c_str(), "rb");
        const std::unique_ptr<VSILFILE, int (*)(VSILFILE*)> close(fp, VSIFCloseL);
        if (!fp || VSIFSeekL(fp, offset, SEEK_SET) != 0 || VSIFReadL(json.data() + open, 1, length, fp) != length)
            throw Error("cannot read the file (changed while being read?)", path);
        VSIFCloseL(VSIFileFromMemBuffer(name, reinterpret_cast<GByte*>(json.data()), json.size(), FALSE));
        const char* drivers[] = {"GeoJSON", nullptr};
        return GDALDatasetUniquePtr(GDALDataset::Open(name, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr));
    };
    {
        std::string json;
        char name[96];
        std::snprintf(name, sizeof name, "/vsimem/conflictmap-first-%p.geojson", static_cast<void*>(&json));
        GDALDatasetUniquePtr ds;
        try {
            ds = open_piece(layout.pieces.front().offset, layout.first_feature_bytes, json, name);
        } catch (const Error&) {
            VSIUnlink(name);
            return PieceRead::NotCut;  // the whole read says what is wrong
        }
        OGRLayer* layer = ds && ds->GetLayerCount() == 1 ? ds->GetLayer(0) : nullptr;
        const bool ours = layer && detail::is_store_layer(*layer);
        ds.reset();
        VSIUnlink(name);
        if (!ours) return PieceRead::NotCut;
    }
    std::atomic<bool> not_ours{false};
    const bool ran = run_pieces(pieces, threads, progress, [&](Piece& p, const RowProgress& piece_progress) {
        if (not_ours) return;  // another piece found the file is not ours: it is read whole
        const std::size_t k = static_cast<std::size_t>(&p - pieces.data());
        const detail::FilePiece& at = layout.pieces[k];
        // The piece's own FeatureCollection, its features read straight into the middle of it,
        // under a name of its own per piece and process (GDAL reads it in place, no copy).
        char name[96];
        std::snprintf(name, sizeof name, "/vsimem/conflictmap-piece-%p-%zu.geojson", static_cast<void*>(&p), k);
        std::string json;  // outlives the name (unlinked first) and the dataset (closed first)
        struct Unlink {
            const char* name;
            ~Unlink() { VSIUnlink(name); }
        } unlink{name};
        GDALDatasetUniquePtr ds = open_piece(at.offset, at.bytes, json, name);
        OGRLayer* layer = ds && ds->GetLayerCount() == 1 ? ds->GetLayer(0) : nullptr;
        if (!layer || !detail::is_store_layer(*layer)) {
            not_ours = true;
            return;
        }
        // GDAL types a field from the values it sees: a field whose values in this piece all
        // look like dates is a date here, and its text comes back reformatted. Noted, so that
        // pieces typed unlike one another are read whole instead.
        OGRFeatureDefn& defn = *layer->GetLayerDefn();
        for (int i = 0; i < defn.GetFieldCount(); ++i) {
            const OGRFieldType t = defn.GetFieldDefn(i)->GetType();
            if (t == OFTDate || t == OFTDateTime || t == OFTTime)
                p.date_fields += std::string(defn.GetFieldDefn(i)->GetNameRef()) + ":" + std::to_string(t) + ",";
        }
        detail::PieceRows counted{at.first_row, 0, 0};
        p.done = detail::read_store_layer(*layer, path, p.diag, [&](Event&& e) { p.builder.add(e); }, piece_progress,
                                          &p.skipped, detail::StoreReadPath::Features, &counted);
        p.rows = counted.rows;
        p.over = counted.over;
    });
    if (!ran || not_ours) return PieceRead::NotCut;
    for (const Piece& p : pieces)
        if (p.done && p.date_fields != pieces.front().date_fields) return PieceRead::NotCut;
    std::size_t rows = 0, over = 0;
    PieceRead r = PieceRead::NotCut;
    try {
        r = merge_pieces(pieces, into, diag, rows_added, skipped, rows, over);
    } catch (const Error&) {
        // As the store reader does reading whole: the row limit is said before the error.
        detail::report_rows_over_limit(path, diag, rows, over, &skipped);
        throw;
    }
    if (r == PieceRead::Done) detail::report_rows_over_limit(path, diag, rows, over, &skipped);
    return r;
}

}  // namespace

const std::vector<std::string>& mappable_fields() {
    static const std::vector<std::string> f = {"date", "end", "type", "sub_type", "actor1", "actor2",
                                               "fatalities", "place", "notes", "id"};
    return f;
}

namespace {

// Both import_events: every event goes to sink; with a builder (which sink fills), large CSV files
// are read in pieces on several threads straight into it.
ImportResult import_into(const std::vector<std::string>& paths, Diagnostics& diag, const ImportProgress& progress,
                         const EventSink& sink, events::EventTableBuilder* builder, const ImportOptions& options) {
    geo::init_gdal();
    ImportResult res;
    const double nfiles = paths.empty() ? 1.0 : static_cast<double>(paths.size());
    auto counting_sink = [&](Event&& e) {
        ++res.rows;
        sink(std::move(e));
    };
    for (std::size_t fi = 0; fi < paths.size() && !res.cancelled; ++fi) {
        // Messages name the source as printable (a connection string loses its password).
        const std::string& source = paths[fi];
        const std::string path = printable_source(source);
        const std::string ext = ascii_lower(fs::path(source).extension().string());
        if (progress && !progress(static_cast<double>(fi) / nfiles, "reading " + path)) {
            res.cancelled = true;
            break;
        }
        // A database (a PostGIS store): no file to look for, no extension to go by.
        const bool database = is_database_source(source);
        if (!database && is_report(ext)) {
            diag.warn(path, 0, "a report, not an event dataset: open it as a report so the extractor reads it; skipped");
            ++res.files_failed;
            continue;
        }
        std::error_code ec;
        if (!database && source.rfind("/vsi", 0) != 0 && !fs::exists(source, ec)) {
            diag.error(path, 0, "no such file");
            ++res.files_failed;
            continue;
        }
        if (!database) {
            VSIStatBufL st;
            if (VSIStatL(source.c_str(), &st) == 0 && static_cast<std::uint64_t>(st.st_size) > limits().event_file_bytes) {
                diag.error(path, 0, "the file is " + byte_size_text(static_cast<std::uint64_t>(st.st_size)) +
                                        ", over the limit of " + byte_size_text(limits().event_file_bytes) +
                                        " for one event file; not read (split it, or import it into a store in parts)");
                ++res.files_failed;
                continue;
            }
        }
        const bool csv = ext == ".csv" || ext == ".tsv";
        const unsigned threads = reading_threads(options);
        // conflictmap's own GeoJSON, large, read into a table: in pieces on every core, before GDAL
        // opens the whole file (which alone parses all of it once, for its schema). Read whole
        // (below) where it is not a FeatureCollection of our event fields.
        if (builder && threads > 1 && !database && (ext == ".geojson" || ext == ".json") && source.rfind("/vsi", 0) != 0 &&
            options.columns.empty() && options.piece_bytes > 0) {
            VSIStatBufL st;
            const std::uint64_t bytes = VSIStatL(source.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
            if (bytes >= 2 * options.piece_bytes) {
                // At least one piece per thread; about 16 MiB each (a piece is held in memory while read).
                const std::uint64_t want = std::min<std::uint64_t>(
                    std::max<std::uint64_t>(threads, bytes / (std::uint64_t{16} << 20)), bytes / options.piece_bytes);
                const auto layout = detail::scan_geojson(source, static_cast<std::size_t>(want));
                if (layout && layout->pieces.size() > 1) {
                    const GIntBig total = static_cast<GIntBig>(layout->rows);
                    const RowProgress rows_progress = [&](std::size_t rows) {
                        const double within = total > 0 ? std::min(1.0, static_cast<double>(rows) / static_cast<double>(total)) : 0.0;
                        return !progress || progress((static_cast<double>(fi) + within) / nfiles, "reading " + path);
                    };
                    PieceRead read = PieceRead::NotCut;
                    try {
                        read = read_geojson_pieces(source, path, *layout, threads, *builder, diag, rows_progress, res.rows,
                                                   res.rows_skipped);
                    } catch (const Error& e) {
                        diag.error(path, e.line(), e.message());  // cut short: the rows before are kept
                        ++res.files_failed;
                        res.pieces += layout->pieces.size();
                        continue;
                    }
                    if (read != PieceRead::NotCut) {
                        res.pieces += layout->pieces.size();
                        if (read == PieceRead::Cancelled) res.cancelled = true;
                        else ++res.files_read;
                        continue;
                    }
                }
            }
        }
        CPLErrorReset();  // the reason below is this open's, not an earlier file's
        GDALDatasetUniquePtr ds = open_source(source, csv);
        if (!ds) {
            const std::string why = CPLGetLastErrorMsg();
            diag.error(path, 0, "cannot read as a vector dataset: " +
                                    (why.empty() ? std::string("not a format GDAL recognises (unknown, damaged or not data)") : why));
            ++res.files_failed;
            continue;
        }
        // A store (store/Store.h) holds its events in "events"; its other tables are not events.
        OGRLayer* store_events = ds->GetLayerByName("store_meta") ? ds->GetLayerByName("events") : nullptr;
        const int nlayers = store_events ? 1 : ds->GetLayerCount();
        bool any = false, cut_short = false;
        for (int li = 0; li < nlayers && !res.cancelled; ++li) {
            OGRLayer* layer = store_events ? store_events : ds->GetLayer(li);
            const Columns cols(*layer->GetLayerDefn());
            Schema schema = classify(*layer, cols);
            if (!options.columns.empty() && schema != Schema::Store) schema = Schema::Generic;
            if (schema == Schema::Unknown) {
                if (nlayers > 1)
                    diag.warn(path, 0, std::string("layer '") + layer->GetName() + "' has no event columns; skipped");
                continue;
            }
            any = true;
            // GDAL's CSV reader counts rows by parsing the whole file; one pass over its bytes
            // counts them too, ten times quicker, and finds where to cut it into pieces.
            std::optional<detail::CsvLayout> layout;
            if (csv && !database && nlayers == 1) {
                std::size_t want = 1;
                VSIStatBufL st;
                if (builder && threads > 1 && schema != Schema::Store && source.rfind("/vsi", 0) != 0 &&
                    VSIStatL(source.c_str(), &st) == 0 && options.piece_bytes > 0)
                    want = static_cast<std::size_t>(std::min<std::uint64_t>(
                        threads, static_cast<std::uint64_t>(st.st_size) / options.piece_bytes));
                layout = detail::scan_csv(source, std::max<std::size_t>(1, want));
            }
            const GIntBig total = layout ? static_cast<GIntBig>(layout->rows) : layer->GetFeatureCount(FALSE);
            // Rows known before reading (a GeoPackage's count, a CSV's scan): the table's columns
            // are made that long once instead of regrown (1M rows: ~110 MB of copying and page
            // faults less). A count is only a hint, and a damaged file's is not believed past the
            // row limit.
            if (builder && total > 0) try {
                    builder->reserve(builder->size() +
                                     static_cast<std::size_t>(std::min<GIntBig>(total, static_cast<GIntBig>(limits().features_per_file))));
                } catch (const std::exception&) {  // no room to reserve: the columns grow as they go
                }
            const std::string what = "reading " + path + (nlayers > 1 ? std::string(" (") + layer->GetName() + ")" : "");
            const RowProgress rows_progress = [&](std::size_t rows) {
                if (!progress) return true;
                const double within =
                    total > 0 ? std::min(1.0, static_cast<double>(rows) / static_cast<double>(total)) : 0.0;
                const double layer_part = (static_cast<double>(li) + within) / static_cast<double>(nlayers);
                return progress((static_cast<double>(fi) + layer_part) / nfiles, what);
            };
            bool done = true;
            try {
                if (schema == Schema::Store) {
                    // A GeoPackage reads a row again by its id at once; other formats may scan.
                    detail::LeanRead lean;
                    if (builder && builder->lean() && !database && ext == ".gpkg") {
                        lean.source = &source;
                        lean.builder = builder;  // counting_sink's sink is builder->add
                        lean.rows = &res.rows;
                    }
                    done = detail::read_store_layer(*layer, path, diag, counting_sink, rows_progress, &res.rows_skipped,
                                                    detail::StoreReadPath::Auto, nullptr, &lean);
                    res.rows_reread += lean.rows_reread;
                    res.rows_direct += lean.rows_direct;
                } else {
                    TableReader reader(*layer, schema, path, csv, diag, &options.columns);
                    reader.set_lean(builder && builder->lean());
                    if (layout) reader.set_longest_record(layout->longest_record);
                    PieceRead pieces = PieceRead::NotCut;
                    // Pieces of a file whose columns GDAL reads from the header alone (no
                    // geometry columns, no .csvt types beside it) and that needs no reprojection.
                    std::error_code csvt_ec;
                    if (builder && layout && layout->pieces.size() > 1 && !reader.transforms() &&
                        layer->GetLayerDefn()->GetGeomFieldCount() == 0 &&
                        !fs::exists(fs::path(source).replace_extension(".csvt"), csvt_ec))
                        pieces = read_csv_pieces(source, *layout, reader, layer->GetLayerDefn()->GetFieldCount(), threads,
                                                 *builder, diag, rows_progress, res.rows, res.rows_skipped);
                    if (pieces == PieceRead::NotCut) {
                        done = reader.read(counting_sink, rows_progress, res.rows_skipped);
                    } else {
                        done = pieces == PieceRead::Done;
                        res.pieces += layout->pieces.size();
                    }
                }
            } catch (const Error& e) {
                // Cut short (a damaged file): the rows read before are kept; the file counts as not read.
                diag.error(path, e.line(), e.message());
                cut_short = true;
            }
            if (!done) res.cancelled = true;
        }
        if (cut_short) {
            ++res.files_failed;
        } else if (any) {
            ++res.files_read;
        } else {
            diag.error(path, 0,
                       "no event columns recognised (expected a date or event-type column, ACLED's or UCDP GED's "
                       "columns, or conflictmap's own event fields; name yours with --map date=COLUMN,type=COLUMN)");
            ++res.files_failed;
        }
    }
    if (progress && !res.cancelled) progress(1.0, "done");
    return res;
}

}  // namespace

ImportResult import_events(const std::vector<std::string>& paths, Diagnostics& diag, const ImportProgress& progress,
                           const EventSink& sink, const ImportOptions& options) {
    return import_into(paths, diag, progress, sink, nullptr, options);
}

ImportResult import_events(const std::vector<std::string>& paths, Diagnostics& diag, const ImportProgress& progress,
                           events::EventTableBuilder& builder, const ImportOptions& options) {
    return import_into(paths, diag, progress, [&](Event&& e) { builder.add(e); }, &builder, options);
}

ImportResult import_events(const std::vector<std::string>& paths, Diagnostics& diag, const ImportProgress& progress) {
    std::vector<Event> events;
    ImportResult res = import_events(paths, diag, progress, [&](Event&& e) { events.push_back(std::move(e)); });
    res.events = std::move(events);
    return res;
}

std::shared_ptr<const events::EventTable> import_event_table(const std::vector<std::string>& paths, Diagnostics& diag,
                                                             const ImportProgress& progress, ImportResult* stats,
                                                             const ImportOptions& options) {
    events::EventTableBuilder builder;  // reserved by import_events from the files' row counts
    ImportResult res = import_events(paths, diag, progress, builder, options);
    if (stats) *stats = res;
    if (res.cancelled) return nullptr;
    return builder.finish();
}

}  // namespace cm::io
