// Tests for io/EventExport: every format written and read back through the importer. Formats that
// carry the whole schema (GeoJSON, GeoPackage, FlatGeobuf, KML) give back every field; the ACLED
// and UCDP CSVs give back what their codebooks carry, and their columns come in the codebooks'
// order. A failed write leaves the previous file.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include <ogrsf_frmts.h>

#include "core/Utf8.h"
#include "events/fixture.h"
#include "io/EventExport.h"
#include "io/EventImport.h"

using namespace cm;
using cm::test::check_same_event;
using cm::test::point_event;
using cm::test::TempDir;

namespace {

std::vector<Event> sample_events() {
    Event full = cm::test::full_event();
    Event plain = point_event("plain", "2020-03-12", "2020-03-12", EventType::Protests, {37.1, 36.2});
    plain.sub_event_type = "Peaceful protest";
    plain.actor1 = {{"Protesters (Testland)", "", ""}};
    plain.casualties.killed.best = 0;
    plain.location.written = "Tell Example";
    Event undated = point_event("undated", "", "");
    undated.location = {};
    undated.flags = {"undated"};
    Event zone = point_event("zone", "2020-03-11", "2020-03-11", EventType::StrategicDevelopments);
    zone.shape = EventShape::Zone;
    zone.location.geometry.type = GeomType::Polygon;
    zone.location.geometry.parts = {{{36, 35}, {37, 35}, {37, 36}, {36, 36}, {36, 35}}};
    zone.location.point = {36.5, 35.5};
    return {full, plain, undated, zone};
}

std::map<std::string, Event> read_back(const std::string& path) {
    Diagnostics d;
    CPLErrorReset();
    std::map<std::string, Event> out;
    const io::ImportResult r = io::import_events({path}, d, {}, [&](Event&& e) { out[e.id] = std::move(e); });
    std::string all;
    for (const auto& x : d.all()) all += x.to_string() + "\n";
    all += std::string("GDAL: ") + CPLGetLastErrorMsg();
    INFO(all);
    CHECK(r.rows_skipped == 0);
    CHECK(r.files_failed == 0);
    return out;
}

std::vector<std::string> header(const std::string& csv) {
    std::ifstream f(csv);
    std::string line;
    std::getline(f, line);
    std::vector<std::string> out;
    std::size_t a = 0;
    for (std::size_t b; (b = line.find(',', a)) != std::string::npos; a = b + 1) out.push_back(line.substr(a, b - a));
    out.push_back(line.substr(a));
    return out;
}

}  // namespace

TEST_CASE("export: GeoJSON, GeoPackage, FlatGeobuf and KML give back every field") {
    TempDir dir("export-formats");
    const auto events = sample_events();
    for (const std::string name : {"out.geojson", "out.gpkg", "out.fgb", "out.kml"}) {
        const std::string path = dir.file(name);
        const auto format = io::export_format_for(path);
        REQUIRE(format);
        INFO(name);
        const auto notes = io::export_events(events, path, *format);
        const bool fgb = *format == io::ExportFormat::FlatGeobuf;
        if (fgb) {
            REQUIRE(notes.size() == 1);  // the event without geometry cannot be in it, and that is said
            CHECK(notes[0].find("1 events without geometry") != std::string::npos);
        } else {
            CHECK(notes.empty());
        }
        CHECK(std::filesystem::exists(path));
        for (const auto& f : std::filesystem::directory_iterator(dir.file("")))
            CHECK(f.path().filename().string().find(".part") == std::string::npos);
        const auto back = read_back(path);
        REQUIRE(back.size() == events.size() - (fgb ? 1 : 0));
        for (const Event& want : events) {
            if (fgb && want.location.geometry.empty()) continue;
            REQUIRE(back.count(want.id));
            // GeoJSON keeps fewer columns (no short actor names, injured range or point of a line).
            if (*format == io::ExportFormat::GeoJson) {
                CHECK(back.at(want.id).attributes == want.attributes);
                CHECK(back.at(want.id).date.first == want.date.first);
                continue;
            }
            check_same_event(back.at(want.id), want);
        }
    }
}

