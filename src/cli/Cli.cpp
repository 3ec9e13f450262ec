// conflictmap cli: dispatch to subcommands, --help and --version, and the last line of defence
// that turns any error into a message and an exit status.
#include "cli/Cli.h"

#include <exception>
#include <new>

#include "core/Error.h"

namespace cm::cli {

namespace {

const std::vector<const Command*>& commands() {
    static const std::vector<const Command*> all = {&geocode_command(), &gazetteer_command(), &ingest_command(),
                                                        &eval_command(), &import_command(), &export_command(), &view_command(),
                                                        &render_command()};
    return all;
}

void print_usage(std::ostream& out) {
    out << "conflictmap — incident reports and event data about the Syrian war, on a map in time\n\n"
           "usage: conflictmap COMMAND [OPTIONS] [ARGS]\n\ncommands:\n";
    for (const Command* c : commands()) out << "  " << c->name << std::string(12 - std::string(c->name).size(), ' ') << c->summary << "\n";
    out << "\nRun 'conflictmap COMMAND --help' for a command's options.\n"
           "Everything works offline: the gazetteer, basemap and sample are bundled.\n";
}

}  // namespace

int run_cli(const std::vector<std::string>& args, Io io) {
    try {
        if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
            print_usage(io.out);
            return 0;
        }
        if (args[0] == "--version") {
            io.out << "conflictmap 0.1.0\n";
            return 0;
        }
        for (const Command* c : commands()) {
            if (args[0] != c->name) continue;
            const std::vector<std::string> rest(args.begin() + 1, args.end());
            for (const auto& a : rest)
                if (a == "--help" || a == "-h") {
                    io.out << "usage: conflictmap " << c->usage << "\n\n" << c->summary << "\n\noptions:\n";
                    print_options(io.out, c->options);
                    return 0;
                }
            const ParsedArgs parsed = parse_options(c->options, rest);
            return c->run(parsed, io);
        }
        io.err << "conflictmap: unknown command '" << args[0] << "'\n\n";
        print_usage(io.err);
        return 2;
    } catch (const UsageError& e) {
        io.err << "conflictmap: " << e.what() << "\n";
        return 2;
    } catch (const Error& e) {
        io.err << "conflictmap: error: " << e.what() << "\n";
        return 1;
    } catch (const std::bad_alloc&) {
        io.err << "conflictmap: error: out of memory\n";
        return 1;
    } catch (const std::exception& e) {
        io.err << "conflictmap: internal error: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace cm::cli
