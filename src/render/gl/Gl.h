// conflictmap render/gl: the one place raw OpenGL comes in (glad's loader), and small RAII
// owners for GL objects. Everything under render/ draws through these; ui/ never touches GL.
#pragma once
#include <glad/gl.h>

#include <string>
#include <utility>

namespace cm::render::gl {

/// Loads GL entry points with the given getter (glfwGetProcAddress, eglGetProcAddress).
/// Throws cm::Error if the context is older than OpenGL 3.3.
void load(GLADloadfunc getter);
/// "OpenGL 4.5 (Core Profile) Mesa 22.3.6 — llvmpipe (LLVM 15.0.6, 256 bits)".
std::string describe_context();

/// Owns one GL object name; deleter is a plain function taking (count, names).
template <void (*Delete)(GLsizei, const GLuint*)>
class Name {
public:
    Name() = default;
    explicit Name(GLuint n) : m_name(n) {}
    Name(const Name&) = delete;
    Name& operator=(const Name&) = delete;
    Name(Name&& o) noexcept : m_name(std::exchange(o.m_name, 0)) {}
    Name& operator=(Name&& o) noexcept {
        if (this != &o) { reset(); m_name = std::exchange(o.m_name, 0); }
        return *this;
    }
    ~Name() { reset(); }
    void reset() {
        if (m_name) Delete(1, &m_name);
        m_name = 0;
    }
    GLuint get() const { return m_name; }
    explicit operator bool() const { return m_name != 0; }

private:
    GLuint m_name = 0;
};

namespace detail {
void delete_buffers(GLsizei n, const GLuint* v);
void delete_vertex_arrays(GLsizei n, const GLuint* v);
void delete_framebuffers(GLsizei n, const GLuint* v);
void delete_renderbuffers(GLsizei n, const GLuint* v);
void delete_textures(GLsizei n, const GLuint* v);
void delete_program(GLsizei n, const GLuint* v);
}  // namespace detail

using Buffer = Name<detail::delete_buffers>;
using VertexArray = Name<detail::delete_vertex_arrays>;
using Framebuffer = Name<detail::delete_framebuffers>;
using Renderbuffer = Name<detail::delete_renderbuffers>;
using Texture = Name<detail::delete_textures>;
using Program = Name<detail::delete_program>;

Buffer make_buffer();
VertexArray make_vertex_array();

/// Uploads bytes to an array buffer (GL_DYNAMIC_DRAW), growing it when needed.
void upload(const Buffer& b, const void* data, std::size_t bytes);

}  // namespace cm::render::gl
