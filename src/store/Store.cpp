// conflictmap store: GeoPackage or PostGIS through GDAL. See Store.h for the schema. The only SQL
// this file sends is fixed text (index creation, id lists, a table lock); values always go through
// OGR features and filters built from numbers and dates we format ourselves.
#include "store/Store.h"

#include "core/Limits.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <set>
#include <unordered_set>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <ogrsf_frmts.h>

#include "core/Paths.h"
#include "core/Utf8.h"
#include "geo/Ogr.h"

namespace cm::store {

namespace fs = std::filesystem;

namespace {

/// Events up to this many days long (a day, a week, a calendar month) are found by a window's
/// query on their start day alone; longer ones (seasons, years, open conflicts) on span_days.
/// The shorter it is, the fewer rows a window's query reads and drops: at 92 days a month's
/// window read four times the rows it kept.
constexpr int kShortSpanDays = 35;

/// Events an add holds before writing them sorted by day: rows of the same days then lie
/// together on disk, which is what a time window reads (a month of a million events read in
/// random order touched 21,000 pages of PostgreSQL's heap).
constexpr std::size_t kSortBatch = 50000;

constexpr const char* kSchemaName = "conflictmap-store";
constexpr int kSchemaVersion = 1;

struct Column {
    const char* name;
    OGRFieldType type;
};
const std::vector<Column> kReportColumns = {{"id", OFTString},     {"source", OFTString}, {"title", OFTString},
                                            {"outlet", OFTString}, {"published", OFTString}, {"text", OFTString},
                                            {"notes", OFTString},  {"added", OFTString}};
const std::vector<Column> kEditColumns = {{"at", OFTString},     {"user", OFTString},      {"action", OFTString},
                                          {"detail", OFTString}, {"events", OFTInteger64}};
const std::vector<Column> kViewColumns = {{"name", OFTString}, {"json", OFTString}, {"saved", OFTString}};
const std::vector<Column> kMetaColumns = {{"key", OFTString}, {"value", OFTString}};
const std::vector<Column> kPackColumns = {{"name", OFTString},      {"file_name", OFTString}, {"original", OFTString},
                                          {"added", OFTString},     {"entries", OFTInteger64}, {"skipped", OFTInteger64},
                                          {"content", OFTBinary}};

std::string utc_now() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string user_name() {
    const char* u = std::getenv("USER");
    return u && *u ? u : "unknown";
}

/// GDAL's last message with the connection string (which may hold a password) taken out.
std::string gdal_message(const std::string& spec) {
    std::string m = CPLGetLastErrorMsg();
    if (!spec.empty())
        for (std::size_t at; (at = m.find(spec)) != std::string::npos;) m.replace(at, spec.size(), printable(spec));
    return m.empty() ? "no reason given" : m;
}

/// Rows of a fixed one-column query as text.
std::vector<std::string> column_values(GDALDataset& ds, const char* sql) {
    std::vector<std::string> out;
    OGRLayer* rs = ds.ExecuteSQL(sql, nullptr, nullptr);
    if (!rs) return out;
    for (OGRFeatureUniquePtr f(rs->GetNextFeature()); f; f.reset(rs->GetNextFeature()))
        if (f->IsFieldSetAndNotNull(0)) out.emplace_back(f->GetFieldAsString(0));
    ds.ReleaseResultSet(rs);
    return out;
}

/// Rows in the order they were written (a database returns them in any order).
template <class T>
std::vector<T> in_fid_order(std::vector<std::pair<GIntBig, T>> rows) {
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<T> out;
    out.reserve(rows.size());
    for (auto& r : rows) out.push_back(std::move(r.second));
    return out;
}

void run_sql(GDALDataset& ds, const char* sql) {
    if (OGRLayer* rs = ds.ExecuteSQL(sql, nullptr, nullptr)) ds.ReleaseResultSet(rs);
}

}  // namespace

bool is_database(const std::string& spec) { return is_database_source(spec); }

std::string printable(const std::string& spec) { return printable_source(spec); }

struct Store::Impl {
    std::string spec, label, gdal_name;
    bool database = false;
    GDALDatasetUniquePtr ds;

