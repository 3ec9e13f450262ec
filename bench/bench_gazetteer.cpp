// conflictmap bench: how fast the gazetteer loads and answers — load time and memory, exact and
// fuzzy name-lookup throughput on one core (with the recall that shows the fuzzy lookup finds
// what a misspelt name meant), and the rate of spatial phrase resolution. The phrases are made
// deterministically (fixed seed) from the gazetteer's own names. Prints numbers; asserts nothing.
#include <cpl_error.h>
#include <sched.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "core/Error.h"
#include "core/Paths.h"
#include "core/Utf8.h"
#include "gazetteer/Gazetteer.h"
#include "gazetteer/Resolver.h"
#include "geo/Geodesic.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace cm::gaz;
volatile std::size_t g_sink = 0;  // results flow here so the work cannot be optimised away
std::size_t g_gdal_errors = 0;     // GDAL errors raised (and silenced) while resolving

double secs(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

struct Options {
    std::filesystem::path dir;
    std::size_t load_runs = 10, phrases = 100000, spatial = 2000;
    double min_time = 0.5;  // seconds per timed run (each rate is the best of 3 runs)
    std::uint64_t seed = 0x5EED2011;
    bool json = false;
};

// ---- machine ---------------------------------------------------------------------------------
std::string proc_field(const char* file, std::string_view key) {  // "key: value" -> "value"
    std::ifstream f(file);
    for (std::string line; std::getline(f, line);)
        if (auto colon = line.find(':'); line.starts_with(key) && colon != std::string::npos)
            return std::string(cm::trim(std::string_view(line).substr(colon + 1)));
    return "unknown";
}
double status_mib(const char* key) { return std::atof(proc_field("/proc/self/status", key).c_str()) / 1024.0; }  // kB
int core_count() {  // what nproc prints: the CPUs this process may run on
    cpu_set_t set;
    return sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
}

// ---- phrase generation -----------------------------------------------------------------------
enum Cat { Exact = 0, Variant, Typo, Nonsense };
const char* const kCatName[] = {"exact", "variant", "typo", "nonsense"};
struct Phrase { std::string text; std::uint32_t entry; Cat cat; };  // entry: what it was made from

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool plain_ascii(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c > 0 && c < 0x7f; });
}
std::size_t pick(std::mt19937_64& rng, std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }
bool consonant(char c) { return is_alpha(c) && !std::strchr("aeiou", lower(c)); }

/// Replaces the whole word `from` (as a word of s) by `to`; false if it is not there.
bool swap_word(std::string& s, std::string_view from, std::string_view to) {
    for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + 1)) {
        const std::size_t e = p + from.size();
        if ((p == 0 || !is_alpha(s[p - 1])) && (e == s.size() || !is_alpha(s[e]))) return s.replace(p, from.size(), to), true;
    }
    return false;
}

