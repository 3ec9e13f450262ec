// Tests for io/EventImport and io/EventGpkg on the project's own fixtures (tests/data/events/):
// ACLED and UCDP columns, conflictmap's own GeoJSON, bad rows named with file and row, files that
// are missing or not event data, and the GeoPackage round trip.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <cmath>
#include <fstream>

#include <ogrsf_frmts.h>

#include "events/fixture.h"
#include "io/EventGeoJson.h"
#include "io/EventGpkg.h"
#include "io/EventImport.h"

using namespace cm;
using cm::test::check_same_event;
using cm::test::point_event;
using cm::test::TempDir;

namespace {

const std::string kData = CM_TEST_DATA "/events/";

bool has_message(const Diagnostics& d, const std::string& file_part, long line, const std::string& text,
                 Diagnostic::Level level = Diagnostic::Level::Warning) {
    return std::any_of(d.all().begin(), d.all().end(), [&](const Diagnostic& x) {
        return x.level == level && x.file.find(file_part) != std::string::npos && (line < 0 || x.line == line) &&
               x.message.find(text) != std::string::npos;
    });
}

std::string dump(const Diagnostics& d) {
    std::string s;
    for (const auto& x : d.all()) s += x.to_string() + "\n";
    return s;
}

const Event& find(const std::vector<Event>& ev, const std::string& id) {
    const auto it = std::find_if(ev.begin(), ev.end(), [&](const Event& e) { return e.id == id; });
    REQUIRE_MESSAGE(it != ev.end(), "no event " << id);
    return *it;
}

std::vector<std::string> names(const std::vector<Actor>& a) {
    std::vector<std::string> out;
    for (const auto& x : a) out.push_back(x.name);
    return out;
}

CivilDate date(const char* iso) { return *CivilDate::parse_iso(iso); }

}  // namespace

TEST_CASE("import: ACLED-style CSV loads the good rows and names the two bad ones") {
    Diagnostics diag;
    const auto res = io::import_events({kData + "acled_sample.csv"}, diag, {});
    INFO(dump(diag));
    CHECK(res.events.size() == 5);
    CHECK(res.rows == 5);
    CHECK(res.rows_skipped == 2);
    CHECK(res.files_read == 1);
    CHECK(res.files_failed == 0);
    // CSV rows are named by file line (header = line 1) and data row.
    CHECK(has_message(diag, "acled_sample.csv", 4, "row 3: event_date '2020-13-01' is not a date; row skipped"));
    CHECK(has_message(diag, "acled_sample.csv", 6, "row 5: fatalities 'many'"));
    CHECK(diag.count() == 2);

    const Event& tst1 = find(res.events, "TST1");
    CHECK(tst1.date.first == date("2020-03-15"));
    CHECK(tst1.date.precision == DatePrecision::Day);
    CHECK(tst1.type == EventType::Battles);
    CHECK(tst1.sub_event_type == "Armed clash");
    CHECK(names(tst1.actor1) == std::vector<std::string>{"Test Brigade"});
    CHECK(names(tst1.actor2) == std::vector<std::string>{"Northern Front"});
    CHECK(tst1.casualties.killed.best == 2);
    CHECK(tst1.location.point == LonLat{36.6, 35.8});
    REQUIRE(tst1.location.geometry.type == GeomType::Point);
    CHECK(tst1.location.geometry.parts[0][0] == LonLat{36.6, 35.8});
    CHECK(tst1.location.written == "Kafr Testa, Idlib");
    CHECK(tst1.location.precision == LocPrecision::Place);
    CHECK(tst1.provenance.outlet == "Monitor A");
    CHECK(tst1.provenance.source_file.find("acled_sample.csv") != std::string::npos);
    CHECK(tst1.summary == "Clashes near Kafr Testa, two fighters killed.");

    const Event& tst2 = find(res.events, "TST2");  // "14 March 2020", a week
    CHECK(tst2.date.first == date("2020-03-11"));
    CHECK(tst2.date.last == date("2020-03-17"));
    CHECK(tst2.date.precision == DatePrecision::Week);
    CHECK(tst2.type == EventType::ExplosionsRemoteViolence);
    CHECK(tst2.location.precision == LocPrecision::Near);

    const Event& tst4 = find(res.events, "TST4");  // a month
    CHECK(tst4.date.first == date("2020-02-01"));
    CHECK(tst4.date.last == date("2020-02-29"));
    CHECK(tst4.date.precision == DatePrecision::Month);
    CHECK(tst4.type == EventType::Protests);
    CHECK(tst4.actor2.empty());

    const Event& tst6 = find(res.events, "TST6");
    CHECK(names(tst6.actor1) == std::vector<std::string>{"Police Forces of Testland", "Test Militia", "Other Militia"});
    CHECK(tst6.casualties.killed.best == -1);  // empty cell: not given
    CHECK(tst6.location.precision == LocPrecision::Region);
    CHECK(tst6.type == EventType::StrategicDevelopments);

    CHECK(find(res.events, "TST7").type == EventType::Riots);
}

