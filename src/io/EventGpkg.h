// conflictmap io: events in a GeoPackage — the store's events layer. The property names are those
// of EventGeoJson's (so one reader serves both), plus the few fields GeoJSON leaves out
// (actor1_short, actor2_short, injured_low, injured_high, injured_written, and point_lon/point_lat,
// the representative point of a line or area), so a GeoPackage keeps a whole cm::Event. Columns
// that no row uses are not created. Writing runs in one transaction; reading takes GDAL's Arrow
// stream column by column (conflictmap-bench-load measures a million rows).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/Error.h"
#include "core/Event.h"
#include "io/EventList.h"

class GDALDataset;
class OGRFeature;
class OGRLayer;

namespace cm::events {
class EventTableBuilder;
}

namespace cm::io {

/// Where readers hand each event as they read it (a table builder, a vector, a writer).
using EventSink = std::function<void(Event&&)>;
/// Called every few thousand rows with the rows read so far in the current layer; false cancels.
using RowProgress = std::function<bool(std::size_t rows)>;

/// Streams events into a new GeoPackage (layer "events"). The file appears at path only when
/// finish() succeeds; until then it is written beside it, so an existing file is replaced only by
/// a complete one. Throws cm::Error naming the path on failure.
class EventGpkgWriter {
public:
    explicit EventGpkgWriter(const std::string& path);
    /// Abandons (deletes) the partial file if finish() was not called.
    ~EventGpkgWriter();
    EventGpkgWriter(const EventGpkgWriter&) = delete;
    EventGpkgWriter& operator=(const EventGpkgWriter&) = delete;
    /// Appends one event.
    void add(const Event& e);
    /// Commits, builds the spatial index, closes and moves the file into place.
    void finish();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Writes events to a GeoPackage at path (replacing it). Throws cm::Error naming the path.
void write_events_gpkg(const std::vector<Event>& events, const std::string& path);
void write_events_gpkg(const EventList& events, const std::string& path);

/// Writes events in this schema to a new file of another OGR driver — "FlatGeobuf", or "LIBKML"
/// (KML: each event a placemark with its name, description and TimeStamp/TimeSpan, the schema's
/// fields as its data) — with the columns some row uses. The file appears at path only when
/// complete. Returns how many events were left out (FlatGeobuf holds no row without geometry).
/// Throws cm::Error naming the path.
std::size_t write_events_ogr(const EventList& events, const std::string& path, const std::string& driver);

/// Reads events in conflictmap's schema from path: a GeoPackage from write_events_gpkg, or a
/// GeoJSON from write_events_geojson. Bad rows are reported to diag with their row and skipped;
/// rows without geometry are kept (unmapped) with a warning. An unreadable file is an error in diag.
std::vector<Event> read_events_gpkg(const std::string& path, Diagnostics& diag);

/// Same, handing each event to sink; progress (may be empty) can cancel. Returns false if cancelled.
bool read_events_gpkg(const std::string& path, Diagnostics& diag, const EventSink& sink, const RowProgress& progress);

namespace detail {
/// Creates the "events" layer (WGS 84, spatial index) in ds: the schema's core columns, or every
/// column of the schema when all_fields (a store, whose schema must not change under its users).
OGRLayer* create_events_layer(GDALDataset& ds, const std::string& path, bool all_fields);
/// Adds the schema's columns the layer lacks (a file export wrote with only the columns it used).
void complete_events_layer(OGRLayer& layer, const std::string& path);
/// Appends events to an events layer of this schema inside the caller's transaction. With
/// create_columns a schema column is added when the first row has a value for it; without, only
/// the layer's columns are written.
class EventLayerAppender {
public:
    /// explicit_nulls: a value the event lacks is written as NULL rather than left unset, so every
    /// row sets the same columns (GeoPackage and PostgreSQL prepare their INSERT once then).
    EventLayerAppender(OGRLayer& layer, std::string path, bool create_columns, bool explicit_nulls = true);
    ~EventLayerAppender();
    EventLayerAppender(const EventLayerAppender&) = delete;
    EventLayerAppender& operator=(const EventLayerAppender&) = delete;
    /// Writes one event (extra may set the format's own fields); throws cm::Error naming the path.
    void add(const Event& e, const std::function<void(OGRFeature&)>& extra = {});

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};
/// Opens a vector source read-only (null if GDAL cannot), letting SQLite-based formats such as
/// GeoPackage map the file into memory: a million-row read spends less time copying pages.
/// The caller owns the dataset (GDALDatasetUniquePtr).
GDALDataset* open_vector(const std::string& path);
/// How read_store_layer walks a layer: Auto takes GDAL's Arrow stream where the driver has a fast
/// one (GeoPackage) and features elsewhere; Features always goes feature by feature (tests use it
/// to check that both give the same events).
enum class StoreReadPath { Auto, Features };
/// True if the layer carries conflictmap's event properties (id, date_start, event_type, and
/// shape or date_precision) — how the importer recognises our own files.
bool is_store_layer(OGRLayer& layer);
/// A layer that is one piece of a file (see io/FilePieces.h): its rows are numbered from
/// first_row + 1, and what the row limit left unread is counted here (over), not reported: the
/// caller says it once for the whole file (report_rows_over_limit).
struct PieceRows {
    std::size_t first_row = 0;
    std::size_t rows = 0, over = 0;
};
/// A read into a lean table (EventTableBuilder::set_lean) from the file `source`: where GDAL's
/// Arrow stream reads the layer (a GeoPackage table with a feature id and our column types),
/// only the columns a lean table keeps of a point row are asked for, and the rows it keeps whole
/// (routes, zones, areas) are read again from source by feature id, counted in rows_reread. The
/// table is the one a whole read gives.
struct LeanRead {
    const std::string* source = nullptr;
    std::size_t rows_reread = 0;
    /// The lean table the sink adds to: the common point rows go to it straight (without an
    /// Event; EventTableBuilder::add_lean_point), each counted into *rows as the sink's would be.
    events::EventTableBuilder* builder = nullptr;
    std::size_t* rows = nullptr;
    std::size_t rows_direct = 0;
};
/// Reads one such layer (rows numbered from 1 in diagnostics; bad rows counted into *skipped when
/// given). Returns false if cancelled.
bool read_store_layer(OGRLayer& layer, const std::string& path, Diagnostics& diag, const EventSink& sink,
                      const RowProgress& progress, std::size_t* skipped = nullptr,
                      StoreReadPath how = StoreReadPath::Auto, PieceRows* piece = nullptr, LeanRead* lean = nullptr);
/// The message for rows past limits().features_per_file (rows: the file's last row; over: how many
/// were not read), counted into *skipped.
void report_rows_over_limit(const std::string& path, Diagnostics& diag, std::size_t rows, std::size_t over,
                            std::size_t* skipped);
}  // namespace detail

}  // namespace cm::io
