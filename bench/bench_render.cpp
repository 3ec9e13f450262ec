// conflictmap bench: the map renderer's frame time, headless (EGL surfaceless; Mesa llvmpipe on a
// machine without a GPU), for the viewer's level-of-detail budget: every frame within 50 ms on a
// CPU with a million events loaded, and a million events scrubbed at 60 fps on a GPU.
//
//     conflictmap-bench-render EVENTS.gpkg|EVENTS.geojson [--frames N] [--scrub-frames N]
//         [--sizes 1280x800,1920x1080] [--nudge zoom|pan] [--quick] [--only TEXT] [--breakdown]
//         [--probe] [--json FILE] [--png DIR]
//
// --only runs the scenarios whose name contains TEXT ("1920x1080 city"); --breakdown also times
// draw alone (lists cached) with one part of the map at a time, to see which layer costs what;
// --probe times bare batches of lines, fills and symbols on this GL.
// Scenarios are window size × zoom (all Syria, a governorate, a city) × time window (all time,
// one month, one week), plus a scrub: a 30-day window advanced one day per frame. A frame is
// MapRenderer::prepare (timed on the CPU) and MapRenderer::draw followed by glFinish (so the
// GPU's — here llvmpipe's — work is inside the number). The renderer caches its draw lists while
// nothing changes, so outside the scrub every frame moves the camera by a hair (--nudge zoom:
// centre +1e-6 map units and zoom ×(1+1e-12), which rebuilds every layer as a wheel zoom does;
// --nudge pan: centre only, as a drag does, where routes and zones keep their lists). Cluster
// counts and labels are placed but not rasterised: in the viewer ImGui draws that text.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Date.h"
#include "core/Error.h"
#include "gazetteer/Gazetteer.h"
#include "io/EventImport.h"
#include "render/Image.h"
#include "render/MapRenderer.h"
#include "render/gl/Gl.h"
#include "render/gl/Headless.h"
#include "render/gl/Target.h"

#ifndef CM_SOURCE_ASSETS
#define CM_SOURCE_ASSETS "assets"
#endif
#ifndef CM_BUILD_TYPE
#define CM_BUILD_TYPE ""
#endif

using namespace cm;
namespace gl = cm::render::gl;

namespace {

using Clock = std::chrono::steady_clock;

double ms_between(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

constexpr double kBudgetMs = 50.0;

struct Options {
    std::string input;
    int frames = 30;
    int scrub_frames = 300;
    int warmup = 3;
    std::vector<std::pair<int, int>> sizes{{1280, 800}, {1920, 1080}};
    bool quick = false;
    bool nudge_zoom = true;
    bool breakdown = false;
    bool probe = false;
    std::string json, png_dir, only;
};

struct Zoom {
    const char* name;
    double lon, lat, units_per_px;
};

// Centres over the synthetic data's densest parts (the generator weights Aleppo and Idlib most).
const Zoom kZooms[] = {
    {"syria", 39.05, 34.80, 1000},       // the whole country in a laptop window
    {"governorate", 37.30, 36.20, 250},  // Aleppo governorate with Idlib's edge
    {"city", 37.16, 36.20, 40},          // Aleppo city
};

struct Window {
    std::string name;
    render::TimeWindow tw;
};

struct Scenario {
    int width = 0, height = 0;
    const Zoom* zoom = nullptr;
    Window window;
    bool scrub = false;
    bool ghost = false;
    int frames = 0;
    std::int32_t scrub_first = 0;  // first day of the window in the first warm-up frame
};

struct Frame {
    double prepare_ms = 0, events_ms = 0, draw_ms = 0;
    std::size_t in_time = 0, in_view = 0, symbols = 0, clusters = 0, ghosts = 0, routes = 0, texts = 0;
    double total() const { return prepare_ms + draw_ms; }
};

struct Result {
    Scenario sc;
    std::vector<Frame> frames;
    unsigned gl_error = 0;
    /// --breakdown: median draw + glFinish (draw lists cached, nothing re-uploaded) with layers switched off.
    std::vector<std::pair<std::string, double>> breakdown;
};

template <class F>
double median_of(const std::vector<Frame>& fs, F f) {
    std::vector<double> v;
    v.reserve(fs.size());
    for (const Frame& fr : fs) v.push_back(static_cast<double>(f(fr)));
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

template <class F>
double max_of(const std::vector<Frame>& fs, F f) {
    double m = 0;
    for (const Frame& fr : fs) m = std::max(m, static_cast<double>(f(fr)));
    return m;
}

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            return colon == std::string::npos ? line : line.substr(line.find_first_not_of(' ', colon + 1));
        }
    return "unknown";
}

std::string day_iso(std::int32_t d) { return CivilDate::from_days(d).iso(); }

std::string window_label(const Scenario& s) {
    if (s.window.tw.all_time) return s.window.name;
    return s.window.name + " " + day_iso(s.window.tw.first_day) + ".." + day_iso(s.window.tw.last_day);
}

std::string scenario_name(const Scenario& s) {
    std::string n = std::to_string(s.width) + "x" + std::to_string(s.height) + " " + s.zoom->name + " ";
    n += s.scrub ? (s.ghost ? "scrub30d+ghost" : "scrub30d") : s.window.name;
    return n;
}

int usage() {
    std::fprintf(stderr,
                 "usage: conflictmap-bench-render EVENTS.gpkg|EVENTS.geojson [--frames N] [--scrub-frames N]\n"
                 "       [--sizes WxH,WxH] [--nudge zoom|pan] [--quick] [--only TEXT] [--breakdown] [--probe]\n"
                 "       [--json FILE] [--png DIR]\n");
    return 2;
}

bool parse_sizes(const std::string& s, std::vector<std::pair<int, int>>& out) {
    out.clear();
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ',')) {
        int w = 0, h = 0;
        char x = 0;
        std::stringstream is(item);
        if (!(is >> w >> x >> h) || x != 'x' || w < 16 || h < 16 || w > 8192 || h > 8192) return false;
        out.emplace_back(w, h);
    }
    return !out.empty();
}

