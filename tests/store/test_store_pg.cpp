// The store on PostgreSQL/PostGIS: the shared suite, the tables really in the database, hostile
// text left as text, team members importing at once without losing each other's rows, and the
// import/export/view commands with --store PG:... . Starts a throwaway cluster (pg_cluster.h);
// skips, saying why, where PostgreSQL or PostGIS is not installed.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/Cli.h"
#include "events/fixture.h"
#include "store/Store.h"
#include "store/pg_cluster.h"
#include "store/store_suite.h"

using namespace cm;

namespace {

cmtest::PgCluster& cluster() {
    static cmtest::PgCluster c;
    return c;
}

int run(std::vector<std::string> args, std::string* err_out = nullptr) {
    std::ostringstream out, err;
    std::istringstream in;
    const int status = cli::run_cli(args, {out, err, in});
    if (err_out) *err_out = err.str();
    return status;
}

void write_csv(const std::string& path, const std::string& prefix, int n) {
    std::ofstream f(path);
    f << "event_id_cnty,event_date,event_type,actor1,fatalities,latitude,longitude,location\n";
    for (int i = 1; i <= n; ++i)
        f << prefix << i << ",2020-04-" << (10 + i % 18) << ",Battles,Test Brigade," << i % 5 << "," << 35.0 + (i % 90) * 0.01
          << "," << 36.5 + (i % 40) * 0.01 << ",Kafr Testa\n";
}

#define NEED_PG()                                                        \
    if (!cluster().available()) {                                        \
        MESSAGE("skipped: no PostGIS test cluster: " << cluster().why()); \
        return;                                                          \
    }

}  // namespace

TEST_CASE("store (PostGIS): the shared suite") {
    NEED_PG();
    cluster().psql("DROP TABLE IF EXISTS events, reports, edits, views, store_meta CASCADE");
    cmtest::store_suite(cluster().connection());
    // The tables are real PostGIS tables, the hostile ids plain rows, every table still there.
    CHECK(cluster().psql("SELECT count(*) FROM events") == "18\n");  // 8, then 10 of every span
    CHECK(cluster().psql("SELECT GeometryType(wkb_geometry) FROM events WHERE id LIKE 'x%DROP%'") == "POINT\n");
    CHECK(cluster().psql("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN "
                         "('events','reports','edits','views','store_meta')") == "5\n");
    // Time windows and boxes run on indexes.
    const std::string idx = cluster().psql("SELECT indexname FROM pg_indexes WHERE tablename = 'events' ORDER BY 1");
    CHECK(idx.find("events_date_start") != std::string::npos);
    CHECK(idx.find("events_span_days") != std::string::npos);
    // A store made before span_days existed gets it filled in when next opened.
    cluster().psql("ALTER TABLE events DROP COLUMN span_days");
    CHECK(cm::store::Store::open(cluster().connection(), false)->event_count() == 18);
    CHECK(cluster().psql("SELECT count(*) FROM events WHERE date_start IS NOT NULL AND span_days = date_end - date_start") == "17\n");
    CHECK(idx.find("events_id_key") != std::string::npos);
    CHECK(idx.find("geom_idx") != std::string::npos);
}

TEST_CASE("store (PostGIS): team members importing at once lose nothing") {
    NEED_PG();
    cluster().psql("DROP TABLE IF EXISTS events, reports, edits, views, store_meta CASCADE");
    cm::test::TempDir dir("store-pg-team");
    // Two analysts' files: 3000 rows each, 1000 of them the same events (same ids).
    write_csv(dir.file("a.csv"), "T", 3000);
    {
        std::ofstream f(dir.file("b.csv"));
        f << "event_id_cnty,event_date,event_type,actor1,fatalities,latitude,longitude,location\n";
        for (int i = 2001; i <= 5000; ++i)
            f << "T" << i << ",2020-05-" << (10 + i % 18) << ",Battles,Other Front,1," << 35.5 << "," << 37.0 << ",Tell Example\n";
    }
    store::Store::open(cluster().connection(), true);  // made once, as a team would
    pid_t kids[2];
    const char* files[2] = {"a.csv", "b.csv"};
    for (int k = 0; k < 2; ++k) {
        kids[k] = fork();
        REQUIRE(kids[k] >= 0);
        if (kids[k] == 0) _exit(run({"import", dir.file(files[k]), "--store", cluster().connection()}));
    }
    for (pid_t p : kids) {
        int status = 0;
        waitpid(p, &status, 0);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    auto s = store::Store::open(cluster().connection(), false);
    CHECK(s->event_count() == 5000);
    CHECK(cluster().psql("SELECT count(DISTINCT id) FROM events") == "5000\n");
    const auto log = s->edits();
    REQUIRE(log.size() == 3);
    CHECK(log[1].events + log[2].events == 5000);
}

TEST_CASE("store (PostGIS): the commands with --store PG:...; the password never printed") {
    NEED_PG();
    cluster().psql("DROP TABLE IF EXISTS events, reports, edits, views, store_meta CASCADE");
    cm::test::TempDir dir("store-pg-cli");
    write_csv(dir.file("a.csv"), "C", 200);
    std::string err;
    // libpq ignores a password the server does not ask for (trust): it must still not be printed.
    const std::string conn = cluster().connection() + " password=s3cret";
    CHECK(run({"import", dir.file("a.csv"), "--store", conn}, &err) == 0);
    INFO(err);
    CHECK(err.find("200 events added") != std::string::npos);
    CHECK(err.find("s3cret") == std::string::npos);
    CHECK(run({"import", dir.file("a.csv"), "--store", conn}, &err) == 0);
    CHECK(err.find("0 events added") != std::string::npos);
    const std::string out = dir.file("out.geojson");
    CHECK(run({"export", "--store", conn, "--from", "2020-04-12", "--to", "2020-04-12", "-o", out}, &err) == 0);
    CHECK(err.find("s3cret") == std::string::npos);
    Diagnostics d;
    const auto day = io::read_events_gpkg(out, d);
    CHECK(!day.empty());
    for (const Event& e : day) CHECK(e.date.first == CivilDate{2020, 4, 12});
    // The viewer opens the store and saves its view there.
    CHECK(run({"view", "--store", conn, "--headless", "--frames", "2", "--size", "640x400"}, &err) == 0);
    CHECK(err.find("s3cret") == std::string::npos);
    CHECK(store::Store::open(cluster().connection(), false)->view().has_value());
    CHECK(cluster().psql("SELECT count(*) FROM views WHERE json LIKE '%camera%'") == "1\n");
}