/// One transliteration-style change that folding and skeletons are meant to absorb.
bool mutate_variant(std::string& s, std::mt19937_64& rng) {
    switch (pick(rng, 6)) {
        case 0: {  // toggle a leading article
            for (const char* a : {"al-", "Al-", "el-", "El-", "ad-", "as-", "ash-", "ar-", "at-", "az-", "an-", "Al ", "El "})
                if (s.rfind(a, 0) == 0 && s.size() > std::strlen(a) + 2) return s.erase(0, std::strlen(a)), true;
            static const char* const add[] = {"al-", "el-", "Al ", "Al-", "ad-"};
            return s.insert(0, add[pick(rng, 5)]), true;
        }
        case 1: {  // e <-> i, o <-> u
            std::vector<std::size_t> at;
            for (std::size_t i = 1; i < s.size(); ++i)
                if (std::strchr("eiou", s[i])) at.push_back(i);
            if (at.empty()) return false;
            char& c = s[at[pick(rng, at.size())]];
            return c = c == 'e' ? 'i' : c == 'i' ? 'e' : c == 'o' ? 'u' : 'o', true;
        }
        case 2:  // ou <-> u
            if (auto p = s.find("ou"); p != std::string::npos) return s.erase(p + 1, 1), true;
            if (auto p = s.find('u', 1); p != std::string::npos && s[p - 1] != 'o') return s.insert(p, "o"), true;
            return false;
        case 3:  // -ah / -eh / -a endings
            if (s.size() > 4 && (s.ends_with("ah") || s.ends_with("eh"))) {  // -> -eh/-ah or -a
                char& v = s[s.size() - 2];
                return pick(rng, 2) ? void(v = v == 'a' ? 'e' : 'a') : (s.pop_back(), void(v = 'a')), true;
            }
            if (s.size() > 3 && s.ends_with("a")) return s += 'h', true;
            return false;
        case 4: {  // undouble a consonant, or double one between vowels (shadda: Raqa / Raqqa)
            for (std::size_t i = 1; i + 1 < s.size(); ++i)
                if (s[i] == s[i + 1] && consonant(s[i])) return s.erase(i, 1), true;
            std::vector<std::size_t> at;
            for (std::size_t i = 1; i + 1 < s.size(); ++i)
                if (consonant(s[i]) && !std::strchr("hwy", s[i]) && !consonant(s[i - 1]) && is_alpha(s[i - 1]) &&
                    is_alpha(s[i + 1]) && !consonant(s[i + 1]))
                    at.push_back(i);
            if (at.empty()) return false;
            const std::size_t i = at[pick(rng, at.size())];
            return s.insert(i, 1, s[i]), true;
        }
        default: {  // other spellings of common words
            static const char* const pairs[][2] = {
                {"Kafr", "Kafer"}, {"Deir", "Dayr"}, {"Tell", "Tal"}, {"Tall", "Tal"}, {"Ain", "Ayn"}, {"Jabal", "Jebel"},
                {"Sheikh", "Shaykh"}, {"Abu", "Abou"}, {"Qasr", "Kasr"}, {"Khirbet", "Khirbat"}, {"Beit", "Bayt"},
                {"Bir", "Beer"}, {"Umm", "Um"}, {"Kafar", "Kafr"}, {"Qaryat", "Qaryet"}};
            const std::size_t n = std::size(pairs), start = pick(rng, 2 * n);  // either way round
            for (std::size_t k = start; k < start + 2 * n; ++k)
                if (swap_word(s, pairs[k % n][k / n % 2], pairs[k % n][1 - k / n % 2])) return true;
            return false;
        }
    }
}

/// One random slip of the keyboard: substitute, delete, insert or transpose a letter.
void mutate_typo(std::string& s, std::mt19937_64& rng) {
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (is_alpha(s[i])) at.push_back(i);
    const std::size_t i = at[pick(rng, at.size())];
    const char r = char('a' + pick(rng, 26));
    switch (pick(rng, 4)) {
        case 0: s[i] = lower(s[i]) == r ? char('a' + (r - 'a' + 1) % 26) : r; break;
        case 1: s.erase(i, 1); break;
        case 2: s.insert(i + 1, 1, r); break;
        default:  // transpose with the next letter (or delete, if there is none to swap with)
            if (i + 1 < s.size() && is_alpha(s[i + 1]) && lower(s[i]) != lower(s[i + 1])) std::swap(s[i], s[i + 1]);
            else s.erase(i, 1);
    }
}

/// 40% exact names, 25% variants, 25% typos, 10% nonsense; shuffled.
std::vector<Phrase> make_phrases(const Gazetteer& g, std::size_t total, std::mt19937_64& rng) {
    const NameIndex& idx = g.names();
    std::vector<std::uint32_t> ascii, longer;  // names usable for mutations; those of 6+ letters
    for (std::uint32_t i = 0; i < idx.size(); ++i)
        if (const auto& t = idx.name(i).text; plain_ascii(t)) {
            ascii.push_back(i);
            if (std::count_if(t.begin(), t.end(), is_alpha) >= 6) longer.push_back(i);
        }
    if (longer.empty()) throw cm::Error("the gazetteer has no ASCII names of 6+ letters to make phrases from");
    std::vector<Phrase> out;
    std::vector<NameHit> hits;
    const std::size_t n_exact = total * 4 / 10, n_var = n_exact + total / 4, n_typo = n_var + total / 4;
    while (out.size() < total) {
        const std::size_t k = out.size();
        if (k < n_exact) {
            const auto& nm = idx.name(std::uint32_t(pick(rng, idx.size())));
            out.push_back({nm.text, nm.entry, Exact});
        } else if (k < n_typo) {
            const bool typo = k >= n_var;
            const auto& nm = idx.name(typo ? longer[pick(rng, longer.size())] : ascii[pick(rng, ascii.size())]);
            std::string s = nm.text;
            if (typo) mutate_typo(s, rng);
            for (int tries = 0, done = 0, want = 1 + int(pick(rng, 2)); !typo && done < want && tries < 20; ++tries)
                done += mutate_variant(s, rng);
            if (s != nm.text) out.push_back({std::move(s), nm.entry, typo ? Typo : Variant});
        } else {  // pronounceable nonsense, kept only if even the fuzzy lookup finds nothing
            static const char cons[] = "bvpzxqwjfgkc", vows[] = "aeiouy";
            std::string s;
            do {
                s.clear();
                for (std::size_t len = 4 + pick(rng, 8); s.size() < len;) {
                    s += cons[pick(rng, sizeof cons - 1)];
                    s += vows[pick(rng, sizeof vows - 1)];
                    if (pick(rng, 6) == 0) s += ' ';
                }
                s[0] = char(s[0] - 'a' + 'A');
                idx.lookup(s, true, hits);
            } while (!hits.empty());
            out.push_back({std::move(s), 0, Nonsense});
        }
    }
    std::shuffle(out.begin(), out.end(), rng);
    return out;
}

