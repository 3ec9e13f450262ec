// conflictmap render/gl: offscreen targets and readback.
#include "render/gl/Target.h"

#include <cstring>

#include "core/Error.h"

namespace cm::render::gl {

OffscreenTarget::OffscreenTarget(int width, int height) : m_width(width), m_height(height) {
    if (width <= 0 || height <= 0 || width > 16384 || height > 16384)
        throw Error("image size must be between 1 and 16384 pixels a side");
    GLuint n = 0;
    glGenFramebuffers(1, &n);
    m_fbo = Framebuffer(n);
    glGenRenderbuffers(1, &n);
    m_color = Renderbuffer(n);
    glGenRenderbuffers(1, &n);
    m_depth_stencil = Renderbuffer(n);
    glBindRenderbuffer(GL_RENDERBUFFER, m_color.get());
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
    // Stencil only (the fills need it; nothing tests depth): a quarter of a depth+stencil buffer's
    // memory, 100 MB less at 7680x4320. A driver that cannot pair it with the colour gets both.
    glBindRenderbuffer(GL_RENDERBUFFER, m_depth_stencil.get());
    glRenderbufferStorage(GL_RENDERBUFFER, GL_STENCIL_INDEX8, width, height);
    glBindFramebuffer(GL_FRAMEBUFFER, m_fbo.get());
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, m_color.get());
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_STENCIL_ATTACHMENT, GL_RENDERBUFFER, m_depth_stencil.get());
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_STENCIL_ATTACHMENT, GL_RENDERBUFFER, 0);
        glBindRenderbuffer(GL_RENDERBUFFER, m_depth_stencil.get());
        glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, width, height);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, m_depth_stencil.get());
    }
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
        throw Error("offscreen framebuffer is incomplete");
}

void OffscreenTarget::bind() const { glBindFramebuffer(GL_FRAMEBUFFER, m_fbo.get()); }

bool pack_invert_available() {
    GLint n = 0;
    glGetIntegerv(GL_NUM_EXTENSIONS, &n);
    for (GLint i = 0; i < n; ++i) {
        const auto* e = reinterpret_cast<const char*>(glGetStringi(GL_EXTENSIONS, static_cast<GLuint>(i)));
        if (e && std::strcmp(e, "GL_MESA_pack_invert") == 0) return true;
    }
    return false;
}

Pixels read_pixels(int width, int height, bool driver_turns) {
    Pixels px(static_cast<std::size_t>(width) * height * 4);
    read_pixels_into(width, height, px.data(), driver_turns);
    return px;
}

void read_pixels_into(int width, int height, std::uint8_t* out, bool driver_turns) {
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    // GL's rows run bottom-up; images run top-down. Mesa's drivers can write them top-down as
    // they copy (a 7680x4320 picture: 132 MB less to swap here).
    constexpr GLenum kPackInvertMesa = 0x8758;  // GL_PACK_INVERT_MESA
    if (driver_turns && pack_invert_available()) {
        glPixelStorei(kPackInvertMesa, GL_TRUE);
        glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, out);
        glPixelStorei(kPackInvertMesa, GL_FALSE);
        return;
    }
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, out);
    const std::size_t row = static_cast<std::size_t>(width) * 4;
    std::vector<std::uint8_t> tmp(row);
    for (int y = 0; y < height / 2; ++y) {
        std::uint8_t* a = out + y * row;
        std::uint8_t* b = out + (height - 1 - y) * row;
        std::memcpy(tmp.data(), a, row);
        std::memcpy(a, b, row);
        std::memcpy(b, tmp.data(), row);
    }
}

}  // namespace cm::render::gl
