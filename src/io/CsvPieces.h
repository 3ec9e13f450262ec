// conflictmap io: cutting a CSV file into pieces at record boundaries, so that several threads can
// each read one with GDAL's CSV driver (io/EventImport.cpp reads them and merges the pieces in
// file order). One pass over the bytes finds the boundaries as GDAL's reader does: a line break
// ends a record unless an odd number of double quotes came before it in that record, and a blank
// line is no record.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cm::io::detail {

/// Bytes [offset, offset + bytes) of the file: rows first_row + 1 .. first_row + rows.
struct CsvPiece {
    std::uint64_t offset = 0, bytes = 0;
    std::uint64_t first_row = 0, rows = 0;
};

struct CsvLayout {
    std::uint64_t rows = 0;        ///< data rows: records after the header
    std::vector<CsvPiece> pieces;  ///< in file order, none empty; the first holds the header
    /// False where GDAL would see other line breaks than these (a carriage return without a
    /// line feed after it, a NUL byte): then the pieces are one, the whole file.
    bool cuttable = true;
};

/// Scans the file (a path GDAL's VSI opens) once and cuts it into at most `pieces` pieces of
/// about equal size, each starting at a record. Nullopt if the file cannot be read.
std::optional<CsvLayout> scan_csv(const std::string& path, std::size_t pieces);

}  // namespace cm::io::detail
