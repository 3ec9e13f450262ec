// conflictmap render/gl: the GLSL sources of shaders/, embedded at build time
// (cmake/embed_shaders.cmake), and compiled program objects.
#pragma once
#include <string>

namespace cm::render::gl {

/// The text of shaders/<name> ("events.vert.glsl"); nullptr if there is no such file.
const char* shader_source(const char* name);

/// Compiles and links "<layer>.vert.glsl" + "<layer>.frag.glsl" (each prefixed with common.glsl).
/// Throws cm::Error with the driver's log on failure. Returns the program name.
unsigned build_program(const std::string& layer);

}  // namespace cm::render::gl
