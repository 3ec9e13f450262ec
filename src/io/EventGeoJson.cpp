// conflictmap io: event GeoJSON through GDAL.
#include "io/EventGeoJson.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>

#include <cpl_string.h>
#include <ogrsf_frmts.h>

#include "core/Utf8.h"
#include "geo/Ogr.h"

namespace cm::io {

namespace {

const char* shape_name(EventShape s) {
    switch (s) {
        case EventShape::Place: return "place";
        case EventShape::Route: return "route";
        case EventShape::Zone: return "zone";
    }
    return "?";
}

std::string actors_text(const std::vector<Actor>& a, bool written) {
    std::string s;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (i) s += "; ";
        s += written ? a[i].written : a[i].name;
    }
    return s;
}

struct FieldDef {
    const char* name;
    OGRFieldType type;
};

// The property schema, in the order GIS tools will show it.
constexpr FieldDef kFields[] = {
    {"id", OFTString},          {"date_start", OFTDate},       {"date_end", OFTDate},
    {"date_precision", OFTString}, {"date_written", OFTString}, {"event_type", OFTString},
    {"sub_event_type", OFTString}, {"kind", OFTString},          {"actor1", OFTString},
    {"actor2", OFTString},      {"actor1_written", OFTString}, {"actor2_written", OFTString},
    {"fatalities", OFTInteger}, {"fatalities_low", OFTInteger}, {"fatalities_high", OFTInteger},
    {"fatalities_written", OFTString}, {"injured", OFTInteger}, {"disputed", OFTInteger},
    {"qualifier", OFTString},   {"aggregate", OFTInteger},     {"shape", OFTString},
    {"location", OFTString},    {"location_precision", OFTInteger}, {"radius_km", OFTReal},
    {"gazetteer_id", OFTString}, {"valid_from", OFTDate},      {"valid_to", OFTDate},
    {"confidence", OFTReal},    {"summary", OFTString},        {"flags", OFTString},
    {"source_file", OFTString}, {"outlet", OFTString},         {"title", OFTString},
    {"published", OFTDate},     {"text_start", OFTInteger},    {"text_end", OFTInteger},
    {"source_text", OFTString},
};

// Unknown values are written as JSON null so every feature carries the whole schema.
}  // namespace

void write_events_geojson(const std::vector<Event>& events, const std::string& path) {
    write_events_geojson(VectorEvents(events), path);
}

