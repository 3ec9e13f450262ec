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

bool is_database_source(const std::string& s) {
    return s.rfind("PG:", 0) == 0 || s.rfind("pg:", 0) == 0 || s.rfind("postgresql://", 0) == 0 ||
           s.rfind("postgres://", 0) == 0;
}

std::string printable_source(const std::string& source) {
    if (!is_database_source(source)) return source;
    std::string s = source;
    auto lower = [](std::string t) {
        for (char& c : t) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        return t;
    };
    // key=value form: password=secret, password = 'se cret'
    for (std::size_t at = 0; (at = lower(s).find("password", at)) != std::string::npos;) {
        std::size_t v = at + 8;
        while (v < s.size() && s[v] == ' ') ++v;
        if (v >= s.size() || s[v] != '=') {
            at = v;
            continue;
        }
        ++v;
        while (v < s.size() && s[v] == ' ') ++v;
        std::size_t end = v;
        if (end < s.size() && s[end] == '\'') {
            for (++end; end < s.size() && s[end] != '\''; ++end)
                if (s[end] == '\\') ++end;
            if (end < s.size()) ++end;
        } else {
            while (end < s.size() && s[end] != ' ' && s[end] != '&') ++end;
        }
        s.replace(v, end - v, "***");
        at = v + 3;
    }
    // URI form: postgresql://user:secret@host
    if (const auto scheme = s.find("://"); scheme != std::string::npos) {
        const auto at = s.find('@', scheme);
        const auto colon = s.find(':', scheme + 3);
        if (at != std::string::npos && colon != std::string::npos && colon < at) s.replace(colon + 1, at - colon - 1, "***");
    }
    return s;
}

}  // namespace cm
