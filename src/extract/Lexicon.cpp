// conflictmap extract: Lexicon — the words of the Syrian war. Finds the parties a sentence names (a
// table of actors and their aliases), what kind of incident it reports (trigger-word rules in order
// of precedence, mapped onto ACLED's event and sub-event types), and how many were killed or injured
// (counts in digits and words tied to kill/injure words, with who claims or denies them).
//
// Everything works on one token list per sentence: words with byte spans, folded to lower-case
// ASCII with apostrophes dropped ("Hay'at" = "hayat") and a possessive 's split off; hyphens join
// words without being words. No regular expressions; every scan is linear or looks at a small
// window, so a megabyte of hostile text costs milliseconds.
//
// [SECTION] index
//   Tokens ............ the tokenizer and the word sets shared below
//   Actor table ....... one row per party: canonical name, short name, aliases
//   Actor matching .... find_actors
//   Counts ............ read_count, parse_count
//   Casualties ........ find_casualties
//   Kind rules ........ the trigger table, in order of precedence
//   Classification .... pattern matching, hedges, refinements, classify
#include "extract/Lexicon.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <ogrsf_frmts.h>

#include "core/Paths.h"
#include "core/Utf8.h"
#include "geo/Ogr.h"

namespace cm::ex {
namespace {

// =================================================================================================
// [SECTION] Tokens
// =================================================================================================

struct Tok {
    std::size_t b = 0, e = 0;  ///< bytes in the sentence; a possessive 's is left out
    std::string f;             ///< folded: ASCII lower-case, apostrophes and acronym dots dropped
    bool word = false;         ///< letters/digits; false: one punctuation character
    bool caps = false;         ///< has ASCII letters, all upper-case ("SDF", "U.S.")
    bool cap1 = false;         ///< starts with an upper-case ASCII letter
    bool num = false;          ///< digits (a decimal point kept, thousands commas dropped)
    bool hy = false;           ///< joined to the previous word by one hyphen ("al-Sham")
    bool poss = false;         ///< a possessive 's followed
};
using Toks = std::vector<Tok>;

enum class Cc { Word, Space, Apos, Hyphen, Punct };

Cc char_class(char32_t c) {
    if (c < 0x80) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return Cc::Word;
        if (c == '\'' || c == '`') return Cc::Apos;
        if (c == '-') return Cc::Hyphen;
        if (c <= 0x20 || c == 0x7F) return Cc::Space;
        return Cc::Punct;
    }
    if (c == 0x2018 || c == 0x2019 || c == 0x02BC || c == 0x02BE || c == 0x02BF || c == 0x00B4 || c == 0x2032)
        return Cc::Apos;
    if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE63 || c == 0xFF0D) return Cc::Hyphen;
    if (c < 0xA0 || c == 0xA0 || c == 0xAD || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F ||
        c == 0x3000 || c == 0xFEFF)
        return Cc::Space;
    if ((c >= 0xA1 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2016 && c <= 0x206F) ||
        (c >= 0x20A0 && c <= 0x20CF) || c == kReplacementChar || c == 0x060C || c == 0x061B || c == 0x061F ||
        c == 0x06D4 || (c >= 0x3001 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F))
        return Cc::Punct;
    return Cc::Word;
}

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_upper(char32_t c) { return c >= 'A' && c <= 'Z'; }

Toks tokenize(std::string_view s) {
    Toks out;
    out.reserve(s.size() / 5 + 4);
    const std::size_t n = s.size();
    auto peek = [&](std::size_t at, std::size_t& next) -> char32_t {
        next = at;
        return at < n ? utf8_next(s, next) : 0;
    };
    std::size_t i = 0;
    bool after_word = false, hy_gap = false;  // the gap since the last word: nothing / one hyphen
    while (i < n) {
        const std::size_t start = i;
        const char32_t c = utf8_next(s, i);
        const Cc cls = char_class(c);
        if (cls == Cc::Space || cls == Cc::Apos) {
            after_word = hy_gap = false;
            continue;
        }
        if (cls == Cc::Hyphen) {
            std::size_t nx;
            const char32_t d = peek(i, nx);
            if (after_word && !hy_gap && i < n && char_class(d) == Cc::Word) {
                hy_gap = true;
                continue;
            }
            Tok t;
            t.b = start, t.e = i, t.f = "-";
            out.push_back(std::move(t));
            after_word = hy_gap = false;
            continue;
        }
        if (cls == Cc::Punct) {
            Tok t;
            t.b = start, t.e = i, t.f.assign(s.substr(start, i - start));
            out.push_back(std::move(t));
            after_word = hy_gap = false;
            continue;
        }
        Tok t;
        t.b = start, t.word = true, t.hy = after_word && hy_gap, t.cap1 = is_upper(c);
        bool letters = false, all_caps = true, dotted = false, digits_only = true;
        int seg = 0;  // characters since the last dot of a dotted acronym
        char32_t cur = c;
        std::size_t cur_end = i, resume = 0;
        for (;;) {
            if (cur < 0x80) {
                char ch = static_cast<char>(cur);
                if (ch >= 'A' && ch <= 'Z') letters = true, ch = static_cast<char>(ch - 'A' + 'a');
                else if (ch >= 'a' && ch <= 'z') letters = true, all_caps = false;
                if (!is_digit(cur)) digits_only = false;
                t.f += ch;
            } else {
                utf8_append(t.f, cur);
                digits_only = false;
            }
            ++seg;
            t.e = cur_end;
            if (cur_end >= n) break;
            std::size_t nx;
            const char32_t d = peek(cur_end, nx);
            const Cc dc = char_class(d);
            if (dc == Cc::Word) {
                cur = d, cur_end = nx;
                continue;
            }
            std::size_t nx2;
            const char32_t d2 = peek(nx, nx2);
            if (dc == Cc::Apos && nx < n && char_class(d2) == Cc::Word) {
                std::size_t nx3;
                const char32_t d3 = peek(nx2, nx3);
                if ((d2 == 's' || d2 == 'S') && (nx2 >= n || char_class(d3) != Cc::Word)) {
                    t.poss = true;  // "HTS's", "People's": the 's is no part of the name
                    resume = nx2;
                    break;
                }
                cur = d2, cur_end = nx2;  // an inner apostrophe: Hay'at
                continue;
            }
            if ((d == '.' || d == ',') && is_digit(cur) && digits_only && nx < n && is_digit(d2)) {
                if (d == '.') t.f += '.';
                cur = d2, cur_end = nx2;
                continue;
            }
            if (d == '.' && seg == 1 && is_upper(cur)) {  // U.S., U.N.
                if (nx < n && is_upper(d2)) {
                    dotted = true, seg = 0, cur = d2, cur_end = nx2;
                    continue;
                }
                if (dotted) t.e = nx;
            }
            break;
        }
        t.caps = letters && all_caps;
        t.num = !t.f.empty() && is_digit(static_cast<unsigned char>(t.f[0])) &&
                std::all_of(t.f.begin(), t.f.end(), [](char ch) { return (ch >= '0' && ch <= '9') || ch == '.'; });
        i = resume ? resume : t.e;
        after_word = !t.poss;
        hy_gap = false;
        out.push_back(std::move(t));
    }
    return out;
}

/// find_actors, classify and find_casualties all read the same sentence in turn: tokenize it
/// once. The cache is keyed by the sentence's bytes (not its address), one per thread.
const Toks& sentence_tokens(std::string_view s) {
    thread_local std::string text;
    thread_local Toks toks;
    thread_local bool filled = false;
    if (!filled || text != s) {
        toks = tokenize(s);
        text.assign(s);
        filled = true;
    }
    return toks;
}

using WordSet = std::unordered_set<std::string_view>;

bool in(const WordSet& set, std::string_view w) { return set.count(w) != 0; }

/// The token's folded word, or "" for punctuation and out-of-range indices.
std::string_view fw(const Toks& t, std::size_t i) {
    return i < t.size() && t[i].word ? std::string_view(t[i].f) : std::string_view();
}

bool sentence_end(const Tok& t) { return !t.word && (t.f == "." || t.f == ";" || t.f == "!" || t.f == "?"); }

/// Equal, or `text` is the plural of `base` ("soldiers" / "soldier").
bool same_or_plural(std::string_view text, std::string_view base) {
    if (text == base) return true;
    if (text.size() == base.size() + 1 && text.back() == 's' && text.substr(0, base.size()) == base) return true;
    return text.size() == base.size() + 2 && text.substr(base.size()) == "es" && text.substr(0, base.size()) == base;
}

const WordSet kParticiples = {"led", "backed", "linked", "affiliated", "supported", "allied", "sponsored",
                              "aligned", "controlled", "held", "occupied", "run", "dominated", "funded",
                              "trained", "armed", "friendly", "leaning", "loyal", "brokered", "installed"};
