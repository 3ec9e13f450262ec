// conflictmap cli: what the commands that read reports share (ingest, import) — the extraction
// options, folders expanded, one report read from a file or stdin.
#pragma once
#include <string>
#include <vector>

#include "cli/Cli.h"
#include "extract/Extractor.h"
#include "extract/Report.h"

namespace cm::cli {

/// `table` plus --date, --min-confidence and --lexicon.
std::vector<OptionSpec> with_extraction_options(std::vector<OptionSpec> table);
/// The extraction options those give; also installs the user's lexicons (always, so a run
/// without --lexicon does not inherit another's), their problems said on io.err.
ex::ExtractOptions extraction_options(const ParsedArgs& args, Io& io, const std::string& command);

/// A report by its extension (.txt .md .markdown .html .htm, or none).
bool is_report_file(const std::string& path);
/// Files named on the command line; folders give the files in them (recursively, sorted) that
/// keep(path) accepts, and a note on err when none does.
std::vector<std::string> expand_inputs(const std::vector<std::string>& args, std::ostream& err, const std::string& command,
                                       bool (*keep)(const std::string&), const char* what);
/// Reads and cleans one report: a file, or "-" for standard input. Throws cm::Error naming it.
ex::Report read_report_input(const std::string& in, Io& io);

}  // namespace cm::cli
