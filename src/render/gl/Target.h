// conflictmap render/gl: where a frame goes — an offscreen framebuffer (color + stencil)
// of any size, or the window's default framebuffer — and reading its pixels back.
#pragma once
#include <cstdint>
#include <vector>

#include "render/Image.h"
#include "render/gl/Gl.h"

namespace cm::render::gl {

/// An offscreen framebuffer with RGBA8 color and a stencil buffer (the fills need one).
class OffscreenTarget {
public:
    OffscreenTarget(int width, int height);
    void bind() const;
    int width() const { return m_width; }
    int height() const { return m_height; }
    GLuint name() const { return m_fbo.get(); }

private:
    int m_width, m_height;
    Framebuffer m_fbo;
    Renderbuffer m_color, m_depth_stencil;
};

/// RGBA pixels of the bound read framebuffer, top row first: turned by the driver where it can
/// (GL_MESA_pack_invert, which llvmpipe has), else row by row here (always when driver_turns is
/// false).
Pixels read_pixels(int width, int height, bool driver_turns = true);
/// The same into `out` (width x height x 4 bytes).
void read_pixels_into(int width, int height, std::uint8_t* out, bool driver_turns = true);
/// Whether the current context's glReadPixels can give rows top-down (GL_MESA_pack_invert).
bool pack_invert_available();

}  // namespace cm::render::gl
