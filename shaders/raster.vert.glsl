// A georeferenced image (user raster layer) as one textured quad: corners in map units.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_uv;
out vec2 v_uv;

void main() {
    v_uv = a_uv;
    gl_Position = vec4(px_to_clip(map_to_px(a_pos)), 0.0, 1.0);
}
