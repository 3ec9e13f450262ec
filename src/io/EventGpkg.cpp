// conflictmap io: the events layer of a GeoPackage, written in one transaction and read by field
// index. The reader also serves EventGeoJson's files, whose properties are a subset of these.
//
// [SECTION] schema
// [SECTION] writer
// [SECTION] reader
#include "io/EventGpkg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <ogrsf_frmts.h>

#include "geo/Ogr.h"

namespace cm::io {

namespace {

// [SECTION] schema ---------------------------------------------------------------------------------

// Field positions in the layer we write; the reader looks each name up instead, so it also reads
// files with fewer or reordered fields (GeoJSON, older files).
enum Field : int {
    fId, fDateStart, fDateEnd, fDatePrecision, fDateWritten, fEventType, fSubEventType, fKind,
    fActor1, fActor2, fActor1Short, fActor2Short, fActor1Written, fActor2Written,
    fFatalities, fFatalitiesLow, fFatalitiesHigh, fFatalitiesWritten,
    fInjured, fInjuredLow, fInjuredHigh, fInjuredWritten, fDisputed, fQualifier, fAggregate,
    fShape, fLocation, fLocationPrecision, fRadiusKm, fPointLon, fPointLat, fGazetteerId,
    fValidFrom, fValidTo, fConfidence, fSummary, fFlags,
    fSourceFile, fOutlet, fTitle, fPublished, fTextStart, fTextEnd, fSourceText,
    kFieldCount
};

struct FieldDef {
    const char* name;
    OGRFieldType type;
};

// Same names and types as EventGeoJson's where both have the field.
constexpr FieldDef kFields[kFieldCount] = {
    {"id", OFTString},           {"date_start", OFTDate},          {"date_end", OFTDate},
    {"date_precision", OFTString}, {"date_written", OFTString},    {"event_type", OFTString},
    {"sub_event_type", OFTString}, {"kind", OFTString},            {"actor1", OFTString},
    {"actor2", OFTString},       {"actor1_short", OFTString},      {"actor2_short", OFTString},
    {"actor1_written", OFTString}, {"actor2_written", OFTString},  {"fatalities", OFTInteger},
    {"fatalities_low", OFTInteger}, {"fatalities_high", OFTInteger}, {"fatalities_written", OFTString},
    {"injured", OFTInteger},     {"injured_low", OFTInteger},      {"injured_high", OFTInteger},
    {"injured_written", OFTString}, {"disputed", OFTInteger},      {"qualifier", OFTString},
    {"aggregate", OFTInteger},   {"shape", OFTString},             {"location", OFTString},
    {"location_precision", OFTInteger}, {"radius_km", OFTReal},    {"point_lon", OFTReal},
    {"point_lat", OFTReal},      {"gazetteer_id", OFTString},      {"valid_from", OFTDate},
    {"valid_to", OFTDate},       {"confidence", OFTReal},          {"summary", OFTString},
    {"flags", OFTString},        {"source_file", OFTString},       {"outlet", OFTString},
    {"title", OFTString},        {"published", OFTDate},           {"text_start", OFTInteger64},
    {"text_end", OFTInteger64},  {"source_text", OFTString},
};

const char* shape_name(EventShape s) {
    switch (s) {
        case EventShape::Place: return "place";
        case EventShape::Route: return "route";
        case EventShape::Zone: return "zone";
    }
    return "place";
}

// Multi-valued fields (actors, flags) are joined the way EventGeoJson joins them.
constexpr std::string_view kListSep = "; ";

std::vector<std::string> split_list(std::string_view s, std::string_view sep) {
    std::vector<std::string> out;
    if (s.empty()) return out;
    for (;;) {
        const std::size_t k = s.find(sep);
        out.emplace_back(s.substr(0, k));
        if (k == std::string_view::npos) break;
        s.remove_prefix(k + sep.size());
    }
    return out;
}

bool has_point(LonLat p) { return std::isfinite(p.lon) && std::isfinite(p.lat) && !(p.lon == 0 && p.lat == 0); }

// [SECTION] writer ---------------------------------------------------------------------------------

void set_text(OGRFeature& f, int i, const std::string& s) {
    // Empty text is left NULL: smaller files, and the reader maps NULL back to "".
    if (!s.empty()) f.SetField(i, s.c_str());
}

void set_count(OGRFeature& f, int i, int v) {
    if (v >= 0) f.SetField(i, v);
}

void set_date(OGRFeature& f, int i, const CivilDate& d) {
    if (d.valid()) f.SetField(i, d.year, d.month, d.day, 0, 0, 0.0f, 0);
}

void set_iso(OGRFeature& f, int i, const std::string& s) {
    if (auto d = CivilDate::parse_iso(s)) set_date(f, i, *d);
}

std::string join_actors(const std::vector<Actor>& list, std::string Actor::*member) {
    std::string s;
    bool any = false;
    for (std::size_t k = 0; k < list.size(); ++k) {
        if (k) s += kListSep;
        s += list[k].*member;
        any = any || !(list[k].*member).empty();
    }
    return any ? s : std::string();
}

}  // namespace

struct EventGpkgWriter::Impl {
    std::string path, tmp;
    GDALDatasetUniquePtr ds;
    OGRLayer* layer = nullptr;
    bool done = false;
};

EventGpkgWriter::EventGpkgWriter(const std::string& path) : m_impl(std::make_unique<Impl>()) {
    geo::init_gdal();
    Impl& w = *m_impl;
    w.path = path;
    const bool vsi = path.rfind("/vsi", 0) == 0;
    w.tmp = vsi ? path : path + ".part";
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!drv) throw Error("GDAL has no GeoPackage driver", path);
    VSIUnlink(w.tmp.c_str());  // a leftover from an interrupted run
    w.ds.reset(drv->Create(w.tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!w.ds) throw Error(std::string("cannot create GeoPackage: ") + CPLGetLastErrorMsg(), path);
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    char** lopts = CSLSetNameValue(nullptr, "SPATIAL_INDEX", "YES");
    lopts = CSLSetNameValue(lopts, "DESCRIPTION", "conflictmap events");
    w.layer = w.ds->CreateLayer("events", &wgs84, wkbUnknown, lopts);
    CSLDestroy(lopts);
    if (!w.layer) throw Error(std::string("cannot create the events layer: ") + CPLGetLastErrorMsg(), path);
    for (const auto& fd : kFields) {
        OGRFieldDefn def(fd.name, fd.type);
        if (w.layer->CreateField(&def) != OGRERR_NONE) throw Error(std::string("cannot create field ") + fd.name, path);
    }
    // One transaction for the whole file: SQLite otherwise syncs to disk after every row.
    if (w.ds->StartTransaction() != OGRERR_NONE) throw Error("cannot start a transaction", path);
}

EventGpkgWriter::~EventGpkgWriter() {
    if (!m_impl || m_impl->done) return;
    m_impl->ds.reset();
    if (m_impl->tmp != m_impl->path) VSIUnlink(m_impl->tmp.c_str());
}

void EventGpkgWriter::add(const Event& e) {
    Impl& w = *m_impl;
    if (w.done) throw Error("events added after finish()", w.path);
    OGRFeature f(w.layer->GetLayerDefn());
    set_text(f, fId, e.id);
    if (e.date.valid()) {
        set_date(f, fDateStart, e.date.first);
        set_date(f, fDateEnd, e.date.last);
        f.SetField(fDatePrecision, precision_name(e.date.precision));
    } else {
        f.SetField(fDatePrecision, "undated");
    }
    set_text(f, fDateWritten, e.date.written);
    f.SetField(fEventType, event_type_name(e.type));
    set_text(f, fSubEventType, e.sub_event_type);
    set_text(f, fKind, e.kind);
    set_text(f, fActor1, join_actors(e.actor1, &Actor::name));
    set_text(f, fActor2, join_actors(e.actor2, &Actor::name));
    set_text(f, fActor1Short, join_actors(e.actor1, &Actor::short_name));
    set_text(f, fActor2Short, join_actors(e.actor2, &Actor::short_name));
    set_text(f, fActor1Written, join_actors(e.actor1, &Actor::written));
    set_text(f, fActor2Written, join_actors(e.actor2, &Actor::written));
    const Casualties& c = e.casualties;
    set_count(f, fFatalities, c.killed.best);
    set_count(f, fFatalitiesLow, c.killed.low);
    set_count(f, fFatalitiesHigh, c.killed.high);
    set_text(f, fFatalitiesWritten, c.killed.written);
    set_count(f, fInjured, c.injured.best);
    set_count(f, fInjuredLow, c.injured.low);
    set_count(f, fInjuredHigh, c.injured.high);
    set_text(f, fInjuredWritten, c.injured.written);
    f.SetField(fDisputed, c.disputed ? 1 : 0);
    set_text(f, fQualifier, c.qualifier);
    f.SetField(fAggregate, e.aggregate ? 1 : 0);
    f.SetField(fShape, shape_name(e.shape));
    set_text(f, fLocation, e.location.written);
    f.SetField(fLocationPrecision, static_cast<int>(e.location.precision));
    if (e.location.radius_km != 0) f.SetField(fRadiusKm, e.location.radius_km);
    // The representative point only where the geometry does not already say it.
    const Geometry& g = e.location.geometry;
    const bool point_geom = g.type == GeomType::Point && !g.empty() && !g.parts[0].empty();
    if (has_point(e.location.point) && !(point_geom && g.parts[0][0] == e.location.point)) {
        f.SetField(fPointLon, e.location.point.lon);
        f.SetField(fPointLat, e.location.point.lat);
    }
    set_text(f, fGazetteerId, e.location.gazetteer_id);
    set_iso(f, fValidFrom, e.valid_from);
    set_iso(f, fValidTo, e.valid_to);
    if (e.confidence != 0) f.SetField(fConfidence, e.confidence);
    set_text(f, fSummary, e.summary);
    std::string flags;
    for (const auto& fl : e.flags) flags += (flags.empty() ? "" : ",") + fl;
    set_text(f, fFlags, flags);
    const Provenance& p = e.provenance;
    set_text(f, fSourceFile, p.source_file);
    set_text(f, fOutlet, p.outlet);
    set_text(f, fTitle, p.title);
    set_iso(f, fPublished, p.published);
    if (p.begin) f.SetField(fTextStart, static_cast<GIntBig>(p.begin));
    if (p.end) f.SetField(fTextEnd, static_cast<GIntBig>(p.end));
    set_text(f, fSourceText, p.text);
    if (point_geom) {
        f.SetGeometryDirectly(new OGRPoint(g.parts[0][0].lon, g.parts[0][0].lat));
    } else if (geo::OgrGeom og = geo::to_ogr(g)) {
        f.SetGeometryDirectly(og.release());
    }
    if (w.layer->CreateFeature(&f) != OGRERR_NONE)
        throw Error("cannot write event '" + e.id + "': " + CPLGetLastErrorMsg(), w.path);
}

void EventGpkgWriter::finish() {
    Impl& w = *m_impl;
    if (w.done) return;
    if (w.ds->CommitTransaction() != OGRERR_NONE)
        throw Error(std::string("cannot commit: ") + CPLGetLastErrorMsg(), w.path);
    w.ds.reset();  // closing writes the spatial index
    if (w.tmp != w.path) {
        std::error_code ec;
        std::filesystem::rename(w.tmp, w.path, ec);
        if (ec) throw Error("cannot move the finished file into place: " + ec.message(), w.path);
    }
    w.done = true;
}

void write_events_gpkg(const std::vector<Event>& events, const std::string& path) {
    EventGpkgWriter w(path);
    for (const Event& e : events) w.add(e);
    w.finish();
}

// [SECTION] reader ---------------------------------------------------------------------------------

namespace {

std::optional<DatePrecision> parse_precision(std::string_view s) {
    for (DatePrecision p : {DatePrecision::Day, DatePrecision::Range, DatePrecision::Week, DatePrecision::Month,
                            DatePrecision::Year})
        if (s == precision_name(p)) return p;
    return std::nullopt;
}

// One layer's field indices (-1 where absent) and types, looked up once.
struct Layout {
    int idx[kFieldCount];
    OGRFieldType type[kFieldCount];
    explicit Layout(OGRFeatureDefn& d) {
        for (int k = 0; k < kFieldCount; ++k) {
            idx[k] = d.GetFieldIndex(kFields[k].name);
            type[k] = idx[k] >= 0 ? d.GetFieldDefn(idx[k])->GetType() : OFTString;
        }
    }
};

// Reads one feature's fields by index. Text and numbers from NULL or absent fields read as empty
// or "not given"; dates are either real days or reported as bad.
class Row {
public:
    Row(OGRFeature& f, const Layout& l) : m_f(f), m_l(l) {}
    bool set(Field k) const {
        const int i = m_l.idx[k];
        return i >= 0 && m_f.IsFieldSetAndNotNull(i);
    }
    std::string text(Field k) const { return set(k) ? std::string(m_f.GetFieldAsString(m_l.idx[k])) : std::string(); }
    int count(Field k) const { return set(k) ? m_f.GetFieldAsInteger(m_l.idx[k]) : -1; }
    double real(Field k, double otherwise) const { return set(k) ? m_f.GetFieldAsDouble(m_l.idx[k]) : otherwise; }
    long long big(Field k) const { return set(k) ? m_f.GetFieldAsInteger64(m_l.idx[k]) : 0; }
    /// nullopt if not set; an invalid CivilDate if set but not a date.
    std::optional<CivilDate> date(Field k) const {
        if (!set(k)) return std::nullopt;
        const int i = m_l.idx[k];
        if (m_l.type[k] == OFTDate || m_l.type[k] == OFTDateTime) {
            const OGRField* r = m_f.GetRawFieldRef(i);
            return CivilDate{r->Date.Year, r->Date.Month, r->Date.Day};
        }
        std::string s = m_f.GetFieldAsString(i);
        std::replace(s.begin(), s.end(), '/', '-');
        if (s.empty()) return std::nullopt;
        return CivilDate::parse_iso(std::string_view(s).substr(0, 10)).value_or(CivilDate{});
    }

private:
    OGRFeature& m_f;
    const Layout& m_l;
};

std::vector<Actor> read_actors(const Row& r, Field names, Field shorts, Field written) {
    const auto n = split_list(r.text(names), kListSep);
    const auto s = split_list(r.text(shorts), kListSep);
    const auto w = split_list(r.text(written), kListSep);
    std::vector<Actor> out(n.size());
    for (std::size_t k = 0; k < n.size(); ++k) {
        out[k].name = n[k];
        if (k < s.size()) out[k].short_name = s[k];
        if (k < w.size()) out[k].written = w[k];
    }
    return out;
}

}  // namespace

namespace detail {

bool is_store_layer(OGRLayer& layer) {
    OGRFeatureDefn* d = layer.GetLayerDefn();
    return d->GetFieldIndex("id") >= 0 && d->GetFieldIndex("date_start") >= 0 && d->GetFieldIndex("event_type") >= 0 &&
           (d->GetFieldIndex("shape") >= 0 || d->GetFieldIndex("date_precision") >= 0);
}

bool read_store_layer(OGRLayer& layer, const std::string& path, Diagnostics& diag, const EventSink& sink,
                      const RowProgress& progress, std::size_t* skipped) {
    const Layout l(*layer.GetLayerDefn());
    layer.ResetReading();
    std::size_t row = 0;
    for (OGRFeatureUniquePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature())) {
        ++row;
        if (progress && row % 4096 == 0 && !progress(row)) return false;
        const Row r(*f, l);
        const long line = static_cast<long>(row);
        auto bad = [&](const std::string& why) {
            diag.warn(path, line, "row " + std::to_string(row) + ": " + why + "; row skipped");
            if (skipped) ++*skipped;
        };
        Event e;
        e.id = r.text(fId);

        // Dates: both or neither; a present but malformed date makes the row bad.
        const auto a = r.date(fDateStart);
        const auto b = r.date(fDateEnd);
        if ((a && !a->valid()) || (b && !b->valid())) {
            bad("date_start/date_end is not a YYYY-MM-DD date");
            continue;
        }
        if (a || b) {
            e.date.first = a ? *a : *b;
            e.date.last = b ? *b : *a;
            if (e.date.last < e.date.first) {
                bad("date_end " + e.date.last.iso() + " is before date_start " + e.date.first.iso());
                continue;
            }
            const std::string ps = r.text(fDatePrecision);
            e.date.precision = parse_precision(ps).value_or(e.date.first == e.date.last ? DatePrecision::Day
                                                                                        : DatePrecision::Range);
        } else {
            e.date.undated = true;
        }
        e.date.written = r.text(fDateWritten);
        e.type = parse_event_type(r.text(fEventType));
        e.sub_event_type = r.text(fSubEventType);
        e.kind = r.text(fKind);
        e.actor1 = read_actors(r, fActor1, fActor1Short, fActor1Written);
        e.actor2 = read_actors(r, fActor2, fActor2Short, fActor2Written);
        Casualties& c = e.casualties;
        c.killed.best = r.count(fFatalities);
        c.killed.low = r.count(fFatalitiesLow);
        c.killed.high = r.count(fFatalitiesHigh);
        c.killed.written = r.text(fFatalitiesWritten);
        c.injured.best = r.count(fInjured);
        c.injured.low = r.count(fInjuredLow);
        c.injured.high = r.count(fInjuredHigh);
        c.injured.written = r.text(fInjuredWritten);
        c.disputed = r.count(fDisputed) == 1;
        c.qualifier = r.text(fQualifier);
        e.aggregate = r.count(fAggregate) == 1;
        const std::string shape = r.set(fShape) ? r.text(fShape) : std::string();
        e.shape = shape == "route" ? EventShape::Route : shape == "zone" ? EventShape::Zone : EventShape::Place;
        e.location.written = r.text(fLocation);
        const int prec = r.count(fLocationPrecision);
        e.location.precision = prec >= 1 && prec <= 3 ? static_cast<LocPrecision>(prec) : LocPrecision::Place;
        e.location.radius_km = r.real(fRadiusKm, 0);
        e.location.gazetteer_id = r.text(fGazetteerId);
        if (const auto d = r.date(fValidFrom); d && d->valid()) e.valid_from = d->iso();
        if (const auto d = r.date(fValidTo); d && d->valid()) e.valid_to = d->iso();
        e.confidence = r.real(fConfidence, 0);
        e.summary = r.text(fSummary);
        if (r.set(fFlags)) e.flags = split_list(r.text(fFlags), ",");
        Provenance& p = e.provenance;
        p.source_file = r.text(fSourceFile);
        p.outlet = r.text(fOutlet);
        p.title = r.text(fTitle);
        if (const auto d = r.date(fPublished); d && d->valid()) p.published = d->iso();
        p.begin = static_cast<std::size_t>(std::max(0LL, r.big(fTextStart)));
        p.end = static_cast<std::size_t>(std::max(0LL, r.big(fTextEnd)));
        p.text = r.text(fSourceText);

        if (const OGRGeometry* g = f->GetGeometryRef(); g && !g->IsEmpty()) {
            if (wkbFlatten(g->getGeometryType()) == wkbPoint) {
                const auto* pt = g->toPoint();
                e.location.geometry = Geometry::point({pt->getX(), pt->getY()});
                e.location.point = {pt->getX(), pt->getY()};
            } else {
                e.location.geometry = geo::from_ogr(*g);
            }
        } else {
            diag.warn(path, line, "row " + std::to_string(row) + ": event '" + e.id + "' has no geometry; kept, not mapped");
        }
        if (r.set(fPointLon) && r.set(fPointLat)) e.location.point = {r.real(fPointLon, 0), r.real(fPointLat, 0)};
        sink(std::move(e));
    }
    return true;
}

}  // namespace detail

bool read_events_gpkg(const std::string& path, Diagnostics& diag, const EventSink& sink, const RowProgress& progress) {
    geo::init_gdal();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) {
        diag.error(path, 0, std::string("cannot read as a GeoPackage or other vector file: ") + CPLGetLastErrorMsg());
        return true;
    }
    bool any = false;
    for (OGRLayer* layer : ds->GetLayers()) {
        if (!detail::is_store_layer(*layer)) continue;
        any = true;
        if (!detail::read_store_layer(*layer, path, diag, sink, progress)) return false;
    }
    if (!any) diag.error(path, 0, "no layer with conflictmap event fields (id, date_start, event_type, shape)");
    return true;
}

std::vector<Event> read_events_gpkg(const std::string& path, Diagnostics& diag) {
    std::vector<Event> out;
    read_events_gpkg(path, diag, [&](Event&& e) { out.push_back(std::move(e)); }, {});
    return out;
}

}  // namespace cm::io
