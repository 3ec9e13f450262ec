// conflictmap render: line, fill and symbol batches.
#include "render/Primitives.h"

#include <algorithm>
#include <cstddef>

#include "render/gl/Shaders.h"

namespace cm::render {

Programs::Prog Programs::make(const char* layer) {
    Prog p;
    p.program = gl::Program(gl::build_program(layer));
    p.center = glGetUniformLocation(p.program.get(), "u_center");
    p.px_per_unit = glGetUniformLocation(p.program.get(), "u_px_per_unit");
    p.viewport = glGetUniformLocation(p.program.get(), "u_viewport");
    return p;
}

Programs::Programs() : m_lines(make("lines")), m_fill(make("fill")), m_symbols(make("symbols")) {
    m_width_scale = glGetUniformLocation(m_lines.program.get(), "u_width_scale");
    m_alpha = glGetUniformLocation(m_lines.program.get(), "u_alpha");
    m_dash = glGetUniformLocation(m_lines.program.get(), "u_dash");
    m_cover = glGetUniformLocation(m_fill.program.get(), "u_cover");
    m_color = glGetUniformLocation(m_fill.program.get(), "u_color");
    m_type_colors = glGetUniformLocation(m_symbols.program.get(), "u_type_colors");
    m_mark_scale = glGetUniformLocation(m_symbols.program.get(), "u_mark_scale");
}

void Programs::set_view(const Prog& p, const Camera& cam) {
    glUseProgram(p.program.get());
    // The camera keeps doubles; the shaders get the centre as floats, which is exact enough
    // because map units are relative to an origin near the data.
    glUniform2f(p.center, static_cast<float>(cam.cx), static_cast<float>(cam.cy));
    glUniform1f(p.px_per_unit, static_cast<float>(1.0 / cam.units_per_px));
    glUniform2f(p.viewport, static_cast<float>(cam.width), static_cast<float>(cam.height));
}

void Programs::use_lines(const Camera& cam, float width_scale, float alpha, float dash_px) const {
    set_view(m_lines, cam);
    glUniform1f(m_width_scale, width_scale);
    glUniform1f(m_alpha, alpha);
    glUniform1f(m_dash, dash_px);
}

void Programs::use_fill(const Camera& cam, bool cover, Rgba c) const {
    set_view(m_fill, cam);
    glUniform1i(m_cover, cover ? 1 : 0);
    glUniform4f(m_color, c.r / 255.f, c.g / 255.f, c.b / 255.f, c.a / 255.f);
}

void Programs::use_symbols(const Camera& cam, float mark_scale) const {
    set_view(m_symbols, cam);
    glUniform1f(m_mark_scale, mark_scale);
    GLfloat colors[6 * 3];
    for (std::size_t t = 0; t < 6; ++t) {
        colors[t * 3] = style::kTypeColors[t].r / 255.f;
        colors[t * 3 + 1] = style::kTypeColors[t].g / 255.f;
        colors[t * 3 + 2] = style::kTypeColors[t].b / 255.f;
    }
    glUniform3fv(m_type_colors, 6, colors);
}

// ---- lines ----

void LineBatch::add_polyline(const std::vector<Vec2f>& pts, Rgba color, float width) {
    for (std::size_t i = 1; i < pts.size(); ++i) add_segment(pts[i - 1], pts[i], color, width);
}

void LineBatch::add_segment(Vec2f a, Vec2f b, Rgba color, float width) {
    m_segments.push_back({a.x, a.y, b.x, b.y, color, width});
    m_dirty = true;
}

void LineBatch::draw(const Programs& p, const Camera& cam, float width_scale, float alpha, float dash_px) {
    if (m_segments.empty()) return;
    if (!m_vao) {
        m_vao = gl::make_vertex_array();
        m_buffer = gl::make_buffer();
        glBindVertexArray(m_vao.get());
        glBindBuffer(GL_ARRAY_BUFFER, m_buffer.get());
        const GLsizei stride = sizeof(Segment);
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(Segment, x0)));
        glEnableVertexAttribArray(1);
        glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(Segment, x1)));
        glEnableVertexAttribArray(2);
        glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, reinterpret_cast<void*>(offsetof(Segment, color)));
        glEnableVertexAttribArray(3);
        glVertexAttribPointer(3, 1, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(Segment, width)));
        for (GLuint i = 0; i < 4; ++i) glVertexAttribDivisor(i, 1);
    }
    glBindVertexArray(m_vao.get());
    if (m_dirty) {
        gl::upload(m_buffer, m_segments.data(), m_segments.size() * sizeof(Segment));
        m_uploaded = m_segments.size();
        m_dirty = false;
    }
    p.use_lines(cam, width_scale, alpha, dash_px);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(m_uploaded));
}

