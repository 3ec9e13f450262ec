// conflictmap cli: `conflictmap gazetteer` — list what is loaded, add and remove the user's packs.
#include <stdlib.h>

#include <algorithm>
#include <iomanip>

#include "cli/Cli.h"
#include "cli/Common.h"
#include "core/Paths.h"
#include "core/Utf8.h"
#include "gazetteer/Gazetteer.h"
#include "gazetteer/Packs.h"
#include "store/Store.h"

namespace cm::cli {

namespace fs = std::filesystem;

std::vector<OptionSpec> with_gazetteer_options(std::vector<OptionSpec> table) {
    table.push_back({"gazetteer-dir", 0, "DIR", "bundled gazetteer folder (default: installed or source copy; env CONFLICTMAP_GAZETTEER_DIR)"});
    table.push_back({"data-dir", 0, "DIR", "user data folder holding packs (default: XDG data home; env CONFLICTMAP_DATA_HOME)"});
    table.push_back({"no-packs", 0, nullptr, "ignore the user's gazetteer packs"});
    table.push_back({"verbose", 'v', nullptr, "print every load warning"});
    return table;
}

void report_diagnostics(const Diagnostics& diag, std::ostream& err, bool verbose, std::size_t head) {
    const auto& all = diag.all();
    const std::size_t n = verbose ? all.size() : std::min(all.size(), head);
    for (std::size_t i = 0; i < n; ++i) err << all[i].to_string() << "\n";
    if (all.size() > n) err << "... and " << (all.size() - n) << " more (use --verbose to see all)\n";
}

namespace {

fs::path data_dir(const ParsedArgs& args) {
    return args.has("data-dir") ? fs::path(args.get("data-dir")) : user_data_dir();
}

}  // namespace

StorePacksDir::StorePacksDir(store::Store& st) {
    const auto packs = st.packs(true);
    if (packs.empty()) return;
    char tmpl[] = "/tmp/conflictmap-store-packs.XXXXXX";
    if (!::mkdtemp(tmpl)) throw Error("cannot make a scratch folder for the store's gazetteer packs", "/tmp");
    m_dir = tmpl;
    for (const store::StorePack& p : packs) {
        gaz::PackInfo info;
        info.name = p.name;
        info.file = p.file_name;
        info.original = p.original;
        info.added = p.added;
        info.entries = static_cast<std::size_t>(std::max<long long>(0, p.entries));
        info.skipped = static_cast<std::size_t>(std::max<long long>(0, p.skipped));
        gaz::write_pack(m_dir, info, p.content);
    }
}

StorePacksDir::~StorePacksDir() {
    std::error_code ec;
    if (!m_dir.empty()) fs::remove_all(m_dir, ec);
}

std::unique_ptr<gaz::Gazetteer> load_gazetteer(const ParsedArgs& args, Io& io) {
    Diagnostics diag;
    const fs::path dir = args.has("gazetteer-dir") ? fs::path(args.get("gazetteer-dir")) : bundled_gazetteer_dir();
    const fs::path packs = args.has("no-packs") ? fs::path{} : gaz::packs_dir(data_dir(args));
    // The team's places kept in the store come after the user's own.
    std::unique_ptr<StorePacksDir> store_packs;
    std::vector<fs::path> more;
    if (args.has("store") && !args.has("no-packs")) {
        std::error_code ec;
        const std::string spec = args.get("store");
        if (store::is_database(spec) || fs::exists(spec, ec)) {
            auto st = store::Store::open(spec, false);
            store_packs = std::make_unique<StorePacksDir>(*st);
            if (!store_packs->dir().empty()) more.push_back(store_packs->dir());
        }
    }
    auto g = gaz::Gazetteer::load(dir, packs, diag, more);
    report_diagnostics(diag, io.err, args.has("verbose"));
    return g;
}

namespace {

int run_list(const ParsedArgs& args, Io& io) {
    auto g = load_gazetteer(args, io);
    io.out << std::left << std::setw(28) << "source" << std::right << std::setw(9) << "entries" << std::setw(9)
           << "skipped" << "  " << std::left << std::setw(34) << "licence" << "file\n";
    std::size_t total = 0;
    for (const auto& o : g->origins()) {
        io.out << std::left << std::setw(28) << o.name << std::right << std::setw(9) << o.entries << std::setw(9)
               << o.skipped << "  " << std::left << std::setw(34) << o.licence << " " << o.path << "\n";
        total += o.entries;
    }
    io.out << "total: " << total << " entries, " << g->names().size() << " names\n";
    // The credit each bundled source's licence asks for (gazetteer/README.md has the details).
    io.out << "\nsources and attribution:\n" << gaz::bundled_attribution();
    const auto packs = gaz::list_packs(gaz::packs_dir(data_dir(args)));
    io.out << "\nuser packs (" << gaz::packs_dir(data_dir(args)).string() << "): " << packs.size() << "\n";
    for (const auto& p : packs)
        io.out << "  " << p.name << ": " << p.entries << " entries, added " << p.added << " from " << p.original << "\n";
    if (args.has("store")) {
        auto st = store::Store::open(args.get("store"), false);
        const auto kept = st->packs();
        io.out << "\nstore packs (" << st->name() << "): " << kept.size() << "\n";
        for (const auto& p : kept)
            io.out << "  " << p.name << ": " << p.entries << " entries, added " << p.added << " from " << p.original << "\n";
    }
    return 0;
}

/// Checks a pack file as the user's folder would (in a scratch folder), then keeps it in the store.
gaz::PackInfo add_to_store(store::Store& st, const fs::path& file, const std::string& name, bool replace, Diagnostics& diag) {
    char tmpl[] = "/tmp/conflictmap-pack-check.XXXXXX";
    if (!::mkdtemp(tmpl)) throw Error("cannot make a scratch folder to check the pack", "/tmp");
    const fs::path scratch = tmpl;
    struct Cleanup {
        fs::path p;
        ~Cleanup() {
            std::error_code ec;
            fs::remove_all(p, ec);
        }
    } cleanup{scratch};
    gaz::PackInfo info = gaz::add_pack(scratch, file, name, true, diag);
    store::StorePack p;
    p.name = info.name;
    p.file_name = info.file.filename().string();
    p.original = info.original;
    p.added = info.added;
    p.entries = static_cast<long long>(info.entries);
    p.skipped = static_cast<long long>(info.skipped);
    p.content = gaz::read_pack_bytes(info.file);
    st.put_pack(p, replace);
    return info;
}

int run_add(const ParsedArgs& args, Io& io) {
    if (args.positional.size() < 2) throw UsageError("gazetteer add needs a FILE");
    Diagnostics diag;
    int status = 0;
    std::size_t skipped = 0;
    // --store: the pack goes into the store (shared with everyone who opens it), not the user's folder.
    std::unique_ptr<store::Store> st;
    if (args.has("store")) st = store::Store::open(args.get("store"), false);
    for (std::size_t i = 1; i < args.positional.size(); ++i) {
        const fs::path file = args.positional[i];
        try {
            const std::string name = args.positional.size() == 2 ? args.get("name") : std::string{};
            const auto info = st ? add_to_store(*st, file, name, args.has("replace"), diag)
                                 : gaz::add_pack(gaz::packs_dir(data_dir(args)), file, name, args.has("replace"), diag);
            io.out << "added pack '" << info.name << "'" << (st ? " to " + st->name() : std::string()) << ": " << info.entries
                   << " entries";
            if (info.skipped) io.out << ", " << plural(info.skipped, "row skipped", "rows skipped") << " (see warnings)";
            io.out << "\n";
            skipped += info.skipped;
        } catch (const Error& e) {
            io.err << "conflictmap: error: " << e.what() << "\n";
            status = 1;
        }
    }
    // Every row left out of a pack is named (the user's own rows, not the bundled data's quirks).
    report_diagnostics(diag, io.err, true);
    if (skipped) {
        io.err << "conflictmap gazetteer: " << plural(skipped, "row skipped", "rows skipped") << " (see above); the rest of each pack was added\n";
        status = 1;
    }
    return status;
}

int run_remove(const ParsedArgs& args, Io& io) {
    if (args.positional.size() != 2) throw UsageError("gazetteer remove needs one NAME (see 'gazetteer list')");
    if (args.has("store")) {
        auto st = store::Store::open(args.get("store"), false);
        if (!st->remove_pack(args.positional[1])) {
            io.err << "conflictmap: error: " << st->name() << " has no pack named '" << args.positional[1] << "'\n";
            return 1;
        }
        io.out << "removed pack '" << args.positional[1] << "' from " << st->name() << "\n";
        return 0;
    }
    if (!gaz::remove_pack(gaz::packs_dir(data_dir(args)), args.positional[1])) {
        io.err << "conflictmap: error: no pack named '" << args.positional[1] << "'\n";
        return 1;
    }
    io.out << "removed pack '" << args.positional[1] << "'\n";
    return 0;
}

int run_gazetteer(const ParsedArgs& args, Io& io) {
    const std::string sub = args.positional.empty() ? "list" : args.positional[0];
    if (sub == "list") return run_list(args, io);
    if (sub == "add") return run_add(args, io);
    if (sub == "remove") return run_remove(args, io);
    throw UsageError("unknown gazetteer action '" + sub + "' (list, add, remove)");
}

}  // namespace

const Command& gazetteer_command() {
    static const Command c{
        "gazetteer",
        "list the loaded gazetteer; add or remove packs (a GeoNames dump such as SY.txt, or a CSV/GeoJSON/GeoPackage of your places)",
        "gazetteer list | add FILE... [--name NAME] [--replace] | remove NAME   [--store STORE]",
        with_gazetteer_options({
            {"name", 'n', "NAME", "name of the pack being added (default: the file's name)"},
            {"replace", 0, nullptr, "replace an installed pack of the same name"},
            {"store", 0, "STORE", "the packs a store keeps (GeoPackage or PG:\"dbname=...\"), shared with all who open it, instead of the user's folder"},
        }),
        run_gazetteer};
    return c;
}

}  // namespace cm::cli
