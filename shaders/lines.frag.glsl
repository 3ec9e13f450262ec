// Coverage from the distance to the segment's centre line; optional dashes along it.
in vec4 v_color;
in float v_across;
in float v_half;
in float v_along;
uniform float u_dash;  // dash length in pixels; 0 = solid
out vec4 o_color;

void main() {
    if (u_dash > 0.0 && mod(v_along, 2.0 * u_dash) > u_dash) discard;
    float cover = clamp(v_half + 0.5 - abs(v_across), 0.0, 1.0);
    if (cover <= 0.0) discard;
    o_color = vec4(v_color.rgb, v_color.a * cover);
}
