// conflictmap ui: running the viewer — in a window (GLFW) where there is a display, headless
// (EGL, offscreen) where there is none — with a fixed number of frames, a screenshot, and input
// replayed from a script through Dear ImGui's IO (for tests and users' scripts).
#pragma once
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "ui/App.h"

namespace cm::ui {

struct RunOptions {
    int width = 1280, height = 800;  ///< window or image size in pixels
    int frames = -1;                 ///< frames to run after loading (-1: until the window closes)
    std::string screenshot;          ///< PNG written after the last frame
    std::string replay_file;         ///< input script (see Replay)
    bool headless = false;           ///< render offscreen even if there is a display
};

/// Input replayed frame by frame. One step per line; '#' starts a comment:
///   frames N                 let N frames pass
///   move X Y                 pointer to (X, Y) pixels
///   click X Y | double-click X Y | right-click X Y
///   drag X0 Y0 X1 Y1         press, move in steps, release (right-drag: the same with the right button)
///   wheel X Y DELTA          mouse wheel at (X, Y)
///   key NAME [shift]         LEFT RIGHT UP DOWN SPACE HOME ESCAPE ENTER TAB, a letter or digit,
///                            with modifiers as ctrl+F, shift+LEFT, ctrl+shift+X
///   type TEXT                type the rest of the line into the focused text field
///   click-event ID           click where the event with this id is drawn
///   screenshot FILE          write the frame as PNG
class Replay {
public:
    /// Parses a script; throws cm::Error naming the file and line of a bad step.
    static Replay parse(const std::string& text, const std::string& file = "<replay>");
    static Replay load(const std::string& path);
    /// Applies this frame's input to ImGui's IO (before ImGui::NewFrame). Returns a screenshot
    /// path to write after this frame, or "".
    std::string apply(App& app);
    bool done() const { return m_step >= m_steps.size() && m_phase == 0; }

private:
    struct Step {
        std::string op;
        std::vector<std::string> args;
        int line = 0;
    };
    std::vector<Step> m_steps;
    std::string m_file;
    std::size_t m_step = 0;
    int m_phase = 0;
    int m_release_key = -1;
    bool m_have_mouse = false;  // the pointer stays where the script put it (hover lasts, also under a window)
    float m_mouse_x = 0, m_mouse_y = 0;
};

/// Runs the app; returns the exit status (0 ok, 1 runtime error). Says on `err` when there is
/// no display and it renders headless instead.
int run_viewer(App& app, const RunOptions& options, std::ostream& out, std::ostream& err);

/// True if a window can be opened here ($DISPLAY or $WAYLAND_DISPLAY set).
bool display_available();

/// What `conflictmap render` writes: one picture, or an animation of windows stepping through time.
struct RenderJob {
    int width = 1920, height = 1080;
    std::string output;          ///< .png, .tif/.tiff (georeferenced), .gif, or a folder (numbered PNGs)
    bool animate = false;
    std::int32_t from_day = 0, to_day = 0;  ///< animation: the first and last day covered
    int step_days = 1, window_days = 1;     ///< animation: each frame's window starts step_days later
    int fps = 4;
    std::string command_name = "conflictmap render";  ///< how messages begin
};

/// Renders the app's briefing headless (EGL) and writes the job's output, whole or not at all.
/// Refuses (exit status 1, nothing written) a picture with no events on it. Progress of an
/// animation goes to err. Returns the exit status.
int render_briefing(App& app, const RenderJob& job, std::ostream& out, std::ostream& err);


}  // namespace cm::ui
