// Tests for gazetteer/Packs: adding, listing, refusing, replacing and removing user packs.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "gazetteer/Gazetteer.h"
#include "gazetteer/Packs.h"
#include "gazetteer/Resolver.h"

using namespace cm;
using namespace cm::gaz;
namespace fs = std::filesystem;

namespace {
const std::string kData = CM_TEST_DATA "/gazetteer/";

fs::path fresh_dir(const char* name) {
    const fs::path d = fs::temp_directory_path() / ("conflictmap-test-" + std::string(name) + "-" + std::to_string(::getpid()));
    fs::remove_all(d);
    return d;
}
}  // namespace

TEST_CASE("gazetteer: packs are added, listed, loaded on later runs and removed") {
    const fs::path packs = fresh_dir("packs");
    Diagnostics diag;
    const PackInfo info = add_pack(packs, kData + "my_places.csv", "", false, diag);
    CHECK(info.name == "my_places");
    CHECK(info.entries == 2);
    CHECK(info.skipped == 2);
    CHECK(fs::exists(info.file));
    add_pack(packs, kData + "my_places.geojson", "hills", false, diag);
    const auto listed = list_packs(packs);
    REQUIRE(listed.size() == 2);
    CHECK(listed[0].name == "hills");
    CHECK(listed[1].entries == 2);

    Diagnostics d2;
    auto g = Gazetteer::load(kData + "mini", packs, d2);
    Resolver r(*g);
    Context ctx;
    const Resolution foa = r.resolve("FOA", ctx);
    REQUIRE(foa.entry);
    CHECK(foa.entry->id == "pk:my_places:1");
    CHECK(foa.entry->kind == PlaceKind::Base);
    CHECK(r.resolve("Hill C", ctx).status == Status::Resolved);

    CHECK(remove_pack(packs, "hills"));
    CHECK_FALSE(remove_pack(packs, "hills"));
    CHECK(list_packs(packs).size() == 1);
    fs::remove_all(packs);
}

TEST_CASE("gazetteer: an installed pack is never overwritten silently") {
    const fs::path packs = fresh_dir("replace");
    Diagnostics diag;
    add_pack(packs, kData + "my_places.csv", "mine", false, diag);
    CHECK_THROWS_WITH_AS(add_pack(packs, kData + "my_places.geojson", "mine", false, diag), doctest::Contains("--replace"), Error);
    CHECK(list_packs(packs).at(0).entries == 2);  // the first one is still there
    const PackInfo replaced = add_pack(packs, kData + "my_places.geojson", "mine", true, diag);
    CHECK(replaced.entries == 1);
    fs::remove_all(packs);
}

TEST_CASE("gazetteer: a file with no loadable place is refused and nothing is installed") {
    const fs::path packs = fresh_dir("refuse");
    Diagnostics diag;
    CHECK_THROWS_AS(add_pack(packs, kData + "missing_name.csv", "", false, diag), Error);
    CHECK_THROWS_AS(add_pack(packs, kData + "binary.gpkg", "", false, diag), Error);
    CHECK_THROWS_AS(add_pack(packs, kData + "no-such-file.csv", "", false, diag), Error);
    CHECK(list_packs(packs).empty());
    fs::remove_all(packs);
}

TEST_CASE("gazetteer: a GeoNames country dump is a pack; rows already bundled are not duplicated") {
    const fs::path packs = fresh_dir("geonames");
    Diagnostics diag;
    const PackInfo info = add_pack(packs, kData + "mini/data/geonames_places.txt", "SY", false, diag);
    CHECK(info.entries == 2);
    Diagnostics d2;
    auto g = Gazetteer::load(kData + "mini", packs, d2);
    Resolver r(*g);
    Context ctx;
    const auto cands = r.candidates("Kafr Testa", ctx);
    REQUIRE_FALSE(cands.empty());
    CHECK(std::count_if(cands.begin(), cands.end(), [&](const Candidate& c) { return g->entry(c.entry).id == "gn:900001"; }) == 1);
    fs::remove_all(packs);
}

TEST_CASE("gazetteer: a GeoNames row of a village the bundled places merged is kept once (reads the bundled gazetteer)") {
    // gn:6846 is one of the GeoNames records merged into Ath Thawrah (Tabqa, gn:172374).
    const fs::path packs = fresh_dir("geonames-merged");
    const fs::path dump = packs.parent_path() / "merged-dump.txt";
    {
        std::ofstream out(dump);
        out << "6846\tTabqa Dam Town\tTabqa Dam Town\tTabqa\t35.8303\t38.5401\tP\tPPL\tSY\t\t10\t\t\t\t0\t\t300\tAsia/Damascus\t2020-01-01\n";
    }
    Diagnostics diag;
    add_pack(packs, dump, "merged", false, diag);
    Diagnostics d2;
    auto g = Gazetteer::load(CM_GAZETTEER_DIR, packs, d2);
    const Entry* e = g->find_id("gn:6846");
    REQUIRE(e);
    CHECK(e->id == "gn:172374");  // the merged entry, not a second copy
    Resolver r(*g);
    Context ctx;
    const Resolution res = r.resolve("Tabqa Dam Town", ctx);  // the row's names are kept, on the merged entry
    REQUIRE(res.entry);
    CHECK(res.entry->id == "gn:172374");
    fs::remove_all(packs);
    fs::remove(dump);
}
