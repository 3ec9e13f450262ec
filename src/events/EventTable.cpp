// conflictmap events: EventTable and its builder. The columns are plain vectors; everything an
// event holds beyond them goes into two per-table arenas (searchable words, and a compact binary
// record of the rest) so that a million rows fit in about 200 bytes each and event(i) can still
// give back the whole cm::Event.
//
// [SECTION] byte helpers (varints, case-insensitive search)
// [SECTION] detail record encoding
// [SECTION] EventTableBuilder
// [SECTION] EventTable queries
#include "events/EventTable.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <thread>
#include <unordered_map>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/Error.h"
#include "core/Utf8.h"

namespace cm::events {

namespace {

// [SECTION] byte helpers (varints, case-insensitive search) ---------------------------------------

// LEB128 varints: most detail values are small (pool ids, counts), so they take one byte.
void put_varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

std::uint64_t get_varint(const char*& p) {
    std::uint64_t v = 0;
    int shift = 0;
    for (;;) {
        const auto b = static_cast<std::uint8_t>(*p++);
        v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
        if (!(b & 0x80)) return v;
        shift += 7;
    }
}

// Counts may be -1 ("not given"): zigzag keeps small negatives small.
void put_int(std::string& out, std::int64_t v) {
    put_varint(out, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
}

std::int64_t get_int(const char*& p) {
    const std::uint64_t u = get_varint(p);
    return static_cast<std::int64_t>(u >> 1) ^ -static_cast<std::int64_t>(u & 1);
}

void put_str(std::string& out, std::string_view s) {
    put_varint(out, s.size());
    out.append(s);
}

std::string get_str(const char*& p) {
    const auto n = static_cast<std::size_t>(get_varint(p));
    std::string s(p, n);
    p += n;
    return s;
}

constexpr char kSep = '\x1f';  // between fields in m_text; never in a needle

// The arena's separator must not occur inside a field, or a search could match across fields.
void append_text_field(std::string& out, std::string_view s) {
    const std::size_t at = out.size();
    out.append(s);
    for (std::size_t i = at; i < out.size(); ++i)
        if (static_cast<unsigned char>(out[i]) < 0x20) out[i] = ' ';
    out.push_back(kSep);
}

bool contains_ci(std::string_view hay, std::string_view needle_lower) {
    if (needle_lower.empty()) return true;
    if (hay.size() < needle_lower.size()) return false;
    const std::size_t last = hay.size() - needle_lower.size();
    for (std::size_t i = 0; i <= last; ++i) {
        if (ascii_lower(hay[i]) != needle_lower[0]) continue;
        std::size_t k = 1;
        while (k < needle_lower.size() && ascii_lower(hay[i + k]) == needle_lower[k]) ++k;
        if (k == needle_lower.size()) return true;
    }
    return false;
}

bool has_point(LonLat p) { return std::isfinite(p.lon) && std::isfinite(p.lat) && !(p.lon == 0 && p.lat == 0); }

// A point on or in the geometry for rows whose event gave no representative point of its own.
LonLat representative(const Geometry& g) {
    if (g.parts.empty() || g.parts[0].empty()) return {NAN, NAN};
    if (g.type == GeomType::LineString || g.type == GeomType::MultiLineString || g.type == GeomType::Point)
        return g.parts[0][g.parts[0].size() / 2];
    double a, b, c, d;
    g.bounds(a, b, c, d);
    return {(a + c) / 2, (b + d) / 2};
}

std::string file_stem(const std::string& path) {
    std::size_t slash = path.find_last_of("/\\");
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    const std::size_t dot = base.rfind('.');
    if (dot != std::string::npos && dot > 0) base.resize(dot);
    return base;
}

// [SECTION] detail record encoding -----------------------------------------------------------------
//
// A row's record in m_detail is a varint bit set saying which of the fields below are present,
// then the present fields' values in bit order. Fields at their defaults take no bytes, so a
// typical imported row needs 4-8 bytes. The most frequent bits come first (one varint byte holds 7).
enum DetailBit : std::uint32_t {
    kGeomPoint = 1u << 0,      // geometry is a Point at (lon, lat)           (no payload)
    kSubType = 1u << 1,        // sub_event_type                              (m_sub_types id)
    kFile = 1u << 2,           // provenance.source_file                      (m_files id)
    kConfidence = 1u << 3,     // confidence                                  (millionths)
    kKindFromSub = 1u << 4,    // kinds[kind_id] is the sub-event type; kind was empty
    kOutletEmpty = 1u << 5,    // sources[source_id] is the dataset (file) name; outlet was empty
    kDateWritten = 1u << 6,    // date.written                                (string)
    kActors1 = 1u << 7,        // actor1 in full: count, then (actors id, short, written) each
    kActors2 = 1u << 8,        // actor2 likewise
    kKilledLow = 1u << 9,      // casualties.killed.low                        (int)
    kKilledHigh = 1u << 10,    // casualties.killed.high                       (int)
    kKilledWritten = 1u << 11, // casualties.killed.written                    (string)
    kInjuredBest = 1u << 12,   // casualties.injured.best                      (int)
    kInjuredLow = 1u << 13,    // (int)
    kInjuredHigh = 1u << 14,   // (int)
    kInjuredWritten = 1u << 15,// (string)
    kQualifier = 1u << 16,     // casualties.qualifier                         (string)
    kDisputed = 1u << 17,      // casualties.disputed                          (no payload)
    kAggregate = 1u << 18,     // aggregate                                    (no payload)
    kGazetteer = 1u << 19,     // location.gazetteer_id                        (string)
    kValidFrom = 1u << 20,     // valid_from                                   (string)
    kValidTo = 1u << 21,       // valid_to                                     (string)
    kFlags = 1u << 22,         // flags: count, then m_flags ids
    kTitle = 1u << 23,         // provenance.title                             (m_titles id)
    kPublished = 1u << 24,     // provenance.published                         (string)
    kBegin = 1u << 25,         // provenance.begin                             (varint)
    kEnd = 1u << 26,           // provenance.end                               (varint)
    kSourceText = 1u << 27,    // provenance.text                              (string)
    kPointOnly = 1u << 28,     // no geometry, but a representative point      (no payload)
    kRawPrecision = 1u << 29,  // location.precision when the row has no usable location (varint)
    kAttributes = 1u << 30,    // attributes: count, then (m_attr_names id, m_attr_values id) each
    kRow = 1u << 31,           // provenance.row                               (varint)
};

// Does an actor list need its full record, or do actor?_id alone say it all?
bool actors_simple(const std::vector<Actor>& a) {
    return a.empty() || (a.size() == 1 && !a[0].name.empty() && a[0].short_name.empty() && a[0].written.empty());
}

// Interned strings: a pool (element 0 is "") and the map from text to index into it.
struct Interner {
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> map;
    std::vector<std::string>* pool = nullptr;

    void attach(std::vector<std::string>& p) {
        pool = &p;
        map.clear();
        last = 0;
        p.assign(1, std::string());
    }
    std::uint32_t last = 0;  // rows often repeat the previous row's value (one file, one source)

    std::uint32_t id(std::string_view s) {
        if (s.empty()) return 0;
        if (last && (*pool)[last] == s) return last;
        if (auto it = map.find(s); it != map.end()) return last = it->second;
        const auto i = static_cast<std::uint32_t>(pool->size());
        pool->emplace_back(s);
        map.emplace(std::string(s), i);
        return last = i;
    }
};

template <class T>
void permute(std::vector<T>& v, const std::vector<std::uint32_t>& order) {
    std::vector<T> out;
    out.reserve(order.size());
    for (std::uint32_t o : order) out.push_back(v[o]);
    v = std::move(out);
}

// Every per-row column, for what is done to all of them alike.
template <class F>
void each_column(EventTable& t, F&& f) {
    f(t.day_first);
    f(t.day_last);
    f(t.lon);
    f(t.lat);
    f(t.type);
    f(t.date_precision);
    f(t.loc_precision);
    f(t.shape);
    f(t.fatalities);
    f(t.radius_km);
    f(t.kind_id);
    f(t.actor1_id);
    f(t.actor2_id);
    f(t.source_id);
    f(t.geometry_id);
}

template <class Arena>
void permute_arena(Arena& arena, std::vector<std::uint32_t>& off, const std::vector<std::uint32_t>& order) {
    // Each row's slice copied straight to where it goes (a million rows: one pass, no growth).
    std::vector<std::uint32_t> out_off(order.size() + 1);
    out_off[0] = 0;
    for (std::size_t k = 0; k < order.size(); ++k) out_off[k + 1] = out_off[k] + (off[order[k] + 1] - off[order[k]]);
    Arena out;
    out.resize(out_off.back());
    for (std::size_t k = 0; k < order.size(); ++k)
        if (const std::uint32_t len = out_off[k + 1] - out_off[k])
            std::memcpy(out.data() + out_off[k], arena.data() + off[order[k]], len * sizeof(arena[0]));
    arena = std::move(out);
    off = std::move(out_off);
}

}  // namespace

// [SECTION] EventTableBuilder ----------------------------------------------------------------------

struct EventTableBuilder::Impl {
    std::unique_ptr<EventTable> t;
    bool lean = false;  // see EventTableBuilder::set_lean
    Interner kinds, actors, sources, sub_types, files, titles, flags, attr_names, attr_values;
    std::unordered_map<std::string, std::string> stems;  // source file -> dataset name, cached
    const std::pair<const std::string, std::string>* last_stem = nullptr;

