// conflictmap render: vector briefings. A PDF or SVG page holds the map's pixels as an image with
// everything written on it — place names, cluster counts, the title block, legend, scale bar,
// north arrow, inset and credits — as vector shapes and text, through cairo (Debian's
// libcairo2): text in a PDF stays text (selectable, searchable, sharp at any zoom); cairo writes
// an SVG's text as glyph outlines, which look the same everywhere whether or not the font is there.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "render/Image.h"

namespace cm::render {

/// One drawing operation over the map, in the picture's pixels (y down). Colours are 0xAABBGGRR,
/// as Dear ImGui packs them.
struct PaintOp {
    enum class Kind : std::uint8_t {
        RectFilled,      ///< pts[0]..pts[1], rounding
        Rect,            ///< outline: pts[0]..pts[1], rounding, thickness
        Line,            ///< pts[0] to pts[1], thickness
        Polyline,        ///< pts, closed, thickness
        Polygon,         ///< filled convex polygon: pts (a triangle, a rectangle)
        Circle,          ///< outline: centre pts[0], radius, thickness
        CircleFilled,    ///< centre pts[0], radius
        Text,            ///< one line: top-left pts[0], font size and ascent in pixels, bold
        PushClip,        ///< pts[0]..pts[1]
        PopClip,
    };
    Kind kind = Kind::Line;
    std::vector<float> pts;  ///< x0, y0, x1, y1, ...
    std::uint32_t color = 0xff000000;
    float radius = 0, thickness = 1;
    bool closed = false;
    // Text: the line, its font's pixel size (ascent + descent, as Dear ImGui sizes fonts) and
    // ascent, bold or regular; halo: a ring of this colour around the letters (0: none).
    std::string text;
    float font_px = 0, ascent = 0;
    bool bold = false;
    std::uint32_t halo = 0;
};

/// True if this build writes PDF and SVG (it was built with cairo).
bool vector_output_available();
/// Why not, in words a user can act on (empty when available).
std::string vector_output_unavailable_reason();

/// Writes a one-page PDF or SVG (by the path's extension) the size of the picture at dpi dots per
/// inch: the map image underneath, the operations on top. Written beside the target and renamed,
/// like every other output; the same inputs give the same bytes. Throws cm::Error naming the path.
void write_vector(const Image& map, const std::vector<PaintOp>& ops, double dpi, const std::string& path,
                  const std::string& title = {});

}  // namespace cm::render
