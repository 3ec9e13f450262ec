// conflictmap bench: report ingestion throughput — reports/s and MB/s on one core over a corpus
// of synthetic reports generated here (header, boilerplate, 4-8 incident paragraphs built from
// templates with the gazetteer's own place names, dates, actors and counts).
//
//     conflictmap-bench-ingest [--reports N] [--seed S] [--json]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/Paths.h"
#include "extract/Extractor.h"
#include "gazetteer/Gazetteer.h"

using namespace cm;

namespace {

const char* kMonths[] = {"January", "February", "March", "April", "May", "June", "July", "August",
                         "September", "October", "November", "December"};
const char* kActors[] = {"the Syrian Army", "ISIS cells", "the SDF", "Turkish forces", "Hayat Tahrir al-Sham",
                         "the National Defense Forces", "Russian forces", "Turkish-backed groups"};
const char* kTemplates[] = {
    "On %s %d, %s attacked positions near %s. At least %d fighters were reportedly killed in the clashes.",
    "Late on %s %d, an IED exploded near the town of %s, killing %d people, according to %s.",
    "On %s %d, %s carried out a joint patrol along the M4 highway west of %s.",
    "On %s %d, %s shelled the outskirts of %s. %d civilians were injured.",
    "On %s %d, %s sent reinforcements to %s from their positions near %s.",
    "Analysts in %s say that the situation remains tense after the events of %s %d.",
};

std::string make_report(std::mt19937_64& rng, const std::vector<std::string>& places) {
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    const int month = static_cast<int>(pick(12));
    const int day = 10 + static_cast<int>(pick(18));
    std::string r = "\n\nVideo: Weekly Review of the Syrian Battlefield\n\nBy [Desk](#)\n\nGlobal Research, ";
    r += std::string(kMonths[month]) + " " + std::to_string(day + 1) + ", 2020\n\n";
    const int paras = 4 + static_cast<int>(pick(5));
    char buf[1024];
    for (int p = 0; p < paras; ++p) {
        const std::size_t t = pick(std::size(kTemplates));
        const char* m = kMonths[month];
        const int d = 1 + static_cast<int>(pick(static_cast<std::size_t>(day)));
        const std::string& a = places[pick(places.size())];
        const std::string& b = places[pick(places.size())];
        const char* actor = kActors[pick(std::size(kActors))];
        const int n = 1 + static_cast<int>(pick(30));
        switch (t) {
            case 0: std::snprintf(buf, sizeof buf, kTemplates[t], m, d, actor, a.c_str(), n); break;
            case 1: std::snprintf(buf, sizeof buf, kTemplates[t], m, d, a.c_str(), n, "local sources"); break;
            case 2: std::snprintf(buf, sizeof buf, kTemplates[t], m, d, "Russian and Turkish forces", "Saraqib"); break;
            case 3: std::snprintf(buf, sizeof buf, kTemplates[t], m, d, actor, a.c_str(), n); break;
            case 4: std::snprintf(buf, sizeof buf, kTemplates[t], m, d, actor, a.c_str(), b.c_str()); break;
            default: std::snprintf(buf, sizeof buf, kTemplates[t], a.c_str(), m, d); break;
        }
        r += buf;
        r += "\n\n";
    }
    r += "Note to readers: please click the share buttons above or below.\n\nDisclaimer: The contents of this "
         "article are of sole responsibility of the author(s).\n";
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t n = 10000;
    std::uint64_t seed = 20201;
    bool json = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--reports") && i + 1 < argc) n = std::strtoull(argv[++i], nullptr, 10);
        else if (!std::strcmp(argv[i], "--seed") && i + 1 < argc) seed = std::strtoull(argv[++i], nullptr, 10);
        else if (!std::strcmp(argv[i], "--json")) json = true;
        else {
            std::fprintf(stderr, "usage: %s [--reports N] [--seed S] [--json]\n", argv[0]);
            return 2;
        }
    }
    Diagnostics diag;
    auto g = gaz::Gazetteer::load(bundled_gazetteer_dir(), {}, diag);
    gaz::Resolver resolver(*g);
    std::vector<std::string> places;
    for (const auto& e : g->entries())
        if (e.kind == gaz::PlaceKind::Place && e.country == "SY" && e.prominence >= 40) places.push_back(e.name);

    std::mt19937_64 rng(seed);
    std::vector<std::string> corpus;
    corpus.reserve(n);
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < n; ++i) {
        corpus.push_back(make_report(rng, places));
        bytes += corpus.back().size();
    }
    std::size_t events = 0, located = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < corpus.size(); ++i) {
        const ex::Report r = ex::parse_report(corpus[i], "synthetic-" + std::to_string(i) + ".md");
        const ex::Extraction x = ex::extract_events(r, resolver);
        events += x.events.size();
        for (const auto& e : x.events) located += !e.location.geometry.empty();
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (json) {
        std::printf("{\"reports\":%zu,\"mb\":%.2f,\"seconds\":%.3f,\"reports_per_s\":%.1f,\"mb_per_s\":%.3f,"
                    "\"events\":%zu,\"located\":%zu}\n",
                    n, bytes / 1e6, s, n / s, bytes / 1e6 / s, events, located);
    } else {
        std::printf("synthetic reports          %zu (%.2f MB, %zu places to draw from)\n", n, bytes / 1e6, places.size());
        std::printf("time, one core             %.2f s\n", s);
        std::printf("reports/s                  %.0f\n", n / s);
        std::printf("MB/s                       %.2f\n", bytes / 1e6 / s);
        std::printf("events                     %zu (%.1f per report, %zu located)\n", events, double(events) / n, located);
    }
    return 0;
}
