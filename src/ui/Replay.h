// conflictmap ui: input replay scripts — parsed here (no window, no GL: the parser is fuzzed on
// its own), applied frame by frame to Dear ImGui's IO by the runner.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace cm::ui {

/// The largest number a replay step takes (pixels, frames, wheel steps).
inline constexpr float kMaxReplayNumber = 1000000.0f;

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
class App;

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

namespace replay {
/// "ctrl+shift+F" -> the GLFW key code of "F" and its modifiers; key -1 for an unknown name.
struct KeyChord {
    int key = -1;
    bool ctrl = false, shift = false, alt = false;
};
KeyChord key_chord(std::string name);
/// A whole number or decimal argument of a step; throws cm::Error naming the file and line.
float num(const std::string& s, const std::string& file, int line);
}  // namespace replay

}  // namespace cm::ui
