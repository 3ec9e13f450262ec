// Viewer tests through the real application: headless (EGL on llvmpipe) golden image of the
// bundled sample, scrubbing the time window, clicking an event, the saved view, and — when a
// display is there (ctest runs this binary again under xvfb-run) — the same in a GLFW window.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include <nlohmann/json.hpp>

#include <gdal_priv.h>

#include "core/Date.h"
#include "core/Limits.h"
#include "geo/Geodesic.h"
#include "geo/Ogr.h"
#include "io/EventGeoJson.h"
#include "io/EventImport.h"
#include "render/Image.h"
#include "ui/App.h"
#include "ui/Runner.h"
#include "headless.h"

namespace fs = std::filesystem;
using namespace cm;

namespace {

fs::path temp_dir(const std::string& name) {
    const fs::path d = fs::temp_directory_path() / ("cm-test-viewer-" + std::to_string(::getpid())) / name;
    fs::create_directories(d);
    return d;
}

std::string write_script(const fs::path& dir, const std::string& text) {
    const fs::path p = dir / "script.replay";
    std::ofstream(p) << text;
    return p.string();
}

// Runs the sample (or files) with a script; returns the app for inspection after the run.
struct Run {
    std::unique_ptr<ui::App> app;
    int status = -1;
    std::string out, err;
};

Run run(const std::string& script, bool headless, const std::string& screenshot = {}, int w = 960, int h = 600,
        const fs::path& state_file = {}, bool restore = false, const std::vector<std::string>& files = {}) {
    ui::AppOptions o;
    o.state_file = state_file;
    o.restore_view = restore;
    o.files = files;
    Run r;
    r.app = std::make_unique<ui::App>(o);
    ui::RunOptions ro;
    ro.width = w;
    ro.height = h;
    ro.frames = 4;
    ro.headless = headless;
    ro.screenshot = screenshot;
    if (!script.empty()) ro.replay_file = write_script(temp_dir("scripts-" + std::to_string(std::rand())), script);
    std::ostringstream out, err;
    r.status = ui::run_viewer(*r.app, ro, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

std::size_t rows_in_window(const events::EventTable& t, std::int32_t a, std::int32_t b) {
    // Counted here from the table's columns, independently of the event layer.
    std::size_t n = 0;
    for (std::size_t i = 0; i < t.size(); ++i)
        if (t.shape[i] == static_cast<std::uint8_t>(EventShape::Place) && t.day_first[i] != events::kUndatedDay &&
            t.day_first[i] <= b && t.day_last[i] >= a)
            ++n;
    return n;
}

std::int64_t row_of(const events::EventTable& t, const std::string& id) {
    for (std::size_t i = 0; i < t.size(); ++i)
        if (t.event(i).id == id) return static_cast<std::int64_t>(i);
    return -1;
}

bool have_display() { return ui::display_available(); }

}  // namespace

TEST_CASE("viewer: the sample opens on March–May 2020 with every event of that window drawn") {
    Run r = run("", true);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const events::EventTable* t = r.app->table();
    REQUIRE(t != nullptr);
    CHECK(t->size() >= 30);
    const auto& v = r.app->view();
    CHECK(v.time.first_day == CivilDate{2020, 3, 1}.days());
    CHECK(v.time.last_day == CivilDate{2020, 5, 31}.days());
    const auto& st = r.app->renderer()->events().stats();
    CHECK(st.in_time == rows_in_window(*t, v.time.first_day, v.time.last_day));
    CHECK(st.in_view == st.in_time);  // the opening view frames them all
    CHECK(r.app->renderer()->overlays().stats().routes_shown >= 3);
    CHECK(r.app->renderer()->overlays().stats().zones_shown >= 1);
}

TEST_CASE("viewer: golden image of the sample (headless, llvmpipe)") {
    const fs::path dir = temp_dir("golden");
    const std::string shot = (dir / "sample.png").string();
    Run r = run("", true, shot);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const render::Image got = render::read_image(shot);
    const std::string golden = std::string(CM_TEST_DATA) + "/render/sample_960x600.png";
    if (std::getenv("CM_UPDATE_GOLDEN")) {
        fs::copy_file(shot, golden, fs::copy_options::overwrite_existing);
        MESSAGE("golden image updated: " << golden);
    }
    const render::Image want = render::read_image(golden);
    const render::ImageDiff d = render::compare(got, want, 40);
    CHECK(d.same_size);
    // Mesa's llvmpipe is deterministic; a little slack lets a different Mesa build pass while any
    // real change (a layer missing, a shifted view, a new colour) fails.
    CHECK_MESSAGE(d.fraction() < 0.003, "pixels differing: " << d.differing << " of " << d.total << " (" << shot << ")");
}

TEST_CASE("viewer: the golden image is not trivially matched") {
    // The comparison must be able to fail: an image with the events layer switched off differs.
    const fs::path dir = temp_dir("nolayer");
    const std::string shot = (dir / "no-events.png").string();
    ui::AppOptions o;
    o.restore_view = false;
    ui::App app(o);
    app.view_mut().layers.events = false;
    REQUIRE(cmtest::run_headless(app, 960, 600, 4, shot) == 0);
    const render::Image want = render::read_image(std::string(CM_TEST_DATA) + "/render/sample_960x600.png");
    const render::ImageDiff d = render::compare(render::read_image(shot), want, 40);
    CHECK(d.differing > 200);
}

TEST_CASE("viewer: scrubbing the time window changes the visible events") {
    // Week preset (key 2) from the window start, then three steps right.
    Run week = run("frames 2\nkey 2\nframes 2\n", true);
    REQUIRE(week.status == 0);
    const events::EventTable& t = *week.app->table();
    const auto& v1 = week.app->view();
    CHECK(v1.time.last_day - v1.time.first_day == 6);
    const std::size_t n1 = week.app->renderer()->events().stats().in_time;
    CHECK(n1 == rows_in_window(t, v1.time.first_day, v1.time.last_day));

    Run moved = run("frames 2\nkey 2\nkey RIGHT\nframes 1\nkey RIGHT\nframes 1\nkey RIGHT\nframes 1\nkey RIGHT\nframes 1\nkey RIGHT\nframes 1\nkey RIGHT\nframes 1\nkey RIGHT\nframes 1\nkey RIGHT\nframes 1\nkey RIGHT\nframes 1\nkey RIGHT\nframes 1\nkey RIGHT\nframes 1\nkey RIGHT\nframes 1\nkey RIGHT\nframes 1\nkey RIGHT\nframes 2\n", true);
    REQUIRE(moved.status == 0);
    const auto& v2 = moved.app->view();
    CHECK(v2.time.first_day == v1.time.first_day + 14);
    const std::size_t n2 = moved.app->renderer()->events().stats().in_time;
    CHECK(n2 == rows_in_window(t, v2.time.first_day, v2.time.last_day));
    CHECK(n1 != n2);  // the sample has events in the first March week and a different number two weeks on

    // Dragging the band on the timeline moves the window too (the canvas spans the window's
    // width less its padding; the band is found from the timeline's visible range).
    const auto [d0, d1] = week.app->timeline_range();
    const double band_x = 8 + (v1.time.first_day + 3.5 - d0) * (960.0 - 16) / (d1 - d0);
    const std::string drag = "drag " + std::to_string(static_cast<int>(band_x)) + " 520 " +
                             std::to_string(static_cast<int>(band_x - 120)) + " 520\n";
    Run dragged = run("frames 2\nkey 2\nframes 1\n" + drag + "frames 2\n", true);
    REQUIRE(dragged.status == 0);
    const auto& v3 = dragged.app->view();
    CHECK(v3.time.first_day < v1.time.first_day);
    CHECK(v3.time.last_day - v3.time.first_day == 6);
    CHECK(dragged.app->renderer()->events().stats().in_time == rows_in_window(t, v3.time.first_day, v3.time.last_day));
}

TEST_CASE("viewer: clicking an event opens its inspector") {
    Run r = run("frames 2\nclick-event ev-sample-004-08\nframes 2\n", true);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(r.app->inspector_open());
    REQUIRE(r.app->selected_row() >= 0);
    CHECK(r.app->table()->event(static_cast<std::size_t>(r.app->selected_row())).id == "ev-sample-004-08");
    // Escape closes it again.
    Run off = run("frames 2\nclick-event ev-sample-004-08\nframes 1\nkey ESCAPE\nframes 2\n", true);
    CHECK_FALSE(off.app->inspector_open());
    CHECK(off.app->selected_row() == -1);
}

// A UCDP GED-style file written here: three events on one day, each with its own source text.
std::string write_ucdp_day(const fs::path& dir) {
    const fs::path p = dir / "ged_day.csv";
    std::ofstream(p) << "id,year,type_of_violence,conflict_name,side_a,side_b,source_article,source_office,source_original,"
                        "source_headline,where_prec,where_coordinates,adm_1,latitude,longitude,date_prec,date_start,date_end,"
                        "deaths_civilians,best,high,low\n"
                        "700001,2016,1,C,Side A,Side B,First row's own source text,Agency A,,Headline one,1,Place One,G,35.0,36.0,1,"
                        "2016-01-01,2016-01-01,0,1,1,1\n"
                        "700002,2016,1,C,Side A,Side B,Second row's own source text,Agency B,,Headline two,1,Place Two,G,35.5,37.5,1,"
                        "2016-01-01,2016-01-01,0,2,2,2\n"
                        "700003,2016,1,C,Side A,Side B,Third row's own source text,Agency C,,Headline three,1,Place Three,G,36.5,39.0,1,"
                        "2016-01-01,2016-01-01,0,3,3,3\n"
                        // A year-long national tally: country-level, never a point on the map.
                        "700004,2016,1,C,Side A,Side B,Annual report,Agency D,,Year in review,6,\"Testland, NA\",,35.0,38.0,5,"
                        "2016-01-01,2016-12-31,0,900,900,900\n";
    return p.string();
}

TEST_CASE("viewer: the inspector shows each imported row's own source, not the previous one's") {
    const std::string file = write_ucdp_day(temp_dir("inspector-source"));
    for (const char* order : {"700001 700002 700003", "700003 700001 700002"}) {
        std::istringstream ids(order);
        std::string script = "frames 2\n", last;
        for (std::string id; ids >> id; last = id) script += "click-event " + id + "\nframes 1\nkey ESCAPE\nframes 1\n";
        script += "click-event " + last + "\nframes 2\n";
        Run r = run(script, true, {}, 960, 600, {}, false, {file});
        REQUIRE_MESSAGE(r.status == 0, r.err);
        REQUIRE(r.app->selected_row() >= 0);
        const Event e = r.app->table()->event(static_cast<std::size_t>(r.app->selected_row()));
        CHECK(e.id == last);
        CHECK(r.app->inspector_source() == e.provenance.text);
    }
}

TEST_CASE("viewer: country-level rows are counted and listed, never drawn or framed") {
    const std::string file = write_ucdp_day(temp_dir("country-level"));
    Run r = run("frames 3\n", true, {}, 960, 600, {}, false, {file});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const events::EventTable& t = *r.app->table();
    const std::int64_t national = row_of(t, "700004");
    REQUIRE(national >= 0);
    CHECK(t.loc_precision[static_cast<std::size_t>(national)] == static_cast<std::uint8_t>(LocPrecision::Country));
    const auto& st = r.app->renderer()->events().stats();
    CHECK(st.in_time == 4);
    CHECK(st.coarse == 1);
    CHECK(st.in_view == 3);
    float sx = 0, sy = 0;
    CHECK_FALSE(r.app->screen_position(national, sx, sy));
    for (const char* id : {"700001", "700002", "700003"}) CHECK(r.app->screen_position(row_of(t, id), sx, sy));
    const auto off = r.app->off_map_rows();
    REQUIRE(off.size() == 1);
    CHECK(off[0] == national);
    // Picking it from the list opens its inspector, which says why it is not drawn.
    r.app->select_row(national);
    CHECK(r.app->inspector_open());
}

// Runs the sample with its saved view's filter edited by `edit` (the panel's state, as saved).
Run run_with_filter(const std::string& name, const std::function<void(nlohmann::json&)>& edit) {
    const fs::path state = temp_dir(name) / "view.json";
    fs::remove(state);
    Run first = run("frames 1\n", true, {}, 960, 600, state, false);
    REQUIRE(first.status == 0);
    nlohmann::json j;
    {
        std::ifstream in(state);
        j = nlohmann::json::parse(in);
    }
    edit(j["filter"]);
    std::ofstream(state) << j.dump();
    return run("frames 2\n", true, {}, 960, 600, state, true);
}

bool involves(const events::EventTable& t, std::size_t row, const std::string& actor) {
    bool yes = false;
    t.for_each_actor(row, [&](std::uint32_t a) { yes |= t.actors[a] == actor; });
    return yes;
}

TEST_CASE("viewer: unticking an actor hides every event it took part in, and never the zones") {
    Run r = run_with_filter("actor-hide", [](nlohmann::json& f) {
        f["actors"] = {"Islamic State"};
        f["actors_ticked_by_default"] = true;
        f["actors_involving"] = false;
    });
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const events::EventTable& t = *r.app->table();
    std::size_t drawn = 0;
    for (const auto& d : r.app->renderer()->events().drawn()) {
        if (d.row < 0) continue;
        ++drawn;
        CHECK_MESSAGE(!involves(t, static_cast<std::size_t>(d.row), "Islamic State"), t.event(static_cast<std::size_t>(d.row)).id);
    }
    CHECK(drawn > 0);
    CHECK(r.app->renderer()->overlays().stats().zones_shown >= 1);  // zones have no actors
    // The list's count for the unticked actor still says what ticking it would bring back.
    const auto is = std::find(t.actors.begin(), t.actors.end(), "Islamic State") - t.actors.begin();
    std::size_t with_is = 0;
    for (std::size_t i = 0; i < t.size(); ++i) with_is += involves(t, i, "Islamic State");
    CHECK(r.app->actor_counts()[static_cast<std::size_t>(is)] == with_is);
    CHECK(with_is >= 10);
}

TEST_CASE("viewer: 'only' an actor shows the events it took part in, on either side and as an associate") {
    Run r = run_with_filter("actor-only", [](nlohmann::json& f) {
        f["actors"] = {"Liwa al-Quds"};
        f["actors_ticked_by_default"] = false;
        f["actors_involving"] = true;
        f["no_actor_rows"] = false;
    });
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const events::EventTable& t = *r.app->table();
    std::size_t want = 0;
    for (std::size_t i = 0; i < t.size(); ++i) want += involves(t, i, "Liwa al-Quds");
    CHECK(want >= 3);
    CHECK(r.app->passing() == want);
    CHECK(r.app->renderer()->overlays().stats().zones_shown == 0);  // rows without actors are off
}

TEST_CASE("viewer: an unticked type still shows what ticking it would bring") {
    Run r = run_with_filter("type-count", [](nlohmann::json& f) { f["type_mask"] = 0x3f & ~(1 << static_cast<int>(EventType::Battles)); });
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const events::EventTable& t = *r.app->table();
    std::size_t battles = 0;
    for (std::size_t i = 0; i < t.size(); ++i) battles += t.type[i] == static_cast<std::uint8_t>(EventType::Battles);
    CHECK(battles > 0);
    CHECK(r.app->type_counts()[static_cast<std::size_t>(EventType::Battles)] == battles);
    CHECK(r.app->passing() == t.size() - battles);
}

TEST_CASE("viewer: the Sources list is of single outlets; a view saved with a list of them chooses each") {
    std::vector<Event> rows(3);
    const char* outlets[] = {"SOHR;Airwars", "SOHR;SOHR", "Agency B"};
    for (int i = 0; i < 3; ++i) {
        rows[static_cast<std::size_t>(i)].id = "r" + std::to_string(i);
        rows[static_cast<std::size_t>(i)].provenance.outlet = outlets[i];
    }
    const auto t = events::EventTable::build(rows);
    auto chosen = [&](std::set<std::string> names) {
        ui::FilterState fs;
        fs.sources = std::move(names);
        std::set<std::string> out;
        for (std::uint32_t id : ui::make_filter(fs, *t).source_ids) out.insert(id < t->outlets.size() ? t->outlets[id] : "?");
        return out;
    };
    CHECK(chosen({"Airwars"}) == std::set<std::string>{"Airwars"});
    CHECK(chosen({"SOHR;Airwars"}) == std::set<std::string>{"SOHR", "Airwars"});  // saved before outlets were told apart
    CHECK(chosen({"Air Wars"}) == std::set<std::string>{"Airwars"});              // saved in another spelling
    CHECK(chosen({"Gone Outlet"}) == std::set<std::string>{"?"});                 // a name no longer there selects nothing
    CHECK(chosen({}).empty());
}

TEST_CASE("viewer: search — an unknown name says not found with the nearest names, and nothing moves") {
    // Ctrl+F gives the box the keyboard: keys typed there (S and A pan the map otherwise) do not pan.
    Run still = run("frames 3\n", true);
    Run r = run("frames 3\nkey ctrl+F\nframes 1\ntype Atlantis\nkey S\nframes 1\nkey A\nframes 1\nkey ENTER\nframes 2\n", true);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const auto& res = r.app->search_result();
    CHECK(res.query == "Atlantis");
    CHECK_FALSE(res.found);
    CHECK(res.message.rfind("not found", 0) == 0);
    CHECK_FALSE(res.suggestions.empty());
    CHECK_FALSE(r.app->search_marker_shown());
    CHECK(r.app->view().camera.cx == doctest::Approx(still.app->view().camera.cx));
    CHECK(r.app->view().camera.cy == doctest::Approx(still.app->view().camera.cy));
    CHECK(r.app->view().camera.units_per_px == doctest::Approx(still.app->view().camera.units_per_px));
}

TEST_CASE("viewer: search — a found place is flown to and marked until dismissed") {
    Run r = run("frames 3\nkey ctrl+F\nframes 1\ntype Saraqib\nframes 1\nkey ENTER\nframes 2\n", true);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const auto& res = r.app->search_result();
    CHECK(res.found);
    CHECK(r.app->search_marker_shown());
    REQUIRE_FALSE(res.ref.geometry.empty());
    CHECK(res.ref.point.lat == doctest::Approx(35.86).epsilon(0.01));
    // The place is on screen, and closer than the opening view.
    const auto& cam = r.app->view().camera;
    const render::Vec2f m = r.app->renderer()->space().to_map(res.ref.point);
    const double sx = cam.to_screen_x(m.x), sy = cam.to_screen_y(m.y);
    CHECK(sx > 0);
    CHECK(sx < cam.width);
    CHECK(sy > 0);
    CHECK(sy < cam.height);
    Run start = run("frames 3\n", true);
    CHECK(cam.units_per_px < start.app->view().camera.units_per_px / 4);
    // Esc (with nothing selected) dismisses the mark; the view stays.
    Run gone = run("frames 3\nkey ctrl+F\nframes 1\ntype Saraqib\nframes 1\nkey ENTER\nframes 2\nclick 5 590\nframes 1\nkey ESCAPE\nframes 2\n",
                   true);
    CHECK_FALSE(gone.app->search_marker_shown());
    CHECK(gone.app->view().camera.units_per_px == doctest::Approx(cam.units_per_px));
}

TEST_CASE("viewer: the timeline shows every date of the data, and presets after All start from the day in view") {
    Run r = run("frames 2\n", true);
    REQUIRE(r.status == 0);
    const events::EventTable& t = *r.app->table();
    const auto [v0, v1] = r.app->timeline_range();
    CHECK(v0 <= t.min_day);  // the sample holds 2017-2019 rows as well as its spring of 2020
    CHECK(v1 >= t.max_day);
    Run m = run("frames 2\nkey 4\nframes 1\nkey 3\nframes 2\n", true);
    const auto& w = m.app->view().time;
    CHECK_FALSE(w.all_time);
    // A month is a calendar month: from its first day to its last.
    const CivilDate first = CivilDate::from_days(w.first_day), last = CivilDate::from_days(w.last_day);
    CHECK(first.day == 1);
    CHECK(last.month == first.month);
    CHECK(last.day == CivilDate::days_in_month(first.year, first.month));
    const auto [m0, m1] = m.app->timeline_range();
    CHECK(w.first_day >= m0);  // the band is on the timeline, not years off to the left
    CHECK(w.last_day <= m1);
    CHECK(w.first_day > t.min_day);
    const std::int32_t mid = m.app->day_in_view();
    CHECK(w.first_day <= mid);
    CHECK(w.last_day >= mid);
}

TEST_CASE("viewer: with the Month preset the arrows step by calendar months, and Day steps by days") {
    Run m = run("frames 2\nkey 3\nframes 1\n", true);
    const auto month = m.app->view().time;
    Run next = run("frames 2\nkey 3\nframes 1\nkey RIGHT\nframes 1\n", true);
    const auto& n = next.app->view().time;
    CHECK(next.app->view().preset == ui::WindowPreset::Month);
    CHECK(n.first_day == month.last_day + 1);
    CHECK(ui::month_of(n.first_day) == std::pair{n.first_day, n.last_day});
    Run back = run("frames 2\nkey 3\nframes 1\nkey LEFT\nframes 1\nkey LEFT\nframes 1\n", true);
    const auto& b = back.app->view().time;
    CHECK(b.last_day < month.first_day);
    CHECK(ui::month_of(b.first_day) == std::pair{b.first_day, b.last_day});
    CHECK(ui::month_of(b.last_day + 1).second == month.first_day - 1);  // two months back
    Run day = run("frames 2\nkey 1\nframes 1\nkey RIGHT\nframes 1\n", true);
    CHECK(day.app->view().time.last_day == day.app->view().time.first_day);
    CHECK(day.app->view().preset == ui::WindowPreset::Day);
    // Leap years and month lengths.
    CHECK(ui::month_of(CivilDate{2020, 2, 14}.days()) == std::pair{CivilDate{2020, 2, 1}.days(), CivilDate{2020, 2, 29}.days()});
    CHECK(ui::month_of(CivilDate{2019, 12, 31}.days()) == std::pair{CivilDate{2019, 12, 1}.days(), CivilDate{2019, 12, 31}.days()});
}

TEST_CASE("viewer: C makes the window cumulative and back, keeping its length") {
    Run on = run("frames 2\nkey 2\nframes 1\nkey C\nframes 2\n", true);
    const events::EventTable& t = *on.app->table();
    Run week = run("frames 2\nkey 2\nframes 2\n", true);
    const auto& wk = week.app->view().time;
    CHECK(on.app->view().cumulative);
    CHECK(on.app->view().time.first_day == t.min_day);
    CHECK(on.app->view().time.last_day == wk.last_day);
    Run off = run("frames 2\nkey 2\nframes 1\nkey C\nframes 1\nkey C\nframes 2\n", true);
    CHECK_FALSE(off.app->view().cumulative);
    CHECK(off.app->view().time.first_day == wk.first_day);
    CHECK(off.app->view().time.last_day == wk.last_day);
}

TEST_CASE("viewer: zones are counted where they are seen, and open-ended ones are said") {
    Run r = run("frames 2\n", true);
    const auto& ov = r.app->renderer()->overlays().stats();
    CHECK(ov.zones_in_window >= 1);
    CHECK(ov.zones_shown == ov.zones_in_window);
    CHECK(ov.zones_open_shown >= 1);  // the sample's zones have a start and no end date
    // Panned far away (east, past Iraq), nothing is on screen: the legend counts none.
    std::string pan = "frames 2\n";
    for (int k = 0; k < 12; ++k) pan += "key D\nframes 1\n";
    Run away = run(pan + "frames 1\n", true);
    const auto& oa = away.app->renderer()->overlays().stats();
    CHECK(oa.zones_in_window == ov.zones_in_window);
    CHECK(oa.zones_shown < ov.zones_shown);
}

TEST_CASE("viewer: measure (M) adds geodesic legs; F1 shows the keys") {
    Run r = run("frames 3\nkey M\nframes 1\nclick 400 250\nframes 1\nclick 600 160\nframes 1\nclick 500 100\nframes 1\nkey F1\nframes 2\n",
                true);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(r.app->measuring());
    REQUIRE(r.app->measure_points().size() == 3);
    const auto& p = r.app->measure_points();
    const double legs = geo::distance_km(p[0], p[1]) + geo::distance_km(p[1], p[2]);
    CHECK(r.app->measure_km() == doctest::Approx(legs));
    CHECK(legs > 50);  // a few hundred pixels at the opening zoom is tens of km or more
    CHECK(r.app->selected_row() == -1);  // measuring clicks select nothing
    CHECK(r.app->help_shown());
    Run done = run("frames 3\nkey M\nframes 1\nclick 400 250\nframes 1\nkey ESCAPE\nframes 2\n", true);
    CHECK_FALSE(done.app->measuring());
    CHECK(done.app->measure_points().empty());
}

TEST_CASE("viewer: File > Export writes what passes the filters in the window, whole, and the map as PNG") {
    const fs::path dir = temp_dir("export");
    Run r = run("frames 2\n", true);
    REQUIRE(r.status == 0);
    const fs::path out = dir / "shown.geojson";
    const std::size_t n = r.app->export_events(out.string(), false);
    const auto& st = r.app->renderer()->events().stats();
    const auto& ov = r.app->renderer()->overlays().stats();
    CHECK(n == st.in_time + ov.routes_in_window + ov.zones_in_window);
    Diagnostics diag;
    CHECK(io::read_events_geojson(out.string(), diag).size() == n);
    CHECK_FALSE(fs::exists(out.string() + ".part"));
    CHECK(r.app->export_events((dir / "all.geojson").string(), true) == r.app->table()->size());
    // A folder that does not exist: said in Messages, nothing half-written, the session goes on.
    CHECK(r.app->export_events((dir / "no" / "such" / "x.geojson").string(), false) == 0);
    bool said = false;
    for (const auto& m : r.app->messages()) said |= m.message.find("export failed") != std::string::npos;
    CHECK(said);
    // The other formats by their extension, the same rows; an unknown extension is said.
    for (const char* ext : {".gpkg", ".fgb", ".kml", ".csv"}) {
        const fs::path f = dir / (std::string("shown") + ext);
        INFO(ext);
        CHECK(r.app->export_events(f.string(), false) == n);
        CHECK(fs::exists(f));
        if (std::string(ext) != ".fgb") {  // FlatGeobuf holds no row without geometry
            std::size_t back = 0;
            Diagnostics d2;
            io::import_events({f.string()}, d2, {}, [&](Event&&) { ++back; });
            CHECK(back == n);
        }
    }
    CHECK(r.app->export_events((dir / "shown.xyz").string(), false) == 0);
    said = false;
    for (const auto& m : r.app->messages()) said |= m.message.find("extension says no format") != std::string::npos;
    CHECK(said);

    ui::AppOptions o;
    o.restore_view = false;
    ui::App app(o);
    const fs::path png = dir / "map.png";
    app.export_image(png.string());
    REQUIRE(cmtest::run_headless(app, 640, 400, 3) == 0);
    REQUIRE(fs::exists(png));
    const render::Image img = render::read_image(png.string());
    CHECK(img.width == 640);
    CHECK(img.height == 400);
}

TEST_CASE("viewer: the window's dates can be typed; bad ones are refused") {
    // The date button sits in the timeline's toolbar after the Ghosts box (960x600: at y 428).
    Run r = run("frames 3\nclick 640 428\nframes 2\ntype 2020-04-01\nframes 1\nkey TAB\nframes 1\ntype 2020-04-10\nframes 1\nkey ENTER\nframes 2\n", true);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(r.app->view().time.first_day == CivilDate{2020, 4, 1}.days());
    CHECK(r.app->view().time.last_day == CivilDate{2020, 4, 10}.days());
    Run bad = run("frames 3\nclick 640 428\nframes 2\ntype 2020-13-01\nframes 1\nkey ENTER\nframes 2\n", true);
    CHECK(bad.app->view().time.first_day == CivilDate{2020, 3, 1}.days());  // unchanged
}

TEST_CASE("viewer: a UI scale sizes text and panels (HiDPI, large screens), chosen or saved") {
    Run normal = run("frames 2\n", true);
    ui::AppOptions o;
    o.restore_view = false;
    o.ui_scale = 2;
    ui::App app(o);
    REQUIRE(cmtest::run_headless(app, 1920, 1200, 2) == 0);
    CHECK(app.ui_scale() == doctest::Approx(2));
    CHECK(app.timeline_height() == doctest::Approx(2 * normal.app->timeline_height()));
    // The View menu's choice is saved with the view and wins over the option.
    const fs::path state = temp_dir("ui-scale") / "view.json";
    fs::remove(state);
    Run first = run("frames 1\n", true, {}, 960, 600, state, false);
    nlohmann::json j;
    {
        std::ifstream in(state);
        j = nlohmann::json::parse(in);
    }
    j["panels"]["ui_scale"] = 1.5;
    std::ofstream(state) << j.dump();
    Run second = run("frames 2\n", true, {}, 960, 600, state, true);
    CHECK(second.app->ui_scale() == doctest::Approx(1.5));
    CHECK(second.app->timeline_height() == doctest::Approx(1.5 * normal.app->timeline_height()));
}

TEST_CASE("viewer: clusters never overlap, and a cluster's list holds every one of its events") {
    // 2,000 events around one town and 300 around another 60 km off: crowded enough to cluster.
    const fs::path dir = temp_dir("clusters");
    const fs::path file = dir / "many.csv";
    {
        std::ofstream f(file);
        f << "id,year,type_of_violence,side_a,side_b,where_prec,where_coordinates,latitude,longitude,date_prec,date_start,"
             "date_end,best,low,high\n";
        for (int i = 0; i < 2300; ++i) {
            const bool second = i >= 2000;
            const double lat = (second ? 35.4 : 35.9) + 0.002 * (i % 17), lon = (second ? 37.0 : 36.6) + 0.002 * (i % 13);
            f << 600000 + i << ",2017,1,A,B,1,Town " << (second ? 2 : 1) << "," << lat << "," << lon << ",1,2017-03-0"
              << 1 + i % 9 << ",2017-03-0" << 1 + i % 9 << ",1,1,1\n";
        }
    }
    Run r = run("frames 2\n", true, {}, 960, 600, {}, false, {file.string()});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    std::vector<render::DrawnSymbol> clusters;
    for (const auto& d : r.app->renderer()->events().drawn())
        if (d.row < 0) clusters.push_back(d);
    REQUIRE_FALSE(clusters.empty());
    std::size_t total = 0;
    for (std::size_t i = 0; i < clusters.size(); ++i) {
        total += clusters[i].count;
        std::uint32_t by_type = 0;  // what its ring of arcs is drawn from
        for (auto n : clusters[i].by_type) by_type += n;
        CHECK(by_type == clusters[i].count);
        for (std::size_t j = i + 1; j < clusters.size(); ++j)
            CHECK(std::hypot(clusters[i].sx - clusters[j].sx, clusters[i].sy - clusters[j].sy) >=
                  clusters[i].radius + clusters[j].radius - 2);
    }
    const auto biggest = *std::max_element(clusters.begin(), clusters.end(),
                                           [](const auto& a, const auto& b) { return a.count < b.count; });
    CHECK(biggest.count >= 1000);
    const std::string click = "click " + std::to_string(static_cast<int>(biggest.sx)) + " " + std::to_string(static_cast<int>(biggest.sy)) + "\n";
    Run picked = run("frames 2\n" + click + "frames 2\n", true, {}, 960, 600, {}, false, {file.string()});
    CHECK(picked.app->pick_list().size() == biggest.count);  // all of them, not the first 500
    CHECK(picked.app->inspector_open());
}

TEST_CASE("viewer: the view is saved on exit and restored on the next start") {
    const fs::path dir = temp_dir("state");
    const fs::path state = dir / "view.json";
    fs::remove(state);
    Run first = run("frames 2\nkey 3\nwheel 480 300 2\nframes 2\n", true, {}, 960, 600, state, false);
    REQUIRE(first.status == 0);
    REQUIRE(fs::exists(state));
    const auto saved = first.app->view();
    Run second = run("frames 1\n", true, {}, 960, 600, state, true);
    const auto& v = second.app->view();
    CHECK(v.preset == ui::WindowPreset::Month);
    CHECK(v.time.first_day == saved.time.first_day);
    CHECK(v.camera.units_per_px == doctest::Approx(saved.camera.units_per_px));
    CHECK(v.camera.cx == doctest::Approx(saved.camera.cx));
    // A damaged file is reported and ignored, not fatal.
    std::ofstream(state) << "{ not json";
    Run third = run("frames 1\n", true, {}, 960, 600, state, true);
    CHECK(third.status == 0);
    bool reported = false;
    for (const auto& m : third.app->messages()) reported |= m.file == state.string();
    CHECK(reported);
}

TEST_CASE("viewer: replay scripts name the file and line of a bad step") {
    try {
        ui::Replay::parse("frames 2\nclick 10\n", "s.replay");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.file() == "s.replay");
        CHECK(e.line() == 2);
    }
    CHECK_THROWS_AS(ui::Replay::parse("jump 1 2\n", "s.replay"), Error);
    CHECK_THROWS_AS(ui::Replay::parse("key NOSUCHKEY\n", "s.replay"), Error);
    CHECK_NOTHROW(ui::Replay::parse("# comment\nframes 3\nwheel 1 2 -1\nkey LEFT shift\n", "s.replay"));
}

TEST_CASE("viewer: replay numbers are finite and bounded; frames are whole (limit and just past)") {
    CHECK_NOTHROW(ui::Replay::parse("frames 1000000\nmove -1000000 1000000\n", "s.replay"));
    CHECK_THROWS_AS(ui::Replay::parse("frames 1000001\n", "s.replay"), Error);
    CHECK_THROWS_AS(ui::Replay::parse("move -1000001 0\n", "s.replay"), Error);
    CHECK_THROWS_AS(ui::Replay::parse("frames 1e30\n", "s.replay"), Error);
    CHECK_THROWS_AS(ui::Replay::parse("move nan 3\n", "s.replay"), Error);
    CHECK_THROWS_AS(ui::Replay::parse("wheel 1 2 inf\n", "s.replay"), Error);
    CHECK_THROWS_AS(ui::Replay::parse("frames 2.5\n", "s.replay"), Error);
    CHECK_THROWS_AS(ui::Replay::parse("frames -1\n", "s.replay"), Error);
}

TEST_CASE("viewer: a bad file is reported by name and the rest still loads") {
    const fs::path dir = temp_dir("bad");
    const fs::path bad = dir / "broken.geojson";
    std::ofstream(bad) << "{ \"type\": \"FeatureCollection\", \"features\": [ {";
    ui::AppOptions o;
    o.restore_view = false;
    o.files = {(fs::path(CM_SOURCE_ASSETS) / "sample" / "events.geojson").string(), bad.string()};
    ui::App app(o);
    REQUIRE(cmtest::run_headless(app, 800, 600, 2) == 0);
    REQUIRE(app.table() != nullptr);
    CHECK(app.table()->size() >= 30);
    bool named = false;
    for (const auto& m : app.messages()) named |= m.file.find("broken.geojson") != std::string::npos;
    CHECK(named);
}

TEST_CASE("viewer: rows left out of a file are named in Messages, counted at the end, and the panel opens") {
    const fs::path dir = temp_dir("rows-left-out");
    const fs::path csv = dir / "some_bad.csv";
    std::ofstream(csv) << "event_date,latitude,longitude,event_type\n2020-03-01,35.8,36.6,Battles\n"
                          "2020-03-01,nan,36.6,Battles\n2020-03-01,35.8,1e308,Battles\n";
    ui::AppOptions o;
    o.restore_view = false;
    o.files = {csv.string()};
    ui::App app(o);
    REQUIRE(cmtest::run_headless(app, 800, 600, 2) == 0);
    CHECK(app.rows_skipped() == 2);
    int named = 0;
    bool counted = false;
    for (const auto& m : app.messages()) {
        named += m.file == csv.string() && (m.line == 3 || m.line == 4);
        counted |= m.message.find("2 rows left out, 0 files not read") != std::string::npos;
    }
    CHECK(named == 2);
    CHECK(counted);
    CHECK(app.messages_shown());
}

TEST_CASE("viewer: user layers — a GeoTIFF and an area file draw above the basemap; a bad one is reported") {
    const fs::path dir = temp_dir("layers");
    // A 32×32 red GeoTIFF over Idlib, written here through GDAL (no binary fixture in the repo).
    geo::init_gdal();
    const std::string tif = (dir / "red.tif").string();
    {
        GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
        REQUIRE(gtiff != nullptr);
        std::unique_ptr<GDALDataset> ds(gtiff->Create(tif.c_str(), 32, 32, 3, GDT_Byte, nullptr));
        const double gt[6] = {36.40, 0.5 / 32, 0, 36.10, 0, -0.4 / 32};
        ds->SetGeoTransform(const_cast<double*>(gt));
        ds->SetProjection(SRS_WKT_WGS84_LAT_LONG);
        const std::uint8_t rgb[3] = {220, 20, 20};
        for (int b = 0; b < 3; ++b) ds->GetRasterBand(b + 1)->Fill(rgb[b]);
    }
    const std::string area = (dir / "area.geojson").string();
    std::ofstream(area) << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},
        "geometry":{"type":"Polygon","coordinates":[[[38,35],[39,35],[39,35.6],[38,35.6],[38,35]]]}}]})";
    const std::string plain = (dir / "plain.png").string();
    render::write_png(render::Image{8, 8, render::Pixels(8 * 8 * 4, 128)}, plain);  // no georeferencing

    ui::AppOptions o;
    o.restore_view = false;
    o.layers = {tif, area, plain};
    ui::App app(o);
    const std::string shot = (dir / "layers.png").string();
    REQUIRE(cmtest::run_headless(app, 960, 600, 3, shot) == 0);
    REQUIRE(app.renderer()->user_layers().size() == 2);
    CHECK(app.renderer()->user_layers()[0]->is_raster());
    CHECK(app.renderer()->user_layers()[1]->description() == "vector: 1 areas, 0 lines");
    bool reported = false;
    for (const auto& m : app.messages()) reported |= m.file == plain && m.message.find("georeferenced") != std::string::npos;
    CHECK(reported);
    // The raster's centre is red on screen.
    const render::Vec2f c = app.renderer()->space().to_map({36.65, 35.90});
    const auto& cam = app.view().camera;
    const int sx = static_cast<int>(cam.to_screen_x(c.x)), sy = static_cast<int>(cam.to_screen_y(c.y));
    const render::Image img = render::read_image(shot);
    REQUIRE(sx > 0);
    REQUIRE(sy > 0);
    REQUIRE(sx < img.width);
    REQUIRE(sy < img.height);
    // Symbols may sit on top; look for red within a few pixels.
    bool red = false;
    for (int dy = -6; dy <= 6 && !red; ++dy)
        for (int dx = -6; dx <= 6 && !red; ++dx) {
            const std::uint8_t* p = img.at(std::clamp(sx + dx, 0, img.width - 1), std::clamp(sy + dy, 0, img.height - 1));
            red = p[0] > 170 && p[1] < 110 && p[2] < 110;
        }
    CHECK(red);
}

