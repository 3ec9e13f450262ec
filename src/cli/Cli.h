// conflictmap cli: the command line as a library. run_cli() is what `main` calls and what the
// tests call: data goes to `out`, diagnostics to `err`; it returns the exit status
// (0 ok, 1 runtime error or partial failure, 2 usage error) and never calls exit().
#pragma once
#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "cli/Options.h"

namespace cm::cli {

/// The streams a command talks to.
struct Io {
    std::ostream& out;
    std::ostream& err;
    std::istream& in;
};

/// A subcommand: its option table, usage line and body.
struct Command {
    const char* name;
    const char* summary;
    const char* usage;
    std::vector<OptionSpec> options;
    int (*run)(const ParsedArgs& args, Io& io);
};

/// Runs a command line (args excludes the program name).
int run_cli(const std::vector<std::string>& args, Io io);

// Commands (one file each).
const Command& geocode_command();
const Command& gazetteer_command();
const Command& ingest_command();
const Command& eval_command();
const Command& export_command();
const Command& import_command();
const Command& view_command();
const Command& render_command();

}  // namespace cm::cli
