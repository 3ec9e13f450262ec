// conflictmap render: the map's colours and symbol rules in one place, chosen for reading
// events on top of a quiet basemap. Event colours follow the Okabe–Ito palette (distinct for
// the common kinds of colour blindness), one per ACLED event type.
#pragma once
#include <array>
#include <cstdint>
#include <string_view>

namespace cm::render {

struct Rgba {
    std::uint8_t r, g, b, a;
};

namespace style {
inline constexpr Rgba kSea{0xc9, 0xd8, 0xe3, 0xff};
inline constexpr Rgba kLand{0xf1, 0xee, 0xe7, 0xff};
inline constexpr Rgba kSyriaLand{0xf8, 0xf6, 0xf1, 0xff};
inline constexpr Rgba kCountryBorder{0x8a, 0x86, 0x80, 0xff};
inline constexpr Rgba kAdminBorder{0xa8, 0xa2, 0x9a, 0xff};
inline constexpr Rgba kRiver{0x7d, 0xa7, 0xc9, 0xff};
inline constexpr Rgba kRoad{0xd9, 0x9a, 0x4e, 0xff};
inline constexpr Rgba kTown{0x44, 0x44, 0x44, 0xff};
inline constexpr Rgba kRoute{0x1f, 0x3b, 0x8c, 0xff};
inline constexpr Rgba kZoneFill{0x8e, 0x44, 0xad, 0x38};
inline constexpr Rgba kZoneOutline{0x6c, 0x2f, 0x88, 0xe0};

/// The basemap's colours for one style of output: the screen's light map, a dark one (slides on
/// dark backgrounds, night work) and print (pale grey sea and land, white Syria, black ink:
/// photocopies well).
struct Palette {
    const char* name;
    Rgba sea, land, syria_land, country_border, admin_border, river, road, town;
    Rgba town_label, admin_label, label_halo;
    Rgba ink, paper;  ///< text and the panels behind it (title, legend, scale bar)
};
inline constexpr Palette kLight{"light", kSea, kLand, kSyriaLand, kCountryBorder, kAdminBorder, kRiver, kRoad, kTown,
                                {0x2a, 0x2a, 0x2a, 0xff}, {0x8a, 0x80, 0x74, 0xff}, {0xfa, 0xf8, 0xf4, 0xc8},
                                {0x28, 0x28, 0x28, 0xff}, {0xff, 0xff, 0xff, 0xe6}};
inline constexpr Palette kDark{"dark", {0x1b, 0x22, 0x2c, 0xff}, {0x2e, 0x32, 0x38, 0xff}, {0x3a, 0x3e, 0x45, 0xff},
                               {0x8c, 0x8f, 0x94, 0xff}, {0x6a, 0x6e, 0x74, 0xff}, {0x3f, 0x6e, 0x94, 0xff},
                               {0x9a, 0x70, 0x3c, 0xff}, {0xc8, 0xc8, 0xc8, 0xff}, {0xe6, 0xe6, 0xe6, 0xff},
                               {0xa0, 0xa4, 0xaa, 0xff}, {0x1b, 0x1e, 0x24, 0xc8}, {0xee, 0xee, 0xee, 0xff},
                               {0x22, 0x26, 0x2e, 0xe6}};
inline constexpr Palette kPrint{"print", {0xe4, 0xe9, 0xec, 0xff}, {0xf0, 0xf0, 0xf0, 0xff}, {0xff, 0xff, 0xff, 0xff},
                                {0x30, 0x30, 0x30, 0xff}, {0x80, 0x80, 0x80, 0xff}, {0x90, 0x90, 0x90, 0xff},
                                {0xa0, 0xa0, 0xa0, 0xff}, {0x00, 0x00, 0x00, 0xff}, {0x00, 0x00, 0x00, 0xff},
                                {0x60, 0x60, 0x60, 0xff}, {0xff, 0xff, 0xff, 0xd0}, {0x00, 0x00, 0x00, 0xff},
                                {0xff, 0xff, 0xff, 0xf0}};
/// The palette of this name (light, dark, print); nullptr if none.
inline const Palette* palette_named(std::string_view name) {
    for (const Palette* p : {&kLight, &kDark, &kPrint})
        if (name == p->name) return p;
    return nullptr;
}

/// One colour per ACLED event type (index = cm::EventType).
inline constexpr std::array<Rgba, 6> kTypeColors = {{
    {0xd5, 0x5e, 0x00, 0xff},  // Battles: vermillion
    {0xe6, 0x9f, 0x00, 0xff},  // Explosions/Remote violence: orange
    {0xcc, 0x79, 0xa7, 0xff},  // Violence against civilians: reddish purple
    {0x00, 0x72, 0xb2, 0xff},  // Strategic developments: blue
    {0x00, 0x9e, 0x73, 0xff},  // Protests: bluish green
    {0x8b, 0x6f, 0x00, 0xff},  // Riots: dark yellow
}};
}  // namespace style

/// Symbol shapes as symbols.frag.glsl numbers them.
enum class SymbolShape : std::uint8_t { Circle, Square, Triangle, Diamond, Cross, Hexagon, Ring };

/// The shape for an event's kind (our finer kind or ACLED sub-event type), falling back to its type:
/// strikes and shelling triangles, IEDs and mines diamonds, attacks on civilians crosses,
/// patrols and movements squares, agreements and other developments rings, protests hexagons.
SymbolShape shape_for(std::string_view kind, int event_type);

/// Diameter in pixels for a best fatality estimate (-1 unknown): grows with the logarithm.
float symbol_size_px(int fatalities);

}  // namespace cm::render
