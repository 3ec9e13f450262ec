// conflictmap render: the basemap's places and their cache file (see BasemapPlaces.h).
#include "render/BasemapPlaces.h"

#include <cmath>

#include "core/Cache.h"
#include "core/Paths.h"
#include "gazetteer/Packs.h"

namespace cm::render {

namespace fs = std::filesystem;

namespace {

// "CMBP", then the format version: a file of another version is not read (it is rebuilt).
constexpr char kMagic[4] = {'C', 'M', 'B', 'P'};
constexpr std::uint32_t kVersion = 1;

using cache::put;

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
    cache::write(path, out);
}

std::optional<BasemapPlaces> BasemapPlaces::read(const fs::path& path) {
    // Far above a real file (~1 MB): anything larger is not ours to read.
    const std::optional<std::string> bytes = cache::read(path, std::size_t{64} << 20);
    if (!bytes) return std::nullopt;
    cache::Reader r(*bytes);
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
    // Every file the gazetteer would read: its path, size and time of change; and the program.
    cache::Key key;
    key.add("v" + std::to_string(kVersion)).add_program().add_files(bundled_gazetteer_dir()).add_files(gaz::packs_dir(user_data_dir()));
    for (const auto& p : more_packs) key.add_files(p);
    return cache::file("basemap-places", key);
}

}  // namespace cm::render