    OGRLayer* layer(const char* name) {
        OGRLayer* l = ds->GetLayerByName(name);
        if (!l) throw Error(std::string("the store has no '") + name + "' table", label);
        return l;
    }

    // A table of ours, made when missing.
    OGRLayer* ensure_table(const char* name, const std::vector<Column>& cols) {
        OGRLayer* l = ds->GetLayerByName(name);
        if (!l) {
            char** opts = nullptr;
            if (!database) opts = CSLSetNameValue(opts, "ASPATIAL_VARIANT", "GPKG_ATTRIBUTES");
            l = ds->CreateLayer(name, nullptr, wkbNone, opts);
            CSLDestroy(opts);
            if (!l) throw Error(std::string("cannot create the '") + name + "' table: " + gdal_message(spec), label);
        }
        for (const Column& c : cols) {
            if (l->GetLayerDefn()->GetFieldIndex(c.name) >= 0) continue;
            OGRFieldDefn def(c.name, c.type);
            if (l->CreateField(&def) != OGRERR_NONE)
                throw Error(std::string("cannot add column ") + c.name + " to '" + name + "': " + gdal_message(spec), label);
        }
        return l;
    }

    void log(const std::string& action, const std::string& detail, long long events) {
        OGRLayer* l = layer("edits");
        OGRFeature f(l->GetLayerDefn());
        f.SetField("at", utc_now().c_str());
        f.SetField("user", user_name().c_str());
        f.SetField("action", action.c_str());
        f.SetField("detail", detail.c_str());
        f.SetField("events", static_cast<GIntBig>(events));
        if (l->CreateFeature(&f) != OGRERR_NONE) throw Error("cannot write the edit log: " + gdal_message(spec), label);
    }

    // Runs body in one transaction; rolls back and rethrows on failure.
    template <class F>
    void transaction(F&& body) {
        if (ds->StartTransaction() != OGRERR_NONE) throw Error("cannot start a transaction: " + gdal_message(spec), label);
        try {
            body();
        } catch (...) {
            ds->RollbackTransaction();
            throw;
        }
        if (ds->CommitTransaction() != OGRERR_NONE) {
            ds->RollbackTransaction();
            throw Error("cannot commit: " + gdal_message(spec), label);
        }
    }

    // Time windows run on these (see Store::read).
    void create_date_indexes() {
        run_sql(*ds, "CREATE INDEX IF NOT EXISTS events_date_start ON events (date_start)");
        run_sql(*ds, "CREATE INDEX IF NOT EXISTS events_date_end ON events (date_end)");
        run_sql(*ds, "CREATE INDEX IF NOT EXISTS events_span_days ON events (span_days)");
    }