const WordSet kNationalities = {"russian", "turkish", "us", "american", "iranian", "israeli", "syrian",
                                "kurdish", "iraqi", "saudi", "qatari", "western", "gulf", "lebanese", "french",
                                "british", "emirati", "jordanian", "arab", "chinese", "nato"};
const WordSet kLocatives = {"in", "to", "from", "at", "into", "near", "inside", "toward", "towards", "via",
                            "through", "across", "within", "outside", "around", "visited", "visit", "entering"};
const WordSet kGeoNouns = {"countryside", "province", "governorate", "highway", "road", "airport", "border",
                           "city", "suburbs", "outskirts", "district", "region", "area", "capital", "embassy",
                           "suburb", "plain", "desert", "borders"};
const WordSet kDeterminers = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these",
                              "those", "another", "every", "each", "any", "some", "several", "many", "both"};
const WordSet kNumberWords = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                              "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                              "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
                              "eighty", "ninety", "hundred", "thousand", "dozen", "dozens", "hundreds",
                              "thousands", "several", "no", "zero", "none", "both"};
const WordSet kMonths = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
                         "sep", "sept", "oct", "nov", "dec"};
/// People a count can be of: "a soldier" is one casualty, "a convoy" is not.
const WordSet kPersonNouns = {
    "soldier", "officer", "civilian", "local", "man", "men", "woman", "women", "child", "children", "boy",
    "girl", "fighter", "member", "commander", "militant", "terrorist", "resident", "shepherd", "farmer",
    "journalist", "person", "persons", "people", "policeman", "policemen", "guard", "leader", "activist",
    "doctor", "worker", "driver", "serviceman", "servicemen", "trooper", "gunman", "gunmen", "jihadist",
    "insurgent", "rebel", "citizen", "official", "judge", "teacher", "student", "nurse", "volunteer",
    "correspondent", "reporter", "individual", "other", "mukhtar", "sheikh", "elder", "cleric", "personnel",
    "troops", "recruit", "conscript", "operative", "militiaman", "militiamen", "infant", "baby", "family",
    "villager", "protester", "demonstrator", "pilot", "engineer", "contractor", "employee", "spy", "agent",
    "defector", "prisoner", "detainee", "hostage", "captive", "colonel", "general", "lieutenant", "major",
    "captain", "sergeant", "emir", "chief", "head", "mayor", "figure", "dignitary"};

bool person_noun(std::string_view w) {
    if (in(kPersonNouns, w)) return true;
    if (w.size() > 3 && w.back() == 's' && in(kPersonNouns, w.substr(0, w.size() - 1))) return true;
    return w.size() > 4 && w.substr(w.size() - 2) == "es" && in(kPersonNouns, w.substr(0, w.size() - 2));
}

// =================================================================================================
// [SECTION] Actor table
// =================================================================================================
//
// How to read an alias: matched on whole words, case-insensitively; hyphens and apostrophes are
// ignored ("Hay'at" = "Hayat", "al-Sham" = "al Sham"); the last word matches its plural too.
// A word written in capitals (SDF, IS, US) matches only in capitals.
//   '@' before an alias: a state, country or capital, counted as the party only when it acts —
//       not after "in", "to", "from", ..., and not before "countryside", "border", "highway", ...
//   '^' before an alias: a bare noun ("army", "soldier") counted only when no other capitalized
//       word stands before it ("the army", "two soldiers"; not "the Iraqi army").

struct ActorRow {
    std::string name, short_name, aliases;  ///< aliases: '|'-separated
};

// The actors and their aliases are data: assets/lexicon/actors.csv (name, short_name, aliases,
// role actor|source, group), then any user lexicon files (set_user_lexicons), whose rows come
// first so that a user's alias wins. Read once, on first use.
std::vector<std::filesystem::path>& user_lexicon_files() {
    static std::vector<std::filesystem::path> files;
    return files;
}

struct ActorTable {
    std::vector<ActorRow> actors;
    std::string not_actors;  ///< '|'-separated aliases of sources, never parties
    std::vector<std::string> problems;  ///< bad rows, with file and line
};

// A lexicon file read through GDAL's CSV driver: its column names and its rows as text, each
// with its line in the file (the header is line 1).
struct CsvTable {
    std::vector<std::string> columns;  ///< lower-cased, trimmed
    std::vector<std::pair<long, std::vector<std::string>>> rows;
    int col(std::string_view name) const {
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (columns[i] == name) return static_cast<int>(i);
        return -1;
    }
    static std::string get(const std::vector<std::string>& row, int c) {
        return c >= 0 && c < static_cast<int>(row.size()) ? row[static_cast<std::size_t>(c)] : std::string();
    }
};

std::optional<CsvTable> read_csv(const std::filesystem::path& file, std::vector<std::string>& problems) {
    geo::init_gdal();
    static const char* const kCsv[] = {"CSV", nullptr};
    static const char* const kOpts[] = {"AUTODETECT_TYPE=NO", nullptr};
    GDALDatasetUniquePtr ds(GDALDataset::Open(file.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, kCsv, kOpts, nullptr));
    if (!ds || ds->GetLayerCount() < 1) {
        problems.push_back(file.string() + ": cannot read the lexicon file");
        return std::nullopt;
    }
    OGRLayer& layer = *ds->GetLayer(0);
    CsvTable t;
    OGRFeatureDefn& d = *layer.GetLayerDefn();
    for (int i = 0; i < d.GetFieldCount(); ++i) t.columns.push_back(ascii_lower(trim(d.GetFieldDefn(i)->GetNameRef())));
    long line = 1;
    for (auto& f : layer) {
        ++line;
        std::vector<std::string> row;
        for (int i = 0; i < d.GetFieldCount(); ++i) row.emplace_back(trim(f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : ""));
        t.rows.emplace_back(line, std::move(row));
    }
    return t;
}

// A user file with a 'pattern' column holds kind rules; others hold actors.
bool is_kind_file(const std::filesystem::path& file) {
    std::vector<std::string> ignored;
    const auto t = read_csv(file, ignored);
    return t && t->col("pattern") >= 0;
}

void read_actor_file(const std::filesystem::path& file, ActorTable& t, bool user) {
    const auto csv = read_csv(file, t.problems);
    if (!csv) return;
    const int c_name = csv->col("name"), c_short = csv->col("short_name"), c_alias = csv->col("aliases"), c_role = csv->col("role");
    if (c_name < 0 || c_alias < 0) {
        t.problems.push_back(file.string() + ":1: a lexicon needs 'name' and 'aliases' columns");
        return;
    }
    std::vector<ActorRow> rows;
    for (const auto& [line, f] : csv->rows) {
        if (ascii_lower(CsvTable::get(f, c_role)) == "source") {
            t.not_actors += (t.not_actors.empty() ? "" : "|") + CsvTable::get(f, c_alias);
            continue;
        }
        ActorRow r{CsvTable::get(f, c_name), CsvTable::get(f, c_short), CsvTable::get(f, c_alias)};
        if (r.name.empty() || r.aliases.empty()) {
            t.problems.push_back(file.string() + ":" + std::to_string(line) + ": a lexicon row needs a name and aliases; skipped");
            continue;
        }
        if (r.short_name.empty()) r.short_name = r.name;
        rows.push_back(std::move(r));
    }
    t.actors.insert(user ? t.actors.begin() : t.actors.end(), rows.begin(), rows.end());
}

struct Lexicon;
Lexicon build_lexicon(const ActorTable& t);

// The table and the matcher built from it, replaced whole when the user's files change (earlier
// states are kept, so a reference taken before stays valid).
struct LexiconState;
std::atomic<const LexiconState*>& current_state();
const LexiconState& state();

const ActorTable& actor_table();
const std::vector<ActorRow>& actor_rows() { return actor_table().actors; }

/// Nouns after a name that belong to the mention ("ISIS cells", "SDF members").
const WordSet kHeadNouns = {"member", "members", "fighter", "fighters", "militants", "terrorists", "cell",
                            "cells", "operatives", "unit", "units", "troops", "soldiers", "personnel", "forces",
                            "commander", "commanders", "gunmen", "militia", "militias", "servicemen",
                            "jihadists", "elements", "group", "officers", "squads", "squad", "faction",
                            "factions", "movement", "terrorist", "militant"};
/// Words that make the name before them a source, not a party ("SDF sources said").
const WordSet kSourceNouns = {"sources", "source", "media", "outlets", "outlet", "channels", "spokesman",
                              "spokesperson", "spokeswoman", "statement", "website", "agency"};
/// Nouns that make the name before them a description ("the former al-Qaeda affiliate HTS").
const WordSet kDescriptiveNouns = {"affiliate", "offshoot", "franchise", "splinter", "ideology", "style"};

struct Alias {
    int row = -1;                   ///< index into actor_rows(), -1 for a source
    std::vector<std::string> toks;  ///< folded
    std::vector<bool> caps;         ///< this word must be in capitals
    bool place = false, bare = false;
};

