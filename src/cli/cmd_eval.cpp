// conflictmap cli: `conflictmap eval` — extracted events against a gold file: recall,
// precision, date accuracy, location error, fatalities accuracy, per report.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "cli/Cli.h"
#include "cli/Common.h"
#include "extract/Eval.h"
#include "io/EventGeoJson.h"

namespace cm::cli {

namespace {

std::string pct(int a, int b) {
    if (b == 0) return "-";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.0f%%", 100.0 * a / b);
    return buf;
}

std::string km(std::vector<double> v, bool worst) {
    if (v.empty()) return "-";
    std::sort(v.begin(), v.end());
    const double x = worst ? v.back() : (v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f", x);
    return buf;
}

void row(std::ostream& out, const std::string& name, const ex::ReportScore& s) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "%-8s %5d %6d %7d %7s %9s %10s %9s %9s %10s\n", name.c_str(), s.gold, s.events, s.matched,
                  pct(s.matched, s.gold).c_str(), pct(s.matched, s.events).c_str(),
                  pct(s.day_dates_exact, s.day_dates).c_str(), km(s.location_km, false).c_str(),
                  km(s.location_km, true).c_str(), pct(s.fatality_exact, s.fatality_golds).c_str());
    out << buf;
}

int run_eval(const ParsedArgs& args, Io& io) {
    if (!args.has("gold")) throw UsageError("eval needs --gold FILE");
    if (args.positional.size() != 1) throw UsageError("eval needs one EVENTS file (GeoJSON from 'conflictmap ingest')");
    Diagnostics diag;
    const auto gold = ex::read_gold(args.get("gold"), diag);
    const auto events = io::read_events_geojson(args.positional[0], diag);
    report_diagnostics(diag, io.err, args.has("verbose"));
    if (gold.empty()) throw Error("no gold events could be read", args.get("gold"));
    const ex::EvalResult r = ex::evaluate(events, gold);
    io.out << "report    gold events matched  recall precision date-exact  loc-med  loc-worst fatalities\n";
    for (const auto& [k, s] : r.reports) row(io.out, k, s);
    row(io.out, "total", r.total);
    if (!r.total.missed.empty()) {
        io.out << "\nnot matched:\n";
        for (const auto& [k, s] : r.reports)
            for (const auto& m : s.missed) io.out << "  " << k << "  " << m << "\n";
    }
    io.out << "\nrecall = matched/gold; precision = matched/events of those reports (zones not counted); "
              "date-exact = matched gold days hit exactly; loc = km from the gold point to the event's geometry; "
              "fatalities = matched gold counts equal\n";
    return 0;
}

}  // namespace

const Command& eval_command() {
    static const Command c{"eval",
                           "score extracted events (GeoJSON) against a gold file (JSON lines)",
                           "eval --gold GOLD.jsonl EVENTS.geojson",
                           {{"gold", 'g', "FILE", "gold events, one JSON object a line"},
                            {"verbose", 'v', nullptr, "print every read warning"}},
                           run_eval};
    return c;
}

}  // namespace cm::cli
