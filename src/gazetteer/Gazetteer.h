// conflictmap gazetteer: the loaded gazetteer — entries (places, admin areas, roads, rivers,
// bases, stations, camps, crossings, regions, zones) from the bundled data and the user's packs,
// and the name index over them. Immutable once loaded; share it by const reference.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Error.h"
#include "core/Geometry.h"
#include "gazetteer/NameIndex.h"

namespace cm::gaz {

enum class PlaceKind : std::uint8_t { Place, Admin, Road, River, Base, Station, Camp, Crossing, Region, Zone };

/// "place", "admin", ... as the data files and the JSON output spell them.
const char* kind_name(PlaceKind k);
/// The credit each bundled gazetteer source's licence asks for, one source per line (shown by
/// `conflictmap gazetteer list` and the viewer's About window; gazetteer/README.md has the details).
const char* bundled_attribution();
/// Parses a kind name; nullopt if unknown.
std::optional<PlaceKind> parse_kind(std::string_view s);
/// Areas and lines (admin areas, regions, zones, roads, rivers) versus point-like places.
bool is_extended(PlaceKind k);

/// One gazetteer entry.
struct Entry {
    std::string id;                     ///< stable: "gn:164816", "cm:m4", "ne:SY-ID", "pk:NAME:ROW"
    PlaceKind kind = PlaceKind::Place;
    std::string name;                   ///< primary English name
    std::vector<std::string> variants;  ///< other spellings and aliases
    std::string name_ar;
    std::string admin1;                 ///< ISO 3166-2 of the admin-1 area it lies in, if known
    std::string adm2, adm3;             ///< OCHA pcodes of the district and sub-district it lies in
    std::string pcode;                  ///< its own OCHA pcode (communities, neighbourhoods, areas)
    std::vector<std::string> ids;       ///< other ids of the same place ("ocha:C1234", "wof:…", "gn:…")
    double population = 0;
    std::string country;                ///< ISO 3166-1 alpha-2
    double prominence = 0;              ///< 0..100
    double radius_km = 1;               ///< precision radius
    Geometry geometry;
    LonLat point;                       ///< representative point
    std::vector<std::string> via;       ///< roads: names of the line's vertices
    std::string rule;                   ///< zones: the rule the geometry is computed from
    std::string valid_from, valid_to;   ///< zones: ISO dates of the period it held
    std::string source;                 ///< provenance of the row
    std::uint32_t origin = 0;           ///< index into Gazetteer::origins()
};

/// Where a set of entries came from (a bundled file or a user pack).
struct Origin {
    std::string name;    ///< "geonames", "curated", "pack:SY" ...
    std::string path;
    std::string licence;
    std::size_t entries = 0;
    std::size_t skipped = 0;  ///< rows that could not be loaded
};

/// An agreement or turning point of the war with its date (curated/calendar.csv): reports that
/// invoke it ("last week's Sochi agreement") were written after it.
struct Agreement {
    std::string id;
    std::string date;                 ///< ISO day
    std::vector<std::string> names;   ///< how reports name it
    std::string zone;                 ///< the zone entry it set up, if any ("sochi-dmz-2018")
    std::string source;
};

/// Extra names for an entry loaded from another file (curated/aliases.csv).
struct Alias {
    std::string target;               ///< entry id ("gn:172374")
    std::vector<std::string> names;
    std::string source;
    std::string file;                 ///< where the alias row is, for messages
    long line = 0;
};

class Gazetteer {
public:
    Gazetteer() = default;
    Gazetteer(const Gazetteer&) = delete;
    Gazetteer& operator=(const Gazetteer&) = delete;

    /// Loads the bundled gazetteer from dir (and, if packs_dir is not empty, the user's packs, then
    /// those of more_packs: a store's, say). Bad rows are reported to diag and skipped; a missing
    /// bundled file throws cm::Error.
    /// names = false: the places and their geometry only, for drawing (a briefing's basemap) — no
    /// name index (nothing can be looked up by name), no variant names; ~40 % of the time.
    static std::unique_ptr<Gazetteer> load(const std::filesystem::path& dir, const std::filesystem::path& packs_dir,
                                           Diagnostics& diag, const std::vector<std::filesystem::path>& more_packs = {},
                                           bool names = true);
    /// The bundled gazetteer plus the user's packs from the default locations (core/Paths.h),
    /// then more_packs.
    static std::unique_ptr<Gazetteer> load_default(Diagnostics& diag, const std::vector<std::filesystem::path>& more_packs = {},
                                                   bool names = true);

    /// Room for this many more entries.
    void reserve_more(std::size_t n) { m_entries.reserve(m_entries.size() + n); }
    /// Adds one entry; returns its index. Names are indexed when finish() runs.
    std::uint32_t add(Entry e);
    /// Queues extra names for an entry; applied by finish().
    void add_alias(Alias a) { m_aliases.push_back(std::move(a)); }
    /// The calendar of agreements (curated/calendar.csv).
    void add_agreement(Agreement a) { m_agreements.push_back(std::move(a)); }
    const std::vector<Agreement>& agreements() const { return m_agreements; }
    /// Registers a source; returns its index for Entry::origin.
    std::uint32_t add_origin(Origin o);
    /// Computes derived geometry (roads from via, zones from rules) and builds the name index
    /// (unless names is false: then variant names are dropped and nothing is indexed).
    void finish(Diagnostics& diag, bool names = true);

    const std::vector<Entry>& entries() const { return m_entries; }
    const Entry& entry(std::uint32_t i) const { return m_entries[i]; }
    const std::vector<Origin>& origins() const { return m_origins; }
    std::vector<Origin>& origins_mut() { return m_origins; }
    const NameIndex& names() const { return m_index; }
    /// Entry by id, or by one of the other ids it was merged from ("ocha:C4254"); nullptr if none.
    const Entry* find_id(std::string_view id) const;
    /// The area code an admin entry stands for in admin chains ("SY-ID" for ne:SY-ID, "SY0702"
    /// for the district ocha:SY0702); empty for other entries.
    static std::string area_code(const Entry& e);
    /// Whether e lies in the area with this code (its admin1, district or sub-district), or is it.
    static bool in_area(const Entry& e, std::string_view code);
    /// The admin-1 area containing p (ISO 3166-2 code), or empty.
    std::string admin1_at(LonLat p) const;
    /// The admin-1 entry with this ISO code, or nullptr.
    const Entry* admin1_entry(std::string_view iso) const;

private:
    /// The entry that lists id among the ids it was merged from, or UINT32_MAX.
    std::uint32_t alt_id_owner(std::string_view id) const;
    /// Rebuilds m_by_alt_id from the entries in m_by_id.
    void index_alt_ids();

    std::vector<Entry> m_entries;
    std::vector<Origin> m_origins;
    NameIndex m_index;
    std::vector<std::uint32_t> m_by_id;  // entry indices sorted by id
    std::vector<std::pair<std::string_view, std::uint32_t>> m_by_alt_id;  // Entry::ids, sorted
    std::vector<Alias> m_aliases;
    std::vector<Agreement> m_agreements;
    struct AdminBox {
        std::uint32_t entry;
        double x0, y0, x1, y1;
    };
    std::vector<AdminBox> m_admin_boxes;  // Natural Earth admin-1 areas, for admin1_at()
};

}  // namespace cm::gaz
