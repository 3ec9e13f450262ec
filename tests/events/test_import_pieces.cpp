// Tests for reading a CSV or GeoJSON file in pieces on several threads (io/FilePieces,
// io/EventImport): the scans find the boundaries GDAL's readers do, and a file read in pieces
// gives the table, row numbers and messages that reading it row by row gives; and a lean read of
// a GeoPackage (fewer columns asked of GDAL) gives the table a whole read gives.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>

#include <ogrsf_frmts.h>

#include "events/fixture.h"
#include "io/EventGeoJson.h"
#include "io/EventGpkg.h"
#include "io/FilePieces.h"
#include "io/EventImport.h"

using namespace cm;
using cm::test::check_same_event;
using cm::test::TempDir;

namespace {

void write(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

// An ACLED-style file of n rows with what makes cutting hard: quoted fields with commas, doubled
// quotes and line breaks (LF and CRLF), blank lines, a few bad rows, and CRLF line ends.
std::string acled_rows(int n, const char* eol) {
    std::string s = std::string("event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,"
                                "actor2,assoc_actor_2,admin1,location,latitude,longitude,geo_precision,source,notes,fatalities") + eol;
    const char* types[] = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
                           "Strategic developments"};
    for (int i = 0; i < n; ++i) {
        const int day = 1 + i % 28, month = 1 + (i / 28) % 12;
        char date[16];
        std::snprintf(date, sizeof date, "2019-%02d-%02d", month, day);
        std::string notes = "Row " + std::to_string(i);
        if (i % 7 == 0) notes = "\"Shelling, then \"\"clashes\"\",\nnear the road\r\nfor hours (row " + std::to_string(i) + ")\"";
        const std::string when = i % 301 == 5 ? "2019-13-40" : date;  // a bad date: the row is skipped
        const std::string lat = i % 433 == 9 ? "north" : std::to_string(35 + (i % 50) / 100.0);
        s += "PC" + std::to_string(1000 + i) + "," + when + ",2019," + std::to_string(1 + i % 3) + "," + types[i % 6] +
             ",Sub " + std::to_string(i % 5) + ",Actor " + std::to_string(i % 17) + "," +
             (i % 4 == 0 ? "\"Ally A; Ally B\"" : "") + ",Side " + std::to_string(i % 9) + ",,Idlib,\"Place, " +
             std::to_string(i % 40) + "\"," + lat + "," + std::to_string(36 + (i % 60) / 100.0) + "," +
             (i % 97 == 0 ? "9" : std::to_string(1 + i % 3)) + ",Outlet " + std::to_string(i % 11) + "," + notes + "," +
             std::to_string(i % 13) + eol;
        if (i % 250 == 0) s += eol;  // a blank line: no record
    }
    return s;
}

struct Read {
    std::shared_ptr<const events::EventTable> table;
    io::ImportResult res;
    Diagnostics diag;
};

Read read(const std::string& path, unsigned threads, std::uint64_t piece_bytes, bool lean = false) {
    Read r;
    io::ImportOptions opt;
    opt.threads = threads;
    opt.piece_bytes = piece_bytes;
    events::EventTableBuilder b;
    b.set_lean(lean);
    r.res = io::import_events({path}, r.diag, {}, b, opt);
    r.table = b.finish();
    return r;
}

void check_same_read(const Read& got, const Read& want) {
    CHECK(got.res.rows == want.res.rows);
    CHECK(got.res.rows_skipped == want.res.rows_skipped);
    CHECK(got.res.files_read == want.res.files_read);
    REQUIRE(got.diag.count() == want.diag.count());
    for (std::size_t i = 0; i < want.diag.count(); ++i) CHECK(got.diag.all()[i].to_string() == want.diag.all()[i].to_string());
    REQUIRE(got.table->size() == want.table->size());
    CHECK(got.table->kinds == want.table->kinds);
    CHECK(got.table->actors == want.table->actors);
    CHECK(got.table->sources == want.table->sources);
    CHECK(got.table->attribute_names() == want.table->attribute_names());
    for (std::size_t i = 0; i < want.table->size(); ++i) {
        const Event a = got.table->event(i), b = want.table->event(i);
        CHECK(a.provenance.row == b.provenance.row);
        check_same_event(a, b);
    }
}

}  // namespace

