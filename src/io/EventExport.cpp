// conflictmap io: exports (see EventExport.h). The CSV schemas' column lists are the codebooks'
// (ACLED's export as of its 2023 codebook; UCDP GED's as in its 23.1/24.1 CSV files).
#include "io/EventExport.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <ogrsf_frmts.h>

#include "core/Utf8.h"
#include "geo/Ogr.h"
#include "io/EventGeoJson.h"
#include "io/EventGpkg.h"

namespace cm::io {

namespace fs = std::filesystem;

const std::vector<std::string>& acled_columns() {
    static const std::vector<std::string> c = {
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
        "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
        "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
        "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"};
    return c;
}

const std::vector<std::string>& ucdp_columns() {
    static const std::vector<std::string> c = {
        "id", "year", "active_year", "type_of_violence", "conflict_new_id", "conflict_name", "dyad_new_id",
        "dyad_name", "side_a_new_id", "side_a", "side_b_new_id", "gwnob", "side_b", "number_of_sources",
        "source_article", "source_office", "source_date", "source_headline", "source_original", "where_prec",
        "where_coordinates", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid", "country",
        "country_id", "region", "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b",
        "deaths_civilians", "deaths_unknown", "low", "best", "high"};
    return c;
}

std::optional<ExportFormat> export_format_for(const std::string& path, const std::string& schema) {
    const std::string ext = ascii_lower(fs::path(path).extension().string());
    const std::string sc = ascii_lower(schema);
    if (ext == ".csv") {
        if (sc.empty() || sc == "acled") return ExportFormat::AcledCsv;
        if (sc == "ucdp") return ExportFormat::UcdpCsv;
        return std::nullopt;
    }
    if (!sc.empty()) return std::nullopt;  // a schema is for CSV only
    if (ext == ".geojson" || ext == ".json") return ExportFormat::GeoJson;
    if (ext == ".gpkg") return ExportFormat::GeoPackage;
    if (ext == ".fgb") return ExportFormat::FlatGeobuf;
    if (ext == ".kml") return ExportFormat::Kml;
    return std::nullopt;
}

const char* export_format_name(ExportFormat f) {
    switch (f) {
        case ExportFormat::GeoJson: return "GeoJSON";
        case ExportFormat::GeoPackage: return "GeoPackage";
        case ExportFormat::FlatGeobuf: return "FlatGeobuf";
        case ExportFormat::Kml: return "KML";
        case ExportFormat::AcledCsv: return "ACLED CSV";
        case ExportFormat::UcdpCsv: return "UCDP GED CSV";
    }
    return "?";
}

const char* export_formats_help() {
    return ".geojson (RFC 7946), .gpkg (GeoPackage), .fgb (FlatGeobuf), .kml (Google Earth, with time), "
           ".csv (ACLED's columns; --schema ucdp for UCDP GED's)";
}

namespace {

std::string fmt_coord(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", v);
    return buf;
}

std::string count_text(int v) { return v >= 0 ? std::to_string(v) : std::string(); }

LonLat point_of(const Event& e) {
    const LonLat p = e.location.point;
    if (std::isfinite(p.lon) && std::isfinite(p.lat) && !(p.lon == 0 && p.lat == 0)) return p;
    const Geometry& g = e.location.geometry;
    if (!g.empty() && !g.parts[0].empty()) return g.parts[0][0];
    return {NAN, NAN};
}

std::string attribute(const Event& e, const std::string& name) {
    for (const Attribute& a : e.attributes)
        if (a.name == name) return a.value;
    return {};
}

/// The written location split back into the dataset's place and admin columns when the admin
/// part came from that column (the importer joined them "place, admin").
std::pair<std::string, std::string> place_and_admin(const Event& e, const std::string& admin_column) {
    const std::string admin = attribute(e, admin_column);
    const std::string& w = e.location.written;
    const std::string suffix = ", " + admin;
    if (!admin.empty() && w.size() > suffix.size() && w.compare(w.size() - suffix.size(), suffix.size(), suffix) == 0)
        return {w.substr(0, w.size() - suffix.size()), admin};
    if (!admin.empty() && w == admin) return {{}, admin};
    return {w, admin};
}

std::string join_names(const std::vector<Actor>& list, std::size_t from) {
    std::string s;
    for (std::size_t i = from; i < list.size(); ++i) s += (s.empty() ? "" : "; ") + list[i].name;
    return s;
}

/// One CSV table: the schema's columns, then the datasets' own that are not among them.
class CsvTable {
public:
    CsvTable(const std::vector<std::string>& fixed, const std::set<std::string>& derived, const std::vector<Event>& events)
        : m_columns(fixed) {
        std::set<std::string> have(fixed.begin(), fixed.end());
        for (const Event& e : events)
            for (const Attribute& a : e.attributes)
                if (!have.count(a.name) && !derived.count(a.name) && have.insert(a.name).second) m_columns.push_back(a.name);
        for (std::size_t i = 0; i < m_columns.size(); ++i) m_index[m_columns[i]] = i;
        m_derived = derived;
    }
    const std::vector<std::string>& columns() const { return m_columns; }
    /// A row: the schema's values computed from the event, then the dataset's own values of the
    /// same columns over them (they are what the dataset said, as it said it: "2016-01-01;
    /// 2016-01-02" in a source_date), except for the precision codes, always ours.
    std::vector<std::string> row(const Event& e, const std::map<std::string, std::string>& computed) const {
        std::vector<std::string> r(m_columns.size());
        for (const auto& [k, v] : computed) {
            auto it = m_index.find(k);
            if (it != m_index.end()) r[it->second] = v;
        }
        for (const Attribute& a : e.attributes) {
            auto it = m_index.find(a.name);
            if (it != m_index.end() && !m_derived.count(a.name)) r[it->second] = a.value;
        }
        return r;
    }

private:
    std::vector<std::string> m_columns;
    std::map<std::string, std::size_t> m_index;
    std::set<std::string> m_derived;
};

void write_csv(const CsvTable& table, const std::vector<std::vector<std::string>>& rows, const std::string& path) {
    geo::init_gdal();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("CSV");
    if (!drv) throw Error("GDAL has no CSV driver", path);
    const fs::path target(path);
    const std::string tmp = (target.parent_path() / (target.stem().string() + ".part.csv")).string();
    VSIUnlink(tmp.c_str());
    {
        GDALDatasetUniquePtr ds(drv->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) throw Error(std::string("cannot create the CSV file: ") + CPLGetLastErrorMsg(), path);
        char** lopts = CSLSetNameValue(nullptr, "LINEFORMAT", "LF");
        lopts = CSLSetNameValue(lopts, "STRING_QUOTING", "IF_NEEDED");
        OGRLayer* layer = ds->CreateLayer(target.stem().string().c_str(), nullptr, wkbNone, lopts);
        CSLDestroy(lopts);
        if (!layer) throw Error(std::string("cannot create the CSV table: ") + CPLGetLastErrorMsg(), path);
        for (const std::string& c : table.columns()) {
            OGRFieldDefn def(c.c_str(), OFTString);
            layer->CreateField(&def);
        }
        for (const auto& r : rows) {
            OGRFeature f(layer->GetLayerDefn());
            for (std::size_t i = 0; i < r.size(); ++i)
                if (!r[i].empty()) f.SetField(static_cast<int>(i), r[i].c_str());
            if (layer->CreateFeature(&f) != OGRERR_NONE) {
                ds.reset();
                VSIUnlink(tmp.c_str());
                throw Error(std::string("cannot write a row: ") + CPLGetLastErrorMsg(), path);
            }
        }
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw Error("cannot move the finished file into place", path);
    }
}

std::vector<std::string> export_acled(const std::vector<Event>& events, const std::string& path) {
    const std::set<std::string> derived = {"time_precision", "geo_precision"};
    const CsvTable table(acled_columns(), derived, events);
    std::size_t month_spans = 0, unplaced = 0;
    std::vector<std::vector<std::string>> rows;
    rows.reserve(events.size());
    for (const Event& e : events) {
        std::map<std::string, std::string> v;
        v["event_id_cnty"] = e.id;
        if (e.date.valid()) {
            const int days = e.date.last.days() - e.date.first.days() + 1;
            const CivilDate mid = e.date.first.plus_days((days - 1) / 2);
            const bool whole_month = e.date.first.day == 1 && e.date.first.month == e.date.last.month &&
                                     e.date.first.year == e.date.last.year &&
                                     e.date.last.day == CivilDate::days_in_month(e.date.last.year, e.date.last.month);
            const CivilDate day = days == 1 ? e.date.first : days == 7 ? e.date.first.plus_days(3) : mid;
            v["event_date"] = day.iso();
            v["year"] = std::to_string(day.year);
            v["time_precision"] = days == 1 ? "1" : days <= 7 ? "2" : "3";
            if (days > 7 && !whole_month) ++month_spans;
        }
        v["event_type"] = event_type_name(e.type);
        v["sub_event_type"] = e.sub_event_type;
        if (!e.actor1.empty()) v["actor1"] = e.actor1[0].name;
        v["assoc_actor_1"] = join_names(e.actor1, 1);
        if (!e.actor2.empty()) v["actor2"] = e.actor2[0].name;
        v["assoc_actor_2"] = join_names(e.actor2, 1);
        const auto [place, admin] = place_and_admin(e, "admin1");
        v["location"] = place;
        v["admin1"] = admin;
        const LonLat p = point_of(e);
        if (std::isfinite(p.lon)) {
            v["latitude"] = fmt_coord(p.lat);
            v["longitude"] = fmt_coord(p.lon);
        } else {
            ++unplaced;
        }
        const LocPrecision lp = e.location.precision;
        v["geo_precision"] = lp == LocPrecision::Place ? "1" : lp == LocPrecision::Near ? "2" : "3";
        v["source"] = e.provenance.outlet;
        v["notes"] = e.summary;
        v["fatalities"] = count_text(e.casualties.killed.best);
        rows.push_back(table.row(e, v));
    }
    write_csv(table, rows, path);
    std::vector<std::string> notes;
    if (month_spans)
        notes.push_back(std::to_string(month_spans) +
                        " events span more than a week but not a calendar month: ACLED's time_precision 3 reads them as the month of their middle day");
    if (unplaced)
        notes.push_back(std::to_string(unplaced) +
                        " events have no coordinates: latitude/longitude left empty (readers of ACLED files, this one included, skip such rows)");
    return notes;
}

std::vector<std::string> export_ucdp(const std::vector<Event>& events, const std::string& path) {
    const std::set<std::string> derived = {"date_prec", "where_prec"};
    const CsvTable table(ucdp_columns(), derived, events);
    std::size_t recoded = 0, shared_side = 0;
    std::vector<std::vector<std::string>> rows;
    rows.reserve(events.size());
    for (const Event& e : events) {
        std::map<std::string, std::string> v;
        v["id"] = e.id;
        if (e.date.valid()) {
            v["year"] = std::to_string(e.date.first.year);
            v["date_start"] = e.date.first.iso();
            v["date_end"] = e.date.last.iso();
            v["date_prec"] = std::to_string(static_cast<int>(e.date.precision));
        }
        const std::string sub = ascii_lower(e.sub_event_type);
        int tv = 1;
        if (e.type == EventType::ViolenceAgainstCivilians || sub == "one-sided violence") tv = 3;
        else if (sub == "non-state conflict") tv = 2;
        else if (e.type != EventType::Battles && e.type != EventType::ExplosionsRemoteViolence) ++recoded;
        v["type_of_violence"] = std::to_string(tv);
        v["side_a"] = join_names(e.actor1, 0);
        v["side_b"] = join_names(e.actor2, 0);
        if (e.actor1.size() > 1 || e.actor2.size() > 1) ++shared_side;
        v["best"] = count_text(e.casualties.killed.best);
        v["low"] = count_text(e.casualties.killed.low);
        v["high"] = count_text(e.casualties.killed.high);
        const auto [place, admin] = place_and_admin(e, "adm_1");
        v["where_coordinates"] = place;
        v["adm_1"] = admin;
        const LonLat p = point_of(e);
        if (std::isfinite(p.lon)) {
            v["latitude"] = fmt_coord(p.lat);
            v["longitude"] = fmt_coord(p.lon);
            v["geom_wkt"] = "POINT (" + fmt_coord(p.lon) + " " + fmt_coord(p.lat) + ")";
        }
        const double r = e.location.radius_km;
        const LocPrecision lp = e.location.precision;
        v["where_prec"] = lp == LocPrecision::Place     ? "1"
                          : lp == LocPrecision::Near    ? "2"
                          : lp == LocPrecision::Country ? "6"
                          : r <= 40                     ? "3"
                          : r <= 100                    ? "4"
                                                        : "5";
        v["source_office"] = e.provenance.outlet;
        v["source_headline"] = e.provenance.title;
        v["source_article"] = e.provenance.text;
        v["source_date"] = e.provenance.published;
        rows.push_back(table.row(e, v));
    }
    write_csv(table, rows, path);
    std::vector<std::string> notes;
    if (recoded)
        notes.push_back(std::to_string(recoded) +
                        " events are of types UCDP does not code (strategic developments, protests, riots): written as type_of_violence 1");
    if (shared_side)
        notes.push_back(std::to_string(shared_side) + " events have several actors on a side: joined with '; ' in side_a/side_b");
    return notes;
}

}  // namespace

std::vector<std::string> export_events(const std::vector<Event>& events, const std::string& path, ExportFormat format) {
    switch (format) {
        case ExportFormat::GeoJson: {
            // Whole or not at all: written beside the target, then renamed over it.
            const fs::path target(path);
            const std::string tmp = (target.parent_path() / (target.stem().string() + ".part" + target.extension().string())).string();
            try {
                write_events_geojson(events, tmp);
                std::error_code ec;
                fs::rename(tmp, path, ec);
                if (ec) throw Error("cannot replace the output: " + ec.message(), path);
            } catch (...) {
                std::error_code ec;
                fs::remove(tmp, ec);
                throw;
            }
            return {};
        }
        case ExportFormat::GeoPackage: write_events_gpkg(events, path); return {};
        case ExportFormat::FlatGeobuf: {
            const std::size_t left_out = write_events_ogr(events, path, "FlatGeobuf");
            if (!left_out) return {};
            return {std::to_string(left_out) + " events without geometry are not in the file (FlatGeobuf cannot hold a row without one)"};
        }
        case ExportFormat::Kml: write_events_ogr(events, path, "LIBKML"); return {};
        case ExportFormat::AcledCsv: return export_acled(events, path);
        case ExportFormat::UcdpCsv: return export_ucdp(events, path);
    }
    return {};
}

}  // namespace cm::io
