// conflictmap io: one pass over a CSV file's bytes for its record boundaries (see CsvPieces.h).
#include "io/CsvPieces.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

#include <cpl_vsi.h>

namespace cm::io::detail {

namespace {

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

}  // namespace

std::optional<CsvLayout> scan_csv(const std::string& path, std::size_t pieces) {
    VSIStatBufL st;
    if (VSIStatL(path.c_str(), &st) != 0) return std::nullopt;
    VSILFILE* fp = VSIFOpenL(path.c_str(), "rb");
    if (!fp) return std::nullopt;
    const std::unique_ptr<VSILFILE, int (*)(VSILFILE*)> close(fp, VSIFCloseL);
    const auto size = static_cast<std::uint64_t>(st.st_size);
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
                    CsvPiece& last = out.pieces.back();
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
        record_start = next_start;
    };
    std::uint64_t pos = 0;  // of the buffer's first byte
    for (;;) {
        const std::size_t got = VSIFReadL(buf.data(), 1, buf.size(), fp);
        if (got == 0) break;
        const auto* b = reinterpret_cast<const unsigned char*>(buf.data());
        for (std::size_t i = 0; i < got; ++i) {
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
    CsvPiece& last = out.pieces.back();
    last.bytes = size - last.offset;
    last.rows = out.rows - last.first_row;
    if (!out.cuttable) out.pieces.assign(1, {0, size, 0, out.rows});
    return out;
}

}  // namespace cm::io::detail
