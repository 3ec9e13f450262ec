// Shared by every map layer: map coordinates (projected metres minus the map's origin) to
// pixels and clip space. Prepended to each stage after the #version line.
uniform vec2 u_center;      // map coordinates at the viewport's centre
uniform float u_px_per_unit; // pixels per map unit (zoom)
uniform vec2 u_viewport;    // viewport size in pixels

vec2 map_to_px(vec2 p) { return (p - u_center) * u_px_per_unit + 0.5 * u_viewport; }
vec2 px_to_clip(vec2 px) { return px / u_viewport * 2.0 - 1.0; }
