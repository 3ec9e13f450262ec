// conflictmap core: where the bundled data and the user's own data live.
#pragma once
#include <filesystem>
#include <string>

namespace cm {

/// The bundled gazetteer folder: $CONFLICTMAP_GAZETTEER_DIR, else the installed
/// share/conflictmap/gazetteer beside the executable, else the source tree's gazetteer/.
std::filesystem::path bundled_gazetteer_dir();
/// The bundled actor lexicon's folder: $CONFLICTMAP_LEXICON_DIR, the installed
/// share/conflictmap/assets/lexicon, or the source tree's assets/lexicon.
std::filesystem::path bundled_lexicon_dir();

/// The user's data folder (XDG): $CONFLICTMAP_DATA_HOME, else $XDG_DATA_HOME/conflictmap,
/// else ~/.local/share/conflictmap. Not created here.
std::filesystem::path user_data_dir();

/// True for a database connection rather than a file ("PG:...", "postgresql://...").
bool is_database_source(const std::string& source);
/// The source as safe to print or save: a connection string without its password
/// (password=... and user:password@ both become ***); files come back as they are.
std::string printable_source(const std::string& source);

}  // namespace cm
