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