struct Lexicon {
    std::vector<Alias> aliases;
    std::unordered_map<std::string, std::vector<int>> by_first;  ///< longest first
    std::unordered_map<std::string, int> by_key;                  ///< "russian forces" -> alias
};

void add_aliases(Lexicon& lx, std::string_view list, int row) {
    for (const std::string& raw : split(list, '|')) {
        std::string_view a = trim(raw);
        Alias al;
        al.row = row;
        while (!a.empty() && (a[0] == '@' || a[0] == '^')) {
            (a[0] == '@' ? al.place : al.bare) = true;
            a.remove_prefix(1);
        }
        for (const Tok& t : tokenize(a)) {
            if (!t.word) continue;
            al.toks.push_back(t.f);
            al.caps.push_back(t.caps && t.f.size() <= 5);
        }
        if (al.toks.empty()) continue;
        std::string key;
        for (const auto& w : al.toks) key += (key.empty() ? "" : " ") + w;
        const int id = static_cast<int>(lx.aliases.size());
        lx.by_key.emplace(key, id);
        lx.by_first[al.toks[0]].push_back(id);
        lx.aliases.push_back(std::move(al));
    }
}

Lexicon build_lexicon(const ActorTable& t) {
    Lexicon l;
    for (std::size_t r = 0; r < t.actors.size(); ++r) add_aliases(l, t.actors[r].aliases, static_cast<int>(r));
    add_aliases(l, t.not_actors, -1);
    for (auto& [first, ids] : l.by_first)
        std::stable_sort(ids.begin(), ids.end(),
                         [&l](int a, int b) { return l.aliases[a].toks.size() > l.aliases[b].toks.size(); });
    return l;
}

struct LexiconState {
    ActorTable table;
    Lexicon lx;
};

std::mutex& state_mutex() {
    static std::mutex m;
    return m;
}

// A state built on first use under the lock and published for lock-free reads; a reset makes the
// next use build it again. Earlier states are kept, so references taken before stay valid.
template <class State, class Build>
const State& lazily(std::atomic<const State*>& current, Build build) {
    if (const State* s = current.load(std::memory_order_acquire)) return *s;
    std::lock_guard<std::mutex> lock(state_mutex());
    if (const State* s = current.load(std::memory_order_acquire)) return *s;
    static std::vector<std::unique_ptr<State>> kept;
    kept.push_back(std::make_unique<State>(build()));
    current.store(kept.back().get(), std::memory_order_release);
    return *kept.back();
}

std::atomic<const LexiconState*>& current_state() {
    static std::atomic<const LexiconState*> s{nullptr};
    return s;
}

const LexiconState& state() {
    return lazily(current_state(), [] {
        LexiconState fresh;
        read_actor_file(bundled_lexicon_dir() / "actors.csv", fresh.table, false);
        for (const auto& f : user_lexicon_files())
            if (!is_kind_file(f)) read_actor_file(f, fresh.table, true);
        fresh.lx = build_lexicon(fresh.table);
        return fresh;
    });
}

const ActorTable& actor_table() { return state().table; }

const Lexicon& lexicon() { return state().lx; }

// =================================================================================================
// [SECTION] Actor matching
// =================================================================================================

bool alias_fits(const Alias& al, const Toks& t, std::size_t i) {
    const std::size_t n = al.toks.size();
    if (i + n > t.size()) return false;
    for (std::size_t k = 0; k < n; ++k) {
        const Tok& w = t[i + k];
        if (!w.word) return false;
        if (al.caps[k] && !w.caps) return false;
        const bool last = k + 1 == n;
        if (last && !al.caps[k] ? !same_or_plural(w.f, al.toks[k]) : w.f != al.toks[k]) return false;
    }
    return true;
}

/// The longest alias at token i (its id and length in tokens), or -1.
int match_alias(const Toks& t, std::size_t i, std::size_t& len) {
    len = 0;
    if (i >= t.size() || !t[i].word) return -1;
    const Lexicon& lx = lexicon();
    int best = -1;
    auto try_first = [&](std::string_view first) {
        const auto it = lx.by_first.find(std::string(first));
        if (it == lx.by_first.end()) return;
        for (int id : it->second) {
            const Alias& al = lx.aliases[id];
            if (al.toks.size() <= len) break;
            if (al.toks.size() > 1 && first != t[i].f) continue;  // only a last word may be plural
            if (alias_fits(al, t, i)) {
                best = id, len = al.toks.size();
                break;
            }
        }
    };
    const std::string_view f = t[i].f;
    try_first(f);
    if (f.size() > 3 && f.back() == 's') try_first(f.substr(0, f.size() - 1));
    if (f.size() > 4 && f.substr(f.size() - 2) == "es") try_first(f.substr(0, f.size() - 2));
    return best;
}

/// Length of a modifier at i that describes what follows ("Kurdish-led", "al-Qaeda-affiliated",
/// "pro-government", "Turkish backed"), or 0.
std::size_t modifier_chain(const Toks& t, std::size_t i) {
    std::size_t k = i;
    while (k + 1 < t.size() && t[k + 1].word && t[k + 1].hy) ++k;
    if (k > i && (t[i].f == "pro" || in(kParticiples, t[k].f))) return k - i + 1;
    if (in(kNationalities, t[i].f) && t[i].cap1 && i + 1 < t.size() && t[i + 1].word && !t[i + 1].hy &&
        (t[i + 1].f == "backed" || t[i + 1].f == "led" || t[i + 1].f == "supported") && fw(t, i + 2) != "by")
        return 2;
    return 0;
}

bool acts_as_party(const Toks& t, std::size_t i, std::size_t len) {
    std::size_t p = i;
    while (p > 0 && fw(t, p - 1) == "the") --p;
    if (p > 0 && in(kLocatives, fw(t, p - 1))) return false;
    const std::size_t nx = i + len;
    if (nx < t.size() && t[nx].word && (t[nx].hy || in(kGeoNouns, t[nx].f))) return false;
    return true;
}

bool bare_noun_ok(const Toks& t, std::size_t i) {
    if (i == 0 || !t[i - 1].word) return true;
    const Tok& p = t[i - 1];
    if (in(kDeterminers, p.f) || in(kNumberWords, p.f) || p.num) return true;
    return !p.cap1;
}

/// Which actor row a state adjective stands for ("Russian" -> Russia), or -1.
int state_row(std::string_view adj) {
    static const std::unordered_map<std::string_view, std::string_view> kStates = {
        {"russian", "Russia"}, {"turkish", "Turkey"}, {"syrian", "Syrian Army"}, {"iranian", "Iran"},
        {"israeli", "Israel"}, {"us", "US"}, {"american", "US"}};
    const auto it = kStates.find(adj);
    if (it == kStates.end()) return -1;
    for (std::size_t r = 0; r < actor_rows().size(); ++r)
        if (actor_rows()[r].short_name == it->second) return static_cast<int>(r);
    return -1;
}

const WordSet kJointNouns = {"patrol", "patrols", "agreement", "deal", "talks", "memorandum", "ceasefire",
                             "forces", "troops", "operation", "operations", "column", "convoy", "summit",
                             "mechanism", "conflict", "war", "clashes", "understanding", "agreements",
                             "cooperation", "consultations", "deals"};

struct Found {
    std::size_t b, e;  ///< tokens [b, e)
    int row;
};

