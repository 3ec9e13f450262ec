// conflictmap events: the EventTable — an immutable, time-sorted, column-wise snapshot of events
// that the viewer draws and filters. Built once off the UI thread, then shared read-only
// (`std::shared_ptr<const EventTable>`); the UI swaps the pointer when a new one is ready.
// Columns hold what every frame needs (time, place, type, size); the rest of an event is
// rebuilt on demand by event(i) for the inspector, so a million rows stay small in memory.
#pragma once
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/Event.h"

namespace cm::events {

/// What tells outlets apart: their letters and digits, case aside, and a web address's scheme,
/// "www." and trailing "/" aside: "Air Wars" and "Airwars", "al-Masdar News" and "Al Masdar
/// News", "http://syria.liveuamap.com/" and "syria.liveuamap.com" are one outlet each.
std::string outlet_key(std::string_view name);

class EventTableBuilder;

/// Sentinel day for undated rows (they sort after every dated row).
inline constexpr std::int32_t kUndatedDay = INT32_MAX;

class EventTable {
public:
    /// Builds the table from events (sorted here: by first day, then id; undated rows last).
    /// Events without a usable location keep lon/lat NaN and are never drawn.
    static std::shared_ptr<const EventTable> build(std::vector<Event> events);

    std::size_t size() const { return day_first.size(); }

    // ---- columns (all of length size(), row order = time order) ----
    std::vector<std::int32_t> day_first, day_last;  ///< days since 1970-01-01; kUndatedDay if undated
    std::vector<double> lon, lat;                   ///< representative point (NaN if none)
    std::vector<std::uint8_t> type;                 ///< cm::EventType
    std::vector<std::uint8_t> date_precision;       ///< cm::DatePrecision (0 = undated)
    std::vector<std::uint8_t> loc_precision;        ///< cm::LocPrecision 1..4 (0 = none); 4 is never drawn
    std::vector<std::uint8_t> shape;                ///< cm::EventShape
    std::vector<std::int32_t> fatalities;           ///< best estimate, -1 if not given
    std::vector<float> radius_km;                   ///< location uncertainty
    std::vector<std::uint32_t> kind_id;             ///< index into kinds (0 = "")
    std::vector<std::uint32_t> actor1_id, actor2_id;///< index into actors (0 = none); first actor of each side
    std::vector<std::uint32_t> source_id;           ///< index into sources (outlet or dataset; 0 = "")
    std::vector<std::int32_t> geometry_id;          ///< index into geometries for routes/zones/areas, -1 for points
    /// Actors of row i beyond actor1_id/actor2_id (associated actors, further coalition members),
    /// either side: ids into actors in [extra_actor_off[i], extra_actor_off[i + 1]).
    std::vector<std::uint32_t> extra_actor_off, extra_actor_ids;

    // ---- pools ----
    std::vector<std::string> kinds, actors, sources; ///< interned strings; element 0 is ""
    std::vector<Geometry> geometries;                ///< line and area geometries of non-point rows
    /// The single outlets the sources name: a source may list several, separated by ';'
    /// (UCDP's "SOHR;Airwars", ACLED's "SOHR; Airwars"); each is an outlet once, trimmed, and
    /// spellings with the same outlet_key are one outlet, named as most rows spell it.
    /// Element 0 is "". sources[s] names outlets[source_outlet_ids[k]] for k in
    /// [source_outlet_off[s], source_outlet_off[s + 1]), each distinct id once.
    std::vector<std::string> outlets;
    std::vector<std::uint32_t> source_outlet_off, source_outlet_ids;

    /// Rows [begin, end) whose day span may overlap [first_day, last_day] (binary search; callers
    /// still test day_first/day_last per row). Undated rows are never included.
    std::pair<std::size_t, std::size_t> rows_overlapping(std::int32_t first_day, std::int32_t last_day) const;
    /// First and last day over dated rows; {0, -1} if none.
    std::int32_t min_day = 0, max_day = -1;
    std::int32_t max_span_days = 0;                  ///< longest day_last - day_first over dated rows
    std::size_t dated_rows = 0;                      ///< rows [0, dated_rows) are dated

