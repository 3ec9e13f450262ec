// conflictmap bench: loading an event dataset into an EventTable, and what the viewer then does
// with it each time a filter changes. Prints load time (median of the runs, wall clock and CPU),
// rows, memory per row (resident-set growth over the last load, when GDAL's one-time set-up is
// behind us, and the table's own count of its bytes), and the times of Filter apply, type counts
// and the day histogram (median of several runs each).
//
//     conflictmap-bench-load FILE [--runs N] [--via-events]
//
// --via-events also times the other path: import into a std::vector<Event>, then EventTable::build.
#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "events/Filter.h"
#include "io/EventImport.h"

using namespace cm;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// CPU seconds this process has used so far, all threads (GDAL reads a GeoPackage's Arrow stream
// with a helper thread): what the load would take on one core with nothing else running.
double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Resident set size in bytes, from /proc/self/statm.
std::size_t rss_bytes() {
    std::ifstream f("/proc/self/statm");
    std::size_t pages = 0, resident = 0;
    f >> pages >> resident;
    return resident * 4096;
}

double time_ms(int runs, const std::function<void()>& fn) {
    std::vector<double> t;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        fn();
        t.push_back(ms_since(t0));
    }
    return median(t);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: conflictmap-bench-load FILE [--runs N] [--via-events]\n");
        return 2;
    }
    const std::string file = argv[1];
    int runs = 3;
    bool via_events = false;
    for (int i = 2; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--runs") && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--via-events")) via_events = true;
    }
    std::printf("conflictmap-bench-load  %s  (%s, %s)\n", file.c_str(), CM_BUILD_TYPE, CM_COMPILER);

    // Load: median of the runs. The last run's resident-set growth (after handing freed memory
    // back to the system) is the table's real cost in memory; the first also pays for GDAL's
    // drivers and caches.
    std::shared_ptr<const events::EventTable> table;
    std::vector<double> load_ms, load_cpu;
    std::size_t rss_delta = 0;
    for (int r = 0; r < runs; ++r) {
        table.reset();
        malloc_trim(0);
        const std::size_t rss0 = rss_bytes();
        Diagnostics diag;
        const auto t0 = Clock::now();
        const double c0 = cpu_seconds();
        table = io::import_event_table({file}, diag, {});
        load_ms.push_back(ms_since(t0));
        load_cpu.push_back(cpu_seconds() - c0);
        malloc_trim(0);
        rss_delta = rss_bytes() - std::min(rss_bytes(), rss0);
        if (!table || diag.count()) {
            for (const auto& d : diag.all()) std::fprintf(stderr, "%s\n", d.to_string().c_str());
            if (!table) return 1;
        }
    }
    const std::size_t n = table->size();
    std::printf("rows                %zu (%zu dated, %zu geometries, days %d..%d, max span %d)\n", n, table->dated_rows,
                table->geometries.size(), table->min_day, table->max_day, table->max_span_days);
    std::printf("load                %.3f s median of %d (", median(load_ms) / 1000, runs);
    for (std::size_t i = 0; i < load_ms.size(); ++i) std::printf("%s%.3f", i ? ", " : "", load_ms[i] / 1000);
    std::printf(")\n");
    std::printf("load CPU time       %.3f s median (", median(load_cpu));
    for (std::size_t i = 0; i < load_cpu.size(); ++i) std::printf("%s%.3f", i ? ", " : "", load_cpu[i]);
    std::printf(")  user+system, all threads\n");
    if (n == 0) return 0;
    std::printf("memory              %.0f bytes/row resident growth, %.0f bytes/row counted by the table\n",
                static_cast<double>(rss_delta) / static_cast<double>(n),
                static_cast<double>(table->memory_bytes()) / static_cast<double>(n));

    if (via_events) {
        Diagnostics diag;
        auto t0 = Clock::now();
        io::ImportResult res = io::import_events({file}, diag, {});
        const double read_ms = ms_since(t0);
        t0 = Clock::now();
        auto t2 = events::EventTable::build(std::move(res.events));
        std::printf("via vector<Event>   %.3f s import + %.3f s build\n", read_ms / 1000, ms_since(t0) / 1000);
    }

    // Filters over the whole table: median of 7 runs each.
    const int frun = 7;
    std::vector<std::uint8_t> mask;
    events::Filter all;
    events::Filter typical;
    typical.type_mask = (1u << static_cast<int>(EventType::Battles)) |
                        (1u << static_cast<int>(EventType::ExplosionsRemoteViolence));
    typical.min_fatalities = 1;
    typical.max_loc_precision = 2;
    typical.show_undated = false;
    events::Filter by_actor;
    by_actor.actor_ticked.assign(table->actors.size(), 0);  // only events involving actors 1 and 3
    for (std::size_t a : {1, 3})
        if (a < by_actor.actor_ticked.size()) by_actor.actor_ticked[a] = 1;
    by_actor.actor_rule = events::Filter::ActorRule::Involving;
    by_actor.kind_ids = {1, 2};
    events::Filter by_text;
    by_text.text = "Aleppo";
    events::Filter by_rare_text;
    by_rare_text.text = "SYN0123";
    for (auto [name, f] : {std::pair{"filter none", &all}, std::pair{"filter types+fatal+prec", &typical},
                           std::pair{"filter actors+kinds", &by_actor}, std::pair{"filter text 'Aleppo'", &by_text},
                           std::pair{"filter text 'SYN0123'", &by_rare_text}}) {
        const double ms = time_ms(frun, [&] { mask = events::apply(*table, *f); });
        std::printf("%-25s %7.2f ms  (%zu rows pass)\n", name, ms, events::count_passing(mask));
    }
    // What a filter change costs the panel on top: the counts beside every list entry.
    for (auto [name, f] : {std::pair{"panel counts, no filter", &all}, std::pair{"panel counts, actors+kinds", &by_actor},
                           std::pair{"panel counts, text", &by_text}}) {
        events::Facets fc;
        const double ms = time_ms(frun, [&] { fc = events::facets(*table, *f); });
        std::printf("%-25s %7.2f ms  (%zu actors)\n", name, ms, fc.actors.size());
    }
    mask = events::apply(*table, typical);
    events::TypeCounts tc{};
    const double tc_ms = time_ms(frun, [&] { tc = events::type_counts(*table, mask); });
    std::printf("%-25s %7.2f ms\n", "type counts", tc_ms);
    events::DayHistogram h;
    const double h_ms = time_ms(frun, [&] { h = events::histogram(*table, mask); });
    std::printf("%-25s %7.2f ms  (%zu days, busiest day %.0f)\n", "histogram", h_ms, h.days(), static_cast<double>(h.max_total));
    std::size_t in_window = 0;
    const double w_ms = time_ms(frun, [&] {
        in_window = 0;
        for (std::int32_t d = table->min_day; d + 30 <= table->max_day; d += 30) {
            auto [b, e] = table->rows_overlapping(d, d + 29);
            in_window += e - b;
        }
    });
    std::printf("%-25s %7.2f ms  (all 30-day windows; %zu candidate rows)\n", "rows_overlapping", w_ms, in_window);
    return 0;
}