TEST_CASE("csv pieces: the scan counts records as GDAL does and cuts only at their starts") {
    TempDir dir("csv-scan");
    // Quoted line breaks, a doubled quote, a CRLF line, blank lines, no line break at the end.
    const std::string text = "a,b\nx,\"one\ntwo\"\r\n\n\"q\"\"r\",s\n\n\ny,z\nlast,row";
    const std::string f = dir.file("t.csv");
    write(f, text);
    const auto whole = io::detail::scan_csv(f, 1);
    REQUIRE(whole);
    CHECK(whole->cuttable);
    CHECK(whole->rows == 4);
    REQUIRE(whole->pieces.size() == 1);
    CHECK(whole->pieces[0].bytes == text.size());

    const auto cut = io::detail::scan_csv(f, 8);
    REQUIRE(cut);
    CHECK(cut->rows == 4);
    REQUIRE(cut->pieces.size() > 1);
    std::uint64_t at = 0, rows = 0;
    for (const auto& p : cut->pieces) {
        INFO("piece at " << p.offset);
        CHECK(p.offset == at);  // pieces tile the file
        CHECK(p.first_row == rows);
        CHECK(p.rows > 0);
        // Every piece after the first starts a record: right after a line break outside quotes.
        if (p.offset > 0) {
            CHECK(text[p.offset - 1] == '\n');
            CHECK(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(p.offset), '"') % 2 == 0);
        }
        at += p.bytes;
        rows += p.rows;
    }
    CHECK(at == text.size());
    CHECK(rows == 4);

    // A carriage return alone is a line break to GDAL: such a file is not cut.
    write(f, "a,b\r1,2\r3,4\r");
    const auto cr = io::detail::scan_csv(f, 4);
    REQUIRE(cr);
    CHECK_FALSE(cr->cuttable);
    CHECK(cr->pieces.size() == 1);
    CHECK_FALSE(io::detail::scan_csv(dir.file("missing.csv"), 2));

    // Long runs of plain bytes (skipped sixteen at a time) ending at every offset: quotes with line
    // breaks inside, CRLF, and a lone CR or a NUL deep in a long record.
    std::string runs = "id,text\n";
    for (int k = 0; k < 70; ++k)
        runs += std::to_string(k) + "," + std::string(static_cast<std::size_t>(k), 'x') + (k % 4 == 0 ? "\"q,\n" : "\"q,") +
                std::string(static_cast<std::size_t>(k % 17), 'y') + "\"" + (k % 3 == 0 ? "\r\n" : "\n");
    write(f, runs);
    const auto long_runs = io::detail::scan_csv(f, 5);
    REQUIRE(long_runs);
    CHECK(long_runs->cuttable);
    CHECK(long_runs->rows == 70);
    CHECK(long_runs->pieces.size() > 1);
    for (const auto& p : long_runs->pieces)
        if (p.offset > 0) {
            CHECK(runs[p.offset - 1] == '\n');
            CHECK(std::count(runs.begin(), runs.begin() + static_cast<std::ptrdiff_t>(p.offset), '"') % 2 == 0);
        }
    for (const char bad : {'\r', '\0'}) {
        std::string b = runs;
        b.insert(b.size() / 2 + 37, 1, 'z');
        b[b.size() / 2 + 37] = bad;
        write(f, b);
        const auto refused = io::detail::scan_csv(f, 5);
        REQUIRE(refused);
        CHECK_FALSE(refused->cuttable);
        CHECK(refused->pieces.size() == 1);
    }
}

