// conflictmap ui: parsing input replay scripts (see Replay.h); GLFW's header only for key codes.
#include "ui/Replay.h"

#include <GLFW/glfw3.h>

#include <cctype>
#include <fstream>
#include <sstream>

#include "core/Error.h"

namespace cm::ui {

namespace {

int key_code(const std::string& name) {
    static const std::pair<const char*, int> named[] = {
        {"LEFT", GLFW_KEY_LEFT}, {"RIGHT", GLFW_KEY_RIGHT}, {"UP", GLFW_KEY_UP}, {"DOWN", GLFW_KEY_DOWN},
        {"SPACE", GLFW_KEY_SPACE}, {"HOME", GLFW_KEY_HOME}, {"ESCAPE", GLFW_KEY_ESCAPE}, {"ENTER", GLFW_KEY_ENTER},
        {"TAB", GLFW_KEY_TAB}, {"MINUS", GLFW_KEY_MINUS}, {"EQUAL", GLFW_KEY_EQUAL}, {"BACKSPACE", GLFW_KEY_BACKSPACE},
        {"F1", GLFW_KEY_F1}, {"SLASH", GLFW_KEY_SLASH}, {"DELETE", GLFW_KEY_DELETE}, {"END", GLFW_KEY_END}};
    for (const auto& [n, k] : named)
        if (name == n) return k;
    if (name.size() == 1 && std::isalnum(static_cast<unsigned char>(name[0])))
        return std::toupper(static_cast<unsigned char>(name[0]));  // GLFW letter and digit codes are ASCII
    return -1;
}

}  // namespace

namespace replay {

KeyChord key_chord(std::string name) {
    KeyChord c;
    for (;;) {
        const auto plus = name.find('+');
        if (plus == std::string::npos || plus + 1 == name.size()) break;
        std::string mod = name.substr(0, plus);
        for (char& ch : mod) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (mod == "ctrl") c.ctrl = true;
        else if (mod == "shift") c.shift = true;
        else if (mod == "alt") c.alt = true;
        else return c;  // key stays -1: unknown modifier
        name.erase(0, plus + 1);
    }
    c.key = key_code(name);
    return c;
}

float num(const std::string& s, const std::string& file, int line) {
    try {
        std::size_t used = 0;
        const float v = std::stof(s, &used);
        if (used == s.size()) return v;
    } catch (const std::exception&) {
    }
    throw Error("'" + s + "' is not a number", file, line);
}

}  // namespace replay

using replay::key_chord;
using replay::num;

Replay Replay::parse(const std::string& text, const std::string& file) {
    Replay r;
    r.m_file = file;
    std::istringstream in(text);
    std::string line;
    int n = 0;
    static const std::pair<const char*, std::size_t> arity[] = {
        {"frames", 1}, {"move", 2}, {"click", 2}, {"double-click", 2}, {"right-click", 2}, {"drag", 4}, {"right-drag", 4},
        {"wheel", 3}, {"key", 1}, {"click-event", 1}, {"screenshot", 1}, {"type", 1}};
    while (std::getline(in, line)) {
        ++n;
        if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        std::istringstream words(line);
        Step s;
        s.line = n;
        if (!(words >> s.op)) continue;
        if (s.op == "type") {
            // The rest of the line, as typed (inner spaces kept).
            std::string rest;
            std::getline(words, rest);
            const auto b = rest.find_first_not_of(' ');
            if (b == std::string::npos) throw Error("'type' takes the text to type", file, n);
            s.args.push_back(rest.substr(b));
            r.m_steps.push_back(std::move(s));
            continue;
        }
        for (std::string w; words >> w;) s.args.push_back(w);
        bool known = false;
        for (const auto& [op, count] : arity) {
            if (s.op != op) continue;
            known = true;
            const std::size_t allowed_extra = s.op == "key" ? 1 : 0;
            if (s.args.size() < count || s.args.size() > count + allowed_extra)
                throw Error("'" + s.op + "' takes " + std::to_string(count) + " argument(s)", file, n);
        }
        if (!known) throw Error("unknown replay step '" + s.op + "'", file, n);
        if (s.op == "key" && key_chord(s.args[0]).key < 0) throw Error("unknown key '" + s.args[0] + "'", file, n);
        if (s.op != "key" && s.op != "click-event" && s.op != "screenshot")
            for (const auto& a : s.args) {
                // Pixels and frame counts: finite, and small enough to become ints (NaN or 1e30
                // frames would not be a number of frames).
                const float v = num(a, file, n);
                if (!(v >= -kMaxReplayNumber && v <= kMaxReplayNumber))
                    throw Error("'" + a + "' is out of range (-" + std::to_string(static_cast<int>(kMaxReplayNumber)) + " to " +
                                    std::to_string(static_cast<int>(kMaxReplayNumber)) + ")",
                                file, n);
                if (s.op == "frames" && (v < 0 || v != static_cast<float>(static_cast<int>(v))))
                    throw Error("'frames' takes a whole number of frames, not '" + a + "'", file, n);
            }
        r.m_steps.push_back(std::move(s));
    }
    return r;
}

Replay Replay::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot read the replay script", path);
    std::stringstream ss;
    ss << in.rdbuf();
    return parse(ss.str(), path);
}

}  // namespace cm::ui