// ---- fills ----

void FillBatch::add_ring(const std::vector<Vec2f>& ring) {
    if (ring.size() < 3) return;
    for (std::size_t i = 1; i + 1 < ring.size(); ++i) {
        m_vertices.push_back(ring[0]);
        m_vertices.push_back(ring[i]);
        m_vertices.push_back(ring[i + 1]);
    }
    m_dirty = true;
}

void FillBatch::draw(const Programs& p, const Camera& cam, Rgba color) {
    if (m_vertices.empty()) return;
    if (!m_vao) {
        m_vao = gl::make_vertex_array();
        m_buffer = gl::make_buffer();
        glBindVertexArray(m_vao.get());
        glBindBuffer(GL_ARRAY_BUFFER, m_buffer.get());
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(Vec2f), nullptr);
        m_cover_vao = gl::make_vertex_array();
        m_cover = gl::make_buffer();
        glBindVertexArray(m_cover_vao.get());
        const Vec2f quad[4] = {{-1, -1}, {1, -1}, {-1, 1}, {1, 1}};
        gl::upload(m_cover, quad, sizeof quad);
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(Vec2f), nullptr);
    }
    glBindVertexArray(m_vao.get());
    if (m_dirty) {
        gl::upload(m_buffer, m_vertices.data(), m_vertices.size() * sizeof(Vec2f));
        m_uploaded = m_vertices.size();
        m_dirty = false;
    }
    // Pass 1: flip stencil bits under every fan triangle; no colour.
    glEnable(GL_STENCIL_TEST);
    glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
    glStencilMask(0x01);
    glStencilFunc(GL_ALWAYS, 0, 0x01);
    glStencilOp(GL_KEEP, GL_KEEP, GL_INVERT);
    p.use_fill(cam, false, color);
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(m_uploaded));
    // Pass 2: paint where the bit is set and clear it on the way.
    glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    glStencilFunc(GL_NOTEQUAL, 0, 0x01);
    glStencilOp(GL_ZERO, GL_ZERO, GL_ZERO);
    p.use_fill(cam, true, color);
    glBindVertexArray(m_cover_vao.get());
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    glDisable(GL_STENCIL_TEST);
}

// ---- CPU polylines, thinned per view ----

void PolylineSet::add(const std::vector<Vec2f>& pts) {
    if (pts.size() < 2) return;
    std::array<float, 4> box{pts[0].x, pts[0].y, pts[0].x, pts[0].y};
    for (const Vec2f& p : pts) {
        box[0] = std::min(box[0], p.x);
        box[1] = std::min(box[1], p.y);
        box[2] = std::max(box[2], p.x);
        box[3] = std::max(box[3], p.y);
    }
    m_starts.push_back(static_cast<std::uint32_t>(m_points.size()));
    m_boxes.push_back(box);
    m_points.insert(m_points.end(), pts.begin(), pts.end());
}

