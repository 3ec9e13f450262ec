// Render pieces that need no GL context: the camera, map space, the event layer's level of
// detail (prepare is CPU work), symbol rules, image comparison, and PNG writing.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <memory>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

#include <unistd.h>

#include "core/Error.h"
#include "core/Event.h"
#include "events/EventTable.h"
#include "geo/MapProjection.h"
#include "render/EventLayer.h"
#include "render/FrameContext.h"
#include "render/Image.h"
#include "render/MapSpace.h"
#include "render/Primitives.h"
#include "render/Style.h"
#include "render/gl/Headless.h"
#include "render/gl/Target.h"

using namespace cm;

TEST_CASE("render: zooming about a point keeps that point under the pointer") {
    render::Camera cam;
    cam.width = 800;
    cam.height = 600;
    cam.cx = 1000;
    cam.cy = -500;
    cam.units_per_px = 300;
    const double mx = cam.to_map_x(123), my = cam.to_map_y(456);
    cam.zoom_about(123, 456, 2.5);
    CHECK(cam.units_per_px == doctest::Approx(120));
    CHECK(cam.to_map_x(123) == doctest::Approx(mx));
    CHECK(cam.to_map_y(456) == doctest::Approx(my));
    cam.pan_pixels(10, -20);
    CHECK(cam.to_map_x(133) == doctest::Approx(mx));
    CHECK(cam.to_map_y(436) == doctest::Approx(my));
}

TEST_CASE("render: map space is Web Mercator relative to an origin, and invertible") {
    render::MapSpace space("EPSG:3857", {38.5, 35.0});
    const render::Vec2f o = space.to_map({38.5, 35.0});
    CHECK(std::abs(o.x) < 1e-3);
    CHECK(std::abs(o.y) < 1e-3);
    // One degree of longitude is 111,319.49 m in Web Mercator at any latitude.
    const render::Vec2f e = space.to_map({39.5, 35.0});
    CHECK(e.x == doctest::Approx(111319.49).epsilon(1e-6));
    const LonLat back = space.to_lonlat(e.x, e.y);
    CHECK(back.lon == doctest::Approx(39.5).epsilon(1e-9));
    CHECK(back.lat == doctest::Approx(35.0).epsilon(1e-9));
    CHECK_THROWS_AS(render::MapSpace("EPSG:4326"), Error);  // not projected
    CHECK_THROWS_AS(render::MapSpace("EPSG:999999"), Error);
    render::MapSpace utm("EPSG:32637", {38.5, 35.0});
    CHECK(std::isfinite(utm.to_map({36.6, 35.9}).x));
}

