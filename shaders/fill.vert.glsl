// Polygon fills by the stencil method: fan triangles flip stencil bits (no triangulation
// needed, holes and multipolygons come out right by the even-odd rule), then a cover quad
// paints where bits are set. u_cover = 1 means a_pos is already in clip space.
layout(location = 0) in vec2 a_pos;
uniform int u_cover;

void main() {
    gl_Position = vec4(u_cover == 1 ? a_pos : px_to_clip(map_to_px(a_pos)), 0.0, 1.0);
}