bool parse_args(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        try {
            if (a == "--frames") {
                const char* v = next();
                if (!v || (o.frames = std::stoi(v)) < 1) return false;
            } else if (a == "--scrub-frames") {
                const char* v = next();
                if (!v || (o.scrub_frames = std::stoi(v)) < 1) return false;
            } else if (a == "--sizes") {
                const char* v = next();
                if (!v || !parse_sizes(v, o.sizes)) return false;
            } else if (a == "--nudge") {
                const char* v = next();
                if (!v) return false;
                const std::string m = v;
                if (m != "zoom" && m != "pan") return false;
                o.nudge_zoom = m == "zoom";
            } else if (a == "--only") {
                const char* v = next();
                if (!v) return false;
                o.only = v;
            } else if (a == "--breakdown") {
                o.breakdown = true;
            } else if (a == "--probe") {
                o.probe = true;
            } else if (a == "--quick") {
                o.quick = true;
            } else if (a == "--json") {
                const char* v = next();
                if (!v) return false;
                o.json = v;
            } else if (a == "--png") {
                const char* v = next();
                if (!v) return false;
                o.png_dir = v;
            } else if (!a.empty() && a[0] == '-') {
                return false;
            } else if (o.input.empty()) {
                o.input = a;
            } else {
                return false;
            }
        } catch (const std::exception&) {
            return false;
        }
    }
    return !o.input.empty();
}

