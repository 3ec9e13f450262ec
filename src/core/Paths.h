// conflictmap core: where the bundled data and the user's own data live.
#pragma once
#include <filesystem>

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

}  // namespace cm
