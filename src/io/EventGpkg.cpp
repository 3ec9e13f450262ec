// conflictmap io: the events layer of a GeoPackage, written in one transaction and read by field
// index. The reader also serves EventGeoJson's files, whose properties are a subset of these.
//
// [SECTION] schema
// [SECTION] writer
// [SECTION] reader
#include "io/EventGpkg.h"

#include "events/EventTable.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <ogr_recordbatch.h>
#include <ogrsf_frmts.h>

#include <nlohmann/json.hpp>

#include "core/Limits.h"
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
    fSourceFile, fOutlet, fTitle, fPublished, fTextStart, fTextEnd, fSourceText, fAttributes, fSpanDays,
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
    {"text_end", OFTInteger64},  {"source_text", OFTString},       {"attributes", OFTString},
    {"span_days", OFTInteger},
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

bool has_point(LonLat p) { return std::isfinite(p.lon) && std::isfinite(p.lat) && !(p.lon == 0 && p.lat == 0); }

}  // namespace

// [SECTION] writer ---------------------------------------------------------------------------------
//
// Only the core fields are columns from the start; every other field becomes a column when the
// first event with a value for it arrives. A dataset's GeoPackage then carries no columns that are
// empty in every row — less to show in a GIS, and less for every later read to step over.

namespace {

// The columns every events layer has, whatever its rows hold.
constexpr Field kCoreFields[] = {fId,      fDateStart, fDateEnd, fDatePrecision, fEventType, fSubEventType,
                                 fKind,    fActor1,    fActor2,  fFatalities,    fShape,     fLocation,
                                 fLocationPrecision, fSummary, fSourceFile, fOutlet, fSpanDays};

// What one event gives one field; None (the default) leaves the field NULL.
struct Value {
    enum class Kind { None, Int, Real, Text, Date } kind = Kind::None;
    long long i = 0;
    double d = 0;
    std::string s;
    CivilDate date;
};

Value integer(long long v) { return {Value::Kind::Int, v, 0, {}, {}}; }
Value count(int v) { return v >= 0 ? integer(v) : Value{}; }  // -1 = not given
Value real(double v) { return {Value::Kind::Real, 0, v, {}, {}}; }
Value text(std::string v) { return v.empty() ? Value{} : Value{Value::Kind::Text, 0, 0, std::move(v), {}}; }
Value date(const CivilDate& d) { return d.valid() ? Value{Value::Kind::Date, 0, 0, {}, d} : Value{}; }
Value iso(const std::string& s) { return date(CivilDate::parse_iso(s).value_or(CivilDate{})); }

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

// The dataset's own columns as one JSON object {"name": "value", ...} in their order.
std::string attributes_json(const std::vector<Attribute>& list) {
    if (list.empty()) return {};
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const Attribute& a : list) j[a.name] = a.value;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool point_geometry(const Geometry& g) { return g.type == GeomType::Point && !g.empty() && !g.parts[0].empty(); }

// The one place that says how an Event maps onto the schema (the reader's fill_event undoes it).
Value value_of(const Event& e, Field k) {
    const Casualties& c = e.casualties;
    const Provenance& p = e.provenance;
    // The representative point only where the geometry does not already say it.
    const bool own_point = has_point(e.location.point) &&
                           !(point_geometry(e.location.geometry) && e.location.geometry.parts[0][0] == e.location.point);
    switch (k) {
        case fId: return text(e.id);
        case fDateStart: return e.date.valid() ? date(e.date.first) : Value{};
        // Days from date_start to date_end: what lets a time window run on the date_start index
        // (see store::Store::read); derived, never read back.
        case fSpanDays: return e.date.valid() ? integer(e.date.last.days() - e.date.first.days()) : Value{};
        case fDateEnd: return e.date.valid() ? date(e.date.last) : Value{};
        case fDatePrecision: return text(e.date.valid() ? precision_name(e.date.precision) : "undated");
        case fDateWritten: return text(e.date.written);
        case fEventType: return text(event_type_name(e.type));
        case fSubEventType: return text(e.sub_event_type);
        case fKind: return text(e.kind);
        case fActor1: return text(join_actors(e.actor1, &Actor::name));
        case fActor2: return text(join_actors(e.actor2, &Actor::name));
        case fActor1Short: return text(join_actors(e.actor1, &Actor::short_name));
        case fActor2Short: return text(join_actors(e.actor2, &Actor::short_name));
        case fActor1Written: return text(join_actors(e.actor1, &Actor::written));
        case fActor2Written: return text(join_actors(e.actor2, &Actor::written));
        case fFatalities: return count(c.killed.best);
        case fFatalitiesLow: return count(c.killed.low);
        case fFatalitiesHigh: return count(c.killed.high);
        case fFatalitiesWritten: return text(c.killed.written);
        case fInjured: return count(c.injured.best);
        case fInjuredLow: return count(c.injured.low);
        case fInjuredHigh: return count(c.injured.high);
        case fInjuredWritten: return text(c.injured.written);
        case fDisputed: return c.disputed ? integer(1) : Value{};
        case fQualifier: return text(c.qualifier);
        case fAggregate: return e.aggregate ? integer(1) : Value{};
        case fShape: return text(shape_name(e.shape));
        case fLocation: return text(e.location.written);
        case fLocationPrecision: return integer(static_cast<int>(e.location.precision));
        case fRadiusKm: return e.location.radius_km != 0 ? real(e.location.radius_km) : Value{};
        case fPointLon: return own_point ? real(e.location.point.lon) : Value{};
        case fPointLat: return own_point ? real(e.location.point.lat) : Value{};
        case fGazetteerId: return text(e.location.gazetteer_id);
        case fValidFrom: return iso(e.valid_from);
        case fValidTo: return iso(e.valid_to);
        case fConfidence: return e.confidence != 0 ? real(e.confidence) : Value{};
        case fSummary: return text(e.summary);
        case fFlags: {
            std::string flags;
            for (const auto& fl : e.flags) flags += (flags.empty() ? "" : ",") + fl;
            return text(flags);
        }
        case fSourceFile: return text(p.source_file);
        case fOutlet: return text(p.outlet);
        case fTitle: return text(p.title);
        case fPublished: return iso(p.published);
        case fTextStart: return p.begin ? integer(static_cast<long long>(p.begin)) : Value{};
        case fTextEnd: return p.end ? integer(static_cast<long long>(p.end)) : Value{};
        case fSourceText: return text(p.text);
        case fAttributes: return text(attributes_json(e.attributes));
        case kFieldCount: break;
    }
    return {};
}

void set_value(OGRFeature& f, int i, const Value& v) {
    switch (v.kind) {
        // Null, not unset: every row then sets the same columns, and a driver that prepares its
        // INSERT for the columns a row sets (GeoPackage's) prepares it once, not at every change.
        case Value::Kind::None: f.SetFieldNull(i); break;
        case Value::Kind::Int: f.SetField(i, static_cast<GIntBig>(v.i)); break;
        case Value::Kind::Real: f.SetField(i, v.d); break;
        case Value::Kind::Text: f.SetField(i, v.s.c_str()); break;
        case Value::Kind::Date:
            // A format without a date type (KML's schema) holds the day as ISO text.
            if (f.GetFieldDefnRef(i)->GetType() == OFTString) f.SetField(i, v.date.iso().c_str());
            else f.SetField(i, v.date.year, v.date.month, v.date.day, 0, 0, 0.0f, 0);
            break;
    }
}

}  // namespace