std::vector<Scenario> make_scenarios(const Options& o, const events::EventTable& t) {
    // Windows sit in the middle of the data's time span, whatever years the file covers.
    const std::int32_t lo = t.dated_rows ? t.min_day : CivilDate{2016, 1, 1}.days();
    const std::int32_t hi = t.dated_rows ? t.max_day : lo + 3650;
    const std::int32_t mid = lo + (hi - lo) / 2;
    render::TimeWindow all;
    all.all_time = true;
    render::TimeWindow month{mid, mid + 29, false, false};
    render::TimeWindow week{mid, mid + 6, false, false};
    const std::vector<Window> windows =
        o.quick ? std::vector<Window>{{"all", all}, {"month", month}}
                : std::vector<Window>{{"all", all}, {"month", month}, {"week", week}};
    const int scrub_frames = o.quick ? std::min(o.scrub_frames, 60) : o.scrub_frames;
    const std::int32_t scrub_first = std::max(lo, mid - scrub_frames / 2);

    std::vector<Scenario> out;
    const std::size_t nsizes = o.quick ? 1 : o.sizes.size();
    for (std::size_t si = 0; si < nsizes; ++si) {
        const auto [w, h] = o.sizes[si];
        for (const Zoom& z : kZooms) {
            if (o.quick && &z == &kZooms[1]) continue;
            for (const Window& win : windows) out.push_back({w, h, &z, win, false, false, o.frames, 0});
            Scenario s{w, h, &z, {"scrub30d", render::TimeWindow{scrub_first, scrub_first + 29, false, false}},
                       true, false, scrub_frames, scrub_first};
            out.push_back(s);
        }
        // The ghost mode (events outside the window drawn faintly) at the widest view.
        if (!o.quick) {
            Scenario g{w, h, &kZooms[0], {"scrub30d", render::TimeWindow{scrub_first, scrub_first + 29, true, false}},
                       true, true, scrub_frames, scrub_first};
            out.push_back(g);
        }
    }
    if (!o.only.empty())
        out.erase(std::remove_if(out.begin(), out.end(),
                                 [&](const Scenario& s) { return scenario_name(s).find(o.only) == std::string::npos; }),
                  out.end());
    return out;
}

Result run_scenario(const Scenario& sc, const Options& o, render::MapRenderer& r, const gl::OffscreenTarget& target) {
    Result res{sc, {}, 0};
    const render::TextMeasure measure = [](const std::string& s) {
        return std::pair<float, float>{7.0f * static_cast<float>(s.size()), 13.0f};
    };
    render::LayerState layers;
    render::FrameContext ctx;
    ctx.camera.width = sc.width;
    ctx.camera.height = sc.height;
    ctx.camera.units_per_px = sc.zoom->units_per_px;
    const render::Vec2f c = r.space().to_map(LonLat{sc.zoom->lon, sc.zoom->lat});
    ctx.camera.cx = c.x;
    ctx.camera.cy = c.y;
    ctx.time = sc.window.tw;
    target.bind();

    const int total = o.warmup + sc.frames;
    res.frames.reserve(static_cast<std::size_t>(sc.frames));
    for (int f = 0; f < total; ++f) {
        if (sc.scrub) {
            ctx.time.first_day = sc.scrub_first + f;
            ctx.time.last_day = ctx.time.first_day + 29;
        } else {
            // Defeat the draw-list caches so each frame pays for a full prepare (see the file header).
            ctx.camera.cx += 1e-6;
            if (o.nudge_zoom) ctx.camera.units_per_px *= 1.0 + 1e-12;
        }
        const auto t0 = Clock::now();
        r.prepare(ctx, layers, measure);
        const auto t1 = Clock::now();
        r.draw(ctx, layers);
        glFinish();
        const auto t2 = Clock::now();
        if (const GLenum e = glGetError(); e != GL_NO_ERROR && !res.gl_error) res.gl_error = e;
        if (f < o.warmup) continue;
        Frame fr;
        fr.prepare_ms = ms_between(t0, t1);
        fr.draw_ms = ms_between(t1, t2);
        const render::EventFrameStats& st = r.events().stats();
        fr.events_ms = st.prepare_ms;
        fr.in_time = st.in_time;
        fr.in_view = st.in_view;
        fr.symbols = st.symbols;
        fr.clusters = st.clusters;
        fr.ghosts = st.ghosts;
        fr.routes = r.overlays().stats().routes_shown;
        fr.texts = r.texts().size();
        res.frames.push_back(fr);
    }
    if (o.breakdown) {
        // One part of the map drawn alone, plus everything but the world map (land fill and borders
        // share one switch in Basemap::draw, so they are measured together).
        struct Variant {
            const char* name;
            bool land, basemap_rest, overlays, events;
        };
        const Variant variants[] = {
            {"all layers", true, true, true, true},
            {"clear only", false, false, false, false},
            {"land fill+borders only", true, false, false, false},
            {"basemap only", true, true, false, false},
            {"zones+routes only", false, false, true, false},
            {"events only", false, false, false, true},
            {"all but land fill+borders", false, true, true, true},
        };
        for (const Variant& v : variants) {
            render::LayerState l = layers;
            l.basemap.land = v.land;
            l.basemap.admin = l.basemap.rivers = l.basemap.roads = l.basemap.towns = v.basemap_rest;
            l.zones = l.routes = v.overlays;
            l.events = v.events;
            std::vector<Frame> t;
            for (int k = 0; k < 9; ++k) {
                const auto a = Clock::now();
                r.draw(ctx, l);
                glFinish();
                Frame fr;
                fr.draw_ms = ms_between(a, Clock::now());
                t.push_back(fr);
            }
            res.breakdown.emplace_back(v.name, median_of(t, [](const Frame& x) { return x.draw_ms; }));
        }
    }
    if (!o.png_dir.empty()) {
        r.draw(ctx, layers);
        render::Image img{sc.width, sc.height, gl::read_pixels(sc.width, sc.height)};
        std::string file = scenario_name(sc);
        std::replace(file.begin(), file.end(), ' ', '_');
        std::replace(file.begin(), file.end(), '+', '_');
        render::write_png(img, o.png_dir + "/" + file + ".png");
    }
    return res;
}

