// conflictmap store: the analyst's work kept in one place — a GeoPackage file (the default, one
// analyst) or a PostgreSQL/PostGIS database (a team), both in the same schema, both reached
// through GDAL, so every value is bound by GDAL's drivers and no text of ours or of a user's
// becomes SQL. Schema (documented in the README, "The store"):
//
//   events      the events layer of io/EventGpkg (WGS 84; every column of the schema, plus
//               "attributes", the dataset's own columns as one JSON object); unique by id
//   reports     id, source, title, outlet, published, text, notes, added — the reports events were
//               extracted from (text as cleaned), unique by id (a hash of the text)
//   edits       the log: at (UTC), user, action (create, import, view), detail, events
//   views       name, json, saved — the viewer's saved view (camera, window, filters, layers)
//   gazetteer_packs  name, file_name, original, added, entries, skipped, content — the team's own
//               places, loaded after the bundled gazetteer
//   store_meta  key, value — schema name and version
//
// Every write is one transaction: a process killed at any moment leaves the store as it was
// before the write or as it is after it. Importing what the store already holds (the same ids)
// adds nothing.
#pragma once
#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/Date.h"
#include "core/Error.h"
#include "core/Event.h"
#include "io/EventGpkg.h"

namespace cm::store {

/// A report as the store keeps it.
struct StoreReport {
    std::string id;         ///< stable: a hash of the cleaned text
    std::string source;     ///< file it was read from
    std::string title, outlet, published, text;
    std::string notes;      ///< what cleanup did
};

/// A gazetteer pack kept in the store: the team's own places (a GeoNames dump, a CSV, GeoJSON or
/// GeoPackage of them), loaded after the bundled gazetteer by every command opened on the store.
struct StorePack {
    std::string name;        ///< unique in the store
    std::string file_name;   ///< the name it is read under (its extension says the format)
    std::string original;    ///< where it was added from
    std::string added;       ///< UTC, ISO 8601
    long long entries = 0;   ///< places loaded when it was added
    long long skipped = 0;   ///< rows skipped when it was added
    std::string content;     ///< the file's bytes
};

/// One line of the edit log.
struct StoreEdit {
    std::string at;         ///< UTC, ISO 8601
    std::string user;       ///< $USER of the process that wrote it
    std::string action;     ///< create, import, view
    std::string detail;
    long long events = 0;   ///< events added by it
};

/// What an add changed.
struct AddSummary {
    std::size_t added = 0;           ///< events new to the store
    std::size_t already = 0;         ///< events whose id the store had (left as they were)
    std::size_t reports_added = 0;
};

/// Which events to read: days overlapping [from, to], a lon/lat box. Empty = all.
struct StoreQuery {
    std::optional<CivilDate> from, to;
    std::optional<std::array<double, 4>> bbox;  ///< west, south, east, north
};

/// True for a store name that is a database connection ("PG:..." or "postgresql://...").
bool is_database(const std::string& spec);
/// The name as safe to print: a connection string without its password.
std::string printable(const std::string& spec);

class Store;

/// One add in progress: events and reports go into the store as they are read, inside one
/// transaction. commit() makes them part of the store and logs the add; a writer dropped without
/// commit() (an error, a cancelled import) leaves the store as it was. While it lives, its Store
/// must not be used for anything else.
class StoreWriter {
public:
    ~StoreWriter();
    StoreWriter(const StoreWriter&) = delete;
    StoreWriter& operator=(const StoreWriter&) = delete;
    /// Adds the event unless the store (or this add) already has its id. Throws cm::Error.
    void event(const Event& e);
    /// Adds the report unless the store already has its id. Throws cm::Error.
    void report(const StoreReport& r);
    /// What was added so far.
    const AddSummary& summary() const;
    /// Logs the add with this detail and commits. Throws cm::Error (nothing is written then).
    AddSummary commit(const std::string& detail);

private:
    friend class Store;
    struct Impl;
    explicit StoreWriter(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

class Store {
public:
    /// Opens the store. A GeoPackage path that does not exist is created when create is true; a
    /// database must exist (its tables are made when missing). Throws cm::Error naming the store
    /// (never its password) when it cannot be opened or is not a conflictmap store.
    static std::unique_ptr<Store> open(const std::string& spec, bool create);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    /// The store's name for messages (credentials removed).
    const std::string& name() const;
    /// What GDAL opens for this store (event readers take it as a file name). May hold
    /// credentials: never print it (name() is for that).
    const std::string& source() const;
    /// Events in the store.
    std::size_t event_count();
    /// Adds the events whose ids the store lacks and the reports it lacks, and one line in the
    /// edit log, in one transaction (all or nothing). Throws cm::Error; nothing is written then.
    AddSummary add(const std::vector<Event>& events, const std::vector<StoreReport>& reports, const std::string& detail);
    /// Starts an add that takes events one at a time (a million-row file never held whole).
    /// Throws cm::Error.
    std::unique_ptr<StoreWriter> begin_add();
    /// The ids of the events in the store.
    std::vector<std::string> event_ids();
    /// Reads events (filtered in the database where the query says); bad rows go to diag.
    /// Returns false if progress cancelled.
    bool read(Diagnostics& diag, const io::EventSink& sink, const StoreQuery& query = {},
              const io::RowProgress& progress = {});
    /// The saved view of this name, if any.
    std::optional<std::string> view(const std::string& name = "default");
    /// Saves (replaces) the view of this name, logged; one transaction.
    void save_view(const std::string& json, const std::string& name = "default");
    /// The gazetteer packs kept in the store, by name (content left empty unless asked for).
    std::vector<StorePack> packs(bool with_content = false);
    /// Keeps a pack (replacing one of its name only when replace is set), logged; one transaction.
    /// Throws cm::Error when the name is taken and replace is not set.
    void put_pack(const StorePack& pack, bool replace);
    /// Removes a pack, logged; false if there was none of that name.
    bool remove_pack(const std::string& name);
    /// The edit log, oldest first.
    std::vector<StoreEdit> edits();
    /// The reports kept, in the order they were added.
    std::vector<StoreReport> reports();

private:
    friend class StoreWriter;
    struct Impl;
    explicit Store(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace cm::store