    Impl() { reset(); }
    void reset() {
        t = std::make_unique<EventTable>();
        kinds.attach(t->kinds);
        actors.attach(t->actors);
        sources.attach(t->sources);
        sub_types.attach(t->m_sub_types);
        files.attach(t->m_files);
        titles.attach(t->m_titles);
        flags.attach(t->m_flags);
        attr_names.attach(t->m_attr_names);
        attr_values.attach(t->m_attr_values);
        t->m_text_off.assign(1, 0);
        t->m_detail_off.assign(1, 0);
        t->extra_actor_off.assign(1, 0);
        stems.clear();
        last_stem = nullptr;
    }
    const std::string& stem(std::string_view file) {
        if (last_stem && last_stem->first == file) return last_stem->second;
        std::string key(file);
        auto it = stems.find(key);
        if (it == stems.end()) it = stems.emplace(key, file_stem(key)).first;
        last_stem = &*it;
        return it->second;
    }
    EventColumns row;  // add()'s columns of its event, kept between rows (the actor lists' storage)

    // The columns of one row (time, place, what and who, source); the detail-record bits they
    // imply. place_bits: kGeomPoint or kPointOnly or none; geometry_id: in the geometries pool, or -1.
    std::uint32_t push_columns(const EventColumns& r, std::uint32_t place_bits, std::int32_t geometry_id);
    void finish_row(std::int32_t geometry_id);
    void put_actors(std::string& out, const std::vector<Actor>& list) {
        put_varint(out, list.size());
        for (const Actor& a : list) {
            put_varint(out, actors.id(a.name));
            put_str(out, a.short_name);
            put_str(out, a.written);
        }
    }
};

EventTableBuilder::EventTableBuilder() : m_impl(std::make_unique<Impl>()) {}
EventTableBuilder::~EventTableBuilder() = default;

std::size_t EventTableBuilder::size() const { return m_impl->t->day_first.size(); }

void EventTableBuilder::reserve(std::size_t rows) {
    EventTable& t = *m_impl->t;
    each_column(t, [&](auto& v) { v.reserve(rows); });
    t.m_text_off.reserve(rows + 1);
    t.extra_actor_off.reserve(rows + 1);
    t.m_detail_off.reserve(rows + 1);
}

void EventTableBuilder::set_lean(bool on) { m_impl->lean = on; }
bool EventTableBuilder::lean() const { return m_impl->lean; }

std::uint32_t EventTableBuilder::Impl::push_columns(const EventColumns& r, std::uint32_t place_bits,
                                                   std::int32_t geometry_id) {
    EventTable& tb = *t;
    if (r.dated) {
        tb.day_first.push_back(r.first.days());
        tb.day_last.push_back(r.last.days());
        tb.date_precision.push_back(static_cast<std::uint8_t>(r.date_precision));
    } else {
        tb.day_first.push_back(kUndatedDay);
        tb.day_last.push_back(kUndatedDay);
        tb.date_precision.push_back(0);
    }
    std::uint32_t bits = place_bits;
    const bool located = std::isfinite(r.at.lon) && std::isfinite(r.at.lat);
    tb.lon.push_back(located ? r.at.lon : NAN);
    tb.lat.push_back(located ? r.at.lat : NAN);
    const int prec = std::clamp(static_cast<int>(r.loc_precision), 1, 4);
    tb.loc_precision.push_back(located ? static_cast<std::uint8_t>(prec) : 0);
    if (!located && r.loc_precision != LocPrecision::Place) bits |= kRawPrecision;
    tb.geometry_id.push_back(geometry_id);
    tb.shape.push_back(static_cast<std::uint8_t>(r.shape));
    tb.radius_km.push_back(static_cast<float>(r.radius_km));

    // What and who.
    tb.type.push_back(static_cast<std::uint8_t>(r.type));
    tb.fatalities.push_back(r.fatalities >= 0 ? r.fatalities : -1);
    if (r.kind.empty() && !r.sub_event_type.empty()) {
        tb.kind_id.push_back(kinds.id(r.sub_event_type));
        bits |= kKindFromSub;
    } else {
        tb.kind_id.push_back(kinds.id(r.kind));
    }
    tb.actor1_id.push_back(r.actors1.empty() ? 0 : actors.id(r.actors1[0]));
    tb.actor2_id.push_back(r.actors2.empty() ? 0 : actors.id(r.actors2[0]));
    for (const auto* side : {&r.actors1, &r.actors2})
        for (std::size_t k = 1; k < side->size(); ++k)
            if (!(*side)[k].empty()) tb.extra_actor_ids.push_back(actors.id((*side)[k]));
    tb.extra_actor_off.push_back(static_cast<std::uint32_t>(tb.extra_actor_ids.size()));
    if (!r.outlet.empty()) {
        tb.source_id.push_back(sources.id(r.outlet));
    } else {
        tb.source_id.push_back(r.source_file.empty() ? 0 : sources.id(stem(r.source_file)));
        bits |= kOutletEmpty;
    }
    return bits;
}

// The row's text and record offsets, after its text and record were appended.
void EventTableBuilder::Impl::finish_row(std::int32_t geometry_id) {
    EventTable& tb = *t;
    // Offsets are 32-bit to save 8 bytes a row; 4 GiB of text is far beyond any real dataset.
    // Should it come, this row is taken back out so that the table built so far stays whole.
    constexpr std::size_t kMax = std::numeric_limits<std::uint32_t>::max();
    if (tb.m_text.size() > kMax || tb.m_detail.size() > kMax) {
        each_column(tb, [](auto& v) { v.pop_back(); });
        if (geometry_id >= 0) tb.geometries.pop_back();
        tb.m_text.resize(tb.m_text_off.back());
        tb.m_detail.resize(tb.m_detail_off.back());
        tb.extra_actor_off.pop_back();
        tb.extra_actor_ids.resize(tb.extra_actor_off.back());
        throw Error("event table too large: more than 4 GiB of event text");
    }
    tb.m_text_off.push_back(static_cast<std::uint32_t>(tb.m_text.size()));
    tb.m_detail_off.push_back(static_cast<std::uint32_t>(tb.m_detail.size()));
}

void EventTableBuilder::add_lean_point(const EventColumns& p) {
    Impl& b = *m_impl;
    if (!b.lean) throw Error("add_lean_point: the table builder is not lean");
    const std::uint32_t bits = b.push_columns(p, kGeomPoint, -1);
    // What add() keeps of a lean point row: its id, and a record of the bits alone.
    append_text_field(b.t->m_text, p.id);
    put_varint(b.t->m_detail, bits);
    if (bits & kRawPrecision) put_varint(b.t->m_detail, static_cast<std::uint64_t>(p.loc_precision));
    b.finish_row(-1);
}

void EventTableBuilder::add(const Event& e) {
    Impl& b = *m_impl;
    EventTable& t = *b.t;
    EventColumns& r = b.row;
    r.dated = e.date.valid();
    r.first = e.date.first;
    r.last = e.date.last;
    r.date_precision = e.date.precision;
    // Place: points live in lon/lat alone; every other geometry goes to the geometries pool.
    const Geometry& g = e.location.geometry;
    std::uint32_t place_bits = 0;
    std::int32_t geometry_id = -1;
    r.at = {NAN, NAN};
    if (!g.empty() && g.type == GeomType::Point && !g.parts[0].empty()) {
        r.at = g.parts[0][0];
        place_bits = kGeomPoint;
    } else if (!g.empty()) {
        geometry_id = static_cast<std::int32_t>(t.geometries.size());
        t.geometries.push_back(g);
        r.at = has_point(e.location.point) ? e.location.point : representative(g);
    } else if (has_point(e.location.point)) {
        r.at = e.location.point;
        place_bits = kPointOnly;
    }
    r.loc_precision = e.location.precision;
    r.shape = e.shape;
    r.radius_km = e.location.radius_km;
    r.type = e.type;
    r.fatalities = e.casualties.killed.best;
    r.kind = e.kind;
    r.sub_event_type = e.sub_event_type;
    r.outlet = e.provenance.outlet;
    r.source_file = e.provenance.source_file;
    r.actors1.clear();
    r.actors2.clear();
    for (const Actor& a : e.actor1) r.actors1.push_back(a.name);
    for (const Actor& a : e.actor2) r.actors2.push_back(a.name);
    std::uint32_t bits = b.push_columns(r, place_bits, geometry_id);

    // Searchable words (lean: the id alone, which also orders a day's rows).
    append_text_field(t.m_text, e.id);
    if (!b.lean) {
        append_text_field(t.m_text, e.location.written);
        append_text_field(t.m_text, e.summary);
        for (const auto* side : {&e.actor1, &e.actor2})
            for (std::size_t k = 1; k < side->size(); ++k) append_text_field(t.m_text, (*side)[k].name);
    }

    // Everything else, as a detail record.
    const Casualties& c = e.casualties;
    const Provenance& p = e.provenance;
    if (!e.sub_event_type.empty()) bits |= kSubType;
    if (!p.source_file.empty()) bits |= kFile;
    if (e.confidence != 0) bits |= kConfidence;
    if (!e.date.written.empty()) bits |= kDateWritten;
    if (!actors_simple(e.actor1)) bits |= kActors1;
    if (!actors_simple(e.actor2)) bits |= kActors2;
    if (c.killed.low != -1) bits |= kKilledLow;
    if (c.killed.high != -1) bits |= kKilledHigh;
    if (!c.killed.written.empty()) bits |= kKilledWritten;
    if (c.injured.best != -1) bits |= kInjuredBest;
    if (c.injured.low != -1) bits |= kInjuredLow;
    if (c.injured.high != -1) bits |= kInjuredHigh;
    if (!c.injured.written.empty()) bits |= kInjuredWritten;
    if (!c.qualifier.empty()) bits |= kQualifier;
    if (c.disputed) bits |= kDisputed;
    if (e.aggregate) bits |= kAggregate;
    if (!e.location.gazetteer_id.empty()) bits |= kGazetteer;
    if (!e.valid_from.empty()) bits |= kValidFrom;
    if (!e.valid_to.empty()) bits |= kValidTo;
    if (!e.flags.empty()) bits |= kFlags;
    if (!p.title.empty()) bits |= kTitle;
    if (!p.published.empty()) bits |= kPublished;
    if (p.begin != 0) bits |= kBegin;
    if (p.end != 0) bits |= kEnd;
    if (!p.text.empty()) bits |= kSourceText;
    if (!e.attributes.empty()) bits |= kAttributes;
    if (p.row != 0) bits |= kRow;

    // Lean: what drawing needs of a point event is in the columns; routes and zones keep their
    // record (a zone's period is in it).
    if (b.lean && geometry_id < 0) bits &= kGeomPoint | kPointOnly | kRawPrecision | kKindFromSub | kOutletEmpty;
    std::string& d = t.m_detail;
    put_varint(d, bits);
    if (bits & kSubType) put_varint(d, b.sub_types.id(e.sub_event_type));
    if (bits & kFile) put_varint(d, b.files.id(p.source_file));
    if (bits & kConfidence) put_int(d, std::llround(e.confidence * 1e6));
    if (bits & kDateWritten) put_str(d, e.date.written);
    if (bits & kActors1) b.put_actors(d, e.actor1);
    if (bits & kActors2) b.put_actors(d, e.actor2);
    if (bits & kKilledLow) put_int(d, c.killed.low);
    if (bits & kKilledHigh) put_int(d, c.killed.high);
    if (bits & kKilledWritten) put_str(d, c.killed.written);
    if (bits & kInjuredBest) put_int(d, c.injured.best);
    if (bits & kInjuredLow) put_int(d, c.injured.low);
    if (bits & kInjuredHigh) put_int(d, c.injured.high);
    if (bits & kInjuredWritten) put_str(d, c.injured.written);
    if (bits & kQualifier) put_str(d, c.qualifier);
    if (bits & kGazetteer) put_str(d, e.location.gazetteer_id);
    if (bits & kValidFrom) put_str(d, e.valid_from);
    if (bits & kValidTo) put_str(d, e.valid_to);
    if (bits & kFlags) {
        put_varint(d, e.flags.size());
        for (const auto& f : e.flags) put_varint(d, b.flags.id(f));
    }
    if (bits & kTitle) put_varint(d, b.titles.id(p.title));
    if (bits & kPublished) put_str(d, p.published);
    if (bits & kBegin) put_varint(d, p.begin);
    if (bits & kEnd) put_varint(d, p.end);
    if (bits & kSourceText) put_str(d, p.text);
    if (bits & kRawPrecision) put_varint(d, static_cast<std::uint64_t>(e.location.precision));
    if (bits & kAttributes) {
        put_varint(d, e.attributes.size());
        for (const Attribute& a : e.attributes) {
            put_varint(d, b.attr_names.id(a.name));
            put_varint(d, b.attr_values.id(a.value));  // columns repeat their values: pooled
        }
    }
    if (bits & kRow) put_varint(d, p.row);
    b.finish_row(geometry_id);
}

namespace {

// A detail record of another builder's table with its pool ids rewritten to this builder's:
// walks the fields in the order add() writes them (and event() reads them).
struct DetailRemap {
    const std::vector<std::uint32_t>&sub_types, &files, &actors, &flags, &titles, &attr_names, &attr_values;