TEST_CASE("viewer window: clicking an event and scrubbing under a real window (xvfb)") {
    if (!have_display()) {
        MESSAGE("no display: the window test runs under xvfb-run (ctest: test_viewer_xvfb)");
        return;
    }
    const fs::path dir = temp_dir("window");
    Run r = run("frames 3\nclick-event ev-sample-004-08\nframes 2\nkey 2\nframes 2\n", false, (dir / "window.png").string());
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(r.err.find("headless") == std::string::npos);  // it really ran in a window
    CHECK(r.app->inspector_open());
    REQUIRE(r.app->selected_row() >= 0);
    CHECK(r.app->table()->event(static_cast<std::size_t>(r.app->selected_row())).id == "ev-sample-004-08");
    const auto& v = r.app->view();
    CHECK(v.time.last_day - v.time.first_day == 6);
    CHECK(r.app->renderer()->events().stats().in_time == rows_in_window(*r.app->table(), v.time.first_day, v.time.last_day));
    CHECK(fs::file_size(dir / "window.png") > 10000);

    // Hover lasts in a window (the script's pointer is not overridden by the real one), and
    // search works with the keyboard there.
    Run where = run("frames 3\n", true);
    const std::int64_t row = row_of(*where.app->table(), "ev-sample-004-08");
    float sx = 0, sy = 0;
    REQUIRE(where.app->screen_position(row, sx, sy));
    Run hover = run("frames 3\nmove " + std::to_string(static_cast<int>(sx)) + " " + std::to_string(static_cast<int>(sy)) +
                        "\nframes 6\nkey ctrl+F\nframes 1\ntype Saraqib\nframes 1\nkey ENTER\nframes 2\n",
                    false);
    REQUIRE_MESSAGE(hover.status == 0, hover.err);
    CHECK(hover.err.find("headless") == std::string::npos);
    CHECK(hover.app->search_result().found);
    CHECK(hover.app->search_marker_shown());
    Run still = run("frames 3\nmove " + std::to_string(static_cast<int>(sx)) + " " + std::to_string(static_cast<int>(sy)) + "\nframes 6\n",
                    false);
    CHECK(std::find(still.app->hovered_rows().begin(), still.app->hovered_rows().end(), row) != still.app->hovered_rows().end());
}