TEST_CASE("import: UCDP GED-style CSV maps types of violence, precisions and counts") {
    Diagnostics diag;
    const auto res = io::import_events({kData + "ucdp_sample.csv"}, diag, {});
    INFO(dump(diag));
    CHECK(res.events.size() == 3);
    CHECK(res.rows_skipped == 1);
    CHECK(has_message(diag, "ucdp_sample.csv", 5, "row 4: type_of_violence '4' is not 1, 2 or 3"));

    const Event& a = find(res.events, "900001");
    CHECK(a.type == EventType::Battles);
    CHECK(a.sub_event_type == "state-based conflict");
    CHECK(a.date.first == date("2017-05-01"));
    CHECK(a.date.precision == DatePrecision::Day);
    CHECK(a.casualties.killed.best == 4);
    CHECK(a.casualties.killed.low == 3);
    CHECK(a.casualties.killed.high == 6);
    CHECK(names(a.actor1) == std::vector<std::string>{"Government of Testland"});
    CHECK(names(a.actor2) == std::vector<std::string>{"Test Front"});
    CHECK(a.location.precision == LocPrecision::Place);
    CHECK(a.location.written == "Kafr Testa town, Idlib governorate");
    CHECK(a.provenance.outlet == "Agency B");
    CHECK(a.provenance.title == "Clashes in the north");
    CHECK(a.provenance.text == "Agency B, 2017-05-02, \"Clashes in the north\"");

    const Event& b = find(res.events, "900002");
    CHECK(b.type == EventType::ViolenceAgainstCivilians);
    CHECK(b.sub_event_type == "one-sided violence");
    CHECK(b.date.first == date("2017-06-01"));
    CHECK(b.date.last == date("2017-06-30"));
    CHECK(b.date.precision == DatePrecision::Month);
    CHECK(b.location.precision == LocPrecision::Region);  // where_prec 4: a province
    CHECK(b.provenance.outlet == "Monitor A");          // no source_office: the original source

    const Event& c = find(res.events, "900003");
    CHECK(c.type == EventType::Battles);
    CHECK(c.sub_event_type == "non-state conflict");
    CHECK(c.date.first == date("2017-07-03"));  // dates with a time part
    CHECK(c.date.last == date("2017-07-05"));
    CHECK(c.date.precision == DatePrecision::Range);
    CHECK(c.location.precision == LocPrecision::Near);
    CHECK(c.location.point == LonLat{37.1, 36.2});
}

