// conflictmap render: the basemap's places and their cache file (see BasemapPlaces.h).
#include "render/BasemapPlaces.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <system_error>
#include <unistd.h>

#include "core/Error.h"
#include "core/Paths.h"
#include "gazetteer/Packs.h"

namespace cm::render {

namespace fs = std::filesystem;

namespace {

// "CMBP", then the format version: a file of another version is not read (it is rebuilt).
constexpr char kMagic[4] = {'C', 'M', 'B', 'P'};
constexpr std::uint32_t kVersion = 1;

template <class T>
void put(std::string& out, const T& v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

class Reader {
public:
    explicit Reader(const std::string& bytes) : m_p(bytes.data()), m_end(bytes.data() + bytes.size()) {}
    template <class T>
    bool get(T& v) {
        if (static_cast<std::size_t>(m_end - m_p) < sizeof v) return false;
        std::memcpy(&v, m_p, sizeof v);
        m_p += sizeof v;
        return true;
    }
    bool get(std::string& s, std::size_t n) {
        if (static_cast<std::size_t>(m_end - m_p) < n) return false;
        s.assign(m_p, n);
        m_p += n;
        return true;
    }
    std::size_t left() const { return static_cast<std::size_t>(m_end - m_p); }

private:
    const char* m_p;
    const char* m_end;
};

// FNV-1a, 64 bits: the cache file's name, from the gazetteer files it stands for.
std::uint64_t fnv(std::uint64_t h, const std::string& s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
}

}  // namespace

BasemapPlaces BasemapPlaces::from(const gaz::Gazetteer& gazetteer) {
    BasemapPlaces out;
    for (const gaz::Entry& e : gazetteer.entries()) {
        switch (e.kind) {
            case gaz::PlaceKind::Admin:
                // Governorates of Syria only: districts and sub-districts would bury the towns.
                if (e.country != "SY" || e.id == "ne:SY" || e.id.rfind("ne:", 0) != 0) break;
                out.items.push_back({e.kind, e.name, e.prominence, e.point, e.geometry});
                break;
            case gaz::PlaceKind::River:
            case gaz::PlaceKind::Road:
                out.items.push_back({e.kind, {}, 0, e.point, e.geometry});
                break;
            case gaz::PlaceKind::Place:
                // Towns of Syria and the border belt; the label layer decides which show.
                if (e.prominence > 0) out.items.push_back({e.kind, e.name, e.prominence, e.point, {}});
                break;
            default:
                break;
        }
    }
    return out;
}

void BasemapPlaces::write(const fs::path& path) const {
    std::string out(kMagic, sizeof kMagic);
    put(out, kVersion);
    put(out, static_cast<std::uint64_t>(items.size()));
    for (const Item& it : items) {
        put(out, static_cast<std::uint8_t>(it.kind));
        put(out, static_cast<std::uint32_t>(it.name.size()));
        out += it.name;
        put(out, it.prominence);
        put(out, it.point.lon);
        put(out, it.point.lat);
        put(out, static_cast<std::uint8_t>(it.geometry.type));
        put(out, static_cast<std::uint32_t>(it.geometry.parts.size()));
        for (const auto& part : it.geometry.parts) {
            put(out, static_cast<std::uint32_t>(part.size()));
            for (const LonLat& p : part) {
                put(out, p.lon);
                put(out, p.lat);
            }
        }
        put(out, static_cast<std::uint32_t>(it.geometry.polygon_starts.size()));
        for (std::uint32_t s : it.geometry.polygon_starts) put(out, s);
    }
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    static std::atomic<unsigned> writes{0};  // two briefings of one process never share a file
    const fs::path tmp = path.string() + ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(writes++);
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        f.write(out.data(), static_cast<std::streamsize>(out.size()));
        if (!f.flush()) {
            fs::remove(tmp, ec);
            throw Error("cannot write the basemap's places", tmp.string());
        }
    }
    fs::rename(tmp, path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw Error("cannot write the basemap's places: " + ec.message(), path.string());
    }
}

std::optional<BasemapPlaces> BasemapPlaces::read(const fs::path& path) {
    // Far above a real file (~1 MB): anything larger is not ours to read.
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec || size > (std::uintmax_t{64} << 20)) return std::nullopt;
    std::ifstream f(path, std::ios::binary);
    if (!f) return std::nullopt;
    const std::string bytes((std::istreambuf_iterator<char>(f)), {});
    Reader r(bytes);
    std::string magic;
    std::uint32_t version = 0;
    std::uint64_t count = 0;
    // Counts are checked against the bytes left at the smallest size what they count takes on disk
    // (an item 38 bytes, a part 4, a vertex 16), so a hostile file cannot make us allocate much.
    if (!r.get(magic, 4) || magic != std::string(kMagic, 4) || !r.get(version) || version != kVersion || !r.get(count) ||
        count > r.left() / 38)
        return std::nullopt;
    BasemapPlaces out;
    out.items.resize(static_cast<std::size_t>(count));
    for (Item& it : out.items) {
        std::uint8_t kind = 0, type = 0;
        std::uint32_t name_len = 0, parts = 0, starts = 0;
        if (!r.get(kind) || kind > static_cast<std::uint8_t>(gaz::PlaceKind::Zone) || !r.get(name_len) ||
            !r.get(it.name, name_len) || !r.get(it.prominence) || !r.get(it.point.lon) || !r.get(it.point.lat) ||
            !r.get(type) || type > static_cast<std::uint8_t>(GeomType::MultiPolygon) || !r.get(parts) || parts > r.left() / 4 ||
            !std::isfinite(it.prominence) || !std::isfinite(it.point.lon) || !std::isfinite(it.point.lat))
            return std::nullopt;
        it.kind = static_cast<gaz::PlaceKind>(kind);
        it.geometry.type = static_cast<GeomType>(type);
        it.geometry.parts.resize(parts);
        for (auto& part : it.geometry.parts) {
            std::uint32_t n = 0;
            if (!r.get(n) || n > r.left() / 16) return std::nullopt;
            part.resize(n);
            for (LonLat& p : part)
                if (!r.get(p.lon) || !r.get(p.lat) || !std::isfinite(p.lon) || !std::isfinite(p.lat)) return std::nullopt;
        }
        if (!r.get(starts) || starts > r.left() / 4) return std::nullopt;
        it.geometry.polygon_starts.resize(starts);
        for (std::uint32_t& s : it.geometry.polygon_starts)
            if (!r.get(s)) return std::nullopt;
    }
    if (r.left() != 0) return std::nullopt;
    return out;
}

