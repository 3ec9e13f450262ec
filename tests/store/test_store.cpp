// Tests for the store (store/Store.h) on GeoPackage: schema, idempotent imports, every field back,
// time-window and box queries, saved views, the edit log, hostile text, a process killed while it
// writes, and the import command. The same suite runs against PostGIS in test_store_pg when a
// throwaway cluster can be started (tests/store/test_store_pg.cpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <random>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

#include <ogrsf_frmts.h>

#include "cli/Cli.h"
#include "events/fixture.h"
#include "io/EventImport.h"
#include "store/Store.h"
#include "store/store_suite.h"

using namespace cm;
using cm::test::TempDir;

namespace {

struct Run {
    int status;
    std::string out, err;
};

Run run(std::vector<std::string> args) {
    std::ostringstream out, err;
    std::istringstream in;
    const int status = cli::run_cli(args, {out, err, in});
    return {status, out.str(), err.str()};
}

/// An ACLED-like CSV of n rows (ids A1..An), one of them bad when bad_row > 0.
void write_csv(const std::string& path, int n, int bad_row = 0) {
    std::ofstream f(path);
    f << "event_id_cnty,event_date,event_type,actor1,fatalities,latitude,longitude,location,notes\n";
    for (int i = 1; i <= n; ++i) {
        const int day = 1 + (i % 28);
        f << "A" << i << "," << (i == bad_row ? std::string("2020-13-45") : "2020-03-" + std::string(day < 10 ? "0" : "") + std::to_string(day))
          << ",Battles,Test Brigade," << (i % 7) << "," << 35.0 + (i % 100) * 0.01 << "," << 36.5 + (i % 50) * 0.01
          << ",Kafr Testa,row " << i << " notes\n";
    }
}

}  // namespace

