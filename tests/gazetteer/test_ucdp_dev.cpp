// The gazetteer scored on real coder spellings: the development third of UCDP GED's Syrian place
// names (../shared/data/ucdp-dev, a test set — none of its names or coordinates is in the
// gazetteer). Each name is geocoded on its own, as a user pasting a column would; a name counts
// as within tolerance when the answer's point lies within 10 km of UCDP's (25 km where UCDP
// says its own point is approximate). Prints the breakdown by failure kind; checks floors that
// catch regressions (the aims are printed beside them).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/Utf8.h"
#include "fixture.h"
#include "geo/Geodesic.h"

using namespace cm;
using namespace cm::gaz;
namespace fs = std::filesystem;

namespace {

const fs::path kDev = fs::path(CM_SHARED_DIR) / "data" / "ucdp-dev";

struct Row {
    std::string name, raw;
    LonLat at;
    double tol_km = 10;
    int events = 0;
};

std::vector<Row> read_places(const fs::path& file) {
    std::vector<Row> rows;
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);  // header: name lat lon where_prec count raw
    while (std::getline(in, line)) {
        const auto c = split(line, '\t');
        if (c.size() < 6) continue;
        Row r;
        r.name = c[0];
        r.at = {std::stod(c[2]), std::stod(c[1])};
        r.tol_km = c[3] == "1" ? 10 : 25;
        r.events = std::stoi(c[4]);
        r.raw = c[5];
        rows.push_back(std::move(r));
    }
    return rows;
}

/// Fields of one CSV record (RFC 4180 quoting; records do not span lines in this file).
std::vector<std::string> csv_fields(const std::string& line) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char ch = line[i];
        if (quoted) {
            if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') { out.back() += '"'; ++i; }
            else if (ch == '"') quoted = false;
            else out.back() += ch;
        } else if (ch == '"') {
            quoted = true;
        } else if (ch == ',') {
            out.emplace_back();
        } else {
            out.back() += ch;
        }
    }
    return out;
}

