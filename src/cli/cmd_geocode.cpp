// conflictmap cli: `conflictmap geocode` — place names and spatial phrases to geometry.
#include <chrono>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/Cli.h"
#include "cli/Common.h"
#include "core/Utf8.h"
#include "gazetteer/Resolver.h"
#include "geo/Ogr.h"

namespace cm::cli {

namespace {

using nlohmann::json;

json geometry_json(const Geometry& g) {
    if (g.empty()) return nullptr;
    return json::parse(geo::to_geojson(g));
}

double round6(double v) { return std::round(v * 1e6) / 1e6; }

json candidate_json(const gaz::Gazetteer& g, const gaz::Candidate& c) {
    const gaz::Entry& e = g.entry(c.entry);
    return {{"id", e.id},
            {"name", e.name},
            {"kind", gaz::kind_name(e.kind)},
            {"admin1", e.admin1},
            {"lat", round6(e.point.lat)},
            {"lon", round6(e.point.lon)},
            {"score", std::round(c.score * 1000) / 1000},
            {"match", gaz::match_kind_name(c.match)},
            {"matched_name", c.matched},
            {"reasons", c.reasons}};
}

json properties_json(const gaz::Gazetteer& g, const gaz::Resolution& r) {
    json p = {{"query", r.query}, {"status", gaz::status_name(r.status)}};
    if (r.entry) {
        p["id"] = r.entry->id;
        p["name"] = r.entry->name;
        p["kind"] = gaz::kind_name(r.entry->kind);
        p["admin1"] = r.entry->admin1;
        // The admin chain and the other sources' ids, so a result joins OCHA or GeoNames tables.
        if (!r.entry->adm2.empty()) p["adm2"] = r.entry->adm2;
        if (!r.entry->adm3.empty()) p["adm3"] = r.entry->adm3;
        if (!r.entry->pcode.empty()) p["pcode"] = r.entry->pcode;
        if (!r.entry->ids.empty()) p["other_ids"] = r.entry->ids;
        p["source"] = r.entry->source;
        if (!r.entry->valid_from.empty() || !r.entry->valid_to.empty())
            p["valid"] = {{"from", r.entry->valid_from}, {"to", r.entry->valid_to}};
    } else {
        p["name"] = nullptr;
        p["kind"] = nullptr;
        p["source"] = nullptr;
    }
    if (!r.ref.geometry.empty()) {
        p["lat"] = round6(r.ref.point.lat);
        p["lon"] = round6(r.ref.point.lon);
        p["precision"] = static_cast<int>(r.ref.precision);
        p["radius_km"] = std::round(r.ref.radius_km * 10) / 10;
    } else {
        p["lat"] = p["lon"] = p["precision"] = nullptr;
    }
    p["interpretation"] = r.interpretation;
    if (!r.message.empty()) p["message"] = r.message;
    json cands = json::array();
    for (const auto& c : r.candidates) cands.push_back(candidate_json(g, c));
    p["candidates"] = cands;
    return p;
}

std::string cell(std::string s, std::size_t w) {
    // Width by code points, not bytes, so Arabic and accented names line up; the last column
    // of the cell is always a space, so neighbours never run together.
    const std::size_t room = w - 1;
    std::size_t n = 0, i = 0, cut = s.size();
    while (i < s.size()) {
        if (n == room - 1 && cut == s.size()) cut = i;
        utf8_next(s, i);
        ++n;
    }
    if (n > room) { s = s.substr(0, cut) + "…"; n = room; }
    return s + std::string(w - n, ' ');
}

int run_geocode(const ParsedArgs& args, Io& io) {
    const std::string format = args.get("format", "table");
    if (format != "table" && format != "json" && format != "geojson")
        throw UsageError("--format must be table, json or geojson (got '" + format + "')");
    std::vector<std::string> phrases;
    for (const auto& p : args.positional) {
        if (p == "-") {
            std::string line;
            while (std::getline(io.in, line)) {
                if (!line.empty() && line.back() == '\r') line.pop_back();
                if (!trim(line).empty()) phrases.push_back(line);
            }
        } else {
            phrases.push_back(p);
        }
    }
    if (phrases.empty()) throw UsageError("geocode needs at least one PHRASE (or '-' to read phrases from stdin)");

    auto gaz = load_gazetteer(args, io);
    gaz::Resolver resolver(*gaz);
    gaz::Context ctx = resolver.context_from_text(args.get("context"));
    if (args.has("kind")) {
        auto k = gaz::parse_kind(args.get("kind"));
        if (!k) throw UsageError("unknown --kind '" + args.get("kind") + "'");
        ctx.kind_hint = k;
    }

    std::vector<gaz::Resolution> results;
    results.reserve(phrases.size());
    // Phrases are independent (a column of names from a spreadsheet must not change its own
    // answers) unless --document says they come from one text, where each resolved place is
    // context for the ones after it.
    const bool document = args.has("document");
    for (const auto& p : phrases) {
        gaz::Context line_ctx = ctx;
        results.push_back(resolver.resolve(p, document ? ctx : line_ctx));
    }

    int unresolved = 0;
    for (const auto& r : results) unresolved += r.status == gaz::Status::Unresolved;

    if (format == "table") {
        io.out << cell("query", 34) << cell("status", 11) << cell("name", 26) << cell("kind", 9) << cell("lat", 10)
               << cell("lon", 10) << cell("prec", 5) << "interpretation\n";
        for (const auto& r : results) {
            std::ostringstream lat, lon;
            if (!r.ref.geometry.empty()) {
                lat << std::fixed << std::setprecision(4) << r.ref.point.lat;
                lon << std::fixed << std::setprecision(4) << r.ref.point.lon;
            }
            io.out << cell(r.query, 34) << cell(gaz::status_name(r.status), 11)
                   << cell(r.entry ? r.entry->name : "-", 26) << cell(r.entry ? gaz::kind_name(r.entry->kind) : "-", 9)
                   << cell(lat.str(), 10) << cell(lon.str(), 10)
                   << cell(r.ref.geometry.empty() ? "-" : std::to_string(static_cast<int>(r.ref.precision)), 5)
                   << (r.status == gaz::Status::Resolved ? r.interpretation : r.message) << "\n";
            if (r.status != gaz::Status::Resolved)
                for (std::size_t i = 0; i < r.candidates.size() && i < 3; ++i) {
                    const auto& e = gaz->entry(r.candidates[i].entry);
                    std::ostringstream line;
                    line << "    candidate: " << e.name << " (" << e.id << ", " << gaz::kind_name(e.kind)
                         << (e.admin1.empty() ? "" : ", " + e.admin1) << ") score " << std::fixed << std::setprecision(2)
                         << r.candidates[i].score;
                    io.out << line.str() << "\n";
                }
        }
    } else if (format == "json") {
        json arr = json::array();
        for (const auto& r : results) {
            json p = properties_json(*gaz, r);
            p["geometry"] = geometry_json(r.ref.geometry);
            arr.push_back(std::move(p));
        }
        io.out << arr.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    } else {
        json fc = {{"type", "FeatureCollection"}, {"features", json::array()}};
        for (const auto& r : results)
            fc["features"].push_back(
                {{"type", "Feature"}, {"geometry", geometry_json(r.ref.geometry)}, {"properties", properties_json(*gaz, r)}});
        io.out << fc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    }
    if (unresolved) io.err << "conflictmap geocode: " << unresolved << " of " << results.size() << " phrases unresolved\n";
    // The process usually ends here: freeing 80,000 names and 14,500 entries one by one would
    // cost ~20 ms of a ~150 ms command, and the OS takes the memory back at exit. The last one
    // is kept reachable through a static (leak checkers report it as such, not as lost); a
    // caller running commands in-process frees the previous one on the next call.
    static gaz::Gazetteer* kept_until_exit = nullptr;
    delete kept_until_exit;
    kept_until_exit = gaz.release();
    return unresolved ? 1 : 0;
}

}  // namespace

const Command& geocode_command() {
    static const Command c{
        "geocode",
        "resolve place names and spatial phrases ('near X', 'along the M4 west of X', 'between X and Y') to geometry",
        "geocode [--context TEXT] [--document] [--format table|json|geojson] PHRASE... (or - to read phrases from stdin)",
        with_gazetteer_options({
            {"context", 'c', "TEXT", "text around the phrases (a sentence, a report): admin areas and places in it decide between same-named places"},
            {"document", 'd', nullptr, "the phrases come from one text: places resolved earlier help decide later ones (default: each phrase stands alone)"},
            {"format", 'f', "FORMAT", "output: table, json or geojson", "table"},
            {"kind", 'k', "KIND", "prefer entries of this kind (place, admin, road, river, base, station, camp, crossing, region, zone)"},
            {"store", 0, "STORE", "also the gazetteer packs this store keeps (GeoPackage or PG:\"dbname=...\")"},
        }),
        run_geocode};
    return c;
}

}  // namespace cm::cli