namespace detail {

OGRLayer* create_events_layer(GDALDataset& ds, const std::string& path, bool all_fields) {
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    char** lopts = CSLSetNameValue(nullptr, "SPATIAL_INDEX", "YES");
    lopts = CSLSetNameValue(lopts, "DESCRIPTION", "conflictmap events");
    OGRLayer* layer = ds.CreateLayer("events", &wgs84, wkbUnknown, lopts);
    CSLDestroy(lopts);
    if (!layer) throw Error(std::string("cannot create the events layer: ") + CPLGetLastErrorMsg(), path);
    auto create = [&](int k) {
        OGRFieldDefn def(kFields[k].name, kFields[k].type);
        if (layer->CreateField(&def) != OGRERR_NONE)
            throw Error(std::string("cannot create field ") + kFields[k].name + ": " + CPLGetLastErrorMsg(), path);
    };
    if (all_fields)
        for (int k = 0; k < kFieldCount; ++k) create(k);
    else
        for (Field k : kCoreFields) create(k);
    return layer;
}

void complete_events_layer(OGRLayer& layer, const std::string& path) {
    for (int k = 0; k < kFieldCount; ++k) {
        if (layer.GetLayerDefn()->GetFieldIndex(kFields[k].name) >= 0) continue;
        OGRFieldDefn def(kFields[k].name, kFields[k].type);
        if (layer.CreateField(&def) != OGRERR_NONE)
            throw Error(std::string("cannot add field ") + kFields[k].name + ": " + CPLGetLastErrorMsg(), path);
    }
}

struct EventLayerAppender::Impl {
    OGRLayer* layer = nullptr;
    std::string path;
    bool create_columns = false;
    bool explicit_nulls = true;
    int index[kFieldCount];  // layer field index of each schema field; -1 while it has no column

    void create_field(Field k) {
        OGRFieldDefn def(kFields[k].name, kFields[k].type);
        if (layer->CreateField(&def) != OGRERR_NONE)
            throw Error(std::string("cannot create field ") + kFields[k].name + ": " + CPLGetLastErrorMsg(), path);
        index[k] = layer->GetLayerDefn()->GetFieldIndex(kFields[k].name);
    }
};

EventLayerAppender::EventLayerAppender(OGRLayer& layer, std::string path, bool create_columns, bool explicit_nulls)
    : m_impl(std::make_unique<Impl>()) {
    m_impl->layer = &layer;
    m_impl->path = std::move(path);
    m_impl->create_columns = create_columns;
    m_impl->explicit_nulls = explicit_nulls;
    for (int k = 0; k < kFieldCount; ++k) m_impl->index[k] = layer.GetLayerDefn()->GetFieldIndex(kFields[k].name);
}

EventLayerAppender::~EventLayerAppender() = default;

void EventLayerAppender::add(const Event& e, const std::function<void(OGRFeature&)>& extra) {
    Impl& w = *m_impl;
    Value values[kFieldCount];
    for (int k = 0; k < kFieldCount; ++k) {
        values[k] = value_of(e, static_cast<Field>(k));
        if (values[k].kind != Value::Kind::None && w.index[k] < 0 && w.create_columns) w.create_field(static_cast<Field>(k));
    }
    OGRFeature f(w.layer->GetLayerDefn());
    for (int k = 0; k < kFieldCount; ++k)
        if (w.index[k] >= 0 && (w.explicit_nulls || values[k].kind != Value::Kind::None)) set_value(f, w.index[k], values[k]);
    const Geometry& g = e.location.geometry;
    if (point_geometry(g)) {
        f.SetGeometryDirectly(new OGRPoint(g.parts[0][0].lon, g.parts[0][0].lat));
    } else if (geo::OgrGeom og = geo::to_ogr(g)) {
        f.SetGeometryDirectly(og.release());
    }
    if (extra) extra(f);
    if (w.layer->CreateFeature(&f) != OGRERR_NONE)
        throw Error("cannot write event '" + e.id + "': " + CPLGetLastErrorMsg(), w.path);
}

}  // namespace detail

struct EventGpkgWriter::Impl {
    std::string path, tmp;
    GDALDatasetUniquePtr ds;
    std::unique_ptr<detail::EventLayerAppender> out;
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
    OGRLayer* layer = detail::create_events_layer(*w.ds, path, false);
    w.out = std::make_unique<detail::EventLayerAppender>(*layer, path, true);
    // One transaction for the whole file: SQLite otherwise syncs to disk after every row.
    if (w.ds->StartTransaction() != OGRERR_NONE) throw Error("cannot start a transaction", path);
}

EventGpkgWriter::~EventGpkgWriter() {
    if (!m_impl || m_impl->done) return;
    m_impl->out.reset();
    m_impl->ds.reset();
    if (m_impl->tmp != m_impl->path) VSIUnlink(m_impl->tmp.c_str());
}

void EventGpkgWriter::add(const Event& e) {
    Impl& w = *m_impl;
    if (w.done) throw Error("events added after finish()", w.path);
    w.out->add(e);
}

void EventGpkgWriter::finish() {
    Impl& w = *m_impl;
    if (w.done) return;
    if (w.ds->CommitTransaction() != OGRERR_NONE)
        throw Error(std::string("cannot commit: ") + CPLGetLastErrorMsg(), w.path);
    w.out.reset();
    w.ds.reset();  // closing writes the spatial index
    if (w.tmp != w.path) {
        std::error_code ec;
        std::filesystem::rename(w.tmp, w.path, ec);
        if (ec) throw Error("cannot move the finished file into place: " + ec.message(), w.path);
    }
    w.done = true;
}

