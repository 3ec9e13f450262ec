// conflictmap render: PDF and SVG briefings through cairo (see Vector.h).
#include "render/Vector.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>

#include "core/Error.h"

#ifdef CONFLICTMAP_HAVE_CAIRO
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#endif

namespace cm::render {

#ifdef CONFLICTMAP_HAVE_CAIRO

namespace {

void set_color(cairo_t* cr, std::uint32_t c) {
    cairo_set_source_rgba(cr, (c & 0xff) / 255.0, ((c >> 8) & 0xff) / 255.0, ((c >> 16) & 0xff) / 255.0, ((c >> 24) & 0xff) / 255.0);
}

void rounded_rect(cairo_t* cr, double x0, double y0, double x1, double y1, double r) {
    if (x1 < x0) std::swap(x0, x1);
    if (y1 < y0) std::swap(y0, y1);
    r = std::min({r, (x1 - x0) / 2, (y1 - y0) / 2});
    if (r <= 0.01) {
        cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0);
        return;
    }
    cairo_new_sub_path(cr);
    cairo_arc(cr, x1 - r, y0 + r, r, -M_PI / 2, 0);
    cairo_arc(cr, x1 - r, y1 - r, r, 0, M_PI / 2);
    cairo_arc(cr, x0 + r, y1 - r, r, M_PI / 2, M_PI);
    cairo_arc(cr, x0 + r, y0 + r, r, M_PI, 3 * M_PI / 2);
    cairo_close_path(cr);
}

/// The viewer's fonts (DejaVu Sans and its bold, the files Dear ImGui draws with), opened once
/// through FreeType and kept for the life of the process; null where a file is missing (then
/// cairo's own "sans-serif" is used).
struct Fonts {
    FT_Library lib = nullptr;
    cairo_font_face_t* regular = nullptr;
    cairo_font_face_t* bold = nullptr;
};

const Fonts& fonts() {
    static const Fonts f = [] {
        Fonts out;
        if (FT_Init_FreeType(&out.lib) != 0) return out;
        auto open = [&](const char* file) -> cairo_font_face_t* {
            FT_Face face = nullptr;
            if (FT_New_Face(out.lib, file, 0, &face) != 0) return nullptr;
            return cairo_ft_font_face_create_for_ft_face(face, 0);
        };
        out.regular = open("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
        out.bold = open("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
        if (!out.bold) out.bold = out.regular;
        return out;
    }();
    return f;
}

/// cairo's font size (the em) for a Dear ImGui pixel size (ascent + descent).
double em_for(cairo_t* cr, float font_px) {
    cairo_set_font_size(cr, 1000);
    cairo_font_extents_t fe;
    cairo_font_extents(cr, &fe);
    const double span = fe.ascent + fe.descent;
    return span > 0 ? font_px * 1000.0 / span : font_px;
}

/// Fills the current path in the operation's colour, or strokes it at its thickness.
void fill_or_stroke(cairo_t* cr, const PaintOp& op, bool fill) {
    set_color(cr, op.color);
    if (fill) {
        cairo_fill(cr);
        return;
    }
    cairo_set_line_width(cr, op.thickness);
    cairo_stroke(cr);
}

void paint(cairo_t* cr, const PaintOp& op) {
    const auto& p = op.pts;
    auto need = [&](std::size_t n) { return p.size() >= 2 * n; };
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    using K = PaintOp::Kind;
    switch (op.kind) {
        case K::RectFilled:
        case K::Rect: {
            if (!need(2)) return;
            const double in = op.kind == K::Rect ? 0.5 : 0.0;  // an outline's stroke inside the box
            rounded_rect(cr, p[0] + in, p[1] + in, p[2] - in, p[3] - in, op.radius);
            return fill_or_stroke(cr, op, op.kind == K::RectFilled);
        }
        case K::Line:
        case K::Polyline:
        case K::Polygon:
            if (!need(2)) return;
            cairo_move_to(cr, p[0], p[1]);
            for (std::size_t i = 2; i + 1 < p.size(); i += 2) cairo_line_to(cr, p[i], p[i + 1]);
            if (op.closed || op.kind == K::Polygon) cairo_close_path(cr);
            return fill_or_stroke(cr, op, op.kind == K::Polygon);
        case K::Circle:
        case K::CircleFilled:
            if (!need(1)) return;
            cairo_new_sub_path(cr);
            cairo_arc(cr, p[0], p[1], op.radius, 0, 2 * M_PI);
            return fill_or_stroke(cr, op, op.kind == K::CircleFilled);
        case PaintOp::Kind::Text: {
            if (!need(1) || op.text.empty()) return;
            if (cairo_font_face_t* face = op.bold ? fonts().bold : fonts().regular)
                cairo_set_font_face(cr, face);
            else
                cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                                       op.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
            cairo_set_font_size(cr, em_for(cr, op.font_px));
            cairo_move_to(cr, p[0], p[1] + op.ascent);
            if (op.halo >> 24) {
                // The halo: the letters' outline stroked in the map's paper, then the letters.
                cairo_text_path(cr, op.text.c_str());
                set_color(cr, op.halo);
                cairo_set_line_width(cr, 2.5);
                cairo_stroke(cr);
                cairo_move_to(cr, p[0], p[1] + op.ascent);
            }
            set_color(cr, op.color);
            cairo_show_text(cr, op.text.c_str());
            cairo_new_path(cr);
            return;
        }
        case PaintOp::Kind::PushClip:
            if (!need(2)) return;
            cairo_save(cr);
            cairo_rectangle(cr, p[0], p[1], p[2] - p[0], p[3] - p[1]);
            cairo_clip(cr);
            return;
        case PaintOp::Kind::PopClip:
            cairo_restore(cr);
            return;
    }
}

std::string part_path(const std::string& path) {
    const std::filesystem::path p(path);
    return (p.parent_path() / ("." + p.stem().string() + ".part" + p.extension().string())).string();
}

}  // namespace

bool vector_output_available() { return true; }
std::string vector_output_unavailable_reason() { return {}; }

void write_vector(const Image& map, const std::vector<PaintOp>& ops, double dpi, const std::string& path,
                  const std::string& title) {
    if (map.width <= 0 || map.height <= 0 || map.rgba.size() < static_cast<std::size_t>(map.width) * map.height * 4)
        throw Error("no picture to write", path);
    std::string ext = std::filesystem::path(path).extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".pdf" && ext != ".svg") throw Error("a vector picture is written as .pdf or .svg", path);
    if (!(dpi >= 10 && dpi <= 2400)) dpi = 96;
    const double pt = 72.0 / dpi;  // points per pixel
    const double w_pt = map.width * pt, h_pt = map.height * pt;
    const std::string tmp = part_path(path);

    // The map: cairo's RGB24 is a native-endian 32-bit word per pixel.
    cairo_surface_t* img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, map.width, map.height);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(img);
        throw Error("out of memory for the map image", path);
    }
    cairo_surface_flush(img);
    unsigned char* data = cairo_image_surface_get_data(img);
    const int stride = cairo_image_surface_get_stride(img);
    for (int y = 0; y < map.height; ++y) {
        auto* row = reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
        for (int x = 0; x < map.width; ++x) {
            const std::uint8_t* s = map.at(x, y);
            row[x] = (0xffu << 24) | (std::uint32_t(s[0]) << 16) | (std::uint32_t(s[1]) << 8) | s[2];
        }
    }
    cairo_surface_mark_dirty(img);

    cairo_surface_t* doc = nullptr;
    if (ext == ".pdf") {
        doc = cairo_pdf_surface_create(tmp.c_str(), w_pt, h_pt);
        if (cairo_surface_status(doc) == CAIRO_STATUS_SUCCESS) {
            cairo_pdf_surface_restrict_to_version(doc, CAIRO_PDF_VERSION_1_5);
            // No dates: the same inputs give the same bytes (cairo would stamp the clock).
            cairo_pdf_surface_set_metadata(doc, CAIRO_PDF_METADATA_CREATE_DATE, "");
            cairo_pdf_surface_set_metadata(doc, CAIRO_PDF_METADATA_MOD_DATE, "");
            cairo_pdf_surface_set_metadata(doc, CAIRO_PDF_METADATA_CREATOR, "conflictmap render");
            if (!title.empty()) cairo_pdf_surface_set_metadata(doc, CAIRO_PDF_METADATA_TITLE, title.c_str());
        }
    } else {
        doc = cairo_svg_surface_create(tmp.c_str(), w_pt, h_pt);
        if (cairo_surface_status(doc) == CAIRO_STATUS_SUCCESS) cairo_svg_surface_restrict_to_version(doc, CAIRO_SVG_VERSION_1_1);
    }
    const cairo_status_t opened = cairo_surface_status(doc);
    if (opened != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(doc);
        cairo_surface_destroy(img);
        std::error_code ec;
        std::filesystem::remove(tmp, ec);
        throw Error(std::string("cannot write: ") + cairo_status_to_string(opened), tmp);
    }
    cairo_t* cr = cairo_create(doc);
    cairo_scale(cr, pt, pt);  // draw in the picture's pixels
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_paint(cr);
    int depth = 0;  // clips pushed and not popped
    for (const PaintOp& op : ops) {
        if (op.kind == PaintOp::Kind::PopClip && depth == 0) continue;
        paint(cr, op);
        if (op.kind == PaintOp::Kind::PushClip && op.pts.size() >= 4) ++depth;
        if (op.kind == PaintOp::Kind::PopClip) --depth;
    }
    while (depth-- > 0) cairo_restore(cr);
    cairo_show_page(cr);
    const cairo_status_t drawn = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(doc);
    const cairo_status_t written = cairo_surface_status(doc);
    cairo_surface_destroy(doc);
    cairo_surface_destroy(img);
    std::error_code ec;
    if (drawn != CAIRO_STATUS_SUCCESS || written != CAIRO_STATUS_SUCCESS) {
        std::filesystem::remove(tmp, ec);
        throw Error(std::string("cannot write: ") + cairo_status_to_string(drawn != CAIRO_STATUS_SUCCESS ? drawn : written), path);
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        throw Error("cannot move the picture into place", path);
    }
}

#else  // no cairo in this build

bool vector_output_available() { return false; }
std::string vector_output_unavailable_reason() {
    return "this conflictmap was built without cairo (Debian: libcairo2-dev, then rebuild); write .png or .tif";
}
void write_vector(const Image&, const std::vector<PaintOp>&, double, const std::string& path, const std::string&) {
    throw Error(vector_output_unavailable_reason(), path);
}

#endif

}  // namespace cm::render
