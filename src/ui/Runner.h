// conflictmap ui: running the viewer — in a window (GLFW) where there is a display, headless
// (EGL, offscreen) where there is none — with a fixed number of frames, a screenshot, and input
// replayed from a script through Dear ImGui's IO (for tests and users' scripts).
#pragma once
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "ui/App.h"
#include "ui/Replay.h"

namespace cm::ui {

struct RunOptions {
    int width = 1280, height = 800;  ///< window or image size in pixels
    int frames = -1;                 ///< frames to run after loading (-1: until the window closes)
    std::string screenshot;          ///< PNG written after the last frame
    std::string replay_file;         ///< input script (see Replay)
    bool headless = false;           ///< render offscreen even if there is a display
};

/// Runs the app; returns the exit status (0 ok, 1 runtime error). Says on `err` when there is
/// no display and it renders headless instead.
int run_viewer(App& app, const RunOptions& options, std::ostream& out, std::ostream& err);

/// True if a window can be opened here ($DISPLAY or $WAYLAND_DISPLAY set).
bool display_available();

/// What `conflictmap render` writes: one picture, or an animation of windows stepping through time.
struct RenderJob {
    int width = 1920, height = 1080;
    std::string output;          ///< .png, .tif/.tiff (georeferenced), .pdf, .svg, .gif, .mp4, or a folder (numbered PNGs)
    bool animate = false;
    /// Animation: each frame's window, first and last day (days since 1970-01-01), in order.
    std::vector<std::pair<std::int32_t, std::int32_t>> frames;
    int fps = 4;
    /// Pictures are drawn in tiles of this many pixels a side (0: whole up to 4 megapixels, beyond
    /// in bands of whole rows, each written to the file as it is drawn).
    int tile = 0;
    double dpi = 96;             ///< .pdf/.svg: the page is width x height pixels at this many per inch
    std::string title;           ///< .pdf: the document's title
    std::string command_name = "conflictmap render";  ///< how messages begin
};

/// Renders the app's briefing headless (EGL) and writes the job's output, whole or not at all.
/// Refuses (exit status 1, nothing written) a picture with no events on it. Progress of an
/// animation goes to err. Returns the exit status.
int render_briefing(App& app, const RenderJob& job, std::ostream& out, std::ostream& err);


}  // namespace cm::ui
