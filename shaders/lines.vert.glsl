// Thick anti-aliased lines: one instance per segment, expanded to a quad in pixels here
// (core profile has no wide lines). Corners come from gl_VertexID (triangle strip of 4).
layout(location = 0) in vec2 a_p0;
layout(location = 1) in vec2 a_p1;
layout(location = 2) in vec4 a_color;
layout(location = 3) in float a_width;
uniform float u_width_scale;
uniform float u_alpha;
out vec4 v_color;
out float v_across;
out float v_half;
out float v_along;

void main() {
    float along = float(gl_VertexID & 1);
    float side = float(gl_VertexID >> 1) * 2.0 - 1.0;
    vec2 s0 = map_to_px(a_p0);
    vec2 s1 = map_to_px(a_p1);
    vec2 d = s1 - s0;
    float len = length(d);
    vec2 dir = len > 1e-4 ? d / len : vec2(1.0, 0.0);
    vec2 n = vec2(-dir.y, dir.x);
    float hw = 0.5 * a_width * u_width_scale;
    float ext = hw + 1.0;
    vec2 p = mix(s0, s1, along) + dir * (along * 2.0 - 1.0) * hw + n * side * ext;
    gl_Position = vec4(px_to_clip(p), 0.0, 1.0);
    v_across = side * ext;
    v_half = hw;
    v_along = along * len;
    v_color = vec4(a_color.rgb, a_color.a * u_alpha);
}
