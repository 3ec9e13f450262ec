// Kill tests: conflictmap is killed (SIGKILL: no handler, no cleanup) at random moments while it
// writes an export, a briefing or a store import, many times over. After every kill the output
// must be the previous version or the complete new one, never a half file; the store must open
// and hold the events it held before, or those plus the whole import.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "events/fixture.h"
#include "geo/Ogr.h"
#include "store/Store.h"

extern char** environ;

using namespace cm;
using cm::test::TempDir;
namespace fs = std::filesystem;

namespace {

// Kills per output kind. Under the sanitizers (tools/sanitize.sh) every run is several times
// slower and the property is the same: fewer rounds there.
#if defined(__SANITIZE_ADDRESS__)
constexpr int kKills = 4;
#else
constexpr int kKills = 12;
#endif

// An ACLED-style table of n events; `salt` changes every row (so two tables differ throughout).
void write_events_csv(const std::string& path, int n, int salt) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << "event_id_cnty,event_date,latitude,longitude,event_type,fatalities,notes\n";
    for (int i = 0; i < n; ++i) {
        const int day = 1 + (i + salt) % 28;
        f << "K" << salt << "-" << i << ",2020-02-" << (day < 10 ? "0" : "") << day << "," << 32.5 + (i * 37 + salt) % 4000 / 1000.0
          << "," << 36.0 + (i * 53 + salt) % 5000 / 1000.0 << ","
          << (i % 3 == 0 ? "Battles" : i % 3 == 1 ? "Explosions/Remote violence" : "Violence against civilians") << ","
          << (i + salt) % 7 << ",shelling reported near the road " << i << "\n";
    }
}

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

pid_t spawn(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    REQUIRE_MESSAGE(rc == 0, "cannot start " << args[0]);
    return pid;
}

// Runs to the end; returns the exit status and how long it took.
int run_whole(const std::vector<std::string>& args, double& seconds) {
    const auto t0 = std::chrono::steady_clock::now();
    int status = 0;
    waitpid(spawn(args), &status, 0);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Starts it, kills it after `after` seconds (or finds it finished); true if it was killed.
bool run_killed(const std::vector<std::string>& args, double after) {
    const pid_t pid = spawn(args);
    std::this_thread::sleep_for(std::chrono::duration<double>(after));
    const bool killed = ::kill(pid, SIGKILL) == 0;
    int status = 0;
    waitpid(pid, &status, 0);
    return killed && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

long long feature_count(const std::string& path) {
    geo::init_gdal();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds || ds->GetLayerCount() < 1) return -1;
    return ds->GetLayer(0)->GetFeatureCount(TRUE);
}

}  // namespace

TEST_CASE("kill: exports and briefings killed at random moments leave the previous or the whole new file") {
    TempDir dir("kill-out");
    const std::string a = dir.file("a.csv"), b = dir.file("b.csv");
    write_events_csv(a, 30000, 1);
    write_events_csv(b, 36000, 2);
    std::mt19937 rng(20261207);
    int killed_total = 0;

    struct Kind {
        std::string output;
        std::vector<std::string> extra;  // arguments after the input
        std::string command;             // export | render
    };
    const std::vector<Kind> kinds = {
        {dir.file("out.geojson"), {}, "export"},
        {dir.file("out.csv"), {"--schema", "acled"}, "export"},
        {dir.file("briefing.png"), {"--size", "640x400", "--from", "2020-02-01", "--to", "2020-02-29"}, "render"},
    };
    for (const Kind& k : kinds) {
        CAPTURE(k.output);
        auto cmd = [&](const std::string& input) {
            std::vector<std::string> v = {CM_CONFLICTMAP_EXE, k.command, input, "-o", k.output};
            v.insert(v.end(), k.extra.begin(), k.extra.end());
            return v;
        };
        // The two complete versions, written at the same path.
        double seconds_a = 0, seconds_b = 0;
        REQUIRE(run_whole(cmd(a), seconds_a) == 0);
        const std::string whole_a = slurp(k.output);
        REQUIRE(run_whole(cmd(b), seconds_b) == 0);
        const std::string whole_b = slurp(k.output);
        REQUIRE(!whole_a.empty());
        REQUIRE(whole_a != whole_b);
        std::uniform_real_distribution<double> when(0.0, 1.1 * std::max(seconds_a, seconds_b));
        for (int i = 0; i < kKills; ++i) {
            const bool to_a = i % 2 == 0;  // now B is there: write A, then B, ...
            const double after = when(rng);
            CAPTURE(i);
            CAPTURE(after);
            killed_total += run_killed(cmd(to_a ? a : b), after) ? 1 : 0;
            const std::string now = slurp(k.output);
            CHECK_MESSAGE((now == whole_a || now == whole_b), "a half-written " << k.output << " (" << now.size() << " bytes)");
        }
    }
    // Most runs must really have been killed mid-way, or the test proves nothing.
    MESSAGE("killed " << killed_total << " of " << kinds.size() * kKills << " runs");
    CHECK(killed_total >= static_cast<int>(kinds.size()) * kKills / 2);
}