    void ensure_schema() {
        const bool fresh = ds->GetLayerByName("store_meta") == nullptr;
        const bool had_span = [&] {
            OGRLayer* ev = ds->GetLayerByName("events");
            return !ev || ev->GetLayerDefn()->GetFieldIndex("span_days") >= 0;
        }();
        transaction([&] {
            OGRLayer* events = ds->GetLayerByName("events");
            if (!events) {
                events = io::detail::create_events_layer(*ds, label, true);
            } else if (!io::detail::is_store_layer(*events)) {
                throw Error("its 'events' table is not conflictmap's (no id, date_start, event_type columns)", label);
            }
            // An events file written by export has only the columns its rows used: a store has all.
            io::detail::complete_events_layer(*events, label);
            ensure_table("reports", kReportColumns);
            ensure_table("edits", kEditColumns);
            ensure_table("views", kViewColumns);
            ensure_table("gazetteer_packs", kPackColumns);
            OGRLayer* meta = ensure_table("store_meta", kMetaColumns);
            if (fresh) {
                for (const auto& [k, v] : {std::pair<std::string, std::string>{"schema", kSchemaName},
                                           {"version", std::to_string(kSchemaVersion)},
                                           {"created", utc_now()}}) {
                    OGRFeature f(meta->GetLayerDefn());
                    f.SetField("key", k.c_str());
                    f.SetField("value", v.c_str());
                    if (meta->CreateFeature(&f) != OGRERR_NONE) throw Error("cannot write store_meta: " + gdal_message(spec), label);
                }
                log("create", "schema " + std::string(kSchemaName) + " " + std::to_string(kSchemaVersion), 0);
            }
        });
        // Ids are unique (what makes imports idempotent, also between team members importing at
        // once); time windows run on the date indexes.
        CPLErrorReset();
        run_sql(*ds, "CREATE UNIQUE INDEX IF NOT EXISTS events_id_key ON events (id)");
        create_date_indexes();
        run_sql(*ds, "CREATE UNIQUE INDEX IF NOT EXISTS reports_id_key ON reports (id)");
        run_sql(*ds, "CREATE UNIQUE INDEX IF NOT EXISTS gazetteer_packs_name_key ON gazetteer_packs (name)");
        // A store written before span_days existed: fill it in once (fixed text, no values).
        if (!had_span)
            transaction([&] {
                run_sql(*ds, database ? "UPDATE events SET span_days = date_end - date_start "
                                        "WHERE date_start IS NOT NULL AND date_end IS NOT NULL"
                                      : "UPDATE events SET span_days = CAST(julianday(date_end) - julianday(date_start) AS INTEGER) "
                                        "WHERE date_start IS NOT NULL AND date_end IS NOT NULL");
            });
        for (OGRLayer* l : {ds->GetLayerByName("store_meta")}) {
            if (!l) continue;
            l->ResetReading();
            for (OGRFeatureUniquePtr f(l->GetNextFeature()); f; f.reset(l->GetNextFeature()))
                if (std::string(f->GetFieldAsString("key")) == "version" && std::atoi(f->GetFieldAsString("value")) > kSchemaVersion)
                    throw Error("the store was made by a newer conflictmap (schema version " +
                                    std::string(f->GetFieldAsString("value")) + "; this one reads " +
                                    std::to_string(kSchemaVersion) + ")",
                                label);
        }
    }
};

Store::Store(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Store::~Store() = default;

std::unique_ptr<Store> Store::open(const std::string& spec, bool create) {
    geo::init_gdal();
    auto impl = std::make_unique<Impl>();
    impl->spec = spec;
    impl->label = printable(spec);
    impl->database = is_database(spec);
    impl->gdal_name = spec;
    if (impl->database && spec.rfind("PG:", 0) != 0) impl->gdal_name = "PG:" + (spec.rfind("pg:", 0) == 0 ? spec.substr(3) : spec);
    // Another writer holding the file: wait for it rather than fail at once.
    const std::string before = CPLGetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", "");
    CPLSetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", "busy_timeout=30000");
    CPLErrorReset();
    std::error_code ec;
    if (!impl->database && !fs::exists(spec, ec)) {
        if (!create) {
            CPLSetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", before.empty() ? nullptr : before.c_str());
            throw Error("no such store (conflictmap import FILE --store " + spec + " makes one)", spec);
        }
        const std::string ext = ascii_lower(fs::path(spec).extension().string());
        if (ext != ".gpkg") {
            CPLSetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", before.empty() ? nullptr : before.c_str());
            throw Error("a store is a GeoPackage (.gpkg) or a PG:\"dbname=...\" connection", spec);
        }
        GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
        if (drv) impl->ds.reset(drv->Create(spec.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    } else {
        const char* drivers[] = {impl->database ? "PostgreSQL" : "GPKG", nullptr};
        impl->ds.reset(GDALDataset::Open(impl->gdal_name.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr));
    }
    CPLSetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", before.empty() ? nullptr : before.c_str());
    if (!impl->ds) {
        const std::string why = CPLGetLastErrorMsg();
        throw Error(impl->database ? "cannot connect to the database: " + gdal_message(spec)
                                   : "cannot open as a GeoPackage store" + (why.empty() ? std::string(" (not a GeoPackage?)") : ": " + why),
                    impl->label);
    }
    if (!create && !impl->ds->GetLayerByName("store_meta"))
        throw Error("not a conflictmap store (no store_meta table); `conflictmap import FILE --store " + impl->label +
                        "` makes one of it, keeping what it holds",
                    impl->label);
    // GDAL reads a PostgreSQL layer through a cursor, which the planner optimises for its first
    // rows (a sequential scan that finds a month's events late); a window query wants them all.
    if (impl->database) run_sql(*impl->ds, "SET cursor_tuple_fraction = 1.0");
    impl->ensure_schema();
    return std::unique_ptr<Store>(new Store(std::move(impl)));
}

const std::string& Store::name() const { return m_impl->label; }
const std::string& Store::source() const { return m_impl->gdal_name; }

std::size_t Store::event_count() {
    const auto n = column_values(*m_impl->ds, "SELECT COUNT(*) FROM events");
    return n.empty() ? 0 : static_cast<std::size_t>(std::atoll(n[0].c_str()));
}

struct StoreWriter::Impl {
    Store::Impl* store = nullptr;
    bool open = false;  // the transaction is running
    AddSummary sum;
    std::unordered_set<std::string> have, have_reports;
    std::unique_ptr<io::detail::EventLayerAppender> out;
    OGRLayer* reports = nullptr;
    std::string now;
    std::vector<Event> batch;
    bool rebuild_indexes = false;  // the date indexes were dropped for this add

    /// Writes the held events, by first day (undated last), then id.
    void flush() {
        std::stable_sort(batch.begin(), batch.end(), [](const Event& a, const Event& b) {
            const int da = a.date.valid() ? a.date.first.days() : INT32_MAX, db = b.date.valid() ? b.date.first.days() : INT32_MAX;
            return da != db ? da < db : a.id < b.id;
        });
        for (const Event& e : batch) out->add(e);
        batch.clear();
    }
};

StoreWriter::StoreWriter(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

StoreWriter::~StoreWriter() {
    if (m_impl && m_impl->open) {
        m_impl->out.reset();
        m_impl->store->ds->RollbackTransaction();
    }
}

std::unique_ptr<StoreWriter> Store::begin_add() {
    Impl& s = *m_impl;
    auto w = std::make_unique<StoreWriter::Impl>();
    w->store = &s;
    if (s.ds->StartTransaction() != OGRERR_NONE) throw Error("cannot start a transaction: " + gdal_message(s.spec), s.label);
    w->open = true;
    std::unique_ptr<StoreWriter> writer(new StoreWriter(std::move(w)));
    StoreWriter::Impl& wi = *writer->m_impl;
    // Team members importing at once: one waits for the other, so both see every id.
    if (s.database) run_sql(*s.ds, "LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE");
    for (std::string& id : column_values(*s.ds, "SELECT id FROM events")) wi.have.insert(std::move(id));
    // Into an empty table, the date indexes are built once at the end rather than kept up row by
    // row (a fifth of a first import's time); dropped inside the transaction, so a failed add
    // gets them back with everything else. The unique id index stays: it guards the team's ids.
    if (wi.have.empty()) {
        for (const char* idx : {"events_date_start", "events_date_end", "events_span_days"})
            run_sql(*s.ds, (std::string("DROP INDEX IF EXISTS ") + idx).c_str());
        wi.rebuild_indexes = true;
    }
    for (std::string& id : column_values(*s.ds, "SELECT id FROM reports")) wi.have_reports.insert(std::move(id));
    wi.out = std::make_unique<io::detail::EventLayerAppender>(*s.layer("events"), s.label, false);
    wi.reports = s.layer("reports");
    wi.now = utc_now();
    return writer;
}

void StoreWriter::event(const Event& e) {
    Impl& w = *m_impl;
    if (!w.open) throw Error("this add has ended", w.store->label);
    if (w.have.count(e.id)) {
        ++w.sum.already;
        return;
    }
    // The store's events are its ids: those it had and those this add brought.
    if (w.have.size() >= limits().events_per_store)
        throw Error("the store would hold more than " + std::to_string(limits().events_per_store) +
                        " events, its limit; nothing of this import was added (the store is as it was)",
                    w.store->label);
    w.have.insert(e.id);
    w.batch.push_back(e);
    ++w.sum.added;
    if (w.batch.size() >= kSortBatch) w.flush();
}

void StoreWriter::report(const StoreReport& r) {
    Impl& w = *m_impl;
    if (!w.open) throw Error("this add has ended", w.store->label);
    if (!w.have_reports.insert(r.id).second) return;
    OGRFeature f(w.reports->GetLayerDefn());
    f.SetField("id", r.id.c_str());
    f.SetField("source", r.source.c_str());
    f.SetField("title", r.title.c_str());
    f.SetField("outlet", r.outlet.c_str());
    f.SetField("published", r.published.c_str());
    f.SetField("text", r.text.c_str());
    f.SetField("notes", r.notes.c_str());
    f.SetField("added", w.now.c_str());
    if (w.reports->CreateFeature(&f) != OGRERR_NONE)
        throw Error("cannot write report " + r.source + ": " + gdal_message(w.store->spec), w.store->label);
    ++w.sum.reports_added;
}

const AddSummary& StoreWriter::summary() const { return m_impl->sum; }

AddSummary StoreWriter::commit(const std::string& detail) {
    Impl& w = *m_impl;
    Store::Impl& s = *w.store;
    if (!w.open) throw Error("this add has ended", s.label);
    w.flush();
    w.out.reset();
    if (w.rebuild_indexes) s.create_date_indexes();
    s.log("import", detail, static_cast<long long>(w.sum.added));
    w.open = false;
    if (s.ds->CommitTransaction() != OGRERR_NONE) {
        s.ds->RollbackTransaction();
        throw Error("cannot commit: " + gdal_message(s.spec), s.label);
    }
    // Many new rows: the planner's statistics would still describe the table before them.
    if (w.sum.added >= 10000) run_sql(*s.ds, "ANALYZE events");
    return w.sum;
}

AddSummary Store::add(const std::vector<Event>& events, const std::vector<StoreReport>& reports, const std::string& detail) {
    auto w = begin_add();
    for (const Event& e : events) w->event(e);
    for (const StoreReport& r : reports) w->report(r);
    return w->commit(detail);
}

std::vector<std::string> Store::event_ids() { return column_values(*m_impl->ds, "SELECT id FROM events"); }

bool Store::read(Diagnostics& diag, const io::EventSink& sink, const StoreQuery& q, const io::RowProgress& progress) {
    Impl& s = *m_impl;
    OGRLayer* l = s.layer("events");
    std::string where;
    // Days overlapping the window; the dates are ours (ISO), never user text. With both ends the
    // window runs on the date_start index: an event that overlaps it starts at most kShortSpan
    // days before it, unless its own span is longer — those few are found on the span_days index.
    // (date_end >= from alone is no help early in the data: most rows end after any early day.)
    if (q.from && q.to) {
        const std::string f = q.from->iso(), t = q.to->iso(), back = q.from->plus_days(-kShortSpanDays).iso();
        // The checks that must not drive the plan are written so no index serves them (SQLite's
        // unary +; in PostgreSQL a date plus zero days): otherwise both planners take date_end,
        // common to both branches, and walk most of the table for a window early in the data.
        const std::string end = s.database ? "date_end + 0" : "+date_end", start = s.database ? "date_start + 0" : "+date_start";
        where = "((date_start >= '" + back + "' AND date_start <= '" + t + "' AND " + end + " >= '" + f + "') OR (span_days > " +
                std::to_string(kShortSpanDays) + " AND " + end + " >= '" + f + "' AND " + start + " <= '" + t + "'))";
    } else {
        if (q.from) where += "date_end >= '" + q.from->iso() + "'";
        if (q.to) where += std::string(where.empty() ? "" : " AND ") + "date_start <= '" + q.to->iso() + "'";
    }
    if (l->SetAttributeFilter(where.empty() ? nullptr : where.c_str()) != OGRERR_NONE)
        throw Error("cannot filter the events: " + gdal_message(s.spec), s.label);
    if (q.bbox) l->SetSpatialFilterRect((*q.bbox)[0], (*q.bbox)[1], (*q.bbox)[2], (*q.bbox)[3]);
    else l->SetSpatialFilter(nullptr);
    // A filtered read goes feature by feature: GDAL 3.6's GeoPackage Arrow stream runs the query
    // on a helper thread that crashed on this window's OR (and a window's rows are few).
    const bool done = io::detail::read_store_layer(*l, s.label, diag, sink, progress, nullptr,
                                                   where.empty() && !q.bbox ? io::detail::StoreReadPath::Auto
                                                                            : io::detail::StoreReadPath::Features);
    l->SetAttributeFilter(nullptr);
    l->SetSpatialFilter(nullptr);
    return done;
}

std::vector<StorePack> Store::packs(bool with_content) {
    OGRLayer* l = m_impl->layer("gazetteer_packs");
    l->ResetReading();
    if (!with_content) l->SetIgnoredFields(std::vector<const char*>{"content", nullptr}.data());
    std::vector<StorePack> out;
    for (OGRFeatureUniquePtr f(l->GetNextFeature()); f; f.reset(l->GetNextFeature())) {
        StorePack p;
        p.name = f->GetFieldAsString("name");
        p.file_name = f->GetFieldAsString("file_name");
        p.original = f->GetFieldAsString("original");
        p.added = f->GetFieldAsString("added");
        p.entries = f->GetFieldAsInteger64("entries");
        p.skipped = f->GetFieldAsInteger64("skipped");
        if (with_content) {
            const int i = f->GetFieldIndex("content");
            int n = 0;
            const GByte* b = i >= 0 && f->IsFieldSetAndNotNull(i) ? f->GetFieldAsBinary(i, &n) : nullptr;
            if (b && n > 0) p.content.assign(reinterpret_cast<const char*>(b), static_cast<std::size_t>(n));
        }
        out.push_back(std::move(p));
    }
    l->SetIgnoredFields(nullptr);
    std::sort(out.begin(), out.end(), [](const StorePack& a, const StorePack& b) { return a.name < b.name; });
    return out;
}

void Store::put_pack(const StorePack& p, bool replace) {
    Impl& s = *m_impl;
    if (p.name.empty()) throw Error("a pack needs a name", s.label);
    s.transaction([&] {
        OGRLayer* l = s.layer("gazetteer_packs");
        l->ResetReading();
        GIntBig existing = OGRNullFID;
        for (OGRFeatureUniquePtr f(l->GetNextFeature()); f; f.reset(l->GetNextFeature()))
            if (p.name == f->GetFieldAsString("name")) existing = f->GetFID();
        if (existing != OGRNullFID) {
            if (!replace)
                throw Error("the store already has a pack named '" + p.name + "'; use --replace to replace it or --name to choose another name",
                            s.label);
            if (l->DeleteFeature(existing) != OGRERR_NONE) throw Error("cannot replace pack " + p.name + ": " + gdal_message(s.spec), s.label);
        }
        OGRFeature f(l->GetLayerDefn());
        f.SetField("name", p.name.c_str());
        f.SetField("file_name", p.file_name.c_str());
        f.SetField("original", p.original.c_str());
        f.SetField("added", p.added.empty() ? utc_now().c_str() : p.added.c_str());
        f.SetField("entries", static_cast<GIntBig>(p.entries));
        f.SetField("skipped", static_cast<GIntBig>(p.skipped));
        f.SetField(f.GetFieldIndex("content"), static_cast<int>(p.content.size()),
                   reinterpret_cast<const GByte*>(p.content.data()));
        if (l->CreateFeature(&f) != OGRERR_NONE) throw Error("cannot keep pack " + p.name + ": " + gdal_message(s.spec), s.label);
        s.log("gazetteer", std::string(existing != OGRNullFID ? "replaced" : "added") + " pack " + p.name + " (" +
                               std::to_string(p.entries) + " places) from " + p.original,
              0);
    });
}

bool Store::remove_pack(const std::string& name) {
    Impl& s = *m_impl;
    bool removed = false;
    s.transaction([&] {
        OGRLayer* l = s.layer("gazetteer_packs");
        l->ResetReading();
        std::vector<GIntBig> fids;
        for (OGRFeatureUniquePtr f(l->GetNextFeature()); f; f.reset(l->GetNextFeature()))
            if (name == f->GetFieldAsString("name")) fids.push_back(f->GetFID());
        for (GIntBig fid : fids)
            if (l->DeleteFeature(fid) != OGRERR_NONE) throw Error("cannot remove pack " + name + ": " + gdal_message(s.spec), s.label);
        removed = !fids.empty();
        if (removed) s.log("gazetteer", "removed pack " + name, 0);
    });
    return removed;
}

std::optional<std::string> Store::view(const std::string& name) {
    OGRLayer* l = m_impl->layer("views");
    l->ResetReading();
    for (OGRFeatureUniquePtr f(l->GetNextFeature()); f; f.reset(l->GetNextFeature()))
        if (name == f->GetFieldAsString("name")) return std::string(f->GetFieldAsString("json"));
    return std::nullopt;
}

void Store::save_view(const std::string& json, const std::string& name) {
    Impl& s = *m_impl;
    s.transaction([&] {
        OGRLayer* l = s.layer("views");
        l->ResetReading();
        OGRFeatureUniquePtr found;
        for (OGRFeatureUniquePtr f(l->GetNextFeature()); f; f.reset(l->GetNextFeature()))
            if (name == f->GetFieldAsString("name")) {
                found = std::move(f);
                break;
            }
        OGRFeatureUniquePtr f = found ? std::move(found) : OGRFeatureUniquePtr(OGRFeature::CreateFeature(l->GetLayerDefn()));
        f->SetField("name", name.c_str());
        f->SetField("json", json.c_str());
        f->SetField("saved", utc_now().c_str());
        const OGRErr err = f->GetFID() == OGRNullFID ? l->CreateFeature(f.get()) : l->SetFeature(f.get());
        if (err != OGRERR_NONE) throw Error("cannot save the view: " + gdal_message(s.spec), s.label);
        s.log("view", "saved view '" + name + "'", 0);
    });
}

std::vector<StoreEdit> Store::edits() {
    std::vector<std::pair<GIntBig, StoreEdit>> rows;
    OGRLayer* l = m_impl->layer("edits");
    l->ResetReading();
    for (OGRFeatureUniquePtr f(l->GetNextFeature()); f; f.reset(l->GetNextFeature()))
        rows.push_back({f->GetFID(), {f->GetFieldAsString("at"), f->GetFieldAsString("user"), f->GetFieldAsString("action"),
                                      f->GetFieldAsString("detail"), f->GetFieldAsInteger64("events")}});
    return in_fid_order(std::move(rows));
}

std::vector<StoreReport> Store::reports() {
    std::vector<std::pair<GIntBig, StoreReport>> rows;
    OGRLayer* l = m_impl->layer("reports");
    l->ResetReading();
    for (OGRFeatureUniquePtr f(l->GetNextFeature()); f; f.reset(l->GetNextFeature()))
        rows.push_back({f->GetFID(), {f->GetFieldAsString("id"), f->GetFieldAsString("source"), f->GetFieldAsString("title"),
                                      f->GetFieldAsString("outlet"), f->GetFieldAsString("published"),
                                      f->GetFieldAsString("text"), f->GetFieldAsString("notes")}});
    return in_fid_order(std::move(rows));
}

}  // namespace cm::store
