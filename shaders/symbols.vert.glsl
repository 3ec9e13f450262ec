// Event symbols, clusters and halos: one instance per symbol, a screen-aligned quad sized in
// pixels around the projected position; the shape itself is drawn in the fragment shader.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in float a_size;   // diameter in pixels
layout(location = 2) in vec4 a_color;
layout(location = 3) in float a_shape;  // see symbols.frag.glsl
layout(location = 4) in float a_flags;  // 1 selected, 2 ghost, 4 halo (no outline), 8 cluster
// A cluster's composition: where each event type's arc of its ring ends, as a share of the turn
// (types 0-3, then 4-5); all zero: no ring.
layout(location = 5) in vec4 a_ring_ends0;
layout(location = 6) in vec2 a_ring_ends1;
uniform float u_mark_scale;  // the rings' width and distance are multiplied by it
out vec2 v_local;
out float v_radius;
flat out vec4 v_color;
flat out int v_shape;
flat out int v_flags;
flat out vec4 v_ring_ends0;
flat out vec2 v_ring_ends1;

void main() {
    vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1)) * 2.0 - 1.0;
    int flags = int(a_flags + 0.5);
    float r = 0.5 * a_size;
    bool ring = a_ring_ends1.y > 0.0;
    float pad = ((flags & 1) != 0) ? 7.0 : ring ? 8.0 * u_mark_scale : 2.0;
    vec2 px = map_to_px(a_pos) + corner * (r + pad);
    gl_Position = vec4(px_to_clip(px), 0.0, 1.0);
    v_local = corner * (r + pad);
    v_radius = r;
    v_color = a_color;
    v_shape = int(a_shape + 0.5);
    v_flags = flags;
    v_ring_ends0 = a_ring_ends0;
    v_ring_ends1 = a_ring_ends1;
}
