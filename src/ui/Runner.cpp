// conflictmap ui: the frame loops (window and headless) and input replay.
#include "ui/Runner.h"

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <GLFW/glfw3.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <optional>
#include <system_error>
#include <iostream>
#include <sstream>

#include "core/Error.h"
#include "core/Trace.h"
#include "core/Utf8.h"
#include "render/Image.h"
#include "render/Vector.h"
#include "render/Video.h"
#include "render/gl/Gl.h"
#include "render/gl/Headless.h"
#include "render/gl/Target.h"

namespace cm::ui {

// ---- replay (parsing in Replay.cpp) ---------------------------------------------------------

using replay::KeyChord;
using replay::key_chord;
using replay::num;

std::string Replay::apply(App& app) {
    ImGuiIO& io = ImGui::GetIO();
    io.MouseWheel = 0;
    if (m_release_key >= 0) {
        io.KeysDown[m_release_key] = false;
        io.KeyShift = io.KeyCtrl = io.KeyAlt = false;
        m_release_key = -1;
    }
    // The real pointer (a window's backend sets it every frame) never overrides the script's.
    if (m_have_mouse) io.MousePos = ImVec2(m_mouse_x, m_mouse_y);
    if (m_step >= m_steps.size()) return {};
    const Step& s = m_steps[m_step];
    auto place = [&](ImVec2 at) {
        io.MousePos = at;
        m_have_mouse = true;
        m_mouse_x = at.x;
        m_mouse_y = at.y;
    };
    auto f = [&](std::size_t i) { return num(s.args[i], m_file, s.line); };
    auto next = [&] {
        ++m_step;
        m_phase = 0;
    };
    if (s.op == "frames") {
        if (++m_phase > static_cast<int>(f(0))) next();
        return {};
    }
    if (s.op == "move") {
        place(ImVec2(f(0), f(1)));
        next();
        return {};
    }
    if (s.op == "click" || s.op == "double-click" || s.op == "right-click" || s.op == "click-event") {
        ImVec2 at;
        if (s.op == "click-event") {
            const events::EventTable* t = app.table();
            float x = -1, y = -1;
            bool found = false;
            for (std::size_t i = 0; t && i < t->size() && !found; ++i)
                if (t->event(i).id == s.args[0]) found = app.screen_position(static_cast<std::int64_t>(i), x, y);
            if (!found) throw Error("event '" + s.args[0] + "' is not drawn on screen", m_file, s.line);
            at = ImVec2(x, y);
        } else {
            at = ImVec2(f(0), f(1));
        }
        const int button = s.op == "right-click" ? 1 : 0;
        const int presses = s.op == "double-click" ? 2 : 1;
        // Phases: move there, then press/release per click, then one idle frame.
        place(at);
        const int ph = m_phase++;
        if (ph >= 1 && ph <= 2 * presses) io.MouseDown[button] = (ph % 2) == 1;
        if (ph > 2 * presses) {
            io.MouseDown[button] = false;
            next();
        }
        return {};
    }
    if (s.op == "drag" || s.op == "right-drag") {
        const int steps = 8;
        const int button = s.op == "drag" ? 0 : 1;
        const int ph = m_phase++;
        const float t = std::min(1.0f, static_cast<float>(std::max(0, ph - 1)) / steps);
        place(ImVec2(f(0) + (f(2) - f(0)) * t, f(1) + (f(3) - f(1)) * t));
        io.MouseDown[button] = ph >= 1 && ph <= steps + 1;
        if (ph > steps + 2) next();
        return {};
    }
    if (s.op == "wheel") {
        place(ImVec2(f(0), f(1)));
        if (m_phase++ == 1) {
            io.MouseWheel = f(2);
            next();
        }
        return {};
    }
    if (s.op == "key") {
        const KeyChord c = key_chord(s.args[0]);
        io.KeysDown[c.key] = true;
        io.KeyShift = c.shift || (s.args.size() > 1 && s.args[1] == "shift");
        io.KeyCtrl = c.ctrl;
        io.KeyAlt = c.alt;
        m_release_key = c.key;
        next();
        return {};
    }
    if (s.op == "type") {
        io.AddInputCharactersUTF8(s.args[0].c_str());
        next();
        return {};
    }
    if (s.op == "screenshot") {
        next();
        return s.args[0];
    }
    next();
    return {};
}

// ---- loops ----------------------------------------------------------------------------------

bool display_available() {
    const char* x = std::getenv("DISPLAY");
    const char* w = std::getenv("WAYLAND_DISPLAY");
    return (x && *x) || (w && *w);
}

namespace {

void write_frame(int w, int h, const std::string& path, std::ostream& out);

// A new UI scale between frames: the font atlas again, and its texture.
void rebuild_fonts_if_needed(App& app) {
    if (!app.fonts_need_rebuild()) return;
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    app.build_fonts();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

// File > Export image: the clean frame, reported in Messages; a failure never ends the session.
void export_frame(App& app, int w, int h, std::ostream& out) {
    const std::string p = app.take_frame_export();
    if (p.empty()) return;
    try {
        write_frame(w, h, p, out);
        app.note({Diagnostic::Level::Warning, p, 0, "image exported (" + std::to_string(w) + "x" + std::to_string(h) + ")"});
    } catch (const Error& e) {
        app.note({Diagnostic::Level::Error, p, 0, "image export failed: " + e.message()});
    }
}

void write_frame(int w, int h, const std::string& path, std::ostream& out) {
    render::Image img;
    img.width = w;
    img.height = h;
    img.rgba = render::gl::read_pixels(w, h);
    render::write_png(img, path);
    out << "conflictmap view: wrote " << path << " (" << w << "x" << h << ")\n";
}

// ImGui 1.86 reads keys through a map from its named keys to our key codes; GLFW's codes are
// used everywhere (the GLFW backend does the same), so replayed keys mean the same in both loops.
void map_keys_like_glfw(ImGuiIO& io) {
    io.KeyMap[ImGuiKey_Tab] = GLFW_KEY_TAB;
    io.KeyMap[ImGuiKey_LeftArrow] = GLFW_KEY_LEFT;
    io.KeyMap[ImGuiKey_RightArrow] = GLFW_KEY_RIGHT;
    io.KeyMap[ImGuiKey_UpArrow] = GLFW_KEY_UP;
    io.KeyMap[ImGuiKey_DownArrow] = GLFW_KEY_DOWN;
    io.KeyMap[ImGuiKey_Home] = GLFW_KEY_HOME;
    io.KeyMap[ImGuiKey_End] = GLFW_KEY_END;
    io.KeyMap[ImGuiKey_Delete] = GLFW_KEY_DELETE;
    io.KeyMap[ImGuiKey_Backspace] = GLFW_KEY_BACKSPACE;
    io.KeyMap[ImGuiKey_Space] = GLFW_KEY_SPACE;
    io.KeyMap[ImGuiKey_Enter] = GLFW_KEY_ENTER;
    io.KeyMap[ImGuiKey_Escape] = GLFW_KEY_ESCAPE;
}

// A headless runner's Dear ImGui context, and the app's start that needs it but no GL (font atlas,
// renderer, basemap: App::init_cpu) run on another thread while the GL context and the target are
// made (~50 ms of library loading on this thread). finish() waits for it (passing on what it
// threw), then sets up the frame size, the renderer backend and the rest of the app's start on
// this thread, which has the GL context; the ImGui context goes with this object.
class HeadlessStart {
public:
    explicit HeadlessStart(App& app) : m_app(app) {
        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
        try {
            m_job = std::async(std::launch::async, [&a = m_app] { a.init_cpu(); });
        } catch (const std::system_error&) {  // no thread to be had: finish() does it here
        }
    }
    HeadlessStart(const HeadlessStart&) = delete;
    HeadlessStart& operator=(const HeadlessStart&) = delete;
    ~HeadlessStart() {
        if (m_job.valid()) m_job.wait();
        ImGui::DestroyContext();
    }
    void finish(int width, int height, const char* platform) {
        if (m_job.valid()) m_job.get();
        else m_app.init_cpu();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
        io.BackendPlatformName = platform;
        ImGui_ImplOpenGL3_Init("#version 330");
        m_app.init_gl();
    }

private:
    App& m_app;
    std::future<void> m_job;
};

int run_headless(App& app, const RunOptions& opt, Replay* replay, std::ostream& out, std::ostream& err) {
    HeadlessStart start(app);
    std::unique_ptr<render::gl::HeadlessContext> ctx;
    try {
        ctx = std::make_unique<render::gl::HeadlessContext>();
        trace("GL context made");
    } catch (const Error& e) {
        err << "conflictmap view: error: cannot render headless: " << e.what() << "\n";
        return 1;
    }
    render::gl::OffscreenTarget target(opt.width, opt.height);
    ImGuiIO& io = ImGui::GetIO();
    int status = 0;
    try {
        start.finish(opt.width, opt.height, "conflictmap-headless");
        map_keys_like_glfw(io);
        app.wait_for_load();
        const int frames = opt.frames < 0 ? 5 : opt.frames;
        for (int i = 0; i < frames || (replay && !replay->done()); ++i) {
            io.DeltaTime = 1.0f / 60.0f;
            std::string shot;
            if (replay) shot = replay->apply(app);
            rebuild_fonts_if_needed(app);
            ImGui_ImplOpenGL3_NewFrame();
            ImGui::NewFrame();
            app.update(opt.width, opt.height, io.DeltaTime);
            ImGui::Render();
            target.bind();
            app.draw_map();
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
            if (!shot.empty()) write_frame(opt.width, opt.height, shot, out);
            export_frame(app, opt.width, opt.height, out);
            if (app.quit_requested()) break;
            app.wait_for_load();  // files dropped by a script finish before the next frame
        }
        if (!opt.screenshot.empty()) write_frame(opt.width, opt.height, opt.screenshot, out);
    } catch (const Error& e) {
        err << "conflictmap view: error: " << e.what() << "\n";
        status = 1;
    }
    app.shutdown();
    if (io.BackendRendererUserData) ImGui_ImplOpenGL3_Shutdown();
    return status;
}

std::vector<std::string>* g_drops = nullptr;

void on_drop(GLFWwindow*, int count, const char** paths) {
    if (!g_drops) return;
    for (int i = 0; i < count; ++i) g_drops->push_back(paths[i]);
}

void on_glfw_error(int code, const char* message) {
    std::cerr << "conflictmap view: GLFW error " << code << ": " << message << "\n";
}

int run_window(App& app, const RunOptions& opt, Replay* replay, std::ostream& out, std::ostream& err) {
    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit()) {
        err << "conflictmap view: cannot open a window here; rendering headless instead\n";
        return run_headless(app, opt, replay, out, err);
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_STENCIL_BITS, 8);
    GLFWwindow* window = glfwCreateWindow(opt.width, opt.height, "conflictmap", nullptr, nullptr);
    if (!window) {
        glfwTerminate();
        err << "conflictmap view: cannot create an OpenGL 3.3 window; rendering headless instead\n";
        return run_headless(app, opt, replay, out, err);
    }
    glfwMakeContextCurrent(window);
    int status = 0;
    try {
        render::gl::load(reinterpret_cast<GLADloadfunc>(glfwGetProcAddress));
    } catch (const Error& e) {
        err << "conflictmap view: error: " << e.what() << "\n";
        glfwDestroyWindow(window);
        glfwTerminate();
        return 1;
    }
    glfwSwapInterval(opt.frames >= 0 ? 0 : 1);
    std::vector<std::string> drops;
    g_drops = &drops;
    glfwSetDropCallback(window, on_drop);
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330");
    {
        // HiDPI: the screen's content scale sizes panels and text unless the user chose one.
        float sx = 1, sy = 1;
        glfwGetWindowContentScale(window, &sx, &sy);
        app.set_content_scale(std::max(sx, sy));
    }
    try {
        app.init_graphics();
        if (opt.frames >= 0 || replay) app.wait_for_load();
        double last = glfwGetTime();
        for (int i = 0; !glfwWindowShouldClose(window) && !app.quit_requested(); ++i) {
            if (opt.frames >= 0 && i >= opt.frames && (!replay || replay->done())) break;
            glfwPollEvents();
            if (!drops.empty()) {
                app.open_files(drops);
                drops.clear();
            }
            rebuild_fonts_if_needed(app);
            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplGlfw_NewFrame();
            std::string shot;
            if (replay) shot = replay->apply(app);
            ImGui::NewFrame();
            int fw = 0, fh = 0;
            glfwGetFramebufferSize(window, &fw, &fh);
            const double now = glfwGetTime();
            app.update(fw, fh, static_cast<float>(now - last));
            last = now;
            ImGui::Render();
            glBindFramebuffer(GL_FRAMEBUFFER, 0);
            app.draw_map();
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
            if (!shot.empty()) write_frame(fw, fh, shot, out);
            export_frame(app, fw, fh, out);
            const bool last_frame = opt.frames >= 0 && i + 1 >= opt.frames && (!replay || replay->done());
            if (last_frame && !opt.screenshot.empty()) write_frame(fw, fh, opt.screenshot, out);
            glfwSwapBuffers(window);
            if (replay || opt.frames >= 0) app.wait_for_load();
        }
    } catch (const Error& e) {
        err << "conflictmap view: error: " << e.what() << "\n";
        status = 1;
    }
    app.shutdown();
    g_drops = nullptr;
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return status;
}

}  // namespace

int run_viewer(App& app, const RunOptions& opt, std::ostream& out, std::ostream& err) {
    std::unique_ptr<Replay> replay;
    if (!opt.replay_file.empty()) replay = std::make_unique<Replay>(Replay::load(opt.replay_file));
    if (opt.headless) return run_headless(app, opt, replay.get(), out, err);
    if (!display_available()) {
        RunOptions o = opt;
        if (o.frames < 0) o.frames = 5;
        if (o.screenshot.empty()) o.screenshot = "conflictmap-view.png";
        err << "conflictmap view: no display ($DISPLAY is not set): rendering the view headless to " << o.screenshot
            << "\n";
        return run_headless(app, o, replay.get(), out, err);
    }
    return run_window(app, opt, replay.get(), out, err);
}

}  // namespace cm::ui

