// conflictmap io: event GeoJSON. Written by a streaming writer of the one fixed schema (GDAL's
// GeoJSON driver builds a JSON object tree per feature and formats every number through printf:
// a million events took it 28 s where this takes a fraction); read back through GDAL, which is
// also what checks the output in the tests (types, dates, the RFC 7946 rules).
#include "io/EventGeoJson.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>

#include <cpl_string.h>
#include <ogrsf_frmts.h>

#include "core/Utf8.h"
#include "geo/Ogr.h"
#include "io/TextOut.h"

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

using JsonOut = TextOut;

/// Twice the signed area of a ring (positive: counter-clockwise), planar in degrees.
double ring_area2(const std::vector<LonLat>& r) {
    double a = 0;
    for (std::size_t i = 0, n = r.size(); i < n; ++i) {
        const LonLat& p = r[i];
        const LonLat& q = r[(i + 1) % n];
        a += p.lon * q.lat - q.lon * p.lat;
    }
    return a;
}

constexpr int kCoordDecimals = 6;  // about 0.1 m: RFC 7946's advice against false precision

void write_position(JsonOut& o, LonLat p) {
    o.ch('[');
    o.json_real(p.lon, kCoordDecimals);
    o.ch(',');
    o.json_real(p.lat, kCoordDecimals);
    o.ch(']');
}

void write_line(JsonOut& o, const std::vector<LonLat>& v) {
    o.ch('[');
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) o.ch(',');
        write_position(o, v[i]);
    }
    o.ch(']');
}

/// A ring closed and wound by RFC 7946's right-hand rule: exterior counter-clockwise, holes clockwise.
void write_ring(JsonOut& o, const std::vector<LonLat>& ring, bool exterior) {
    const bool ccw = ring_area2(ring) > 0;
    const bool reverse = ccw != exterior;
    const bool closed = !ring.empty() && ring.front() == ring.back();
    o.ch('[');
    const std::size_t n = ring.size();
    for (std::size_t k = 0; k < n; ++k) {
        if (k) o.ch(',');
        write_position(o, ring[reverse ? n - 1 - k : k]);
    }
    if (!closed && n) {
        o.ch(',');
        write_position(o, ring[reverse ? n - 1 : 0]);
    }
    o.ch(']');
}

void write_polygon(JsonOut& o, const Geometry& g, std::size_t from, std::size_t to) {
    o.ch('[');
    for (std::size_t r = from; r < to; ++r) {
        if (r > from) o.ch(',');
        write_ring(o, g.parts[r], r == from);
    }
    o.ch(']');
}

/// The geometry member's value: a GeoJSON geometry, or null.
void write_geometry(JsonOut& o, const Geometry& g) {
    if (g.empty() || g.parts[0].empty()) {
        o.raw("null");
        return;
    }
    o.raw("{\"type\":\"");
    o.raw(geom_type_name(g.type));
    o.raw("\",\"coordinates\":");
    switch (g.type) {
        case GeomType::None: break;
        case GeomType::Point: write_position(o, g.parts[0][0]); break;
        case GeomType::LineString: write_line(o, g.parts[0]); break;
        case GeomType::MultiLineString:
            o.ch('[');
            for (std::size_t i = 0; i < g.parts.size(); ++i) {
                if (i) o.ch(',');
                write_line(o, g.parts[i]);
            }
            o.ch(']');
            break;
        case GeomType::Polygon: write_polygon(o, g, 0, g.parts.size()); break;
        case GeomType::MultiPolygon:
            o.ch('[');
            for (std::size_t i = 0; i < g.polygon_starts.size(); ++i) {
                if (i) o.ch(',');
                const std::size_t end = i + 1 < g.polygon_starts.size() ? g.polygon_starts[i + 1] : g.parts.size();
                write_polygon(o, g, g.polygon_starts[i], end);
            }
            o.ch(']');
            break;
    }
    o.ch('}');
}

}  // namespace

void write_events_geojson(const std::vector<Event>& events, const std::string& path) {
    write_events_geojson(VectorEvents(events), path);
}

