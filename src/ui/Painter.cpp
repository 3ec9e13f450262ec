// conflictmap ui: drawing over the map, to Dear ImGui or recorded for vector output (Painter.h).
#include "ui/Painter.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace cm::ui {

using render::PaintOp;

PaintOp& Painter::add(PaintOp::Kind k, std::initializer_list<ImVec2> pts, ImU32 col) {
    PaintOp& op = m_rec->emplace_back();
    op.kind = k;
    op.color = col;
    op.pts.reserve(pts.size() * 2);
    for (const ImVec2& p : pts) {
        op.pts.push_back(p.x);
        op.pts.push_back(p.y);
    }
    return op;
}

void Painter::AddRectFilled(ImVec2 a, ImVec2 b, ImU32 col, float rounding) {
    if (!m_rec) return m_dl->AddRectFilled(a, b, col, rounding);
    add(PaintOp::Kind::RectFilled, {a, b}, col).radius = rounding;
}

void Painter::AddRect(ImVec2 a, ImVec2 b, ImU32 col, float rounding, ImDrawFlags flags, float thickness) {
    if (!m_rec) return m_dl->AddRect(a, b, col, rounding, flags, thickness);
    PaintOp& op = add(PaintOp::Kind::Rect, {a, b}, col);
    op.radius = rounding;
    op.thickness = thickness;
}

void Painter::AddLine(ImVec2 a, ImVec2 b, ImU32 col, float thickness) {
    if (!m_rec) return m_dl->AddLine(a, b, col, thickness);
    add(PaintOp::Kind::Line, {a, b}, col).thickness = thickness;
}

void Painter::AddPolyline(const ImVec2* pts, int count, ImU32 col, ImDrawFlags flags, float thickness) {
    if (!m_rec) return m_dl->AddPolyline(pts, count, col, flags, thickness);
    if (count < 2) return;
    PaintOp& op = add(PaintOp::Kind::Polyline, {}, col);
    for (int i = 0; i < count; ++i) {
        op.pts.push_back(pts[i].x);
        op.pts.push_back(pts[i].y);
    }
    op.closed = (flags & ImDrawFlags_Closed) != 0;
    op.thickness = thickness;
}

void Painter::AddTriangleFilled(ImVec2 a, ImVec2 b, ImVec2 c, ImU32 col) {
    if (!m_rec) return m_dl->AddTriangleFilled(a, b, c, col);
    add(PaintOp::Kind::Polygon, {a, b, c}, col);
}

void Painter::AddCircle(ImVec2 c, float r, ImU32 col, int segments, float thickness) {
    if (!m_rec) return m_dl->AddCircle(c, r, col, segments, thickness);
    PaintOp& op = add(PaintOp::Kind::Circle, {c}, col);
    op.radius = r;
    op.thickness = thickness;
}

void Painter::AddCircleFilled(ImVec2 c, float r, ImU32 col, int segments) {
    if (!m_rec) return m_dl->AddCircleFilled(c, r, col, segments);
    add(PaintOp::Kind::CircleFilled, {c}, col).radius = r;
}

void Painter::PushClipRect(ImVec2 a, ImVec2 b) {
    if (!m_rec) return m_dl->PushClipRect(a, b, true);
    add(PaintOp::Kind::PushClip, {a, b}, 0);
}

void Painter::PopClipRect() {
    if (!m_rec) return m_dl->PopClipRect();
    add(PaintOp::Kind::PopClip, {}, 0);
}

void Painter::text_line(const ImFont* font, float size, ImVec2 pos, ImU32 col, ImU32 halo, const char* s, const char* e) {
    if (s == e) return;
    PaintOp& op = add(PaintOp::Kind::Text, {pos}, col);
    op.text.assign(s, e);
    op.font_px = size;
    op.ascent = font->FontSize > 0 ? font->Ascent * size / font->FontSize : size * 0.8f;
    op.bold = font == m_bold;
    op.halo = halo;
}

void Painter::AddText(const ImFont* font, float size, ImVec2 pos, ImU32 col, const char* text, const char* end, float wrap_width) {
    if (!end) end = text + std::strlen(text);
    if (!m_rec) return m_dl->AddText(font, size, pos, col, text, end, wrap_width);
    // Lines as Dear ImGui breaks them: at the wrap width on word boundaries and at newlines, one
    // font size apart, blanks at a break dropped.
    const float scale = font->FontSize > 0 ? size / font->FontSize : 1.0f;
    const char* s = text;
    while (s < end) {
        const char* eol = wrap_width > 0 ? font->CalcWordWrapPositionA(scale, s, end, wrap_width) : end;
        if (eol <= s) eol = s + 1;
        if (const void* nl = std::memchr(s, '\n', static_cast<std::size_t>(eol - s))) eol = static_cast<const char*>(nl);
        text_line(font, size, pos, col, 0, s, eol);
        pos.y += size;
        s = eol;
        while (s < end && (*s == ' ' || *s == '\t')) ++s;
        if (s < end && *s == '\n') ++s;
    }
}

