// conflictmap io: exports (see EventExport.h). The CSV schemas' column lists are the codebooks'
// (ACLED's export as of its 2023 codebook; UCDP GED's as in its 23.1/24.1 CSV files).
#include "io/EventExport.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <ogrsf_frmts.h>

#include "core/Utf8.h"
#include "geo/Ogr.h"
#include "io/EventGeoJson.h"
#include "io/EventGpkg.h"
#include "io/TextOut.h"

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

/// One CSV file being written: the schema's columns, then the datasets' own that are not among
/// them; rows streamed out as RFC 4180 (LF line ends, fields quoted only when they must be),
/// beside the target until finish(). Written directly rather than through GDAL's CSV driver, which
/// spent more on each feature than the writing itself (see README, Performance); read back through
/// GDAL in the tests.
class CsvOut {
public:
    CsvOut(const std::vector<std::string>& fixed, std::set<std::string> derived, const EventList& events, std::string path)
        : m_columns(fixed), m_derived(std::move(derived)), m_path(std::move(path)) {
        std::set<std::string> have(fixed.begin(), fixed.end());
        for (const std::string& a : events.attribute_names())
            if (!have.count(a) && !m_derived.count(a) && have.insert(a).second) m_columns.push_back(a);
        for (std::size_t i = 0; i < m_columns.size(); ++i) m_index[m_columns[i]] = static_cast<int>(i);
        m_row.resize(m_columns.size());
        const fs::path target(m_path);
        m_tmp = (target.parent_path() / (target.stem().string() + ".part.csv")).string();
        VSIUnlink(m_tmp.c_str());
        m_out = std::make_unique<TextOut>(m_tmp);
        for (std::size_t i = 0; i < m_columns.size(); ++i) {
            if (i) m_out->ch(',');
            m_out->csv_field(m_columns[i]);
        }
        m_out->ch('\n');
    }
    ~CsvOut() {
        if (m_done) return;
        m_out.reset();
        VSIUnlink(m_tmp.c_str());
    }
    /// The position of a schema column.
    int column(const char* name) const { return m_index.at(name); }
    /// Sets a computed value of the row being made.
    void set(int column, std::string value) { m_row[static_cast<std::size_t>(column)] = std::move(value); }
    /// Writes the row: the computed values, then the dataset's own values of the same columns over
    /// them (what the dataset said, as it said it: "2016-01-01;2016-01-02" in a source_date),
    /// except for the precision codes, always ours.
    void write(const Event& e) {
        for (const Attribute& a : e.attributes) {
            auto it = m_index.find(a.name);
            if (it != m_index.end() && !m_derived.count(a.name)) m_row[static_cast<std::size_t>(it->second)] = a.value;
        }
        for (std::size_t i = 0; i < m_row.size(); ++i) {
            if (i) m_out->ch(',');
            m_out->csv_field(m_row[i]);
            m_row[i].clear();
        }
        m_out->ch('\n');
    }
    void finish() {
        m_out->close();
        m_out.reset();
        std::error_code ec;
        fs::rename(m_tmp, m_path, ec);
        if (ec) throw Error("cannot move the finished file into place: " + ec.message(), m_path);
        m_done = true;
    }

private:
    std::vector<std::string> m_columns;
    std::set<std::string> m_derived;
    std::string m_path, m_tmp;
    std::map<std::string, int> m_index;
    std::vector<std::string> m_row;
    std::unique_ptr<TextOut> m_out;
    bool m_done = false;
};