TEST_CASE("viewer: a saved view nested to the JSON depth limit is read; one level more is refused by name") {
    ui::ViewState base;
    const std::string json = base.to_json();
    REQUIRE(json.front() == '{');
    auto padded = [&](int arrays) {
        return "{\"pad\":" + std::string(static_cast<std::size_t>(arrays), '[') + std::string(static_cast<std::size_t>(arrays), ']') +
               "," + json.substr(1);
    };
    REQUIRE(json_nesting_depth(padded(63), 1000) == 64);
    ui::ViewState v;
    Diagnostics ok;
    CHECK(v.from_json(padded(63), "view.json", ok));
    Diagnostics refused;
    CHECK_FALSE(v.from_json(padded(64), "view.json", refused));
    REQUIRE(refused.count() == 1);
    CHECK(refused.all()[0].file == "view.json");
    CHECK(refused.all()[0].message.find("nests deeper than the limit of 64") != std::string::npos);
}

TEST_CASE("viewer: saved views with numbers no field can hold are refused by name (found by fuzzing)") {
    // tests/fuzz/regressions/fuzz_view_state/day_1e72.json: a day of 2.2e72 was cast to int
    // (undefined behaviour, caught by UBSan in the fuzzer). Now every number is checked first.
    std::ifstream f(std::string(CM_SOURCE_ASSETS) + "/../tests/fuzz/regressions/fuzz_view_state/day_1e72.json", std::ios::binary);
    const std::string found((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    REQUIRE(!found.empty());
    ui::ViewState v;
    Diagnostics d1;
    CHECK_FALSE(v.from_json(found, "view.json", d1));
    ui::ViewState base;
    const std::string good = base.to_json();
    auto with = [&](const std::string& key, const std::string& value) {
        nlohmann::json j = nlohmann::json::parse(good);
        for (auto& [section, obj] : j.items())
            if (obj.is_object() && obj.contains(key)) obj[key] = nlohmann::json::parse(value);
        return j.dump();
    };
    for (const char* bad : {"1e72", "-1e40", "\"12\""}) {
        Diagnostics d;
        CHECK_FALSE(v.from_json(with("first_day", bad), "view.json", d));
        REQUIRE(d.count() == 1);
        CHECK(d.all()[0].message.find("first_day") != std::string::npos);
    }
    Diagnostics ok;
    CHECK(v.from_json(with("preset", "1e30"), "view.json", ok));  // clamped to the last preset, not cast
    CHECK(v.from_json(with("play_days_per_second", "1e300"), "view.json", ok));
    CHECK(v.play_days_per_second == doctest::Approx(365.0));
}
