// conflictmap cli: option tables. One table per command drives both parsing and --help, so the
// two never disagree.
#pragma once
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "core/Error.h"

namespace cm::cli {

/// One option: --long (and -s), taking an argument if `arg` is set.
struct OptionSpec {
    const char* long_name;
    char short_name;    ///< 0 if none
    const char* arg;    ///< name of its argument, nullptr for a flag
    const char* help;
    const char* default_value = nullptr;
};

/// A usage mistake (exit status 2).
class UsageError : public Error {
public:
    explicit UsageError(const std::string& m) : Error(m) {}
};

/// What the command line said.
struct ParsedArgs {
    std::map<std::string, std::string> values;
    std::vector<std::string> positional;
    bool has(const std::string& name) const { return values.count(name) != 0; }
    std::string get(const std::string& name, const std::string& fallback = {}) const;
};

/// Parses args against the table (after the command name). "--" ends options; "-" is positional.
/// Throws UsageError naming the bad option.
ParsedArgs parse_options(const std::vector<OptionSpec>& table, const std::vector<std::string>& args);

/// Writes the option list for --help.
void print_options(std::ostream& out, const std::vector<OptionSpec>& table);

}  // namespace cm::cli