TEST_CASE("render: a large batch, or many lines at once, project to the numbers one point or line at a time gives") {
    // Batches of a few hundred thousand points are split over threads, each with its own copy of
    // PROJ's transform; every point must come out as projecting it alone does, NaN where PROJ fails.
    for (const char* crs : {"EPSG:3857", "EPSG:32637"}) {
        geo::MapProjection proj(crs);
        const std::size_t n = 300007;
        std::vector<double> xs(n), ys(n);
        for (std::size_t i = 0; i < n; ++i) {
            xs[i] = 35.5 + 7.0 * static_cast<double>(i % 1009) / 1009.0;
            ys[i] = 32.2 + 5.0 * static_cast<double>(i % 997) / 997.0;
        }
        xs[12] = std::numeric_limits<double>::quiet_NaN();
        ys[n - 3] = 1e9;  // not a latitude
        const std::vector<double> lon = xs, lat = ys;
        proj.forward(xs, ys);
        std::size_t differ = 0;
        for (std::size_t i = 0; i < n; i += 1 + i % 7) {
            double x = 0, y = 0;
            proj.forward(LonLat{lon[i], lat[i]}, x, y);
            const bool same = (x == xs[i] && y == ys[i]) || (std::isnan(x) && std::isnan(xs[i]) && std::isnan(ys[i]));
            differ += !same;
        }
        CHECK(differ == 0);
        CHECK(std::isnan(xs[12]));
        double x = 0, y = 0;
        proj.forward(LonLat{lon[n - 3], lat[n - 3]}, x, y);
        CHECK((std::isnan(xs[n - 3]) == std::isnan(x)));
        CHECK(std::isfinite(xs[n - 1]));
        // The second batch reuses the copies.
        std::vector<double> xs2 = lon, ys2 = lat;
        proj.forward(xs2, ys2);
        CHECK(std::equal(xs2.begin(), xs2.end(), xs.begin(), [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }));
    }
    // Lines projected together give what each gives alone, points PROJ cannot project left out.
    render::MapSpace space("EPSG:3857", {38.5, 35.0});
    const std::vector<LonLat> a = {{36.6, 35.8}, {36.7, 35.9}}, none, b = {{37.0, 34.0}, {std::numeric_limits<double>::quiet_NaN(), 34.1}, {37.2, 34.2}};
    const auto together = space.to_map(std::vector<const std::vector<LonLat>*>{&a, &none, &b});
    REQUIRE(together.size() == 3);
    for (std::size_t k = 0; k < 3; ++k) {
        const auto alone = space.to_map(k == 0 ? a : k == 1 ? none : b);
        REQUIRE(together[k].size() == alone.size());
        for (std::size_t i = 0; i < alone.size(); ++i) CHECK((together[k][i].x == alone[i].x && together[k][i].y == alone[i].y));
    }
    CHECK(together[2].size() == 2);
}

namespace {

std::shared_ptr<const events::EventTable> cluster_table(std::size_t n_spot, std::size_t n_spread) {
    std::vector<Event> evs;
    for (std::size_t i = 0; i < n_spot + n_spread; ++i) {
        Event e;
        e.id = "t" + std::to_string(i);
        e.date.first = e.date.last = CivilDate{2020, 3, 1}.plus_days(static_cast<int>(i % 60));
        e.type = static_cast<EventType>(i % 6);
        const bool spot = i < n_spot;
        // A tight knot at Idlib, and a line of well-separated events across the desert.
        e.location.point = spot ? LonLat{36.63 + 1e-4 * static_cast<double>(i % 10), 35.93}
                                : LonLat{37.0 + 0.05 * static_cast<double>(i - n_spot), 34.0};
        e.location.geometry = Geometry::point(e.location.point);
        evs.push_back(std::move(e));
    }
    return events::EventTable::build(std::move(evs));
}

}  // namespace

TEST_CASE("render: dense events become counted clusters, sparse ones stay symbols") {
    render::MapSpace space;
    render::EventLayer layer;
    layer.set_table(cluster_table(5000, 40), space);
    render::FrameContext ctx;
    ctx.camera.width = 1000;
    ctx.camera.height = 700;
    const render::Vec2f c = space.to_map({38.5, 35.0});
    ctx.camera.cx = c.x;
    ctx.camera.cy = c.y;
    ctx.camera.units_per_px = 1000;  // all of Syria
    ctx.time.all_time = true;
    layer.prepare(ctx);
    const auto& st = layer.stats();
    CHECK(st.in_time == 5040);
    CHECK(st.in_view == 5040);
    CHECK(st.clusters >= 1);
    CHECK(st.symbols == 40);  // 0.05° apart is ~5.5 km ≈ 5.5 px at this zoom... in different cells
    // Every event is accounted for, once: symbols plus the counts of the clusters.
    std::size_t counted = 0;
    for (const auto& d : layer.drawn()) counted += d.count;
    CHECK(counted == 5040);
    // The cluster lists exactly its members.
    for (const auto& d : layer.drawn())
        if (d.row < 0) CHECK(layer.cluster_members(d.cell, 100000).size() == d.count);
    // The time window narrows what is drawn: day 0 of 60 holds 1/60 of the events.
    ctx.time.all_time = false;
    ctx.time.first_day = ctx.time.last_day = CivilDate{2020, 3, 1}.days();
    layer.prepare(ctx);
    std::size_t expected = 0;
    for (std::size_t i = 0; i < 5040; ++i) expected += (i % 60 == 0);
    CHECK(layer.stats().in_time == expected);
    // Ghost mode marks the rest faintly without counting them as in the window.
    ctx.time.ghost = true;
    layer.prepare(ctx);
    CHECK(layer.stats().in_time == expected);
    CHECK(layer.stats().ghosts > 0);
}

