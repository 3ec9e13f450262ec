// conflictmap cli: `conflictmap export` — event files in, what passes a time window and the
// viewer's filters out, as GeoJSON (RFC 7946) or GeoPackage, written whole or not at all.
#include <algorithm>
#include <filesystem>
#include <set>

#include "cli/Cli.h"
#include "cli/Common.h"
#include "core/Utf8.h"
#include "io/EventGeoJson.h"
#include "io/EventGpkg.h"
#include "io/EventExport.h"
#include "io/EventImport.h"
#include "store/Store.h"

namespace cm::cli {

io::ImportOptions import_options(const ParsedArgs& args) {
    io::ImportOptions iopt;
    for (const std::string& pair : split(args.get("map"), ',')) {
        if (trim(pair).empty()) continue;
        const auto eq = pair.find('=');
        const std::string ours = eq == std::string::npos ? std::string() : ascii_lower(trim(std::string_view(pair).substr(0, eq)));
        const std::string theirs = eq == std::string::npos ? std::string() : std::string(trim(std::string_view(pair).substr(eq + 1)));
        const auto& f = io::mappable_fields();
        if (ours.empty() || theirs.empty() || std::find(f.begin(), f.end(), ours) == f.end()) {
            std::string names;
            for (const auto& n : f) names += (names.empty() ? "" : ", ") + n;
            throw UsageError("--map takes FIELD=COLUMN pairs, FIELD one of " + names + " (got '" + pair + "')");
        }
        iopt.columns[ours] = theirs;
    }
    return iopt;
}

// "battles,explosions" -> the types; ACLED's names or their first word.
std::set<EventType> parse_event_types(const std::string& list) {
    std::set<EventType> out;
    for (const std::string& raw : split(list, ',')) {
        const std::string t = ascii_lower(trim(raw));
        if (t.empty()) continue;
        bool found = false;
        for (EventType e : {EventType::Battles, EventType::ExplosionsRemoteViolence, EventType::ViolenceAgainstCivilians,
                            EventType::StrategicDevelopments, EventType::Protests, EventType::Riots}) {
            const std::string name = ascii_lower(event_type_name(e));
            if (name == t || name.rfind(t, 0) == 0 || (t == "vac" && e == EventType::ViolenceAgainstCivilians)) {
                out.insert(e);
                found = true;
            }
        }
        if (!found)
            throw UsageError("--type: '" + t + "' is not an event type (battles, explosions, violence, strategic, protests, riots)");
    }
    return out;
}


namespace {

namespace fs = std::filesystem;

int run_export(const ParsedArgs& args, Io& io) {
    std::vector<std::string> inputs = args.positional;
    std::unique_ptr<store::Store> st;
    if (args.has("store")) {
        st = store::Store::open(args.get("store"), false);
        inputs.push_back(st->source());
    }
    if (inputs.empty()) throw UsageError("export needs event FILEs (GeoJSON, GeoPackage, CSV, ...) or --store STORE");
    if (!args.has("output") && !args.has("dry-run"))
        throw UsageError(std::string("export needs -o OUT: ") + io::export_formats_help());
    const std::string out = args.has("output") ? args.get("output") : std::string("dry-run.geojson");
    const auto format = io::export_format_for(out, args.get("schema"));
    if (!format)
        throw UsageError("-o " + out + (args.has("schema") ? " with --schema " + args.get("schema") : std::string()) +
                         ": the format comes from the extension: " + io::export_formats_help());
    std::optional<CivilDate> from, to;
    if (args.has("from")) {
        from = CivilDate::parse_iso(args.get("from"));
        if (!from) throw UsageError("--from must be YYYY-MM-DD");
    }
    if (args.has("to")) {
        to = CivilDate::parse_iso(args.get("to"));
        if (!to) throw UsageError("--to must be YYYY-MM-DD");
    }
    const std::set<EventType> types = args.has("type") ? parse_event_types(args.get("type")) : std::set<EventType>{};
    int min_fatalities = 0;
    if (args.has("min-fatalities")) {
        try {
            min_fatalities = std::stoi(args.get("min-fatalities"));
        } catch (const std::exception&) {
            throw UsageError("--min-fatalities must be a whole number");
        }
    }
    const std::string text = ascii_lower(trim(args.get("text")));

    const io::ImportOptions iopt = import_options(args);
    // Read into the viewer's compact table (a million rows stay small), then filtered by its
    // columns; each event is made whole only as the writer takes it.
    // Every rejected row is named as it is met (none left out, however many).
    Diagnostics diag([&io](const Diagnostic& d) { io.err << "conflictmap export: " << d.to_string() << "\n"; });
    io::ImportResult res;
    const auto table = io::import_event_table(inputs, diag, {}, &res, iopt);
    const std::size_t total = table ? table->size() : 0;
    if (args.has("dry-run")) {
        // The mapping and what would be written, nothing written.
        io.err << "conflictmap export: dry run: " << total << " events read, " << plural(res.rows_skipped, "row skipped", "rows skipped")
               << "; nothing written\n";
        return res.rows_skipped || res.files_failed ? 1 : 0;
    }
    std::vector<std::uint32_t> kept;
    if (table) {
        const events::EventTable& t = *table;
        const std::vector<std::uint8_t> hits = text.empty() ? std::vector<std::uint8_t>() : t.rows_containing(text);
        for (std::size_t i = 0; i < t.size(); ++i) {
            // The time window: events whose days overlap it (undated ones are left out of a window).
            if ((from || to) && t.day_first[i] == events::kUndatedDay) continue;
            if (from && t.day_last[i] < from->days()) continue;
            if (to && t.day_first[i] > to->days()) continue;
            if (!types.empty() && !types.count(static_cast<EventType>(t.type[i]))) continue;
            if (min_fatalities > 0 && t.fatalities[i] < min_fatalities) continue;
            if (!text.empty() && !hits[i]) continue;
            kept.push_back(static_cast<std::uint32_t>(i));
        }
    }
    // Nothing read at all: an earlier export at this path is worth more than an empty one.
    if (res.files_read == 0 && res.files_failed > 0) {
        io.err << "conflictmap export: no input could be read whole; " << out << " not written"
               << (fs::exists(out) ? " (the one there is kept)" : "") << "; "
               << plural(res.files_failed, "file not read or cut short", "files not read or cut short") << " (see above)\n";
        return 1;
    }
    // Whole or not at all: each writer writes beside the target and renames it over.
    const std::size_t written = kept.size();
    const std::vector<std::string> notes =
        table ? io::export_events(io::TableEvents(*table, std::move(kept)), out, *format)
              : io::export_events(std::vector<Event>{}, out, *format);
    for (const std::string& n : notes) io.err << "conflictmap export: note: " << n << "\n";
    io.err << "conflictmap export: " << written << " of " << total << " events written to " << out << " ("
           << io::export_format_name(*format) << ")";
    if (res.rows_skipped || res.files_failed)
        io.err << "; " << plural(res.rows_skipped, "row skipped", "rows skipped") << ", "
               << plural(res.files_failed, "file not read or cut short", "files not read or cut short") << " (see above)";
    io.err << "\n";
    return res.rows_skipped || res.files_failed ? 1 : 0;
}

}  // namespace

const Command& export_command() {
    static const Command c{
        "export",
        "event files or a store in; what passes a time window and filters out as GeoJSON, GeoPackage, FlatGeobuf, KML or ACLED/UCDP CSV",
        "export FILE...|--store S -o OUT.geojson|.gpkg|.fgb|.kml|.csv [--schema acled|ucdp] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--type T,...] [--min-fatalities N] [--text WORDS]",
        {
            {"output", 'o', "FILE", "the file to write; its extension says the format (.geojson, .gpkg, .fgb, .kml, .csv); replaced only when complete"},
            {"schema", 0, "acled|ucdp", "the columns of a .csv: ACLED's (default) or UCDP GED's, in their order"},
            {"store", 0, "STORE", "export from a store (GeoPackage or PG:\"dbname=...\"), with or instead of FILEs"},
            {"from", 0, "YYYY-MM-DD", "only events whose days reach this day or later"},
            {"to", 0, "YYYY-MM-DD", "only events whose days begin on this day or earlier"},
            {"type", 0, "T[,T]", "only these event types: battles, explosions, violence, strategic, protests, riots"},
            {"min-fatalities", 0, "N", "only events with at least N killed"},
            {"text", 0, "WORDS", "only events whose summary, place, kind, actors or id contain these words"},
            {"map", 0, "FIELD=COLUMN[,...]", "read these columns as these fields (date, end, type, sub_type, actor1, actor2, fatalities, place, notes, id)"},
            {"dry-run", 0, nullptr, "say how the columns are read and how many rows load; write nothing"},
            {"verbose", 'v', nullptr, "print every read warning"},
        },
        run_export};
    return c;
}

}  // namespace cm::cli
