// Tests for the command line as a library (cli/Cli.h): exit codes, --help from the option
// tables, geocode output formats, and the gazetteer pack commands.
#include <doctest/doctest.h>

#include <filesystem>
#include <unistd.h>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/Cli.h"
#include "io/EventGeoJson.h"
#include "io/EventGpkg.h"
#include "geo/Geodesic.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Run {
    int status;
    std::string out, err;
};

Run run(std::vector<std::string> args, const std::string& input = {}) {
    std::ostringstream out, err;
    std::istringstream in(input);
    const int status = cm::cli::run_cli(args, {out, err, in});
    return {status, out.str(), err.str()};
}

}  // namespace

TEST_CASE("cli: usage errors exit 2 with a message; help and version exit 0") {
    CHECK(run({"--help"}).status == 0);
    CHECK(run({"--help"}).out.find("geocode") != std::string::npos);
    CHECK(run({"--version"}).status == 0);
    const Run bad = run({"frobnicate"});
    CHECK(bad.status == 2);
    CHECK(bad.err.find("unknown command 'frobnicate'") != std::string::npos);
    CHECK(run({"geocode"}).status == 2);
    CHECK(run({"geocode", "--format", "xml", "Saraqib"}).status == 2);
    CHECK(run({"geocode", "--no-such-option", "Saraqib"}).err.find("unknown option '--no-such-option'") != std::string::npos);
    CHECK(run({"geocode", "--context"}).status == 2);
    const Run help = run({"geocode", "--help"});
    CHECK(help.status == 0);
    for (const char* opt : {"--context", "--format", "--kind", "--gazetteer-dir", "--no-packs"})
        CHECK(help.out.find(opt) != std::string::npos);
}

TEST_CASE("cli: geocode --format json gives the documented fields for each phrase") {
    const Run r = run({"geocode", "--no-packs", "--format", "json", "Saraqib", "along the M4 west of Saraqib", "Xqzwv Plorf"});
    CHECK(r.status == 1);  // one phrase is unresolved
    CHECK(r.err.find("1 of 3 phrases unresolved") != std::string::npos);
    const json j = json::parse(r.out);
    REQUIRE(j.is_array());
    REQUIRE(j.size() == 3);
    for (const char* k : {"query", "status", "name", "kind", "lat", "lon", "precision", "geometry", "source", "candidates"})
        for (const auto& o : j) CHECK_MESSAGE(o.contains(k), k);
    CHECK(j[0]["status"] == "resolved");
    CHECK(j[0]["name"] == "Saraqib");
    CHECK(j[0]["kind"] == "place");
    CHECK(j[0]["precision"] == 1);
    CHECK(j[0]["geometry"]["type"] == "Point");
    CHECK(j[0]["source"].get<std::string>().find("GeoNames") != std::string::npos);
    CHECK(j[1]["geometry"]["type"] == "LineString");
    CHECK(j[1]["precision"] == 2);
    CHECK(j[2]["status"] == "unresolved");
    CHECK(j[2]["geometry"].is_null());
    CHECK(j[2].contains("message"));
}

TEST_CASE("cli: geocode --format geojson is an RFC 7946 FeatureCollection") {
    const Run r = run({"geocode", "--no-packs", "-f", "geojson", "the al-Tanf zone", "Palmyra"});
    CHECK(r.status == 0);
    const json fc = json::parse(r.out);
    CHECK(fc["type"] == "FeatureCollection");
    REQUIRE(fc["features"].size() == 2);
    CHECK(fc["features"][0]["geometry"]["type"] == "Polygon");
    CHECK(fc["features"][0]["properties"]["kind"] == "zone");
    const auto& ring = fc["features"][0]["geometry"]["coordinates"][0];
    CHECK(ring.front() == ring.back());
    CHECK(fc["features"][1]["properties"]["name"] == "Tadmur");
}

TEST_CASE("cli: geocode reads phrases from stdin with '-' and uses --context") {
    const Run r = run({"geocode", "--no-packs", "-f", "json", "-"}, "Saraqib\n\nPalmyra\r\n");
    CHECK(r.status == 0);
    CHECK(json::parse(r.out).size() == 2);
    const Run ctx = run({"geocode", "--no-packs", "-f", "json", "--context", "shelling in Hama province", "Khattab"});
    const json j = json::parse(ctx.out);
    CHECK(j[0]["status"] == "resolved");
    CHECK(j[0]["admin1"] == "SY-HM");
}