/// "near X", "10 km west of X", "between X and Y", "along the M4 west of X" in turn. The road
/// phrases name places within 5 km of a vertex of the road and a direction the road runs there.
std::vector<std::string> make_spatial(const Gazetteer& g, std::size_t n, std::mt19937_64& rng) {
    static const char* const dirs[] = {"north", "northeast", "east", "southeast", "south", "southwest", "west", "northwest"};
    static const int kms[] = {2, 5, 10, 15, 25};
    std::vector<const Entry*> places;
    std::vector<std::string> along, out;
    for (const Entry& e : g.entries())
        if (e.kind == PlaceKind::Place && plain_ascii(e.name)) places.push_back(&e);
    for (const Entry& r : g.entries()) {
        if (r.kind != PlaceKind::Road) continue;
        for (const auto& part : r.geometry.parts)
            for (std::size_t j = 0; part.size() > 1 && j < part.size(); ++j)
                for (const Entry* x : places)
                    if (std::abs(x->point.lat - part[j].lat) < 0.1 && std::abs(x->point.lon - part[j].lon) < 0.12 &&
                        cm::geo::distance_km(x->point, part[j]) < 5) {  // the way the road runs from vertex j
                        const double b = cm::geo::bearing_deg(part[j], part[j + 1 < part.size() ? j + 1 : j - 1]);
                        along.push_back("along the " + r.name + " " + dirs[int(b / 45 + 0.5) % 8] + " of " + x->name);
                    }
    }
    if (places.empty()) return out;
    auto place = [&] { return places[pick(rng, places.size())]->name; };
    for (std::size_t k = 0; k < n; ++k) {
        const std::string dir = dirs[pick(rng, 8)];
        if (k % 4 == 0) out.push_back("near " + place());
        else if (k % 4 == 1) out.push_back(std::to_string(kms[pick(rng, 5)]) + " km " + dir + " of " + place());
        else if (k % 4 == 2 || along.empty()) out.push_back("between " + place() + " and " + place());
        else out.push_back(along[pick(rng, along.size())]);
    }
    return out;
}

// ---- timing and report -----------------------------------------------------------------------
/// Calls fn over the list (wrapping around) for at least min_time; best rate (calls/s) of `runs`.
template <class T, class F>
double best_rate(const std::vector<T>& list, double min_time, F&& fn, int runs = 3) {
    double best = 0;
    for (int r = 0; r < runs && !list.empty(); ++r) {
        std::size_t calls = 0, i = 0;
        const auto t0 = Clock::now();
        double t = 0;
        do {
            for (int k = 0; k < 64; ++k, ++calls, i = i + 1 == list.size() ? 0 : i + 1) fn(list[i]);
        } while ((t = secs(t0)) < min_time);
        best = std::max(best, double(calls) / t);
    }
    return best;
}