std::size_t write_events_ogr(const EventList& events, const std::string& path, const std::string& driver) {
    geo::init_gdal();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver.c_str());
    if (!drv) throw Error("GDAL has no " + driver + " driver", path);
    const bool kml = driver == "LIBKML";
    // Beside the target with the same extension (the driver may go by it), renamed when complete.
    const std::filesystem::path target(path);
    const std::string tmp = (target.parent_path() / (target.stem().string() + ".part" + target.extension().string())).string();
    VSIUnlink(tmp.c_str());
    bool done = false;
    GDALDatasetUniquePtr ds(drv->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw Error("cannot create " + driver + " file: " + CPLGetLastErrorMsg(), path);
    struct Cleanup {
        GDALDatasetUniquePtr& ds;
        const std::string& tmp;
        bool& done;
        ~Cleanup() {
            if (done) return;
            ds.reset();
            VSIUnlink(tmp.c_str());
        }
    } cleanup{ds, tmp, done};
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    // FlatGeobuf holds no row without geometry (GDAL 3.6 refuses it with a spatial index and its
    // reader drops it without one): such events are left out, and counted for the caller.
    const bool fgb = driver == "FlatGeobuf";
    OGRLayer* layer = ds->CreateLayer("events", &wgs84, wkbUnknown, nullptr);
    if (!layer) throw Error(std::string("cannot create the events layer: ") + CPLGetLastErrorMsg(), path);
    // KML's own fields first: the placemark's name and description, and its time (a TimeStamp
    // for one day, a TimeSpan otherwise) — what Google Earth's time slider reads.
    if (kml)
        for (auto [name, type] : {std::pair{"name", OFTString}, std::pair{"description", OFTString},
                                  std::pair{"timestamp", OFTDate}, std::pair{"begin", OFTDate}, std::pair{"end", OFTDate}}) {
            OGRFieldDefn def(name, type);
            layer->CreateField(&def);
        }
    // Columns must exist before the first row in these formats. KML: the schema's columns some row
    // uses (each is a line of every placemark's schema). FlatGeobuf: all of them, as a store has —
    // a feature stores only the values it has, so an empty column costs nothing, while finding the
    // used ones would take a whole pass over the events.
    bool used[kFieldCount] = {};
    for (Field k : kCoreFields) used[k] = true;
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (fgb) {
            std::fill(std::begin(used), std::end(used), true);
            break;
        }
        const Event& e = events.at(i);
        for (int k = 0; k < kFieldCount; ++k)
            used[k] = used[k] || value_of(e, static_cast<Field>(k)).kind != Value::Kind::None;
    }
    for (int k = 0; k < kFieldCount; ++k) {
        if (!used[k]) continue;
        // FlatGeobuf has date-times, not dates: a day is its midnight there. KML's schema has
        // neither: a day is ISO text.
        const OGRFieldType type = kFields[k].type != OFTDate ? kFields[k].type : fgb ? OFTDateTime : kml ? OFTString : OFTDate;
        OGRFieldDefn def(kFields[k].name, type);
        if (layer->CreateField(&def) != OGRERR_NONE)
            throw Error(std::string("cannot create field ") + kFields[k].name + ": " + CPLGetLastErrorMsg(), path);
    }
    detail::EventLayerAppender out(*layer, path, false, false);
    std::size_t left_out = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const Event& e = events.at(i);
        if (fgb && e.location.geometry.empty()) {
            ++left_out;
            continue;
        }
        if (!kml) {
            out.add(e);
            continue;
        }
        out.add(e, [&](OGRFeature& f) {
            f.SetField("name", (e.kind.empty() ? event_type_name(e.type) : e.kind.c_str()));
            f.SetField("description", e.summary.c_str());
            if (e.date.valid()) {
                const CivilDate a = e.date.first, b = e.date.last;
                if (a == b) f.SetField("timestamp", a.year, a.month, a.day, 0, 0, 0.0f, 0);
                else {
                    f.SetField("begin", a.year, a.month, a.day, 0, 0, 0.0f, 0);
                    f.SetField("end", b.year, b.month, b.day, 0, 0, 0.0f, 0);
                }
            }
        });
    }
    ds.reset();  // closing writes the file (FlatGeobuf: header and index)
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw Error("cannot move the finished file into place: " + ec.message(), path);
    done = true;
    return left_out;
}

void write_events_gpkg(const std::vector<Event>& events, const std::string& path) { write_events_gpkg(VectorEvents(events), path); }

void write_events_gpkg(const EventList& events, const std::string& path) {
    EventGpkgWriter w(path);
    for (std::size_t i = 0; i < events.size(); ++i) w.add(events.at(i));
    w.finish();
}

// [SECTION] reader ---------------------------------------------------------------------------------
//
// Two ways to walk a layer, one mapping to Events. GDAL's Arrow stream hands over whole columns
// per batch (for a GeoPackage about twice as fast as feature by feature: no OGRFeature per row,
// dates already day numbers); features serve every driver without a fast stream of its own.