void write_events_geojson(const EventList& events, const std::string& path) {
    geo::init_gdal();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GeoJSON");
    if (!drv) throw Error("GDAL has no GeoJSON driver", path);
    if (path.rfind("/vsi", 0) != 0) VSIUnlink(path.c_str());  // the driver will not overwrite
    GDALDatasetUniquePtr ds(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw Error(std::string("cannot create GeoJSON: ") + CPLGetLastErrorMsg(), path);
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    char** lopts = nullptr;
    lopts = CSLSetNameValue(lopts, "RFC7946", "YES");
    lopts = CSLSetNameValue(lopts, "COORDINATE_PRECISION", "6");
    lopts = CSLSetNameValue(lopts, "WRITE_NAME", "NO");
    OGRLayer* layer = ds->CreateLayer("events", &wgs84, wkbUnknown, lopts);
    CSLDestroy(lopts);
    if (!layer) throw Error("cannot create the events layer", path);
    for (const auto& fd : kFields) {
        OGRFieldDefn def(fd.name, fd.type);
        layer->CreateField(&def);
    }
    // The datasets' own columns (kept on import) follow the schema, in order of first appearance;
    // a name the schema already has is written as attr_NAME.
    std::map<std::string, int> attr_index;
    const int nschema = static_cast<int>(std::size(kFields));
    for (std::size_t i = 0; i < events.size(); ++i)
        for (const Attribute& a : events.at(i).attributes) {
            if (attr_index.count(a.name)) continue;
            bool clash = false;
            for (const auto& fd : kFields) clash |= a.name == fd.name;
            const std::string field = clash ? "attr_" + a.name : a.name;
            OGRFieldDefn def(field.c_str(), OFTString);
            layer->CreateField(&def);
            attr_index[a.name] = layer->GetLayerDefn()->GetFieldCount() - 1;
        }
    // Field positions, looked up once (by name per row costs more than the writing).
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    int ix[std::size(kFields)];
    for (int k = 0; k < nschema; ++k) ix[k] = defn->GetFieldIndex(kFields[k].name);
    auto at = [&](const char* name) {
        for (int k = 0; k < nschema; ++k)
            if (std::strcmp(kFields[k].name, name) == 0) return ix[k];
        return -1;
    };
    const int iId = at("id"), iStart = at("date_start"), iEnd = at("date_end"), iPrec = at("date_precision"),
              iWritten = at("date_written"), iType = at("event_type"), iSub = at("sub_event_type"), iKind = at("kind"),
              iA1 = at("actor1"), iA2 = at("actor2"), iA1w = at("actor1_written"), iA2w = at("actor2_written"),
              iKilled = at("fatalities"), iKLow = at("fatalities_low"), iKHigh = at("fatalities_high"),
              iKWritten = at("fatalities_written"), iInjured = at("injured"), iDisputed = at("disputed"),
              iQualifier = at("qualifier"), iAggregate = at("aggregate"), iShape = at("shape"), iLocation = at("location"),
              iLocPrec = at("location_precision"), iRadius = at("radius_km"), iGaz = at("gazetteer_id"),
              iValidFrom = at("valid_from"), iValidTo = at("valid_to"), iConfidence = at("confidence"),
              iSummary = at("summary"), iFlags = at("flags"), iSource = at("source_file"), iOutlet = at("outlet"),
              iTitle = at("title"), iPublished = at("published"), iTextStart = at("text_start"), iTextEnd = at("text_end"),
              iText = at("source_text");
    auto set_date = [](OGRFeature& f, int i, const CivilDate& d) {
        if (d.valid()) f.SetField(i, d.year, d.month, d.day, 0, 0, 0.0f, 0);
        else f.SetFieldNull(i);
    };
    auto set_count = [](OGRFeature& f, int i, int v) {
        if (v >= 0) f.SetField(i, v);
        else f.SetFieldNull(i);
    };
    OGRFeature f(defn);
    for (std::size_t n = 0; n < events.size(); ++n) {
        const Event& e = events.at(n);
        f.Reset();
        f.SetField(iId, e.id.c_str());
        set_date(f, iStart, e.date.valid() ? e.date.first : CivilDate{});
        set_date(f, iEnd, e.date.valid() ? e.date.last : CivilDate{});
        f.SetField(iPrec, e.date.undated ? "undated" : precision_name(e.date.precision));
        f.SetField(iWritten, e.date.written.c_str());
        f.SetField(iType, event_type_name(e.type));
        f.SetField(iSub, e.sub_event_type.c_str());
        f.SetField(iKind, e.kind.c_str());
        f.SetField(iA1, actors_text(e.actor1, false).c_str());
        f.SetField(iA2, actors_text(e.actor2, false).c_str());
        f.SetField(iA1w, actors_text(e.actor1, true).c_str());
        f.SetField(iA2w, actors_text(e.actor2, true).c_str());
        set_count(f, iKilled, e.casualties.killed.best);
        set_count(f, iKLow, e.casualties.killed.low);
        set_count(f, iKHigh, e.casualties.killed.high);
        f.SetField(iKWritten, e.casualties.killed.written.c_str());
        set_count(f, iInjured, e.casualties.injured.best);
        f.SetField(iDisputed, e.casualties.disputed ? 1 : 0);
        f.SetField(iQualifier, e.casualties.qualifier.c_str());
        f.SetField(iAggregate, e.aggregate ? 1 : 0);
        f.SetField(iShape, shape_name(e.shape));
        f.SetField(iLocation, e.location.written.c_str());
        f.SetField(iLocPrec, static_cast<int>(e.location.precision));
        f.SetField(iRadius, e.location.radius_km);
        f.SetField(iGaz, e.location.gazetteer_id.c_str());
        set_date(f, iValidFrom, CivilDate::parse_iso(e.valid_from).value_or(CivilDate{}));
        set_date(f, iValidTo, CivilDate::parse_iso(e.valid_to).value_or(CivilDate{}));
        f.SetField(iConfidence, std::round(e.confidence * 100) / 100);
        f.SetField(iSummary, e.summary.c_str());
        std::string flags;
        for (const auto& fl : e.flags) flags += (flags.empty() ? "" : ",") + fl;
        f.SetField(iFlags, flags.c_str());
        f.SetField(iSource, e.provenance.source_file.c_str());
        f.SetField(iOutlet, e.provenance.outlet.c_str());
        f.SetField(iTitle, e.provenance.title.c_str());
        set_date(f, iPublished, CivilDate::parse_iso(e.provenance.published).value_or(CivilDate{}));
        f.SetField(iTextStart, static_cast<GIntBig>(e.provenance.begin));
        f.SetField(iTextEnd, static_cast<GIntBig>(e.provenance.end));
        f.SetField(iText, e.provenance.text.c_str());
        for (const Attribute& a : e.attributes) f.SetField(attr_index[a.name], a.value.c_str());
        if (geo::OgrGeom g = geo::to_ogr(e.location.geometry)) f.SetGeometryDirectly(g.release());
        else f.SetGeometryDirectly(nullptr);
        if (layer->CreateFeature(&f) != OGRERR_NONE) throw Error("cannot write event " + e.id, path);
    }
}

std::vector<Event> read_events_geojson(const std::string& path, Diagnostics& diag) {
    geo::init_gdal();
    std::vector<Event> out;
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) {
        diag.error(path, 0, "cannot read as GeoJSON/vector data");
        return out;
    }
    for (OGRLayer* layer : ds->GetLayers()) {
        long row = 0;
        for (auto& f : *layer) {
            ++row;
            Event e;
            auto str = [&](const char* n) -> std::string {
                const int i = f->GetFieldIndex(n);
                return i >= 0 && f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "";
            };
            auto date = [&](const char* n) -> std::optional<CivilDate> {
                std::string s = str(n);
                std::replace(s.begin(), s.end(), '/', '-');
                return CivilDate::parse_iso(s.substr(0, 10));
            };
            auto integer = [&](const char* n) {
                const int i = f->GetFieldIndex(n);
                return i >= 0 && f->IsFieldSetAndNotNull(i) ? f->GetFieldAsInteger(i) : -1;
            };
            e.id = str("id");
            if (auto a = date("date_start"), b = date("date_end"); a && b) {
                e.date.first = *a;
                e.date.last = *b;
            } else {
                e.date.undated = true;
            }
            e.kind = str("kind");
            e.sub_event_type = str("sub_event_type");
            e.type = parse_event_type(str("event_type"));
            e.shape = str("shape") == "zone" ? EventShape::Zone : str("shape") == "route" ? EventShape::Route : EventShape::Place;
            e.casualties.killed.best = integer("fatalities");
            e.casualties.killed.low = integer("fatalities_low");
            e.aggregate = integer("aggregate") == 1;
            e.provenance.source_file = str("source_file");
            e.summary = str("summary");
            e.location.written = str("location");
            if (const OGRGeometry* g = f->GetGeometryRef(); g && !g->IsEmpty()) {
                e.location.geometry = geo::from_ogr(*g);
            } else {
                diag.warn(path, row, "event '" + e.id + "' has no geometry");
            }
            out.push_back(std::move(e));
        }
    }
    return out;
}

}  // namespace cm::io
