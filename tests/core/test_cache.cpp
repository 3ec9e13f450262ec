// Tests for core/Cache: keys, atomic writes, reads that mark a file used, and pruning.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "core/Cache.h"

using namespace cm;
namespace fs = std::filesystem;

namespace {
fs::path cache_test_dir(const std::string& name) {
    const fs::path d = fs::temp_directory_path() / ("cm-test-cache-" + std::to_string(::getpid())) / name;
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}
}  // namespace

TEST_CASE("cache: a key changes with what it was made from") {
    const fs::path dir = cache_test_dir("key");
    std::ofstream(dir / "a.txt") << "one";
    const std::uint64_t k1 = cache::Key().add("recipe").add_files(dir).value();
    CHECK(cache::Key().add("recipe").add_files(dir).value() == k1);
    CHECK(cache::Key().add("other").add_files(dir).value() != k1);
    std::ofstream(dir / "a.txt") << "one more";  // another size
    CHECK(cache::Key().add("recipe").add_files(dir).value() != k1);
    std::ofstream(dir / "b.txt") << "x";  // another file
    const std::uint64_t k2 = cache::Key().add("recipe").add_files(dir).value();
    CHECK(cache::Key().add("recipe").add_files(dir / "a.txt").value() != k2);
}

TEST_CASE("cache: written whole, read back, the last few of a kind kept") {
    const fs::path dir = cache_test_dir("prune");
    auto name = [&](const std::string& kind, int i) {
        char hex[20];
        std::snprintf(hex, sizeof hex, "%016x", i);
        return dir / (kind + "-" + hex + ".bin");
    };
    // Six files of one kind, each older than the next, and one of another kind.
    const auto now = fs::file_time_type::clock::now();
    for (int i = 0; i < 6; ++i) {
        std::ofstream(name("font-atlas", i)) << i;
        fs::last_write_time(name("font-atlas", i), now - std::chrono::hours(10 - i));
    }
    std::ofstream(name("basemap-places", 0)) << "p";
    std::ofstream(dir / "notes.txt") << "not a cache file";
    // Reading the oldest marks it used: it survives the pruning below.
    const auto old = cache::read(name("font-atlas", 0), 100);
    REQUIRE(old);
    CHECK(*old == "0");
    CHECK_FALSE(cache::read(name("font-atlas", 1), 0));  // larger than allowed
    CHECK_FALSE(cache::read(dir / "missing.bin", 100));

    cache::write(name("font-atlas", 99), "new", 4);
    CHECK(cache::read(name("font-atlas", 99), 100) == std::optional<std::string>("new"));
    // The new one, the one just read and the two most recent others stay.
    CHECK(fs::exists(name("font-atlas", 99)));
    CHECK(fs::exists(name("font-atlas", 0)));
    CHECK(fs::exists(name("font-atlas", 5)));
    CHECK(fs::exists(name("font-atlas", 4)));
    CHECK_FALSE(fs::exists(name("font-atlas", 3)));
    CHECK_FALSE(fs::exists(name("font-atlas", 2)));
    CHECK_FALSE(fs::exists(name("font-atlas", 1)));
    // Other kinds and other files are not touched; no temporary file is left.
    CHECK(fs::exists(name("basemap-places", 0)));
    CHECK(fs::exists(dir / "notes.txt"));
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        ++files;
        CHECK(e.path().string().find(".tmp") == std::string::npos);
    }
    CHECK(files == 6);

    // A folder that cannot be written: an error naming the file, nothing left behind.
    CHECK_THROWS(cache::write("/proc/conflictmap-no-cache/x-0000000000000000.bin", "x"));
    fs::remove_all(dir.parent_path());
}

TEST_CASE("cache: the reader stops at the end of the bytes") {
    std::string bytes;
    cache::put(bytes, std::uint32_t{7});
    bytes += "abc";
    cache::Reader r(bytes);
    std::uint32_t v = 0;
    REQUIRE(r.get(v));
    CHECK(v == 7);
    std::string s;
    CHECK_FALSE(r.get(s, 4));
    REQUIRE(r.get(s, 3));
    CHECK(s == "abc");
    CHECK(r.left() == 0);
    CHECK_FALSE(r.get(v));
}
