// conflictmap io: events out in the formats GIS people and dataset users take — GeoJSON (RFC 7946),
// GeoPackage, FlatGeobuf, KML (TimeStamp/TimeSpan for Google Earth's slider), and CSV with ACLED's
// or UCDP GED's column names in their order. Each file is written beside the target and renamed
// over it when complete, so a reader never sees half a file.
//
// The CSV schemas carry what their codebooks have: ACLED event_date + time_precision (a day; a
// week, as the middle day and 2; longer spans as the middle day and 3, the month), geo_precision
// (1 place, 2 near, 3 region), actor1 + assoc_actor_1 ("; "); UCDP date_start/date_end/date_prec,
// type_of_violence (3 for violence against civilians, 2 where the event says non-state, else 1),
// side_a/side_b, best/low/high, where_prec (1 place, 2 near, 3/4/5 by the region's radius, 6
// country). Columns a dataset brought along (kept as attributes on import) fill the columns of
// the same name, and others follow the schema's. What a schema cannot say is counted in the notes.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/Event.h"
#include "io/EventList.h"

namespace cm::io {

enum class ExportFormat { GeoJson, GeoPackage, FlatGeobuf, Kml, AcledCsv, UcdpCsv };

/// The format for an output path by its extension (.geojson/.json, .gpkg, .fgb, .kml, .csv);
/// schema "acled" (the default for .csv) or "ucdp" picks the CSV columns. nullopt: unknown.
std::optional<ExportFormat> export_format_for(const std::string& path, const std::string& schema = {});
/// Its name in messages ("GeoJSON", "ACLED CSV", ...).
const char* export_format_name(ExportFormat f);
/// The extensions and schemas export_format_for takes, for messages.
const char* export_formats_help();

/// Writes events to path in the format (replacing it only when complete). Returns notes on what
/// the format could not carry (empty when nothing was lost). Throws cm::Error naming the path.
std::vector<std::string> export_events(const std::vector<Event>& events, const std::string& path, ExportFormat format);
std::vector<std::string> export_events(const EventList& events, const std::string& path, ExportFormat format);

/// ACLED's and UCDP GED's column names, in their order (the fixed part of each CSV).
const std::vector<std::string>& acled_columns();
const std::vector<std::string>& ucdp_columns();

}  // namespace cm::io