TEST_CASE("cli: geocode table output and hostile phrases") {
    const Run r = run({"geocode", "--no-packs", "Deir ez-Zor", "", std::string(5000, 'q'), "\xFF\xFE"});
    CHECK(r.status == 1);
    CHECK(r.out.find("Deir ez-Zor") != std::string::npos);
    CHECK(r.out.find("limit is 1000") != std::string::npos);
    CHECK(r.out.find("empty phrase") != std::string::npos);
}

TEST_CASE("cli: gazetteer add, list and remove a pack in the user data folder") {
    const fs::path data = fs::temp_directory_path() / ("conflictmap-cli-" + std::to_string(::getpid()));
    fs::remove_all(data);
    const std::string fixture = CM_TEST_DATA "/gazetteer/my_places.csv";
    const Run add = run({"gazetteer", "add", "--data-dir", data.string(), fixture});
    CHECK(add.status == 1);  // added, two rows left out: the exit status says so
    CHECK(add.err.find("2 rows skipped (see above)") != std::string::npos);
    CHECK(add.out.find("added pack 'my_places': 2 entries, 2 rows skipped") != std::string::npos);
    CHECK(add.err.find("my_places.csv:4") != std::string::npos);  // the bad row is named
    const Run again = run({"gazetteer", "add", "--data-dir", data.string(), fixture});
    CHECK(again.status == 1);
    CHECK(again.err.find("--replace") != std::string::npos);
    const Run list = run({"gazetteer", "list", "--data-dir", data.string()});
    CHECK(list.status == 0);
    CHECK(list.out.find("pack:my_places") != std::string::npos);
    CHECK(list.out.find("geonames") != std::string::npos);
    const Run geo = run({"geocode", "--data-dir", data.string(), "-f", "json", "Field Office Alpha"});
    CHECK(json::parse(geo.out)[0]["status"] == "resolved");
    CHECK(run({"gazetteer", "remove", "--data-dir", data.string(), "my_places"}).status == 0);
    CHECK(run({"gazetteer", "remove", "--data-dir", data.string(), "my_places"}).status == 1);
    CHECK(run({"gazetteer", "frob"}).status == 2);
    fs::remove_all(data);
}

TEST_CASE("cli: ingest a report to GeoJSON and a table; eval scores it") {
    const std::string fixture = CM_TEST_DATA "/extract/000_fixture_desert_and_m4.md";
    const Run geo = run({"ingest", "--no-packs", fixture});
    CHECK(geo.status == 0);
    const json fc = json::parse(geo.out);
    CHECK(fc["type"] == "FeatureCollection");
    REQUIRE(fc["features"].size() >= 4);
    const auto& p = fc["features"][0]["properties"];
    for (const char* k : {"id", "date_start", "date_end", "date_precision", "event_type", "sub_event_type", "kind", "actor1",
                          "fatalities", "location", "location_precision", "summary", "source_file", "source_text", "confidence"})
        CHECK_MESSAGE(p.contains(k), k);
    const Run table = run({"ingest", "--no-packs", "--format", "table", fixture});
    CHECK(table.status == 0);
    CHECK(table.out.find("IED attack") != std::string::npos);

    const fs::path out = fs::temp_directory_path() / ("conflictmap-ingest-" + std::to_string(::getpid()) + ".geojson");
    CHECK(run({"ingest", "--no-packs", "-o", out.string(), fixture}).status == 0);
    const Run ev = run({"eval", "--gold", CM_TEST_DATA "/extract/fixture_gold.jsonl", out.string()});
    CHECK(ev.status == 0);
    CHECK(ev.out.find("total") != std::string::npos);
    CHECK(ev.out.find("100%") != std::string::npos);
    fs::remove(out);
}