std::vector<Found> find_actor_tokens(const Toks& t) {
    const Lexicon& lx = lexicon();
    const std::size_t n = t.size();
    std::vector<Found> out;
    std::vector<char> modifier(n, 0);
    auto mark = [&](std::size_t b, std::size_t e) {
        for (std::size_t k = b; k < e && k < n; ++k) modifier[k] = 1;
    };
    auto emit = [&](std::size_t s, std::size_t e, int row, bool extend) {
        if (extend) {
            std::size_t heads = 0;
            while (e < n && heads < 2 && t[e].word && !t[e].hy && in(kHeadNouns, t[e].f) && !t[e - 1].poss)
                ++e, ++heads;
            // "(SDF)" right after a full name belongs to it
            if (e + 2 < n && t[e].f == "(") {
                std::size_t c = e + 1;
                while (c < n && c < e + 5 && t[c].word) ++c;
                if (c < n && c > e + 1 && t[c].f == ")") {
                    std::size_t len = 0;
                    const int a = match_alias(t, e + 1, len);
                    const bool same = a >= 0 && lx.aliases[a].row == row && e + 1 + len == c;
                    const bool acronym = c == e + 2 && t[e + 1].caps && t[e + 1].f.size() >= 2 &&
                                         t[e + 1].f.size() <= 6 && (a < 0 || lx.aliases[a].row == row);
                    if (same || acronym) e = c + 1;
                }
            }
            while (s > 0 && modifier[s - 1]) --s;
            if (s > 0 && fw(t, s - 1) == "the") --s;
        }
        out.push_back({s, e, row});
        return e;
    };
    std::size_t i = 0;
    while (i < n) {
        if (!t[i].word) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        const int a = match_alias(t, i, len);
        const std::size_t chain = modifier_chain(t, i);
        if (chain > 0 && len <= chain) {
            mark(i, i + chain);
            i += chain;
            continue;
        }
        if (a >= 0) {
            const Alias& al = lx.aliases[a];
            const std::size_t nx = i + len;
            if (nx < n && t[nx].word && t[nx].hy && in(kParticiples, t[nx].f)) {  // "HTS-controlled": a description
                mark(i, nx + 1);
                i = nx + 1;
                continue;
            }
            if (nx < n && t[nx].word && in(kDescriptiveNouns, t[nx].f)) {  // "the former al-Qaeda affiliate HTS"
                i = nx + 1;
                continue;
            }
            const bool source = nx < n && t[nx].word && !t[nx - 1].poss && in(kSourceNouns, t[nx].f);
            if (al.row < 0 || source || (al.place && !acts_as_party(t, i, len)) || (al.bare && !bare_noun_ok(t, i))) {
                i = nx + (source ? 1 : 0);
                continue;
            }
            i = emit(i, nx, al.row, true);
            continue;
        }
        // "Russian and Turkish forces": the first adjective borrows the noun of the last
        if (t[i].cap1 && i + 2 < n && (fw(t, i + 1) == "and" || fw(t, i + 1) == "or" || t[i + 1].f == ",")) {
            std::vector<std::size_t> adjs{i};
            std::size_t j = i + 1;
            while (j < n && j < i + 9) {
                if (fw(t, j) == "and" || fw(t, j) == "or" || t[j].f == ",") {
                    ++j;
                    continue;
                }
                std::size_t l2 = 0;
                if (t[j].word && t[j].cap1 && match_alias(t, j, l2) < 0) {
                    adjs.push_back(j++);
                    continue;
                }
                break;
            }
            std::size_t l2 = 0;
            const int last = match_alias(t, j, l2);
            if (last >= 0 && l2 >= 2) {
                std::string tail;
                for (std::size_t k = j + 1; k < j + l2; ++k) tail += " " + t[k].f;
                for (std::size_t adj : adjs) {
                    std::string key = t[adj].f + tail;
                    auto it = lx.by_key.find(key);
                    if (it == lx.by_key.end() && key.back() == 's') it = lx.by_key.find(key.substr(0, key.size() - 1));
                    if (it != lx.by_key.end() && lx.aliases[it->second].row >= 0)
                        emit(adj, adj + 1, lx.aliases[it->second].row, false);
                }
            }
            ++i;
            continue;
        }
        // "Russian-Turkish patrols", "the Turkish-Russian agreement": both states
        if (i + 1 < n && t[i + 1].word && t[i + 1].hy && state_row(t[i].f) >= 0 && state_row(t[i + 1].f) >= 0) {
            bool joint = false;
            for (std::size_t k = i + 2; k < n && k < i + 6 && !joint; ++k) joint = in(kJointNouns, fw(t, k));
            if (joint) {
                emit(i, i + 2, state_row(t[i].f), false);
                emit(i, i + 2, state_row(t[i + 1].f), false);
                i += 2;
                continue;
            }
        }
        // "killed a local accusing him ...": "local" standing alone is a civilian
        static const WordSet kAfterLocal = {"who", "accusing", "after", "for", "in", "near", "on", "was", "and",
                                            "from", "identified", "named", "whom", "at", "by", "whose", "accused"};
        if (t[i].f == "local" && i > 0 && fw(t, i - 1) == "a" &&
            (i + 1 >= n || !t[i + 1].word || in(kAfterLocal, t[i + 1].f))) {
            static const int civilians = [] {
                for (std::size_t r = 0; r < actor_rows().size(); ++r)
                    if (actor_rows()[r].name == "Civilians") return static_cast<int>(r);
                return -1;
            }();
            emit(i - 1, i + 1, civilians, false);
        }
        ++i;
    }
    return out;
}

}  // namespace

std::vector<ActorMention> find_actors(std::string_view sentence) {
    const Toks& t = sentence_tokens(sentence);
    std::vector<ActorMention> out;
    std::vector<bool> seen(actor_rows().size(), false);
    for (const Found& f : find_actor_tokens(t)) {
        if (f.row < 0 || seen[static_cast<std::size_t>(f.row)]) continue;
        seen[static_cast<std::size_t>(f.row)] = true;
        ActorMention m;
        m.begin = t[f.b].b;
        m.end = t[f.e - 1].e;
        const ActorRow& row = actor_rows()[static_cast<std::size_t>(f.row)];
        m.actor.name = std::string(row.name);
        m.actor.short_name = std::string(row.short_name);
        m.actor.written = std::string(sentence.substr(m.begin, m.end - m.begin));
        out.push_back(std::move(m));
    }
    return out;
}

namespace {

// =================================================================================================
// [SECTION] Counts
// =================================================================================================

struct CountRead {
    Count c;
    std::size_t end = 0;   ///< token after the count words
    bool article = false;  ///< "a soldier", "no civilians": a count only with a noun of people
};

int small_number(std::string_view w) {
    static const std::unordered_map<std::string_view, int> kNum = {
        {"zero", 0},      {"one", 1},        {"two", 2},         {"three", 3},      {"four", 4},
        {"five", 5},      {"six", 6},        {"seven", 7},       {"eight", 8},      {"nine", 9},
        {"ten", 10},      {"eleven", 11},    {"twelve", 12},     {"thirteen", 13},  {"fourteen", 14},
        {"fifteen", 15},  {"sixteen", 16},   {"seventeen", 17},  {"eighteen", 18},  {"nineteen", 19},
        {"twenty", 20},   {"thirty", 30},    {"forty", 40},      {"fourty", 40},    {"fifty", 50},
        {"sixty", 60},    {"seventy", 70},   {"eighty", 80},     {"ninety", 90}};
    const auto it = kNum.find(w);
    return it == kNum.end() ? -1 : it->second;
}

/// Reads a count at token i: an optional bound ("at least", "over", "some"), then digits, number
/// words, "a dozen", "dozens", "several", or an article before a noun.
std::optional<CountRead> read_count(const Toks& t, std::size_t i) {
    enum class Q { Exact, AtLeast, More, Approx, UpTo, Less } q = Q::Exact;
    std::size_t k = i;
    auto w = [&](std::size_t j) { return fw(t, j); };
    if (w(k) == "at" && w(k + 1) == "least") q = Q::AtLeast, k += 2;
    else if (w(k) == "more" && w(k + 1) == "than") q = Q::More, k += 2;
    else if ((w(k) == "fewer" || w(k) == "less") && w(k + 1) == "than") q = Q::Less, k += 2;
    else if (w(k) == "upwards" && w(k + 1) == "of") q = Q::More, k += 2;
    else if (w(k) == "over" || w(k) == "above" || w(k) == "exceeding") q = Q::More, k += 1;
    else if (w(k) == "up" && w(k + 1) == "to") q = Q::UpTo, k += 2;
    else if (w(k) == "as" && w(k + 1) == "many" && w(k + 2) == "as") q = Q::UpTo, k += 3;
    else if (w(k) == "under") q = Q::Less, k += 1;
    else if (w(k) == "almost" || w(k) == "nearly") q = Q::Approx, k += 1;
    else if (w(k) == "an" && w(k + 1) == "estimated") q = Q::Approx, k += 2;
    else if (w(k) == "some" || w(k) == "around" || w(k) == "about" || w(k) == "approximately" || w(k) == "roughly" ||
             w(k) == "circa" || w(k) == "estimated" || w(k) == "approx")
        q = Q::Approx, k += 1;

    CountRead r;
    long value = -1;  // an exact figure
    int vague = -1;   // a lower bound only ("several", "dozens")
    const std::string_view a = w(k), b = w(k + 1), c = w(k + 2);
    auto of = [&](std::size_t j) { return w(j) == "of" ? j + 1 : j; };
    if (a.empty()) return std::nullopt;
    if (t[k].num) {
        if (t[k].f.find('.') != std::string::npos || t[k].f.size() > 9) return std::nullopt;
        value = std::stol(t[k].f);
        ++k;
        if (w(k) == "thousand") value *= 1000, ++k;
        else if (w(k) == "dozen") value *= 12, ++k;
    } else if (a == "a" || a == "an") {
        if (b == "dozen") value = 12, k += 2;
        else if (b == "few" || b == "handful") vague = 2, k = of(k + 2);
        else if (b == "number" && c == "of") vague = 3, k += 3;
        else if (b == "couple") value = 2, k = of(k + 2);
        else if (b == "hundred") value = 100, k += 2;
        else if (b == "thousand") value = 1000, k += 2;
        else if (!b.empty() && !in(kNumberWords, b) && !t[k + 1].num && q == Q::Exact)
            value = 1, r.article = true, k += 1;
        else return std::nullopt;
    } else if (a == "half" && b == "a" && c == "dozen") {
        value = 6, k += 3;
    } else if (a == "several" || a == "multiple" || a == "numerous" || a == "various") {
        vague = 3, k += 1;
    } else if (a == "dozens" || a == "hundreds" || a == "thousands" || a == "tens" || a == "scores") {
        vague = a == "dozens" ? 24 : a == "hundreds" ? 200 : a == "thousands" ? 2000 : a == "tens" ? 20 : 40;
        k = of(k + 1);
    } else if (a == "both") {
        value = 2, k += 1;
    } else if ((a == "no" && !b.empty() && q == Q::Exact) || a == "none" || a == "nobody") {
        value = 0, k += 1;
        r.article = a == "no";
        if (a == "no" && b == "one") ++k, r.article = false;
    } else {
        long total = 0, cur = 0;
        bool got = false, after_scale = false;
        while (k < t.size()) {
            const std::string_view x = w(k);
            const int v = small_number(x);
            if (v >= 0) {
                cur += v, got = true, after_scale = false, ++k;
            } else if (x == "hundred" && got) {
                cur = (cur ? cur : 1) * 100, after_scale = true, ++k;
            } else if (x == "thousand" && got) {
                total += (cur ? cur : 1) * 1000, cur = 0, after_scale = true, ++k;
            } else if (x == "and" && after_scale && small_number(w(k + 1)) > 0) {
                ++k;
            } else {
                break;
            }
        }
        if (!got) return std::nullopt;
        value = total + cur;
        if (w(k) == "dozen") value *= 12, ++k;
    }
    Count& cnt = r.c;
    if (vague >= 0) {
        cnt.low = vague;
    } else {
        const int v = static_cast<int>(value);
        switch (q) {
            case Q::Exact: cnt.best = cnt.low = cnt.high = v; break;
            case Q::AtLeast:
            case Q::More: cnt.best = cnt.low = v; break;
            case Q::Approx: cnt.best = v; break;
            case Q::UpTo: cnt.best = cnt.high = v; break;
            case Q::Less: cnt.low = 0, cnt.high = v > 0 ? v - 1 : 0; break;
        }
    }
    r.end = k;
    return r;
}

}  // namespace

