// conflictmap render: symbol rules.
#include "render/Style.h"

#include "core/Utf8.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace cm::render {

namespace {
bool has(std::string_view text, std::string_view word) {
    if (word.size() > text.size()) return false;
    for (std::size_t i = 0; i + word.size() <= text.size(); ++i) {
        bool eq = true;
        for (std::size_t j = 0; j < word.size() && eq; ++j)
            eq = ascii_lower(text[i + j]) == word[j];
        if (eq) return true;
    }
    return false;
}
}  // namespace

SymbolShape shape_for(std::string_view kind, int event_type) {
    if (has(kind, "ied") || has(kind, "mine") || has(kind, "explosive") || has(kind, "bomb"))
        return SymbolShape::Diamond;
    if (has(kind, "air") || has(kind, "drone") || has(kind, "shell") || has(kind, "artillery") ||
        has(kind, "missile") || has(kind, "rocket") || has(kind, "strike"))
        return SymbolShape::Triangle;
    if (has(kind, "patrol") || has(kind, "convoy") || has(kind, "deploy") || has(kind, "movement") ||
        has(kind, "withdraw"))
        return SymbolShape::Square;
    if (has(kind, "abduct") || has(kind, "kidnap") || has(kind, "execution") || has(kind, "civilian") ||
        has(kind, "assassination"))
        return SymbolShape::Cross;
    switch (event_type) {
        case 0: return SymbolShape::Circle;
        case 1: return SymbolShape::Triangle;
        case 2: return SymbolShape::Cross;
        case 3: return SymbolShape::Ring;
        case 4: return SymbolShape::Hexagon;
        case 5: return SymbolShape::Hexagon;
        default: return SymbolShape::Circle;
    }
}

float symbol_size_px(int fatalities) {
    if (fatalities <= 0) return 9.0f;
    return std::min(28.0f, 10.0f + 3.2f * std::log2(1.0f + static_cast<float>(fatalities)));
}

}  // namespace cm::render
