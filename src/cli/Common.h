// conflictmap cli: what several commands share — the gazetteer options and loading it with its
// diagnostics reported on stderr.
#pragma once
#include <memory>
#include <set>
#include <vector>

#include "cli/Cli.h"
#include "gazetteer/Gazetteer.h"
#include "io/EventImport.h"
#include "store/Store.h"

namespace cm::cli {

/// `table` plus the options every gazetteer-using command takes (--gazetteer-dir, --no-packs,
/// --verbose).
std::vector<OptionSpec> with_gazetteer_options(std::vector<OptionSpec> table);

/// Loads the gazetteer as the options say (with --store, the store's packs after the user's); load
/// warnings go to io.err (all with --verbose, else a count and the first few).
std::unique_ptr<gaz::Gazetteer> load_gazetteer(const ParsedArgs& args, Io& io);

/// The gazetteer packs a store keeps, written to a scratch folder for the gazetteer loader (which
/// reads files); the folder goes with this object. An empty dir() when the store keeps none.
class StorePacksDir {
public:
    explicit StorePacksDir(store::Store& store);
    ~StorePacksDir();
    StorePacksDir(const StorePacksDir&) = delete;
    StorePacksDir& operator=(const StorePacksDir&) = delete;
    const std::filesystem::path& dir() const { return m_dir; }

private:
    std::filesystem::path m_dir;
};

/// Column overrides from --map FIELD=COLUMN[,...] (a usage error names the fields it takes).
io::ImportOptions import_options(const ParsedArgs& args);

/// Event types from a comma list ("battles,explosions"): ACLED's names or their first word,
/// "vac" for violence against civilians. Throws UsageError naming a word that is none.
std::set<EventType> parse_event_types(const std::string& list);

/// Prints diagnostics: all with verbose, else the first `head` and a count.
void report_diagnostics(const Diagnostics& diag, std::ostream& err, bool verbose, std::size_t head = 5);

}  // namespace cm::cli