TEST_CASE("import: UCDP where_prec and ACLED geo_precision become ordered classes with radii; country-level is its own class") {
    TempDir dir("import-precision");
    const std::string ucdp = dir.file("ged_prec.csv");
    {
        std::ofstream f(ucdp);
        f << "id,year,type_of_violence,conflict_name,side_a,side_b,where_prec,where_coordinates,adm_1,adm_2,latitude,longitude,"
             "date_prec,date_start,date_end,deaths_civilians,best,high,low\n";
        for (int wp = 1; wp <= 7; ++wp)
            f << 800000 + wp << ",2017,1,Testland: Government,Gov,Front," << wp << ",Place " << wp << ",Prov,Dist,35.5,38.5,1,"
              << "2017-01-0" << wp << ",2017-01-0" << wp << "," << wp << ",1,1,1\n";
    }
    Diagnostics diag;
    const auto res = io::import_events({ucdp}, diag, {});
    INFO(dump(diag));
    REQUIRE(res.events.size() == 7);
    double last_radius = -1;
    for (int wp = 1; wp <= 5; ++wp) {
        const Event& e = find(res.events, std::to_string(800000 + wp));
        INFO("where_prec " << wp);
        // Coarser codes never come out finer or with a smaller uncertainty than finer ones.
        CHECK(e.location.radius_km >= last_radius);
        if (wp >= 2) CHECK(e.location.radius_km > 0);
        last_radius = e.location.radius_km;
        CHECK(e.location.precision != LocPrecision::Country);
        CHECK(e.provenance.row == static_cast<std::size_t>(wp));
    }
    CHECK(find(res.events, "800001").location.precision == LocPrecision::Place);
    CHECK(find(res.events, "800002").location.precision == LocPrecision::Near);
    CHECK(find(res.events, "800002").location.radius_km == doctest::Approx(25));
    CHECK(find(res.events, "800004").location.precision == LocPrecision::Region);
    CHECK(find(res.events, "800005").location.precision == LocPrecision::Region);
    CHECK(find(res.events, "800005").location.radius_km > find(res.events, "800004").location.radius_km);
    CHECK(find(res.events, "800006").location.precision == LocPrecision::Country);
    CHECK(find(res.events, "800007").location.precision == LocPrecision::Country);
    // The dataset's own fields are kept, the code with its meaning.
    const Event& four = find(res.events, "800004");
    auto attr = [](const Event& e, const std::string& name) {
        for (const Attribute& a : e.attributes)
            if (a.name == name) return a.value;
        return std::string("(absent)");
    };
    CHECK(attr(four, "where_prec").rfind("4: only the province", 0) == 0);
    CHECK(attr(four, "conflict_name") == "Testland: Government");
    CHECK(attr(four, "deaths_civilians") == "4");
    CHECK(attr(four, "adm_2") == "Dist");
    CHECK(attr(four, "side_a") == "(absent)");  // mapped to actor 1, not repeated

    // ACLED: 2 and 3 carry a radius, 3 the larger.
    Diagnostics d2;
    const auto acled = io::import_events({kData + "acled_sample.csv"}, d2, {});
    bool saw_near = false;
    for (const Event& e : acled.events) {
        if (e.location.precision == LocPrecision::Near) {
            saw_near = true;
            CHECK(e.location.radius_km > 0);
        }
        if (e.location.precision == LocPrecision::Place) CHECK(e.location.radius_km == 0);
    }
    CHECK(saw_near);
}

TEST_CASE("import: a plain GeoJSON or CSV of events is read by meaning: date, type, actors, fatalities; the rest kept") {
    TempDir dir("import-generic");
    const std::string gj = dir.file("plain.geojson");
    std::ofstream(gj) << R"({"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[36.63,35.93]},"properties":{"id":"a1","date":"2020-03-15","event_type":"Battles","actor1":"Group A","fatalities":3,"source_url":"x"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[36.70,35.80]},"properties":{"id":"a2","date":"2020-03-16","event_type":"airstrike","actor1":"Air force","fatalities":0,"source_url":"y"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[36.70,35.80]},"properties":{"id":"a3","date":"2020-13-01","event_type":"Battles","actor1":"Group A","fatalities":1}}
]})";
    Diagnostics diag;
    const auto res = io::import_events({gj}, diag, {});
    INFO(dump(diag));
    REQUIRE(res.events.size() == 2);
    CHECK(res.rows_skipped == 1);
    CHECK(has_message(diag, "plain.geojson", 3, "row 3: date '2020-13-01' is not a date"));
    CHECK(has_message(diag, "plain.geojson", 0, "columns read as: date <- 'date'"));
    const Event& a = find(res.events, "a1");
    CHECK(a.date.first == date("2020-03-15"));
    CHECK(a.type == EventType::Battles);
    CHECK(names(a.actor1) == std::vector<std::string>{"Group A"});
    CHECK(a.casualties.killed.best == 3);
    REQUIRE(a.attributes.size() == 1);
    CHECK(a.attributes[0].name == "source_url");
    const Event& b = find(res.events, "a2");
    CHECK(b.type == EventType::ExplosionsRemoteViolence);  // "airstrike" read by meaning
    CHECK(b.kind == "airstrike");

    // Slashed dates: the column's order decided from a value that can only be one (25/12).
    const std::string dmy = dir.file("dmy.csv");
    std::ofstream(dmy) << "when,type,lat,lon\n03/04/2019,protest,35.9,36.6\n25/12/2019,protest,35.9,36.6\n";
    const std::string mdy = dir.file("mdy.csv");
    std::ofstream(mdy) << "date,type,lat,lon\n03/04/2019,protest,35.9,36.6\n12/25/2019,protest,35.9,36.6\n";
    const std::string epoch = dir.file("epoch.csv");
    std::ofstream(epoch) << "timestamp,category,latitude,longitude\n1584230400,clash,35.9,36.6\n1584230400000,clash,35.9,36.6\n";
    const std::string undated = dir.file("undated.csv");
    std::ofstream(undated) << "event_type,lat,lon\nBattles,35.9,36.6\n";
    Diagnostics d2;
    const auto r2 = io::import_events({dmy, mdy, epoch, undated}, d2, {});
    INFO(dump(d2));
    std::vector<std::string> days;
    for (const Event& e : r2.events) days.push_back(e.date.valid() ? e.date.first.iso() : "undated");
    std::sort(days.begin(), days.end());
    CHECK(days == std::vector<std::string>{"2019-03-04", "2019-04-03", "2019-12-25", "2019-12-25", "2020-03-15", "2020-03-15",
                                           "undated"});
    CHECK(has_message(d2, "undated.csv", 0, "no time column"));
    CHECK(has_message(d2, "dmy.csv", 0, "(DD/MM/YYYY)"));
    CHECK(has_message(d2, "mdy.csv", 0, "(MM/DD/YYYY)"));
    // A table with neither a time nor an event-type column is still refused.
    Diagnostics d3;
    CHECK(io::import_events({kData + "not_events.csv"}, d3, {}).events.empty());
}

