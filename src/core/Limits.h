// conflictmap core: the explicit limits on what one input may hold. Past a limit the input (or
// the one row, feature or field) is refused with a message naming the file, the row and the limit;
// the rest of the work goes on. The README's "Robustness" section lists them.
//
// The limits are far above anything real (a million-event dataset is 1/50 of the feature limit)
// and low enough that one bad file cannot take the machine's memory or time. Tests lower them
// with ScopedLimits to check the behaviour at each limit and just past it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cm {

struct Limits {
    std::uint64_t event_file_bytes = 16ull << 30;       ///< one event file (CSV, GeoJSON, GeoPackage...): 16 GiB
    std::uint64_t features_per_file = 50'000'000;       ///< rows or features read from one event file or layer
    std::uint64_t vertices_per_geometry = 1'000'000;    ///< points in one feature's geometry
    std::size_t field_bytes = 1u << 20;                 ///< one text value of a row (notes, actors...): 1 MiB
    int json_depth = 64;                                ///< nesting in the saved view and in stored attribute JSON
    std::uint64_t view_file_bytes = 16u << 20;          ///< a saved view (view.json, a store's view): 16 MiB
    std::uint64_t routes_zones_per_file = 100'000;      ///< line and area features in one gazetteer pack or map layer
    std::uint64_t events_per_store = 100'000'000;       ///< events one store may hold
};

/// The limits in force (the defaults above unless a test lowered them).
const Limits& limits();

/// Replaces the limits for its lifetime (tests).
class ScopedLimits {
public:
    explicit ScopedLimits(const Limits& l);
    ~ScopedLimits();
    ScopedLimits(const ScopedLimits&) = delete;
    ScopedLimits& operator=(const ScopedLimits&) = delete;

private:
    Limits m_saved;
};

/// "1.5 MiB", "16 GiB": a byte count for messages.
std::string byte_size_text(std::uint64_t bytes);

/// The JSON text's deepest nesting of objects and arrays (strings skipped; stops counting once
/// past `stop_above`, so it is linear and cheap on hostile input).
int json_nesting_depth(std::string_view text, int stop_above);

/// "rows N+1 to LAST (K rows) not read: over the limit of N rows per file", N = limits().features_per_file.
std::string rows_over_limit_message(std::uint64_t last_row);

}  // namespace cm