template <class Emit>
void PolylineSet::visible_thinned(const Camera& cam, bool whole_parts, Emit&& emit) const {
    const double margin = 4 * cam.units_per_px;
    const double vx0 = cam.to_map_x(0) - margin, vx1 = cam.to_map_x(cam.width) + margin;
    const double vy0 = cam.to_map_y(cam.height) - margin, vy1 = cam.to_map_y(0) + margin;
    // Fills lie under their outlines, so they may be thinned harder than lines.
    const float tol = static_cast<float>((whole_parts ? 2.5 : 0.8) * cam.units_per_px);
    const float tol2 = tol * tol;
    std::vector<Vec2f> kept;
    for (std::size_t k = 0; k < m_starts.size(); ++k) {
        const auto& b = m_boxes[k];
        if (b[2] < vx0 || b[0] > vx1 || b[3] < vy0 || b[1] > vy1) continue;
        // Parts smaller than a pixel or two vanish at this zoom.
        if (b[2] - b[0] < tol && b[3] - b[1] < tol) continue;
        const std::size_t begin = m_starts[k];
        const std::size_t end = k + 1 < m_starts.size() ? m_starts[k + 1] : m_points.size();
        kept.clear();
        kept.push_back(m_points[begin]);
        for (std::size_t i = begin + 1; i < end; ++i) {
            const Vec2f p = m_points[i];
            const float dx = p.x - kept.back().x, dy = p.y - kept.back().y;
            if (dx * dx + dy * dy >= tol2 || i + 1 == end) kept.push_back(p);
        }
        emit(kept);
    }
}

void PolylineSet::to_lines(LineBatch& out, const Camera& cam, Rgba color, float width) const {
    out.clear();
    visible_thinned(cam, false, [&](const std::vector<Vec2f>& pts) { out.add_polyline(pts, color, width); });
}

void PolylineSet::to_rings(FillBatch& out, const Camera& cam) const {
    out.clear();
    visible_thinned(cam, true, [&](const std::vector<Vec2f>& pts) { out.add_ring(pts); });
}

// ---- symbols ----

bool wears_ring(const std::array<std::uint32_t, 6>& by_type) {
    return std::count_if(by_type.begin(), by_type.end(), [](std::uint32_t n) { return n > 0; }) > 1;
}

std::array<std::uint8_t, 8> ring_ends(const std::array<std::uint32_t, 6>& by_type) {
    std::array<std::uint8_t, 8> ends{};
    if (!wears_ring(by_type)) return ends;
    std::uint64_t total = 0;
    for (std::uint32_t n : by_type) total += n;
    std::uint64_t sum = 0;
    for (std::size_t t = 0; t < 6; ++t) {
        sum += by_type[t];
        ends[t] = static_cast<std::uint8_t>((sum * 255 + total / 2) / total);
    }
    return ends;
}

void SymbolBatch::draw(const Programs& p, const Camera& cam, float mark_scale) {
    if (m_instances.empty()) return;
    if (!m_vao) {
        m_vao = gl::make_vertex_array();
        m_buffer = gl::make_buffer();
        glBindVertexArray(m_vao.get());
        glBindBuffer(GL_ARRAY_BUFFER, m_buffer.get());
        const GLsizei stride = sizeof(SymbolInstance);
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(SymbolInstance, x)));
        glEnableVertexAttribArray(1);
        glVertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(SymbolInstance, size)));
        glEnableVertexAttribArray(2);
        glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, reinterpret_cast<void*>(offsetof(SymbolInstance, color)));
        glEnableVertexAttribArray(3);
        glVertexAttribPointer(3, 1, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(SymbolInstance, shape)));
        glEnableVertexAttribArray(4);
        glVertexAttribPointer(4, 1, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(SymbolInstance, flags)));
        glEnableVertexAttribArray(5);
        glVertexAttribPointer(5, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, reinterpret_cast<void*>(offsetof(SymbolInstance, ring)));
        glEnableVertexAttribArray(6);
        glVertexAttribPointer(6, 2, GL_UNSIGNED_BYTE, GL_TRUE, stride, reinterpret_cast<void*>(offsetof(SymbolInstance, ring) + 4));
        for (GLuint i = 0; i < 7; ++i) glVertexAttribDivisor(i, 1);
    }
    glBindVertexArray(m_vao.get());
    if (m_dirty) {
        gl::upload(m_buffer, m_instances.data(), m_instances.size() * sizeof(SymbolInstance));
        m_uploaded = m_instances.size();
        m_dirty = false;
    }
    p.use_symbols(cam, mark_scale);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(m_uploaded));
}

}  // namespace cm::render
