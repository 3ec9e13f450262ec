// conflictmap ui: the font atlas cache (see FontCache.h).
#include "ui/FontCache.h"

#include <imgui.h>

#include <cmath>
#include <cstdint>
#include <optional>

#include "core/Cache.h"

namespace cm::ui {

namespace fs = std::filesystem;

namespace {

// "CMFA", the format version, and the Dear ImGui version whose structures it holds.
constexpr char kMagic[4] = {'C', 'M', 'F', 'A'};
constexpr std::uint32_t kVersion = 1;
constexpr int kLines = IM_DRAWLIST_TEX_LINES_WIDTH_MAX + 1;

using cache::put;

template <class T>
void put_vector(std::string& out, const ImVector<T>& v) {
    put(out, static_cast<std::uint32_t>(v.Size));
    out.append(reinterpret_cast<const char*>(v.Data), sizeof(T) * static_cast<std::size_t>(v.Size));
}

template <class T>
bool get_vector(cache::Reader& r, ImVector<T>& v) {
    std::uint32_t n = 0;
    if (!r.get(n) || n > r.left() / sizeof(T)) return false;
    v.resize(static_cast<int>(n));
    return r.get_bytes(v.Data, sizeof(T) * n);
}

bool finite(float f) { return std::isfinite(f); }

}  // namespace

fs::path font_atlas_cache(const std::string& recipe, const std::vector<std::string>& face_files) {
    cache::Key key;
    key.add("v" + std::to_string(kVersion) + " imgui " + IMGUI_VERSION + " " + recipe).add_program();
    for (const auto& f : face_files) key.add(f).add_files(f);
    return cache::file("font-atlas", key);
}

void save_font_atlas(const ImFontAtlas& atlas, const fs::path& path) {
    std::string out(kMagic, sizeof kMagic);
    put(out, kVersion);
    put(out, static_cast<std::int32_t>(IMGUI_VERSION_NUM));
    put(out, static_cast<std::int32_t>(atlas.Flags));
    put(out, static_cast<std::int32_t>(atlas.TexGlyphPadding));
    put(out, static_cast<std::int32_t>(atlas.TexWidth));
    put(out, static_cast<std::int32_t>(atlas.TexHeight));
    put(out, atlas.TexUvScale);
    put(out, atlas.TexUvWhitePixel);
    for (const ImVec4& l : atlas.TexUvLines) put(out, l);
    put(out, static_cast<std::int32_t>(atlas.PackIdMouseCursors));
    put(out, static_cast<std::int32_t>(atlas.PackIdLines));
    auto font_index = [&](const ImFont* f) -> std::int32_t {
        for (int i = 0; i < atlas.Fonts.Size; ++i)
            if (atlas.Fonts[i] == f) return i;
        return -1;
    };
    put(out, static_cast<std::uint32_t>(atlas.CustomRects.Size));
    for (const ImFontAtlasCustomRect& c : atlas.CustomRects) {
        put(out, c.Width);
        put(out, c.Height);
        put(out, c.X);
        put(out, c.Y);
        put(out, c.GlyphID);
        put(out, c.GlyphAdvanceX);
        put(out, c.GlyphOffset);
        put(out, font_index(c.Font));
    }
    out.append(reinterpret_cast<const char*>(atlas.TexPixelsAlpha8), static_cast<std::size_t>(atlas.TexWidth) * atlas.TexHeight);
    put(out, static_cast<std::uint32_t>(atlas.Fonts.Size));
    for (const ImFont* f : atlas.Fonts) {
        put(out, f->FontSize);
        put(out, f->Scale);
        put(out, f->Ascent);
        put(out, f->Descent);
        put(out, f->FallbackAdvanceX);
        put(out, f->FallbackChar);
        put(out, f->EllipsisChar);
        put(out, f->DotChar);
        put(out, static_cast<std::int32_t>(f->MetricsTotalSurface));
        out.append(reinterpret_cast<const char*>(f->Used4kPagesMap), sizeof f->Used4kPagesMap);
        put(out, static_cast<std::int32_t>(f->FallbackGlyph ? f->FallbackGlyph - f->Glyphs.Data : -1));
        char name[40] = {};
        if (f->ConfigData) std::memcpy(name, f->ConfigData->Name, sizeof name - 1);
        out.append(name, sizeof name);
        put_vector(out, f->Glyphs);
        put_vector(out, f->IndexAdvanceX);
        put_vector(out, f->IndexLookup);
    }
    cache::write(path, out);
}

bool load_font_atlas(ImFontAtlas& atlas, const fs::path& path) {
    // A real file is ~2.5 MB (the texels); far larger is not ours.
    const std::optional<std::string> bytes = cache::read(path, std::size_t{80} << 20);
    if (!bytes) return false;
    cache::Reader r(*bytes);
    std::string magic;
    std::uint32_t version = 0;
    std::int32_t imgui = 0, flags = 0, padding = 0, w = 0, h = 0, cursors = 0, lines = 0;
    ImVec2 uv_scale, white;
    ImVec4 uv_lines[kLines];
    if (!r.get(magic, 4) || magic != std::string(kMagic, 4) || !r.get(version) || version != kVersion || !r.get(imgui) ||
        imgui != IMGUI_VERSION_NUM || !r.get(flags) || !r.get(padding) || !r.get(w) || !r.get(h) || w <= 0 || h <= 0 ||
        w > 16384 || h > 16384 || !r.get(uv_scale) || !r.get(white) || !r.get_bytes(uv_lines, sizeof uv_lines) || !r.get(cursors) ||
        !r.get(lines))
        return false;
    std::uint32_t rects = 0;
    if (!r.get(rects) || rects > r.left() / 24) return false;
    struct Rect {
        ImFontAtlasCustomRect rect;
        std::int32_t font = -1;
    };
    std::vector<Rect> custom(rects);
    for (Rect& c : custom)
        if (!r.get(c.rect.Width) || !r.get(c.rect.Height) || !r.get(c.rect.X) || !r.get(c.rect.Y) || !r.get(c.rect.GlyphID) ||
            !r.get(c.rect.GlyphAdvanceX) || !r.get(c.rect.GlyphOffset) || !r.get(c.font))
            return false;
    const std::size_t texels = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
    if (r.left() < texels) return false;
    std::string pixels;
    r.get(pixels, texels);
    std::uint32_t count = 0;
    if (!r.get(count) || count == 0 || count > 64) return false;
    struct Font {
        float size = 0, scale = 0, ascent = 0, descent = 0, fallback_advance = 0;
        ImWchar fallback = 0, ellipsis = 0, dot = 0;
        std::int32_t surface = 0, fallback_glyph = -1;
        ImU8 pages[sizeof ImFont::Used4kPagesMap] = {};
        char name[40] = {};
        ImVector<ImFontGlyph> glyphs;
        ImVector<float> advance;
        ImVector<ImWchar> lookup;
    };
    std::vector<Font> fonts(count);
    for (Font& f : fonts) {
        if (!r.get(f.size) || !r.get(f.scale) || !r.get(f.ascent) || !r.get(f.descent) || !r.get(f.fallback_advance) ||
            !r.get(f.fallback) || !r.get(f.ellipsis) || !r.get(f.dot) || !r.get(f.surface) || !r.get_bytes(f.pages, sizeof f.pages) ||
            !r.get(f.fallback_glyph) || !r.get_bytes(f.name, sizeof f.name) || !get_vector(r, f.glyphs) || !get_vector(r, f.advance) ||
            !get_vector(r, f.lookup))
            return false;
        // What drawing text reads must point inside the file's own tables and be numbers.
        if (!(f.size > 0) || !(f.scale > 0) || !finite(f.size) || !finite(f.scale) || !finite(f.ascent) || !finite(f.descent) ||
            !finite(f.fallback_advance) || f.fallback_glyph < -1 || f.fallback_glyph >= f.glyphs.Size || f.glyphs.Size == 0)
            return false;
        for (float a : f.advance)
            if (!finite(a)) return false;
        for (ImWchar g : f.lookup)
            if (g != static_cast<ImWchar>(-1) && g >= f.glyphs.Size) return false;
        for (const ImFontGlyph& g : f.glyphs)
            if (!finite(g.AdvanceX) || !finite(g.X0) || !finite(g.Y0) || !finite(g.X1) || !finite(g.Y1) || !finite(g.U0) ||
                !finite(g.V0) || !finite(g.U1) || !finite(g.V1))
                return false;
        f.name[sizeof f.name - 1] = 0;
    }
    for (const Rect& c : custom)
        if (c.font < -1 || c.font >= static_cast<std::int32_t>(count)) return false;
    if (r.left() != 0) return false;

    // All checked: the atlas as Build() leaves it.
    atlas.Clear();
    atlas.Flags = flags;
    atlas.TexGlyphPadding = padding;
    atlas.TexWidth = w;
    atlas.TexHeight = h;
    atlas.TexUvScale = uv_scale;
    atlas.TexUvWhitePixel = white;
    for (int i = 0; i < kLines; ++i) atlas.TexUvLines[i] = uv_lines[i];
    atlas.PackIdMouseCursors = cursors;
    atlas.PackIdLines = lines;
    atlas.TexPixelsAlpha8 = static_cast<unsigned char*>(IM_ALLOC(texels));
    std::memcpy(atlas.TexPixelsAlpha8, pixels.data(), texels);
    for (const Font& f : fonts) {
        ImFontConfig cfg;
        cfg.FontDataOwnedByAtlas = false;
        cfg.SizePixels = f.size;
        std::memcpy(cfg.Name, f.name, sizeof cfg.Name);
        atlas.ConfigData.push_back(cfg);
    }
    for (std::size_t i = 0; i < fonts.size(); ++i) {
        Font& f = fonts[i];
        ImFont* font = IM_NEW(ImFont);
        font->FontSize = f.size;
        font->Scale = f.scale;
        font->Ascent = f.ascent;
        font->Descent = f.descent;
        font->FallbackChar = f.fallback;
        font->EllipsisChar = f.ellipsis;
        font->DotChar = f.dot;
        font->MetricsTotalSurface = f.surface;
        std::memcpy(font->Used4kPagesMap, f.pages, sizeof f.pages);
        font->Glyphs.swap(f.glyphs);
        font->IndexAdvanceX.swap(f.advance);
        font->IndexLookup.swap(f.lookup);
        font->FallbackAdvanceX = f.fallback_advance;
        font->FallbackGlyph = f.fallback_glyph >= 0 ? &font->Glyphs[f.fallback_glyph] : nullptr;
        font->DirtyLookupTables = false;
        font->ContainerAtlas = &atlas;
        font->ConfigData = &atlas.ConfigData[static_cast<int>(i)];
        font->ConfigDataCount = 1;
        atlas.ConfigData[static_cast<int>(i)].DstFont = font;
        atlas.Fonts.push_back(font);
    }
    for (const Rect& c : custom) {
        ImFontAtlasCustomRect rect = c.rect;
        rect.Font = c.font >= 0 ? atlas.Fonts[c.font] : nullptr;
        atlas.CustomRects.push_back(rect);
    }
    atlas.TexReady = true;
    return true;
}

}  // namespace cm::ui