std::optional<Count> parse_count(std::string_view words) {
    const Toks t = tokenize(words);
    if (t.empty()) return std::nullopt;
    auto r = read_count(t, 0);
    if (!r) return std::nullopt;
    if (r->article && (r->end >= t.size() || !t[r->end].word)) return std::nullopt;  // "a" alone
    r->c.written = std::string(trim(words));
    return r->c;
}

namespace {

// =================================================================================================
// [SECTION] Casualties
// =================================================================================================

enum class Harm { None, Killed, Injured };

Harm harm_word(const Toks& t, std::size_t i) {
    static const WordSet kKill = {"killed", "killing", "kills", "dead", "died", "dies", "slain", "eliminated",
                                  "neutralized", "neutralised", "assassinated", "executed", "murdered",
                                  "perished", "deaths", "fatalities", "beheaded"};
    static const WordSet kInjure = {"injured", "injuring", "wounded", "wounding",
                                    "hurt", "injuries", "injures", "wounds"};
    const std::string_view f = fw(t, i);
    if (f.empty()) return Harm::None;
    if (in(kKill, f)) return Harm::Killed;
    if (f == "wounds" && fw(t, i - 1) == "of") return Harm::None;  // "died of wounds"
    if (in(kInjure, f)) return Harm::Injured;
    if (f == "toll" && fw(t, i - 1) == "death") return Harm::Killed;
    if (f == "lost" && (fw(t, i + 1) == "their" || fw(t, i + 1) == "his" || fw(t, i + 1) == "her") &&
        (fw(t, i + 2) == "lives" || fw(t, i + 2) == "life"))
        return Harm::Killed;
    return Harm::None;
}

const WordSet kAux = {"was", "were", "is", "are", "been", "be", "being", "have", "has", "had", "reportedly",
                      "allegedly", "also", "later", "all", "reported", "apparently", "subsequently", "then",
                      "got", "get", "getting", "reportedly", "confirmed", "critically", "seriously", "lightly",
                      "badly", "fatally", "mortally", "instantly", "immediately", "eventually", "each"};
const WordSet kNpStop = {"in", "on", "at", "near", "from", "by", "during", "after", "before", "since",
                         "while", "when", "with", "without", "into", "to", "for", "against", "between",
                         "among", "across", "through", "over", "under", "that", "which", "who", "whom", "whose",
                         "it", "they", "he", "she", "we", "there", "this", "these", "those", "said", "say",
                         "says", "claim", "claims", "claimed", "reported", "announced", "and", "or", "but",
                         "as", "than", "a", "an", "was", "were", "dead", "died", "hurt", "killed", "is", "are",
                         "been", "had", "has",
                         "have", "hit", "struck", "rocked", "involved", "left", "leaving", "including", "not"};
const WordSet kEdAdjectives = {"armed", "armored", "armoured", "unidentified", "unarmed", "masked", "alleged",
                               "suspected", "displaced", "detained", "abducted", "retired", "unnamed", "unknown",
                               "trained", "affiliated"};

bool np_word(const Tok& w) {
    if (w.word && (w.f == "of" || w.f == "the")) return true;  // "two members of the Military Intelligence"
    if (!w.word || w.num || in(kNpStop, w.f) || in(kNumberWords, w.f)) return false;
    if (!w.hy && w.f.size() > 4 && w.f.substr(w.f.size() - 2) == "ed" && !in(kEdAdjectives, w.f)) return false;
    if (!w.hy && w.f.size() > 5 && w.f.substr(w.f.size() - 3) == "ing") return false;  // "a local accusing him"

    return true;
}

struct Link {
    std::vector<std::size_t> cands;  ///< candidate indices, summed
    std::size_t b = 0, e = 0;        ///< tokens of the words used
};

Count merge_counts(const std::vector<const Count*>& cs) {
    Count out;
    if (cs.empty()) return out;
    bool all_best = true, all_high = true;
    int best = 0, low = 0, high = 0;
    for (const Count* c : cs) {
        all_best = all_best && c->best >= 0;
        all_high = all_high && c->high >= 0;
        best += std::max(c->best, 0);
        low += c->low >= 0 ? c->low : std::max(c->best, 0);
        high += std::max(c->high, 0);
    }
    out.best = all_best ? best : -1;
    out.low = low;
    out.high = all_high ? high : -1;
    return out;
}

bool partisan(const Toks& t, std::size_t b, std::size_t e) {
    static const WordSet kSides = {"opposition", "government", "regime", "militant", "militants", "rebel",
                                   "rebels", "kurdish", "turkish", "russian", "syrian", "iranian", "israeli",
                                   "loyalist", "jihadi", "jihadist", "isis", "sdf", "hts", "ypg", "army", "military"};
    bool side = false, media = false;
    for (std::size_t k = b; k < e && k < t.size(); ++k) {
        if (t[k].f == "pro" && k + 1 < e && t[k + 1].hy) return true;
        if (t[k].f == "affiliated") return true;
        side = side || in(kSides, t[k].f);
        media = media || in(kSourceNouns, t[k].f) || t[k].f == "activists";
    }
    if (side && media) return true;
    const auto from = t.begin() + static_cast<std::ptrdiff_t>(b);
    const Toks sub(from, from + static_cast<std::ptrdiff_t>(std::min(e, t.size()) - b));
    for (const Found& f : find_actor_tokens(sub)) {
        const std::string_view nm = actor_rows()[static_cast<std::size_t>(f.row)].name;
        if (nm != "Civilians" && nm != "Protesters") return true;
    }
    return false;
}

/// The words before token i that say who speaks ("Pro-government sources" deny ...).
std::pair<std::size_t, std::size_t> subject_before(const Toks& t, std::size_t i) {
    std::size_t b = i;
    while (b > 0 && i - b < 6 && t[b - 1].word && fw(t, b - 1) != "that" && fw(t, b - 1) != "and" &&
           fw(t, b - 1) != "but")
        --b;
    return {b, i};
}

std::string span_text(std::string_view s, const Toks& t, std::size_t b, std::size_t e) {
    if (b >= e || e > t.size()) return {};
    return std::string(s.substr(t[b].b, t[e - 1].e - t[b].b));
}

std::string lower_first(std::string x) {
    const auto up = [&x](std::size_t k) { return k < x.size() && is_upper(static_cast<unsigned char>(x[k])); };
    if (up(0) && !up(1))
        x[0] = static_cast<char>(x[0] - 'A' + 'a');  // "Pro-opposition sources" -> "pro-opposition sources", not "SDF"
    return x;
}

}  // namespace