    void copy(const char*& p, std::string& out) const {
        const auto bits = static_cast<std::uint32_t>(get_varint(p));
        put_varint(out, bits);
        auto id = [&](const std::vector<std::uint32_t>& map) { put_varint(out, map[get_varint(p)]); };
        auto num = [&] { put_varint(out, get_varint(p)); };  // varints and zigzag ints alike
        auto str = [&] {
            const auto n = static_cast<std::size_t>(get_varint(p));
            put_str(out, std::string_view(p, n));
            p += n;
        };
        auto actor_list = [&] {
            const auto count = get_varint(p);
            put_varint(out, count);
            for (std::uint64_t k = 0; k < count; ++k) {
                id(actors);
                str();
                str();
            }
        };
        if (bits & kSubType) id(sub_types);
        if (bits & kFile) id(files);
        if (bits & kConfidence) num();
        if (bits & kDateWritten) str();
        if (bits & kActors1) actor_list();
        if (bits & kActors2) actor_list();
        if (bits & kKilledLow) num();
        if (bits & kKilledHigh) num();
        if (bits & kKilledWritten) str();
        if (bits & kInjuredBest) num();
        if (bits & kInjuredLow) num();
        if (bits & kInjuredHigh) num();
        if (bits & kInjuredWritten) str();
        if (bits & kQualifier) str();
        if (bits & kGazetteer) str();
        if (bits & kValidFrom) str();
        if (bits & kValidTo) str();
        if (bits & kFlags) {
            const auto count = get_varint(p);
            put_varint(out, count);
            for (std::uint64_t k = 0; k < count; ++k) id(flags);
        }
        if (bits & kTitle) id(titles);
        if (bits & kPublished) str();
        if (bits & kBegin) num();
        if (bits & kEnd) num();
        if (bits & kSourceText) str();
        if (bits & kRawPrecision) num();
        if (bits & kAttributes) {
            const auto count = get_varint(p);
            put_varint(out, count);
            for (std::uint64_t k = 0; k < count; ++k) {
                id(attr_names);
                id(attr_values);
            }
        }
        if (bits & kRow) num();
    }
};

// The single outlets of each source (EventTable::outlets): its text cut at ';', trimmed, each
// name once. A few thousand sources at most: a map of names is cheap.
void index_outlets(EventTable& t) {
    t.outlets.assign(1, std::string());
    t.source_outlet_off.assign(1, 0);
    t.source_outlet_ids.clear();
    // Rows per source, so that an outlet spelled two ways is named as most rows spell it.
    std::vector<std::size_t> rows(t.sources.size(), 0);
    for (std::uint32_t s : t.source_id)
        if (s < rows.size()) ++rows[s];
    std::unordered_map<std::string, std::uint32_t> ids;
    std::vector<std::vector<std::pair<std::string, std::size_t>>> spellings(1);
    for (std::size_t s = 0; s < t.sources.size(); ++s) {
        const std::size_t first = t.source_outlet_ids.size();
        for (const std::string& piece : split(t.sources[s], ';')) {
            const std::string_view part = trim(piece);
            std::string key = outlet_key(part);
            if (key.empty()) continue;
            auto [it, added] = ids.try_emplace(std::move(key), static_cast<std::uint32_t>(spellings.size()));
            if (added) spellings.emplace_back();
            auto& names = spellings[it->second];
            auto named = std::find_if(names.begin(), names.end(), [&](const auto& n) { return n.first == part; });
            if (named == names.end()) named = names.emplace(names.end(), std::string(part), 0);
            named->second += rows[s];
            if (std::find(t.source_outlet_ids.begin() + static_cast<std::ptrdiff_t>(first), t.source_outlet_ids.end(), it->second) ==
                t.source_outlet_ids.end())
                t.source_outlet_ids.push_back(it->second);
        }
        t.source_outlet_off.push_back(static_cast<std::uint32_t>(t.source_outlet_ids.size()));
    }
    for (std::size_t o = 1; o < spellings.size(); ++o) {
        const auto& names = spellings[o];
        // The most rows' spelling; on a tie, the first met.
        auto best = names.begin();
        for (auto n = names.begin(); n != names.end(); ++n)
            if (n->second > best->second) best = n;
        t.outlets.push_back(best->first);
    }
}

}  // namespace

void EventTableBuilder::append(EventTableBuilder&& other_builder) {
    if (&other_builder == this) return;
    Impl& b = *m_impl;
    Impl& ob = *other_builder.m_impl;
    EventTable& t = *b.t;
    EventTable& o = *ob.t;
    const std::size_t n = o.day_first.size();
    if (n == 0) {
        ob.reset();
        return;
    }
    if (t.day_first.empty() && t.geometries.empty()) {
        // Nothing here yet (pools hold at most what a refused row left): other's table is the
        // table, taken whole.
        const bool lean = b.lean, other_lean = ob.lean;
        std::swap(m_impl, other_builder.m_impl);
        m_impl->lean = lean;
        other_builder.m_impl->reset();
        other_builder.m_impl->lean = other_lean;
        return;
    }
    // Pools: other's strings interned here in other's order, which is the order add() would
    // have met them in, so ids come out as if the rows had been added here.
    auto remap = [](Interner& into, const std::vector<std::string>& from) {
        std::vector<std::uint32_t> map(from.size(), 0);
        for (std::size_t k = 1; k < from.size(); ++k) map[k] = into.id(from[k]);
        return map;
    };
    const auto kinds = remap(b.kinds, o.kinds), actors = remap(b.actors, o.actors), sources = remap(b.sources, o.sources);
    const auto sub_types = remap(b.sub_types, o.m_sub_types), files = remap(b.files, o.m_files),
               titles = remap(b.titles, o.m_titles), flags = remap(b.flags, o.m_flags),
               attr_names = remap(b.attr_names, o.m_attr_names), attr_values = remap(b.attr_values, o.m_attr_values);

    // Other's detail records with this builder's ids (which may take more bytes), before anything
    // moves: if the merged arenas would outgrow their 32-bit offsets, nothing here has changed.
    constexpr std::size_t kMax = std::numeric_limits<std::uint32_t>::max();
    const DetailRemap remap_detail{sub_types, files, actors, flags, titles, attr_names, attr_values};
    std::string detail;
    detail.reserve(o.m_detail.size() + o.m_detail.size() / 8);
    std::vector<std::uint32_t> detail_end(n);
    for (std::size_t i = 0; i < n; ++i) {
        const char* p = o.m_detail.data() + o.m_detail_off[i];
        remap_detail.copy(p, detail);
        assert(p == o.m_detail.data() + o.m_detail_off[i + 1] && "EventTableBuilder::append: detail record misread");
        detail_end[i] = static_cast<std::uint32_t>(std::min(detail.size(), kMax));
    }
    if (t.m_text.size() + o.m_text.size() > kMax || t.m_detail.size() + detail.size() > kMax)
        throw Error("event table too large: more than 4 GiB of event text");

    auto move_column = [](auto& into, auto& from, auto&& f) {
        // Grown geometrically: merging many pieces one after another copies each column O(1) times.
        if (into.capacity() < into.size() + from.size()) into.reserve(std::max(into.size() + from.size(), 2 * into.capacity()));
        for (const auto& v : from) into.push_back(f(v));
        from = {};
    };
    auto same = [](auto v) { return v; };
    move_column(t.day_first, o.day_first, same);
    move_column(t.day_last, o.day_last, same);
    move_column(t.lon, o.lon, same);
    move_column(t.lat, o.lat, same);
    move_column(t.type, o.type, same);
    move_column(t.date_precision, o.date_precision, same);
    move_column(t.loc_precision, o.loc_precision, same);
    move_column(t.shape, o.shape, same);
    move_column(t.fatalities, o.fatalities, same);
    move_column(t.radius_km, o.radius_km, same);
    move_column(t.kind_id, o.kind_id, [&](std::uint32_t v) { return kinds[v]; });
    move_column(t.actor1_id, o.actor1_id, [&](std::uint32_t v) { return actors[v]; });
    move_column(t.actor2_id, o.actor2_id, [&](std::uint32_t v) { return actors[v]; });
    move_column(t.source_id, o.source_id, [&](std::uint32_t v) { return sources[v]; });
    const auto geometry_base = static_cast<std::int32_t>(t.geometries.size());
    move_column(t.geometry_id, o.geometry_id, [&](std::int32_t v) { return v < 0 ? v : v + geometry_base; });
    t.geometries.reserve(t.geometries.size() + o.geometries.size());
    for (Geometry& g : o.geometries) t.geometries.push_back(std::move(g));
    o.geometries = {};

    // Further actors, then the arenas: offsets shifted by what is already here.
    const auto actor_base = static_cast<std::uint32_t>(t.extra_actor_ids.size());
    move_column(t.extra_actor_ids, o.extra_actor_ids, [&](std::uint32_t v) { return actors[v]; });
    for (std::size_t i = 1; i <= n; ++i) t.extra_actor_off.push_back(actor_base + o.extra_actor_off[i]);
    const auto text_base = static_cast<std::uint32_t>(t.m_text.size());
    t.m_text += o.m_text;
    for (std::size_t i = 1; i <= n; ++i) t.m_text_off.push_back(text_base + o.m_text_off[i]);
    const auto detail_base = static_cast<std::uint32_t>(t.m_detail.size());
    t.m_detail += detail;
    for (std::size_t i = 0; i < n; ++i) t.m_detail_off.push_back(detail_base + detail_end[i]);
    ob.reset();
}

std::shared_ptr<const EventTable> EventTableBuilder::finish() {
    Impl& b = *m_impl;
    std::unique_ptr<EventTable> t = std::move(b.t);
    b.reset();
    const std::size_t n = t->day_first.size();

    auto id_of = [&](std::uint32_t row) {
        std::string_view s(t->m_text.data() + t->m_text_off[row], t->m_text_off[row + 1] - t->m_text_off[row]);
        return s.substr(0, s.find(kSep));
    };
    // Datasets often come in time order already (our own store, ACLED exports): then nothing moves.
    bool sorted = true;
    for (std::size_t i = 1; i < n && sorted; ++i) {
        const auto a = static_cast<std::uint32_t>(i - 1), c = static_cast<std::uint32_t>(i);
        sorted = t->day_first[a] < t->day_first[c] || (t->day_first[a] == t->day_first[c] && id_of(a) <= id_of(c));
    }
    if (sorted) {
        each_column(*t, [](auto& v) { v.shrink_to_fit(); });
        for (auto* v : {&t->m_text_off, &t->m_detail_off, &t->extra_actor_off, &t->extra_actor_ids}) v->shrink_to_fit();
        t->m_text.shrink_to_fit();
        t->m_detail.shrink_to_fit();
    } else {
        // Sort by (first day, id): days by counting (they span a few thousand values), then each
        // day's rows by id, most settled by the id's first eight bytes held in prefix.
        std::vector<std::uint64_t> prefix(n);
        for (std::size_t i = 0; i < n; ++i) {
            const std::string_view id = id_of(static_cast<std::uint32_t>(i));
            std::uint64_t p = 0;
            for (std::size_t k = 0; k < 8; ++k) p = (p << 8) | (k < id.size() ? static_cast<std::uint8_t>(id[k]) : 0u);
            prefix[i] = p;
        }
        auto id_less = [&](std::uint32_t a, std::uint32_t c) {
            if (prefix[a] != prefix[c]) return prefix[a] < prefix[c];
            const int cmp = id_of(a).compare(id_of(c));
            return cmp != 0 ? cmp < 0 : a < c;
        };
        std::vector<std::uint32_t> order(n);
        std::int32_t dmin = std::numeric_limits<std::int32_t>::max(), dmax = std::numeric_limits<std::int32_t>::min();
        for (std::int32_t d : t->day_first)
            if (d != kUndatedDay) {
                dmin = std::min(dmin, d);
                dmax = std::max(dmax, d);
            }
        const std::int64_t days = dmax >= dmin ? static_cast<std::int64_t>(dmax) - dmin + 1 : 0;
        if (days <= static_cast<std::int64_t>(4 * n) + 65536) {
            // Bucket b = day - dmin; undated rows go to the last bucket.
            const auto nb = static_cast<std::size_t>(days) + 1;
            auto bucket = [&](std::size_t i) {
                return t->day_first[i] == kUndatedDay ? nb - 1 : static_cast<std::size_t>(t->day_first[i] - dmin);
            };
            std::vector<std::uint32_t> start(nb + 1, 0);
            for (std::size_t i = 0; i < n; ++i) ++start[bucket(i) + 1];
            for (std::size_t k = 0; k < nb; ++k) start[k + 1] += start[k];
            std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
            for (std::size_t i = 0; i < n; ++i) order[fill[bucket(i)]++] = static_cast<std::uint32_t>(i);
            for (std::size_t k = 0; k < nb; ++k)
                if (start[k + 1] - start[k] > 1) std::sort(order.begin() + start[k], order.begin() + start[k + 1], id_less);
        } else {
            for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
            std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t c) {
                if (t->day_first[a] != t->day_first[c]) return t->day_first[a] < t->day_first[c];
                return id_less(a, c);
            });
        }
        prefix = {};
        // The columns here, the arenas on a second thread where there is one (a million rows:
        // ~70 ms each way).
        auto arenas = [&] {
            permute_arena(t->m_text, t->m_text_off, order);
            permute_arena(t->m_detail, t->m_detail_off, order);
            permute_arena(t->extra_actor_ids, t->extra_actor_off, order);
        };
        std::exception_ptr side_failed;
        std::jthread side;
        if (n >= 65536 && std::thread::hardware_concurrency() > 1) {
            try {
                side = std::jthread([&]() noexcept {
                    try {
                        arenas();
                    } catch (...) {
                        side_failed = std::current_exception();
                    }
                });
            } catch (...) {  // no thread (or no memory for one): all of it here
            }
        }
        each_column(*t, [&](auto& v) { permute(v, order); });
        if (side.joinable()) {
            side.join();
            if (side_failed) std::rethrow_exception(side_failed);
        } else {
            arenas();
        }
    }

