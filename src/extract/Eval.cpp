// conflictmap extract: evaluation against gold.
#include "extract/Eval.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>

#include <nlohmann/json.hpp>

#include "geo/Geodesic.h"
#include "geo/Shapes.h"

namespace cm::ex {

std::vector<GoldEvent> read_gold(const std::string& path, Diagnostics& diag) {
    std::vector<GoldEvent> out;
    std::ifstream in(path);
    if (!in) {
        diag.error(path, 0, "cannot open gold file");
        return out;
    }
    std::string line;
    long n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        try {
            const auto j = nlohmann::json::parse(line);
            GoldEvent g;
            g.line = n;
            g.report = j.at("seed").get<std::string>();
            auto d = CivilDate::parse_iso(j.at("date").get<std::string>());
            if (!d) throw std::runtime_error("bad date");
            g.date = *d;
            g.date_tol_days = j.value("date_tol_days", 0);
            g.kind = j.value("kind", "");
            g.sub = j.value("sub", "");
            g.where = j.value("where", "");
            g.point = {j.at("lon").get<double>(), j.at("lat").get<double>()};
            g.tol_km = j.at("tol_km").get<double>();
            g.route = j.value("route", false);
            if (j.contains("to_lat")) {
                g.to = LonLat{j.at("to_lon").get<double>(), j.at("to_lat").get<double>()};
                g.to_tol_km = j.value("to_tol_km", g.tol_km);
            }
            if (j.contains("fatalities") && !j["fatalities"].is_null()) g.fatalities = j["fatalities"].get<int>();
            g.aggregate = j.value("aggregate", false);
            out.push_back(std::move(g));
        } catch (const std::exception& e) {
            diag.warn(path, n, std::string("gold line skipped: ") + e.what());
        }
    }
    return out;
}

std::string report_key(const std::string& source_file) {
    const std::string name = std::filesystem::path(source_file).filename().string();
    const auto cut = name.find_first_of("_.");
    return cut == std::string::npos ? name : name.substr(0, cut);
}

namespace {

bool date_matches(const Event& e, const GoldEvent& g) {
    if (!e.date.valid()) return false;
    const int lo = g.date.days() - g.date_tol_days, hi = g.date.days() + g.date_tol_days;
    return e.date.first.days() <= hi && e.date.last.days() >= lo;
}

double location_km(const Event& e, const GoldEvent& g) {
    if (e.location.geometry.empty()) return HUGE_VAL;
    try {
        return geo::distance_km(g.point, e.location.geometry);
    } catch (const Error&) {
        return HUGE_VAL;
    }
}

/// The gold's coarse kinds: patrol, battle, explosion, violence, strategic, protest.
std::string coarse_kind(const Event& e) {
    if (e.kind.find("patrol") != std::string::npos) return "patrol";
    switch (e.type) {
        case EventType::Battles: return "battle";
        case EventType::ExplosionsRemoteViolence: return "explosion";
        case EventType::ViolenceAgainstCivilians: return "violence";
        case EventType::Protests:
        case EventType::Riots: return "protest";
        case EventType::StrategicDevelopments: break;
    }
    return "strategic";
}

}  // namespace

EvalResult evaluate(const std::vector<Event>& events, const std::vector<GoldEvent>& gold) {
    EvalResult r;
    for (const auto& g : gold) r.reports[g.report].gold++;
    // A gold line names its report by the file's prefix ("000" for "000_patrols.txt") or by the
    // whole file name without its extension (reports whose names share a prefix).
    auto key_of = [&](const Event& e) {
        const std::string stem = std::filesystem::path(e.provenance.source_file).stem().string();
        return r.reports.count(stem) ? stem : report_key(e.provenance.source_file);
    };
    std::vector<const Event*> pool;
    std::vector<std::string> pool_keys;
    for (const auto& e : events) {
        if (e.shape == EventShape::Zone) continue;
        const std::string key = key_of(e);
        if (!r.reports.count(key)) continue;
        pool_keys.push_back(key);
        r.reports[key].events++;
        pool.push_back(&e);
    }
    // Which events each gold line may match, best first: same kind, then nearest date, then
    // nearest place.
    std::vector<std::vector<std::pair<double, std::size_t>>> options(gold.size());
    for (std::size_t gi = 0; gi < gold.size(); ++gi) {
        for (std::size_t ei = 0; ei < pool.size(); ++ei) {
            const Event* e = pool[ei];
            if (pool_keys[ei] != gold[gi].report || !date_matches(*e, gold[gi])) continue;
            const double km = location_km(*e, gold[gi]);
            if (km > gold[gi].tol_km) continue;
            const double kind_cost = coarse_kind(*e) == gold[gi].kind ? 0 : 1e6;
            const double date_cost = 1e3 * std::abs(e->date.first.days() - gold[gi].date.days());
            options[gi].push_back({kind_cost + date_cost + km, ei});
        }
        std::sort(options[gi].begin(), options[gi].end());
    }
    // Maximum matching (augmenting paths): one event can satisfy two gold lines, but each gold
    // line gets its own event when the events allow it — a greedy pass can steal a match.
    std::vector<long> event_to_gold(pool.size(), -1);
    std::vector<char> visited;
    std::function<bool(std::size_t)> augment = [&](std::size_t gi) {
        for (const auto& [km, ei] : options[gi]) {
            if (visited[ei]) continue;
            visited[ei] = 1;
            if (event_to_gold[ei] < 0 || augment(static_cast<std::size_t>(event_to_gold[ei]))) {
                event_to_gold[ei] = static_cast<long>(gi);
                return true;
            }
        }
        return false;
    };
    for (std::size_t gi = 0; gi < gold.size(); ++gi) {
        visited.assign(pool.size(), 0);
        augment(gi);
    }
    std::vector<bool> gold_used(gold.size(), false);
    for (std::size_t ei = 0; ei < pool.size(); ++ei) {
        if (event_to_gold[ei] < 0) continue;
        const auto gi = static_cast<std::size_t>(event_to_gold[ei]);
        gold_used[gi] = true;
        const Event* e = pool[ei];
        const GoldEvent& g = gold[gi];
        ReportScore& s = r.reports[g.report];
        s.matched++;
        s.location_km.push_back(location_km(*e, g));
        if (g.date_tol_days == 0) {
            s.day_dates++;
            s.day_dates_exact += e->date.first == g.date && e->date.last == g.date;
        }
        if (g.fatalities) {
            s.fatality_golds++;
            s.fatality_exact += e->casualties.killed.best == *g.fatalities ||
                                (*g.fatalities == 0 && e->casualties.killed.best < 0);
        }
    }
    for (std::size_t gi = 0; gi < gold.size(); ++gi)
        if (!gold_used[gi]) r.reports[gold[gi].report].missed.push_back(gold[gi].date.iso() + " " + gold[gi].where);
    for (const auto& [k, s] : r.reports) {
        r.total.gold += s.gold;
        r.total.events += s.events;
        r.total.matched += s.matched;
        r.total.day_dates += s.day_dates;
        r.total.day_dates_exact += s.day_dates_exact;
        r.total.fatality_golds += s.fatality_golds;
        r.total.fatality_exact += s.fatality_exact;
        r.total.location_km.insert(r.total.location_km.end(), s.location_km.begin(), s.location_km.end());
        r.total.missed.insert(r.total.missed.end(), s.missed.begin(), s.missed.end());
    }
    return r;
}

}  // namespace cm::ex