TEST_CASE("render: a filter mask hides rows") {
    render::MapSpace space;
    render::EventLayer layer;
    auto table = cluster_table(0, 50);
    layer.set_table(table, space);
    auto mask = std::make_shared<std::vector<std::uint8_t>>(table->size(), 0);
    for (std::size_t i = 0; i < 10; ++i) (*mask)[i] = 1;
    layer.set_mask(mask, 1);
    render::FrameContext ctx;
    ctx.camera.width = 1000;
    ctx.camera.height = 700;
    const render::Vec2f c = space.to_map({38.5, 34.5});
    ctx.camera.cx = c.x;
    ctx.camera.cy = c.y;
    ctx.camera.units_per_px = 1000;
    layer.prepare(ctx);
    CHECK(layer.stats().in_time == 10);
}

TEST_CASE("render: symbol shapes and sizes follow kind and fatalities") {
    CHECK(render::shape_for("IED attack", 1) == render::SymbolShape::Diamond);
    CHECK(render::shape_for("airstrike", 1) == render::SymbolShape::Triangle);
    CHECK(render::shape_for("joint patrol", 3) == render::SymbolShape::Square);
    CHECK(render::shape_for("", 0) == render::SymbolShape::Circle);
    CHECK(render::shape_for("", 4) == render::SymbolShape::Hexagon);
    CHECK(render::symbol_size_px(-1) < render::symbol_size_px(1));
    CHECK(render::symbol_size_px(1) < render::symbol_size_px(20));
    CHECK(render::symbol_size_px(100000) <= 28.0f);
}

TEST_CASE("render: image comparison counts differing pixels") {
    render::Image a;
    a.width = 4;
    a.height = 2;
    a.rgba.assign(4 * 2 * 4, 100);
    render::Image b = a;
    CHECK(render::compare(a, b, 0).differing == 0);
    b.rgba[4 * 5 + 1] = 160;  // pixel 5, green channel
    const auto d = render::compare(a, b, 10);
    CHECK(d.differing == 1);
    CHECK(d.max_difference == 60);
    CHECK(d.fraction() == doctest::Approx(1.0 / 8));
    b.width = 8;
    b.height = 1;
    CHECK_FALSE(render::compare(a, b, 10).same_size);
}

