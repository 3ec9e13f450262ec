// Fuzz target: a store of unknown origin — arbitrary bytes as the GeoPackage a user opens with
// --store: the schema check, the saved view, the edit log, the reports, the packs and the events.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

#include "store/Store.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 2000000) return 0;
    static const std::string path = "/tmp/conflictmap-fuzz-store-" + std::to_string(::getpid()) + ".gpkg";
    {
        std::ofstream f(path, std::ios::binary | std::ios::trunc);
        f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        auto s = cm::store::Store::open(path, false);
        cm::Diagnostics diag;
        std::size_t n = 0;
        s->read(diag, [&](cm::Event&&) { ++n; });
        (void)s->view();
        (void)s->edits();
        (void)s->reports();
        (void)s->packs(true);
        (void)s->event_count();
    } catch (const cm::Error&) {
        // refused by name: what a bad file must get
    }
    std::remove(path.c_str());
    return 0;
}