namespace {

std::optional<DatePrecision> parse_precision(std::string_view s) {
    for (DatePrecision p : {DatePrecision::Day, DatePrecision::Range, DatePrecision::Week, DatePrecision::Month,
                            DatePrecision::Year})
        if (s == precision_name(p)) return p;
    return std::nullopt;
}

// A row of the store schema, however it is being read (FeatureRow, ArrowRow), offers:
//   bool set(Field); std::string_view text(Field) (valid until the next row); long long integer(Field);
//   double real(Field); std::optional<CivilDate> date(Field) (unset: nullopt; not a date: invalid);
//   bool geometry(Geometry&) (false and cleared if the row has none); int count(Field) (-1 if unset).
// fill_event is a template over the two so that a million rows pay no virtual calls.

std::optional<CivilDate> date_from_text(std::string_view s) {
    if (s.empty()) return std::nullopt;
    std::string iso(s.substr(0, 10));
    std::replace(iso.begin(), iso.end(), '/', '-');
    return CivilDate::parse_iso(iso).value_or(CivilDate{});
}

void set_point(Geometry& g, LonLat p) {
    // Reuses the vectors' storage: the reader fills one Event per row over and over.
    g.type = GeomType::Point;
    g.parts.resize(1);
    g.parts[0].assign(1, p);
    g.polygon_starts.clear();
}

// The items of a list as written ("a; b; c"), as views into s.
void split_list(std::vector<std::string_view>& out, std::string_view s, std::string_view sep) {
    out.clear();
    if (s.empty()) return;
    for (;;) {
        const std::size_t k = s.find(sep);
        // A list ending in an empty item ("TB; ") may have lost its last space to a format
        // that trims text (KML): a final ";" alone still ends an item.
        if (k == std::string_view::npos && sep.size() > 1 && s.size() >= 1 && s.back() == sep[0]) {
            out.push_back(s.substr(0, s.size() - 1));
            out.emplace_back();
            return;
        }
        out.push_back(s.substr(0, k));
        if (k == std::string_view::npos) return;
        s.remove_prefix(k + sep.size());
    }
}

void assign_list(std::vector<std::string>& out, std::string_view s, std::string_view sep) {
    thread_local std::vector<std::string_view> items;
    split_list(items, s, sep);
    if (out.size() < items.size()) out.resize(items.size());
    for (std::size_t k = 0; k < items.size(); ++k) out[k].assign(items[k]);
    out.resize(items.size());
}

template <class Row>
void read_actors(const Row& r, Field names, Field shorts, Field written, std::vector<Actor>& out) {
    thread_local std::vector<std::string> n, s, w;
    assign_list(n, r.text(names), kListSep);
    assign_list(s, r.text(shorts), kListSep);
    assign_list(w, r.text(written), kListSep);
    out.resize(n.size());
    for (std::size_t k = 0; k < n.size(); ++k) {
        out[k].name.assign(n[k]);
        out[k].short_name.assign(k < s.size() ? std::string_view(s[k]) : std::string_view());
        out[k].written.assign(k < w.size() ? std::string_view(w[k]) : std::string_view());
    }
}

// The type named as our writers name it (a plain comparison), else whatever parse_event_type makes of it.
EventType event_type_of(std::string_view name) {
    for (EventType t : {EventType::Battles, EventType::ExplosionsRemoteViolence, EventType::ViolenceAgainstCivilians,
                        EventType::StrategicDevelopments, EventType::Protests, EventType::Riots})
        if (name == event_type_name(t)) return t;
    return parse_event_type(name);
}

// A row's shape, location class and date precision as written in our columns.
EventShape shape_of(std::string_view shape) {
    return shape == "route" ? EventShape::Route : shape == "zone" ? EventShape::Zone : EventShape::Place;
}
LocPrecision loc_precision_of(int written) {
    return written >= 1 && written <= 4 ? static_cast<LocPrecision>(written) : LocPrecision::Place;
}
DatePrecision date_precision_of(std::string_view written, const CivilDate& first, const CivilDate& last) {
    const auto p = parse_precision(written);
    return p ? *p : first == last ? DatePrecision::Day : DatePrecision::Range;
}

// The attributes column back into name/value pairs (a value that is not a string keeps its JSON).
// False (nothing read) if the JSON nests deeper than limits().json_depth.
bool read_attributes_json(std::string_view text, std::vector<Attribute>& out) {
    if (json_nesting_depth(text, limits().json_depth) > limits().json_depth) return false;
    const nlohmann::ordered_json j = nlohmann::ordered_json::parse(text, nullptr, false);
    if (!j.is_object()) return true;
    for (const auto& [name, value] : j.items())
        out.push_back({name, value.is_string() ? value.get<std::string>() : value.dump()});
    return true;
}

int schema_field(std::string_view name) {
    for (int k = 0; k < kFieldCount; ++k)
        if (name == kFields[k].name) return k;
    return -1;
}

// Fills every field of e from the row (e may hold the previous row: its storage is reused).
// False with the reason in why if the row is bad.
template <class Row>
bool fill_event(const Row& r, Event& e, std::string& why) {
    const auto a = r.date(fDateStart);
    const auto b = r.date(fDateEnd);
    if ((a && !a->valid()) || (b && !b->valid())) {
        why = "date_start/date_end '" + std::string(r.text(fDateStart)) + "', '" + std::string(r.text(fDateEnd)) +
              "' is not a YYYY-MM-DD date";
        return false;
    }
    e.date.undated = !a && !b;
    if (!e.date.undated) {
        e.date.first = a ? *a : *b;
        e.date.last = b ? *b : *a;
        if (e.date.last < e.date.first) {
            why = "date_end " + e.date.last.iso() + " is before date_start " + e.date.first.iso();
            return false;
        }
        e.date.precision = date_precision_of(r.text(fDatePrecision), e.date.first, e.date.last);
    } else {
        e.date.first = e.date.last = CivilDate{};
        e.date.precision = DatePrecision::Day;
    }
    e.id.assign(r.text(fId));
    e.date.written.assign(r.text(fDateWritten));
    e.type = event_type_of(r.text(fEventType));
    e.sub_event_type.assign(r.text(fSubEventType));
    e.kind.assign(r.text(fKind));
    read_actors(r, fActor1, fActor1Short, fActor1Written, e.actor1);
    read_actors(r, fActor2, fActor2Short, fActor2Written, e.actor2);
    Casualties& c = e.casualties;
    c.killed.best = r.count(fFatalities);
    c.killed.low = r.count(fFatalitiesLow);
    c.killed.high = r.count(fFatalitiesHigh);
    c.killed.written.assign(r.text(fFatalitiesWritten));
    c.injured.best = r.count(fInjured);
    c.injured.low = r.count(fInjuredLow);
    c.injured.high = r.count(fInjuredHigh);
    c.injured.written.assign(r.text(fInjuredWritten));
    c.disputed = r.count(fDisputed) == 1;
    c.qualifier.assign(r.text(fQualifier));
    e.aggregate = r.count(fAggregate) == 1;
    e.shape = shape_of(r.text(fShape));
    e.location.written.assign(r.text(fLocation));
    e.location.precision = loc_precision_of(r.count(fLocationPrecision));
    e.location.radius_km = r.set(fRadiusKm) ? r.real(fRadiusKm) : 0;
    e.location.gazetteer_id.assign(r.text(fGazetteerId));
    const auto vf = r.date(fValidFrom), vt = r.date(fValidTo), pub = r.date(fPublished);
    e.valid_from = vf && vf->valid() ? vf->iso() : std::string();
    e.valid_to = vt && vt->valid() ? vt->iso() : std::string();
    e.confidence = r.set(fConfidence) ? r.real(fConfidence) : 0;
    e.summary.assign(r.text(fSummary));
    assign_list(e.flags, r.text(fFlags), ",");
    Provenance& p = e.provenance;
    p.source_file.assign(r.text(fSourceFile));
    p.outlet.assign(r.text(fOutlet));
    p.title.assign(r.text(fTitle));
    p.published = pub && pub->valid() ? pub->iso() : std::string();
    p.begin = static_cast<std::size_t>(std::max(0LL, r.set(fTextStart) ? r.integer(fTextStart) : 0));
    p.end = static_cast<std::size_t>(std::max(0LL, r.set(fTextEnd) ? r.integer(fTextEnd) : 0));
    p.text.assign(r.text(fSourceText));
    e.attributes.clear();
    if (const std::string_view j = r.text(fAttributes); !j.empty() && !read_attributes_json(j, e.attributes)) {
        why = "attributes JSON nests deeper than the limit of " + std::to_string(limits().json_depth);
        return false;
    }
    r.extras(e.attributes);

    e.location.point = {};
    if (r.geometry(e.location.geometry) && e.location.geometry.type == GeomType::Point)
        e.location.point = e.location.geometry.parts[0][0];
    if (r.set(fPointLon) && r.set(fPointLat)) e.location.point = {r.real(fPointLon), r.real(fPointLat)};
    // A store of unknown origin: coordinates are checked as an imported file's are.
    if (why = geometry_problem(e.location.geometry); !why.empty()) return false;
    if (!e.location.geometry.empty() || r.set(fPointLon))
        if (why = coordinate_problem(e.location.point.lon, e.location.point.lat); !why.empty()) {
            why = "representative point: " + why;
            return false;
        }
    return true;
}

// ---- rows from OGR features ----

class FeatureRow {
public:
    explicit FeatureRow(OGRFeatureDefn& d) {
        for (int k = 0; k < kFieldCount; ++k) {
            m_idx[k] = d.GetFieldIndex(kFields[k].name);
            m_type[k] = m_idx[k] >= 0 ? d.GetFieldDefn(m_idx[k])->GetType() : OFTString;
        }
        // Columns beyond the schema are the dataset's own (an export carries them; "attr_X" is
        // how one whose name the schema has was written).
        // KML's own placemark fields (name, description, time, style) as GDAL's LIBKML driver
        // presents them are the format's, not the dataset's.
        static const char* kKmlFields[] = {"name", "description", "timestamp", "begin", "end", "altitudeMode",
                                           "tessellate", "extrude", "visibility", "drawOrder", "icon", "snippet"};
        const bool kml = d.GetFieldIndex("altitudeMode") >= 0 && d.GetFieldIndex("tessellate") >= 0;
        for (int i = 0; i < d.GetFieldCount(); ++i) {
            std::string name = d.GetFieldDefn(i)->GetNameRef();
            if (schema_field(name) >= 0) continue;
            if (kml && std::find_if(std::begin(kKmlFields), std::end(kKmlFields),
                                    [&](const char* k) { return EQUAL(name.c_str(), k); }) != std::end(kKmlFields))
                continue;
            if (name.rfind("attr_", 0) == 0 && schema_field(std::string_view(name).substr(5)) >= 0) name.erase(0, 5);
            m_extra.emplace_back(i, std::move(name));
        }
    }
    /// Reads no columns beyond the schema (as the Arrow path does; see ArrowRow::extras).
    void schema_only() { m_extra.clear(); }
    void extras(std::vector<Attribute>& out) const {
        for (const auto& [i, name] : m_extra)
            if (m_f->IsFieldSetAndNotNull(i)) out.push_back({name, m_f->GetFieldAsString(i)});
    }
    void at(OGRFeature& f) { m_f = &f; }
    bool set(Field k) const { return m_idx[k] >= 0 && m_f->IsFieldSetAndNotNull(m_idx[k]); }
    int count(Field k) const { return set(k) ? static_cast<int>(integer(k)) : -1; }
    std::string_view text(Field k) const { return set(k) ? m_f->GetFieldAsString(m_idx[k]) : ""; }
    long long integer(Field k) const { return m_f->GetFieldAsInteger64(m_idx[k]); }
    double real(Field k) const { return m_f->GetFieldAsDouble(m_idx[k]); }
    std::optional<CivilDate> date(Field k) const {
        if (!set(k)) return std::nullopt;
        if (m_type[k] == OFTDate || m_type[k] == OFTDateTime) {
            const OGRField* r = m_f->GetRawFieldRef(m_idx[k]);
            return CivilDate{r->Date.Year, r->Date.Month, r->Date.Day};
        }
        return date_from_text(m_f->GetFieldAsString(m_idx[k]));
    }
    bool geometry(Geometry& g) const {
        const OGRGeometry* og = m_f->GetGeometryRef();
        if (!og || og->IsEmpty()) {
            g = Geometry();
            return false;
        }
        if (wkbFlatten(og->getGeometryType()) == wkbPoint) set_point(g, {og->toPoint()->getX(), og->toPoint()->getY()});
        else g = geo::from_ogr(*og);
        return !g.empty();
    }

private:
    OGRFeature* m_f = nullptr;
    int m_idx[kFieldCount];
    OGRFieldType m_type[kFieldCount];
    std::vector<std::pair<int, std::string>> m_extra;
};

// ---- rows from Arrow batches ----

// One column of a batch, typed by its Arrow format string, with its buffers looked up once.
struct ArrowColumn {
    char kind = 0;  // 'i' int32, 'l' int64, 's' int16, 'g' float64, 'f' float32, 'u'/'U' text, 'z'/'Z' binary, 'D' date32,
                    // 'S' 'M' 'C' 'N' timestamps in seconds, milli-, micro-, nanoseconds (FlatGeobuf's date-times)
    std::int64_t offset = 0;
    const std::uint8_t* bits = nullptr;  // validity; null when the batch has no nulls here
    const void* values = nullptr;        // values, or offsets for text and binary
    const char* data = nullptr;          // text and binary bytes