Casualties find_casualties(std::string_view sentence) {
    Casualties out;
    const Toks t = sentence_tokens(sentence);  // a copy: the helpers below may re-enter the cache
    const std::size_t n = t.size();

    // every count in the sentence; a count ending at token e is found by its end
    struct Cand {
        CountRead r;
        std::size_t b;
    };
    std::vector<Cand> cands;
    std::vector<int> by_end(n + 1, -1), by_start(n + 1, -1);
    static const WordSet kUnits = {"km", "kilometers", "kilometres", "kilometer", "kilometre", "miles", "mile",
                                   "meters", "metres", "m", "percent", "hours", "hour", "days", "day", "weeks",
                                   "week", "months", "month", "years", "year", "am", "pm", "kg", "mm", "dollars",
                                   "km2", "times", "vehicles", "vehicle", "tanks", "attacks", "rockets", "missiles",
                                   "shells", "villages", "towns", "bodies"};
    for (std::size_t i = 0; i < n;) {
        if (!t[i].word) {
            ++i;
            continue;
        }
        auto r = read_count(t, i);
        if (!r || r->end <= i) {
            ++i;
            continue;
        }
        const bool dated = t[i].num && ((i > 0 && in(kMonths, fw(t, i - 1))) || in(kMonths, fw(t, i + 1)) ||
                                        (t[i].f.size() == 4 && (t[i].f[0] == '1' || t[i].f[0] == '2')));
        const std::string_view before = i > 0 && !t[i - 1].word ? std::string_view(t[i - 1].f) : std::string_view();
        const bool money = before == "$" || before == "\xE2\x82\xAC" || before == "\xC2\xA3";  // $, euro, pound
        const bool measure = in(kUnits, fw(t, r->end));
        if (!dated && !money && !measure) {
            by_end[r->end] = static_cast<int>(cands.size());
            by_start[i] = static_cast<int>(cands.size());
            cands.push_back({*r, i});
        }
        i = r->end;
    }
    auto people_np = [&](std::size_t b, std::size_t e) {
        for (std::size_t k = b; k < e; ++k)
            if (person_noun(t[k].f)) return true;
        return false;
    };
    // the noun words after a count: "several civilians", "40 people"
    auto np_after = [&](std::size_t k) {
        std::size_t e = k;
        while (e < n && e < k + 4 && np_word(t[e])) ++e;
        while (e > k && (t[e - 1].f == "of" || t[e - 1].f == "the")) --e;
        return e;
    };
    // a count (or counts joined by "and") standing before token k (inclusive end k+1)
    auto link_before = [&](std::size_t k_end) -> std::optional<Link> {
        Link l;
        std::size_t end = k_end;  // exclusive
        l.e = end;
        for (int terms = 0; terms < 5; ++terms) {
            std::size_t p = end;
            std::optional<std::size_t> found;
            for (;;) {
                if (by_end[p] >= 0) {
                    const Cand& c = cands[static_cast<std::size_t>(by_end[p])];
                    if (!c.r.article || people_np(p, end)) {
                        found = static_cast<std::size_t>(by_end[p]);
                        break;
                    }
                }
                if (p == 0 || end - p >= 5 || !np_word(t[p - 1])) break;
                --p;
            }
            if (!found) break;
            l.cands.push_back(*found);
            l.b = cands[*found].b;
            std::size_t before = l.b;
            if (before >= 2 && (fw(t, before - 1) == "and" || t[before - 1].f == ",")) {
                end = before - 1;
                if (end >= 1 && t[end - 1].f == ",") --end;
                continue;
            }
            break;
        }
        if (l.cands.empty()) return std::nullopt;
        return l;
    };
    auto link_after = [&](std::size_t k) -> std::optional<Link> {
        if (k >= n || by_start[k] < 0) return std::nullopt;
        const Cand& c = cands[static_cast<std::size_t>(by_start[k])];
        const std::size_t e = np_after(c.r.end);
        if (c.r.article && !people_np(c.r.end, e)) return std::nullopt;
        Link l;
        l.cands.push_back(static_cast<std::size_t>(by_start[k]));
        l.b = k, l.e = e;
        return l;
    };

    std::vector<Link> killed, injured;
    std::unordered_set<std::size_t> used_killed, used_injured;
    bool any_harm = false;
    for (std::size_t i = 0; i < n; ++i) {
        const Harm h = harm_word(t, i);
        if (h == Harm::None) continue;
        any_harm = true;
        // walk back over "were reportedly", "was shot and", "were killed or"
        static const WordSet kJoinedVerbs = {"shot", "injured", "wounded", "killed"};
        std::size_t k = i;
        bool passive = false;
        while (k > 0) {
            const std::string_view p = fw(t, k - 1);
            if (in(kAux, p)) {
                passive = passive || p == "was" || p == "were" || p == "been" || p == "is" || p == "are" || p == "be" ||
                          p == "being" || p == "got";
                --k;
            } else if (p == "shot" || ((p == "and" || p == "or") && k >= 2 && in(kJoinedVerbs, fw(t, k - 2)))) {
                --k;
            } else {
                break;
            }
        }
        std::optional<Link> l;
        if (t[i].f == "toll") {  // "the death toll rose to 12"
            static const WordSet kTollWords = {"rose", "climbed", "reached", "increased", "has", "had", "risen",
                                               "stands", "stood", "now", "to", "at", "of", "is", "was", "hit",
                                               "jumped"};
            std::size_t j = i + 1;
            while (j < n && j < i + 5 && in(kTollWords, fw(t, j))) ++j;
            l = link_after(j);
        } else {
            if (!passive) l = link_after(i + 1);
            if (!l) l = link_before(k);
        }
        if (!l) continue;
        auto& links = h == Harm::Killed ? killed : injured;
        if (links.size() >= 16) continue;  // a tally, not a sentence: enough
        auto& used = h == Harm::Killed ? used_killed : used_injured;
        if (std::any_of(l->cands.begin(), l->cands.end(), [&](std::size_t c) { return used.count(c) != 0; })) continue;
        used.insert(l->cands.begin(), l->cands.end());
        links.push_back(*l);
    }
    auto finish = [&](const std::vector<Link>& links, Count& into) {
        std::vector<const Count*> cs;
        std::string written;
        for (const Link& l : links) {
            for (std::size_t c : l.cands) cs.push_back(&cands[c].r.c);
            written += (written.empty() ? "" : "; ") + span_text(sentence, t, l.b, l.e);
        }
        if (cs.empty()) return;
        into = merge_counts(cs);
        into.written = written;
    };
    finish(killed, out.killed);
    finish(injured, out.injured);

    // qualifiers: who says so, who denies it
    bool casualty_words = any_harm;
    for (std::size_t i = 0; i < n && !casualty_words; ++i)
        casualty_words = t[i].f == "casualties" || t[i].f == "losses" || t[i].f == "fatalities";
    if (!casualty_words) return out;
    std::vector<std::string> quals;
    auto add = [&](std::string q) {  // a few qualifiers say it all; hostile text may hold thousands
        if (quals.size() < 6 && !q.empty() && std::find(quals.begin(), quals.end(), q) == quals.end())
            quals.push_back(std::move(q));
    };
    static const WordSet kClaim = {"claim", "claims", "claimed", "claiming", "alleged", "alleges", "allege"};
    static const WordSet kSay = {"say", "says", "said", "reported", "reports",
                                 "announced", "stated", "confirmed", "published"};
    static const WordSet kDeny = {"deny", "denies", "denied", "denying", "rejected", "rejects", "dismissed"};
    for (std::size_t i = 0; i < n; ++i) {
        const std::string_view f = fw(t, i);
        if (f.empty()) continue;
        if (f == "reportedly" || f == "allegedly" || f == "unconfirmed") {
            add(std::string(f));
        } else if (f == "according" && fw(t, i + 1) == "to") {
            std::size_t e = i + 2;
            while (e < n && e < i + 10 && t[e].word) ++e;
            if (e > i + 2) {
                add("according to " + span_text(sentence, t, i + 2, e));
                if (partisan(t, i + 2, e)) out.disputed = true;
            }
        } else if (in(kClaim, f) || in(kSay, f)) {
            const auto [b, e] = subject_before(t, i);
            if (b == e || fw(t, b) == "it") continue;
            if (in(kSay, f) && !partisan(t, b, e) && !(e > b && in(kSourceNouns, t[e - 1].f))) continue;
            const bool side = partisan(t, b, e);
            add((in(kClaim, f) ? "claimed by " : "according to ") + lower_first(span_text(sentence, t, b, e)));
            if (in(kClaim, f) && side) out.disputed = true;
            if (in(kSay, f) && side && (t[e - 1].f == "sources" || t[e - 1].f == "media")) out.disputed = true;
        } else if (in(kDeny, f)) {
            const auto [b, e] = subject_before(t, i);
            add(b == e ? std::string("denied") : "denied by " + lower_first(span_text(sentence, t, b, e)));
            out.disputed = true;
        }
    }
    for (std::size_t q = 0; q < quals.size(); ++q) out.qualifier += (q ? "; " : "") + quals[q];
    return out;
}

