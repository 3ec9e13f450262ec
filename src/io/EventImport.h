// conflictmap io: event datasets in — conflictmap's own GeoJSON and GeoPackage, and any OGR vector
// source (GeoJSON, GeoPackage, Shapefile, CSV, FlatGeobuf) with ACLED-style or UCDP GED columns.
// A bad row is reported with its file and row and skipped; an unreadable file is reported and the
// others still load. Reports (.txt, .md, .html) belong to the extractor and are skipped here.
//
// Column mapping (names matched case-insensitively):
//  ACLED  event_id_cnty→id, event_date (+ time_precision: 1 day, 2 the week around it (±3 days),
//         3 its calendar month; year alone gives the year), event_type, sub_event_type,
//         actor1/assoc_actor_1, actor2/assoc_actor_2, fatalities, latitude/longitude,
//         geo_precision, location + admin1 → location words, source → outlet, notes → summary.
//  UCDP   id, date_start/date_end (+ date_prec 1..5 = day, range, week, month, year),
//         type_of_violence (1 state-based, 2 non-state → Battles; 3 one-sided → Violence against
//         civilians; the UCDP name is kept as sub_event_type), side_a/side_b, best/low/high,
//         latitude/longitude, where_prec (1 → place; 2, 3, 5 → near; 4, 6, 7 → region),
//         where_coordinates + adm_1 → location words, source_office (else source_original) →
//         outlet, source_headline → title, source_article → source text.
// Without latitude/longitude columns the feature's own geometry is used (lines become routes).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/Error.h"
#include "core/Event.h"
#include "events/EventTable.h"
#include "io/EventGpkg.h"
#include "io/EventList.h"

namespace cm::io {

/// Progress over all files: fraction done (0..1) and what is being read; return false to cancel.
using ImportProgress = std::function<bool(double fraction, const std::string& what)>;

/// What an import read, and how it went.
struct ImportResult {
    std::vector<Event> events;     ///< every event read, in file order (empty when a sink took them)
    std::size_t rows = 0;          ///< events read
    std::size_t rows_skipped = 0;  ///< bad rows, each reported to the diagnostics
    std::size_t files_read = 0;    ///< files that gave at least one layer of events
    std::size_t files_failed = 0;  ///< missing, unreadable or unrecognised files, and reports passed by mistake
    bool cancelled = false;        ///< progress returned false; what was read before is kept
    std::size_t pieces = 0;        ///< pieces of CSV files read on threads of their own (0: every file whole)
    std::size_t rows_reread = 0;   ///< rows a lean GeoPackage read read again whole (routes, zones, areas)
    std::size_t rows_direct = 0;   ///< rows a lean GeoPackage read put in the table without an Event
};

/// How to read the files.
struct ImportOptions {
    /// Column overrides for tables read by meaning: ours -> the file's column name. Ours are
    /// date, end, type, sub_type, actor1, actor2, fatalities, place, notes, id. Given, every
    /// table (ACLED's and UCDP's too, not conflictmap's own) is read by meaning with them.
    std::map<std::string, std::string> columns;
    /// Reading into a table builder, a CSV file or conflictmap GeoJSON of at least twice
    /// piece_bytes is cut into pieces (at most `threads`; 0: CONFLICTMAP_THREADS if set, else one
    /// per core) read at once and merged in file order: the same table, row numbers and messages
    /// as reading it row by row, sooner. From 2 MiB: a 10,000-event GeoJSON (8.7 MB) briefing on
    /// two cores 0.50 -> 0.38 s; CSV of that size gains nothing and loses nothing.
    unsigned threads = 0;
    std::uint64_t piece_bytes = std::uint64_t{1} << 20;
};

/// The names `ImportOptions::columns` takes.
const std::vector<std::string>& mappable_fields();

/// Reads every path (see the column mapping above) into ImportResult::events.
ImportResult import_events(const std::vector<std::string>& paths, Diagnostics& diag, const ImportProgress& progress);

/// Same, but hands each event to sink as it is read; ImportResult::events stays empty.
ImportResult import_events(const std::vector<std::string>& paths, Diagnostics& diag, const ImportProgress& progress,
                           const EventSink& sink, const ImportOptions& options = {});

/// Same, into a table builder: large CSV files are read on several threads (ImportOptions::threads).
ImportResult import_events(const std::vector<std::string>& paths, Diagnostics& diag, const ImportProgress& progress,
                           events::EventTableBuilder& builder, const ImportOptions& options = {});

/// Reads every path straight into an EventTable, never holding all rows as whole Events (what the
/// viewer's loader runs). Null if cancelled. stats, when given, receives the counts.
std::shared_ptr<const events::EventTable> import_event_table(const std::vector<std::string>& paths, Diagnostics& diag,
                                                             const ImportProgress& progress,
                                                             ImportResult* stats = nullptr,
                                                             const ImportOptions& options = {});

/// Rows of an EventTable (in the order given) as an EventList, each made whole only when a
/// writer asks for it.
class TableEvents final : public EventList {
public:
    TableEvents(const events::EventTable& table, std::vector<std::uint32_t> rows)
        : m_table(table), m_rows(std::move(rows)) {}
    std::size_t size() const override { return m_rows.size(); }
    const Event& at(std::size_t i) const override {
        if (i != m_at) {
            m_event = m_table.event(m_rows[i]);
            m_at = i;
        }
        return m_event;
    }
    /// The table's column names, without rebuilding a row (some may be empty in the rows kept).
    std::vector<std::string> attribute_names() const override { return m_table.attribute_names(); }

private:
    const events::EventTable& m_table;
    std::vector<std::uint32_t> m_rows;
    mutable Event m_event;
    mutable std::size_t m_at = static_cast<std::size_t>(-1);
};

}  // namespace cm::io