    ArrowColumn() = default;
    ArrowColumn(const ArrowArray* a, char k) : kind(k) {
        if (!a || !k) {
            kind = 0;
            return;
        }
        offset = a->offset;
        bits = a->null_count != 0 ? static_cast<const std::uint8_t*>(a->buffers[0]) : nullptr;
        values = a->n_buffers > 1 ? a->buffers[1] : nullptr;
        data = a->n_buffers > 2 ? static_cast<const char*>(a->buffers[2]) : nullptr;
        if (!values) kind = 0;
    }
    static char kind_of(const char* fmt) {
        const std::string_view f(fmt);
        if (f == "tdD") return 'D';
        if (f.size() >= 4 && f.substr(0, 2) == "ts" && f[3] == ':') {
            switch (f[2]) {
                case 's': return 'S';
                case 'm': return 'M';
                case 'u': return 'C';
                case 'n': return 'N';
                default: return 0;
            }
        }
        if (f.size() == 1 && std::string_view("ilsgfuUzZ").find(f[0]) != std::string_view::npos) return f[0];
        return 0;  // a type the store schema does not use: read as unset
    }
    bool valid(std::int64_t row) const {
        if (!kind) return false;
        const std::int64_t i = offset + row;
        return !bits || ((bits[i >> 3] >> (i & 7)) & 1);
    }
    template <class T>
    T value(std::int64_t row) const {
        return static_cast<const T*>(values)[offset + row];
    }
    std::string_view bytes(std::int64_t row) const {
        const std::int64_t i = offset + row;
        if (kind == 'U' || kind == 'Z') {
            const auto* off = static_cast<const std::int64_t*>(values);
            return {data + off[i], static_cast<std::size_t>(off[i + 1] - off[i])};
        }
        const auto* off = static_cast<const std::int32_t*>(values);
        return {data + off[i], static_cast<std::size_t>(off[i + 1] - off[i])};
    }
};

class ArrowRow {
public:
    /// Maps the stream's columns to the schema's fields (by name) and finds the geometry column.
    ArrowRow(const ArrowSchema& schema, const char* geometry_name, const char* fid_name) {
        for (int k = 0; k < kFieldCount; ++k) m_child[k] = -1;
        for (std::int64_t c = 0; c < schema.n_children; ++c) {
            const ArrowSchema& ch = *schema.children[c];
            const std::string_view name = ch.name ? ch.name : "";
            const char kind = ArrowColumn::kind_of(ch.format);
            if (kind == 'l' && m_fid_child < 0 && name == fid_name) {
                m_fid_child = static_cast<int>(c);
                continue;
            }
            if ((kind == 'z' || kind == 'Z') && m_geom_child < 0 &&
                (name == geometry_name || name == "wkb_geometry" || name == "geometry" || name == "geom")) {
                m_geom_child = static_cast<int>(c);
                m_geom_kind = kind;
                continue;
            }
            for (int k = 0; k < kFieldCount; ++k)
                if (EQUAL(kFields[k].name, ch.name ? ch.name : "")) {
                    m_child[k] = static_cast<int>(c);
                    m_kind[k] = kind;
                }
        }
    }
    void batch(const ArrowArray& a) {
        for (int k = 0; k < kFieldCount; ++k)
            m_col[k] = m_child[k] >= 0 ? ArrowColumn{a.children[m_child[k]], m_kind[k]} : ArrowColumn{};
        m_geom = m_geom_child >= 0 ? ArrowColumn{a.children[m_geom_child], m_geom_kind} : ArrowColumn{};
        m_fid = m_fid_child >= 0 ? ArrowColumn{a.children[m_fid_child], 'l'} : ArrowColumn{};
    }
    void at(std::int64_t row) { m_row = row; }
    bool has_fid() const { return m_fid_child >= 0; }
    /// The row's feature id (-1 if the stream has none).
    long long fid() const { return m_fid.valid(m_row) ? m_fid.value<std::int64_t>(m_row) : -1; }