TEST_CASE("render: PNG round trip through another reader, across deflate strips, same bytes twice") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("cm-test-png-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    // 131 rows: two whole 64-row strips and a part; noise, flat runs and a gradient.
    render::Image img;
    img.width = 157;
    img.height = 131;
    img.rgba.resize(static_cast<std::size_t>(img.width) * img.height * 4);
    std::uint32_t seed = 12345;
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
            std::uint8_t* p = img.rgba.data() + (static_cast<std::size_t>(y) * img.width + x) * 4;
            seed = seed * 1664525u + 1013904223u;
            p[0] = y < 40 ? static_cast<std::uint8_t>(seed >> 24) : 200;
            p[1] = static_cast<std::uint8_t>(x + y);
            p[2] = static_cast<std::uint8_t>(y * 2);
            p[3] = 255;
        }
    const std::string a = (dir / "a.png").string(), b = (dir / "b.png").string();
    render::write_png(img, a);
    render::write_png(img, b);
    const render::Image back = render::read_image(a);  // GDAL's PNG driver: libpng checks CRCs and zlib the Adler-32
    REQUIRE(back.width == img.width);
    REQUIRE(back.height == img.height);
    CHECK(render::compare(back, img, 0).differing == 0);
    auto bytes = [](const std::string& f) {
        std::ifstream in(f, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    CHECK(bytes(a) == bytes(b));
    CHECK(bytes(a).substr(1, 3) == "PNG");
    // Handed over in bands of any size, as a large picture is drawn: the same bytes.
    for (const std::vector<int>& bands : {std::vector<int>{1, 63, 64, 3}, {100, 31}, {64, 64, 3}, {130, 1}}) {
        const std::string c = (dir / "c.png").string();
        const auto out = render::open_png(c, img.width, img.height);
        int row = 0;
        for (int n : bands) {
            out->add_rows(img.rgba.data() + static_cast<std::size_t>(row) * img.width * 4, n);
            row += n;
            CHECK_FALSE(fs::exists(c));  // nothing under the name before the last row
        }
        out->finish();
        CHECK(bytes(c) == bytes(a));
        fs::remove(c);
    }
    {
        // More rows than the picture has, or finishing early: an error, and nothing left behind.
        const auto out = render::open_png((dir / "e.png").string(), img.width, img.height);
        out->add_rows(img.rgba.data(), 100);
        CHECK_THROWS_AS(out->add_rows(img.rgba.data(), 32), Error);
        CHECK_THROWS_AS(out->finish(), Error);
    }
    CHECK_FALSE(fs::exists(dir / "e.png"));
    CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 2);  // a.png, b.png; no temporary file
    // Nowhere to write: an error naming the path, and nothing left behind.
    CHECK_THROWS_AS(render::write_png(img, (dir / "missing" / "c.png").string()), Error);
    CHECK_FALSE(fs::exists(dir / "missing"));
    render::Image empty;
    CHECK_THROWS_AS(render::write_png(empty, (dir / "d.png").string()), Error);
    CHECK_FALSE(fs::exists(dir / "d.png"));
    fs::remove_all(dir);
}

