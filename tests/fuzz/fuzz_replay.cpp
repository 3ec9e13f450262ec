// Fuzz target: replay scripts (`conflictmap view --replay SCRIPT`) — parsed into steps, or refused
// with the file and line of the bad step.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/Error.h"
#include "ui/Replay.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const auto r = cm::ui::Replay::parse(text, "fuzz.replay");
        (void)r.done();
    } catch (const cm::Error&) {
        // refused by name
    }
    return 0;
}