namespace {

// =================================================================================================
// [SECTION] Kind rules
// =================================================================================================
//
// A pattern is a row of elements separated by spaces:
//   words    "a|b|c" — one of these; '_' joins several words into one choice ("air_strike");
//            a hyphen inside a choice must be a hyphen in the text ("sit-in")
//   ~N       up to N tokens of anything (not across a sentence end)
//   {class}  {count} a count ("80", "several", "two dozen"); {fighters}; {held} people one holds;
//            {place} a capitalized name or a place noun; {target} forces, positions, posts
// The table is in order of precedence: the first rule that matches a sentence wins (a rule whose
// every match is hedged gives way to a later, plain one).

struct KindRule {
    std::string pattern;
    EventType type;
    std::string sub, kind;
    double confidence;
    std::string not_after;  ///< '|'-list of words that may not stand right before the match
};

// The rules are data: assets/lexicon/kinds.csv (pattern, event_type as ACLED writes it,
// sub_event_type, kind, confidence, not_after, group), in order of precedence; a user's kind
// files (set_user_lexicons, told apart by their 'pattern' column) come first.
std::vector<KindRule> read_kind_file(const std::filesystem::path& file, std::vector<std::string>& problems) {
    std::vector<KindRule> out;
    const auto csv = read_csv(file, problems);
    if (!csv) return out;
    const int c_pat = csv->col("pattern"), c_type = csv->col("event_type"), c_sub = csv->col("sub_event_type"),
              c_kind = csv->col("kind"), c_conf = csv->col("confidence"), c_not = csv->col("not_after");
    if (c_pat < 0 || c_type < 0 || c_kind < 0) {
        problems.push_back(file.string() + ":1: kind rules need 'pattern', 'event_type' and 'kind' columns");
        return out;
    }
    for (const auto& [line, fields] : csv->rows) {
        const auto& f = fields;  // a plain name: clang 14 cannot capture a structured binding
        auto get = [&](int c) { return CsvTable::get(f, c); };
        KindRule r{get(c_pat), parse_event_type(get(c_type)), get(c_sub), get(c_kind), 0.6, get(c_not)};
        const bool type_known = r.type != EventType::StrategicDevelopments || ascii_lower(get(c_type)) == "strategic developments";
        char* end = nullptr;
        const std::string conf = get(c_conf);
        if (!conf.empty()) r.confidence = std::strtod(conf.c_str(), &end);
        if (r.pattern.empty() || r.kind.empty() || !type_known || (end && *end) || r.confidence < 0 || r.confidence > 1) {
            problems.push_back(file.string() + ":" + std::to_string(line) +
                               ": a kind rule needs a pattern, an ACLED event type, a kind and a confidence 0..1; skipped");
            continue;
        }
        out.push_back(std::move(r));
    }
    return out;
}

struct KindTable {
    std::vector<KindRule> rules;
    std::vector<std::string> problems;
};

// =================================================================================================
// [SECTION] Classification
// =================================================================================================

enum class ElemKind { Words, Gap, Class };
enum class Cls { Count, Fighters, Held, Place, Target };

struct Choice {
    std::vector<std::string> toks;
    std::vector<bool> hy;
};
struct Elem {
    ElemKind kind = ElemKind::Words;
    std::vector<Choice> choices;
    int gap = 0;
    std::vector<Cls> classes;
};
struct Compiled {
    std::vector<Elem> elems;
    const KindRule* rule = nullptr;
    std::vector<std::string> not_after;
};

std::vector<Compiled> compile_rules(const std::vector<KindRule>& table) {
        std::vector<Compiled> out;
        for (const KindRule& r : table) {
            Compiled c;
            c.rule = &r;
            if (!r.not_after.empty()) c.not_after = split(r.not_after, '|');
            for (const std::string& part : split(r.pattern, ' ')) {
                if (part.empty()) continue;
                Elem e;
                if (part[0] == '~') {
                    e.kind = ElemKind::Gap;
                    e.gap = std::stoi(part.substr(1));
                } else if (part[0] == '{') {
                    e.kind = ElemKind::Class;
                    for (const std::string& alt : split(part, '|')) {
                        const std::string nm = alt.substr(1, alt.size() - 2);
                        e.classes.push_back(nm == "count" ? Cls::Count : nm == "fighters" ? Cls::Fighters
                                            : nm == "held" ? Cls::Held : nm == "place" ? Cls::Place : Cls::Target);
                    }
                } else {
                    for (std::string alt : split(part, '|')) {
                        std::replace(alt.begin(), alt.end(), '_', ' ');
                        Choice ch;
                        for (const Tok& t : tokenize(alt)) {
                            if (!t.word) continue;
                            ch.toks.push_back(t.f);
                            ch.hy.push_back(t.hy);
                        }
                        if (!ch.toks.empty()) e.choices.push_back(std::move(ch));
                    }
                }
                c.elems.push_back(std::move(e));
            }
            out.push_back(std::move(c));
        }
        return out;
}

// The kind rules and their compiled form, replaced whole when the user's files change.
struct KindState {
    KindTable table;
    std::vector<Compiled> compiled;
};

std::atomic<const KindState*>& current_kinds() {
    static std::atomic<const KindState*> s{nullptr};
    return s;
}

const KindState& kind_state() {
    return lazily(current_kinds(), [] {
        KindState fresh;
        for (const auto& f : user_lexicon_files())
            if (is_kind_file(f)) {
                auto mine = read_kind_file(f, fresh.table.problems);
                fresh.table.rules.insert(fresh.table.rules.end(), mine.begin(), mine.end());
            }
        auto bundled = read_kind_file(bundled_lexicon_dir() / "kinds.csv", fresh.table.problems);
        fresh.table.rules.insert(fresh.table.rules.end(), bundled.begin(), bundled.end());
        fresh.compiled = compile_rules(fresh.table.rules);
        return fresh;
    });
}

const std::vector<Compiled>& compiled_rules() { return kind_state().compiled; }

const WordSet kFighters = {"fighters", "fighter", "militants", "members", "terrorists", "jihadists", "gunmen",
                           "combatants", "mercenaries", "operatives", "insurgents", "rebels", "militiamen"};
const WordSet kHeld = {"prisoners", "prisoner", "detainees", "detainee", "captives", "captive", "hostages",
                       "hostage", "individuals", "people", "civilians", "members", "fighters", "militants",
                       "terrorists", "abductees", "women", "children", "men", "suspects", "persons", "ex-isis"};
const WordSet kPlaces = {"town", "village", "city", "hill", "hills", "district", "area", "base", "airport",
                         "airbase", "neighbourhood", "neighborhood", "villages", "towns", "countryside",
                         "region", "crossing", "hilltop", "outskirts", "settlement", "farms", "heights", "mountain"};
const WordSet kTargets = {"forces", "positions", "position", "troops", "army", "soldiers", "checkpoint",
                          "checkpoints", "post", "posts", "base", "bases", "outpost", "outposts", "convoy",
                          "patrol", "points", "units", "personnel", "headquarters", "fighters", "members", "sdf",
                          "ypg", "saa", "ndf", "militants", "vehicle", "vehicles", "barracks", "garrison"};

/// Matches elems[ei..] at token ti; on success `end` is the token after the match.
bool match_from(const std::vector<Elem>& el, std::size_t ei, const Toks& t, std::size_t ti, std::size_t& end,
                int depth = 0) {
    if (ei == el.size()) {
        end = ti;
        return true;
    }
    if (depth > 16) return false;
    const Elem& e = el[ei];
    const std::size_t n = t.size();
    switch (e.kind) {
        case ElemKind::Gap:
            for (int g = 0; g <= e.gap; ++g) {
                const std::size_t at = ti + static_cast<std::size_t>(g);
                if (at > n) break;
                if (g > 0 && sentence_end(t[at - 1])) break;
                if (match_from(el, ei + 1, t, at, end, depth + 1)) return true;
            }
            return false;
        case ElemKind::Class: {
            if (ti >= n || !t[ti].word) return false;
            for (Cls cls : e.classes) {
                std::size_t next = ti + 1;
                bool ok = false;
                switch (cls) {
                    case Cls::Count: {
                        const auto r = read_count(t, ti);
                        ok = r && !r->article && r->end > ti;
                        if (ok) next = r->end;
                        break;
                    }
                    case Cls::Fighters: ok = in(kFighters, t[ti].f); break;
                    case Cls::Held: ok = in(kHeld, t[ti].f); break;
                    case Cls::Place: ok = in(kPlaces, t[ti].f) || (t[ti].cap1 && t[ti].f != "the"); break;
                    case Cls::Target: ok = in(kTargets, t[ti].f); break;
                }
                if (ok && match_from(el, ei + 1, t, next, end, depth + 1)) return true;
            }
            return false;
        }
        case ElemKind::Words:
            for (const Choice& ch : e.choices) {
                if (ti + ch.toks.size() > n) continue;
                bool ok = true;
                for (std::size_t k = 0; k < ch.toks.size() && ok; ++k) {
                    const Tok& w = t[ti + k];
                    ok = w.word && w.f == ch.toks[k] && (!ch.hy[k] || w.hy);
                }
                if (ok && match_from(el, ei + 1, t, ti + ch.toks.size(), end, depth + 1)) return true;
            }
            return false;
    }
    return false;
}

/// 0: plain; 1: softened ("seems"); 2: hedged, negated or hypothetical ("would", "not", "planned").
int hedge_before(const Toks& t, std::size_t at, std::size_t match_end) {
    static const WordSet kHard = {"would", "could", "might", "may", "will", "shall", "planned", "plans", "plan",
                                  "planning", "intends", "intended", "intend", "expected", "expects", "threatened",
                                  "threatens", "threaten", "vowed", "vows", "vow", "possible", "possibly",
                                  "potential", "potentially", "imminent", "if", "unless", "whether", "speculates",
                                  "speculated", "rumored", "rumoured", "accused", "accuses", "aims", "aimed",
                                  "not", "no", "never", "without", "denied", "deny", "denies", "likely",
                                  "unlikely", "should", "prevent", "preventing", "wants", "wanted", "hopes",
                                  "didnt", "wasnt", "werent", "hasnt", "havent", "hadnt", "doesnt", "dont", "wont",
                                  "cant", "couldnt", "wouldnt", "cannot", "preparing", "prepares", "ready"};
    static const WordSet kSoft = {"seems", "seemed", "appears", "appeared", "apparently", "allegedly", "reportedly"};
    int level = 0;
    for (std::size_t k = at, steps = 0; k > 0 && steps < 8; --k, ++steps) {
        const Tok& w = t[k - 1];
        if (sentence_end(w) || w.f == ",") break;  // a hedge holds within its clause
        if (!w.word) continue;
        if (in(kHard, w.f)) return 2;
        if ((w.f == "set" || w.f == "about" || w.f == "going") && fw(t, k) == "to") return 2;
        if (in(kSoft, w.f)) level = 1;
    }
    for (std::size_t k = at + 1; k < match_end && k < t.size(); ++k) {  // "a deal seems to have been struck"
        if (in(kHard, t[k].f) && t[k].f != "no") return 2;
        if (in(kSoft, t[k].f)) level = 1;
    }
    // right after: "the patrol was set to ...", "clashes could ...", "the raid was not ..."
    static const WordSet kAuxAfter = {"was", "were", "is", "are", "has", "have", "had", "been"};
    static const WordSet kModalAfter = {"would", "could", "might", "may", "will", "shall", "not", "never", "should"};
    static const WordSet kDueAfter = {"set", "due", "expected", "scheduled", "planned",
                                      "supposed", "about", "going", "likely"};
    std::size_t k = match_end;
    if (in(kAuxAfter, fw(t, k))) ++k;
    if (in(kModalAfter, fw(t, k)) || (in(kDueAfter, fw(t, k)) && fw(t, k + 1) == "to")) return 2;
    return level;
}

bool is_state_row(std::string_view name) {
    return name == "Syrian Arab Army" || name == "National Defense Forces" || name == "Liwa al-Quds" ||
           name == "Military Intelligence Directorate" || name == "Russian Armed Forces" || name == "Iranian forces" ||
           name == "Hezbollah" || name == "Turkish Armed Forces" || name == "US-led coalition" ||
           name == "Israeli Defense Forces";
}

}  // namespace

