// conflictmap ui: what is written over the map (place names, cluster counts and rings, a
// briefing's decorations) goes through a Painter: to Dear ImGui's draw list for the window and
// raster pictures, or recorded as render::PaintOps for a PDF or SVG, where text stays text.
// The calls mirror ImDrawList's, so code reads the same either way.
#pragma once
#include <imgui.h>

#include <vector>

#include "render/Vector.h"

namespace cm::ui {

class Painter {
public:
    /// Draws into dl, or records into `record` when it is not null; `bold` is the font that
    /// records as bold.
    Painter(ImDrawList* dl, std::vector<render::PaintOp>* record, const ImFont* bold) : m_dl(dl), m_rec(record), m_bold(bold) {}

    void AddRectFilled(ImVec2 a, ImVec2 b, ImU32 col, float rounding = 0);
    void AddRect(ImVec2 a, ImVec2 b, ImU32 col, float rounding = 0, ImDrawFlags flags = 0, float thickness = 1);
    void AddLine(ImVec2 a, ImVec2 b, ImU32 col, float thickness = 1);
    void AddPolyline(const ImVec2* pts, int count, ImU32 col, ImDrawFlags flags, float thickness);
    void AddTriangleFilled(ImVec2 a, ImVec2 b, ImVec2 c, ImU32 col);
    void AddCircle(ImVec2 c, float r, ImU32 col, int segments = 0, float thickness = 1);
    void AddCircleFilled(ImVec2 c, float r, ImU32 col, int segments = 0);
    /// Text at pos (top left), wrapped at wrap_width when it is above 0, as ImDrawList::AddText.
    void AddText(const ImFont* font, float size, ImVec2 pos, ImU32 col, const char* text, const char* end = nullptr,
                 float wrap_width = 0);
    /// Text with a one-pixel ring of halo colour around it (names over lines and fills): the text
    /// in `halo_face` (the font's glyphs grown by a pixel) beneath it when given, else eight
    /// offset copies.
    void AddTextHalo(const ImFont* font, ImVec2 pos, ImU32 col, ImU32 halo, const char* text, const ImFont* halo_face = nullptr);
    void PushClipRect(ImVec2 a, ImVec2 b);
    void PopClipRect();

    bool recording() const { return m_rec != nullptr; }

private:
    render::PaintOp& add(render::PaintOp::Kind k, std::initializer_list<ImVec2> pts, ImU32 col);
    void text_line(const ImFont* font, float size, ImVec2 pos, ImU32 col, ImU32 halo, const char* s, const char* e);
    ImDrawList* m_dl;
    std::vector<render::PaintOp>* m_rec;
    const ImFont* m_bold;
};

/// The halo face: after the atlas is built, the halo font's glyphs grown by one pixel each way
/// (each texel the largest coverage of its 3x3 neighbourhood). A name's halo is then one more
/// draw of the text in this face instead of eight offset copies: at 7680x4320 the labels' draw
/// data fell from 925k to 240k vertices (the sample of 10,000 events). The halo font must be
/// rasterised one texel per pixel (OversampleH 1) with TexGlyphPadding of at least 3. A glyph whose one-pixel ring would touch another
/// glyph or one of the atlas's own rectangles stays as it is (that letter loses its halo; none does
/// with the fonts conflictmap uses).
void grow_halo_glyphs(ImFontAtlas* atlas, ImFont* halo);

}  // namespace cm::ui
