// conflictmap cli: `conflictmap ingest` — reports (text, Markdown, HTML; files, folders or
// stdin) to events as GeoJSON or a table. A bad file gets a message and the others go on; the
// exit status says whether any failed. Output goes to a temporary file first, so an existing
// output file is only replaced by a complete one.
#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iterator>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "cli/Cli.h"
#include "cli/Common.h"
#include "cli/Reports.h"
#include "core/Utf8.h"
#include "extract/Extractor.h"
#include "extract/Lexicon.h"
#include "io/EventGeoJson.h"

namespace cm::cli {

namespace fs = std::filesystem;

namespace {

void print_table(const std::vector<Event>& events, std::ostream& out) {
    out << std::left << std::setw(23) << "date" << std::setw(26) << "kind" << std::setw(30) << "location"
        << std::setw(7) << "killed" << "summary\n";
    for (const Event& e : events) {
        std::string date = e.date.valid() ? (e.date.first == e.date.last ? e.date.first.iso()
                                                                          : e.date.first.iso() + ".." + e.date.last.iso().substr(5))
                                          : "undated";
        std::string kind = e.kind.empty() ? e.sub_event_type : e.kind;
        std::string loc = e.location.written.substr(0, 28);
        out << std::setw(23) << date << std::setw(26) << kind.substr(0, 25) << std::setw(30) << loc << std::setw(7)
            << (e.casualties.killed.best >= 0 ? std::to_string(e.casualties.killed.best) : "-") << e.summary << "\n";
    }
}

int run_ingest(const ParsedArgs& args, Io& io) {
    const std::string format = args.get("format", "geojson");
    if (format != "geojson" && format != "table") throw UsageError("--format must be geojson or table (got '" + format + "')");
    if (args.positional.empty()) throw UsageError("ingest needs report FILEs, a folder, or '-' for stdin");
    const ex::ExtractOptions opts = extraction_options(args, io, "ingest");
    auto gaz = load_gazetteer(args, io);
    gaz::Resolver resolver(*gaz);
    const auto inputs = expand_inputs(args.positional, io.err, "ingest", is_report_file, "report files (.txt .md .html)");
    std::vector<Event> events;
    int failed = 0;
    std::size_t warnings = 0;
    const bool verbose = args.has("verbose");
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const std::string& in = inputs[i];
        try {
            const ex::Report report = read_report_input(in, io);
            ex::Extraction x = ex::extract_events(report, resolver, opts);
            for (const auto& w : x.warnings) {
                if (verbose) io.err << "conflictmap ingest: " << w << "\n";
                ++warnings;
            }
            if (verbose)
                for (const auto& n : report.notes) io.err << "conflictmap ingest: " << report.source << ": " << n << "\n";
            events.insert(events.end(), std::make_move_iterator(x.events.begin()), std::make_move_iterator(x.events.end()));
        } catch (const Error& e) {
            io.err << "conflictmap ingest: error: " << e.what() << "\n";
            ++failed;
        }
        if (inputs.size() >= 50 && (i + 1) % 500 == 0)
            io.err << "conflictmap ingest: " << (i + 1) << "/" << inputs.size() << " reports, " << events.size() << " events\n";
    }
    if (format == "table") {
        print_table(events, io.out);
    } else if (args.has("output")) {
        const std::string out = args.get("output");
        const std::string tmp = out + ".tmp";
        io::write_events_geojson(events, tmp);
        std::error_code ec;
        fs::rename(tmp, out, ec);
        if (ec) throw Error("cannot replace the output file: " + ec.message(), out);
    } else {
        // GDAL writes to a temporary file; copy it to our stream so tests and pipes see it.
        const std::string tmp = (fs::temp_directory_path() / ("conflictmap-ingest-" + std::to_string(::getpid()) + ".geojson")).string();
        io::write_events_geojson(events, tmp);
        std::ifstream f(tmp, std::ios::binary);
        io.out << f.rdbuf();
        f.close();
        fs::remove(tmp);
    }
    io.err << "conflictmap ingest: " << inputs.size() - static_cast<std::size_t>(failed) << " of " << inputs.size()
           << " reports read, " << events.size() << " events";
    if (warnings) io.err << ", " << warnings << " notes" << (verbose ? "" : " (--verbose shows them)");
    io.err << "\n";
    return failed ? 1 : 0;
}

}  // namespace

const Command& ingest_command() {
    static const Command c{
        "ingest",
        "turn incident reports (text, Markdown, HTML) into dated, typed, located events with provenance",
        "ingest [--format geojson|table] [-o FILE] [--date YYYY-MM-DD] FILE... | DIR | -",
        with_gazetteer_options(with_extraction_options({
            {"format", 'f', "FORMAT", "output: geojson (RFC 7946) or table", "geojson"},
            {"output", 'o', "FILE", "write GeoJSON to FILE (replaced only when complete) instead of stdout"},
        })),
        run_ingest};
    return c;
}

}  // namespace cm::cli
