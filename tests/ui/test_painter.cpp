// Tests for ui/Painter: what is written over the map, recorded for a PDF or SVG, keeps the lines
// Dear ImGui would draw (wrapping, line height), halos, arcs and clips.
#include <doctest/doctest.h>

#include <imgui.h>

#include <cmath>
#include <vector>

#include "ui/Painter.h"

using namespace cm;
using render::PaintOp;

namespace {
struct ImGuiFonts {
    ImFont* regular = nullptr;
    ImFont* bold = nullptr;
    ImGuiFonts() {
        ImGui::CreateContext();
        ImFontConfig cfg;
        cfg.SizePixels = 13;
        regular = ImGui::GetIO().Fonts->AddFontDefault(&cfg);
        cfg.SizePixels = 26;
        bold = ImGui::GetIO().Fonts->AddFontDefault(&cfg);
        unsigned char* px = nullptr;
        int w = 0, h = 0;
        ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    }
    ~ImGuiFonts() { ImGui::DestroyContext(); }
};
}  // namespace

TEST_CASE("painter: recorded text is broken into Dear ImGui's lines; halos, arcs and clips are kept") {
    ImGuiFonts fonts;
    std::vector<PaintOp> ops;
    ui::Painter p(nullptr, &ops, fonts.bold);
    REQUIRE(p.recording());
    const char* credits = "Basemap: Natural Earth. Places: OCHA, GeoNames, Who's On First. Events from 3 sources.";
    const float wrap = 200;
    p.AddText(fonts.regular, 13, ImVec2(10, 20), IM_COL32(0, 0, 0, 255), credits, nullptr, wrap);
    REQUIRE(ops.size() >= 3);  // far wider than 200 px at 13 px
    std::string joined;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        CHECK(ops[i].kind == PaintOp::Kind::Text);
        CHECK(ops[i].pts[0] == doctest::Approx(10));
        CHECK(ops[i].pts[1] == doctest::Approx(20 + 13.0 * i));  // one font size apart
        CHECK(ops[i].font_px == doctest::Approx(13));
        CHECK_FALSE(ops[i].bold);
        // Each line fits the wrap width as Dear ImGui measures it.
        CHECK(fonts.regular->CalcTextSizeA(13, 1e9f, 0, ops[i].text.c_str()).x <= wrap + 1);
        CHECK(ops[i].text.front() != ' ');
        joined += (i ? " " : "") + ops[i].text;
    }
    CHECK(joined == credits);  // no word lost or doubled at a break
    ops.clear();
    p.AddText(fonts.bold, 26, ImVec2(0, 0), IM_COL32(0, 0, 0, 255), "Title\nSecond line");
    REQUIRE(ops.size() == 2);
    CHECK(ops[0].bold);
    CHECK(ops[1].text == "Second line");
    CHECK(ops[1].pts[1] == doctest::Approx(26));
    CHECK(ops[0].ascent > 0);
    CHECK(ops[0].ascent < 26);
    ops.clear();
    p.AddTextHalo(fonts.regular, ImVec2(5, 5), IM_COL32(20, 20, 20, 255), IM_COL32(250, 250, 250, 220), "Saraqib");
    p.AddCircle(ImVec2(50, 50), 12, IM_COL32(200, 0, 0, 255), 0, 3.5f);
    p.PushClipRect(ImVec2(0, 0), ImVec2(100, 80));
    p.AddCircleFilled(ImVec2(40, 40), 6, IM_COL32(0, 0, 200, 255));
    p.PopClipRect();
    REQUIRE(ops.size() == 5);
    CHECK(ops[0].halo == IM_COL32(250, 250, 250, 220));  // one text with a halo, not nine texts
    CHECK(ops[1].kind == PaintOp::Kind::Circle);
    CHECK(ops[1].radius == doctest::Approx(12));
    CHECK(ops[1].thickness == doctest::Approx(3.5));
    CHECK(ops[2].kind == PaintOp::Kind::PushClip);
    CHECK(ops[3].radius == doctest::Approx(6));
    CHECK(ops[4].kind == PaintOp::Kind::PopClip);
}

TEST_CASE("painter: the halo face is the font grown by one pixel, drawn once beneath the text") {
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini left in the working folder
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    atlas->TexGlyphPadding = 3;
    ImFontConfig cfg;
    cfg.SizePixels = 13;
    ImFont* text = atlas->AddFontDefault(&cfg);
    cfg.OversampleH = 1;
    ImFont* halo = atlas->AddFontDefault(&cfg);
    REQUIRE(atlas->Build());
    const int w = atlas->TexWidth, h = atlas->TexHeight;
    const std::vector<unsigned char> before(atlas->TexPixelsAlpha8, atlas->TexPixelsAlpha8 + w * h);
    const ImFontGlyph a0 = *halo->FindGlyph('A');
    const ImFontGlyph t0 = *text->FindGlyph('A');
    ui::grow_halo_glyphs(atlas, halo);
    const ImFontGlyph a1 = *halo->FindGlyph('A');
    CHECK(a1.X1 - a1.X0 == doctest::Approx(a0.X1 - a0.X0 + 2));
    CHECK(a1.Y1 - a1.Y0 == doctest::Approx(a0.Y1 - a0.Y0 + 2));
    CHECK((a1.U1 - a1.U0) * w == doctest::Approx((a0.U1 - a0.U0) * w + 2));
    // The grown glyph covers at least what the glyph did, and more texels than it had.
    auto coverage = [&](const ImFontGlyph& g, const unsigned char* px) {
        int n = 0;
        for (int y = static_cast<int>(std::lround(g.V0 * h)); y < std::lround(g.V1 * h); ++y)
            for (int x = static_cast<int>(std::lround(g.U0 * w)); x < std::lround(g.U1 * w); ++x) n += px[y * w + x] > 127;
        return n;
    };
    CHECK(coverage(a1, atlas->TexPixelsAlpha8) > coverage(a0, before.data()) + 10);
    // The text face is untouched.
    const ImFontGlyph t1 = *text->FindGlyph('A');
    CHECK(t1.U0 == t0.U0);
    CHECK(t1.X1 == t0.X1);
    CHECK(coverage(t1, atlas->TexPixelsAlpha8) == coverage(t0, before.data()));

    // One draw of the halo face instead of eight copies: a quarter of the vertices or less.
    unsigned char* px = nullptr;
    int tw = 0, th = 0;
    atlas->GetTexDataAsRGBA32(&px, &tw, &th);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(400, 200);
    io.DeltaTime = 1.0f / 60;
    ImGui::NewFrame();
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    ui::Painter p(dl, nullptr, text);
    const int v0 = dl->VtxBuffer.Size;
    p.AddTextHalo(text, ImVec2(10, 10), IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255), "Saraqib");
    const int eight = dl->VtxBuffer.Size - v0;
    p.AddTextHalo(text, ImVec2(10, 40), IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255), "Saraqib", halo);
    const int once = dl->VtxBuffer.Size - v0 - eight;
    CHECK(eight == 9 * 7 * 4);
    CHECK(once == 2 * 7 * 4);
    ImGui::EndFrame();
    ImGui::DestroyContext();
}
