// conflictmap bench: synthetic event datasets for load and filter benchmarks, and for trying the
// viewer on a million rows. Deterministic for a given seed on every platform (the random numbers
// come from std::mt19937_64, whose output the standard fixes, through our own transforms).
//
//     conflictmap-gen-events N OUT.gpkg|OUT.geojson [--seed S] [--years Y]
//
// Events fall over Syria (lon 35.7-42.4, lat 32.3-37.3): 85 % scattered around about forty town
// centres (Gaussian, ~8 km), the rest uniform. Dates span the Y years ending 2020-12-31; most are
// single days, some weeks or months, a few undated. All six ACLED types with weights loosely like
// a war's (explosions and battles most); fatalities are mostly zero with a heavy tail; ~1 % of
// events are short routes (patrols, convoys) drawn as lines. Every name and number is invented.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/Error.h"
#include "io/EventGeoJson.h"
#include "io/EventGpkg.h"

using namespace cm;

namespace {

struct Town {
    const char* name;
    double lon, lat;
    double weight;  // relative share of events
};

// Approximate town centres (rounded), weighted by how much a long war might touch them.
const Town kTowns[] = {
    {"Damascus", 36.29, 33.51, 6},     {"Aleppo", 37.16, 36.20, 8},        {"Homs", 36.72, 34.73, 4},
    {"Hama", 36.75, 35.13, 3},         {"Latakia", 35.79, 35.52, 1},       {"Tartus", 35.89, 34.89, 0.5},
    {"Idlib", 36.63, 35.93, 6},        {"Raqqa", 39.01, 35.95, 4},         {"Deir ez-Zor", 40.14, 35.33, 5},
    {"Hasakah", 40.75, 36.50, 2},      {"Qamishli", 41.23, 37.05, 1.5},    {"Daraa", 36.10, 32.62, 5},
    {"Suwayda", 36.57, 32.71, 1},      {"Quneitra", 35.82, 33.13, 1},      {"Palmyra", 38.27, 34.55, 2},
    {"Manbij", 37.95, 36.53, 2},       {"Kobani", 38.36, 36.89, 1},        {"Al-Bab", 37.52, 36.37, 2},
    {"Azaz", 37.05, 36.59, 1.5},       {"Afrin", 36.87, 36.51, 2},         {"Jarabulus", 38.01, 36.82, 1},
    {"Tal Abyad", 38.95, 36.70, 1},    {"Ras al-Ayn", 40.07, 36.85, 1.5},  {"Abu Kamal", 40.92, 34.45, 2},
    {"Mayadin", 40.45, 35.02, 2},      {"Saraqib", 36.80, 35.86, 3},       {"Maarat al-Numan", 36.68, 35.64, 3},
    {"Khan Shaykhun", 36.64, 35.44, 2}, {"Jisr al-Shughur", 36.32, 35.81, 2}, {"Douma", 36.40, 33.57, 3},
    {"Harasta", 36.37, 33.56, 1.5},    {"Zabadani", 36.10, 33.72, 1},      {"Qusayr", 36.58, 34.51, 1},
    {"Rastan", 36.73, 34.93, 1},       {"Salamiyah", 37.05, 35.01, 1},     {"Tabqa", 38.55, 35.84, 1},
    {"Ariha", 36.61, 35.81, 1.5},      {"Atarib", 36.83, 36.14, 1.5},      {"Nawa", 36.04, 32.89, 1},
    {"Busra al-Sham", 36.48, 32.52, 0.5}, {"Sukhnah", 38.88, 34.89, 0.5},  {"Shaddadi", 40.73, 36.06, 1},
};

struct TypeInfo {
    EventType type;
    double weight;
    std::vector<const char*> subs;
};

const TypeInfo kTypes[] = {
    {EventType::Battles, 0.28, {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}},
    {EventType::ExplosionsRemoteViolence, 0.42,
     {"Shelling/artillery/missile attack", "Air/drone strike", "Remote explosive/landmine/IED"}},
    {EventType::ViolenceAgainstCivilians, 0.12, {"Attack", "Abduction/forced disappearance"}},
    {EventType::StrategicDevelopments, 0.12, {"Looting/property destruction", "Arrests", "Agreement", "Other"}},
    {EventType::Protests, 0.05, {"Peaceful protest", "Protest with intervention"}},
    {EventType::Riots, 0.01, {"Violent demonstration", "Mob violence"}},
};

const char* kActors[] = {"Military Forces of Syria", "Syrian Democratic Forces", "Hayat Tahrir al-Sham",
                         "Islamic State",            "Military Forces of Russia", "Military Forces of Turkey",
                         "Syrian National Army",     "Unidentified Armed Group"};
const char* kVictims[] = {"Civilians", "Protesters", "Rioters"};
const char* kSources[] = {"Monitor A", "Agency B", "Wire C", "Network D", "Local Council E", "Radio F"};
const char* kKinds[] = {"", "", "", "", "shelling", "airstrike", "IED attack", "clashes", "arrest campaign"};

// Draws from mt19937_64 with fixed transforms, so a seed gives the same file everywhere.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_g(seed) {}
    double uniform() { return static_cast<double>(m_g() >> 11) * 0x1.0p-53; }
    double uniform(double a, double b) { return a + (b - a) * uniform(); }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(uniform() * static_cast<double>(n)); }
    double gaussian() {  // Box-Muller
        const double u = 1.0 - uniform(), v = uniform();
        return std::sqrt(-2.0 * std::log(u)) * std::cos(2 * M_PI * v);
    }

