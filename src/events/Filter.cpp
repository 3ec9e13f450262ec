// conflictmap events: filters as byte masks, and the counts drawn from them. Every pass is a
// straight walk over a few columns with no branches worth predicting, so a million rows take a
// few milliseconds; set membership becomes a lookup table over the pool first.
#include "events/Filter.h"

#include <algorithm>
#include <cassert>

#include "core/Utf8.h"

namespace cm::events {

namespace {

// A set of pool ids as a byte per pool entry; empty set = every entry passes.
std::vector<std::uint8_t> lookup(const std::set<std::uint32_t>& ids, std::size_t pool_size) {
    std::vector<std::uint8_t> t(pool_size, ids.empty() ? 1 : 0);
    for (std::uint32_t id : ids)
        if (id < pool_size) t[id] = 1;
    return t;
}

}  // namespace

std::vector<std::uint8_t> apply(const EventTable& table, const Filter& f) {
    const std::size_t n = table.size();
    std::vector<std::uint8_t> mask = f.text.empty() ? std::vector<std::uint8_t>(n, 1)
                                                    : table.rows_containing(ascii_lower(trim(f.text)));

    std::array<std::uint8_t, 256> type_ok{};
    for (std::size_t t = 0; t < kEventTypeCount; ++t) type_ok[t] = (f.type_mask >> t) & 1;
    // Precision 0 (no location) always passes; see Filter::max_loc_precision.
    std::array<std::uint8_t, 256> prec_ok{};
    for (int p = 0; p < 256; ++p) prec_ok[static_cast<std::size_t>(p)] = p == 0 || p <= f.max_loc_precision;
    const auto kind_ok = lookup(f.kind_ids, table.kinds.size());
    // A source passes if it names a chosen outlet ("SOHR;Airwars" passes for SOHR).
    std::vector<std::uint8_t> source_ok(table.sources.size(), f.source_ids.empty() ? 1 : 0);
    if (!f.source_ids.empty()) {
        const auto outlet_ok = lookup(f.source_ids, table.outlets.size());
        for (std::uint32_t s = 0; s < source_ok.size(); ++s)
            table.for_each_outlet(s, [&](std::uint32_t o) { source_ok[s] |= outlet_ok[o]; });
    }
    const std::int32_t min_fat = f.min_fatalities > 0 ? f.min_fatalities : INT32_MIN;

    const std::uint8_t* type = table.type.data();
    const std::uint8_t* prec = table.loc_precision.data();
    const std::int32_t* fat = table.fatalities.data();
    const std::uint32_t* kind = table.kind_id.data();
    const std::uint32_t* src = table.source_id.data();
    for (std::size_t i = 0; i < n; ++i) {
        mask[i] &= static_cast<std::uint8_t>(type_ok[type[i]] & prec_ok[prec[i]] & (fat[i] >= min_fat) &
                                             kind_ok[kind[i]] & source_ok[src[i]]);
    }
    if (!f.actor_ticked.empty() || !f.pass_no_actors) {
        std::vector<std::uint8_t> ticked(table.actors.size(), 1);
        for (std::size_t a = 0; a < ticked.size() && a < f.actor_ticked.size(); ++a) ticked[a] = f.actor_ticked[a] ? 1 : 0;
        const bool involving = f.actor_rule == Filter::ActorRule::Involving;
        for (std::size_t i = 0; i < n; ++i) {
            if (!mask[i]) continue;
            bool any = false, any_ticked = false, all_ticked = true;
            table.for_each_actor(i, [&](std::uint32_t a) {
                any = true;
                const bool on = a < ticked.size() && ticked[a];
                any_ticked |= on;
                all_ticked &= on;
            });
            const bool pass = !any ? f.pass_no_actors : involving ? any_ticked : all_ticked;
            mask[i] = pass ? 1 : 0;
        }
    }
    if (!f.show_undated) std::fill(mask.begin() + static_cast<std::ptrdiff_t>(table.dated_rows), mask.end(), 0);
    return mask;
}

TypeCounts type_counts(const EventTable& table, const std::vector<std::uint8_t>& mask) {
    assert(mask.size() == table.size() && "type_counts: mask is for another table");
    TypeCounts c{};
    const std::size_t n = std::min(mask.size(), table.size());
    for (std::size_t i = 0; i < n; ++i) c[table.type[i] % kEventTypeCount] += mask[i];
    return c;
}

std::size_t count_passing(const std::vector<std::uint8_t>& mask) {
    std::size_t n = 0;
    for (std::uint8_t m : mask) n += m;
    return n;
}

Facets facets(const EventTable& t, const Filter& f) {
    Facets out;
    out.kinds.assign(t.kinds.size(), 0);
    out.actors.assign(t.actors.size(), 0);
    out.sources.assign(t.outlets.size(), 0);
    // The free-text search is the costly criterion and the same in every facet: once.
    std::vector<std::uint8_t> text;
    if (!f.text.empty()) text = t.rows_containing(ascii_lower(trim(f.text)));
    auto without = [&](auto clear) {
        Filter g = f;
        g.text.clear();
        clear(g);
        std::vector<std::uint8_t> m = apply(t, g);
        if (!text.empty())
            for (std::size_t i = 0; i < m.size(); ++i) m[i] &= text[i];
        return m;
    };
    out.types = type_counts(t, without([](Filter& g) { g.type_mask = 0x3f; }));
    {
        const auto m = without([](Filter& g) { g.kind_ids.clear(); });
        for (std::size_t i = 0; i < t.size(); ++i) out.kinds[t.kind_id[i]] += m[i];
    }
    {
        const auto m = without([](Filter& g) { g.source_ids.clear(); });
        std::vector<std::size_t> by_source(t.sources.size(), 0);
        for (std::size_t i = 0; i < t.size(); ++i) by_source[t.source_id[i]] += m[i];
        for (std::uint32_t s = 0; s < by_source.size(); ++s)
            if (by_source[s]) t.for_each_outlet(s, [&](std::uint32_t o) { out.sources[o] += by_source[s]; });
    }
    {
        const auto m = without([](Filter& g) {
            g.actor_ticked.clear();
            g.pass_no_actors = true;
        });
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (!m[i]) continue;
            bool any = false;
            t.for_each_actor(i, [&](std::uint32_t a) {
                any = true;
                ++out.actors[a];
            });
            out.no_actor += !any;
        }
    }
    return out;
}

