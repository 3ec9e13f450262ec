// conflictmap io: events to GeoJSON (RFC 7946, written by GDAL's GeoJSON driver) that QGIS
// and ArcGIS load as is — dates as ISO dates, one feature per event, properties documented in
// the README — and back (for `eval` and, later, the viewer).
#pragma once
#include <string>
#include <vector>

#include "core/Error.h"
#include "core/Event.h"
#include "io/EventList.h"

namespace cm::io {

/// Writes events as a FeatureCollection to path ("/vsistdout/" for standard output).
/// Throws cm::Error naming the path if it cannot be written.
void write_events_geojson(const std::vector<Event>& events, const std::string& path);
/// Same, from any list of events.
void write_events_geojson(const EventList& events, const std::string& path);

/// Reads events written by write_events_geojson (or any GeoJSON with those properties); rows
/// that cannot be read are reported to diag and skipped.
std::vector<Event> read_events_geojson(const std::string& path, Diagnostics& diag);

}  // namespace cm::io