std::optional<KindMatch> classify(std::string_view sentence) {
    Toks t = sentence_tokens(sentence);
    const std::size_t n = t.size();
    if (n == 0) return std::nullopt;
    // "On May 18", "in March": a month, neither a hedge nor a protest march
    for (std::size_t i = 0; i < n; ++i)
        if (t[i].cap1 && (t[i].f == "may" || t[i].f == "march") && (i > 0 || (i + 1 < n && t[i + 1].num)))
            t[i].f = "#month";
    // where each word stands, so a rule only looks where its first word occurs
    std::unordered_map<std::string_view, std::vector<std::uint32_t>> where;
    for (std::size_t i = 0; i < n; ++i)
        if (t[i].word) where[t[i].f].push_back(static_cast<std::uint32_t>(i));

    struct Hit {
        const KindRule* rule = nullptr;
        std::size_t b = 0, e = 0;
        int hedge = 0;
    };
    std::optional<Hit> hedged;
    std::optional<Hit> chosen;
    for (const Compiled& c : compiled_rules()) {
        if (c.elems.empty() || c.elems[0].kind == ElemKind::Gap) continue;
        std::optional<Hit> best;
        std::vector<std::uint32_t> starts;
        for (const Choice& ch : c.elems[0].choices) {
            const auto it = where.find(ch.toks[0]);
            if (it != where.end()) starts.insert(starts.end(), it->second.begin(), it->second.end());
        }
        for (Cls cls : c.elems[0].classes) {  // a rule opening on a class: "{fighters} ~6 transferred"
            const WordSet* set = cls == Cls::Fighters ? &kFighters
                                 : cls == Cls::Held   ? &kHeld
                                 : cls == Cls::Target ? &kTargets
                                                      : nullptr;
            for (std::size_t i = 0; i < n; ++i)
                if (t[i].word && (!set || in(*set, t[i].f))) starts.push_back(static_cast<std::uint32_t>(i));
        }
        if (starts.empty()) continue;
        std::sort(starts.begin(), starts.end());
        starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
        for (std::uint32_t s : starts) {
            std::size_t end = 0;
            if (s > 0 && std::find(c.not_after.begin(), c.not_after.end(), fw(t, s - 1)) != c.not_after.end()) continue;
            if (!match_from(c.elems, 0, t, s, end)) continue;
            const int h = c.rule->confidence < 0.5 ? 0 : hedge_before(t, s, end);
            if (!best || h < best->hedge) best = Hit{c.rule, s, end, h};
            if (h < 2) break;
        }
        if (!best) continue;
        if (best->hedge < 2) {
            chosen = best;
            break;
        }
        if (!hedged) hedged = best;
    }
    if (!chosen) chosen = hedged;
    if (!chosen) return std::nullopt;

    const KindRule& r = *chosen->rule;
    KindMatch m;
    m.type = r.type;
    m.sub_event_type = std::string(r.sub);
    m.kind = std::string(r.kind);
    m.begin = t[chosen->b].b;
    m.end = t[std::max(chosen->e, chosen->b + 1) - 1].e;
    m.confidence = r.confidence;
    if (chosen->hedge == 2) m.confidence = std::min(r.confidence * 0.5, 0.45);
    else if (chosen->hedge == 1) m.confidence = r.confidence * 0.9;

    auto sentence_has = [&](std::initializer_list<std::string_view> words) {
        for (std::string_view w : words)
            if (where.count(w)) return true;
        return false;
    };
    // refinements that need the rest of the sentence
    if (m.kind == "patrol") {
        std::size_t states = 0;
        for (const auto& a : find_actors(sentence))
            states += is_state_row(a.actor.name) && a.actor.name != "Syrian Arab Army";
        if (states >= 2) m.kind = "joint patrol";
    } else if (m.kind == "road blockade" && r.sub == "Peaceful protest" &&
               !sentence_has({"protesters", "protestors", "protester", "demonstrators", "supporters", "residents",
                              "locals", "civilians", "activists", "protest", "sit", "villagers", "people",
                              "tribesmen"})) {
        bool people = false;
        for (const auto& a : find_actors(sentence))
            people = people || a.actor.name == "Protesters" || a.actor.name == "Civilians" ||
                     a.actor.name == "Militants";
        if (!people) {  // an army closing a road is no protest
            m.type = EventType::StrategicDevelopments;
            m.sub_event_type = "Other";
            m.confidence = std::min(m.confidence, 0.6);
        }
    } else if (m.kind == "territory transfer" &&
               sentence_has({"clashes", "clash", "fighting", "battle", "battles", "offensive", "assault", "stormed",
                             "attack", "attacks", "fierce", "heavy", "killed"})) {
        const auto actors = find_actors(sentence);
        const bool government = !actors.empty() && is_state_row(actors.front().actor.name);
        m.type = EventType::Battles;
        m.sub_event_type = government ? "Government regains territory" : "Non-state actor overtakes territory";
        m.kind = "territory capture";
    }
    return m;
}

void set_user_lexicons(std::vector<std::filesystem::path> files) {
    std::lock_guard<std::mutex> lock(state_mutex());
    user_lexicon_files() = std::move(files);
    current_state().store(nullptr, std::memory_order_release);  // built again on next use
    current_kinds().store(nullptr, std::memory_order_release);
}

std::vector<std::string> lexicon_problems() {
    std::vector<std::string> p = actor_table().problems;
    for (const auto& k : kind_state().table.problems) p.push_back(k);
    return p;
}

std::size_t lexicon_kind_rule_count() { return kind_state().table.rules.size(); }

std::size_t lexicon_actor_count() { return actor_rows().size(); }

}  // namespace cm::ex
