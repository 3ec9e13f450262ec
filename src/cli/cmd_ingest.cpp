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
#include "core/Utf8.h"
#include "extract/Extractor.h"
#include "extract/Lexicon.h"
#include "io/EventGeoJson.h"

namespace cm::cli {

namespace fs = std::filesystem;

namespace {

bool report_extension(const fs::path& p) {
    const std::string e = ascii_lower(p.extension().string());
    return e == ".txt" || e == ".md" || e == ".markdown" || e == ".html" || e == ".htm" || e.empty();
}

/// Files named on the command line; folders give their report files (recursively, sorted).
std::vector<std::string> expand_inputs(const std::vector<std::string>& args, std::ostream& err) {
    std::vector<std::string> out;
    for (const auto& a : args) {
        std::error_code ec;
        if (a != "-" && fs::is_directory(a, ec)) {
            std::vector<std::string> found;
            for (auto it = fs::recursive_directory_iterator(a, fs::directory_options::skip_permission_denied, ec);
                 it != fs::recursive_directory_iterator(); it.increment(ec)) {
                if (ec) break;
                if (it->is_regular_file(ec) && report_extension(it->path())) found.push_back(it->path().string());
            }
            std::sort(found.begin(), found.end());
            if (found.empty()) err << "conflictmap ingest: " << a << ": no report files (.txt .md .html) in this folder\n";
            out.insert(out.end(), found.begin(), found.end());
        } else {
            out.push_back(a);
        }
    }
    return out;
}

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
    ex::ExtractOptions opts;
    if (args.has("date")) {
        auto d = CivilDate::parse_iso(args.get("date"));
        if (!d) throw UsageError("--date must be YYYY-MM-DD (got '" + args.get("date") + "')");
        opts.date = d;
    }
    if (args.has("min-confidence")) {
        try {
            opts.min_confidence = std::stod(args.get("min-confidence"));
        } catch (const std::exception&) {
            throw UsageError("--min-confidence must be a number between 0 and 1");
        }
    }
    // The user's lexicons (actors and aliases, as assets/lexicon/actors.csv): always set, so a
    // run without --lexicon does not inherit another run's.
    {
        std::vector<std::filesystem::path> lexicons;
        for (const std::string& one : split(args.get("lexicon"), ',')) {
            if (one.empty()) continue;
            std::error_code ec;
            if (!std::filesystem::exists(one, ec)) throw Error("no such lexicon file", one);
            lexicons.emplace_back(one);
        }
        ex::set_user_lexicons(std::move(lexicons));
        for (const std::string& p : ex::lexicon_problems()) io.err << "conflictmap ingest: warning: " << p << "\n";
    }
    auto gaz = load_gazetteer(args, io);
    gaz::Resolver resolver(*gaz);
    const auto inputs = expand_inputs(args.positional, io.err);
    std::vector<Event> events;
    int failed = 0;
    std::size_t warnings = 0;
    const bool verbose = args.has("verbose");
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const std::string& in = inputs[i];
        try {
            ex::Report report;
            if (in == "-") {
                std::string raw((std::istreambuf_iterator<char>(io.in)), std::istreambuf_iterator<char>());
                if (raw.size() > ex::kMaxReportBytes) throw Error("standard input is larger than the 16 MiB limit", "<stdin>");
                report = ex::parse_report(raw, "<stdin>");
                if (trim(report.text).empty()) throw Error("no report text", "<stdin>");
            } else {
                report = ex::load_report(in);
            }
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
        with_gazetteer_options({
            {"format", 'f', "FORMAT", "output: geojson (RFC 7946) or table", "geojson"},
            {"output", 'o', "FILE", "write GeoJSON to FILE (replaced only when complete) instead of stdout"},
            {"date", 'd', "YYYY-MM-DD", "publication date to resolve relative dates against (overrides the report's)"},
            {"min-confidence", 0, "X", "drop events whose confidence is below X (0..1)", "0.35"},
            {"lexicon", 0, "FILE[,FILE]", "your own actors and aliases (columns as assets/lexicon/actors.csv); they win over the bundled ones"},
        }),
        run_ingest};
    return c;
}

}  // namespace cm::cli