fs::path basemap_places_cache(const std::vector<fs::path>& more_packs) {
    fs::path dir;
    if (const char* v = std::getenv("CONFLICTMAP_CACHE_HOME"); v && *v) dir = v;
    else if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) dir = fs::path(x) / "conflictmap";
    else if (const char* h = std::getenv("HOME"); h && *h) dir = fs::path(h) / ".cache" / "conflictmap";
    else return {};
    // Every file the gazetteer would read: its path, size and time of change.
    std::uint64_t h = fnv(14695981039346656037ull, "v" + std::to_string(kVersion));
    auto add_tree = [&](const fs::path& root) {
        std::error_code ec;
        std::vector<std::string> lines;
        if (fs::is_regular_file(root, ec)) {
            lines.push_back(root.string() + " " + std::to_string(fs::file_size(root, ec)) + " " +
                            std::to_string(fs::last_write_time(root, ec).time_since_epoch().count()));
        } else {
            for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
                 !ec && it != end; it.increment(ec)) {
                std::error_code e2;
                if (!it->is_regular_file(e2)) continue;
                lines.push_back(it->path().string() + " " + std::to_string(it->file_size(e2)) + " " +
                                std::to_string(it->last_write_time(e2).time_since_epoch().count()));
            }
        }
        std::sort(lines.begin(), lines.end());
        for (const auto& l : lines) h = fnv(h, l + "\n");
    };
    // The program too: another build may choose or write the places differently.
    std::error_code exe_ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", exe_ec);
    if (!exe_ec) add_tree(exe);
    add_tree(bundled_gazetteer_dir());
    add_tree(gaz::packs_dir(user_data_dir()));
    for (const auto& p : more_packs) add_tree(p);
    char name[64];
    std::snprintf(name, sizeof name, "basemap-places-%016llx.bin", static_cast<unsigned long long>(h));
    return dir / name;
}

}  // namespace cm::render