private:
    std::mt19937_64 m_g;
};

template <class T, std::size_t N>
std::size_t weighted(Rng& rng, const T (&items)[N]) {
    double total = 0;
    for (const auto& it : items) total += it.weight;
    double r = rng.uniform() * total;
    for (std::size_t i = 0; i < N; ++i) {
        r -= items[i].weight;
        if (r < 0) return i;
    }
    return N - 1;
}

constexpr double kLon0 = 35.7, kLon1 = 42.4, kLat0 = 32.3, kLat1 = 37.3;

LonLat clamp_box(LonLat p) { return {std::clamp(p.lon, kLon0, kLon1), std::clamp(p.lat, kLat0, kLat1)}; }

Event make_event(Rng& rng, std::size_t n, int first_day, int last_day) {
    Event e;
    char id[32];
    std::snprintf(id, sizeof id, "SYN%07zu", n);
    e.id = id;

    // When.
    const int day = first_day + static_cast<int>(rng.below(static_cast<std::size_t>(last_day - first_day + 1)));
    const double pr = rng.uniform();
    const CivilDate d = CivilDate::from_days(day);
    e.date.first = e.date.last = d;
    if (pr < 0.002) {
        e.date = {};
        e.date.undated = true;
    } else if (pr < 0.06) {
        e.date.first = CivilDate::from_days(std::max(first_day, day - 6));
        e.date.last = d;
        e.date.precision = DatePrecision::Week;
    } else if (pr < 0.08) {
        e.date.first = {d.year, d.month, 1};
        e.date.last = {d.year, d.month, CivilDate::days_in_month(d.year, d.month)};
        e.date.precision = DatePrecision::Month;
    } else if (pr < 0.09) {
        e.date.first = CivilDate::from_days(std::max(first_day, day - 1 - static_cast<int>(rng.below(5))));
        e.date.precision = DatePrecision::Range;
    }

    // What and who.
    const TypeInfo& ti = kTypes[weighted(rng, kTypes)];
    e.type = ti.type;
    e.sub_event_type = ti.subs[rng.below(ti.subs.size())];
    e.kind = kKinds[rng.below(std::size(kKinds))];
    e.actor1.push_back({kActors[rng.below(std::size(kActors))], {}, {}});
    if (e.type == EventType::ViolenceAgainstCivilians || e.type == EventType::Protests || e.type == EventType::Riots) {
        e.actor2.push_back({kVictims[rng.below(std::size(kVictims))], {}, {}});
    } else if (rng.uniform() < 0.7) {
        e.actor2.push_back({kActors[rng.below(std::size(kActors))], {}, {}});
    }
    // Mostly none; the rest Pareto-like (alpha 1.2), capped.
    if (rng.uniform() < 0.45 && e.type != EventType::Protests) {
        const double f = std::floor(1.0 / std::pow(1.0 - rng.uniform(), 1.0 / 1.2));
        e.casualties.killed.best = static_cast<int>(std::min(f, 800.0));
    } else {
        e.casualties.killed.best = 0;
    }

    // Where.
    const Town& t = kTowns[weighted(rng, kTowns)];
    LonLat p;
    if (rng.uniform() < 0.85) {
        p = clamp_box({t.lon + 0.08 * rng.gaussian(), t.lat + 0.07 * rng.gaussian()});
        e.location.written = t.name;
    } else {
        p = {rng.uniform(kLon0, kLon1), rng.uniform(kLat0, kLat1)};
        e.location.written = std::string(t.name) + " countryside";
    }
    const double gp = rng.uniform();
    e.location.precision = gp < 0.7 ? LocPrecision::Place : gp < 0.95 ? LocPrecision::Near : LocPrecision::Region;
    e.location.point = p;
    if (rng.uniform() < 0.01) {
        // A short route: a patrol or convoy leaving the point in a wandering line.
        std::vector<LonLat> line{p};
        double heading = rng.uniform(0, 2 * M_PI);
        const std::size_t legs = 2 + rng.below(4);
        for (std::size_t k = 0; k < legs; ++k) {
            heading += 0.5 * rng.gaussian();
            const double len = rng.uniform(0.03, 0.1);
            line.push_back(clamp_box({line.back().lon + len * std::cos(heading), line.back().lat + len * std::sin(heading)}));
        }
        e.location.geometry = Geometry::line(std::move(line));
        e.shape = EventShape::Route;
        e.kind = rng.uniform() < 0.5 ? "patrol" : "convoy";
        e.location.written += " road";
    } else {
        e.location.geometry = Geometry::point(p);
    }

    e.provenance.outlet = kSources[rng.below(std::size(kSources))];
    e.provenance.source_file = "synthetic";
    e.confidence = 0.9;
    e.summary = std::string(e.sub_event_type) + " in " + t.name;
    if (e.casualties.killed.best > 0) e.summary += "; " + std::to_string(e.casualties.killed.best) + " killed";
    return e;
}

