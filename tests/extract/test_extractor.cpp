// Tests for extract/Extractor and extract/Eval: the project's own fixture report gives its
// expected events; the shared seed reports, when present, are scored against the shared gold.
#include <doctest/doctest.h>

#include <filesystem>

#include "extract/Eval.h"
#include "extract/Extractor.h"
#include "gazetteer/Gazetteer.h"
#include "geo/Geodesic.h"
#include "geo/Shapes.h"

using namespace cm;
namespace fs = std::filesystem;

namespace {

const gaz::Resolver& resolver() {
    static const std::unique_ptr<gaz::Gazetteer> g = [] {
        Diagnostics d;
        return gaz::Gazetteer::load(CM_GAZETTEER_DIR, {}, d);
    }();
    static const gaz::Resolver r(*g);
    return r;
}

const std::string kFixture = CM_TEST_DATA "/extract/000_fixture_desert_and_m4.md";

const Event* find_kind(const std::vector<Event>& ev, const std::string& kind) {
    for (const auto& e : ev)
        if (e.kind == kind) return &e;
    return nullptr;
}

}  // namespace

TEST_CASE("extract: the fixture report gives its four incidents, dated, typed and located") {
    const ex::Report report = ex::load_report(kFixture);
    const ex::Extraction x = ex::extract_events(report, resolver());
    for (const auto& e : x.events) MESSAGE(e.summary);
    std::size_t incidents = 0;
    for (const auto& e : x.events) incidents += e.shape != EventShape::Zone;
    CHECK(incidents == 4);

    const Event* patrol = find_kind(x.events, "joint patrol");
    REQUIRE(patrol);
    CHECK(patrol->date.first.iso() == "2021-04-09");
    CHECK(patrol->shape == EventShape::Route);
    REQUIRE(patrol->location.geometry.type == GeomType::LineString);
    CHECK(geo::distance_km(patrol->location.geometry.parts[0].front(), {36.8059, 35.8645}) < 2);
    CHECK(patrol->actor1.size() >= 2);

    const Event* ied = find_kind(x.events, "IED attack");
    REQUIRE(ied);
    CHECK(ied->date.first.iso() == "2021-04-08");
    CHECK(ied->type == EventType::ExplosionsRemoteViolence);
    CHECK(ied->casualties.killed.best == 2);
    CHECK(geo::distance_km({40.0705, 36.8503}, ied->location.geometry) < 5);

    const Event* release = find_kind(x.events, "prisoner release");
    REQUIRE(release);
    CHECK(release->date.first.iso() == "2021-04-07");

    // Provenance: the sentence the event came from, and a stable id.
    CHECK(ied->provenance.text.find("IED") != std::string::npos);
    CHECK(report.text.substr(ied->provenance.begin, ied->provenance.end - ied->provenance.begin) == ied->provenance.text);
    const ex::Extraction again = ex::extract_events(ex::load_report(kFixture), resolver());
    REQUIRE(again.events.size() == x.events.size());
    for (std::size_t i = 0; i < x.events.size(); ++i) CHECK(again.events[i].id == x.events[i].id);
}

TEST_CASE("extract: no publication date means undated events, never a guessed day") {
    const ex::Report r = ex::parse_report("On Saturday, ISIS cells attacked a checkpoint near al-Sukhna, killing 2 soldiers.", "x.txt");
    const ex::Extraction x = ex::extract_events(r, resolver());
    REQUIRE(x.events.size() == 1);
    CHECK_FALSE(x.events[0].date.valid());
    CHECK_FALSE(x.warnings.empty());
    ex::ExtractOptions o;
    o.date = CivilDate{2021, 4, 12};  // a Monday
    const ex::Extraction dated = ex::extract_events(r, resolver(), o);
    REQUIRE(dated.events.size() == 1);
    CHECK(dated.events[0].date.first.iso() == "2021-04-10");
}

TEST_CASE("extract: eval scores the fixture against its own gold") {
    Diagnostics d;
    const auto gold = ex::read_gold(CM_TEST_DATA "/extract/fixture_gold.jsonl", d);
    REQUIRE(gold.size() == 4);
    const ex::Extraction x = ex::extract_events(ex::load_report(kFixture), resolver());
    const ex::EvalResult r = ex::evaluate(x.events, gold);
    CHECK(r.total.matched == 4);
    CHECK(r.total.events == 4);
    CHECK(r.total.day_dates_exact == r.total.day_dates);
}

TEST_CASE("extract: the seed reports against the shared gold (reads ../shared)") {
    const fs::path seeds = fs::path(CM_SHARED_DIR) / "seeds";
    const fs::path gold_file = fs::path(CM_SHARED_DIR) / "gold" / "seeds_events.jsonl";
    if (!fs::is_directory(seeds) || !fs::exists(gold_file)) {
        MESSAGE("skipped: ../shared/seeds or ../shared/gold not present");
        return;
    }
    std::vector<Event> all;
    for (const auto& de : fs::directory_iterator(seeds)) {
        const ex::Extraction x = ex::extract_events(ex::load_report(de.path()), resolver());
        all.insert(all.end(), x.events.begin(), x.events.end());
    }
    Diagnostics d;
    const ex::EvalResult r = ex::evaluate(all, ex::read_gold(gold_file.string(), d));
    const double recall = 100.0 * r.total.matched / r.total.gold;
    const double precision = r.total.events ? 100.0 * r.total.matched / r.total.events : 0;
    MESSAGE("seed gold: recall ", recall, "%, precision ", precision, "%, ", r.total.matched, "/", r.total.gold,
            " matched, ", r.total.events, " events");
    for (const auto& m : r.total.missed) MESSAGE("missed: ", m);
    // The aims: recall and precision of at least 90 % (measured: 100 % and 92 %).
    CHECK(recall >= 90);
    CHECK(precision >= 90);
    CHECK(r.total.day_dates_exact * 100 >= 85 * r.total.day_dates);
}