void print_header_row() {
    std::printf("%-34s %6s %7s %7s %7s %7s %7s %7s %7s %8s %8s %7s %7s %6s %5s\n", "scenario", "frames", "prep.md",
                "prep.mx", "ev.md", "draw.md", "draw.mx", "tot.md", "tot.mx", "in_time", "in_view", "symbols",
                "clustrs", "routes", ">50ms");
}

void print_row(const Result& r) {
    const auto& f = r.frames;
    int over = 0;
    for (const Frame& fr : f) over += fr.total() > kBudgetMs;
    std::printf("%-34s %6zu %7.2f %7.2f %7.2f %7.2f %7.2f %7.2f %7.2f %8.0f %8.0f %7.0f %7.0f %6.0f %5d%s\n",
                scenario_name(r.sc).c_str(), f.size(), median_of(f, [](const Frame& x) { return x.prepare_ms; }),
                max_of(f, [](const Frame& x) { return x.prepare_ms; }),
                median_of(f, [](const Frame& x) { return x.events_ms; }),
                median_of(f, [](const Frame& x) { return x.draw_ms; }), max_of(f, [](const Frame& x) { return x.draw_ms; }),
                median_of(f, [](const Frame& x) { return x.total(); }), max_of(f, [](const Frame& x) { return x.total(); }),
                median_of(f, [](const Frame& x) { return x.in_time; }), median_of(f, [](const Frame& x) { return x.in_view; }),
                median_of(f, [](const Frame& x) { return x.symbols; }), median_of(f, [](const Frame& x) { return x.clusters; }),
                median_of(f, [](const Frame& x) { return x.routes; }), over, r.gl_error ? "  GL error!" : "");
    if (!r.breakdown.empty()) {
        std::printf("    draw only (lists cached):");
        for (const auto& [name, ms] : r.breakdown) std::printf("  %s %.1f", name.c_str(), ms);
        std::printf("\n");
    }
    std::fflush(stdout);
}