    // Geometries in row order too, so drawing a time window walks them forwards.
    std::vector<Geometry> geoms;
    geoms.reserve(t->geometries.size());
    for (auto& gid : t->geometry_id) {
        if (gid < 0) continue;
        geoms.push_back(std::move(t->geometries[static_cast<std::size_t>(gid)]));
        gid = static_cast<std::int32_t>(geoms.size() - 1);
    }
    t->geometries = std::move(geoms);
    for (auto* pool : {&t->kinds, &t->actors, &t->sources, &t->m_sub_types, &t->m_files, &t->m_titles, &t->m_flags, &t->m_attr_names, &t->m_attr_values})
        pool->shrink_to_fit();

    index_outlets(*t);
    t->dated_rows = static_cast<std::size_t>(
        std::lower_bound(t->day_first.begin(), t->day_first.end(), kUndatedDay) - t->day_first.begin());
    t->min_day = 0;
    t->max_day = -1;
    t->max_span_days = 0;
    if (t->dated_rows > 0) {
        t->min_day = t->day_first.front();
        t->max_day = std::numeric_limits<std::int32_t>::min();
        for (std::size_t i = 0; i < t->dated_rows; ++i) {
            t->max_day = std::max(t->max_day, t->day_last[i]);
            t->max_span_days = std::max(t->max_span_days, t->day_last[i] - t->day_first[i]);
        }
    }
    return std::shared_ptr<const EventTable>(std::move(t));
}