    /// Calls f(actor id) for every actor of row i, either side, each distinct id once.
    template <class F>
    void for_each_actor(std::size_t i, F&& f) const {
        const std::uint32_t a = actor1_id[i], b = actor2_id[i];
        if (a) f(a);
        if (b && b != a) f(b);
        for (std::uint32_t k = extra_actor_off[i]; k < extra_actor_off[i + 1]; ++k) {
            const std::uint32_t x = extra_actor_ids[k];
            bool seen = x == a || x == b;
            for (std::uint32_t j = extra_actor_off[i]; j < k && !seen; ++j) seen = extra_actor_ids[j] == x;
            if (!seen) f(x);
        }
    }
    /// Calls f(outlet id) for every outlet source s names (none for source 0, "").
    template <class F>
    void for_each_outlet(std::uint32_t s, F&& f) const {
        if (s + 1 >= source_outlet_off.size()) return;
        for (std::uint32_t k = source_outlet_off[s]; k < source_outlet_off[s + 1]; ++k) f(source_outlet_ids[k]);
    }
    /// The whole event of row i, rebuilt (for the inspector and exports).
    Event event(std::size_t i) const;
    /// True if row i's text (summary, kind, actors, location words, source, id) contains needle,
    /// which the caller has already lower-cased (ASCII case-insensitive).
    bool text_contains(std::size_t i, std::string_view needle_lower) const;
    /// For every row, 1 if text_contains(i, needle_lower): one pass over all rows' text at once,
    /// which is what makes a free-text filter over a million rows cheap.
    std::vector<std::uint8_t> rows_containing(std::string_view needle_lower) const;
    /// The names of the datasets' own columns (Event::attributes) some row carries, in the order
    /// they were first read.
    std::vector<std::string> attribute_names() const {
        return m_attr_names.empty() ? std::vector<std::string>() : std::vector<std::string>(m_attr_names.begin() + 1, m_attr_names.end());
    }
    /// Bytes held by the columns, pools and per-row text (capacities): the memory budget's measure.
    std::size_t memory_bytes() const;

private:
    friend class EventTableBuilder;
    // Budget: about 200 bytes per row for a million synthetic rows, so the rest of each event lives
    // in two arenas in row order rather than in strings per row. m_text holds the searchable words
    // of row i in [m_text_off[i], m_text_off[i + 1]) as "id\x1flocation\x1fsummary\x1f" plus the
    // names of further actors, so a search scans one buffer; m_detail holds every other field as a
    // compact binary record (encoding in EventTable.cpp), decoded only by event(i).
    std::string m_text, m_detail;
    std::vector<std::uint32_t> m_text_off, m_detail_off;  // size() + 1 entries each
    // Pools only event(i) needs (element 0 is ""): sub-event types, source files, report titles, flags,
    // attribute names and values.
    std::vector<std::string> m_sub_types, m_files, m_titles, m_flags, m_attr_names, m_attr_values;
};

/// What one row puts in the table's columns — all a lean table keeps of a point event besides
/// its id (see EventTableBuilder::set_lean) — as EventTableBuilder::add makes it of an Event, or a
/// reader straight from a file's columns for add_lean_point. The views need to live only for the
/// call.
struct EventColumns {
    bool dated = false;  ///< first/last hold a valid range
    CivilDate first, last;
    DatePrecision date_precision = DatePrecision::Day;
    LonLat at{NAN, NAN};  ///< the point, or a representative point of another geometry
    LocPrecision loc_precision = LocPrecision::Place;
    EventShape shape = EventShape::Place;
    double radius_km = 0;
    EventType type = EventType::Battles;
    int fatalities = -1;
    std::string_view id, kind, sub_event_type, outlet, source_file;
    std::vector<std::string_view> actors1, actors2;  ///< names, in the list's order
};

/// Builds an EventTable one event at a time: the table-builder sink. Importers hand events over as
/// they read them, so a million-row file never exists as a million whole cm::Events at once.
class EventTableBuilder {
public:
    EventTableBuilder();
    ~EventTableBuilder();
    EventTableBuilder(const EventTableBuilder&) = delete;
    EventTableBuilder& operator=(const EventTableBuilder&) = delete;
    /// Reserves room for about this many rows (a hint; saves regrowing columns while reading).
    void reserve(std::size_t rows);
    /// Lean tables keep what drawing needs: the columns, each row's id, and the whole record of
    /// routes and zones; of a point event, event(i) then gives the columns' fields and its id, not
    /// its summary, place words, further actors, casualty ranges or provenance, and the word
    /// filter sees ids only. For briefings without a word filter: ~half the memory a row takes.
    void set_lean(bool on);
    bool lean() const;
    /// Copies what the table keeps of e (e itself may be reused by the caller).
    void add(const Event& e);
    /// In a lean builder, the same row add() makes of an Event with a point geometry at p.at and
    /// these fields (a reader's quick path for the common row). Throws cm::Error when not lean.
    void add_lean_point(const EventColumns& p);
    /// Moves other's rows after this builder's, as if they had been add()ed here in their order:
    /// the table finish() gives is the same, pools included. Lets several threads each fill a
    /// builder with one piece of a file, merged in file order. other starts empty again.
    /// Throws cm::Error (and keeps this builder's rows) past 4 GiB of event text.
    void append(EventTableBuilder&& other);
    /// Rows added so far.
    std::size_t size() const;
    /// Sorts the rows (by first day, then id; undated last) and hands the table over; the builder
    /// starts empty again afterwards.
    std::shared_ptr<const EventTable> finish();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace cm::events