std::uint32_t DayHistogram::exact(std::size_t d) const {
    std::uint32_t s = 0;
    for (std::uint32_t c : counts[d]) s += c;
    return s;
}

double DayHistogram::total(std::size_t d) const {
    double s = exact(d);
    for (float c : spread[d]) s += c;
    return s;
}

DayHistogram histogram(const EventTable& table, const std::vector<std::uint8_t>& mask) {
    assert(mask.size() == table.size() && "histogram: mask is for another table");
    DayHistogram h;
    if (table.dated_rows == 0) return h;
    h.first_day = table.min_day;
    const std::size_t days = static_cast<std::size_t>(table.max_day - table.min_day) + 1;
    h.counts.assign(days, {});
    h.spread.assign(days, {});
    h.spans.assign(days, 0);
    // Spans by difference arrays: +share on the first day, -share after the last, then a running sum.
    std::vector<std::array<double, kEventTypeCount>> diff;
    std::vector<std::int64_t> span_diff;
    const std::size_t n = std::min(mask.size(), table.dated_rows);
    for (std::size_t i = 0; i < n; ++i) {
        if (!mask[i]) continue;
        const auto a = static_cast<std::size_t>(table.day_first[i] - h.first_day);
        const auto ty = table.type[i] % kEventTypeCount;
        if (table.day_last[i] <= table.day_first[i]) {
            ++h.counts[a][ty];
            continue;
        }
        if (diff.empty()) {
            diff.assign(days + 1, {});
            span_diff.assign(days + 1, 0);
        }
        const auto b = static_cast<std::size_t>(table.day_last[i] - h.first_day);
        const double share = 1.0 / static_cast<double>(b - a + 1);
        diff[a][ty] += share;
        diff[b + 1][ty] -= share;
        ++span_diff[a];
        --span_diff[b + 1];
    }
    if (!diff.empty()) {
        std::array<double, kEventTypeCount> run{};
        std::int64_t covering = 0;
        for (std::size_t d = 0; d < days; ++d) {
            covering += span_diff[d];
            h.spans[d] = static_cast<std::uint32_t>(covering);
            for (std::size_t t = 0; t < kEventTypeCount; ++t) {
                run[t] += diff[d][t];
                h.spread[d][t] = static_cast<float>(std::max(0.0, run[t]));
            }
        }
    }
    for (std::size_t d = 0; d < days; ++d) h.max_total = std::max(h.max_total, static_cast<float>(h.total(d)));
    return h;
}

}  // namespace cm::events
