# Writes OUT (a .cpp) holding every shaders/*.glsl file as a string, so the installed program
# needs no shader files beside it. Run by the build whenever a shader changes.
file(GLOB shader_files "${SHADER_DIR}/*.glsl")
list(SORT shader_files)
set(body "// Generated from shaders/*.glsl by cmake/embed_shaders.cmake; do not edit.\n#include \"render/gl/Shaders.h\"\n#include <cstring>\nnamespace cm::render::gl {\nnamespace {\nstruct Entry { const char* name; const char* text; };\nconst Entry kShaders[] = {\n")
foreach(f IN LISTS shader_files)
  get_filename_component(name "${f}" NAME)
  file(READ "${f}" text)
  string(APPEND body "  {\"${name}\", R\"glsl(${text})glsl\"},\n")
endforeach()
string(APPEND body "};\n}  // namespace\nconst char* shader_source(const char* name) {\n  for (const Entry& e : kShaders) if (std::strcmp(e.name, name) == 0) return e.text;\n  return nullptr;\n}\n}  // namespace cm::render::gl\n")
file(WRITE "${OUT}.tmp" "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