TEST_CASE("import: conflictmap GeoJSON keeps a row without geometry, unmapped, with a warning") {
    Diagnostics diag;
    const auto res = io::import_events({kData + "events_missing_geometry.geojson"}, diag, {});
    INFO(dump(diag));
    REQUIRE(res.events.size() == 3);
    CHECK(has_message(diag, "events_missing_geometry.geojson", 3, "row 3: event 'ev-a3' has no geometry"));
    CHECK(res.rows_skipped == 0);
    const Event& route = find(res.events, "ev-a2");
    CHECK(route.shape == EventShape::Route);
    CHECK(route.location.geometry.type == GeomType::LineString);
    CHECK(route.location.geometry.vertex_count() == 3);
    CHECK(names(route.actor1) == std::vector<std::string>{"Test Brigade", "Northern Front"});
    CHECK(route.casualties.killed.best == -1);
    CHECK(route.location.precision == LocPrecision::Near);
    CHECK(route.kind == "joint patrol");
    const Event& ied = find(res.events, "ev-a1");
    CHECK(ied.type == EventType::ExplosionsRemoteViolence);
    CHECK(ied.casualties.killed.best == 3);
    CHECK(ied.location.point == LonLat{36.6, 35.8});
    CHECK(ied.provenance.outlet == "Monitor A");
    CHECK(find(res.events, "ev-a3").location.geometry.empty());

    auto table = events::EventTable::build(res.events);
    CHECK(table->size() == 3);
    CHECK(std::isnan(table->lon[2]));  // ev-a3, the last day
}

TEST_CASE("import: a missing file, a report and a non-event table are reported; the rest loads") {
    Diagnostics diag;
    std::vector<double> fractions;
    const auto res = io::import_events({kData + "acled_sample.csv", kData + "no_such_file.csv",
                                        CM_TEST_DATA "/reports/wire_repeated.txt", kData + "not_events.csv",
                                        kData + "ucdp_sample.csv"},
                                       diag, [&](double f, const std::string&) {
                                           fractions.push_back(f);
                                           return true;
                                       });
    INFO(dump(diag));
    CHECK(res.events.size() == 8);
    CHECK(res.files_read == 2);
    CHECK(res.files_failed == 3);
    CHECK_FALSE(res.cancelled);
    CHECK(has_message(diag, "no_such_file.csv", 0, "no such file", Diagnostic::Level::Error));
    CHECK(has_message(diag, "wire_repeated.txt", 0, "a report, not an event dataset"));
    CHECK(has_message(diag, "not_events.csv", 0, "no event columns recognised", Diagnostic::Level::Error));
    REQUIRE(!fractions.empty());
    CHECK(std::is_sorted(fractions.begin(), fractions.end()));
    CHECK(fractions.back() == 1.0);
}

TEST_CASE("import: returning false from progress cancels") {
    Diagnostics diag;
    const auto res = io::import_events({kData + "acled_sample.csv", kData + "ucdp_sample.csv"}, diag,
                                       [](double, const std::string&) { return false; });
    CHECK(res.cancelled);
    CHECK(res.events.empty());
    CHECK(io::import_event_table({kData + "acled_sample.csv"}, diag, [](double, const std::string&) { return false; }) ==
          nullptr);
}