void write_events_geojson(const EventList& events, const std::string& path) {
    geo::init_gdal();
    // The datasets' own columns (kept on import) follow the schema; a name the schema already
    // has is written as attr_NAME. Every feature carries every property (null when unknown), so
    // GIS tools see one table.
    const std::vector<std::string> attr_names = events.attribute_names();
    std::vector<std::string> attr_keys;  // "name": with quotes and escapes, ready to write
    std::map<std::string, std::size_t> attr_slot;
    for (const std::string& a : attr_names) {
        bool clash = false;
        for (const auto& fd : kFields) clash |= a == fd.name;
        attr_slot[a] = attr_keys.size();
        attr_keys.push_back(clash ? "attr_" + a : a);
    }
    JsonOut o(path);
    o.raw("{\"type\":\"FeatureCollection\",\"features\":[\n");
    double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;
    std::vector<const std::string*> attr_values(attr_keys.size());
    auto key = [&](const char* k) {
        o.ch('"');
        o.raw(k);
        o.raw("\":");
    };
    auto text = [&](const char* k, std::string_view v) {
        key(k);
        o.json_string(v);
        o.ch(',');
    };
    auto date = [&](const char* k, const std::optional<CivilDate>& d) {
        key(k);
        if (d && d->valid()) {
            o.ch('"');
            o.raw(d->iso());
            o.ch('"');
        } else {
            o.raw("null");
        }
        o.ch(',');
    };
    auto count = [&](const char* k, long long v) {
        key(k);
        if (v >= 0) o.integer(v);
        else o.raw("null");
        o.ch(',');
    };
    std::string scratch;
    for (std::size_t n = 0; n < events.size(); ++n) {
        const Event& e = events.at(n);
        o.raw(n ? ",\n{\"type\":\"Feature\",\"properties\":{" : "{\"type\":\"Feature\",\"properties\":{");
        text("id", e.id);
        date("date_start", e.date.valid() ? std::optional(e.date.first) : std::nullopt);
        date("date_end", e.date.valid() ? std::optional(e.date.last) : std::nullopt);
        text("date_precision", e.date.undated ? "undated" : precision_name(e.date.precision));
        text("date_written", e.date.written);
        text("event_type", event_type_name(e.type));
        text("sub_event_type", e.sub_event_type);
        text("kind", e.kind);
        text("actor1", actors_text(e.actor1, false));
        text("actor2", actors_text(e.actor2, false));
        text("actor1_written", actors_text(e.actor1, true));
        text("actor2_written", actors_text(e.actor2, true));
        count("fatalities", e.casualties.killed.best);
        count("fatalities_low", e.casualties.killed.low);
        count("fatalities_high", e.casualties.killed.high);
        text("fatalities_written", e.casualties.killed.written);
        count("injured", e.casualties.injured.best);
        count("disputed", e.casualties.disputed ? 1 : 0);
        text("qualifier", e.casualties.qualifier);
        count("aggregate", e.aggregate ? 1 : 0);
        text("shape", shape_name(e.shape));
        text("location", e.location.written);
        count("location_precision", static_cast<int>(e.location.precision));
        key("radius_km");
        o.json_real(e.location.radius_km, 3);
        o.ch(',');
        text("gazetteer_id", e.location.gazetteer_id);
        date("valid_from", CivilDate::parse_iso(e.valid_from));
        date("valid_to", CivilDate::parse_iso(e.valid_to));
        key("confidence");
        o.json_real(e.confidence, 2);
        o.ch(',');
        text("summary", e.summary);
        scratch.clear();
        for (const auto& fl : e.flags) (scratch += scratch.empty() ? "" : ",") += fl;
        text("flags", scratch);
        text("source_file", e.provenance.source_file);
        text("outlet", e.provenance.outlet);
        text("title", e.provenance.title);
        date("published", CivilDate::parse_iso(e.provenance.published));
        count("text_start", static_cast<long long>(e.provenance.begin));
        count("text_end", static_cast<long long>(e.provenance.end));
        key("source_text");
        o.json_string(e.provenance.text);
        std::fill(attr_values.begin(), attr_values.end(), nullptr);
        for (const Attribute& a : e.attributes)
            if (auto it = attr_slot.find(a.name); it != attr_slot.end()) attr_values[it->second] = &a.value;
        for (std::size_t k = 0; k < attr_keys.size(); ++k) {
            o.ch(',');
            o.json_string(attr_keys[k]);
            o.ch(':');
            if (attr_values[k]) o.json_string(*attr_values[k]);
            else o.raw("null");
        }
        o.raw("},\"geometry\":");
        write_geometry(o, e.location.geometry);
        o.ch('}');
        if (!e.location.geometry.empty()) {
            double a, b, c, d;
            e.location.geometry.bounds(a, b, c, d);
            x0 = std::min(x0, a), y0 = std::min(y0, b), x1 = std::max(x1, c), y1 = std::max(y1, d);
        }
    }
    o.raw("\n]");
    // The collection's extent (RFC 7946 section 5: west, south, east, north). Members may come
    // in any order; at the end it needs no second pass over the events.
    if (x0 <= x1) {
        o.raw(",\"bbox\":[");
        o.json_real(x0, kCoordDecimals);
        o.ch(',');
        o.json_real(y0, kCoordDecimals);
        o.ch(',');
        o.json_real(x1, kCoordDecimals);
        o.ch(',');
        o.json_real(y1, kCoordDecimals);
        o.ch(']');
    }
    o.raw("}\n");
    o.close();
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
