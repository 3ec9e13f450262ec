// Fuzz target: event files mapped by meaning — the same bytes read as a CSV (ACLED, UCDP GED or
// any table: time, type, actors, fatalities and place columns found by name and value) and as a
// GeoJSON of events.
#include <cstddef>
#include <cstdint>

#include "fuzz_common.h"
#include "io/EventImport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 100000) return 0;
    for (const char* name : {"events.csv", "events.geojson"}) {
        cmfuzz::MemFile f(name, data, size);
        cm::Diagnostics diag;
        std::size_t n = 0;
        (void)cm::io::import_events({f.path()}, diag, {}, [&](cm::Event&&) { ++n; });
    }
    return 0;
}