TEST_CASE("import: any OGR source with ACLED columns, in any case, located by its geometry") {
    TempDir dir("import-ogr");
    // Upper-case names, no latitude/longitude columns: the features' geometry says where.
    const std::string path = dir.file("acled_upper.geojson");
    std::ofstream(path) << R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"EVENT_ID_CNTY": "UP1", "EVENT_DATE": "2021-01-05", "EVENT_TYPE": "Battles", "FATALITIES": 2},
 "geometry": {"type": "Point", "coordinates": [36.5, 35.5]}},
{"type": "Feature", "properties": {"EVENT_ID_CNTY": "UP2", "EVENT_DATE": "2021-01-06", "EVENT_TYPE": "Riots", "FATALITIES": 0},
 "geometry": null},
{"type": "Feature", "properties": {"EVENT_ID_CNTY": "UP3", "EVENT_DATE": "2021-01-07", "EVENT_TYPE": "Protests", "FATALITIES": 0},
 "geometry": {"type": "LineString", "coordinates": [[36.5, 35.5], [36.6, 35.6]]}}
]})";
    Diagnostics diag;
    const auto res = io::import_events({path}, diag, {});
    INFO(dump(diag));
    REQUIRE(res.events.size() == 2);
    CHECK(has_message(diag, "acled_upper.geojson", 2, "row 2: no coordinates"));
    CHECK(find(res.events, "UP1").location.point == LonLat{36.5, 35.5});
    CHECK(find(res.events, "UP1").casualties.killed.best == 2);
    CHECK(find(res.events, "UP3").shape == EventShape::Route);

    // A GeoPackage in Web Mercator: coordinates come back as longitude/latitude.
    const std::string gpkg = dir.file("acled_3857.gpkg");
    {
        GDALAllRegister();
        GDALDatasetUniquePtr ds(
            GetGDALDriverManager()->GetDriverByName("GPKG")->Create(gpkg.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        REQUIRE(ds);
        OGRSpatialReference merc;
        merc.importFromEPSG(3857);
        OGRLayer* l = ds->CreateLayer("acled", &merc, wkbPoint, nullptr);
        for (const char* n : {"event_id_cnty", "event_date", "event_type"}) {
            OGRFieldDefn fd(n, OFTString);
            l->CreateField(&fd);
        }
        OGRFeature f(l->GetLayerDefn());
        f.SetField("event_id_cnty", "M1");
        f.SetField("event_date", "2021-02-01");
        f.SetField("event_type", "Battles");
        // 36.5 E, 35 N on the spherical Mercator of EPSG:3857.
        const double r = 6378137.0, lon = 36.5 * M_PI / 180, lat = 35.0 * M_PI / 180;
        f.SetGeometryDirectly(new OGRPoint(r * lon, r * std::log(std::tan(M_PI / 4 + lat / 2))));
        REQUIRE(l->CreateFeature(&f) == OGRERR_NONE);
    }
    Diagnostics d2;
    const auto res2 = io::import_events({gpkg}, d2, {});
    INFO(dump(d2));
    REQUIRE(res2.events.size() == 1);
    CHECK(res2.events[0].location.point.lon == doctest::Approx(36.5).epsilon(1e-4));
    CHECK(res2.events[0].location.point.lat == doctest::Approx(35.0).epsilon(1e-4));
}

TEST_CASE("gpkg: write then read gives back every field") {
    TempDir dir("gpkg-roundtrip");
    const std::string path = dir.file("events.gpkg");
    Event full = cm::test::full_event();
    Event plain = point_event("plain", "2020-03-12", "2020-03-12", EventType::Protests, {37.1, 36.2});
    plain.sub_event_type = "Peaceful protest";
    plain.actor1 = {{"Protesters (Testland)", "", ""}};
    plain.casualties.killed.best = 0;
    Event undated = point_event("undated", "", "");
    undated.location = {};
    undated.flags = {"undated"};
    Event zone = point_event("zone", "2020-03-11", "2020-03-11", EventType::StrategicDevelopments);
    zone.shape = EventShape::Zone;
    zone.location.geometry.type = GeomType::Polygon;
    zone.location.geometry.parts = {{{36, 35}, {37, 35}, {37, 36}, {36, 36}, {36, 35}}};
    zone.location.point = {36.5, 35.5};
    const std::vector<Event> events = {full, plain, undated, zone};
    io::write_events_gpkg(events, path);
    CHECK_FALSE(std::filesystem::exists(path + ".part"));

    Diagnostics diag;
    const auto back = io::read_events_gpkg(path, diag);
    INFO(dump(diag));
    REQUIRE(back.size() == events.size());
    for (std::size_t i = 0; i < events.size(); ++i) check_same_event(back[i], events[i]);
    CHECK(has_message(diag, "events.gpkg", 3, "event 'undated' has no geometry"));

    // Feature by feature reads the same as the Arrow stream.
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    std::vector<Event> slow;
    Diagnostics d2;
    REQUIRE(io::detail::read_store_layer(*ds->GetLayer(0), path, d2, [&](Event&& e) { slow.push_back(std::move(e)); },
                                         {}, nullptr, io::detail::StoreReadPath::Features));
    REQUIRE(slow.size() == events.size());
    for (std::size_t i = 0; i < events.size(); ++i) check_same_event(slow[i], events[i]);

    // The importer recognises the file, and the table built from it rebuilds the same events.
    Diagnostics d3;
    io::ImportResult stats;
    auto table = io::import_event_table({path}, d3, {}, &stats);
    REQUIRE(table);
    CHECK(stats.rows == 4);
    REQUIRE(table->size() == 4);
    check_same_event(table->event(0), full);
    check_same_event(table->event(1), zone);
    check_same_event(table->event(2), plain);
    check_same_event(table->event(3), undated);

    // Writing again replaces the file.
    io::write_events_gpkg({plain}, path);
    Diagnostics d4;
    CHECK(io::read_events_gpkg(path, d4).size() == 1);
}

TEST_CASE("gpkg: a GeoPackage of imported rows has no columns they leave empty") {
    TempDir dir("gpkg-columns");
    const std::string path = dir.file("acled.gpkg");
    Diagnostics diag;
    const auto res = io::import_events({kData + "acled_sample.csv"}, diag, {});
    io::write_events_gpkg(res.events, path);
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    OGRFeatureDefn* d = ds->GetLayer(0)->GetLayerDefn();
    CHECK(d->GetFieldIndex("id") >= 0);
    CHECK(d->GetFieldIndex("fatalities") >= 0);
    CHECK(d->GetFieldIndex("confidence") >= 0);  // imported rows carry 1
    CHECK(d->GetFieldIndex("injured") < 0);
    CHECK(d->GetFieldIndex("source_text") < 0);
    Diagnostics d2;
    const auto back = io::read_events_gpkg(path, d2);
    REQUIRE(back.size() == res.events.size());
    for (std::size_t i = 0; i < back.size(); ++i) check_same_event(back[i], res.events[i]);
}

TEST_CASE("import: conflictmap's own GeoJSON written by write_events_geojson comes back") {
    TempDir dir("geojson-roundtrip");
    const std::string path = dir.file("events.geojson");
    Event e = point_event("gj-1", "2020-03-12", "2020-03-14", EventType::Battles, {36.6, 35.8});
    e.kind = "clashes";
    e.actor1 = {{"Test Brigade", "", ""}, {"Northern Front", "", ""}};
    e.casualties.killed = {3, 2, -1, "three"};
    e.location.written = "Kafr Testa";
    e.location.precision = LocPrecision::Near;
    e.summary = "Clashes at Kafr Testa";
    e.provenance.outlet = "Monitor A";
    io::write_events_geojson({e}, path);
    Diagnostics diag;
    const auto res = io::import_events({path}, diag, {});
    INFO(dump(diag));
    REQUIRE(res.events.size() == 1);
    const Event& b = res.events[0];
    CHECK(b.id == "gj-1");
    CHECK(b.date.first == date("2020-03-12"));
    CHECK(b.date.last == date("2020-03-14"));
    CHECK(b.date.precision == DatePrecision::Range);
    CHECK(names(b.actor1) == std::vector<std::string>{"Test Brigade", "Northern Front"});
    CHECK(b.casualties.killed.best == 3);
    CHECK(b.casualties.killed.low == 2);
    CHECK(b.casualties.killed.written == "three");
    CHECK(b.location.precision == LocPrecision::Near);
    CHECK(b.location.point == LonLat{36.6, 35.8});
    CHECK(b.provenance.outlet == "Monitor A");
}