    bool set(Field k) const { return m_col[k].valid(m_row); }
    /// Whether text(k) is a view into the batch itself (a text column, or nothing), which stays
    /// valid while other fields are read; a number read as text lives in a scratch buffer.
    bool text_in_batch(Field k) const {
        const ArrowColumn& c = m_col[k];
        return !c.valid(m_row) || c.kind == 'u' || c.kind == 'U';
    }
    void extras(std::vector<Attribute>&) const {}  // a GeoPackage of ours keeps them in "attributes"
    int count(Field k) const { return set(k) ? static_cast<int>(integer(k)) : -1; }
    std::string_view text(Field k) const {
        const ArrowColumn& c = m_col[k];
        if (!c.valid(m_row)) return {};
        if (c.kind == 'u' || c.kind == 'U') return c.bytes(m_row);
        return number_as_text(k);
    }
    long long integer(Field k) const {
        const ArrowColumn& c = m_col[k];
        switch (c.kind) {
            case 'i': return c.value<std::int32_t>(m_row);
            case 'l': return c.value<std::int64_t>(m_row);
            case 's': return c.value<std::int16_t>(m_row);
            case 'g': return static_cast<long long>(c.value<double>(m_row));
            case 'f': return static_cast<long long>(c.value<float>(m_row));
            case 'u':
            case 'U': return std::atoll(std::string(c.bytes(m_row)).c_str());
            default: return 0;
        }
    }
    double real(Field k) const {
        const ArrowColumn& c = m_col[k];
        switch (c.kind) {
            case 'g': return c.value<double>(m_row);
            case 'f': return c.value<float>(m_row);
            case 'u':
            case 'U': return std::atof(std::string(c.bytes(m_row)).c_str());
            default: return static_cast<double>(integer(k));
        }
    }
    std::optional<CivilDate> date(Field k) const {
        const ArrowColumn& c = m_col[k];
        if (!c.valid(m_row)) return std::nullopt;
        if (c.kind == 'D') return CivilDate::from_days(c.value<std::int32_t>(m_row));
        if (c.kind == 'u' || c.kind == 'U') return date_from_text(c.bytes(m_row));
        if (c.kind == 'S' || c.kind == 'M' || c.kind == 'C' || c.kind == 'N') {
            const std::int64_t per_day = 86400LL * (c.kind == 'S' ? 1 : c.kind == 'M' ? 1000 : c.kind == 'C' ? 1000000 : 1000000000);
            const std::int64_t v = c.value<std::int64_t>(m_row);
            const std::int64_t day = v >= 0 ? v / per_day : -((-v + per_day - 1) / per_day);
            return CivilDate::from_days(static_cast<int>(day));
        }
        return CivilDate{};
    }
    /// The row's geometry when it is a little-endian 2D point that is not empty (what GDAL writes
    /// on this platform); false for anything else, read with geometry() then.
    bool point(LonLat& at) const {
        if (!m_geom.valid(m_row)) return false;
        const std::string_view wkb = m_geom.bytes(m_row);
        if (!(wkb.size() == 21 && wkb[0] == 1 && wkb[1] == 1 && wkb[2] == 0 && wkb[3] == 0 && wkb[4] == 0)) return false;
        double xy[2];
        std::memcpy(xy, wkb.data() + 5, sizeof xy);
        if (std::isnan(xy[0])) return false;
        at = {xy[0], xy[1]};
        return true;
    }
    bool geometry(Geometry& g) const {
        if (!m_geom.valid(m_row)) {
            g = Geometry();
            return false;
        }
        const std::string_view wkb = m_geom.bytes(m_row);
        // The common case by hand: a little-endian 2D point (what GDAL writes on this platform).
        if (wkb.size() == 21 && wkb[0] == 1 && wkb[1] == 1 && wkb[2] == 0 && wkb[3] == 0 && wkb[4] == 0) {
            double xy[2];
            std::memcpy(xy, wkb.data() + 5, sizeof xy);
            if (std::isnan(xy[0])) {
                g = Geometry();
                return false;  // an empty point
            }
            set_point(g, {xy[0], xy[1]});
            return true;
        }
        OGRGeometry* raw = nullptr;
        if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE || !raw) {
            g = Geometry();
            return false;
        }
        geo::OgrGeom og(raw);
        g = og->IsEmpty() ? Geometry() : geo::from_ogr(*og);
        return !g.empty();
    }

private:
    // A number where text was expected (a file written by another tool).
    std::string_view number_as_text(Field k) const {
        const ArrowColumn& c = m_col[k];
        m_scratch = c.kind == 'g' || c.kind == 'f' ? std::to_string(real(k)) : std::to_string(integer(k));
        return m_scratch;
    }

    mutable std::string m_scratch;
    int m_child[kFieldCount];
    char m_kind[kFieldCount] = {};
    int m_geom_child = -1, m_fid_child = -1;
    char m_geom_kind = 0;
    ArrowColumn m_col[kFieldCount];
    ArrowColumn m_geom, m_fid;
    std::int64_t m_row = 0;
};

// Reports a bad row or a row without geometry; rows are numbered from 1.
struct RowReport {
    const std::string& path;
    Diagnostics& diag;
    std::size_t* skipped;
    std::size_t over = 0;  // rows past limits().features_per_file: counted, not read
    bool past_limit(std::size_t row) {
        if (row <= limits().features_per_file) return false;
        ++over;
        return true;
    }
    void finish(std::size_t rows) { detail::report_rows_over_limit(path, diag, rows, over, skipped); }
    void bad(std::size_t row, const std::string& why) {
        diag.warn(path, static_cast<long>(row), "row " + std::to_string(row) + ": " + why + "; row skipped");
        if (skipped) ++*skipped;
    }
    void unmapped(std::size_t row, const std::string& id) {
        diag.warn(path, static_cast<long>(row),
                  "row " + std::to_string(row) + ": event '" + id + "' has no geometry; kept, not mapped");
    }
};