// [SECTION] EventTable queries ---------------------------------------------------------------------

std::string outlet_key(std::string_view name) {
    const std::string lower = ascii_lower(trim(name));
    std::string_view n = lower;
    for (std::string_view lead : {"https://", "http://", "www."})
        if (n.substr(0, lead.size()) == lead) n.remove_prefix(lead.size());
    std::string key;
    key.reserve(n.size());
    for (char c : n)  // letters and digits; UTF-8 (Arabic names) as it is
        if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) key += c;
    return key;
}

std::shared_ptr<const EventTable> EventTable::build(std::vector<Event> events) {
    EventTableBuilder b;
    b.reserve(events.size());
    for (Event& e : events) {
        b.add(e);
        e = Event();  // give the memory back as we go: the table and the events need not coexist
    }
    events = {};
    return b.finish();
}

std::pair<std::size_t, std::size_t> EventTable::rows_overlapping(std::int32_t first_day, std::int32_t last_day) const {
    if (last_day < first_day || dated_rows == 0) return {0, 0};
    // A row overlaps if day_first <= last_day and day_last >= first_day; day_last is at most
    // day_first + max_span_days, so no row starting before first_day - max_span_days can.
    const std::int64_t lo64 = static_cast<std::int64_t>(first_day) - max_span_days;
    const auto lo = static_cast<std::int32_t>(std::max<std::int64_t>(lo64, std::numeric_limits<std::int32_t>::min()));
    const auto begin_it = day_first.begin();
    const auto end_it = day_first.begin() + static_cast<std::ptrdiff_t>(dated_rows);
    const auto b = std::lower_bound(begin_it, end_it, lo);
    const auto e = std::upper_bound(b, end_it, last_day);
    return {static_cast<std::size_t>(b - begin_it), static_cast<std::size_t>(e - begin_it)};
}

