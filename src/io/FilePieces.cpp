// conflictmap io: one pass over an event file's bytes for where its rows begin and end (see
// FilePieces.h).
//
// [SECTION] CSV
// [SECTION] GeoJSON
#include "io/FilePieces.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

#include <cpl_vsi.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cm::io::detail {

namespace {

using FileHandle = std::unique_ptr<VSILFILE, int (*)(VSILFILE*)>;

// The file opened for one pass over its bytes, and its size; null if it cannot be.
FileHandle open_to_scan(const std::string& path, std::uint64_t& size) {
    VSIStatBufL st;
    if (VSIStatL(path.c_str(), &st) != 0) return FileHandle(nullptr, VSIFCloseL);
    size = static_cast<std::uint64_t>(st.st_size);
    return FileHandle(VSIFOpenL(path.c_str(), "rb"), VSIFCloseL);
}

// [SECTION] CSV -----------------------------------------------------------------------------------

// The characters GDAL's CSV reader may take for the separator, one bit each.
unsigned separator_bit(char c) {
    switch (c) {
        case ',': return 1;
        case ';': return 2;
        case '\t': return 4;
        case '|': return 8;
        default: return 0;
    }
}

// What the scan does with each byte value: most bytes only make a record non-blank.
enum : unsigned char { kPlain, kQuote, kLineFeed, kReturn, kNul, kSeparator };
constexpr auto kClass = [] {
    std::array<unsigned char, 256> t{};
    t['"'] = kQuote;
    t['\n'] = kLineFeed;
    t['\r'] = kReturn;
    t[0] = kNul;
    for (unsigned char c : {',', ';', '\t', '|'}) t[c] = kSeparator;
    return t;
}();

// The first of b[i..got) that is one of the bytes `set`, or got: sixteen at a time where the
// processor can.
template <std::size_t N>
std::size_t find_any(const char* b, std::size_t i, std::size_t got, const char (&set)[N]) {
#if defined(__SSE2__)
    __m128i needles[N];
    for (std::size_t k = 0; k < N; ++k) needles[k] = _mm_set1_epi8(set[k]);
    for (; i + 16 <= got; i += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + i));
        __m128i hit = _mm_cmpeq_epi8(v, needles[0]);
        for (std::size_t k = 1; k < N; ++k) hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, needles[k]));
        if (const int m = _mm_movemask_epi8(hit)) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(m)));
    }
#endif
    for (; i < got; ++i)
        for (char c : set)
            if (b[i] == c) return i;
    return got;
}

// Bytes from b[i] up to `got` that are not a quote, line break or NUL: the run a record's bytes
// mostly are.
std::size_t plain_run(const unsigned char* b, std::size_t i, std::size_t got) {
    static constexpr char kBreaks[] = {'"', '\n', '\r', '\0'};
    return find_any(reinterpret_cast<const char*>(b), i, got, kBreaks) - i;
}

#if defined(__SSE2__)
// A 64-byte block's quotes, backslashes, and opening and closing brackets, one bit a byte.
struct BlockBits {
    std::uint64_t quote = 0, backslash = 0, open = 0, close = 0;
};
BlockBits block_bits(const char* b) {
    BlockBits m;
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), brace = _mm_set1_epi8('{'),
                  bracket = _mm_set1_epi8('['), end_brace = _mm_set1_epi8('}'), end_bracket = _mm_set1_epi8(']');
    for (int k = 0; k < 4; ++k) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + 16 * k));
        auto bits = [&](__m128i hit) {
            return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(hit))) << (16 * k);
        };
        m.quote |= bits(_mm_cmpeq_epi8(v, quote));
        m.backslash |= bits(_mm_cmpeq_epi8(v, backslash));
        m.open |= bits(_mm_or_si128(_mm_cmpeq_epi8(v, brace), _mm_cmpeq_epi8(v, bracket)));
        m.close |= bits(_mm_or_si128(_mm_cmpeq_epi8(v, end_brace), _mm_cmpeq_epi8(v, end_bracket)));
    }
    return m;
}
// Bit k: the parity of the set bits 0..k (after a string's opening quote up to its closing one).
std::uint64_t prefix_xor(std::uint64_t x) {
    for (int s = 1; s < 64; s <<= 1) x ^= x << s;
    return x;
}
#endif

}  // namespace

