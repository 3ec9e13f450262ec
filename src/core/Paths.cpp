// conflictmap core: data locations.
#include "core/Paths.h"

#include <cstdlib>
#include <system_error>

namespace cm {

namespace fs = std::filesystem;

namespace {
const char* env(const char* name) {
    const char* v = std::getenv(name);
    return (v && *v) ? v : nullptr;
}

fs::path executable_dir() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path{} : exe.parent_path();
}
}  // namespace

fs::path bundled_gazetteer_dir() {
    if (const char* v = env("CONFLICTMAP_GAZETTEER_DIR")) return v;
    std::error_code ec;
    fs::path installed = executable_dir() / ".." / "share" / "conflictmap" / "gazetteer";
    if (fs::is_directory(installed / "data", ec)) return installed.lexically_normal();
    return CONFLICTMAP_SOURCE_GAZETTEER;
}

fs::path bundled_lexicon_dir() {
    if (const char* v = env("CONFLICTMAP_LEXICON_DIR")) return v;
    std::error_code ec;
    fs::path installed = executable_dir() / ".." / "share" / "conflictmap" / "assets" / "lexicon";
    if (fs::exists(installed / "actors.csv", ec)) return installed.lexically_normal();
    return CONFLICTMAP_SOURCE_LEXICON;
}

fs::path user_data_dir() {
    if (const char* v = env("CONFLICTMAP_DATA_HOME")) return v;
    if (const char* v = env("XDG_DATA_HOME")) return fs::path(v) / "conflictmap";
    if (const char* v = env("HOME")) return fs::path(v) / ".local" / "share" / "conflictmap";
    return fs::path(".conflictmap");
}

}  // namespace cm
