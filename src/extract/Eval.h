// conflictmap extract: scoring extracted events against a gold file (one JSON object a line,
// the format of the shared seed gold): an event matches a gold line of the same report when its
// dates come within the gold's date tolerance and its geometry within the gold's distance
// tolerance (from the nearest point of a line or area); each gold line matches one event.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/Error.h"
#include "core/Event.h"

namespace cm::ex {

struct GoldEvent {
    std::string report;      ///< the report's file-name prefix ("000")
    CivilDate date;
    int date_tol_days = 0;
    std::string kind, sub, where;
    LonLat point;
    double tol_km = 0;
    bool route = false;
    std::optional<LonLat> to;
    double to_tol_km = 0;
    std::optional<int> fatalities;
    bool aggregate = false;
    long line = 0;
};

/// Reads gold JSONL; bad lines are reported to diag (file and line) and skipped.
std::vector<GoldEvent> read_gold(const std::string& path, Diagnostics& diag);

struct ReportScore {
    int gold = 0, events = 0, matched = 0;
    int day_dates = 0, day_dates_exact = 0;      ///< matched gold with a day (tolerance 0)
    int fatality_golds = 0, fatality_exact = 0;  ///< matched gold with a count
    std::vector<double> location_km;             ///< per match: distance from the gold point
    std::vector<std::string> missed;             ///< gold lines not matched ("where" text)
};

struct EvalResult {
    std::map<std::string, ReportScore> reports;
    ReportScore total;
};

/// The report prefix of an event: the file name of its source up to the first '_' (or '.').
std::string report_key(const std::string& source_file);

/// Scores events (zone features are not incidents and are left out) against gold, for the
/// reports that appear in the gold. A gold line's report is the file's prefix (report_key) or the
/// file's whole name without its extension.
EvalResult evaluate(const std::vector<Event>& events, const std::vector<GoldEvent>& gold);

}  // namespace cm::ex