// What a lean table keeps of a point row (EventTableBuilder::set_lean) comes from these columns
// alone; attributes stays because a row whose attributes cannot be read is skipped, lean or not.
constexpr Field kLeanFields[] = {fId,       fDateStart, fDateEnd,          fDatePrecision, fEventType, fSubEventType,
                                 fKind,     fActor1,    fActor2,           fFatalities,    fShape,     fLocationPrecision,
                                 fRadiusKm, fPointLon,  fPointLat,         fSourceFile,    fOutlet,    fAttributes};

// The builder keeps a route's or zone's whole record even in a lean table: the rows it does.
bool needs_whole_record(const Geometry& g) {
    return !g.empty() && !(g.type == GeomType::Point && !g.parts[0].empty());
}

// The common row of a lean read — a point, valid dates, no attributes, coordinates in range —
// as fill_event would make it and EventTableBuilder::add keep it, without making the Event (its
// strings and lists): a million-row briefing's reading thread ~30 % shorter. False for any other
// row, which then takes fill_event (and its messages) as before.
bool lean_point(const ArrowRow& r, events::EventColumns& p) {
    if (!r.text(fAttributes).empty() || limits().vertices_per_geometry < 1) return false;
    if (!r.point(p.at)) return false;
    const auto a = r.date(fDateStart);
    const auto b = r.date(fDateEnd);
    if ((a && !a->valid()) || (b && !b->valid())) return false;
    p.dated = a || b;
    if (p.dated) {
        p.first = a ? *a : *b;
        p.last = b ? *b : *a;
        if (p.last < p.first) return false;
        p.date_precision = date_precision_of(r.text(fDatePrecision), p.first, p.last);
    }
    // The checks fill_event makes of a point: its vertex, then the representative point (the
    // point columns when both are set).
    if (!coordinate_problem(p.at.lon, p.at.lat).empty()) return false;
    if (r.set(fPointLon) && r.set(fPointLat) && !coordinate_problem(r.real(fPointLon), r.real(fPointLat)).empty()) return false;
    // The views kept below must all be into the batch (a file of ours has text columns there).
    for (Field k : {fId, fSubEventType, fKind, fActor1, fActor2, fSourceFile, fOutlet})
        if (!r.text_in_batch(k)) return false;
    p.id = r.text(fId);
    p.type = event_type_of(r.text(fEventType));
    p.sub_event_type = r.text(fSubEventType);
    p.kind = r.text(fKind);
    split_list(p.actors1, r.text(fActor1), kListSep);
    split_list(p.actors2, r.text(fActor2), kListSep);
    p.fatalities = r.count(fFatalities);
    p.shape = shape_of(r.text(fShape));
    p.loc_precision = loc_precision_of(r.count(fLocationPrecision));
    p.radius_km = r.set(fRadiusKm) ? r.real(fRadiusKm) : 0;
    p.source_file = r.text(fSourceFile);
    p.outlet = r.text(fOutlet);
    return true;
}

