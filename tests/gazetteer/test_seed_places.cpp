// Every place the five seed reports name resolves to the right place.
//
// Part 1 is the project's own list of the seeds' place phrases (facts: names and coordinates
// from GeoNames and the curated files' sources). When ../shared/seeds exists, it also checks
// each phrase's place name really occurs in a seed report, so the list cannot drift from them.
// Part 2 runs the shared gold (../shared/gold/seeds_events.jsonl) when present: each gold
// location, phrased as a geocoding query, must land within the gold's tolerance (distance from
// the nearest point of the resolved geometry, as the gold README defines matching).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "fixture.h"
#include "gazetteer/Fold.h"
#include "geo/Geodesic.h"
#include "geo/Shapes.h"

using namespace cm;
using namespace cm::gaz;
namespace fs = std::filesystem;

namespace {

struct Expect {
    const char* phrase;   ///< what a geocoder is asked
    const char* in_seed;  ///< the place words as a seed writes them (checked against the seeds)
    double lat, lon;      ///< where it must land (GeoNames or the curated row's cited source)
    double tol_km;
    /// Words of the same report that decide between namesakes (its province), or nullptr. Bare
    /// "Msheirfeh" is two villages (Idlib, Hama); the report's context picks one, as ingest does.
    const char* context = nullptr;
    /// The report's words cannot decide between namesakes (four villages called Msheirfeh in
    /// Idlib): the answer must say ambiguous and list the right place among its candidates.
    bool ambiguous = false;
};

// Coordinates: GeoNames ids in comments; "cm:" rows are the curated entries' cited points.
const Expect kSeedPlaces[] = {
    {"Saraqib", "Saraqib", 35.8645, 36.8059, 3},                     // gn:164816
    {"the town of Saraqib", "town of Saraqib", 35.8645, 36.8059, 3},
    {"along the M4 highway west of Saraqib", "M4 highway west", 35.86, 36.75, 8},
    {"a few km west of Saraqib", "a few km west of the government-controlled town of Saraqib", 35.86, 36.77, 5},
    {"Msheirfeh", "Msheirfeh", 35.7651, 36.3915, 5, "Idlib", true},  // cm:msheirfeh at OCHA C4187
    {"Rukban refugee camp", "Rukban refugee camp", 33.31, 38.67, 5}, // cm:rukban-camp
    {"al-Tanf", "al-Tanf", 33.5, 38.62, 10},                         // cm:al-tanf-garrison
    {"Tabqah", "Tabqah", 35.8376, 38.5483, 3},                       // gn:172374
    {"the eastern bank of the Euphrates", "eastern bank of the Euphrates", 36.0, 40.2, 60},
    {"Raqqa", "Raqqa", 35.9528, 39.0079, 5},                         // gn:163915
    {"al-Hasakah", "al-Hasakah", 36.5024, 40.7477, 5},               // gn:173194? (GeoNames al-Hasakah)
    {"the province of Deir Ezzor", "province of Deir Ezzor", 35.3359, 40.1408, 80},
    {"al-Sukhna", "al-Sukhna", 34.8853, 38.8711, 3},                 // gn:172425
    {"the T3 station", "T3 station", 34.55, 38.70, 20},              // cm:t3-station (estimate)
    {"southeastern Deir Ezzor", "southeastern Deir Ezzor", 34.7, 40.6, 80},
    {"eastern Homs", "eastern Homs", 34.4, 38.5, 120},
    {"Afrin", "Afrin", 36.5119, 36.8695, 3},                         // gn:174186
    {"near Jisr al-Shughur", "near Jisr al-Shughur", 35.8142, 36.3198, 3},  // gn:169023
    {"Greater Idlib", "Greater Idlib", 35.9, 36.6, 60},
    {"Alboukamal", "Alboukamal", 34.4523, 40.9185, 3},               // gn:174448
    {"al-Boukamal", "al-Boukamal", 34.4523, 40.9185, 3},
    {"eastern Deir ez-Zor", "eastern Deir ez-Zor", 34.9, 40.6, 80},
    {"the eastern Idlib countryside", "eastern Idlib countryside", 35.8, 36.85, 40},
    {"the Idlib governorate", "Idlib governorate", 35.8, 36.6, 60},
    {"Talul al-Safa", "Talul al-Safa", 33.35, 37.35, 30},             // cm:talul-al-safa (estimate)
    {"the Damascus countryside", "Damascus countryside", 33.5, 36.9, 100},
    {"the Sweida governorate", "Sweida governorate", 32.7, 36.7, 60},
    {"southern Idlib", "southern Idlib", 35.6, 36.65, 40},
    {"northwestern Syria", "northwestern Syria", 36.0, 36.6, 120},
    {"northern Syria", "northern Syria", 36.6, 38.5, 200},
    {"near the town of Ras al-Ayn", "near the town of Ras al-Ayn", 36.8503, 40.0705, 3},  // gn:165509
    {"the Homs-Deir Ezzor desert", "Homs-Deir Ezzor desert", 34.5, 38.9, 150},
    {"near Ghabagheb", "near Ghabagheb", 33.1823, 36.2253, 3},        // gn:170325
    {"the Damascus-Deir Ezzor highway", "Damascus-Deir Ezzor highway", 34.5, 38.2, 30},
    {"near al-Rusafah in the province of Raqqah", "near al-Rusafah in the province of Raqqah", 35.63, 38.75, 8},
    {"Haribshi", "Haribshi", 35.0, 38.95, 30},                        // cm:haribshi (estimate)
    {"Faydat Umm Muyni'a", "Faydat Umm Muyni'a", 34.75, 39.2, 30},    // cm:faydat-ibn-muwayni (estimate)
    {"near Sukhna", "near Sukhna", 34.8853, 38.8711, 3},
    {"the desert area near Palmyra", "desert area near Palmyra", 34.5624, 38.284, 5},  // gn:163808 Tadmur
    {"near al-Rusafah", "near al-Rusafah", 35.63, 38.75, 8, "in the province of Raqqah"},
    {"the provinces of Daraa and al-Quneitra", "provinces of Daraa and al-Quneitra", 32.9, 36.1, 80},
    {"Daraa province", "Daraa", 32.8, 36.2, 60},
    {"al-Quneitra province", "al-Quneitra", 33.0, 35.9, 40},
    {"the road between al-Sahoah and al-Musayfrah", "road between al-Sahoah and al-Musayfrah", 32.63, 36.37, 8},
    {"al-Jeezah", "al-Jeezah", 32.5703, 36.3154, 3},                   // gn:169017
    {"near the town of Kafr Shams", "near the town of Kafr Shams", 33.1167, 36.1167, 3},  // cm:kafr-shams
    {"near the town of al-Harah", "near the town of al-Harah", 33.06, 35.995, 5, "Daraa"},  // cm:al-harah (estimate)
    {"near Khan Arnabeh", "near Khan Arnabeh", 33.1838, 35.8916, 3},  // gn:168355
    {"the town of Arihah", "town of Arihah", 35.8137, 36.6096, 3},     // gn:172994
    {"the village of Kafer Shalaya", "village of Kafer Shalaya", 35.7697, 36.5369, 5},  // cm:kafr-shalaya at OCHA C4289
    {"the M4 security zone", "M4 security zone", 35.83, 36.5, 30},
    {"the town of Jisr al-Shughur", "town of Jisr al-Shughur", 35.8142, 36.3198, 3},
    // Two villages called Umm al-Khair lie in al-Hasakah (OCHA C8634 west of Tal Tamr, which the
    // curated row describes, and C7695, the gold's): the report cannot tell them apart.
    {"near Umm al-Khair", "near Umm al-Khair", 36.8256, 40.0979, 10, "al-Hasakah", true},
    {"near al-Hasakah", "near al-Hasakah", 36.5024, 40.7477, 5},
    {"the US-controlled zone of al-Tanf", "US-controlled zone of al-Tanf", 33.5, 38.62, 60},
};

double miss_km(const Resolution& r, LonLat target) {
    if (r.ref.geometry.empty()) return HUGE_VAL;
    return geo::distance_km(target, r.ref.geometry);
}

std::string read_all(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("gazetteer: every place named in the seed reports resolves to the right place") {
    int ok = 0;
    for (const Expect& e : kSeedPlaces) {
        Context ctx = e.context ? cmtest::resolver().context_from_text(e.context) : Context{};
        const Resolution r = cmtest::resolver().resolve(e.phrase, ctx);
        const double miss = miss_km(r, {e.lon, e.lat});
        INFO(std::string(e.phrase), " -> ", (r.entry ? r.entry->id : "none"), " [", status_name(r.status), "] ", r.interpretation,
             " ", r.message, "; misses by ", miss, " km (tolerance ", e.tol_km, ")");
        if (e.ambiguous) {
            CHECK(r.status == Status::Ambiguous);
            bool listed = false;
            for (const Candidate& c : r.candidates)
                listed = listed || geo::distance_km(cmtest::bundled().entry(c.entry).point, {e.lon, e.lat}) <= e.tol_km;
            CHECK(listed);
            ok += r.status == Status::Ambiguous && listed;
            continue;
        }
        CHECK(r.status == Status::Resolved);
        CHECK(miss <= e.tol_km);
        ok += r.status == Status::Resolved && miss <= e.tol_km;
    }
    MESSAGE(ok, " of ", std::size(kSeedPlaces), " seed place phrases resolved within tolerance (or, for namesakes the report cannot tell apart, ambiguous with the right candidate)");
}

TEST_CASE("gazetteer: the seed place list matches the seed reports (reads ../shared/seeds)") {
    const fs::path seeds = fs::path(CM_SHARED_DIR) / "seeds";
    if (!fs::is_directory(seeds)) {
        MESSAGE("skipped: " << seeds.string() << " not present");
        return;
    }
    std::string all;
    for (const auto& de : fs::directory_iterator(seeds)) all += fold_name(read_all(de.path())) + " ";
    for (const Expect& e : kSeedPlaces) {
        INFO(std::string(e.in_seed));
        CHECK(all.find(fold_name(e.in_seed)) != std::string::npos);
    }
}

TEST_CASE("gazetteer: gold locations of the shared seed gold resolve within tolerance (reads ../shared/gold)") {
    const fs::path gold = fs::path(CM_SHARED_DIR) / "gold" / "seeds_events.jsonl";
    if (!fs::exists(gold)) {
        MESSAGE("skipped: " << gold.string() << " not present");
        return;
    }
    // How each gold location is asked as a phrase: the gold's `where` text, with the words a
    // geocoder needs (a gold `where` sometimes joins two descriptions with '/').
    const std::map<std::string, std::string> phrase_for = {
        {"M4 highway west of Saraqib", "along the M4 west of Saraqib"},
        {"M4 highway a few km west of Saraqib", "along the M4 a few km west of Saraqib"},
        {"M4 from Saraqib past Arihah to Kafer Shalaya", "the road from Saraqib to Kafer Shalaya"},
        {"eastern bank of the Euphrates / SDF areas", "the eastern bank of the Euphrates"},
        {"Msheirfeh (near M4)", "near Msheirfeh"},
        {"M4 highway in southern Idlib", "the M4 security zone"},
        {"near Ras al-Ayn", "near Ras al-Ayn"},
        {"Idlib (HTS-affiliated media)", "Idlib"},
        {"M4 highway (Idlib)", "the M4 security zone"},
        {"from al-Rusafah (Raqqah) to al-Sukhna", "al-Rusafah in the province of Raqqah"},
        {"near al-Rusafah (Raqqah)", "near al-Rusafah in the province of Raqqah"},
        {"near Umm al-Khair (al-Hasakah)", "near Umm al-Khair"},
        {"near Sukhna / between Haribshi and Faydat Umm Muyni'a", "between Haribshi and Faydat Umm Muyni'a"},
        {"road between al-Sahoah and al-Musayfrah", "the road between al-Sahoah and al-Musayfrah"},
        {"desert near Palmyra", "near Palmyra"},
        {"province of Deir Ezzor", "the province of Deir Ezzor"},
    };
    std::ifstream in(gold);
    std::string line;
    int n = 0, ok = 0;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto j = nlohmann::json::parse(line);
        const std::string where = j.value("where", "");
        const auto it = phrase_for.find(where);
        const std::string phrase = it != phrase_for.end() ? it->second : where;
        Context ctx;
        const Resolution r = cmtest::resolver().resolve(phrase, ctx);
        const double miss = miss_km(r, {j["lon"].get<double>(), j["lat"].get<double>()});
        const double tol = j["tol_km"].get<double>();
        INFO("seed ", j["seed"].get<std::string>(), " '", where, "' asked as '", phrase, "' -> ",
             (r.entry ? r.entry->id : "none"), " ", r.interpretation, " ", r.message, "; misses by ", miss, " km (tol ", tol, ")");
        CHECK(miss <= tol);
        if (j.contains("to_lat")) {
            // A movement's end point: the destination place must resolve within its tolerance.
            const std::string to = where.substr(where.rfind(" to ") + 4);
            Context c2;
            const Resolution tr = cmtest::resolver().resolve(to, c2);
            CHECK(miss_km(tr, {j["to_lon"].get<double>(), j["to_lat"].get<double>()}) <= j["to_tol_km"].get<double>());
        }
        ++n;
        ok += miss <= tol;
    }
    MESSAGE(ok, " of ", n, " gold locations within tolerance");
    CHECK(n > 0);
}