int usage() {
    std::fprintf(stderr, "usage: conflictmap-gen-events N OUT.gpkg|OUT.geojson [--seed S] [--years Y]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) return usage();
    std::size_t n = 0;
    std::uint64_t seed = 42;
    int years = 10;
    try {
        n = static_cast<std::size_t>(std::stoull(argv[1]));
        for (int i = 3; i < argc; ++i) {
            const std::string a = argv[i];
            if (a == "--seed" && i + 1 < argc) seed = std::stoull(argv[++i]);
            else if (a == "--years" && i + 1 < argc) years = std::stoi(argv[++i]);
            else return usage();
        }
    } catch (const std::exception&) {
        return usage();
    }
    if (years < 1 || years > 100) return usage();
    const std::string out = argv[2];
    const bool gpkg = out.size() > 5 && out.compare(out.size() - 5, 5, ".gpkg") == 0;
    const bool geojson = out.size() > 8 && out.compare(out.size() - 8, 8, ".geojson") == 0;
    if (!gpkg && !geojson) return usage();

    const int last_day = CivilDate{2020, 12, 31}.days();
    const int first_day = CivilDate{2020 - years + 1, 1, 1}.days();
    Rng rng(seed);
    const auto t0 = std::chrono::steady_clock::now();
    try {
        if (gpkg) {
            io::EventGpkgWriter w(out);
            for (std::size_t i = 0; i < n; ++i) w.add(make_event(rng, i + 1, first_day, last_day));
            w.finish();
        } else {
            std::vector<Event> events;
            events.reserve(n);
            for (std::size_t i = 0; i < n; ++i) events.push_back(make_event(rng, i + 1, first_day, last_day));
            io::write_events_geojson(events, out);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "conflictmap-gen-events: %s\n", e.what());
        return 1;
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr, "wrote %zu events to %s in %.1f s\n", n, out.c_str(), s);
    return 0;
}