// Rows a lean read needs whole, read again by feature id through a second handle on the file
// (the first is busy with the Arrow stream).
class WholeRows {
public:
    // Opens the file again; ok() says whether it could (the read is then not lean at all).
    WholeRows(const std::string& source, const char* layer_name) {
        // Without open_vector's memory map: the rows are few and far apart, and each page
        // touched through a map would stay in the process's resident memory.
        m_ds.reset(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (m_ds) m_layer = m_ds->GetLayerByName(layer_name);
        if (m_layer) {
            m_row.emplace(*m_layer->GetLayerDefn());
            m_row->schema_only();
        }
    }
    bool ok() const { return m_layer != nullptr; }
    // Fills e with row fid's whole record; false (e untouched) if it cannot be read again, with
    // why set if the row itself is bad.
    bool read(long long fid, Event& e, std::string& why) {
        if (fid < 0) return false;
        CPLErrorReset();
        OGRFeatureUniquePtr f(m_layer->GetFeature(fid));
        if (!f || f->GetFID() != fid) return false;
        m_row->at(*f);
        Event whole;
        if (!fill_event(*m_row, whole, why)) return false;
        if (whole.id != e.id) return false;  // not the row the stream gave
        e = std::move(whole);
        return true;
    }

private:
    GDALDatasetUniquePtr m_ds;
    OGRLayer* m_layer = nullptr;
    std::optional<FeatureRow> m_row;
};

// A lean read needs a feature id to find a row again by, and every column of ours typed as
// our writers type it (another tool's types could read differently feature by feature).
bool lean_readable(OGRLayer& layer) {
    const char* fid = layer.GetFIDColumn();
    if (!fid || !*fid) return false;  // a view: GDAL numbers its rows 0
    OGRFeatureDefn& d = *layer.GetLayerDefn();
    for (int k = 0; k < kFieldCount; ++k) {
        const int i = d.GetFieldIndex(kFields[k].name);
        if (i >= 0 && (d.GetFieldDefn(i)->GetType() != kFields[k].type || d.GetFieldDefn(i)->GetSubType() != OFSTNone))
            return false;
    }
    return true;
}

// Returns nullopt if the layer offers no Arrow stream (the caller then reads features). With
// lean, only the columns a lean table keeps of a point row are read (a third of the bytes of a
// typical row), and rows kept whole are read again from lean->source by feature id.
std::optional<bool> read_store_arrow(OGRLayer& layer, RowReport& rep, const EventSink& sink,
                                     const RowProgress& progress, detail::LeanRead* lean) {
    ArrowArrayStream stream{};
    layer.ResetReading();
    struct IgnoredGuard {
        OGRLayer& l;
        bool on = false;
        ~IgnoredGuard() {
            if (on) l.SetIgnoredFields(nullptr);
        }
    } ignored{layer};
    std::optional<WholeRows> whole;
    if (lean && lean->source && lean_readable(layer)) {
        whole.emplace(*lean->source, layer.GetName());
        if (!whole->ok()) whole.reset();
    }
    if (whole) {
        std::vector<const char*> skip;
        for (int k = 0; k < kFieldCount; ++k)
            if (std::find(std::begin(kLeanFields), std::end(kLeanFields), k) == std::end(kLeanFields) &&
                layer.GetLayerDefn()->GetFieldIndex(kFields[k].name) >= 0)
                skip.push_back(kFields[k].name);
        skip.push_back(nullptr);
        ignored.on = true;  // GDAL keeps what it ignored before a failure: undone either way
        if (layer.SetIgnoredFields(skip.data()) != OGRERR_NONE) {
            layer.SetIgnoredFields(nullptr);
            ignored.on = false;
            whole.reset();
        }
    }
    // Batches of 16,384 rows rather than GDAL's 65,536: GDAL prepares the next batch while this
    // one is read, and two big batches were ~15 MB of a million-row picture's peak memory, for
    // no measurable speed.
    const char* options[] = {"MAX_FEATURES_IN_BATCH=16384", "INCLUDE_FID=YES", nullptr};
    if (!layer.GetArrowStream(&stream, const_cast<char**>(options))) return std::nullopt;
    struct StreamGuard {
        ArrowArrayStream& s;
        ~StreamGuard() {
            if (s.release) s.release(&s);
        }
    } stream_guard{stream};
    ArrowSchema schema{};
    if (stream.get_schema(&stream, &schema) != 0) return std::nullopt;
    const char* fid_name = layer.GetFIDColumn();
    ArrowRow row(schema, layer.GetGeometryColumn(), fid_name && *fid_name ? fid_name : "OGC_FID");
    schema.release(&schema);
    if (whole && !row.has_fid()) return std::nullopt;  // no way back to a whole row: features instead

    Event e;
    std::string why;
    std::size_t n = 0;
    events::EventTableBuilder* direct = whole && lean->builder && lean->rows ? lean->builder : nullptr;
    events::EventColumns point;
    for (;;) {
        ArrowArray batch{};
        if (stream.get_next(&stream, &batch) != 0) {
            const char* err = stream.get_last_error(&stream);
            rep.finish(n);
            throw Error("read stopped after " + std::to_string(n) + " rows: " + (err ? err : "unknown error"), rep.path,
                        static_cast<long>(n));
        }
        if (!batch.release) break;  // end of stream
        struct BatchGuard {
            ArrowArray& a;
            ~BatchGuard() { a.release(&a); }
        } batch_guard{batch};
        // GDAL 3.6 on a damaged GeoPackage can hand out empty batches without end (found by
        // fuzzing): a batch is never empty otherwise, so the read stops there, said.
        if (batch.length <= 0) {
            const std::string gdal_says = CPLGetLastErrorMsg();
            rep.finish(n);
            throw Error("read stopped after " + std::to_string(n) + " rows: the file gave an empty batch (damaged?)" +
                            (gdal_says.empty() ? std::string() : ": " + gdal_says),
                        rep.path, static_cast<long>(n));
        }
        row.batch(batch);
        for (std::int64_t i = 0; i < batch.length; ++i) {
            ++n;
            if (rep.past_limit(n)) continue;
            row.at(i);
            if (direct && lean_point(row, point)) {
                direct->add_lean_point(point);
                ++*lean->rows;
                ++lean->rows_direct;
                continue;
            }
            if (!fill_event(row, e, why)) {
                rep.bad(n, why);
                continue;
            }
            if (whole && needs_whole_record(e.location.geometry)) {
                why.clear();
                if (whole->read(row.fid(), e, why)) {
                    ++lean->rows_reread;
                } else if (!why.empty()) {
                    rep.bad(n, why);
                    continue;
                } else {
                    const std::string gdal_says = CPLGetLastErrorMsg();
                    rep.diag.warn(rep.path, static_cast<long>(n),
                                  "row " + std::to_string(n) + ": could not read the whole row again" +
                                      (gdal_says.empty() ? std::string() : " (" + gdal_says + ")") +
                                      "; drawn without its details");
                }
            }
            if (e.location.geometry.empty()) rep.unmapped(n, e.id);
            sink(std::move(e));
        }
        if (progress && !progress(n)) return false;
    }
    rep.finish(n);
    return true;
}

bool read_store_features(OGRLayer& layer, RowReport& rep, const EventSink& sink, const RowProgress& progress,
                         detail::PieceRows* piece) {
    FeatureRow row(*layer.GetLayerDefn());
    layer.ResetReading();
    CPLErrorReset();
    Event e;
    std::string why;
    const std::size_t first = piece ? piece->first_row : 0;
    std::size_t n = first;  // the row number in the file
    for (OGRFeatureUniquePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature())) {
        ++n;
        if (piece) piece->rows = n - first;
        if (progress && (n - first) % 4096 == 0 && !progress(n - first)) return false;
        if (rep.past_limit(n)) continue;
        row.at(*f);
        if (!fill_event(row, e, why)) {
            rep.bad(n, why);
            continue;
        }
        if (e.location.geometry.empty()) rep.unmapped(n, e.id);
        sink(std::move(e));
    }
    if (piece) piece->over = rep.over;
    else rep.finish(n);
    // A damaged file can end the features early with an error rather than at its end.
    if (CPLGetLastErrorType() >= CE_Failure)
        throw Error("read stopped after " + std::to_string(n) + " rows: " + CPLGetLastErrorMsg(), rep.path, static_cast<long>(n));
    return true;
}

}  // namespace

namespace detail {

GDALDataset* open_vector(const std::string& path) {
    geo::init_gdal();
    // Thread-local, and put back afterwards: other opens in this process keep GDAL's defaults.
    const std::string before = CPLGetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", "");
    CPLSetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", "mmap_size=4294967296");
    GDALDataset* ds = GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY);
    CPLSetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", before.empty() ? nullptr : before.c_str());
    return ds;
}

bool is_store_layer(OGRLayer& layer) {
    OGRFeatureDefn* d = layer.GetLayerDefn();
    return d->GetFieldIndex("id") >= 0 && d->GetFieldIndex("date_start") >= 0 && d->GetFieldIndex("event_type") >= 0 &&
           (d->GetFieldIndex("shape") >= 0 || d->GetFieldIndex("date_precision") >= 0);
}

bool read_store_layer(OGRLayer& layer, const std::string& path, Diagnostics& diag, const EventSink& sink,
                      const RowProgress& progress, std::size_t* skipped, StoreReadPath how, PieceRows* piece,
                      LeanRead* lean) {
    RowReport rep{path, diag, skipped};
    // GDAL's generic Arrow stream is built on features and only adds work; take it where the
    // driver has its own (GeoPackage).
    if (!piece && how != StoreReadPath::Features && layer.TestCapability(OLCFastGetArrowStream))
        if (const auto done = read_store_arrow(layer, rep, sink, progress, lean)) return *done;
    return read_store_features(layer, rep, sink, progress, piece);
}

void report_rows_over_limit(const std::string& path, Diagnostics& diag, std::size_t rows, std::size_t over,
                            std::size_t* skipped) {
    if (!over) return;
    diag.error(path, static_cast<long>(limits().features_per_file + 1), rows_over_limit_message(rows));
    if (skipped) *skipped += over;
}

}  // namespace detail

bool read_events_gpkg(const std::string& path, Diagnostics& diag, const EventSink& sink, const RowProgress& progress) {
    GDALDatasetUniquePtr ds(detail::open_vector(path));
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