TEST_CASE("cli: ingest names each bad file, ingests the others, and says so in its exit status") {
    const fs::path dir = fs::temp_directory_path() / ("conflictmap-bad-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    auto write = [&](const char* name, const std::string& bytes) {
        std::ofstream(dir / name, std::ios::binary) << bytes;
        return (dir / name).string();
    };
    const std::string empty = write("empty.txt", "");
    const std::string binary = write("binary.txt", std::string("\x7f" "ELF\x02\x01\x01\x00\x00\x00\x00", 11) + std::string(4000, '\0'));
    const std::string bad_utf8 = write("bad.txt", "On March 3, an IED exploded near Saraqib\xFF\xFE killing 2 soldiers.\n");
    const std::string html = write("page.html", "<html><head><script>var x = 'near Saraqib';</script></head><body>"
                                                "<p>On March 3, 2021, an IED exploded near Saraqib, killing 2 soldiers.</p></body></html>");
    const std::string nothing = write("nothing.txt", "Opinion: the situation remains complicated.\n");
    const fs::path huge = dir / "huge.txt";
    { std::ofstream(huge) << "x"; }
    fs::resize_file(huge, 100u << 20);
    const Run r = run({"ingest", "--no-packs", "--format", "table", "--date", "2021-03-10", empty, binary, bad_utf8, html,
                       nothing, huge.string(), (dir / "missing.txt").string()});
    CHECK(r.status == 1);
    for (const char* name : {"empty.txt", "binary.txt", "huge.txt", "missing.txt"}) CHECK_MESSAGE(r.err.find(name) != std::string::npos, name);
    CHECK(r.err.find("3 of 7 reports read") != std::string::npos);
    CHECK(r.out.find("2021-03-03") != std::string::npos);  // the good ones still gave their events
    CHECK(r.out.find("var x") == std::string::npos);
    CHECK(run({"ingest", "--date", "yesterday", bad_utf8}).status == 2);
    fs::remove_all(dir);
}

TEST_CASE("cli: geocode lines are independent unless --document says they come from one text") {
    // Alone, Khattab is ambiguous (villages of that name in Idlib, Hama and Homs). After Jisr
    // al-Shughur on the line before it stays so: a column of names must not change its answers.
    const json alone = json::parse(run({"geocode", "--no-packs", "-f", "json", "Khattab"}).out);
    const json batch = json::parse(run({"geocode", "--no-packs", "-f", "json", "-"}, "Jisr al-Shughur\nKhattab\n").out);
    REQUIRE(batch.size() == 2);
    CHECK(batch[1]["id"] == alone[0]["id"]);
    CHECK(batch[1]["status"] == alone[0]["status"]);
    // As one text, the town named first pulls the hill by the M4 near it.
    const json doc = json::parse(run({"geocode", "--no-packs", "-f", "json", "--document", "-"}, "Jisr al-Shughur\nKhattab\n").out);
    REQUIRE(doc.size() == 2);
    CHECK(doc[1]["id"] == "cm:tal-khattab");
}

TEST_CASE("cli: geocode JSON carries the admin chain and the merged sources' ids") {
    const json j = json::parse(run({"geocode", "--no-packs", "-f", "json", "Saraqib"}).out);
    REQUIRE(j.size() == 1);
    CHECK(j[0]["id"] == "gn:164816");
    CHECK(j[0]["admin1"] == "SY-ID");
    CHECK(j[0]["adm2"].get<std::string>().rfind("SY07", 0) == 0);
    CHECK(j[0]["adm3"].get<std::string>().size() == 8);
    CHECK(j[0]["pcode"].get<std::string>().rfind("C", 0) == 0);
    bool has_ocha = false;
    for (const auto& id : j[0]["other_ids"]) has_ocha = has_ocha || id.get<std::string>().rfind("ocha:", 0) == 0;
    CHECK(has_ocha);
}

TEST_CASE("cli: view --no-save still restores the last view; --no-restore still saves") {
    const fs::path home = fs::temp_directory_path() / ("cm-test-cli-view-" + std::to_string(::getpid()));
    fs::remove_all(home);
    fs::create_directories(home);
    ::setenv("CONFLICTMAP_DATA_HOME", home.string().c_str(), 1);
    const fs::path state = home / "view.json";
    // A first run saves the view.
    Run first = run({"view", "--headless", "--frames", "2", "--size", "640x400"});
    REQUIRE_MESSAGE(first.status == 0, first.err);
    REQUIRE(fs::exists(state));
    CHECK(first.err.find("restored the last view") == std::string::npos);
    const auto saved_time = fs::last_write_time(state);
    // --no-save: restored, and the file is left as it was.
    Run second = run({"view", "--headless", "--frames", "2", "--size", "640x400", "--no-save"});
    REQUIRE_MESSAGE(second.status == 0, second.err);
    CHECK(second.err.find("restored the last view from " + state.string()) != std::string::npos);
    CHECK(fs::last_write_time(state) == saved_time);
    // --no-restore: not restored, but saved on exit.
    fs::remove(state);
    Run third = run({"view", "--headless", "--frames", "2", "--size", "640x400", "--no-restore"});
    REQUIRE_MESSAGE(third.status == 0, third.err);
    CHECK(third.err.find("restored the last view") == std::string::npos);
    CHECK(fs::exists(state));
    ::unsetenv("CONFLICTMAP_DATA_HOME");
    fs::remove_all(home);
}

