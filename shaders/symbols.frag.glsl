// Signed distances (in pixels) for each event shape, with a dark outline and a 1-pixel
// anti-aliased edge. Shapes: 0 circle, 1 square, 2 triangle, 3 diamond, 4 cross, 5 hexagon,
// 6 ring. A cluster with events of several types wears a ring of arcs, one per type, as long
// as its share, clockwise from the top on a white band.
in vec2 v_local;
in float v_radius;
flat in vec4 v_color;
flat in int v_shape;
flat in int v_flags;
flat in vec4 v_ring_ends0;
flat in vec2 v_ring_ends1;
uniform vec3 u_type_colors[6];
uniform float u_mark_scale;
out vec4 o_color;

float sd_box(vec2 p, vec2 b) {
    vec2 d = abs(p) - b;
    return length(max(d, 0.0)) + min(max(d.x, d.y), 0.0);
}

float sd_triangle(vec2 p, float r) {
    // Equilateral, pointing up, circumradius r (y up in pixel space).
    const float k = sqrt(3.0);
    p.y += 0.25 * r;
    p.x = abs(p.x) - 0.75 * r;
    p.y = p.y + 0.75 * r / k;
    if (p.x + k * p.y > 0.0) p = vec2(p.x - k * p.y, -k * p.x - p.y) / 2.0;
    p.x -= clamp(p.x, -1.5 * r, 0.0);
    return -length(p) * sign(p.y);
}

float sd_hexagon(vec2 p, float r) {
    const vec3 k = vec3(-0.866025404, 0.5, 0.577350269);
    p = abs(p);
    p -= 2.0 * min(dot(k.xy, p), 0.0) * k.xy;
    p -= vec2(clamp(p.x, -k.z * r, k.z * r), r);
    return length(p) * sign(p.y);
}

float shape_distance(vec2 p, float r, int shape) {
    if (shape == 1) return sd_box(p, vec2(r * 0.82));
    if (shape == 2) return sd_triangle(p, r * 1.15);
    if (shape == 3) return (abs(p.x) + abs(p.y) - r * 1.1) * 0.7071;
    if (shape == 4) {
        vec2 q = vec2(p.x - p.y, p.x + p.y) * 0.7071;
        return min(sd_box(q, vec2(r, r * 0.32)), sd_box(q, vec2(r * 0.32, r)));
    }
    if (shape == 5) return sd_hexagon(p, r * 0.9);
    if (shape == 6) return abs(length(p) - r * 0.75) - r * 0.25;
    return length(p) - r;
}

void main() {
    vec2 p = v_local;
    bool halo = (v_flags & 4) != 0;
    bool ghost = (v_flags & 2) != 0;
    float d = shape_distance(p, v_radius, halo ? 0 : v_shape);
    float alpha = clamp(0.5 - d, 0.0, 1.0);
    vec3 rgb = v_color.rgb;
    if (!halo) {
        // A dark rim keeps light symbols readable on light land.
        float rim = ghost ? 0.0 : 1.25;
        float inside = clamp(-(d + rim) + 0.5, 0.0, 1.0);
        vec3 outline = ((v_flags & 8) != 0) ? vec3(1.0) : rgb * 0.35;
        rgb = mix(outline, rgb, inside);
    }
    float a = v_color.a * alpha;
    if ((v_flags & 1) != 0) {
        // Selection: a black ring with a white core around the symbol.
        float ring = abs(length(p) - (v_radius + 4.0)) - 1.6;
        float ra = clamp(0.5 - ring, 0.0, 1.0);
        float core = clamp(0.5 - (abs(length(p) - (v_radius + 4.0)) - 0.6), 0.0, 1.0);
        vec3 ring_rgb = mix(vec3(0.05), vec3(1.0), core);
        rgb = mix(rgb, ring_rgb, ra * (1.0 - alpha));
        a = max(a, ra);
    }
    if (v_ring_ends1.y > 0.0) {
        // Layered over the disc: the white band (6 px wide, 3.5 px out from the disc's edge),
        // then the arc of the type whose share holds this angle (3.5 px wide); pixels at 96 dpi.
        float k = u_mark_scale;
        float off = abs(length(p) - (v_radius + 3.5 * k));
        float wa = clamp(0.5 - (off - 3.0 * k), 0.0, 1.0) * 0.9;
        float turn = atan(p.x, p.y) * 0.15915494;  // 0 at the top, clockwise (y is up)
        if (turn < 0.0) turn += 1.0;
        float ends[6] = float[6](v_ring_ends0.x, v_ring_ends0.y, v_ring_ends0.z, v_ring_ends0.w, v_ring_ends1.x, v_ring_ends1.y);
        int t = 5;
        for (int k = 5; k >= 0; --k)
            if (turn < ends[k]) t = k;
        float ca = clamp(0.5 - (off - 1.75 * k), 0.0, 1.0);
        float a1 = wa + a * (1.0 - wa);
        rgb = a1 > 0.0 ? (vec3(1.0) * wa + rgb * a * (1.0 - wa)) / a1 : rgb;
        float a2 = ca + a1 * (1.0 - ca);
        rgb = a2 > 0.0 ? (u_type_colors[t] * ca + rgb * a1 * (1.0 - ca)) / a2 : rgb;
        a = a2;
    }
    if (a <= 0.003) discard;
    o_color = vec4(rgb, a);
}