std::optional<CsvLayout> scan_csv(const std::string& path, std::size_t pieces) {
    std::uint64_t size = 0;
    const auto file = open_to_scan(path, size);
    if (!file) return std::nullopt;
    VSILFILE* fp = file.get();
    pieces = std::max<std::size_t>(1, pieces);

    CsvLayout out;
    out.pieces.push_back({});
    // GDAL opens a piece without its header and takes the separator and the number of columns
    // from the piece's first line. So a piece starts only at a record that is one line, not
    // blank, and has outside quotes the header's one separator and no other candidate.
    std::uint64_t next_cut = size / pieces;
    bool in_quote = false;
    bool header_seen = false;
    unsigned header_seps = 0;
    bool content = false;        // the current record has a byte other than its line breaks
    bool multi_line = false;     // the current record has a line break inside quotes
    unsigned seps = 0;           // separator candidates outside quotes in the current record
    bool after_cr = false;       // the previous byte was a carriage return
    // Separators matter only in the header and in a record that may start a piece; elsewhere
    // they are plain bytes, and runs of plain bytes are skipped whole.
    bool count_seps = true;
    std::uint64_t record_start = 0;
    std::vector<char> buf(1 << 20);
    auto end_record = [&](std::uint64_t next_start) {
        if (content) {
            if (!header_seen) {
                header_seen = true;
                header_seps = seps;
            } else {
                // This record may start a piece: the one before it closes there.
                const bool one_separator = header_seps != 0 && (header_seps & (header_seps - 1)) == 0;
                if (record_start >= next_cut && out.pieces.size() < pieces && one_separator && !multi_line &&
                    seps == header_seps) {
                    FilePiece& last = out.pieces.back();
                    if (out.rows > last.first_row) {
                        last.bytes = record_start - last.offset;
                        last.rows = out.rows - last.first_row;
                        out.pieces.push_back({record_start, 0, out.rows, 0});
                        next_cut = std::max(record_start + 1, size / pieces * out.pieces.size());
                    }
                }
                ++out.rows;
            }
        }
        content = multi_line = false;
        seps = 0;
        out.longest_record = std::max(out.longest_record, next_start - record_start);
        record_start = next_start;
        count_seps = !header_seen || (record_start >= next_cut && out.pieces.size() < pieces);
    };
    std::uint64_t pos = 0;  // of the buffer's first byte
    for (;;) {
        const std::size_t got = VSIFReadL(buf.data(), 1, buf.size(), fp);
        if (got == 0) break;
        const auto* b = reinterpret_cast<const unsigned char*>(buf.data());
        for (std::size_t i = 0; i < got; ++i) {
            if (!count_seps && !after_cr) {
                const std::size_t run = plain_run(b, i, got);
                if (run) {
                    content = true;
                    i += run;
                    if (i == got) break;
                }
            }
            const unsigned char c = b[i];
            const unsigned k = kClass[c];
            if (k == kPlain && !after_cr) {  // most bytes
                content = true;
                continue;
            }
            if (after_cr && c != '\n') out.cuttable = false;
            after_cr = false;
            switch (k) {
                case kQuote:
                    in_quote = !in_quote;
                    content = true;
                    break;
                case kLineFeed:
                    if (in_quote) multi_line = true;
                    else end_record(pos + i + 1);
                    break;
                case kReturn:
                    after_cr = true;
                    break;
                case kNul:
                    out.cuttable = false;
                    break;
                default:
                    content = true;
                    if (!in_quote) seps |= separator_bit(static_cast<char>(c));
            }
        }
        pos += got;
    }
    if (after_cr) out.cuttable = false;
    end_record(size);
    FilePiece& last = out.pieces.back();
    last.bytes = size - last.offset;
    last.rows = out.rows - last.first_row;
    if (!out.cuttable) out.pieces.assign(1, {0, size, 0, out.rows});
    return out;
}

