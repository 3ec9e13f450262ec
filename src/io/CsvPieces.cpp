// conflictmap io: one pass over a CSV file's bytes for its record boundaries (see CsvPieces.h).
#include "io/CsvPieces.h"

#include <algorithm>
#include <cstring>
#include <memory>

#include <cpl_vsi.h>

namespace cm::io::detail {

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
    std::uint64_t next_cut = size / pieces;  // the next piece starts at the first record from here
    bool in_quote = false;
    bool header_seen = false;
    bool content = false;     // the current record has a byte other than its line break
    bool after_cr = false;    // the previous byte was a carriage return
    std::uint64_t pos = 0;    // of the next byte to read
    std::vector<char> buf(1 << 20);
    auto end_record = [&](std::uint64_t next_start) {
        if (content) {
            if (header_seen) ++out.rows;
            header_seen = true;
        }
        content = false;
        if (header_seen && next_start >= next_cut && next_start < size && out.pieces.size() < pieces) {
            CsvPiece& last = out.pieces.back();
            last.bytes = next_start - last.offset;
            last.rows = out.rows - last.first_row;
            if (last.rows > 0) out.pieces.push_back({next_start, 0, out.rows, 0});
            next_cut = std::max(next_start + 1, size / pieces * out.pieces.size());
        }
    };
    for (;;) {
        const std::size_t got = VSIFReadL(buf.data(), 1, buf.size(), fp);
        if (got == 0) break;
        const char* b = buf.data();
        for (std::size_t i = 0; i < got; ++i) {
            const char c = b[i];
            if (after_cr && c != '\n') out.cuttable = false;
            after_cr = false;
            if (c == '"') {
                in_quote = !in_quote;
                content = true;
            } else if (c == '\n') {
                if (!in_quote) end_record(pos + i + 1);
            } else if (c == '\r') {
                after_cr = true;
            } else if (c == '\0') {
                out.cuttable = false;
            } else {
                content = true;
            }
        }
        pos += got;
    }
    if (after_cr) out.cuttable = false;
    if (content) end_record(size);
    CsvPiece& last = out.pieces.back();
    last.bytes = size - last.offset;
    last.rows = out.rows - last.first_row;
    if (!out.cuttable || (out.pieces.size() > 1 && last.rows == 0)) {
        // Whole, or the last cut fell on trailing blank lines: fold it into the piece before.
        if (!out.cuttable) out.pieces.assign(1, {0, size, 0, out.rows});
        else {
            out.pieces.pop_back();
            out.pieces.back().bytes = size - out.pieces.back().offset;
        }
    }
    return out;
}

}  // namespace cm::io::detail
