// conflictmap core: UTF-8 decoding that never fails (bad bytes become U+FFFD) and small string
// helpers shared by every text-reading part.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace cm {

inline constexpr char32_t kReplacementChar = 0xFFFD;

/// Decodes one code point at s[i], advancing i; malformed or overlong sequences give U+FFFD and
/// advance by one byte, so every input terminates.
char32_t utf8_next(std::string_view s, std::size_t& i);
/// Appends the UTF-8 encoding of c.
void utf8_append(std::string& out, char32_t c);
/// True if s is well-formed UTF-8.
bool utf8_valid(std::string_view s);
/// Copy of s with malformed bytes replaced by U+FFFD and control characters by spaces.
std::string utf8_sanitize(std::string_view s);

/// s without leading and trailing ASCII white space.
std::string_view trim(std::string_view s);
/// Splits on a single character; keeps empty fields.
std::vector<std::string> split(std::string_view s, char sep);
/// "1 row skipped", "2 rows skipped": the count and the words for it.
std::string plural(std::size_t n, std::string_view one, std::string_view many);
/// ASCII lower-casing (other bytes untouched).
std::string ascii_lower(std::string_view s);
/// One byte ASCII-lower-cased (other bytes untouched).
inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace cm
