// Fuzz target: the saved view (view.json, or a store's views table) as any text: restored or
// refused with a message, never a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/Error.h"
#include "ui/ViewState.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    cm::ui::ViewState v;
    cm::Diagnostics diag;
    if (v.from_json(text, "fuzz", diag)) (void)v.to_json();
    return 0;
}