// [SECTION] briefings: conflictmap render -----------------------------------------------------

namespace cm::ui {

namespace {

std::string lower_ext(const std::string& path) {
    std::string e = std::filesystem::path(path).extension().string();
    for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return e;
}

/// The map's georeference for the frame: GDAL's geotransform in the projection's metres.
void geotransform_of(const App& app, double gt[6]) {
    const render::Camera& cam = app.view().camera;
    double x0, y0;
    app.renderer()->space().to_projected(cam.to_map_x(0), cam.to_map_y(0), x0, y0);
    gt[0] = x0;
    gt[1] = cam.units_per_px;
    gt[2] = 0;
    gt[3] = y0;
    gt[4] = 0;
    gt[5] = -cam.units_per_px;
}

}  // namespace

int render_briefing(App& app, const RenderJob& job, std::ostream& out, std::ostream& err) {
    const std::string& name = job.command_name;
    HeadlessStart start(app);
    std::unique_ptr<render::gl::HeadlessContext> ctx;
    try {
        ctx = std::make_unique<render::gl::HeadlessContext>();
        trace("GL context made");
    } catch (const Error& e) {
        err << name << ": error: cannot render headless (EGL): " << e.what() << "\n";
        return 1;
    }
    const std::string ext = lower_ext(job.output);
    const bool frames_dir = job.animate && ext.empty();
    // A large picture is drawn in tiles, the layout (labels, clusters, decorations) made once for
    // the whole picture, the map and what is written on it drawn tile by tile. By default a
    // picture over kBandPixels is drawn in bands of whole rows (in columns of at most 8192 pixels
    // when wider), each band written to the file as it is read, so neither the GL target nor
    // memory ever holds the whole picture: 7680x4320 in nine bands of 512 rows (bands are whole
    // multiples of 256 rows: a GeoTIFF's tile rows and a PNG's deflate strips end with the band).
    // Bands of 4 rather than 8 megapixels: a million events at 7680x4320 peaked 23 MiB lower in
    // the same time (medians of five). --tile N asks for N x N tiles.
    constexpr long long kBandPixels = 4LL << 20;
    int tile_w = 0, tile_h = 0;
    if (job.tile > 0) {
        tile_w = tile_h = job.tile;
    } else if (static_cast<long long>(job.width) * job.height > kBandPixels) {
        const int columns = (job.width + 8191) / 8192;
        tile_w = (job.width + columns - 1) / columns;
        tile_h = std::max(256, static_cast<int>(kBandPixels / tile_w) / 256 * 256);
    }
    const bool tiled = tile_w > 0 && !job.animate && (job.width > tile_w || job.height > tile_h);
    // The target is made when the first picture is drawn, after the layout has let the rows go:
    // its memory (~40 MB for a band of 7680x1024) is then not on top of the table's.
    std::optional<render::gl::OffscreenTarget> target_store;
    auto target = [&]() -> render::gl::OffscreenTarget& {
        if (!target_store) {
            target_store.emplace(tiled ? std::min(tile_w, job.width) : job.width, tiled ? std::min(tile_h, job.height) : job.height);
            trace("offscreen target made");
        }
        return *target_store;
    };
    ImGuiIO& io = ImGui::GetIO();
    int status = 0;
    // A frame lays the picture out (labels, clusters, decorations); only the last one before a
    // picture is taken needs drawing (`draw`): the ones before only settle the layout.
    auto frame = [&](bool draw, bool last = false) {
        io.DeltaTime = 1.0f / 60.0f;
        rebuild_fonts_if_needed(app);
        ImGui_ImplOpenGL3_NewFrame();
        // The font atlas is a texture now; its copy in memory (~10 MB at a briefing's sizes) goes.
        if (io.Fonts->TexPixelsRGBA32 || io.Fonts->TexPixelsAlpha8) io.Fonts->ClearTexData();
        ImGui::NewFrame();
        app.update(job.width, job.height, io.DeltaTime);
        ImGui::Render();
        trace("frame laid out");
        if (last) app.release_rows();  // drawing needs only this layout, not the rows
        if (tiled || !draw) return;  // a tiled picture is drawn tile by tile when grabbed
        target().bind();
        app.draw_map();
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        trace("frame drawn");
    };
    // The last frame's pixels, to `sink`: read whole, or drawn tile by tile — the map with a
    // camera on the tile, the texts and decorations (Dear ImGui's draw data, in the whole
    // picture's pixels) with their origin moved to the tile's corner — a band of rows at a time.
    auto draw_into = [&](render::RowWriter& sink) {
        if (!tiled) {
            const render::Pixels px = render::gl::read_pixels(job.width, job.height);
            sink.add_rows(px.data(), job.height);
            return;
        }
        ImDrawData* dd = ImGui::GetDrawData();
        const ImVec2 pos = dd->DisplayPos, size = dd->DisplaySize;
        struct Restore {  // the draw data's own origin back, however this is left
            ImDrawData* dd;
            ImVec2 pos, size;
            ~Restore() {
                dd->DisplayPos = pos;
                dd->DisplaySize = size;
            }
        } restore{dd, pos, size};
        render::Pixels band;
        for (int y0 = 0; y0 < job.height; y0 += tile_h) {
            const int th = std::min(tile_h, job.height - y0);
            band.resize(static_cast<std::size_t>(job.width) * th * 4);
            for (int x0 = 0; x0 < job.width; x0 += tile_w) {
                const int tw = std::min(tile_w, job.width - x0);
                target().bind();
                app.draw_map_tile(x0, y0, tw, th);
                dd->DisplayPos = ImVec2(static_cast<float>(x0), static_cast<float>(y0));
                dd->DisplaySize = ImVec2(static_cast<float>(tw), static_cast<float>(th));
                ImGui_ImplOpenGL3_RenderDrawData(dd);
                if (tw == job.width) {
                    render::gl::read_pixels_into(tw, th, band.data());
                    continue;
                }
                const render::Pixels px = render::gl::read_pixels(tw, th);
                for (int r = 0; r < th; ++r)
                    std::memcpy(band.data() + (static_cast<std::size_t>(r) * job.width + x0) * 4,
                                px.data() + static_cast<std::size_t>(r) * tw * 4, static_cast<std::size_t>(tw) * 4);
            }
            trace("band drawn and read");
            sink.add_rows(band.data(), th);
            trace("band written");
        }
    };
    auto grab = [&] {
        render::ImageRows rows(job.width, job.height);
        draw_into(rows);
        return rows.take();
    };
    // Something on the picture: events in the window and extent, or routes or zones.
    auto anything_shown = [&] {
        const auto& st = app.renderer()->events().stats();
        const auto& ov = app.renderer()->overlays().stats();
        return st.in_view > 0 || ov.routes_shown > 0 || ov.zones_shown > 0;
    };
    try {
        start.finish(job.width, job.height, "conflictmap-render");
        app.wait_for_load();
        if (!app.table() || app.table()->size() == 0) throw Error("no events were read (see the messages above)");
        if (!job.animate) {
            // The first frame frames the picture and loads what the camera needs; the next two
            // place labels around the symbols as laid out; the last is drawn.
            const bool vector = ext == ".pdf" || ext == ".svg";
            std::vector<render::PaintOp> ops;
            for (int i = 0; i < 3; ++i) {
                // A PDF or SVG: the last frame's texts and decorations are recorded, not drawn.
                if (vector && i == 2) app.record_paint(&ops);
                frame(i == 2, i == 2);
            }
            app.record_paint(nullptr);
            if (trace_enabled()) {
                const auto& st = app.renderer()->events().stats();
                const auto& ov = app.renderer()->overlays().stats();
                std::fprintf(stderr, "[trace] events in view %zu, symbols %zu, clusters %zu, discs %zu; routes %zu/%zu, zones %zu/%zu\n",
                             st.in_view, st.symbols, st.clusters, st.uncertainty_discs, ov.routes_shown, ov.routes_total,
                             ov.zones_shown, ov.zones_total);
            }
            if (!anything_shown())
                throw Error("nothing to draw: no event, route or zone passes in this time window and extent (widen the window, "
                            "the extent or the filters)");
            if (vector) {
                const render::Image img = grab();
                trace("pixels read");
                render::write_vector(img, ops, job.dpi, job.output, job.title);
            } else {
                std::unique_ptr<render::RowWriter> file;
                if (ext == ".tif" || ext == ".tiff") {
                    double gt[6];
                    geotransform_of(app, gt);
                    file = render::open_geotiff(job.output, job.width, job.height, gt, app.renderer()->space().projection().crs());
                } else {
                    file = render::open_png(job.output, job.width, job.height);
                }
                draw_into(*file);
                file->finish();
            }
            trace("written");
            out << name << ": wrote " << job.output << " (" << job.width << "x" << job.height << ")\n";
        } else {
            const int total = static_cast<int>(job.frames.size());
            if (total == 0) throw Error("an animation needs at least one frame");
            std::unique_ptr<render::GifWriter> gif;
            std::unique_ptr<render::VideoWriter> video;
            std::filesystem::path tmp_dir;
            struct DropUnfinished {  // a failed or refused animation leaves no half folder
                std::filesystem::path* dir;
                ~DropUnfinished() {
                    std::error_code ec;
                    if (!dir->empty()) std::filesystem::remove_all(*dir, ec);
                }
            } drop{&tmp_dir};
            if (ext == ".gif") {
                gif = std::make_unique<render::GifWriter>(job.output, job.width, job.height, std::max(1, 100 / std::max(1, job.fps)));
            } else if (ext == ".mp4") {
                video = std::make_unique<render::VideoWriter>(job.output, job.width, job.height, std::max(1, job.fps));
            } else if (frames_dir) {
                // Frames go to a sibling folder first, which replaces the target only when complete.
                tmp_dir = std::filesystem::path(job.output).parent_path() / ("." + std::filesystem::path(job.output).filename().string() + ".part");
                std::error_code ec;
                std::filesystem::remove_all(tmp_dir, ec);
                std::filesystem::create_directories(tmp_dir, ec);
                if (ec) throw Error("cannot make the frames folder: " + ec.message(), tmp_dir.string());
            } else {
                throw Error("an animation is written as .gif, .mp4 or into a folder of numbered PNGs (an output without extension)");
            }
            std::size_t drawn_frames = 0;
            for (int k = 0; k < total; ++k) {
                const auto [a, b] = job.frames[static_cast<std::size_t>(k)];
                app.set_time_window(a, b);
                const int n = k == 0 ? 3 : 2;
                for (int i = 0; i < n; ++i) frame(i == n - 1);
                drawn_frames += anything_shown();
                const render::Image img = grab();
                if (gif) {
                    gif->add(img);
                } else if (video) {
                    video->add(img);
                } else {
                    char file[32];
                    std::snprintf(file, sizeof file, "frame-%05d.png", k + 1);
                    render::write_png(img, (tmp_dir / file).string());
                }
                // A progress bar on stderr: one line, rewritten.
                const int width = 30, done = (k + 1) * width / total;
                err << "\r" << name << ": [" << std::string(static_cast<std::size_t>(done), '#')
                    << std::string(static_cast<std::size_t>(width - done), '.') << "] " << (k + 1) << "/" << total << " frames"
                    << std::flush;
            }
            err << "\n";
            if (drawn_frames == 0) throw Error("nothing to draw: no event, route or zone passes in any frame's window and the extent");
            if (gif) {
                gif->finish();
            } else if (video) {
                video->finish();
            } else {
                std::error_code ec;
                std::filesystem::remove_all(job.output, ec);
                std::filesystem::rename(tmp_dir, job.output, ec);
                if (ec) throw Error("cannot move the frames into place: " + ec.message(), job.output);
                tmp_dir.clear();
            }
            out << name << ": wrote " << job.output << " (" << plural(static_cast<std::size_t>(total), "frame", "frames") << ", " << job.width << "x" << job.height << ", "
                << job.fps << " per second)\n";
        }
    } catch (const Error& e) {
        err << name << ": error: " << e.what() << "\n";
        status = 1;
    }
    app.shutdown();
    if (io.BackendRendererUserData) ImGui_ImplOpenGL3_Shutdown();
    return status;
}

}  // namespace cm::ui