Event EventTable::event(std::size_t i) const {
    assert(i < size() && "EventTable::event: row out of range");
    Event e;
    // Searchable words.
    {
        std::string_view s(m_text.data() + m_text_off[i], m_text_off[i + 1] - m_text_off[i]);
        std::vector<std::string_view> f;
        while (!s.empty()) {
            const std::size_t k = s.find(kSep);
            f.push_back(s.substr(0, k));
            s.remove_prefix(k == std::string_view::npos ? s.size() : k + 1);
        }
        if (f.size() > 0) e.id = f[0];
        if (f.size() > 1) e.location.written = f[1];
        if (f.size() > 2) e.summary = f[2];
    }
    if (day_first[i] != kUndatedDay) {
        e.date.first = CivilDate::from_days(day_first[i]);
        e.date.last = CivilDate::from_days(day_last[i]);
        e.date.precision = static_cast<DatePrecision>(date_precision[i]);
    } else {
        e.date.undated = true;
    }
    e.type = static_cast<EventType>(type[i]);
    e.shape = static_cast<EventShape>(shape[i]);
    e.casualties.killed.best = fatalities[i];
    e.location.radius_km = static_cast<double>(radius_km[i]);
    const bool located = !std::isnan(lon[i]);
    if (located) {
        e.location.point = {lon[i], lat[i]};
        e.location.precision = static_cast<LocPrecision>(loc_precision[i]);
    }
    if (actor1_id[i]) e.actor1.push_back({actors[actor1_id[i]], {}, {}});
    if (actor2_id[i]) e.actor2.push_back({actors[actor2_id[i]], {}, {}});

    const char* p = m_detail.data() + m_detail_off[i];
    const auto bits = static_cast<std::uint32_t>(get_varint(p));
    auto read_actors = [&](std::vector<Actor>& list) {
        list.clear();
        const auto count = get_varint(p);
        for (std::uint64_t k = 0; k < count; ++k) {
            Actor a;
            a.name = actors[get_varint(p)];
            a.short_name = get_str(p);
            a.written = get_str(p);
            list.push_back(std::move(a));
        }
    };
    if (geometry_id[i] >= 0) e.location.geometry = geometries[static_cast<std::size_t>(geometry_id[i])];
    else if ((bits & kGeomPoint) && located) e.location.geometry = Geometry::point({lon[i], lat[i]});
    if (bits & kSubType) e.sub_event_type = m_sub_types[get_varint(p)];
    e.kind = (bits & kKindFromSub) ? std::string() : kinds[kind_id[i]];
    if (bits & kFile) e.provenance.source_file = m_files[get_varint(p)];
    if (!(bits & kOutletEmpty)) e.provenance.outlet = sources[source_id[i]];
    if (bits & kConfidence) e.confidence = static_cast<double>(get_int(p)) / 1e6;
    if (bits & kDateWritten) e.date.written = get_str(p);
    if (bits & kActors1) read_actors(e.actor1);
    if (bits & kActors2) read_actors(e.actor2);
    Casualties& c = e.casualties;
    if (bits & kKilledLow) c.killed.low = static_cast<int>(get_int(p));
    if (bits & kKilledHigh) c.killed.high = static_cast<int>(get_int(p));
    if (bits & kKilledWritten) c.killed.written = get_str(p);
    if (bits & kInjuredBest) c.injured.best = static_cast<int>(get_int(p));
    if (bits & kInjuredLow) c.injured.low = static_cast<int>(get_int(p));
    if (bits & kInjuredHigh) c.injured.high = static_cast<int>(get_int(p));
    if (bits & kInjuredWritten) c.injured.written = get_str(p);
    if (bits & kQualifier) c.qualifier = get_str(p);
    c.disputed = bits & kDisputed;
    e.aggregate = bits & kAggregate;
    if (bits & kGazetteer) e.location.gazetteer_id = get_str(p);
    if (bits & kValidFrom) e.valid_from = get_str(p);
    if (bits & kValidTo) e.valid_to = get_str(p);
    if (bits & kFlags) {
        const auto count = get_varint(p);
        for (std::uint64_t k = 0; k < count; ++k) e.flags.push_back(m_flags[get_varint(p)]);
    }
    if (bits & kTitle) e.provenance.title = m_titles[get_varint(p)];
    if (bits & kPublished) e.provenance.published = get_str(p);
    if (bits & kBegin) e.provenance.begin = get_varint(p);
    if (bits & kEnd) e.provenance.end = get_varint(p);
    if (bits & kSourceText) e.provenance.text = get_str(p);
    if (bits & kRawPrecision) e.location.precision = static_cast<LocPrecision>(get_varint(p));
    if (bits & kAttributes) {
        const auto count = get_varint(p);
        for (std::uint64_t k = 0; k < count; ++k) {
            Attribute a;
            a.name = m_attr_names[get_varint(p)];
            a.value = m_attr_values[get_varint(p)];
            e.attributes.push_back(std::move(a));
        }
    }
    if (bits & kRow) e.provenance.row = get_varint(p);
    return e;
}