TEST_CASE("cli: ingest --lexicon adds the user's actors; a bad row is named; without it they are unknown") {
    const fs::path dir = fs::temp_directory_path() / ("cm-test-cli-lexicon-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path lex = dir / "mine.csv";
    std::ofstream(lex) << "name,short_name,aliases,role,group\n"
                          "Desert Hawks Brigade,Desert Hawks,Desert Hawks Brigade|Desert Hawks,actor,mine\n"
                          ",,,actor,mine\n";
    const std::string report = "Chronicle\nMarch 20, 2020\n\nOn March 19, the Desert Hawks attacked ISIS positions near "
                               "al-Sukhna, killing four.\n";
    const Run with = run({"ingest", "--no-packs", "--format", "table", "--lexicon", lex.string(), "-"}, report);
    CHECK(with.status == 0);
    CHECK(with.out.find("Desert Hawks") != std::string::npos);
    CHECK(with.err.find(lex.string() + ":3:") != std::string::npos);
    const Run without = run({"ingest", "--no-packs", "--format", "table", "-"}, report);
    CHECK(without.out.find("Desert Hawks") == std::string::npos);
    CHECK(run({"ingest", "--lexicon", (dir / "none.csv").string(), "-"}, report).status != 0);
    fs::remove_all(dir);
}

TEST_CASE("cli: kind rules are data too; the user's come first") {
    const fs::path dir = fs::temp_directory_path() / ("cm-test-cli-kinds-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path kinds = dir / "kinds.csv";
    std::ofstream(kinds) << "pattern,event_type,sub_event_type,kind,confidence,not_after,group\n"
                            "kamikaze_drone|loitering_munition,Explosions/Remote violence,Air/drone strike,loitering munition,0.9,,mine\n"
                            "nonsense,Not A Type,,x,0.5,,mine\n";
    const std::string report = "Chronicle\nMarch 20, 2020\n\nOn March 19, a loitering munition hit a truck near Saraqib.\n";
    const Run with = run({"ingest", "--no-packs", "--format", "table", "--lexicon", kinds.string(), "-"}, report);
    CHECK(with.out.find("loitering munition") != std::string::npos);
    CHECK(with.err.find(kinds.string() + ":3:") != std::string::npos);  // the bad type is named
    const Run without = run({"ingest", "--no-packs", "--format", "table", "-"}, report);
    CHECK(without.out.find("loitering munition") == std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("cli: export writes what passes the window and filters, whole; a skipped row shows in the exit status") {
    const fs::path dir = fs::temp_directory_path() / ("cm-test-cli-export-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string sample = std::string(CM_SOURCE_ASSETS) + "/sample/events.geojson";
    const std::string out = (dir / "march.geojson").string();
    const Run r = run({"export", sample, "--from", "2020-03-01", "--to", "2020-03-31", "-o", out});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    cm::Diagnostics d;
    const auto all = cm::io::read_events_geojson(sample, d);
    std::size_t want = 0;
    for (const auto& e : all)
        want += e.date.valid() && !(e.date.last < cm::CivilDate{2020, 3, 1}) && !(cm::CivilDate{2020, 3, 31} < e.date.first);
    const auto got = cm::io::read_events_geojson(out, d);
    CHECK(got.size() == want);
    CHECK(want > 0);
    CHECK(r.err.find(std::to_string(want) + " of " + std::to_string(all.size()) + " events written") != std::string::npos);
    CHECK_FALSE(fs::exists(out + ".part.geojson"));
    // A GeoPackage, filtered by type.
    const std::string gpkg = (dir / "battles.gpkg").string();
    REQUIRE(run({"export", sample, "--type", "battles", "-o", gpkg}).status == 0);
    for (const auto& e : cm::io::read_events_gpkg(gpkg, d)) CHECK(e.type == cm::EventType::Battles);
    // A file with a bad row: the rest is written, and the status says something was skipped.
    const Run bad = run({"export", std::string(CM_TEST_DATA) + "/events/ucdp_sample.csv", "-o", (dir / "u.geojson").string()});
    CHECK(bad.status == 1);
    CHECK(bad.err.find("1 row skipped, 0 files not read or cut short") != std::string::npos);  // counted, in words
    // An extension no format has, or a schema for something not CSV: a usage error naming the formats.
    const Run unknown = run({"export", sample, "-o", (dir / "x.shp").string()});
    CHECK(unknown.status == 2);
    CHECK(unknown.err.find(".fgb") != std::string::npos);
    CHECK(run({"export", sample, "-o", (dir / "x.kml").string(), "--schema", "ucdp"}).status == 2);
    CHECK(run({"export", sample, "-o", (dir / "x.csv").string(), "--schema", "gdelt"}).status == 2);
    CHECK_FALSE(fs::exists(dir / "x.shp"));
    fs::remove_all(dir);
}

TEST_CASE("cli: a headless view names every rejected row on stderr and says so in its last line and status") {
    const std::string bad = std::string(CM_TEST_DATA) + "/events/ucdp_sample.csv";
    const Run r = run({"view", bad, "--headless", "--frames", "2", "--size", "640x400", "--no-save", "--no-restore"});
    CHECK(r.status == 1);
    CHECK(r.err.find("ucdp_sample.csv:5") != std::string::npos);
    CHECK(r.err.find("row 4: type_of_violence '4'") != std::string::npos);
    CHECK(r.err.find("1 row skipped, 0 files not read or cut short") != std::string::npos);
    const Run ok = run({"view", "--headless", "--frames", "2", "--size", "640x400", "--no-save", "--no-restore"});
    CHECK(ok.status == 0);
    CHECK(ok.err.find("rows skipped") == std::string::npos);
}

TEST_CASE("cli: export --map reads columns of any name; --dry-run says the mapping and writes nothing") {
    const fs::path dir = fs::temp_directory_path() / ("cm-test-cli-map-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string csv = (dir / "es.csv").string();
    std::ofstream(csv) << "fecha,tipo,muertos,lat,lon\n2020-03-01,Battles,3,35.9,36.6\n2020-03-02,Protests,0,35.9,36.6\n";
    const Run refused = run({"export", csv, "--dry-run"});
    CHECK(refused.status == 1);
    CHECK(refused.err.find("--map date=COLUMN") != std::string::npos);
    const Run dry = run({"export", csv, "--map", "date=fecha,type=tipo,fatalities=muertos", "--dry-run"});
    CHECK(dry.status == 0);
    CHECK(dry.err.find("date <- 'fecha'") != std::string::npos);
    CHECK(dry.err.find("2 events read") != std::string::npos);
    const std::string out = (dir / "out.geojson").string();
    REQUIRE(run({"export", csv, "--map", "date=fecha,type=tipo,fatalities=muertos", "--min-fatalities", "1", "-o", out}).status == 0);
    cm::Diagnostics d;
    const auto got = cm::io::read_events_geojson(out, d);
    REQUIRE(got.size() == 1);
    CHECK(got[0].casualties.killed.best == 3);
    CHECK(got[0].date.first == cm::CivilDate{2020, 3, 1});
    CHECK(run({"export", csv, "--map", "when=fecha", "--dry-run"}).status == 2);
    fs::remove_all(dir);
}

TEST_CASE("cli: export carries the dataset's own columns into the GeoJSON") {
    const fs::path dir = fs::temp_directory_path() / ("cm-test-cli-attrs-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string out = (dir / "u.geojson").string();
    run({"export", std::string(CM_TEST_DATA) + "/events/ucdp_sample.csv", "-o", out});
    std::ifstream in(out);
    const json j = json::parse(in);
    REQUIRE(j["features"].size() == 3);
    const auto& p = j["features"][0]["properties"];
    CHECK(p.contains("conflict_name"));
    CHECK(p.contains("where_prec"));
    CHECK(p["event_type"].is_string());  // the schema's own fields are still there
    fs::remove_all(dir);
}

TEST_CASE("cli: starting the program does not load FFmpeg's codec libraries (opened only to make a video)") {
    // This test program links every part of conflictmap, the MP4 writer included, and has made no
    // video: FFmpeg's libraries (and their ~80 dependencies) must not be mapped.
    std::ifstream maps("/proc/self/maps");
    REQUIRE(maps.good());
    std::string line;
    bool codec = false;
    while (std::getline(maps, line)) codec = codec || line.find("libavcodec") != std::string::npos || line.find("libx264") != std::string::npos;
    CHECK_FALSE(codec);
}
