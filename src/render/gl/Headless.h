// conflictmap render/gl: an OpenGL 3.3 core context with no window and no display (EGL on Mesa's
// surfaceless platform), for machines without a screen, for tests and for `render`-style output.
// The map draws into an offscreen framebuffer there exactly as it draws into a window.
#pragma once
#include <memory>
#include <string>

namespace cm::render::gl {

class HeadlessContext {
public:
    /// Creates and makes current a surfaceless GL context; throws cm::Error saying what is
    /// missing (EGL, the surfaceless platform, OpenGL 3.3) if it cannot.
    HeadlessContext();
    ~HeadlessContext();
    HeadlessContext(const HeadlessContext&) = delete;
    HeadlessContext& operator=(const HeadlessContext&) = delete;

private:
    void* m_display = nullptr;
    void* m_context = nullptr;
};

}  // namespace cm::render::gl