/// UCDP's admin names for each place as written (its most frequent adm_2, adm_1 pair).
std::map<std::string, std::string> admin_of_places(const fs::path& file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    const auto head = csv_fields(line);
    auto col = [&](const char* n) {
        return static_cast<std::size_t>(std::find(head.begin(), head.end(), n) - head.begin());
    };
    const std::size_t c_where = col("where_coordinates"), c_a1 = col("adm_1"), c_a2 = col("adm_2");
    std::map<std::string, std::map<std::string, int>> counts;
    while (std::getline(in, line)) {
        const auto f = csv_fields(line);
        if (f.size() <= std::max({c_where, c_a1, c_a2})) continue;
        std::string admin;
        for (std::size_t c : {c_a2, c_a1})
            if (f[c] != "NA" && !f[c].empty()) admin += ", " + f[c];
        ++counts[f[c_where]][admin];
    }
    std::map<std::string, std::string> out;
    for (const auto& [where, by] : counts) {
        auto best = std::max_element(by.begin(), by.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
        out[where] = best->first;
    }
    return out;
}

struct Score {
    int names = 0, events = 0;
    int ok_resolved = 0, ok_ambiguous = 0;
    int wrong_resolved = 0, wrong_ambiguous_listed = 0, wrong_ambiguous = 0, unresolved = 0;
    int ok_events = 0;
    std::vector<std::string> wrong_resolved_examples;

    double pct(int n) const { return names ? 100.0 * n / names : 0; }
    double names_ok() const { return pct(ok_resolved + ok_ambiguous); }
    double events_ok() const { return events ? 100.0 * ok_events / events : 0; }
    double resolved_wrong() const { return pct(wrong_resolved); }
};

Score score(const std::vector<Row>& rows, const std::map<std::string, std::string>* admin) {
    Score s;
    for (const Row& row : rows) {
        std::string q = row.raw;
        if (admin) {
            auto it = admin->find(row.raw);
            if (it != admin->end()) q += it->second;
        }
        Context ctx;  // every name on its own
        const Resolution r = cmtest::resolver().resolve(q, ctx);
        ++s.names;
        s.events += row.events;
        if (r.status == Status::Unresolved || r.ref.geometry.empty()) {
            ++s.unresolved;
            continue;
        }
        const bool ok = geo::distance_km(r.ref.point, row.at) <= row.tol_km;
        if (ok) {
            s.ok_events += row.events;
            ++(r.status == Status::Resolved ? s.ok_resolved : s.ok_ambiguous);
            continue;
        }
        if (r.status == Status::Resolved) {
            ++s.wrong_resolved;
            if (s.wrong_resolved_examples.size() < 12)
                s.wrong_resolved_examples.push_back(q + " -> " + r.interpretation + " (" + (r.entry ? r.entry->id : "") +
                                                    ", " + std::to_string(int(geo::distance_km(r.ref.point, row.at))) + " km off)");
            continue;
        }
        bool listed = false;
        for (const Candidate& c : r.candidates)
            listed = listed || geo::distance_km(cmtest::bundled().entry(c.entry).point, row.at) <= row.tol_km;
        ++(listed ? s.wrong_ambiguous_listed : s.wrong_ambiguous);
    }
    return s;
}

void report(const char* what, const Score& s) {
    std::ostringstream m;
    m.setf(std::ios::fixed);
    m.precision(1);
    m << what << ": " << s.names << " names, " << s.events << " events\n"
      << "  within tolerance: " << s.names_ok() << " % of names (aim 90), " << s.events_ok() << " % of events (aim 95)\n"
      << "    resolved and right       " << s.ok_resolved << "\n"
      << "    ambiguous, first right   " << s.ok_ambiguous << "\n"
      << "  resolved but wrong:        " << s.wrong_resolved << " (" << s.resolved_wrong() << " %, aim <= 1)\n"
      << "  ambiguous, first wrong:    " << s.wrong_ambiguous_listed + s.wrong_ambiguous << " (the right place among the candidates: "
      << s.wrong_ambiguous_listed << "; not found at all: " << s.wrong_ambiguous << ")\n"
      << "  unresolved:                " << s.unresolved << "\n";
    for (const auto& e : s.wrong_resolved_examples) m << "    wrong: " << e << "\n";
    MESSAGE(m.str());
}

}  // namespace

TEST_CASE("gazetteer: UCDP development names, one per line (reads ../shared/data/ucdp-dev)") {
    const fs::path places = kDev / "ucdp_places_dev.tsv";
    if (!fs::exists(places)) {
        MESSAGE("skipped: " << places.string() << " not present");
        return;
    }
    const auto rows = read_places(places);
    REQUIRE(rows.size() > 600);
    const Score s = score(rows, nullptr);
    report("UCDP dev names as written", s);
    // Floors just under what was measured (68.2 %, 82.5 %, 0.9 %): a drop is a regression. The
    // resolved-but-wrong ceiling is the aim, met since namesakes are found through
    // their Arabic names and through doubled letters.
    CHECK(s.names_ok() >= 67.5);
    CHECK(s.events_ok() >= 82.0);
    CHECK(s.resolved_wrong() <= 1.0);
}

TEST_CASE("gazetteer: UCDP development names with UCDP's district and governorate (reads ../shared/data/ucdp-dev)") {
    const fs::path places = kDev / "ucdp_places_dev.tsv", events = kDev / "ucdp_ged_syria_dev.csv";
    if (!fs::exists(places) || !fs::exists(events)) {
        MESSAGE("skipped: " << kDev.string() << " not present");
        return;
    }
    const auto rows = read_places(places);
    const auto admin = admin_of_places(events);
    const Score s = score(rows, &admin);
    report("UCDP dev names with their admin areas (\"X, D district, G Governorate\")", s);
    // The admin chain decides between namesakes: better than the bare names, never worse.
    const Score bare = score(rows, nullptr);
    CHECK(s.names_ok() >= bare.names_ok() + 5);
    // Floors just under what was measured (81.0 %, 85.2 %, 1.6 %).
    CHECK(s.names_ok() >= 80.0);
    CHECK(s.events_ok() >= 84.5);
    CHECK(s.resolved_wrong() <= 2.0);
}
