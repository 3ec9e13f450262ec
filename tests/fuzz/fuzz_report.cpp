// Fuzz target: a report's bytes as text, Markdown or HTML — cleanup, sentences, dates, places,
// actors, kinds and the events made of them. Nothing may crash, hang or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extract/Extractor.h"
#include "extract/Report.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 200000) return 0;  // the limits test covers the large; here, many shapes
    const std::string_view raw(reinterpret_cast<const char*>(data), size);
    const cm::ex::ReportFormat formats[] = {cm::ex::ReportFormat::Auto, cm::ex::ReportFormat::Markdown,
                                            cm::ex::ReportFormat::Html};
    const cm::ex::Report r = cm::ex::parse_report(raw, "fuzz", formats[size % 3]);
    (void)cm::ex::extract_events(r, cmfuzz::resolver());
    return 0;
}
