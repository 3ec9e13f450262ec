// Tests for core/Utf8 and core/Error.
#include <doctest/doctest.h>

#include "core/Error.h"
#include "core/Utf8.h"

using namespace cm;

TEST_CASE("core: utf8_next decodes valid sequences and replaces broken ones") {
    const std::string s = "a\xC3\xA9\xE2\x80\x93\xF0\x9F\x98\x80";  // a é – 😀
    std::size_t i = 0;
    CHECK(utf8_next(s, i) == U'a');
    CHECK(utf8_next(s, i) == 0xE9);
    CHECK(utf8_next(s, i) == 0x2013);
    CHECK(utf8_next(s, i) == 0x1F600);
    CHECK(i == s.size());
    const std::string bad = "\xC3(\xE2\x28\xA1\xF0\x90\x80\xC0\xAF";
    i = 0;
    int n = 0;
    while (i < bad.size()) {
        utf8_next(bad, i);
        ++n;
    }
    CHECK(n >= 5);  // terminated, byte by byte through the garbage
    CHECK_FALSE(utf8_valid(bad));
    CHECK(utf8_valid("Saraqib سراقب"));
}

TEST_CASE("core: utf8_sanitize replaces control characters and keeps text") {
    CHECK(utf8_sanitize("Deir\x01" "ez\tZor") == "Deir ez Zor");
    CHECK(utf8_valid(utf8_sanitize("\xFF\xFEname")));
}

TEST_CASE("core: Error carries file and line in what()") {
    const Error e("bad row", "places.csv", 12);
    CHECK(std::string(e.what()) == "places.csv:12: bad row");
    CHECK(e.line() == 12);
    Diagnostics d;
    d.warn("x.txt", 3, "skipped");
    REQUIRE(d.count() == 1);
    CHECK(d.all()[0].to_string() == "x.txt:3: warning: skipped");
}
