// conflictmap events: which rows of an EventTable the viewer shows, and the counts the filter
// panel and the timeline draw from them. A filter turns into a byte mask over the rows once per
// change (a million rows in a few milliseconds); drawing and counting then only read the mask.
#pragma once
#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "events/EventTable.h"

namespace cm::events {

/// Number of ACLED event types (cm::EventType values 0..5).
inline constexpr std::size_t kEventTypeCount = 6;

/// What passes. Every criterion left at its default lets every row through.
struct Filter {
    /// Bit (1 << EventType) set: rows of that type pass. All six by default.
    std::uint8_t type_mask = 0x3F;
    /// Ids into EventTable::kinds that pass; empty = every kind.
    std::set<std::uint32_t> kind_ids;
    /// Which actors are ticked: a byte per EventTable::actors id (empty = every actor ticked).
    /// Every actor of a row counts, either side, associated actors too.
    std::vector<std::uint8_t> actor_ticked;
    /// How ticks decide for a row with actors: Involving — it passes if any of its actors is
    /// ticked ("only events involving X"); Excluding — it fails if any of its actors is unticked
    /// ("hide events involving X").
    enum class ActorRule : std::uint8_t { Involving, Excluding } actor_rule = ActorRule::Excluding;
    /// Whether rows with no actor at all (zones, many report events) pass; the actor ticks never
    /// decide for them.
    bool pass_no_actors = true;
    /// Ids into EventTable::outlets: a row passes if its source names any of them; empty = every
    /// source.
    std::set<std::uint32_t> source_ids;
    /// Rows with fewer fatalities, or none given, fail; 0 = off.
    int min_fatalities = 0;
    /// 1 = only events at a named place, 2 = also "near" ones, 3 = also whole regions, 4 = also
    /// country-level rows (listed and counted, never drawn). Rows without a location
    /// (precision 0) are never dropped by this: they are not drawn anyway.
    int max_loc_precision = 4;
    /// Case-insensitive (ASCII) substring of the row's words (EventTable::text_contains); empty = off.
    std::string text;
    /// Whether undated rows pass (they appear in lists and counts, never on the timeline).
    bool show_undated = true;

    /// True if two filters select the same rows by construction (the UI re-applies only on change).
    bool operator==(const Filter&) const = default;
};

/// One byte per row of table: 1 if the row passes f, else 0.
std::vector<std::uint8_t> apply(const EventTable& table, const Filter& f);

/// Rows passing per event type (index = cm::EventType).
using TypeCounts = std::array<std::size_t, kEventTypeCount>;
/// How many rows of each type the mask lets through.
TypeCounts type_counts(const EventTable& table, const std::vector<std::uint8_t>& mask);
/// How many rows the mask lets through.
std::size_t count_passing(const std::vector<std::uint8_t>& mask);

/// What the filter panel shows beside each entry of its lists: for each criterion, the rows
/// passing every other criterion but not that one (faceted search: an unticked type still says
/// how many ticking it would bring back). A row counts once per distinct actor it involves.
struct Facets {
    TypeCounts types{};
    std::vector<std::size_t> kinds, actors;  ///< by pool id
    std::vector<std::size_t> sources;        ///< by EventTable::outlets id; a row counts once per outlet
    std::size_t no_actor = 0;                         ///< rows without any actor
};
Facets facets(const EventTable& table, const Filter& f);

/// Passing events per day and type, for the timeline. An event of one known day counts on that
/// day. An event known only to a span (a week, a month, a year: "sometime in March") is spread
/// evenly over its days, 1/len on each: drawn, it is a pale band across the span rather than a
/// spike on its first day, and summing any range of days still counts it once in all. Undated
/// rows are not counted.
struct DayHistogram {
    std::int32_t first_day = 0;  ///< day of index 0 (the table's min_day)
    std::vector<std::array<std::uint32_t, kEventTypeCount>> counts;  ///< one-day events, per day and type
    std::vector<std::array<float, kEventTypeCount>> spread;          ///< spans' shares, per day and type
    std::vector<std::uint32_t> spans;  ///< how many spans cover each day (all types)
    float max_total = 0;               ///< the largest day total, exact and spread (for scaling the bars)

    /// Number of days covered (max_day - min_day + 1, or 0 without dated rows).
    std::size_t days() const { return counts.size(); }
    /// One-day events on day index d, all types.
    std::uint32_t exact(std::size_t d) const;
    /// Everything on day index d: one-day events plus the spans' shares.
    double total(std::size_t d) const;
};

/// Per-day counts of the rows the mask lets through, over the table's min_day..max_day.
DayHistogram histogram(const EventTable& table, const std::vector<std::uint8_t>& mask);

}  // namespace cm::events