bool EventTable::text_contains(std::size_t i, std::string_view needle_lower) const {
    if (needle_lower.empty()) return true;
    const std::string_view row(m_text.data() + m_text_off[i], m_text_off[i + 1] - m_text_off[i]);
    return contains_ci(row, needle_lower) || contains_ci(kinds[kind_id[i]], needle_lower) ||
           contains_ci(actors[actor1_id[i]], needle_lower) || contains_ci(actors[actor2_id[i]], needle_lower) ||
           contains_ci(sources[source_id[i]], needle_lower);
}

std::vector<std::uint8_t> EventTable::rows_containing(std::string_view needle) const {
    const std::size_t n = size();
    if (needle.empty()) return std::vector<std::uint8_t>(n, 1);
    std::vector<std::uint8_t> hit(n, 0);
    if (needle.find(kSep) != std::string_view::npos) return hit;

    // Pooled words: decide once per pool entry, then look the answer up per row.
    auto pool_hits = [&](const std::vector<std::string>& pool) {
        std::vector<std::uint8_t> h(pool.size());
        for (std::size_t k = 0; k < pool.size(); ++k) h[k] = contains_ci(pool[k], needle);
        return h;
    };
    const auto kh = pool_hits(kinds), ah = pool_hits(actors), sh = pool_hits(sources);
    for (std::size_t i = 0; i < n; ++i)
        hit[i] = kh[kind_id[i]] | ah[actor1_id[i]] | ah[actor2_id[i]] | sh[source_id[i]];

    // Per-row words: one scan of the whole arena for the needle's first and last bytes at the
    // right distance (either case), 16 positions at a time; candidates are then compared in full.
    // A match marks its row and the scan goes on from the next row.
    const char* const base = m_text.data();
    const std::size_t size = m_text.size(), m = needle.size();
    if (size < m) return hit;
    const auto is_alpha = [](char c) { return c >= 'a' && c <= 'z'; };
    const char first = needle[0], last = needle[m - 1];
    const char fold_first = is_alpha(first) ? 0x20 : 0, fold_last = is_alpha(last) ? 0x20 : 0;
    std::size_t row = 0;
    std::size_t pos = 0;              // next position to test as a match start
    const std::size_t end = size - m; // last position a match may start at
    auto matches_at = [&](std::size_t q) {
        for (std::size_t k = 0; k < m; ++k)
            if (ascii_lower(base[q + k]) != needle[k]) return false;
        return true;
    };
    auto mark = [&](std::size_t q) {  // returns where scanning resumes
        while (m_text_off[row + 1] <= q) ++row;
        hit[row] = 1;
        return static_cast<std::size_t>(m_text_off[row + 1]);
    };
#if defined(__SSE2__)
    const __m128i vf = _mm_set1_epi8(first), vl = _mm_set1_epi8(last);
    const __m128i ff = _mm_set1_epi8(fold_first), fl = _mm_set1_epi8(fold_last);
    while (pos + 16 <= end + 1) {
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + pos));
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + pos + m - 1));
        const __m128i eq = _mm_and_si128(_mm_cmpeq_epi8(_mm_or_si128(a, ff), vf), _mm_cmpeq_epi8(_mm_or_si128(b, fl), vl));
        auto bits = static_cast<unsigned>(_mm_movemask_epi8(eq));
        std::size_t next = pos + 16;
        while (bits) {
            const std::size_t q = pos + static_cast<std::size_t>(__builtin_ctz(bits));
            bits &= bits - 1;
            if (matches_at(q)) {
                next = mark(q);
                break;
            }
        }
        pos = next;
    }
