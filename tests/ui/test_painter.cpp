// Tests for ui/Painter: what is written over the map, recorded for a PDF or SVG, keeps the lines
// Dear ImGui would draw (wrapping, line height), halos, arcs and clips.
#include <doctest/doctest.h>

#include <imgui.h>

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
    p.AddArc(ImVec2(50, 50), 12, 0.0f, 1.5f, 8, IM_COL32(200, 0, 0, 255), 3.5f);
    p.PushClipRect(ImVec2(0, 0), ImVec2(100, 80));
    p.AddCircleFilled(ImVec2(40, 40), 6, IM_COL32(0, 0, 200, 255));
    p.PopClipRect();
    REQUIRE(ops.size() == 5);
    CHECK(ops[0].halo == IM_COL32(250, 250, 250, 220));  // one text with a halo, not nine texts
    CHECK(ops[1].kind == PaintOp::Kind::Arc);
    CHECK(ops[1].a1 == doctest::Approx(1.5));
    CHECK(ops[1].thickness == doctest::Approx(3.5));
    CHECK(ops[2].kind == PaintOp::Kind::PushClip);
    CHECK(ops[3].radius == doctest::Approx(6));
    CHECK(ops[4].kind == PaintOp::Kind::PopClip);
}
