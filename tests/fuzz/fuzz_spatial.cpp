// Fuzz target: name folding, consonant skeletons, edit distances, and spatial phrases ("10 km west
// of X", "between X and Y", "the eastern countryside of Z") resolved against the bundled gazetteer.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "gazetteer/Fold.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 4000) return 0;
    const std::string_view s(reinterpret_cast<const char*>(data), size);
    const std::string folded = cm::gaz::fold_name(s);
    (void)cm::gaz::skeleton_of_folded(folded);
    (void)cm::gaz::edit_distance(folded, s, 3);
    cm::gaz::Context ctx;
    (void)cmfuzz::resolver().resolve(s, ctx);
    (void)cmfuzz::resolver().context_from_text(s);
    return 0;
}