TEST_CASE("kill: a GeoPackage export and a store import killed at random moments leave a whole file and a store as it was or with all") {
    TempDir dir("kill-store");
    const std::string a = dir.file("a.csv"), b = dir.file("b.csv");
    write_events_csv(a, 20000, 3);
    write_events_csv(b, 25000, 4);
    std::mt19937 rng(7);
    int killed = 0;

    SUBCASE("GeoPackage export") {
        const std::string out = dir.file("out.gpkg");
        double sa = 0, sb = 0;
        REQUIRE(run_whole({CM_CONFLICTMAP_EXE, "export", a, "-o", out}, sa) == 0);
        REQUIRE(feature_count(out) == 20000);
        REQUIRE(run_whole({CM_CONFLICTMAP_EXE, "export", b, "-o", out}, sb) == 0);
        REQUIRE(feature_count(out) == 25000);
        std::uniform_real_distribution<double> when(0.0, 1.1 * std::max(sa, sb));
        for (int i = 0; i < kKills; ++i) {
            killed += run_killed({CM_CONFLICTMAP_EXE, "export", i % 2 ? b : a, "-o", out}, when(rng)) ? 1 : 0;
            const long long n = feature_count(out);
            CHECK_MESSAGE((n == 20000 || n == 25000), "round " << i << ": " << n << " features");
        }
    }
    SUBCASE("store import") {
        const std::string base = dir.file("base.gpkg"), st = dir.file("store.gpkg");
        double s0 = 0, s1 = 0;
        REQUIRE(run_whole({CM_CONFLICTMAP_EXE, "import", a, "--store", base}, s0) == 0);
        fs::copy_file(base, dir.file("full.gpkg"));
        REQUIRE(run_whole({CM_CONFLICTMAP_EXE, "import", b, "--store", dir.file("full.gpkg")}, s1) == 0);
        std::uniform_real_distribution<double> when(0.0, 1.1 * s1);
        for (int i = 0; i < kKills; ++i) {
            fs::copy_file(base, st, fs::copy_options::overwrite_existing);
            for (const char* side : {"-journal", "-wal", "-shm"}) fs::remove(st + side);
            killed += run_killed({CM_CONFLICTMAP_EXE, "import", b, "--store", st}, when(rng)) ? 1 : 0;
            // Opened for writing, as the next import would: SQLite rolls a hot journal back.
            auto s = store::Store::open(st, false);
            const std::size_t n = s->event_count();
            CHECK_MESSAGE((n == 20000 || n == 45000), "round " << i << ": " << n << " events");
            Diagnostics diag;
            std::size_t read = 0;
            s->read(diag, [&](Event&&) { ++read; });
            CHECK(read == n);
        }
    }
    MESSAGE("killed " << killed << " of " << kKills << " runs");
    CHECK(killed >= kKills / 2);
}
