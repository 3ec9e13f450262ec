// conflictmap cli: `conflictmap import` — event files (any OGR source, mapped by meaning) and
// reports (extracted as `ingest` does) into a store: a GeoPackage or a PostGIS database. One
// transaction per run; events whose ids the store holds are left alone, so importing a file twice
// adds nothing. Every skipped row is said with its file and row, and the exit status says so.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <set>
#include <unordered_set>

#include "cli/Cli.h"
#include "cli/Common.h"
#include "cli/Reports.h"
#include "core/Utf8.h"
#include "io/EventImport.h"
#include "store/Store.h"

namespace cm::cli {

namespace {

namespace fs = std::filesystem;

bool is_event_file(const std::string& path) {
    static const char* kExt[] = {".geojson", ".json", ".gpkg", ".csv", ".tsv", ".shp", ".kml", ".kmz", ".fgb", ".gpx", ".sqlite"};
    const std::string e = ascii_lower(fs::path(path).extension().string());
    return std::find(std::begin(kExt), std::end(kExt), e) != std::end(kExt);
}

bool is_input(const std::string& path) { return is_report_file(path) || is_event_file(path); }

std::string hex64(std::uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

/// A report's id in the store: the same cleaned text gives the same id, wherever it was read.
std::string report_id(const ex::Report& r) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : r.text) h = (h ^ c) * 1099511628211ull;
    return "rp-" + hex64(h);
}

int run_import(const ParsedArgs& args, Io& io) {
    if (args.positional.empty()) throw UsageError("import needs event files, reports or folders of them");
    if (!args.has("store")) throw UsageError("import needs --store FILE.gpkg (made if missing) or --store PG:\"dbname=...\"");
    const std::string spec = args.get("store");
    const bool verbose = args.has("verbose"), dry = args.has("dry-run");
    const io::ImportOptions iopt = import_options(args);

    std::vector<std::string> data_files, report_files;
    for (const std::string& in : expand_inputs(args.positional, io.err, "import", is_input, "event files or reports")) {
        std::error_code ec;
        if (in != "-" && !fs::exists(in, ec)) {
            io.err << "conflictmap import: error: " << in << ": no such file or folder\n";
            continue;  // said; counted below as a file not read
        }
        (in == "-" || (is_report_file(in) && !is_event_file(in)) ? report_files : data_files).push_back(in);
    }
    std::size_t files_failed = 0;
    for (const std::string& in : args.positional) {
        std::error_code ec;
        if (in != "-" && !fs::exists(in, ec)) ++files_failed;
    }

    // Everything goes into the store as it is read, in one transaction (a million-row file is
    // never held whole); a dry run only collects ids to count what would be new.
    // Reports need the gazetteer (with the store's own packs): loaded before the store's write begins.
    std::unique_ptr<gaz::Gazetteer> gaz;
    if (!report_files.empty()) gaz = load_gazetteer(args, io);
    std::unique_ptr<store::Store> s;
    std::unique_ptr<store::StoreWriter> w;
    std::unordered_set<std::string> known_ids, read_ids;
    std::size_t would_add = 0, would_have = 0;
    if (dry) {
        std::error_code ec;
        if (store::is_database(spec) || fs::exists(spec, ec))
            for (std::string& id : store::Store::open(spec, false)->event_ids()) known_ids.insert(std::move(id));
    } else {
        s = store::Store::open(spec, true);
        w = s->begin_add();
    }
    const auto take = [&](const Event& e) {
        if (w) {
            w->event(e);
        } else if (read_ids.insert(e.id).second) {
            ++(known_ids.count(e.id) ? would_have : would_add);
        }
    };

    // Event files, mapped by meaning (the mapping is said in the diagnostics).
    Diagnostics diag;
    io::ImportResult res;
    if (!data_files.empty()) {
        int last_tenth = -1;
        const auto progress = [&](double fraction, const std::string& what) {
            const int tenth = static_cast<int>(fraction * 10);
            if (tenth != last_tenth && tenth < 10) {
                if (tenth > 0) io.err << "conflictmap import: " << what << ": " << tenth * 10 << " %\n";
                last_tenth = tenth;
            }
            return true;
        };
        res = io::import_events(data_files, diag, progress, [&](Event&& e) { take(e); }, iopt);
    }
    // Every skipped row and every error is said; notes on rows that were kept, the first few.
    std::size_t notes = 0;
    for (const Diagnostic& d : diag.all()) {
        const bool kept_row = d.level == Diagnostic::Level::Warning && d.line > 0 &&
                              d.message.find("skipped") == std::string::npos;
        if (kept_row && !verbose && ++notes > 5) continue;
        io.err << "conflictmap import: " << d.to_string() << "\n";
    }
    if (notes > 5) io.err << "conflictmap import: ... and " << notes - 5 << " more notes on rows kept (--verbose shows them)\n";
    files_failed += res.files_failed;

    // Reports, extracted as `ingest` does; their text goes into the store beside the events.
    std::vector<std::string> report_sources;
    std::size_t report_events = 0;
    if (!report_files.empty()) {
        const ex::ExtractOptions opts = extraction_options(args, io, "import");
        gaz::Resolver resolver(*gaz);
        for (const std::string& in : report_files) {
            try {
                const ex::Report report = read_report_input(in, io);
                ex::Extraction x = ex::extract_events(report, resolver, opts);
                if (verbose)
                    for (const auto& wn : x.warnings) io.err << "conflictmap import: " << wn << "\n";
                std::string cleanup;
                for (const auto& n : report.notes) cleanup += (cleanup.empty() ? "" : "; ") + n;
                if (w)
                    w->report({report_id(report), report.source, report.title, report.outlet,
                               report.published ? report.published->iso() : std::string(), report.text, cleanup});
                report_sources.push_back(report.source);
                report_events += x.events.size();
                for (const Event& e : x.events) take(e);
            } catch (const Error& e) {
                io.err << "conflictmap import: error: " << e.what() << "\n";
                ++files_failed;
            }
        }
    }

    const std::string summary_read = std::to_string(res.rows) + " events from " + std::to_string(data_files.size()) +
                                     " event files, " + std::to_string(report_events) + " from " +
                                     std::to_string(report_sources.size()) + " reports; " +
                                     plural(res.rows_skipped, "row skipped", "rows skipped");
    const int status = res.rows_skipped || files_failed ? 1 : 0;
    if (dry) {
        io.err << "conflictmap import: dry run: " << summary_read << "; " << would_add << " would be added to "
               << store::printable(spec) << " (" << would_have << " already there); nothing written\n";
        return status;
    }
    std::string detail;
    for (const std::string& f : data_files) detail += (detail.empty() ? "" : ", ") + f;
    for (const auto& r : report_sources) detail += (detail.empty() ? "" : ", ") + r;
    if (detail.size() > 2000) detail = detail.substr(0, 2000) + "...";
    const store::AddSummary sum = w->commit(detail + " (" + summary_read + ")");
    w.reset();
    io.err << "conflictmap import: " << sum.added << " events added to " << s->name() << " (" << sum.already
           << " already there), " << sum.reports_added << " reports; " << summary_read << "; the store holds "
           << s->event_count() << " events\n";
    if (status)
        io.err << "conflictmap import: " << plural(res.rows_skipped, "row skipped", "rows skipped") << ", "
               << plural(files_failed, "file not read or cut short", "files not read or cut short") << " (see above)\n";
    return status;
}

}  // namespace

const Command& import_command() {
    static const Command c{
        "import",
        "event files and reports into a store (GeoPackage, or PostGIS for a team); importing twice adds nothing",
        "import FILE|DIR... --store FILE.gpkg|PG:\"dbname=...\" [--map FIELD=COLUMN,...] [--dry-run]",
        with_gazetteer_options(with_extraction_options({
            {"store", 0, "STORE", "a GeoPackage (made if missing) or PG:\"dbname=... host=...\" (credentials from PGPASSWORD, ~/.pgpass or a service file)"},
            {"map", 0, "FIELD=COLUMN[,...]", "read these columns as these fields (date, end, type, sub_type, actor1, actor2, fatalities, place, notes, id)"},
            {"dry-run", 0, nullptr, "say how the columns are read and what would be added; write nothing"},
        })),
        run_import};
    return c;
}

}  // namespace cm::cli