TEST_CASE("export: KML places carry a TimeStamp for one day and a TimeSpan for several") {
    TempDir dir("export-kml");
    const std::string path = dir.file("out.kml");
    io::export_events(sample_events(), path, io::ExportFormat::Kml);
    std::ifstream f(path);
    const std::string kml((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    CHECK(kml.find("<TimeSpan>") != std::string::npos);
    CHECK(kml.find("<begin>2020-03-10") != std::string::npos);
    CHECK(kml.find("<end>2020-03-16") != std::string::npos);
    CHECK(kml.find("<TimeStamp>") != std::string::npos);
    CHECK(kml.find("<when>2020-03-12") != std::string::npos);
}

TEST_CASE("export: ACLED CSV has ACLED's columns in order and reads back as ACLED") {
    TempDir dir("export-acled");
    const std::string path = dir.file("out.csv");
    auto events = sample_events();
    // The undated event has no coordinates: written with empty latitude/longitude (and a note),
    // which ACLED readers skip; the rest must come back.
    const std::size_t unplaced = 1;
    Event week = point_event("week", "2020-03-02", "2020-03-08", EventType::Battles, {36.7, 35.9});
    week.date.precision = DatePrecision::Week;
    week.attributes = {{"admin2", "Ariha"}, {"inter1", "1"}, {"my_own_column", "kept"}};
    events.push_back(week);
    const auto notes = io::export_events(events, path, io::ExportFormat::AcledCsv);
    const auto cols = header(path);
    REQUIRE(cols.size() >= io::acled_columns().size());
    for (std::size_t i = 0; i < io::acled_columns().size(); ++i) CHECK(cols[i] == io::acled_columns()[i]);
    CHECK(std::find(cols.begin(), cols.end(), "my_own_column") != cols.end());
    Diagnostics d;
    std::map<std::string, Event> back;
    const io::ImportResult r = io::import_events({path}, d, {}, [&](Event&& e) { back[e.id] = std::move(e); });
    CHECK(r.rows_skipped == unplaced);
    REQUIRE(back.size() == events.size() - unplaced);
    for (const Event& want : events) {
        if (want.location.geometry.empty()) continue;
        INFO(want.id);
        const Event& got = back.at(want.id);
        CHECK(got.type == want.type);
        CHECK(got.sub_event_type == want.sub_event_type);
        CHECK(got.date.undated == want.date.undated);
        if (!want.date.undated && (want.date.last.days() - want.date.first.days() == 0 || want.date.last.days() - want.date.first.days() == 6)) {
            CHECK(got.date.first == want.date.first);  // a day and a week are what ACLED says exactly
            CHECK(got.date.last == want.date.last);
        }
        REQUIRE(got.actor1.size() == want.actor1.size());
        for (std::size_t k = 0; k < want.actor1.size(); ++k) CHECK(got.actor1[k].name == want.actor1[k].name);
        CHECK(got.casualties.killed.best == want.casualties.killed.best);
        CHECK(got.location.written == want.location.written);
        CHECK(got.provenance.outlet == want.provenance.outlet);
        CHECK(got.summary == want.summary);
        if (!want.location.geometry.empty()) {
            CHECK(got.location.point.lon == doctest::Approx(want.location.point.lon).epsilon(1e-6));
            CHECK(got.location.point.lat == doctest::Approx(want.location.point.lat).epsilon(1e-6));
            CHECK(got.location.precision == want.location.precision);
        }
    }
    // Columns brought along come back as the same attributes.
    auto attr = [](const Event& e, const std::string& n) {
        for (const auto& a : e.attributes)
            if (a.name == n) return a.value;
        return std::string();
    };
    CHECK(attr(back.at("week"), "admin2") == "Ariha");
    CHECK(attr(back.at("week"), "my_own_column") == "kept");
    CHECK(attr(back.at("ev-full-1"), "conflict_name") == "Testland: Government");
    REQUIRE(notes.size() == 1);  // the undated event has no coordinates
    CHECK(notes[0].find("1 events have no coordinates") != std::string::npos);
}

TEST_CASE("export: UCDP CSV of UCDP's own rows reproduces them column for column") {
    const std::filesystem::path ucdp = std::filesystem::path(CM_SHARED_DIR) / "data" / "ucdp-dev" / "ucdp_ged_syria_dev.csv";
    if (!std::filesystem::exists(ucdp)) {
        MESSAGE("skipped: " << ucdp.string() << " not present");
        return;
    }
    TempDir dir("export-ucdp");
    Diagnostics d;
    std::vector<Event> events;
    io::import_events({ucdp.string()}, d, {}, [&](Event&& e) { events.push_back(std::move(e)); });
    REQUIRE(events.size() == 4549);
    const std::string path = dir.file("ucdp.csv");
    io::export_events(events, path, io::ExportFormat::UcdpCsv);
    CHECK(header(path) == io::ucdp_columns());
    // Field for field against the original file, read by GDAL as text.
    auto rows = [](const std::string& p) {
        const char* opts[] = {"AUTODETECT_TYPE=NO", nullptr};
        GDALDatasetUniquePtr ds(GDALDataset::Open(p.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, opts, nullptr));
        std::map<std::string, std::map<std::string, std::string>> out;
        OGRLayer* l = ds->GetLayer(0);
        for (OGRFeatureUniquePtr f(l->GetNextFeature()); f; f.reset(l->GetNextFeature())) {
            auto& r = out[f->GetFieldAsString("id")];
            for (int i = 0; i < f->GetFieldCount(); ++i) r[f->GetFieldDefnRef(i)->GetNameRef()] = f->GetFieldAsString(i);
        }
        return out;
    };
    const auto a = rows(ucdp.string()), b = rows(path);
    REQUIRE(a.size() == b.size());
    std::map<std::string, int> differ;
    for (const auto& [id, row] : a)
        for (const auto& [col, value] : row) {
            // Compared without surrounding whitespace: the importer trims values.
            std::string got(cm::trim(b.at(id).at(col)));
            std::string want(cm::trim(value));
            if (col == "latitude" || col == "longitude") {
                if (std::abs(std::stod(got) - std::stod(want)) > 1e-6) ++differ[col];
            } else if (col == "date_start" || col == "date_end") {
                if (got != want.substr(0, 10)) ++differ[col];
            } else if (col == "geom_wkt") {
                // the same point, printed with 6 decimals
            } else if (got != want) {
                ++differ[col];
            }
        }
    std::string report;
    for (const auto& [c, n] : differ) report += c + ": " + std::to_string(n) + " rows\n";
    INFO(report);
    CHECK(differ.empty());
}

namespace {

/// What a command printed, and its exit status (the command is fixed text of the test's own).
std::pair<int, std::string> run_command(const std::string& cmd) {
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return {-1, out};
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    const int st = ::pclose(p);
    return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

double signed_area2(const nlohmann::json& ring) {
    double a = 0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i)
        a += ring[i][0].get<double>() * ring[i + 1][1].get<double>() - ring[i + 1][0].get<double>() * ring[i][1].get<double>();
    return a;
}

}  // namespace

TEST_CASE("export: GeoJSON follows RFC 7946 and GIS tools read its days as dates") {
    TempDir dir("export-rfc7946");
    auto events = sample_events();
    // A clockwise zone with a counter-clockwise hole, not closed: the file must wind and close it.
    Event cw = point_event("cw-zone", "2020-03-13", "2020-03-14", EventType::StrategicDevelopments);
    cw.shape = EventShape::Zone;
    cw.location.geometry.type = GeomType::Polygon;
    cw.location.geometry.parts = {{{36, 35}, {36, 36}, {37, 36}, {37, 35}},
                                  {{36.2, 35.2}, {36.8, 35.2}, {36.8, 35.8}, {36.2, 35.8}, {36.2, 35.2}}};
    cw.location.point = {36.1, 35.1};
    Event route = point_event("route", "2020-03-14", "2020-03-14", EventType::StrategicDevelopments);
    route.shape = EventShape::Route;
    route.location.geometry = Geometry::line({{35.9, 35.9}, {36.123456789, 36.987654321}, {42.5, 37.2}});
    route.location.point = {35.9, 35.9};
    // Text a hand-written writer could get wrong: quotes, backslashes, control characters,
    // Arabic, and bytes that are not UTF-8.
    route.summary = "a \"quoted\" \\ back\tslash\nnew line \x01 سراقب \xff\xfe end";
    events.push_back(cw);
    events.push_back(route);
    const std::string path = dir.file("rfc.geojson");
    REQUIRE(io::export_events(events, path, io::ExportFormat::GeoJson).empty());

    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    const nlohmann::json doc = nlohmann::json::parse(text);  // throws on anything that is not JSON
    CHECK(doc["type"] == "FeatureCollection");
    CHECK_FALSE(doc.contains("crs"));  // RFC 7946: WGS 84 longitude/latitude, no crs member
    REQUIRE(doc.contains("bbox"));
    CHECK(doc["bbox"] == nlohmann::json::array({35.9, 35.0, 42.5, 37.2}));
    REQUIRE(doc["features"].size() == events.size());
    // No coordinate with more than 6 decimals (RFC 7946 section 11.2).
    CHECK_FALSE(std::regex_search(text, std::regex(R"([0-9]\.[0-9]{7,})")));
    std::set<std::string> keys0;
    for (const auto& f : doc["features"]) {
        std::set<std::string> keys;
        for (const auto& [k, v] : f["properties"].items()) keys.insert(k);
        if (keys0.empty()) keys0 = keys;
        CHECK(keys == keys0);  // every feature carries the whole schema
        if (f["properties"]["id"] == "route") CHECK(f["properties"]["summary"].get<std::string>().find("سراقب") != std::string::npos);
        const auto& g = f["geometry"];
        if (g.is_null() || g["type"] != "Polygon") continue;
        for (std::size_t r = 0; r < g["coordinates"].size(); ++r) {
            const auto& ring = g["coordinates"][r];
            CHECK(ring.front() == ring.back());                       // closed
            CHECK((signed_area2(ring) > 0) == (r == 0));              // exterior CCW, holes CW
        }
    }

    // GDAL (what QGIS reads it with) sees the days as dates, for QGIS's temporal controller.
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    REQUIRE(ds);
    OGRFeatureDefn* defn = ds->GetLayer(0)->GetLayerDefn();
    for (const char* name : {"date_start", "date_end"}) {
        const int i = defn->GetFieldIndex(name);
        REQUIRE(i >= 0);
        CHECK(defn->GetFieldDefn(i)->GetType() == OFTDate);
    }
    CHECK(ds->GetLayer(0)->GetFeatureCount() == static_cast<GIntBig>(events.size()));

    // The same through GDAL's command-line reader, where it is installed.
    const auto [ogr_rc, ogr_out] = run_command("ogrinfo -ro -so -al '" + path + "' 2>&1");
    if (ogr_rc == 127 || ogr_out.find("not found") != std::string::npos) {
        MESSAGE("skipped ogrinfo: not installed (apt-get install gdal-bin)");
    } else {
        INFO(ogr_out);
        CHECK(ogr_rc == 0);
        CHECK(ogr_out.find("date_start: Date") != std::string::npos);
        CHECK(ogr_out.find("Feature Count: " + std::to_string(events.size())) != std::string::npos);
    }

    // Two independent validators from npm (tools/validators): geojsonhint checks the right-hand
    // rule and precision, check-geojson the structure.
    const std::string validators = std::string(CM_SOURCE_DIR) + "/tools/validators";
    if (!std::filesystem::exists(validators + "/node_modules")) {
        MESSAGE("skipped the npm GeoJSON validators: " << validators << "/node_modules missing (tools/test.sh installs them)");
    } else {
        const auto [rc, out] = run_command("node '" + validators + "/check-geojson.js' '" + path + "' 2>&1");
        INFO(out);
        if (rc == 127) MESSAGE("skipped the npm GeoJSON validators: node not installed");
        else CHECK(rc == 0);
    }
}
