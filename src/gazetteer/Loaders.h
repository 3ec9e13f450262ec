// conflictmap gazetteer: readers that add entries to a Gazetteer — the GeoNames dump format
// (bundled extract and user country dumps such as SY.txt) and any OGR vector source (the curated
// CSVs, Natural Earth admin-1 GeoJSON, rivers, users' CSV/GeoJSON/GeoPackage packs).
// Bad rows are reported with file and line and skipped; the rest loads.
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>

#include "core/Error.h"
#include "gazetteer/Gazetteer.h"

namespace cm::gaz {

/// Reads a GeoNames dump (19 tab-separated columns, as cities500.txt or a country file SY.txt).
/// Returns the number of entries added.
std::size_t load_geonames(Gazetteer& g, const std::filesystem::path& file, std::uint32_t origin,
                          Diagnostics& diag);

/// Reads a places table (tab-separated, '#' comment lines, a header naming the columns id, kind,
/// name, variants, name_ar, admin1, adm2, adm3, pcode, lon, lat, population, prominence,
/// radius_km, ids, source — data/syria_places.tsv is one). Returns the number of entries added.
std::size_t load_places_tsv(Gazetteer& g, const std::filesystem::path& file, std::uint32_t origin,
                            Diagnostics& diag);

/// What a feature source's rows default to when a column is absent.
struct FeatureDefaults {
    PlaceKind kind = PlaceKind::Place;
    std::string id_prefix;   ///< prepended to the row's id (or its row number)
    std::string source;      ///< used when the row has no `source`
    double radius_km = 2;
    double prominence = 30;
    /// GDAL drivers to try (nullptr-terminated short names), or nullptr for all. Naming them
    /// skips probing ~200 drivers for files whose format is known (the bundled ones).
    const char* const* drivers = nullptr;
};

/// Reads every layer of an OGR vector source. Columns as in gazetteer/README.md (id, kind, name,
/// variants, name_ar, admin1, prominence, radius_km, geometry, via, rule, valid_from, valid_to,
/// source); a `name` column is required; geometry comes from the layer, a WKT `geometry`/`wkt`
/// column, or `lat`/`lon` (also latitude/longitude, y/x) columns.
std::size_t load_features(Gazetteer& g, const std::filesystem::path& file, std::uint32_t origin,
                          Diagnostics& diag, const FeatureDefaults& defaults);

/// Reads an alias file (columns target, variants, source): extra names for entries loaded from
/// elsewhere, applied when the gazetteer is finished.
std::size_t load_aliases(Gazetteer& g, const std::filesystem::path& file, Diagnostics& diag);
/// Reads curated/calendar.csv (id, date, names, zone, source) into the gazetteer's agreements;
/// a row without an id, an ISO date or names is reported with file and line and skipped.
std::size_t load_calendar(Gazetteer& g, const std::filesystem::path& file, Diagnostics& diag);

/// Picks the reader by file name: .txt -> GeoNames, anything else -> OGR.
std::size_t load_any(Gazetteer& g, const std::filesystem::path& file, std::uint32_t origin,
                     Diagnostics& diag, const FeatureDefaults& defaults);

}  // namespace cm::gaz
