// conflictmap bench: time-window queries on a store (a GeoPackage or PostGIS), the way `export
// --store` and `view --store` ask: every event whose days overlap a month, optionally inside a box.
// Each query runs in the database on its indexes; the time includes reading the matching rows
// through GDAL into Events (what a caller gets), and is printed per query with the row count.
//
//     conflictmap-bench-store STORE [--months 2012-01,2015-06,...] [--bbox W,S,E,N] [--runs N]
//
// STORE is a .gpkg path or PG:"dbname=... host=... port=..." (password from PGPASSWORD or a
// service file, as for the CLI).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "core/Utf8.h"
#include "store/Store.h"

using namespace cm;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: conflictmap-bench-store STORE [--months YYYY-MM,...] [--bbox W,S,E,N] [--runs N]\n");
        return 2;
    }
    const std::string spec = argv[1];
    std::vector<std::string> months = {"2012-01", "2013-04", "2014-07", "2015-10", "2016-02", "2017-05",
                                       "2017-11", "2018-03", "2018-08", "2019-01", "2019-06", "2020-09"};
    std::optional<std::array<double, 4>> bbox;
    int runs = 3;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--months") months = split(v, ',');
        else if (k == "--runs") runs = std::max(1, std::atoi(v.c_str()));
        else if (k == "--bbox") {
            const auto p = split(v, ',');
            if (p.size() != 4) {
                std::fprintf(stderr, "--bbox wants W,S,E,N\n");
                return 2;
            }
            bbox = std::array<double, 4>{std::stod(p[0]), std::stod(p[1]), std::stod(p[2]), std::stod(p[3])};
        } else {
            std::fprintf(stderr, "unknown option %s\n", k.c_str());
            return 2;
        }
    }
    try {
        auto t0 = Clock::now();
        auto store = store::Store::open(spec, false);
        const double open_ms = ms_since(t0);
        t0 = Clock::now();
        const std::size_t total = store->event_count();
        std::printf("store %s: %zu events (open %.0f ms, count %.0f ms)\n", store->name().c_str(), total, open_ms, ms_since(t0));
        std::vector<double> all;
        for (const std::string& m : months) {
            const auto first = CivilDate::parse_iso(m + "-01");
            if (!first) {
                std::fprintf(stderr, "bad month %s\n", m.c_str());
                return 2;
            }
            store::StoreQuery q;
            q.from = *first;
            q.to = CivilDate{first->year, first->month, CivilDate::days_in_month(first->year, first->month)};
            q.bbox = bbox;
            std::vector<double> t;
            std::size_t rows = 0;
            for (int r = 0; r < runs; ++r) {
                Diagnostics diag;
                rows = 0;
                const auto s = Clock::now();
                store->read(diag, [&](Event&&) { ++rows; }, q);
                t.push_back(ms_since(s));
            }
            std::sort(t.begin(), t.end());
            all.push_back(t[t.size() / 2]);
            std::printf("  %s%s: %zu events, %.1f ms (median of %d; min %.1f)\n", m.c_str(), bbox ? " in the box" : "", rows,
                        t[t.size() / 2], runs, t.front());
        }
        std::sort(all.begin(), all.end());
        std::printf("month windows: median %.1f ms, worst %.1f ms over %zu months\n", all[all.size() / 2], all.back(), all.size());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "conflictmap-bench-store: %s\n", e.what());
        return 1;
    }
    return 0;
}
