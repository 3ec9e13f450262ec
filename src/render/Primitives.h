// conflictmap render: the three kinds of GPU batch every map layer is made of — thick lines,
// stencil-filled polygons and instanced symbols — each filled on the CPU, uploaded once and
// drawn with one call. Coordinates are map units (projected metres minus the map origin).
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "render/FrameContext.h"
#include "render/Style.h"
#include "render/gl/Gl.h"

namespace cm::render {

/// The compiled programs and their uniform locations; one per renderer, shared by its layers.
class Programs {
public:
    Programs();
    /// Binds the program and sets the view uniforms from the camera.
    void use_lines(const Camera& cam, float width_scale, float alpha, float dash_px) const;
    void use_fill(const Camera& cam, bool cover, Rgba color) const;
    /// mark_scale: what a cluster's ring (its width and distance from the disc) is multiplied by.
    void use_symbols(const Camera& cam, float mark_scale = 1) const;

private:
    struct Prog {
        gl::Program program;
        GLint center = -1, px_per_unit = -1, viewport = -1;
    };
    static Prog make(const char* layer);
    static void set_view(const Prog& p, const Camera& cam);
    Prog m_lines, m_fill, m_symbols;
    GLint m_width_scale = -1, m_alpha = -1, m_dash = -1, m_cover = -1, m_color = -1, m_type_colors = -1, m_mark_scale = -1;
};

struct Vec2f {
    float x, y;
};

/// Line segments as instances (lines.vert.glsl).
class LineBatch {
public:
    void clear() { m_segments.clear(); m_dirty = true; }
    /// Adds a polyline; width in pixels (before the batch's width scale).
    void add_polyline(const std::vector<Vec2f>& pts, Rgba color, float width);
    void add_segment(Vec2f a, Vec2f b, Rgba color, float width);
    std::size_t segments() const { return m_segments.size(); }
    void draw(const Programs& p, const Camera& cam, float width_scale = 1, float alpha = 1, float dash_px = 0);

private:
    struct Segment {
        float x0, y0, x1, y1;
        Rgba color;
        float width;
    };
    std::vector<Segment> m_segments;
    gl::Buffer m_buffer;
    gl::VertexArray m_vao;
    std::size_t m_uploaded = 0;
    bool m_dirty = true;
};

/// Polygons filled by the stencil (even-odd) method (fill.vert.glsl).
class FillBatch {
public:
    void clear() { m_vertices.clear(); m_dirty = true; }
    /// Adds one ring (outer or hole; the even-odd rule sorts them out).
    void add_ring(const std::vector<Vec2f>& ring);
    std::size_t triangles() const { return m_vertices.size() / 3; }
    /// Fills with color; needs a stencil buffer, and leaves it cleared.
    void draw(const Programs& p, const Camera& cam, Rgba color);

private:
    std::vector<Vec2f> m_vertices;
    gl::Buffer m_buffer, m_cover;
    gl::VertexArray m_vao, m_cover_vao;
    std::size_t m_uploaded = 0;
    bool m_dirty = true;
};

/// Polylines (or rings) kept on the CPU in map units, from which a batch is rebuilt whenever the
/// camera changes: parts outside the view are skipped and vertices closer than a pixel to the
/// last one kept are dropped, so the GPU gets what the screen can show (a world of 1:10m borders
/// is ~200,000 segments; Syria on screen needs a few thousand).
class PolylineSet {
public:
    void add(const std::vector<Vec2f>& pts);
    std::size_t parts() const { return m_starts.size(); }
    std::size_t vertices() const { return m_points.size(); }
    /// Rebuilds `out` with the visible, thinned polylines.
    void to_lines(LineBatch& out, const Camera& cam, Rgba color, float width) const;
    /// Rebuilds `out` with the visible, thinned rings (whole rings: a fill needs them closed).
    void to_rings(FillBatch& out, const Camera& cam) const;

private:
    template <class Emit>
    void visible_thinned(const Camera& cam, bool whole_parts, Emit&& emit) const;
    std::vector<Vec2f> m_points;
    std::vector<std::uint32_t> m_starts;      // first point of each part
    std::vector<std::array<float, 4>> m_boxes;  // x0, y0, x1, y1 of each part
};

/// Symbol flags as symbols.vert.glsl reads them.
enum SymbolFlag : std::uint8_t { kSelected = 1, kGhost = 2, kHalo = 4, kCluster = 8 };

struct SymbolInstance {
    float x, y;
    float size;
    Rgba color;
    float shape;
    float flags;
    /// A cluster's ring: where each event type's arc ends, in 255ths of the turn from the top
    /// (types 0-5; the last two bytes unused). All zero: no ring. See ring_ends().
    std::array<std::uint8_t, 8> ring{};
};

/// Whether a cluster holding these counts by type wears a ring: it holds more than one type.
bool wears_ring(const std::array<std::uint32_t, 6>& by_type);
/// How far a ring reaches beyond its cluster's disc, in pixels at 96 dpi (symbols.frag.glsl: a
/// band 6 px wide centred 3.5 px out).
inline constexpr float kRingReachPx = 6.5f;
/// The ring's arc ends for a cluster holding these counts by type; none (all zero) when it does
/// not wear one.
std::array<std::uint8_t, 8> ring_ends(const std::array<std::uint32_t, 6>& by_type);

/// Instanced symbols (symbols.vert.glsl); re-filled each time the prepared frame changes.
class SymbolBatch {
public:
    std::vector<SymbolInstance>& instances() { m_dirty = true; return m_instances; }
    const std::vector<SymbolInstance>& instances() const { return m_instances; }
    void draw(const Programs& p, const Camera& cam, float mark_scale = 1);

private:
    std::vector<SymbolInstance> m_instances;
    gl::Buffer m_buffer;
    gl::VertexArray m_vao;
    std::size_t m_uploaded = 0;
    bool m_dirty = true;
};

}  // namespace cm::render
