// conflictmap cli: option parsing.
#include "cli/Options.h"

#include <iomanip>
#include <sstream>

namespace cm::cli {

std::string ParsedArgs::get(const std::string& name, const std::string& fallback) const {
    auto it = values.find(name);
    return it == values.end() ? fallback : it->second;
}

ParsedArgs parse_options(const std::vector<OptionSpec>& table, const std::vector<std::string>& args) {
    ParsedArgs out;
    for (const auto& o : table)
        if (o.default_value) out.values[o.long_name] = o.default_value;
    bool options_done = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (options_done || a.size() < 2 || a[0] != '-') {
            out.positional.push_back(a);
            continue;
        }
        if (a == "--") {
            options_done = true;
            continue;
        }
        const OptionSpec* spec = nullptr;
        std::string inline_value;
        bool has_inline = false;
        if (a[1] == '-') {
            std::string name = a.substr(2);
            if (auto eq = name.find('='); eq != std::string::npos) {
                inline_value = name.substr(eq + 1);
                name.resize(eq);
                has_inline = true;
            }
            for (const auto& o : table)
                if (name == o.long_name) spec = &o;
            if (!spec) throw UsageError("unknown option '--" + name + "' (see --help)");
        } else {
            if (a.size() != 2) throw UsageError("unknown option '" + a + "' (short options take one letter)");
            for (const auto& o : table)
                if (o.short_name == a[1]) spec = &o;
            if (!spec) throw UsageError("unknown option '" + a + "' (see --help)");
        }
        if (spec->arg) {
            if (has_inline) {
                out.values[spec->long_name] = inline_value;
            } else {
                if (i + 1 >= args.size()) throw UsageError(std::string("option --") + spec->long_name + " needs " + spec->arg);
                out.values[spec->long_name] = args[++i];
            }
        } else {
            if (has_inline) throw UsageError(std::string("option --") + spec->long_name + " takes no value");
            out.values[spec->long_name] = "1";
        }
    }
    return out;
}

void print_options(std::ostream& out, const std::vector<OptionSpec>& table) {
    for (const auto& o : table) {
        std::ostringstream lhs;
        lhs << "  " << (o.short_name ? std::string("-") + o.short_name + ", " : "    ") << "--" << o.long_name;
        if (o.arg) lhs << " " << o.arg;
        out << std::left << std::setw(32) << lhs.str() << " " << o.help;
        if (o.default_value) out << " (default: " << o.default_value << ")";
        out << "\n";
    }
}

}  // namespace cm::cli