void Painter::AddTextHalo(const ImFont* font, ImVec2 pos, ImU32 col, ImU32 halo, const char* text, const ImFont* halo_face) {
    if (m_rec) return text_line(font, font->FontSize, pos, col, halo, text, text + std::strlen(text));
    if (halo_face) {
        // One layer of the halo colour where eight overlapping ones were: as opaque as three of
        // them (a texel at a letter's edge lay under about three of the eight copies).
        const unsigned a = (halo >> IM_COL32_A_SHIFT) & 0xff, clear = 255 - a;
        const unsigned a3 = 255 - clear * clear * clear / (255 * 255);
        const ImU32 halo3 = (halo & ~IM_COL32_A_MASK) | (static_cast<ImU32>(a3) << IM_COL32_A_SHIFT);
        m_dl->AddText(halo_face, halo_face->FontSize, pos, halo3, text);
        m_dl->AddText(font, font->FontSize, pos, col, text);
        return;
    }
    for (int dx = -1; dx <= 1; ++dx)
        for (int dy = -1; dy <= 1; ++dy)
            if (dx || dy) m_dl->AddText(font, font->FontSize, ImVec2(pos.x + dx, pos.y + dy), halo, text);
    m_dl->AddText(font, font->FontSize, pos, col, text);
}

void grow_halo_glyphs(ImFontAtlas* atlas, ImFont* halo) {
    const int w = atlas->TexWidth, h = atlas->TexHeight;
    unsigned char* px = atlas->TexPixelsAlpha8;
    if (!px || !halo || w <= 0 || h <= 0) return;
    const auto at = [w](int x, int y) { return static_cast<std::size_t>(y) * w + x; };
    auto box = [w, h](const ImFontGlyph& g, int& x0, int& y0, int& x1, int& y1) {
        x0 = static_cast<int>(std::lround(g.U0 * w)), y0 = static_cast<int>(std::lround(g.V0 * h));
        x1 = static_cast<int>(std::lround(g.U1 * w)), y1 = static_cast<int>(std::lround(g.V1 * h));
    };
    // Which texels belong to something: every font's glyphs and the atlas's custom rectangles.
    std::vector<unsigned char> taken(static_cast<std::size_t>(w) * h, 0);
    auto take = [&](int x0, int y0, int x1, int y1) {
        for (int y = std::max(0, y0); y < std::min(h, y1); ++y)
            for (int x = std::max(0, x0); x < std::min(w, x1); ++x) taken[at(x, y)] = 1;
    };
    for (const ImFont* f : atlas->Fonts)
        for (const ImFontGlyph& g : f->Glyphs)
            if (g.Visible) {
                int x0, y0, x1, y1;
                box(g, x0, y0, x1, y1);
                take(x0, y0, x1, y1);
            }
    for (const ImFontAtlasCustomRect& r : atlas->CustomRects)
        if (r.IsPacked()) take(r.X, r.Y, r.X + r.Width, r.Y + r.Height);
    const std::vector<unsigned char> src(px, px + static_cast<std::size_t>(w) * h);
    for (ImFontGlyph& g : halo->Glyphs) {
        if (!g.Visible) continue;
        int x0, y0, x1, y1;
        box(g, x0, y0, x1, y1);
        bool free = x0 >= 1 && y0 >= 1 && x1 + 1 <= w && y1 + 1 <= h;
        for (int y = y0 - 1; free && y <= y1; ++y)
            for (int x = x0 - 1; free && x <= x1; ++x)
                if ((y < y0 || y >= y1 || x < x0 || x >= x1) && taken[at(x, y)]) free = false;
        if (!free) continue;
        for (int y = y0 - 1; y <= y1; ++y)
            for (int x = x0 - 1; x <= x1; ++x) {
                unsigned char m = 0;
                for (int yy = std::max(y0, y - 1); yy <= std::min(y1 - 1, y + 1); ++yy)
                    for (int xx = std::max(x0, x - 1); xx <= std::min(x1 - 1, x + 1); ++xx) m = std::max(m, src[at(xx, yy)]);
                px[at(x, y)] = m;
            }
        take(x0 - 1, y0 - 1, x1 + 1, y1 + 1);
        g.X0 -= 1, g.Y0 -= 1, g.X1 += 1, g.Y1 += 1;
        g.U0 = static_cast<float>(x0 - 1) / w, g.V0 = static_cast<float>(y0 - 1) / h;
        g.U1 = static_cast<float>(x1 + 1) / w, g.V1 = static_cast<float>(y1 + 1) / h;
    }
}


}  // namespace cm::ui
