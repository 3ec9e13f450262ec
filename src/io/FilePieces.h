// conflictmap io: cutting an event file into pieces of whole rows, so that several threads can
// each read one with GDAL (io/EventImport.cpp reads them and merges the pieces in file order).
// One pass over the bytes finds the boundaries as GDAL's reader does:
//  CSV      a line break ends a record unless an odd number of double quotes came before it in
//           that record, and a blank line is no record;
//  GeoJSON  the members of the top-level "features" array, found by following the JSON's
//           nesting (strings and their escapes included); each piece is then wrapped as a
//           FeatureCollection of its own.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cm::io::detail {

/// Bytes [offset, offset + bytes) of the file: rows first_row + 1 .. first_row + rows. A GeoJSON
/// piece runs from its first feature's '{' to its last one's '}', with the commas between.
struct FilePiece {
    std::uint64_t offset = 0, bytes = 0;
    std::uint64_t first_row = 0, rows = 0;
};

struct CsvLayout {
    std::uint64_t rows = 0;         ///< data rows: records after the header
    std::vector<FilePiece> pieces;  ///< in file order, none empty; the first holds the header
    /// False where GDAL would see other line breaks than these (a carriage return without a
    /// line feed after it, a NUL byte): then the pieces are one, the whole file.
    bool cuttable = true;
    /// The longest record in bytes, line breaks inside quotes included: no value GDAL reads
    /// from the file is longer.
    std::uint64_t longest_record = 0;
};

/// Scans a CSV file (a path GDAL's VSI opens) once and cuts it into at most `pieces` pieces of
/// about equal size, each starting at a record. Nullopt if the file cannot be read.
std::optional<CsvLayout> scan_csv(const std::string& path, std::size_t pieces);

struct GeoJsonLayout {
    /// The top-level members other than "features" ("type", "crs", "name", ...) as written,
    /// joined by commas: what each piece's own FeatureCollection repeats.
    std::string members;
    std::uint64_t rows = 0;         ///< features
    std::vector<FilePiece> pieces;  ///< in file order, none empty
    std::uint64_t first_feature_bytes = 0;  ///< the first feature's length (from pieces[0].offset)
};

/// Scans a GeoJSON file once and cuts its features into at most `pieces` pieces of about equal
/// size. Nullopt if the file cannot be read or is not one JSON object with a "features" array of
/// objects (then it is read whole), or if its other members are larger than 1 MiB.
std::optional<GeoJsonLayout> scan_geojson(const std::string& path, std::size_t pieces);

/// A piece as a FeatureCollection of its own: "{" members ",\"features\":[" piece "]}".
std::string wrap_geojson_piece(const GeoJsonLayout& layout, std::string_view piece);

}  // namespace cm::io::detail