TEST_CASE("csv pieces: a file read in pieces gives the table, rows and messages of reading it whole") {
    TempDir dir("csv-pieces");
    for (const char* eol : {"\n", "\r\n"}) {
        INFO("line ends " << (eol[1] ? "CRLF" : "LF"));
        const std::string f = dir.file("acled.csv");
        write(f, acled_rows(3000, eol));
        for (const bool lean : {false, true}) {
            INFO("lean " << lean);
            const Read whole = read(f, 1, 4096, lean);
            CHECK(whole.res.pieces == 0);
            CHECK(whole.res.rows > 2900);
            CHECK(whole.res.rows_skipped >= 10);  // the bad dates and latitudes, each named
            for (const unsigned threads : {2u, 3u, 7u}) {
                INFO(threads << " threads");
                const Read cut = read(f, threads, 4096, lean);
                CHECK(cut.res.pieces == threads);
                check_same_read(cut, whole);
            }
        }
    }
}

TEST_CASE("csv pieces: a table read by meaning keeps the whole file's day order; geometry columns read whole") {
    TempDir dir("csv-generic");
    // Slashed dates whose order only a later row of the first piece tells (13/02 is day first).
    std::string s = "when,what,who,lat,lon\n";
    for (int i = 0; i < 2000; ++i)
        s += (i == 3 ? std::string("13/02/2020") : "0" + std::to_string(1 + i % 9) + "/0" + std::to_string(1 + i % 9) + "/2020") +
             ",Airstrike,Group " + std::to_string(i % 5) + "," + std::to_string(35 + i % 7 / 10.0) + "," +
             std::to_string(36 + i % 3 / 10.0) + "\n";
    const std::string f = dir.file("generic.csv");
    write(f, s);
    const Read whole = read(f, 1, 2048);
    const Read cut = read(f, 4, 2048);
    CHECK(cut.res.pieces == 4);
    check_same_read(cut, whole);
    CHECK(whole.table->size() == 2000);

    // x/y columns are the rows' geometry, which a headerless piece would not know: read whole.
    std::string g = "x,y,date,event_type\n";
    for (int i = 0; i < 2000; ++i) g += std::to_string(36 + i % 10 / 10.0) + ",35.5,2020-01-0" + std::to_string(1 + i % 9) + ",Battles\n";
    const std::string gf = dir.file("xy.csv");
    write(gf, g);
    const Read xy = read(gf, 4, 2048);
    CHECK(xy.res.pieces == 0);
    CHECK(xy.res.rows == 2000);
    CHECK(xy.table->lon[0] == doctest::Approx(36.0));
}

TEST_CASE("csv pieces: cancelling stops every piece") {
    TempDir dir("csv-cancel");
    const std::string f = dir.file("acled.csv");
    write(f, acled_rows(40000, "\n"));
    io::ImportOptions opt;
    opt.threads = 4;
    opt.piece_bytes = 4096;
    events::EventTableBuilder b;
    Diagnostics diag;
    // The first call is the file's ("reading ..."); the second, the pieces' first report, cancels.
    int calls = 0;
    const io::ImportResult res = io::import_events({f}, diag, [&](double, const std::string&) { return calls++ < 1; }, b, opt);
    CHECK(res.cancelled);
    CHECK(res.pieces == 4);  // the pieces were under way, and stopped
    CHECK(res.rows <= 4 * 4096);  // each stops at its next report, every 4,096 rows
}

TEST_CASE("csv pieces: a piece starts only where GDAL reads the header's columns from its first line") {
    TempDir dir("csv-cuts");
    // Semicolons separate; many rows have a comma in an unquoted text, which GDAL would take for
    // the separator of a piece starting there. Quoted line breaks and blank lines besides.
    std::string s = "place;n;note\n";
    for (int i = 0; i < 3000; ++i) {
        if (i % 3 == 0) s += "Paris, France;" + std::to_string(i) + ";x\n";
        else if (i % 3 == 1) s += "\"Two\nlines\";" + std::to_string(i) + ";y\n\n";
        else s += "Lyon;" + std::to_string(i) + ";z\n";
    }
    const std::string f = dir.file("semi.csv");
    write(f, s);
    const auto layout = io::detail::scan_csv(f, 6);
    REQUIRE(layout);
    CHECK(layout->rows == 3000);
    CHECK(layout->pieces.size() == 6);
    for (std::size_t k = 1; k < layout->pieces.size(); ++k) {
        const std::string first = s.substr(layout->pieces[k].offset, 4);
        CHECK(first == "Lyon");  // the only rows that are one line with the header's separator alone
    }
}