/// Rows of (JSON key, label, JSON value, value as shown); printed as aligned text or one JSON object.
struct Report {
    struct Row { std::string key, label, value, shown; };
    std::vector<Row> rows;
    void num(std::string key, std::string label, double v, int prec, const std::string& unit = {}) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.*f", prec, v);
        rows.push_back({std::move(key), std::move(label), buf, buf + (unit.empty() ? "" : " " + unit)});
    }
    void str(std::string key, std::string label, const std::string& v) {
        std::string q = "\"";
        for (char c : v)
            if (c < 0 || c >= 0x20) q += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
        rows.push_back({std::move(key), std::move(label), q + "\"", v});
    }
    void print(bool json) const {
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (json) std::printf("%s  \"%s\": %s", i ? ",\n" : "{\n", rows[i].key.c_str(), rows[i].value.c_str());
            else std::printf("  %-42s %s\n", rows[i].label.c_str(), rows[i].shown.c_str());
        if (json) std::printf("\n}\n");
    }
};

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool has = i + 1 < argc;
        if (a == "--json") o.json = true;
        else if (a == "--gazetteer-dir" && has) o.dir = argv[++i];
        else if (a == "--load-runs" && has) o.load_runs = std::max(1LL, std::atoll(argv[++i]));
        else if (a == "--phrases" && has) o.phrases = std::max(10LL, std::atoll(argv[++i]));
        else if (a == "--spatial" && has) o.spatial = std::max(4LL, std::atoll(argv[++i]));
        else if (a == "--min-time" && has) o.min_time = std::atof(argv[++i]);
        else if (a == "--seed" && has) o.seed = std::strtoull(argv[++i], nullptr, 0);
        else {
            std::fprintf(stderr, "usage: %s [--gazetteer-dir DIR] [--load-runs N] [--phrases N] [--spatial N] "
                                 "[--min-time SECONDS] [--seed N] [--json]\n", argv[0]);
            return 2;
        }
    }
    try {
        if (o.dir.empty()) o.dir = cm::bundled_gazetteer_dir();
        Report rep;
        rep.num("cores", "cores (nproc)", core_count(), 0);
        rep.str("cpu", "cpu", proc_field("/proc/cpuinfo", "model name"));
        rep.str("build_type", "build type", CM_BUILD_TYPE);
        rep.str("compiler", "compiler", CM_COMPILER);
        rep.str("gazetteer_dir", "gazetteer dir", o.dir.string());
        rep.str("seed", "seed", std::to_string(o.seed));
        const double rss0 = status_mib("VmRSS:");

        // 1. Load (the previous copy is freed outside the timed part).
        std::unique_ptr<Gazetteer> gp;
        std::vector<double> ms;
        std::size_t diags = 0;
        for (std::size_t r = 0; r < o.load_runs; ++r) {
            gp.reset();
            cm::Diagnostics diag;
            const auto t0 = Clock::now();
            gp = Gazetteer::load(o.dir, {}, diag);
            ms.push_back(secs(t0) * 1e3);
            diags = diag.count();
        }
        const Gazetteer& g = *gp;
        rep.num("load_runs", "load runs", double(o.load_runs), 0);
        rep.num("load_ms_first", "load time, first run", ms.front(), 2, "ms");
        std::sort(ms.begin(), ms.end());
        rep.num("load_ms_min", "load time, min", ms.front(), 2, "ms");
        rep.num("load_ms_median", "load time, median", (ms[(ms.size() - 1) / 2] + ms[ms.size() / 2]) / 2, 2, "ms");
        rep.num("rss_before_load_mib", "RSS before loading", rss0, 1, "MiB");
        rep.num("rss_mib", "RSS after loading (VmRSS)", status_mib("VmRSS:"), 1, "MiB");
        rep.num("peak_rss_mib", "peak RSS after loading (VmHWM)", status_mib("VmHWM:"), 1, "MiB");
        rep.num("entries", "entries", double(g.entries().size()), 0);
        rep.num("names", "names", double(g.names().size()), 0);
        rep.num("fuzzy_keys", "fuzzy index size (fuzzy_keys())", double(g.names().fuzzy_keys()), 0);
        rep.num("load_diagnostics", "load diagnostics", double(diags), 0);

        // 2. Phrases.
        std::mt19937_64 rng(o.seed);
        const std::vector<Phrase> all = make_phrases(g, o.phrases, rng);
        std::vector<Phrase> by_cat[4], fuzzy;
        for (const Phrase& p : all) {
            by_cat[p.cat].push_back(p);
            if (p.cat != Exact) fuzzy.push_back(p);
        }
        rep.num("phrases", "phrases (mixed list)", double(all.size()), 0);
        for (int c = 0; c < 4; ++c)
            rep.num(std::string("phrases_") + kCatName[c], std::string("  ") + kCatName[c], double(by_cat[c].size()), 0);

        // 3-4. Throughput, one thread.
        Resolver res(g);
        const Context ctx;
        std::vector<NameHit> hits;
        auto lookup = [&](bool fz) {
            return [&, fz](const Phrase& p) { g.names().lookup(p.text, fz, hits); g_sink = g_sink + hits.size(); };
        };
        auto cands = [&](bool fz) {
            return [&, fz](const Phrase& p) { g_sink = g_sink + res.candidates(p.text, ctx, fz).size(); };
        };
        auto rate = [&](const std::string& key, const std::string& label, const std::vector<Phrase>& list, auto fn) {
            rep.num(key, label, best_rate(list, o.min_time, fn), 0);
        };
        rate("exact_lookups_per_s", "exact lookups/s (NameIndex, fuzzy off)", by_cat[Exact], lookup(false));
        rate("exact_candidates_per_s", "exact Resolver::candidates/s (fuzzy off)", by_cat[Exact], cands(false));
        rate("fuzzy_lookups_per_s", "fuzzy lookups/s (variant+typo+nonsense)", fuzzy, lookup(true));
        for (Cat c : {Variant, Typo, Nonsense})
            rate(std::string("fuzzy_lookups_per_s_") + kCatName[c], std::string("  ") + kCatName[c] + " only", by_cat[c], lookup(true));
        rate("fuzzy_candidates_per_s", "fuzzy Resolver::candidates/s (same list)", fuzzy, cands(true));

        // Recall: do the hits include the entry the phrase was made from? Is it ranked first?
        for (Cat c : {Exact, Variant, Typo}) {
            std::size_t found = 0, found_nofuzzy = 0, top1 = 0;
            for (const Phrase& p : by_cat[c]) {
                auto has = [&] { return std::ranges::any_of(hits, [&](const NameHit& h) { return h.entry == p.entry; }); };
                g.names().lookup(p.text, true, hits);
                found += has();
                g.names().lookup(p.text, false, hits);
                found_nofuzzy += has();
                const auto cs = res.candidates(p.text, ctx, true);
                top1 += !cs.empty() && cs.front().entry == p.entry;
            }
            const double n = std::max<double>(1, double(by_cat[c].size())) / 100;
            const std::string k = kCatName[c];
            rep.num("recall_" + k + "_pct", "recall " + k + " (fuzzy lookup)", double(found) / n, 2, "%");
            rep.num("recall_" + k + "_nofuzzy_pct", "recall " + k + " (fuzzy off)", double(found_nofuzzy) / n, 2, "%");
            rep.num("top1_" + k + "_pct", "source ranked first, " + k + " (Resolver)", double(top1) / n, 2, "%");
        }
        std::size_t nonsense_hits = 0;
        for (const Phrase& p : by_cat[Nonsense]) nonsense_hits += (g.names().lookup(p.text, true, hits), !hits.empty());
        rep.num("nonsense_hits", "nonsense phrases with any hit", double(nonsense_hits), 0);

        // 5. Spatial phrases, a fresh context each (as if each were its own document). GDAL's
        // errors are counted, not printed: they would interleave with the numbers.
        const std::vector<std::string> spatial = make_spatial(g, o.spatial, rng);
        CPLPushErrorHandler([](CPLErr, CPLErrorNum, const char*) { ++g_gdal_errors; });
        std::size_t by_status[3] = {};
        Context c;  // reset before each phrase (resolve adds the place to its anchors)
        for (const std::string& s : spatial) ++by_status[int(res.resolve(s, c = {}).status)];
        const std::size_t gdal_errors = g_gdal_errors;
        const double spatial_rate =
            best_rate(spatial, o.min_time, [&](const std::string& s) { g_sink = g_sink + res.resolve(s, c = {}).candidates.size(); });
        CPLPopErrorHandler();
        rep.num("spatial_phrases", "spatial phrases", double(spatial.size()), 0);
        rep.num("spatial_per_s", "spatial phrases/s (Resolver::resolve)", spatial_rate, 0);
        for (Status s : {Status::Resolved, Status::Ambiguous, Status::Unresolved})
            rep.num(std::string("spatial_") + status_name(s), std::string("  ") + status_name(s), double(by_status[int(s)]), 0);
        rep.num("spatial_gdal_errors", "  GDAL errors raised (one pass)", double(gdal_errors), 0);
        if (!o.json) std::printf("conflictmap gazetteer benchmark\n");
        rep.print(o.json);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "conflictmap-bench-gazetteer: %s\n", e.what());
        return 1;
    }
    return g_sink == 0xFFFFFFFF ? 3 : 0;  // reads the sink; never true in practice
}