// --probe: what each kind of batch costs on this GL by itself, off screen and on screen, to tell
// vertex-bound layers (cost per primitive) from fill-bound ones (cost per pixel). Prints one line
// per batch: median draw + glFinish of 7 runs.
nlohmann::json run_probe(int width, int height) {
    nlohmann::json out = nlohmann::json::array();
    render::Programs programs;
    gl::OffscreenTarget target(width, height);
    target.bind();
    render::Camera cam;
    cam.width = width;
    cam.height = height;
    cam.units_per_px = 1000;
    const float far = 1e7f;  // map units: well off screen
    auto time_it = [&](const char* what, std::size_t n, auto&& draw) {
        glViewport(0, 0, width, height);
        glEnable(GL_BLEND);
        glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
        std::vector<Frame> t;
        for (int k = 0; k < 8; ++k) {
            glClear(GL_COLOR_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
            glFinish();
            const auto a = Clock::now();
            draw();
            glFinish();
            Frame fr;
            fr.draw_ms = ms_between(a, Clock::now());
            if (k > 0) t.push_back(fr);  // the first run uploads
        }
        const double ms = median_of(t, [](const Frame& x) { return x.draw_ms; });
        std::printf("#   %-58s %8zu  %8.2f ms  (%.2f us each)\n", what, n, ms, 1000.0 * ms / static_cast<double>(n));
        out.push_back({{"what", what}, {"count", n}, {"ms", ms}});
    };
    std::printf("# probe at %dx%d: batch, primitives, draw + glFinish\n", width, height);
    for (std::size_t n : {20000u, 200000u}) {
        render::LineBatch lines;
        for (std::size_t i = 0; i < n; ++i) {
            const float x = far + static_cast<float>(i % 1000) * 100.f, y = far + static_cast<float>(i / 1000) * 100.f;
            lines.add_segment({x, y}, {x + 50.f, y + 50.f}, {0, 0, 0, 255}, 1.1f);
        }
        time_it(n == 20000u ? "line segments (instanced), all off screen" : "line segments (instanced), all off screen ",
                n, [&] { lines.draw(programs, cam); });
    }
    {
        render::FillBatch fill;
        const std::size_t n = 200000;
        std::vector<render::Vec2f> ring;
        ring.reserve(n + 2);
        // One ring of n+2 vertices, a fan of n thin triangles, all off screen.
        for (std::size_t i = 0; i < n + 2; ++i) {
            const double a = 2 * M_PI * static_cast<double>(i) / static_cast<double>(n + 2);
            ring.push_back({far + static_cast<float>(1e5 * std::cos(a)), far + static_cast<float>(1e5 * std::sin(a))});
        }
        fill.add_ring(ring);
        time_it("fill fan triangles (stencil + cover), all off screen", n, [&] { fill.draw(programs, cam, {0, 0, 0, 255}); });
    }
    {
        render::FillBatch fill;
        const std::size_t n = 200000;
        std::vector<render::Vec2f> ring;
        // A fan covering the whole viewport n times over in thin slivers (a jagged coastline's worst case).
        const float r = static_cast<float>(2.0 * std::max(width, height) * cam.units_per_px);
        for (std::size_t i = 0; i < n + 2; ++i) {
            const double a = 2 * M_PI * static_cast<double>(i) / static_cast<double>(n + 2);
            ring.push_back({static_cast<float>(r * std::cos(a)), static_cast<float>(r * std::sin(a))});
        }
        fill.add_ring(ring);
        time_it("fill fan triangles (stencil + cover), covering the view", n, [&] { fill.draw(programs, cam, {0, 0, 0, 255}); });
    }
    for (std::size_t n : {2000u, 20000u}) {
        render::SymbolBatch sym;
        for (std::size_t i = 0; i < n; ++i) {
            const float x = static_cast<float>((static_cast<double>(i % 100) / 100.0 - 0.5) * width * cam.units_per_px);
            const float y = static_cast<float>((static_cast<double>(i / 100 % 100) / 100.0 - 0.5) * height * cam.units_per_px);
            sym.instances().push_back({x, y, 10.f, {200, 80, 0, 255}, 0.f, 0.f});
        }
        time_it(n == 2000u ? "symbols 10 px (instanced), on screen" : "symbols 10 px (instanced), on screen ", n,
                [&] { sym.draw(programs, cam); });
    }
    return out;
}

nlohmann::json to_json(const Result& r) {
    const auto& f = r.frames;
    auto stat = [&](auto get) {
        return nlohmann::json{{"median", median_of(f, get)}, {"max", max_of(f, get)}};
    };
    nlohmann::json j;
    j["name"] = scenario_name(r.sc);
    j["width"] = r.sc.width;
    j["height"] = r.sc.height;
    j["zoom"] = r.sc.zoom->name;
    j["units_per_px"] = r.sc.zoom->units_per_px;
    j["center_lonlat"] = {r.sc.zoom->lon, r.sc.zoom->lat};
    j["time"] = r.sc.scrub ? "scrub30d" : r.sc.window.name;
    if (!r.sc.window.tw.all_time) {
        j["first_day"] = day_iso(r.sc.window.tw.first_day);
        j["last_day"] = day_iso(r.sc.window.tw.last_day);
    }
    j["scrub"] = r.sc.scrub;
    j["ghost"] = r.sc.ghost;
    j["frames"] = f.size();
    j["prepare_ms"] = stat([](const Frame& x) { return x.prepare_ms; });
    j["events_prepare_ms"] = stat([](const Frame& x) { return x.events_ms; });
    j["draw_ms"] = stat([](const Frame& x) { return x.draw_ms; });
    j["frame_ms"] = stat([](const Frame& x) { return x.total(); });
    j["in_time"] = stat([](const Frame& x) { return x.in_time; });
    j["in_view"] = stat([](const Frame& x) { return x.in_view; });
    j["symbols"] = stat([](const Frame& x) { return x.symbols; });
    j["clusters"] = stat([](const Frame& x) { return x.clusters; });
    j["ghosts"] = stat([](const Frame& x) { return x.ghosts; });
    j["routes_shown"] = stat([](const Frame& x) { return x.routes; });
    j["texts"] = stat([](const Frame& x) { return x.texts; });
    int over = 0;
    nlohmann::json prep = nlohmann::json::array(), draw = nlohmann::json::array();
    for (const Frame& fr : f) {
        over += fr.total() > kBudgetMs;
        prep.push_back(fr.prepare_ms);
        draw.push_back(fr.draw_ms);
    }
    j["frames_over_50ms"] = over;
    j["per_frame"] = {{"prepare_ms", prep}, {"draw_ms", draw}};
    j["gl_error"] = r.gl_error;
    if (!r.breakdown.empty()) {
        nlohmann::json b;
        for (const auto& [name, ms] : r.breakdown) b[name] = ms;
        j["draw_only_ms_by_layers"] = b;
    }
    return j;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parse_args(argc, argv, o)) return usage();
    try {
        const char* lp = std::getenv("LP_NUM_THREADS");
        std::printf("# conflictmap render benchmark (%s build)\n", CM_BUILD_TYPE);
        std::printf("# CPU: %s (%u hardware threads; LP_NUM_THREADS=%s)\n", cpu_model().c_str(),
                    std::thread::hardware_concurrency(), lp ? lp : "unset");

        gl::HeadlessContext context;
        std::printf("# GL: %s\n", gl::describe_context().c_str());

        Diagnostics diag;
        auto t0 = Clock::now();
        io::ImportResult stats;
        std::shared_ptr<const events::EventTable> table = io::import_event_table({o.input}, diag, {}, &stats);
        const double load_s = ms_between(t0, Clock::now()) / 1000.0;
        if (!table || table->size() == 0) {
            std::fprintf(stderr, "conflictmap-bench-render: no events read from %s\n", o.input.c_str());
            for (const Diagnostic& d : diag.all()) std::fprintf(stderr, "%s\n", d.to_string().c_str());
            return 1;
        }
        std::printf("# events: %zu rows from %s (%zu skipped), loaded in %.2f s; days %s..%s\n", table->size(),
                    o.input.c_str(), stats.rows_skipped, load_s, day_iso(table->min_day).c_str(),
                    day_iso(table->max_day).c_str());

        t0 = Clock::now();
        Diagnostics gdiag;
        std::unique_ptr<gaz::Gazetteer> gazetteer = gaz::Gazetteer::load_default(gdiag);
        const double gaz_s = ms_between(t0, Clock::now()) / 1000.0;

        render::MapRenderer renderer("EPSG:3857");
        t0 = Clock::now();
        Diagnostics bdiag;
        const auto places = cm::render::BasemapPlaces::from(*gazetteer);
        renderer.load_basemap(CM_SOURCE_ASSETS, &places, bdiag);
        const double basemap_s = ms_between(t0, Clock::now()) / 1000.0;
        for (const Diagnostic& d : bdiag.all()) std::fprintf(stderr, "basemap: %s\n", d.to_string().c_str());
        t0 = Clock::now();
        renderer.set_table(table);
        renderer.set_mask(nullptr, 1);
        const double set_table_s = ms_between(t0, Clock::now()) / 1000.0;
        const render::BasemapStats& bs = renderer.basemap().stats();
        std::printf("# gazetteer %.2f s, basemap %.2f s, set_table (projection of every row) %.2f s\n", gaz_s,
                    basemap_s, set_table_s);
        std::printf("# basemap: %zu countries, %zu land fan triangles, %zu border segments, %zu admin areas, %zu rivers,"
                    " %zu roads, %zu towns, %zu labels\n",
                    bs.countries, bs.land_triangles, bs.border_segments, bs.admin_areas, bs.rivers, bs.roads, bs.towns,
                    renderer.basemap().labels().size());
        std::printf("# frame = prepare (CPU) + draw + glFinish; %d warm-up frames, then %d frames (scrub: %d).\n",
                    o.warmup, o.frames, o.quick ? std::min(o.scrub_frames, 60) : o.scrub_frames);
        std::printf("# non-scrub frames nudge the camera (%s) so that every frame re-prepares instead of hitting the cache.\n",
                    o.nudge_zoom ? "centre +1e-6 units and zoom x(1+1e-12): events, routes/zones and labels rebuild"
                                 : "centre +1e-6 units: events and labels rebuild, routes/zones stay cached");
        std::printf("# times in ms: md = median, mx = worst; ev = EventLayer::prepare part of prepare; counts are medians.\n");

        nlohmann::json probe;
        if (o.probe) probe = run_probe(o.sizes.front().first, o.sizes.front().second);

        const std::vector<Scenario> scenarios = make_scenarios(o, *table);
        std::vector<Result> results;
        std::map<std::pair<int, int>, std::unique_ptr<gl::OffscreenTarget>> targets;
        std::printf("\n");
        print_header_row();
        for (const Scenario& sc : scenarios) {
            auto& tgt = targets[{sc.width, sc.height}];
            if (!tgt) tgt = std::make_unique<gl::OffscreenTarget>(sc.width, sc.height);
            results.push_back(run_scenario(sc, o, renderer, *tgt));
            print_row(results.back());
        }

        std::printf("\n# windows: ");
        bool first = true;
        for (const Scenario& sc : scenarios) {
            if (sc.scrub || sc.window.tw.all_time) continue;
            if (sc.width != scenarios.front().width || sc.height != scenarios.front().height || sc.zoom != &kZooms[0]) continue;
            std::printf("%s%s", first ? "" : "; ", window_label(sc).c_str());
            first = false;
        }
        for (const Scenario& sc : scenarios)
            if (sc.scrub) {
                std::printf("; scrub 30-day window from %s, +1 day per frame", day_iso(sc.scrub_first + o.warmup).c_str());
                break;
            }
        std::printf("\n");
        double worst = 0;
        std::string worst_name;
        std::size_t over = 0, frames = 0;
        for (const Result& r : results)
            for (const Frame& fr : r.frames) {
                ++frames;
                over += fr.total() > kBudgetMs;
                if (fr.total() > worst) {
                    worst = fr.total();
                    worst_name = scenario_name(r.sc);
                }
            }
        std::printf("# worst frame %.2f ms (%s); %zu of %zu frames over %.0f ms\n", worst, worst_name.c_str(), over,
                    frames, kBudgetMs);

        if (!o.json.empty()) {
            nlohmann::json j;
            j["cpu"] = cpu_model();
            j["hardware_threads"] = std::thread::hardware_concurrency();
            j["gl"] = gl::describe_context();
            j["build_type"] = CM_BUILD_TYPE;
            j["input"] = o.input;
            j["rows"] = table->size();
            j["load_s"] = load_s;
            j["set_table_s"] = set_table_s;
            j["basemap_s"] = basemap_s;
            j["basemap"] = {{"countries", bs.countries},         {"land_triangles", bs.land_triangles},
                            {"border_segments", bs.border_segments}, {"admin_areas", bs.admin_areas},
                            {"rivers", bs.rivers},               {"roads", bs.roads},
                            {"towns", bs.towns}};
            j["nudge"] = o.nudge_zoom ? "zoom" : "pan";
            j["budget_ms"] = kBudgetMs;
            j["worst_frame_ms"] = worst;
            j["frames_over_budget"] = over;
            if (o.probe) j["probe"] = probe;
            j["scenarios"] = nlohmann::json::array();
            for (const Result& r : results) j["scenarios"].push_back(to_json(r));
            std::ofstream out(o.json);
            out << j.dump(1) << "\n";
            if (!out) throw Error("cannot write the JSON report", o.json);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "conflictmap-bench-render: %s\n", e.what());
        return 1;
    }
    return 0;
}