TEST_CASE("store (GeoPackage): the shared suite") {
    TempDir dir("store-gpkg");
    cmtest::store_suite(dir.file("work.gpkg"));
    // A store made before span_days existed gets it filled in when next opened, and its windows
    // still find every event.
    {
        GDALDatasetUniquePtr ds(GDALDataset::Open(dir.file("work.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
        REQUIRE(ds);
        ds->ExecuteSQL("DROP INDEX events_span_days", nullptr, nullptr);
        ds->ExecuteSQL("ALTER TABLE events DROP COLUMN span_days", nullptr, nullptr);
        CHECK(ds->GetLayerByName("events")->GetLayerDefn()->GetFieldIndex("span_days") < 0);
    }
    auto s = store::Store::open(dir.file("work.gpkg"), false);
    CHECK(s->event_count() == 18);
    std::size_t n = 0;
    store::StoreQuery w;
    w.from = CivilDate{2019, 6, 1};
    w.to = CivilDate{2019, 6, 30};
    Diagnostics d;
    s->read(d, [&](Event&&) { ++n; }, w);
    CHECK(n == 7);  // the spans of the suite that overlap June 2019
}

TEST_CASE("store: a missing store is made only when asked; other files are refused by name") {
    TempDir dir("store-open");
    CHECK_THROWS_WITH_AS(store::Store::open(dir.file("none.gpkg"), false), doctest::Contains("no such store"), Error);
    CHECK_THROWS_WITH_AS(store::Store::open(dir.file("work.txt"), true), doctest::Contains("GeoPackage"), Error);
    {
        std::ofstream(dir.file("junk.gpkg")) << "not a database at all\n";
    }
    CHECK_THROWS_AS(store::Store::open(dir.file("junk.gpkg"), true), Error);
    // A GeoPackage written by export is adopted by import (its events kept), refused by view.
    const std::string exported = dir.file("export.gpkg");
    io::write_events_gpkg({cm::test::full_event()}, exported);
    CHECK_THROWS_WITH_AS(store::Store::open(exported, false), doctest::Contains("not a conflictmap store"), Error);
    auto s = store::Store::open(exported, true);
    CHECK(s->event_count() == 1);
    CHECK(s->add({cm::test::full_event()}, {}, "again").added == 0);
}

TEST_CASE("store: passwords never appear in names or messages") {
    CHECK(store::printable("PG:dbname=cm host=db password=s3cret user=me") == "PG:dbname=cm host=db password=*** user=me");
    CHECK(store::printable("PG:dbname=cm password='a b\\'c' host=x") == "PG:dbname=cm password=*** host=x");
    CHECK(store::printable("postgresql://me:s3cret@db/cm") == "postgresql://me:***@db/cm");
    CHECK(store::printable("/tmp/work.gpkg") == "/tmp/work.gpkg");
    // A connection that fails says so without the password (nothing listens on port 1).
    try {
        store::Store::open("PG:dbname=none host=127.0.0.1 port=1 password=s3cret connect_timeout=2", false);
        FAIL("connected to nothing");
    } catch (const Error& e) {
        const std::string m = e.what();
        CHECK(m.find("s3cret") == std::string::npos);
        CHECK(m.find("password=***") != std::string::npos);
    }
}

TEST_CASE("store: import command — files and reports in, twice adds nothing, bad rows said, dry run writes nothing") {
    TempDir dir("store-cli");
    const std::string csv = dir.file("acled.csv"), st = dir.file("work.gpkg");
    write_csv(csv, 50, 17);
    const Run dry = run({"import", csv, "--store", st, "--dry-run"});
    CHECK(dry.status == 1);  // a bad row
    CHECK(dry.err.find("nothing written") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(st));
    const Run first = run({"import", csv, "--store", st});
    INFO(first.err);
    CHECK(first.status == 1);
    CHECK(first.err.find("acled.csv:18") != std::string::npos);  // row 17 is line 18
    CHECK(first.err.find("49 events added") != std::string::npos);
    const Run again = run({"import", csv, "--store", st});
    CHECK(again.err.find("0 events added") != std::string::npos);
    CHECK(again.err.find("49 already there") != std::string::npos);
    auto s = store::Store::open(st, false);
    CHECK(s->event_count() == 49);
    const auto log = s->edits();
    REQUIRE(log.size() == 3);
    CHECK(log[0].action == "create");
    CHECK(log[1].action == "import");
    CHECK(log[1].events == 49);
    CHECK(log[2].events == 0);
    // Export from the store: the time window runs on the store's events.
    const std::string out = dir.file("week.geojson");
    const Run ex = run({"export", "--store", st, "--from", "2020-03-01", "--to", "2020-03-07", "-o", out});
    INFO(ex.err);
    CHECK(ex.status == 0);
    Diagnostics d;
    const auto week = io::read_events_gpkg(out, d);
    CHECK(!week.empty());
    for (const Event& e : week) CHECK(e.date.first <= CivilDate{2020, 3, 7});
    // A view of it on the command line needs a store that exists.
    CHECK(run({"view", "--store", dir.file("missing.gpkg"), "--headless", "--frames", "1"}).status != 0);
}

TEST_CASE("store: reports imported keep their text; the same report twice is one") {
    const std::filesystem::path seeds = std::filesystem::path(CM_SHARED_DIR) / "data" / "syrian-archive-dev";
    if (!std::filesystem::exists(seeds)) {
        MESSAGE("skipped: " << seeds.string() << " not present");
        return;
    }
    TempDir dir("store-reports");
    const std::string st = dir.file("work.gpkg");
    const Run first = run({"import", seeds.string(), "--store", st});
    INFO(first.err);
    CHECK(first.status == 0);
    auto count_reports = [&] { return store::Store::open(st, false)->reports().size(); };
    const std::size_t n = count_reports();
    CHECK(n == 9);
    const std::size_t events = store::Store::open(st, false)->event_count();
    CHECK(events >= 9);
    run({"import", seeds.string(), "--store", st});
    CHECK(count_reports() == n);
    CHECK(store::Store::open(st, false)->event_count() == events);
    for (const auto& r : store::Store::open(st, false)->reports()) {
        CHECK(r.id.rfind("rp-", 0) == 0);
        CHECK(r.text.size() > 200);
    }
}

TEST_CASE("store: a process killed while it imports leaves the store as before or as after, never half") {
    TempDir dir("store-kill");
    const std::string csv = dir.file("big.csv"), st = dir.file("work.gpkg");
    write_csv(csv, 20000);
    // A store with 10 events in it first.
    {
        auto s = store::Store::open(st, true);
        std::vector<Event> ten;
        for (int i = 0; i < 10; ++i) ten.push_back(cm::test::point_event("pre-" + std::to_string(i), "2020-01-01", "2020-01-01"));
        s->add(ten, {}, "before");
    }
    std::mt19937 rng(12345);
    int before = 0, after = 0;
    for (int round = 0; round < 8; ++round) {
        const pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            std::ostringstream out, err;
            std::istringstream in;
            const int status = cli::run_cli({"import", csv, "--store", st}, {out, err, in});
            _exit(status);
        }
        // Anywhere from the start to well after a whole import (about 0.5 s here).
        std::uniform_int_distribution<int> wait_ms(0, 900);
        usleep(static_cast<useconds_t>(wait_ms(rng)) * 1000);
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        auto s = store::Store::open(st, false);
        const std::size_t n = s->event_count();
        INFO("round " << round << ": " << n << " events");
        CHECK((n == 10 || n == 20010));
        (n == 10 ? before : after) += 1;
        // Whatever the store holds reads back whole.
        Diagnostics d;
        std::size_t read = 0;
        s->read(d, [&](Event&&) { ++read; });
        CHECK(read == n);
        if (n == 20010) {
            // Done: put it back so the next round has work to be killed in.
            s.reset();
            std::filesystem::remove(st);
            auto fresh = store::Store::open(st, true);
            std::vector<Event> ten;
            for (int i = 0; i < 10; ++i) ten.push_back(cm::test::point_event("pre-" + std::to_string(i), "2020-01-01", "2020-01-01"));
            fresh->add(ten, {}, "before");
        }
    }
    MESSAGE("killed imports: " << before << " left the store as before, " << after << " had finished");
}

TEST_CASE("store: gazetteer packs kept in the store are the team's places, not the user's folder") {
    TempDir dir("store-packs");
    const std::string st = dir.file("team.gpkg"), data = dir.file("data"), pack = dir.file("team-places.csv");
    {
        std::ofstream f(pack);
        f << "name,lat,lon,variants,kind\nKafr Teamtestia,35.712,36.634,Kfar Teamtestia,place\nNo Coordinates,,,,place\n";
    }
    write_csv(dir.file("events.csv"), 3);
    REQUIRE(run({"import", dir.file("events.csv"), "--store", st}).status == 0);
    const Run added = run({"gazetteer", "add", pack, "--store", st, "--data-dir", data});
    INFO(added.err);
    CHECK(added.status == 1);  // added, but a row was left out: said in the exit status and the last line
    CHECK(added.out.find("added pack 'team-places' to") != std::string::npos);
    CHECK(added.err.find("team-places.csv:3: warning: no geometry") != std::string::npos);  // the bad row is named
    const std::string last = "1 row skipped (see above); the rest of each pack was added\n";
    CHECK(added.err.size() >= last.size());
    CHECK(added.err.compare(added.err.size() - std::min(last.size(), added.err.size()), last.size(), last) == 0);  // the last line
    CHECK_FALSE(std::filesystem::exists(data + "/gazetteer/packs/team-places.csv"));  // not the user's folder
    // Opened on the store, the place is known; without it, not.
    const Run with = run({"geocode", "Kfar Teamtestia", "--store", st, "--data-dir", data, "--format", "json"});
    INFO(with.out, with.err);
    CHECK(with.out.find("\"status\": \"resolved\"") != std::string::npos);
    CHECK(with.out.find("sp:team-places:") != std::string::npos);
    const Run without = run({"geocode", "Kfar Teamtestia", "--data-dir", data, "--format", "json"});
    CHECK(without.out.find("sp:team-places:") == std::string::npos);
    // Listed as the store's; added twice only with --replace; removed by name; logged.
    const Run list = run({"gazetteer", "list", "--store", st, "--data-dir", data});
    CHECK(list.out.find("store packs (") != std::string::npos);
    CHECK(list.out.find("team-places: 1 entries") != std::string::npos);
    CHECK(run({"gazetteer", "add", pack, "--store", st, "--data-dir", data}).status == 1);
    CHECK(run({"gazetteer", "add", pack, "--store", st, "--data-dir", data, "--replace"}).out.find("added pack") == 0);
    CHECK(run({"gazetteer", "remove", "team-places", "--store", st, "--data-dir", data}).status == 0);
    CHECK(run({"gazetteer", "remove", "team-places", "--store", st, "--data-dir", data}).status == 1);
    auto s = store::Store::open(st, false);
    CHECK(s->packs().empty());
    int logged = 0;
    for (const auto& e : s->edits()) logged += e.action == "gazetteer";
    CHECK(logged == 3);
    // A pack name cannot write outside the scratch folder it is handed over in.
    const Run hostile = run({"gazetteer", "add", pack, "--store", st, "--data-dir", data, "--name", "../../escape"});
    CHECK(hostile.out.find("added pack") == 0);
    CHECK_FALSE(std::filesystem::exists(dir.file("escape.csv")));
    CHECK_FALSE(std::filesystem::exists("/tmp/escape.csv"));
}

TEST_CASE("store: a damaged store found by fuzzing (GDAL's batches empty without end) is read to where it breaks, said") {
    // tests/fuzz/regressions/fuzz_store/empty_batches.gpkg: a store GeoPackage with bytes changed
    // by the fuzzer; SQLite calls it malformed. Before, reading it never ended.
    const std::string damaged = std::string(CM_SOURCE_DIR) + "/tests/fuzz/regressions/fuzz_store/empty_batches.gpkg";
    Diagnostics diag;
    std::size_t n = 0;
    const auto res = io::import_events({damaged}, diag, {}, [&](Event&&) { ++n; });
    std::string all;
    for (const auto& d : diag.all()) all += d.to_string() + "\n";
    INFO(all);
    CHECK(res.files_failed == 1);
    CHECK(res.files_read == 0);
    CHECK(all.find("read stopped after") != std::string::npos);
    CHECK(n <= 3);
}
