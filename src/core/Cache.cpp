// conflictmap core: cache files (see Cache.h).
#include "core/Cache.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <system_error>
#include <unistd.h>
#include <vector>

#include "core/Error.h"

namespace cm::cache {

namespace fs = std::filesystem;

fs::path dir() {
    if (const char* v = std::getenv("CONFLICTMAP_CACHE_HOME"); v && *v) return v;
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return fs::path(x) / "conflictmap";
    if (const char* h = std::getenv("HOME"); h && *h) return fs::path(h) / ".cache" / "conflictmap";
    return {};
}

Key& Key::add(const std::string& s) {
    for (unsigned char c : s) m_h = (m_h ^ c) * 1099511628211ull;
    return *this;
}

Key& Key::add_files(const fs::path& root) {
    std::error_code ec;
    std::vector<std::string> lines;
    auto line = [](const fs::path& p, std::uintmax_t size, fs::file_time_type t) {
        return p.string() + " " + std::to_string(size) + " " + std::to_string(t.time_since_epoch().count());
    };
    if (fs::is_regular_file(root, ec)) {
        std::error_code e1, e2;
        lines.push_back(line(root, fs::file_size(root, e1), fs::last_write_time(root, e2)));
    } else {
        for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
             it.increment(ec)) {
            std::error_code e1, e2, e3;
            if (!it->is_regular_file(e1)) continue;
            lines.push_back(line(it->path(), it->file_size(e2), it->last_write_time(e3)));
        }
    }
    std::sort(lines.begin(), lines.end());
    for (const auto& l : lines) add(l + "\n");
    return *this;
}

Key& Key::add_program() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) add_files(exe);
    return *this;
}

fs::path file(const std::string& kind, const Key& key) {
    const fs::path d = dir();
    if (d.empty()) return {};
    char hex[32];
    std::snprintf(hex, sizeof hex, "-%016llx.bin", static_cast<unsigned long long>(key.value()));
    return d / (kind + hex);
}

namespace {

// The kind of a cache file: its name before the last '-' ("basemap-places" of
// "basemap-places-0123456789abcdef.bin"); empty for a name that is not a cache file's.
std::string kind_of(const fs::path& p) {
    const std::string name = p.filename().string();
    const std::size_t dash = name.rfind('-');
    if (dash == std::string::npos || name.size() != dash + 1 + 16 + 4 || name.compare(name.size() - 4, 4, ".bin") != 0) return {};
    return name.substr(0, dash);
}

// All but the `keep` most recently used files of path's kind go; a file that cannot be removed
// (another user's, say) stays. Never the file just written.
void prune(const fs::path& path, std::size_t keep) {
    const std::string kind = kind_of(path);
    if (kind.empty()) return;
    std::vector<std::pair<fs::file_time_type, fs::path>> same;
    std::error_code ec;
    for (fs::directory_iterator it(path.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code e1;
        if (!it->is_regular_file(e1) || kind_of(it->path()) != kind || it->path() == path) continue;
        same.emplace_back(it->last_write_time(e1), it->path());
    }
    if (same.size() + 1 <= keep) return;
    std::sort(same.begin(), same.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = keep > 0 ? keep - 1 : 0; i < same.size(); ++i) fs::remove(same[i].second, ec);
}

}  // namespace

void write(const fs::path& path, const std::string& bytes, std::size_t keep) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    static std::atomic<unsigned> writes{0};  // two writers in one process never share a file
    const fs::path tmp = path.string() + ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(writes++);
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!f.flush()) {
            fs::remove(tmp, ec);
            throw Error("cannot write the cache file", tmp.string());
        }
    }
    fs::rename(tmp, path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw Error("cannot write the cache file: " + ec.message(), path.string());
    }
    prune(path, keep);
}

std::optional<std::string> read(const fs::path& path, std::size_t max_bytes) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec || size > max_bytes) return std::nullopt;
    std::ifstream f(path, std::ios::binary);
    if (!f) return std::nullopt;
    std::string bytes(static_cast<std::size_t>(size), '\0');
    if (!f.read(bytes.data(), static_cast<std::streamsize>(size)) || f.gcount() != static_cast<std::streamsize>(size))
        return std::nullopt;
    fs::last_write_time(path, fs::file_time_type::clock::now(), ec);  // used: kept by the next prune
    return bytes;
}

bool Reader::get(std::string& s, std::size_t n) {
    if (left() < n) return false;
    s.assign(m_p, n);
    m_p += n;
    return true;
}

bool Reader::get_bytes(void* to, std::size_t n) {
    if (left() < n) return false;
    if (n) std::memcpy(to, m_p, n);
    m_p += n;
    return true;
}

}  // namespace cm::cache