#endif
    for (; pos <= end; ++pos) {
        if ((base[pos] | fold_first) != first || (base[pos + m - 1] | fold_last) != last || !matches_at(pos)) continue;
        pos = mark(pos) - 1;
    }
    return hit;
}

std::size_t EventTable::memory_bytes() const {
    auto vec = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
    auto pool = [](const std::vector<std::string>& v) {
        std::size_t s = v.capacity() * sizeof(std::string);
        for (const auto& x : v)
            if (x.capacity() > 15) s += x.capacity() + 1;  // beyond the small-string buffer
        return s;
    };
    std::size_t s = sizeof(*this);
    s += vec(day_first) + vec(day_last) + vec(lon) + vec(lat) + vec(type) + vec(date_precision) + vec(loc_precision) +
         vec(shape) + vec(fatalities) + vec(radius_km) + vec(kind_id) + vec(actor1_id) + vec(actor2_id) +
         vec(source_id) + vec(geometry_id) + vec(m_text_off) + vec(m_detail_off) + vec(extra_actor_off) +
         vec(extra_actor_ids);
    s += m_text.capacity() + m_detail.capacity();
    for (const auto* p : {&kinds, &actors, &sources, &m_sub_types, &m_files, &m_titles, &m_flags, &m_attr_names, &m_attr_values}) s += pool(*p);
    s += geometries.capacity() * sizeof(Geometry);
    for (const auto& g : geometries) {
        s += g.parts.capacity() * sizeof(g.parts[0]) + g.polygon_starts.capacity() * sizeof(std::uint32_t);
        for (const auto& part : g.parts) s += part.capacity() * sizeof(LonLat);
    }
    return s;
}

}  // namespace cm::events