TEST_CASE("render: pixels read back come top row first, turned by the driver or by hand alike") {
    std::unique_ptr<render::gl::HeadlessContext> ctx;
    try {
        ctx = std::make_unique<render::gl::HeadlessContext>();
    } catch (const Error& e) {
        MESSAGE("no headless GL here (" << e.what() << "): not checked");
        return;
    }
    const std::string invert = render::gl::pack_invert_available() ? "available" : "not available";
    MESSAGE("GL_MESA_pack_invert " << invert);
    const int w = 37, h = 23;  // odd sizes: a middle row that stays, rows of an odd number of pixels
    render::gl::OffscreenTarget target(w, h);
    target.bind();
    glViewport(0, 0, w, h);
    glDisable(GL_SCISSOR_TEST);
    glClearColor(0, 0, 1, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    // Red in the picture's top-left 10x5 (GL counts rows from the bottom), green in its bottom row.
    glEnable(GL_SCISSOR_TEST);
    glScissor(0, h - 5, 10, 5);
    glClearColor(1, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    glScissor(0, 0, w, 1);
    glClearColor(0, 1, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    glDisable(GL_SCISSOR_TEST);
    const render::Pixels turned = render::gl::read_pixels(w, h), by_hand = render::gl::read_pixels(w, h, false);
    CHECK(turned == by_hand);
    auto at = [&](const render::Pixels& px, int x, int y) {
        const std::uint8_t* p = px.data() + (static_cast<std::size_t>(y) * w + x) * 4;
        return std::array<int, 3>{p[0], p[1], p[2]};
    };
    for (const render::Pixels* px : {&turned, &by_hand}) {
        CHECK(at(*px, 0, 0) == std::array<int, 3>{255, 0, 0});
        CHECK(at(*px, 9, 4) == std::array<int, 3>{255, 0, 0});
        CHECK(at(*px, 10, 0) == std::array<int, 3>{0, 0, 255});
        CHECK(at(*px, 0, 5) == std::array<int, 3>{0, 0, 255});
        CHECK(at(*px, 5, h - 1) == std::array<int, 3>{0, 255, 0});
        CHECK(at(*px, 5, h / 2) == std::array<int, 3>{0, 0, 255});
    }
}

TEST_CASE("render: a cluster of several types wears a ring of arcs as long as their shares; one of a single type none") {
    CHECK(render::ring_ends({5, 0, 0, 0, 0, 0}) == std::array<std::uint8_t, 8>{});  // one type: no ring
    CHECK(render::ring_ends({}) == std::array<std::uint8_t, 8>{});
    CHECK(render::ring_ends({1, 0, 1, 0, 0, 2}) == std::array<std::uint8_t, 8>{64, 64, 128, 128, 128, 255, 0, 0});
    CHECK(render::ring_ends({0, 3, 0, 1, 0, 0})[5] == 255);  // the last type's arc closes the turn
    std::unique_ptr<render::gl::HeadlessContext> ctx;
    try {
        ctx = std::make_unique<render::gl::HeadlessContext>();
    } catch (const Error& e) {
        MESSAGE("no headless GL here (" << e.what() << "): the drawn ring is not checked");
        return;
    }
    const int w = 80, h = 80;
    render::gl::OffscreenTarget target(w, h);
    target.bind();
    glViewport(0, 0, w, h);
    glDisable(GL_SCISSOR_TEST);
    glEnable(GL_BLEND);
    glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
    render::Camera cam;
    cam.cx = cam.cy = 0;
    cam.units_per_px = 1;
    cam.width = w;
    cam.height = h;
    render::Programs programs;
    auto draw = [&](const std::array<std::uint32_t, 6>& by_type) {
        glClearColor(0, 0, 0, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        render::SymbolBatch batch;
        batch.instances().push_back({0, 0, 29, render::style::kTypeColors[0], 0, render::kCluster, render::ring_ends(by_type)});
        batch.draw(programs, cam);
        return render::gl::read_pixels(w, h);
    };
    auto at = [&](const render::Pixels& px, int x, int y) {
        const std::uint8_t* p = px.data() + (static_cast<std::size_t>(y) * w + x) * 4;
        return std::array<int, 3>{p[0], p[1], p[2]};
    };
    auto near = [](std::array<int, 3> got, render::Rgba want) {
        return std::abs(got[0] - want.r) <= 8 && std::abs(got[1] - want.g) <= 8 && std::abs(got[2] - want.b) <= 8;
    };
    // The disc's centre is at pixel (40, 40), radius 14.5; the arcs 16.25-19.75 px out, the white band 15-21.
    const render::Pixels half = draw({1, 0, 0, 1, 0, 0});  // battles the first half turn, strategic the second
    CHECK(near(at(half, 40 + 18, 40), render::style::kTypeColors[0]));  // right: a quarter turn
    CHECK(near(at(half, 40 - 18, 40), render::style::kTypeColors[3]));  // left: three quarters
    CHECK(at(half, 40 + 20, 40)[0] > 200);                              // the white band outside the arc
    CHECK(at(half, 40 + 20, 40)[2] > 200);
    CHECK(at(half, 40 + 24, 40) == std::array<int, 3>{0, 0, 0});         // nothing beyond it
    const render::Pixels one = draw({4, 0, 0, 0, 0, 0});
    CHECK(at(one, 40 + 18, 40) == std::array<int, 3>{0, 0, 0});  // a single type: no ring
    CHECK(at(one, 40 - 18, 40) == std::array<int, 3>{0, 0, 0});
    CHECK(near(at(one, 40, 40), render::style::kTypeColors[0]));  // the disc itself
}