TEST_CASE("geojson pieces: the scan finds whole features and keeps the other members") {
    TempDir dir("json-scan");
    // Members before and after "features"; strings with braces, brackets, commas and escaped
    // quotes; nested arrays and objects inside features.
    const std::string text =
        "{\"type\": \"FeatureCollection\", \"name\": \"a {tricky} [name], \\\"q\\\"\",\n"
        "\"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"urn:ogc:def:crs:OGC:1.3:CRS84\"}},\n"
        "\"features\": [\n"
        "{\"type\":\"Feature\",\"properties\":{\"s\":\"}]{[,\\\"\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}},\n"
        "{\"type\":\"Feature\",\"properties\":{\"a\":[[1,2],{\"b\":[]}]},\"geometry\":null},\n"
        "{\"type\":\"Feature\",\"properties\":{},\"geometry\":null}\n"
        "], \"bbox\": [1, 2, 3, 4]}\n";
    const std::string f = dir.file("t.geojson");
    write(f, text);
    const auto one = io::detail::scan_geojson(f, 1);
    REQUIRE(one);
    CHECK(one->rows == 3);
    REQUIRE(one->pieces.size() == 1);
    CHECK(text.substr(one->pieces[0].offset, 1) == "{");
    CHECK(text.substr(one->pieces[0].offset + one->pieces[0].bytes - 1, 1) == "}");
    CHECK(one->members.find("\"crs\"") != std::string::npos);
    CHECK(one->members.find("\"bbox\": [1, 2, 3, 4]") != std::string::npos);
    CHECK(one->members.find("features") == std::string::npos);

    const auto three = io::detail::scan_geojson(f, 3);
    REQUIRE(three);
    REQUIRE(three->pieces.size() == 3);
    for (std::size_t k = 0; k < 3; ++k) {
        CHECK(three->pieces[k].first_row == k);
        CHECK(three->pieces[k].rows == 1);
        // Each piece, wrapped, is one valid FeatureCollection GDAL reads back with one feature.
        const std::string piece = text.substr(three->pieces[k].offset, three->pieces[k].bytes);
        const std::string wrapped = io::detail::wrap_geojson_piece(*three, piece);
        const std::string g = dir.file("piece" + std::to_string(k) + ".geojson");
        write(g, wrapped);
        GDALAllRegister();
        GDALDatasetUniquePtr ds(GDALDataset::Open(g.c_str(), GDAL_OF_VECTOR));
        INFO(wrapped);
        REQUIRE(ds);
        CHECK(ds->GetLayer(0)->GetFeatureCount() == 1);
    }

    // Not a FeatureCollection to cut: a bare array, two objects, features not objects.
    for (const char* bad : {"[{\"type\":\"Feature\"}]", "{\"features\":[]} {}", "{\"features\":[1,2]}", "{\"features\":[{}"}) {
        INFO(bad);
        write(f, bad);
        CHECK_FALSE(io::detail::scan_geojson(f, 2));
    }
}

