// Fuzz target: the gazetteer's row readers — the places table (syria_places.tsv's format), the
// GeoNames dump (a user's SY.txt), and a user's CSV pack through GDAL — on arbitrary bytes.
#include <cstddef>
#include <cstdint>

#include "fuzz_common.h"
#include "gazetteer/Loaders.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 100000) return 0;
    cm::Diagnostics diag;
    cm::gaz::Gazetteer g;
    const std::uint32_t origin = g.add_origin({"fuzz", "", "", 0, 0});
    {
        cmfuzz::MemFile f("places.tsv", data, size);
        (void)cm::gaz::load_places_tsv(g, f.path(), origin, diag);
    }
    {
        cmfuzz::MemFile f("SY.txt", data, size);
        (void)cm::gaz::load_geonames(g, f.path(), origin, diag);
    }
    {
        cmfuzz::MemFile f("pack.csv", data, size);
        cm::gaz::FeatureDefaults d;
        d.id_prefix = "pk:fuzz:";
        (void)cm::gaz::load_features(g, f.path(), origin, diag, d);
    }
    g.finish(diag);
    return 0;
}
