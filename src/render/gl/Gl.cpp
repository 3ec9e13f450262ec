// conflictmap render/gl: loading GL, object deleters, program building.
#include "render/gl/Gl.h"

#include <string>
#include <vector>

#include "core/Error.h"
#include "render/gl/Shaders.h"

namespace cm::render::gl {

void load(GLADloadfunc getter) {
    const int version = gladLoadGL(getter);
    if (version == 0) throw Error("could not load OpenGL functions");
    if (GLAD_VERSION_MAJOR(version) < 3 || (GLAD_VERSION_MAJOR(version) == 3 && GLAD_VERSION_MINOR(version) < 3))
        throw Error("OpenGL 3.3 or newer is needed; this context has " + std::to_string(GLAD_VERSION_MAJOR(version)) +
                    "." + std::to_string(GLAD_VERSION_MINOR(version)));
}

std::string describe_context() {
    auto str = [](GLenum e) {
        const auto* s = reinterpret_cast<const char*>(glGetString(e));
        return std::string(s ? s : "?");
    };
    return "OpenGL " + str(GL_VERSION) + " — " + str(GL_RENDERER);
}

namespace detail {
void delete_buffers(GLsizei n, const GLuint* v) { glDeleteBuffers(n, v); }
void delete_vertex_arrays(GLsizei n, const GLuint* v) { glDeleteVertexArrays(n, v); }
void delete_framebuffers(GLsizei n, const GLuint* v) { glDeleteFramebuffers(n, v); }
void delete_renderbuffers(GLsizei n, const GLuint* v) { glDeleteRenderbuffers(n, v); }
void delete_textures(GLsizei n, const GLuint* v) { glDeleteTextures(n, v); }
void delete_program(GLsizei, const GLuint* v) { glDeleteProgram(*v); }
}  // namespace detail

Buffer make_buffer() {
    GLuint n = 0;
    glGenBuffers(1, &n);
    return Buffer(n);
}

VertexArray make_vertex_array() {
    GLuint n = 0;
    glGenVertexArrays(1, &n);
    return VertexArray(n);
}

void upload(const Buffer& b, const void* data, std::size_t bytes) {
    glBindBuffer(GL_ARRAY_BUFFER, b.get());
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(bytes), data, GL_DYNAMIC_DRAW);
}

namespace {

// The driver's log of a shader or program (the two have twin query functions).
std::string info_log(GLuint object, void (*get_iv)(GLuint, GLenum, GLint*), void (*get_log)(GLuint, GLsizei, GLsizei*, GLchar*)) {
    GLint len = 0;
    get_iv(object, GL_INFO_LOG_LENGTH, &len);
    std::string log(static_cast<std::size_t>(len > 0 ? len : 1), '\0');
    get_log(object, len, nullptr, log.data());
    return log;
}

GLuint compile(GLenum stage, const std::string& name) {
    const char* common = shader_source("common.glsl");
    const char* body = shader_source(name.c_str());
    if (!body) throw Error("no shader named " + name + " in shaders/");
    const std::string header = "#version 330 core\n";
    const char* parts[] = {header.c_str(), common ? common : "", "\n#line 1\n", body};
    const GLuint s = glCreateShader(stage);
    glShaderSource(s, 4, parts, nullptr);
    glCompileShader(s);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        const std::string log = info_log(s, glGetShaderiv, glGetShaderInfoLog);
        glDeleteShader(s);
        throw Error("shader does not compile: " + log, "shaders/" + name);
    }
    return s;
}

}  // namespace

unsigned build_program(const std::string& layer) {
    const GLuint vs = compile(GL_VERTEX_SHADER, layer + ".vert.glsl");
    GLuint fs = 0;
    try {
        fs = compile(GL_FRAGMENT_SHADER, layer + ".frag.glsl");
    } catch (...) {
        glDeleteShader(vs);
        throw;
    }
    const GLuint p = glCreateProgram();
    glAttachShader(p, vs);
    glAttachShader(p, fs);
    glLinkProgram(p);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(p, GL_LINK_STATUS, &ok);
    if (!ok) {
        const std::string log = info_log(p, glGetProgramiv, glGetProgramInfoLog);
        glDeleteProgram(p);
        throw Error("shader program does not link: " + log, "shaders/" + layer);
    }
    return p;
}

}  // namespace cm::render::gl