TEST_CASE("geojson pieces: the scan finds every feature whatever its strings hold, wherever they fall in a block") {
    TempDir dir("json-blocks");
    // Strings of every length up to 130 bytes of brackets, braces, quotes (escaped), backslashes,
    // commas and multi-byte letters, so that strings, escapes and features start and end at every
    // offset of the scan's 64-byte blocks; nested arrays and objects in the properties.
    std::uint32_t seed = 2024;
    auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
    const std::string alphabet[] = {"a", "{", "}", "[", "]", "\\\"", "\\\\", ",", ":", " ", "\xc3\xa9"};
    auto text = [&] {
        std::string t;
        const std::size_t n = next() % 131;
        while (t.size() < n) t += alphabet[next() % 11];
        return t;
    };
    std::string json = "{\"type\":\"FeatureCollection\",\"name\":\"x {y} [z]\",\"features\":[\n";
    std::vector<std::uint64_t> starts, ends;
    for (int i = 0; i < 4000; ++i) {
        if (i) json += ",\n";
        starts.push_back(json.size());
        json += "{\"type\":\"Feature\",\"properties\":{\"id\":\"B" + std::to_string(i) + "\",\"s\":\"" + text() + "\",\"n\":[[1,[2,{\"a\":\"" +
                text() + "\"}]],{}],\"t\":\"" + text() + "\"},\"geometry\":" +
                (i % 5 ? "{\"type\":\"Point\",\"coordinates\":[36.5,35.5]}" : "null") + "}";
        ends.push_back(json.size());
    }
    json += "\n],\"bbox\":[1,2,3,4]}\n";
    const std::string f = dir.file("blocks.geojson");
    write(f, json);
    for (std::size_t pieces = 1; pieces <= 7; ++pieces) {
        INFO(pieces << " pieces");
        const auto layout = io::detail::scan_geojson(f, pieces);
        REQUIRE(layout);
        CHECK(layout->rows == 4000);
        CHECK(layout->first_feature_bytes == ends[0] - starts[0]);
        REQUIRE(layout->pieces.size() == pieces);
        std::uint64_t rows = 0;
        for (const io::detail::FilePiece& p : layout->pieces) {
            CHECK(p.first_row == rows);
            REQUIRE(p.first_row + p.rows <= starts.size());
            CHECK(p.offset == starts[p.first_row]);
            CHECK(p.offset + p.bytes == ends[p.first_row + p.rows - 1]);
            rows += p.rows;
        }
        CHECK(rows == 4000);
    }
    // The file is valid GeoJSON (GDAL reads its 4,000 features), and so is each piece wrapped.
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(f.c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    CHECK(ds->GetLayer(0)->GetFeatureCount() == 4000);
    const auto three = io::detail::scan_geojson(f, 3);
    REQUIRE(three);
    GIntBig in_pieces = 0;
    for (std::size_t k = 0; k < three->pieces.size(); ++k) {
        const std::string g = dir.file("block-piece" + std::to_string(k) + ".geojson");
        write(g, io::detail::wrap_geojson_piece(*three, json.substr(three->pieces[k].offset, three->pieces[k].bytes)));
        GDALDatasetUniquePtr p(GDALDataset::Open(g.c_str(), GDAL_OF_VECTOR));
        REQUIRE(p);
        in_pieces += p->GetLayer(0)->GetFeatureCount();
    }
    CHECK(in_pieces == 4000);
}

TEST_CASE("geojson pieces: conflictmap's GeoJSON read in pieces gives the table, rows and messages of reading it whole") {
    TempDir dir("json-pieces");
    std::vector<Event> events;
    for (int i = 0; i < 3000; ++i) {
        Event e = i % 101 == 0 ? cm::test::full_event()
                               : cm::test::point_event("J" + std::to_string(i), CivilDate::from_days(18000 + i % 40).iso(),
                                                       CivilDate::from_days(18000 + i % 40).iso(),
                                                       static_cast<EventType>(i % 6), {36 + (i % 17) / 10.0, 35 + (i % 5) / 10.0});
        e.id = "J" + std::to_string(i);
        e.summary = "Row " + std::to_string(i) + " with \"quotes\", {braces} and [brackets]";
        e.actor1 = {{"Actor " + std::to_string(i % 13), "", ""}};
        e.provenance.outlet = "Outlet " + std::to_string(i % 7);
        if (i % 250 == 7) e.location.geometry = {};  // kept, not mapped: a message names the row
        events.push_back(std::move(e));
    }
    const std::string f = dir.file("ours.geojson");
    io::write_events_geojson(events, f);
    for (const bool lean : {false, true}) {
        INFO("lean " << lean);
        const Read whole = read(f, 1, 16384, lean);
        CHECK(whole.res.pieces == 0);
        CHECK(whole.res.rows == 3000);
        CHECK(whole.diag.count() >= 10);
        for (const unsigned threads : {2u, 3u}) {
            INFO(threads << " threads");
            const Read cut = read(f, threads, 16384, lean);
            CHECK(cut.res.pieces >= threads);
            check_same_read(cut, whole);
        }
    }
    // By default a file from 2 MiB is cut (a 10,000-event briefing's 8.7 MB among them).
    REQUIRE(std::filesystem::file_size(f) >= 2 * io::ImportOptions{}.piece_bytes);
    const Read by_default = read(f, 2, io::ImportOptions{}.piece_bytes);
    CHECK(by_default.res.pieces == 2);
    check_same_read(by_default, read(f, 1, io::ImportOptions{}.piece_bytes));
}

TEST_CASE("geojson pieces: pieces GDAL types unlike one another are read whole") {
    TempDir dir("json-types");
    // date_written holds dates in the first 2,500 rows (GDAL types it a date in a piece of only
    // those, and would give the text back reformatted) and words after (a string in the piece
    // that holds them): read whole, the same events.
    std::vector<Event> events;
    for (int i = 0; i < 3000; ++i) {
        Event e = cm::test::point_event("T" + std::to_string(i), "2020-03-01", "2020-03-01");
        e.date.written = i < 2500 ? "2020-03-01" : "early March";
        e.summary = std::string(100, 'x');
        events.push_back(std::move(e));
    }
    const std::string f = dir.file("types.geojson");
    io::write_events_geojson(events, f);
    const Read whole = read(f, 1, 16384);
    const Read cut = read(f, 2, 16384);
    CHECK(cut.res.pieces == 0);
    check_same_read(cut, whole);
    CHECK(cut.table->event(0).date.written == "2020-03-01");
}

TEST_CASE("geojson pieces: a GeoJSON of other columns is read whole, told from its first feature") {
    TempDir dir("json-other");
    std::string s = "{\"type\":\"FeatureCollection\",\"features\":[\n";
    for (int i = 0; i < 500; ++i)
        s += std::string(i ? ",\n" : "") + "{\"type\":\"Feature\",\"properties\":{\"event_id_cnty\":\"O" + std::to_string(i) +
             "\",\"event_date\":\"2020-03-" + std::to_string(10 + i % 9) + "\",\"event_type\":\"Battles\",\"notes\":\"" +
             std::string(60, 'n') + "\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[36.5,35.5]}}";
    s += "\n]}\n";
    const std::string f = dir.file("acled.geojson");
    write(f, s);
    const Read r = read(f, 2, 8192);
    CHECK(r.res.pieces == 0);
    CHECK(r.res.rows == 500);
    CHECK(r.table->size() == 500);
}

TEST_CASE("gpkg lean: a lean read of a GeoPackage gives the table a whole read gives, routes and zones whole") {
    TempDir dir("gpkg-lean");
    const std::string path = dir.file("events.gpkg");
    // Points with every field set, routes, zones, areas, undated rows and rows without a place:
    // the lean read asks GDAL for a third of the columns and reads the rows kept whole again.
    // 40,000 rows: routes and zones in every one of GDAL's batches of 16,384, read again while
    // GDAL makes the next batch.
    std::vector<Event> events;
    for (int i = 0; i < 40000; ++i) {
        Event e = cm::test::full_event();
        e.id = "ev-" + std::to_string(i);
        e.date.first = CivilDate{2020, 1 + i % 12, 1 + i % 28};
        e.date.last = e.date.first;
        e.date.precision = DatePrecision::Day;
        e.type = static_cast<EventType>(i % 6);
        e.kind = i % 5 == 0 ? "" : "kind " + std::to_string(i % 7);
        e.actor1[0].name = "Actor " + std::to_string(i % 13);
        e.provenance.outlet = i % 3 == 0 ? "" : "Outlet " + std::to_string(i % 4);
        e.summary = "Summary of row " + std::to_string(i);
        const LonLat at{36.0 + (i % 100) / 100.0, 35.0 + (i % 37) / 50.0};
        e.location.point = at;
        if (i % 10 == 3) {
            e.shape = EventShape::Route;
            e.location.geometry = Geometry::line({at, {at.lon + 0.1, at.lat + 0.05}});
        } else if (i % 17 == 5) {
            e.shape = EventShape::Zone;
            e.location.geometry.type = GeomType::Polygon;
            e.location.geometry.parts = {{at, {at.lon + 0.2, at.lat}, {at.lon + 0.2, at.lat + 0.2}, at}};
            e.location.geometry.polygon_starts.clear();
        } else {
            e.shape = EventShape::Place;
            e.location.geometry = {};
            e.location.geometry.type = GeomType::Point;
            e.location.geometry.parts = {{at}};
        }
        if (i % 23 == 7) {
            e.date = {};
            e.date.undated = true;
        }
        if (i % 29 == 11) e.location = {};
        // Most rows without attributes (a lean read puts such point rows in the table without
        // making an Event), with the other fields varied: lists of one to three actors, the
        // kind only in the sub-event type, no outlet, date ranges, every location precision.
        if (i % 4 != 0) e.attributes.clear();
        if (i % 6 == 1) e.actor2.clear();
        if (i % 7 == 2) e.actor1.push_back({"Third " + std::to_string(i % 3), "", ""});
        if (i % 8 == 3) e.sub_event_type.clear();
        if (i % 11 == 4) e.provenance.outlet.clear(), e.provenance.source_file = "data/set-" + std::to_string(i % 2) + ".csv";
        if (i % 13 == 6 && !e.date.undated) {
            e.date.last = CivilDate::from_days(e.date.first.days() + i % 9);
            e.date.precision = i % 2 ? DatePrecision::Range : DatePrecision::Week;
        }
        if (i % 19 == 8) e.casualties.killed.best = -1;
        e.location.precision = static_cast<LocPrecision>(1 + i % 4);
        e.location.radius_km = i % 5;
        events.push_back(std::move(e));
    }
    io::write_events_gpkg(events, path);

    // What a lean table of the whole events, added in file order, holds.
    Diagnostics whole_diag;
    const std::vector<Event> whole_events = io::read_events_gpkg(path, whole_diag);
    REQUIRE(whole_events.size() == events.size());
    events::EventTableBuilder wb;
    wb.set_lean(true);
    for (const Event& e : whole_events) wb.add(e);
    Read want;
    want.table = wb.finish();

    const Read lean = read(path, 2, 0, true);
    CHECK(lean.res.rows == events.size());
    const auto kept_whole = static_cast<std::size_t>(std::count_if(want.table->geometry_id.begin(), want.table->geometry_id.end(),
                                                                   [](std::int32_t g) { return g >= 0; }));
    CHECK(kept_whole > 5000);
    CHECK(lean.res.rows_reread == kept_whole);  // the lean read ran, and read each route and zone again
    CHECK(lean.res.rows_direct > 20000);         // most points went to the table without an Event
    CHECK(lean.res.rows_direct + kept_whole < events.size());  // and the others through one
    REQUIRE(lean.diag.count() == whole_diag.count());
    for (std::size_t i = 0; i < whole_diag.count(); ++i)
        CHECK(lean.diag.all()[i].to_string() == whole_diag.all()[i].to_string());
    REQUIRE(lean.table->size() == want.table->size());
    CHECK(lean.table->kinds == want.table->kinds);
    CHECK(lean.table->actors == want.table->actors);
    CHECK(lean.table->sources == want.table->sources);
    const auto same_or_nan = [](const std::vector<double>& a, const std::vector<double>& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                          [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); });
    };
    CHECK(same_or_nan(lean.table->lon, want.table->lon));
    CHECK(same_or_nan(lean.table->lat, want.table->lat));
    CHECK(lean.table->fatalities == want.table->fatalities);
    CHECK(lean.table->geometry_id == want.table->geometry_id);
    CHECK(lean.table->day_first == want.table->day_first);
    CHECK(lean.table->type == want.table->type);
    CHECK(lean.table->kind_id == want.table->kind_id);
    CHECK(lean.table->actor1_id == want.table->actor1_id);
    CHECK(lean.table->source_id == want.table->source_id);
    CHECK(lean.table->extra_actor_ids == want.table->extra_actor_ids);
    CHECK(lean.table->extra_actor_off == want.table->extra_actor_off);
    CHECK(lean.table->day_last == want.table->day_last);
    CHECK(lean.table->date_precision == want.table->date_precision);
    CHECK(lean.table->loc_precision == want.table->loc_precision);
    CHECK(lean.table->shape == want.table->shape);
    CHECK(lean.table->radius_km == want.table->radius_km);
    CHECK(lean.table->actor2_id == want.table->actor2_id);
    std::size_t whole_rows = 0;
    for (std::size_t i = 0; i < want.table->size(); ++i) {
        const bool kept = lean.table->geometry_id[i] >= 0;
        const Event a = lean.table->event(i), b = want.table->event(i);
        check_same_event(a, b);
        if (kept) {
            ++whole_rows;
            // A route or zone keeps its record, which only the columns left out hold.
            CHECK(a.provenance.title == cm::test::full_event().provenance.title);
            CHECK(a.provenance.text == cm::test::full_event().provenance.text);
            CHECK(a.casualties.injured.best == 30);
        }
    }
    CHECK(whole_rows == kept_whole);
}