// [SECTION] GeoJSON -------------------------------------------------------------------------------

std::optional<GeoJsonLayout> scan_geojson(const std::string& path, std::size_t pieces) {
    std::uint64_t size = 0;
    const auto file = open_to_scan(path, size);
    if (!file) return std::nullopt;
    VSILFILE* fp = file.get();
    pieces = std::max<std::size_t>(1, pieces);
    constexpr std::size_t kMaxMembers = 1 << 20;

    GeoJsonLayout out;
    out.pieces.push_back({});
    std::uint64_t next_cut = size / pieces;
    int depth = 0;             // 1 inside the top-level object
    bool in_string = false, escaped = false;
    bool top_closed = false;   // the top-level object has ended
    // Top-level members: where we are in "key": value.
    enum class Member { None, Key, Value } member = Member::None;
    std::string key, text;     // the current member's key and, unless it is "features", its text
    bool features_member = false, in_features = false, features_seen = false;
    std::uint64_t last_feature_end = 0;
    std::vector<char> buf(1 << 20);
    std::uint64_t pos = 0;
    auto end_feature = [&](std::uint64_t at) {  // at: the feature's closing brace
        ++out.rows;
        last_feature_end = at + 1;
        if (out.rows == 1) out.first_feature_bytes = last_feature_end - out.pieces.front().offset;
    };
    auto end_member = [&]() -> bool {
        if (!features_member) {
            if (!out.members.empty()) out.members += ',';
            out.members += text;
            if (out.members.size() > kMaxMembers) return false;
        }
        member = Member::None;
        key.clear();
        text.clear();
        features_member = false;
        return true;
    };
    for (;;) {
        const std::size_t got = VSIFReadL(buf.data(), 1, buf.size(), fp);
        if (got == 0) break;
        for (std::size_t i = 0; i < got; ++i) {
            // Inside a feature only quotes, backslashes in strings, and brackets change the
            // state: the bytes between are skipped (most of the file).
            if (features_member && depth >= 3 && !escaped) {
#if defined(__SSE2__)
                // Whole 64-byte blocks first, as simdjson finds structure: the quotes' running
                // parity marks the bytes inside strings, and only brackets outside them are
                // looked at one by one. A block with a backslash is left to the bytes below.
                bool feature_ended = false;
                while (i + 64 <= got) {
                    const BlockBits m = block_bits(buf.data() + i);
                    if (m.backslash) break;
                    const std::uint64_t inside = prefix_xor(m.quote) ^ (in_string ? ~std::uint64_t{0} : 0);
                    for (std::uint64_t b = (m.open | m.close) & ~inside; b; b &= b - 1) {
                        const int k = __builtin_ctzll(b);
                        if ((m.open >> k) & 1) {
                            ++depth;
                        } else if (depth > 3) {
                            --depth;
                        } else {  // the feature's closing brace
                            end_feature(pos + i + static_cast<std::size_t>(k));
                            --depth;
                            i += static_cast<std::size_t>(k);
                            feature_ended = true;
                            break;
                        }
                    }
                    if (feature_ended) break;
                    if (__builtin_popcountll(m.quote) & 1) in_string = !in_string;
                    i += 64;
                }
                if (feature_ended) {
                    in_string = false;  // a bracket outside strings
                    continue;
                }
                if (i == got) break;
#endif
                static constexpr char kInString[] = {'"', '\\'};
                static constexpr char kStructure[] = {'"', '{', '}', '[', ']'};
                i = in_string ? find_any(buf.data(), i, got, kInString) : find_any(buf.data(), i, got, kStructure);
                if (i == got) break;
            }
            const char c = buf[i];
            const std::uint64_t at = pos + i;
            if (top_closed) {
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return std::nullopt;  // more than one value
                continue;
            }
            // The text of a top-level member other than "features" is kept as written.
            if (depth >= 1 && member != Member::None && !features_member) {
                text += c;
                if (text.size() > kMaxMembers) return std::nullopt;
            }
            if (in_string) {
                if (escaped) escaped = false;
                else if (c == '\\') {
                    escaped = true;
                    if (depth == 1 && member == Member::Key) key.assign(1, '\\');  // an escaped key is never "features"
                }
                else if (c == '"') in_string = false;
                else if (depth == 1 && member == Member::Key && key.size() < 64) key += c;
                continue;
            }
            if (depth == 2 && in_features && c != '{' && c != ',' && c != ']' && c != ' ' && c != '\n' && c != '\r' &&
                c != '\t')
                return std::nullopt;  // a feature that is not an object
            switch (c) {
                case '"':
                    in_string = true;
                    if (depth == 1 && member == Member::None) {
                        member = Member::Key;
                        text.assign(1, '"');
                    }
                    break;
                case ':':
                    if (depth == 1 && member == Member::Key) {
                        member = Member::Value;
                        features_member = key == "features";
                        if (features_member) {
                            if (features_seen) return std::nullopt;  // two "features": leave it to GDAL
                            features_seen = true;
                            text.clear();
                        }
                    }
                    break;
                case '{':
                case '[':
                    if (depth == 0 && c != '{') return std::nullopt;
                    ++depth;
                    if (depth == 2 && features_member) {
                        if (c != '[') return std::nullopt;  // "features" is not an array
                        in_features = true;
                    } else if (depth == 3 && in_features) {
                        if (c != '{') return std::nullopt;  // a feature that is not an object
                        // A piece starts at a feature from its share of the file on.
                        FilePiece& last = out.pieces.back();
                        if (out.rows == last.first_row) {
                            last.offset = at;
                        } else if (at >= next_cut && out.pieces.size() < pieces) {
                            last.bytes = last_feature_end - last.offset;
                            last.rows = out.rows - last.first_row;
                            out.pieces.push_back({at, 0, out.rows, 0});
                            next_cut = std::max(at + 1, size / pieces * out.pieces.size());
                        }
                    }
                    break;
                case '}':
                case ']':
                    if (depth == 0) return std::nullopt;
                    if (depth == 3 && in_features) {
                        end_feature(at);
                    } else if (depth == 2 && in_features) {
                        in_features = false;
                    } else if (depth == 1) {
                        if (member != Member::None && !features_member) text.pop_back();  // the object's '}'
                        if (member != Member::None && !end_member()) return std::nullopt;
                        top_closed = true;
                    }
                    --depth;
                    break;
                case ',':
                    if (depth == 1 && member == Member::Value) {
                        if (!features_member) text.pop_back();  // the comma is not the member's
                        if (!end_member()) return std::nullopt;
                    }
                    break;
                default:
                    break;
            }
        }
        pos += got;
    }
    if (!top_closed || !features_seen || in_string) return std::nullopt;
    FilePiece& last = out.pieces.back();
    last.bytes = out.rows > last.first_row ? last_feature_end - last.offset : 0;
    last.rows = out.rows - last.first_row;
    if (out.rows == 0) out.pieces.clear();
    return out;
}

std::string wrap_geojson_piece(const GeoJsonLayout& layout, std::string_view piece) {
    std::string s;
    s.reserve(layout.members.size() + piece.size() + 32);
    s += '{';
    s += layout.members;
    if (!layout.members.empty()) s += ',';
    s += "\"features\":[";
    s += piece;
    s += "]}";
    return s;
}

}  // namespace cm::io::detail
