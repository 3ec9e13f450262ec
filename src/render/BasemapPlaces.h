// conflictmap render: what the basemap takes from the gazetteer — Syria's governorates (outline,
// name, label point), rivers, roads, and the places with a prominence (town dots and names) — and
// a cache file of it, so that a briefing of event files draws the same map without loading the
// whole gazetteer (~70 ms of a 10,000-event picture's 320 on two cores).
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/Geometry.h"
#include "gazetteer/Gazetteer.h"

namespace cm::render {

struct BasemapPlaces {
    struct Item {
        gaz::PlaceKind kind = gaz::PlaceKind::Place;
        std::string name;
        double prominence = 0;
        LonLat point;
        Geometry geometry;  ///< areas, rivers and roads (places need only their point)
    };
    std::vector<Item> items;  ///< in the gazetteer's order (labels are placed in it)

    /// The gazetteer's entries the basemap draws, in its order.
    static BasemapPlaces from(const gaz::Gazetteer& gazetteer);

    /// Writes them to path (beside it first, then renamed into place). Throws cm::Error.
    void write(const std::filesystem::path& path) const;
    /// Reads a file write() made; nullopt if it is missing, of another format version, or damaged.
    static std::optional<BasemapPlaces> read(const std::filesystem::path& path);
};

/// The cache file for the gazetteer files that would be loaded now (the bundled folder, the
/// user's packs folder, and extra packs): its name holds a hash of their paths, sizes and times,
/// so a changed gazetteer gets a new file. In $CONFLICTMAP_CACHE_HOME, else
/// $XDG_CACHE_HOME/conflictmap, else ~/.cache/conflictmap. Empty if no cache folder is known.
std::filesystem::path basemap_places_cache(const std::vector<std::filesystem::path>& more_packs);

}  // namespace cm::render