TEST_CASE("gpkg lean: a view without a feature id is read whole, its routes right") {
    // GDAL numbers the rows of a GeoPackage view without a primary key 0 in its Arrow stream: a
    // lean read would find every route "again" as the view's first row. Such a layer is read
    // whole; the table is the one a whole read gives.
    TempDir dir("gpkg-lean-view");
    const std::string path = dir.file("view.gpkg");
    std::vector<Event> events;
    for (int i = 0; i < 300; ++i) {
        Event e = cm::test::full_event();
        e.id = "v-" + std::to_string(i);
        e.date.first = e.date.last = CivilDate{2021, 1 + i % 12, 1 + i % 28};
        e.summary = "Row " + std::to_string(i);
        e.provenance.title = "Title " + std::to_string(i);
        const LonLat at{36.0 + (i % 50) / 50.0, 35.0 + (i % 30) / 40.0};
        e.location.point = at;
        if (i % 3 == 0) {
            e.shape = EventShape::Route;
            e.location.geometry = Geometry::line({at, {at.lon + 0.1, at.lat + 0.1}});
        } else {
            e.shape = EventShape::Place;
            e.location.geometry.type = GeomType::Point;
            e.location.geometry.parts = {{at}};
        }
        events.push_back(std::move(e));
    }
    io::write_events_gpkg(events, path);
    {
        GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
        REQUIRE(ds);
        const std::string layer = ds->GetLayer(0)->GetName();
        const std::string geom = ds->GetLayer(0)->GetGeometryColumn();
        // Every column but the feature id.
        std::string columns = "\"" + geom + "\"";
        OGRFeatureDefn* d = ds->GetLayer(0)->GetLayerDefn();
        for (int i = 0; i < d->GetFieldCount(); ++i) columns += std::string(", \"") + d->GetFieldDefn(i)->GetNameRef() + "\"";
        ds->ExecuteSQL(("CREATE VIEW events_view AS SELECT " + columns + " FROM \"" + layer + "\" WHERE id LIKE 'v-1%'").c_str(),
                       nullptr, nullptr);
        ds->ExecuteSQL("INSERT INTO gpkg_contents (table_name, identifier, data_type, srs_id) "
                       "VALUES ('events_view', 'events_view', 'features', 4326)",
                       nullptr, nullptr);
        ds->ExecuteSQL(("INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) "
                        "VALUES ('events_view', '" + geom + "', 'GEOMETRY', 4326, 0, 0)").c_str(),
                       nullptr, nullptr);
    }
    Diagnostics whole_diag;
    const std::vector<Event> whole_events = io::read_events_gpkg(path, whole_diag);
    // The table and the view's rows that begin "v-1" (1, 10-19, 100-199).
    REQUIRE(whole_events.size() == events.size() + 111);
    events::EventTableBuilder wb;
    wb.set_lean(true);
    for (const Event& e : whole_events) wb.add(e);
    const auto want = wb.finish();

    const Read lean = read(path, 2, 0, true);
    CHECK(lean.res.rows == whole_events.size());
    CHECK(lean.res.rows_reread == 100);  // the table's routes; none of the view's
    REQUIRE(lean.table->size() == want->size());
    for (std::size_t i = 0; i < want->size(); ++i) {
        const Event a = lean.table->event(i), b = want->event(i);
        check_same_event(a, b);
    }
}
