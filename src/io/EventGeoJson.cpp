// conflictmap io: event GeoJSON through GDAL.
#include "io/EventGeoJson.h"

#include <algorithm>
#include <cmath>
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
void set_date(OGRFeature& f, const char* field, const CivilDate& d) {
    if (d.valid()) f.SetField(field, d.year, d.month, d.day, 0, 0, 0.0f, 0);
    else f.SetFieldNull(f.GetFieldIndex(field));
}

void set_count(OGRFeature& f, const char* field, int v) {
    if (v >= 0) f.SetField(field, v);
    else f.SetFieldNull(f.GetFieldIndex(field));
}

}  // namespace

void write_events_geojson(const std::vector<Event>& events, const std::string& path) {
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
    std::vector<std::string> attr_names;
    std::map<std::string, std::string> attr_field;
    for (const Event& e : events)
        for (const Attribute& a : e.attributes) {
            if (attr_field.count(a.name)) continue;
            bool clash = false;
            for (const auto& fd : kFields) clash |= a.name == fd.name;
            const std::string field = clash ? "attr_" + a.name : a.name;
            attr_field[a.name] = field;
            attr_names.push_back(a.name);
            OGRFieldDefn def(field.c_str(), OFTString);
            layer->CreateField(&def);
        }
    for (const Event& e : events) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("id", e.id.c_str());
        set_date(f, "date_start", e.date.valid() ? e.date.first : CivilDate{});
        set_date(f, "date_end", e.date.valid() ? e.date.last : CivilDate{});
        f.SetField("date_precision", e.date.undated ? "undated" : precision_name(e.date.precision));
        f.SetField("date_written", e.date.written.c_str());
        f.SetField("event_type", event_type_name(e.type));
        f.SetField("sub_event_type", e.sub_event_type.c_str());
        f.SetField("kind", e.kind.c_str());
        f.SetField("actor1", actors_text(e.actor1, false).c_str());
        f.SetField("actor2", actors_text(e.actor2, false).c_str());
        f.SetField("actor1_written", actors_text(e.actor1, true).c_str());
        f.SetField("actor2_written", actors_text(e.actor2, true).c_str());
        set_count(f, "fatalities", e.casualties.killed.best);
        set_count(f, "fatalities_low", e.casualties.killed.low);
        set_count(f, "fatalities_high", e.casualties.killed.high);
        f.SetField("fatalities_written", e.casualties.killed.written.c_str());
        set_count(f, "injured", e.casualties.injured.best);
        f.SetField("disputed", e.casualties.disputed ? 1 : 0);
        f.SetField("qualifier", e.casualties.qualifier.c_str());
        f.SetField("aggregate", e.aggregate ? 1 : 0);
        f.SetField("shape", shape_name(e.shape));
        f.SetField("location", e.location.written.c_str());
        f.SetField("location_precision", static_cast<int>(e.location.precision));
        f.SetField("radius_km", e.location.radius_km);
        f.SetField("gazetteer_id", e.location.gazetteer_id.c_str());
        set_date(f, "valid_from", CivilDate::parse_iso(e.valid_from).value_or(CivilDate{}));
        set_date(f, "valid_to", CivilDate::parse_iso(e.valid_to).value_or(CivilDate{}));
        f.SetField("confidence", std::round(e.confidence * 100) / 100);
        f.SetField("summary", e.summary.c_str());
        std::string flags;
        for (const auto& fl : e.flags) flags += (flags.empty() ? "" : ",") + fl;
        f.SetField("flags", flags.c_str());
        f.SetField("source_file", e.provenance.source_file.c_str());
        f.SetField("outlet", e.provenance.outlet.c_str());
        f.SetField("title", e.provenance.title.c_str());
        set_date(f, "published", CivilDate::parse_iso(e.provenance.published).value_or(CivilDate{}));
        f.SetField("text_start", static_cast<GIntBig>(e.provenance.begin));
        f.SetField("text_end", static_cast<GIntBig>(e.provenance.end));
        f.SetField("source_text", e.provenance.text.c_str());
        for (const Attribute& a : e.attributes) f.SetField(attr_field[a.name].c_str(), a.value.c_str());
        if (geo::OgrGeom g = geo::to_ogr(e.location.geometry)) f.SetGeometryDirectly(g.release());
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
