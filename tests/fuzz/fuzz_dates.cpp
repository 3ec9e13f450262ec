// Fuzz target: date phrases in a sentence, with and without a publication day; publication-date
// header lines.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extract/Dates.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // Date phrases live in sentences: the first 8 kB of a long input (a whole report from the
    // seeds) is plenty, and keeps the runs fast enough to explore.
    const std::string_view s(reinterpret_cast<const char*>(data), size < 8192 ? size : 8192);
    cm::ex::DateContext ctx;
    (void)cm::ex::find_dates(s, ctx);
    ctx.published = cm::CivilDate{2020, 3, 24};
    cm::DateSpan prev;
    prev.first = prev.last = cm::CivilDate{2020, 3, 17};
    ctx.previous = prev;
    (void)cm::ex::find_dates(s, ctx);
    (void)cm::ex::parse_publication_date(s);
    return 0;
}