std::vector<std::string> export_acled(const EventList& events, const std::string& path) {
    CsvOut out(acled_columns(), {"time_precision", "geo_precision"}, events, path);
    const int cId = out.column("event_id_cnty"), cDate = out.column("event_date"), cYear = out.column("year"),
              cTp = out.column("time_precision"), cType = out.column("event_type"), cSub = out.column("sub_event_type"),
              cA1 = out.column("actor1"), cAs1 = out.column("assoc_actor_1"), cA2 = out.column("actor2"),
              cAs2 = out.column("assoc_actor_2"), cLoc = out.column("location"), cAdm = out.column("admin1"),
              cLat = out.column("latitude"), cLon = out.column("longitude"), cGeo = out.column("geo_precision"),
              cSource = out.column("source"), cNotes = out.column("notes"), cKilled = out.column("fatalities");
    std::size_t month_spans = 0, unplaced = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const Event& e = events.at(i);
        out.set(cId, e.id);
        if (e.date.valid()) {
            const int days = e.date.last.days() - e.date.first.days() + 1;
            const CivilDate mid = e.date.first.plus_days((days - 1) / 2);
            const bool whole_month = e.date.first.day == 1 && e.date.first.month == e.date.last.month &&
                                     e.date.first.year == e.date.last.year &&
                                     e.date.last.day == CivilDate::days_in_month(e.date.last.year, e.date.last.month);
            const CivilDate day = days == 1 ? e.date.first : days == 7 ? e.date.first.plus_days(3) : mid;
            out.set(cDate, day.iso());
            out.set(cYear, std::to_string(day.year));
            out.set(cTp, days == 1 ? "1" : days <= 7 ? "2" : "3");
            if (days > 7 && !whole_month) ++month_spans;
        }
        out.set(cType, event_type_name(e.type));
        out.set(cSub, e.sub_event_type);
        if (!e.actor1.empty()) out.set(cA1, e.actor1[0].name);
        out.set(cAs1, join_names(e.actor1, 1));
        if (!e.actor2.empty()) out.set(cA2, e.actor2[0].name);
        out.set(cAs2, join_names(e.actor2, 1));
        auto [place, admin] = place_and_admin(e, "admin1");
        out.set(cLoc, std::move(place));
        out.set(cAdm, std::move(admin));
        const LonLat p = point_of(e);
        if (std::isfinite(p.lon)) {
            out.set(cLat, fmt_coord(p.lat));
            out.set(cLon, fmt_coord(p.lon));
        } else {
            ++unplaced;
        }
        const LocPrecision lp = e.location.precision;
        out.set(cGeo, lp == LocPrecision::Place ? "1" : lp == LocPrecision::Near ? "2" : "3");
        out.set(cSource, e.provenance.outlet);
        out.set(cNotes, e.summary);
        out.set(cKilled, count_text(e.casualties.killed.best));
        out.write(e);
    }
    out.finish();
    std::vector<std::string> notes;
    if (month_spans)
        notes.push_back(std::to_string(month_spans) +
                        " events span more than a week but not a calendar month: ACLED's time_precision 3 reads them as the month of their middle day");
    if (unplaced)
        notes.push_back(std::to_string(unplaced) +
                        " events have no coordinates: latitude/longitude left empty (readers of ACLED files, this one included, skip such rows)");
    return notes;
}

std::vector<std::string> export_ucdp(const EventList& events, const std::string& path) {
    CsvOut out(ucdp_columns(), {"date_prec", "where_prec"}, events, path);
    const int cId = out.column("id"), cYear = out.column("year"), cStart = out.column("date_start"),
              cEnd = out.column("date_end"), cPrec = out.column("date_prec"), cTv = out.column("type_of_violence"),
              cA = out.column("side_a"), cB = out.column("side_b"), cBest = out.column("best"), cLow = out.column("low"),
              cHigh = out.column("high"), cWhere = out.column("where_coordinates"), cAdm = out.column("adm_1"),
              cLat = out.column("latitude"), cLon = out.column("longitude"), cWkt = out.column("geom_wkt"),
              cWp = out.column("where_prec"), cOffice = out.column("source_office"),
              cHeadline = out.column("source_headline"), cArticle = out.column("source_article"),
              cDate = out.column("source_date");
    std::size_t recoded = 0, shared_side = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const Event& e = events.at(i);
        out.set(cId, e.id);
        if (e.date.valid()) {
            out.set(cYear, std::to_string(e.date.first.year));
            out.set(cStart, e.date.first.iso());
            out.set(cEnd, e.date.last.iso());
            out.set(cPrec, std::to_string(static_cast<int>(e.date.precision)));
        }
        const std::string sub = ascii_lower(e.sub_event_type);
        int tv = 1;
        if (e.type == EventType::ViolenceAgainstCivilians || sub == "one-sided violence") tv = 3;
        else if (sub == "non-state conflict") tv = 2;
        else if (e.type != EventType::Battles && e.type != EventType::ExplosionsRemoteViolence) ++recoded;
        out.set(cTv, std::to_string(tv));
        out.set(cA, join_names(e.actor1, 0));
        out.set(cB, join_names(e.actor2, 0));
        if (e.actor1.size() > 1 || e.actor2.size() > 1) ++shared_side;
        out.set(cBest, count_text(e.casualties.killed.best));
        out.set(cLow, count_text(e.casualties.killed.low));
        out.set(cHigh, count_text(e.casualties.killed.high));
        auto [place, admin] = place_and_admin(e, "adm_1");
        out.set(cWhere, std::move(place));
        out.set(cAdm, std::move(admin));
        const LonLat p = point_of(e);
        if (std::isfinite(p.lon)) {
            out.set(cLat, fmt_coord(p.lat));
            out.set(cLon, fmt_coord(p.lon));
            out.set(cWkt, "POINT (" + fmt_coord(p.lon) + " " + fmt_coord(p.lat) + ")");
        }
        const double r = e.location.radius_km;
        const LocPrecision lp = e.location.precision;
        out.set(cWp, lp == LocPrecision::Place     ? "1"
                     : lp == LocPrecision::Near    ? "2"
                     : lp == LocPrecision::Country ? "6"
                     : r <= 40                     ? "3"
                     : r <= 100                    ? "4"
                                                   : "5");
        out.set(cOffice, e.provenance.outlet);
        out.set(cHeadline, e.provenance.title);
        out.set(cArticle, e.provenance.text);
        out.set(cDate, e.provenance.published);
        out.write(e);
    }
    out.finish();
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
    return export_events(VectorEvents(events), path, format);
}

std::vector<std::string> export_events(const EventList& events, const std::string& path, ExportFormat format) {
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
