// conflictmap extract: the extractor (see Extractor.h for the steps).
//
// [SECTION] Words and name spans
// [SECTION] Place mentions: cue + name -> gazetteer
// [SECTION] Sentence analysis
// [SECTION] Events: opening, continuing, routes, zones, aggregates
// [SECTION] Ids and summaries
#include "extract/Extractor.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <cmath>
#include <cstdio>

#include "core/Utf8.h"
#include "extract/Dates.h"
#include "extract/Incidents.h"
#include "extract/Lexicon.h"
#include "gazetteer/Fold.h"
#include "geo/Geodesic.h"
#include "geo/Shapes.h"

namespace cm::ex {

namespace {

// [SECTION] Words and name spans

struct Word {
    std::size_t begin, end;  // byte span in the sentence, punctuation trimmed
    std::string lower;
    bool name_like;          // could be part of a place name
    bool comma_after;        // a comma (or ; :) follows: names do not run across it
};

bool upper_ascii(char c) { return c >= 'A' && c <= 'Z'; }

/// Capitalised, a code like "M4"/"T3", "al-Sukhna"-style (article + capital), or non-Latin text.
bool looks_like_name(std::string_view w) {
    if (w.empty()) return false;
    const auto b = static_cast<unsigned char>(w[0]);
    if (upper_ascii(w[0]) || b >= 0xC3) return true;
    const auto dash = w.find('-');
    return dash != std::string_view::npos && dash <= 3 && dash + 1 < w.size() && upper_ascii(w[dash + 1]);
}

const std::vector<std::string_view>& not_place_words() {
    // Capitalised words that begin sentences or name things other than places.
    static const std::vector<std::string_view> words = {
        "on", "in", "the", "a", "an", "at", "by", "late", "early", "earlier", "later", "over", "since", "according",
        "meanwhile", "however", "additionally", "despite", "this", "that", "these", "those", "it", "its", "both",
        "all", "some", "many", "several", "after", "before", "during", "from", "to", "and", "but", "as", "with",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "pro-opposition", "pro-government", "pro-turkish", "pro-militant", "kurdish", "turkish", "russian",
        "syrian", "iranian", "iraqi", "american", "us", "u.s.", "un", "video", "sources", "photos", "unfortunately",
        "nonetheless", "surprisingly", "regardless", "apparently", "persons", "both", "any", "one", "two",
        "three", "five", "six", "ten", "dozens", "hundreds", "there", "here", "secretary", "president", "minister",
        "ministry", "defense", "defence", "movement", "party", "front", "forces", "army", "unit", "units",
        "commander", "media", "monitor", "observatory", "human", "rights", "red", "bands", "democratic", "activists",
        "leadership", "government", "regime", "military", "police", "intelligence", "directorate", "coalition",
        "ministry", "state", "states", "islamic", "liberation", "national", "popular", "special", "top", "officials",
        "druze", "kurds", "arabs", "turkmen", "alawite", "sunni", "shia", "christians", "assad", "erdogan", "putin",
        "trump", "pompeo", "islamist", "jihadi", "jihadist", "west", "western", "europe", "washington", "global"};
    return words;
}

bool not_place(std::string_view lower) {
    // "UK-based", "Turkish-backed", "US-led", "non-Syrian": descriptions, not places.
    for (std::string_view suf : {"-based", "-backed", "-led", "-controlled", "-affiliated", "-linked", "-held", "-run"})
        if (lower.size() > suf.size() && lower.substr(lower.size() - suf.size()) == suf) return true;
    if (lower.rfind("non-", 0) == 0 || lower.rfind("anti-", 0) == 0 || lower.rfind("pro-", 0) == 0) return true;
    const auto& w = not_place_words();
    return std::find(w.begin(), w.end(), lower) != w.end();
}

std::vector<Word> words_of(std::string_view s) {
    std::vector<Word> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t')) ++i;
        std::size_t j = i;
        while (j < s.size() && s[j] != ' ' && s[j] != '\n' && s[j] != '\t') ++j;
        if (j == i) break;
        std::size_t b = i, e = j;
        const std::string_view strip = ",.;:()[]\"'!?";
        bool comma = false;
        while (e > b && (strip.find(s[e - 1]) != std::string_view::npos)) {
            if (s[e - 1] == ',' || s[e - 1] == ';' || s[e - 1] == ':' || s[e - 1] == '.' || s[e - 1] == ')') comma = true;
            --e;
        }
        // Curly quotes (3 bytes) at the edges.
        auto curly = [&](std::size_t p) { return p + 3 <= s.size() && s.substr(p, 2) == "\xE2\x80"; };
        while (e >= b + 3 && curly(e - 3)) e -= 3;
        while (b < e && strip.find(s[b]) != std::string_view::npos) ++b;
        while (b + 3 <= e && curly(b)) b += 3;
        if (e > b) {
            std::string_view w = s.substr(b, e - b);
            // "Hayat Tahrir al-Sham's": the possessive is not part of the name.
            if (w.size() > 2 && (w.substr(w.size() - 2) == "'s")) e -= 2;
            w = s.substr(b, e - b);
            out.push_back({b, e, ascii_lower(w), looks_like_name(w), comma});
        }
        i = j;
    }
    return out;
}

/// Lower-case words that can follow a name and belong to the place phrase.
bool trailing_kind_word(std::string_view w) {
    static const std::string_view words[] = {"highway", "road", "countryside", "province", "governorate", "desert",
                                             "camp", "station", "base", "airbase", "airport", "crossing", "zone",
                                             "corridor", "river", "dam", "area", "town", "village", "city"};
    return std::find(std::begin(words), std::end(words), w) != std::end(words);
}

bool direction_noun(std::string_view w) { return gaz::compass_noun(w).has_value(); }

/// Compass adjectives, and "central", which also narrows a place to part of it.
bool direction_adjective(std::string_view w) { return w == "central" || gaz::compass_adjective(w).has_value(); }

// [SECTION] Place mentions: cue + name -> gazetteer

struct Span {
    std::size_t first, last;  // word indices, inclusive
};

/// Maximal runs of name-like words (not crossing commas), with trailing kind words.
std::vector<Span> name_spans(const std::vector<Word>& w) {
    std::vector<Span> out;
    for (std::size_t i = 0; i < w.size();) {
        if (!w[i].name_like || not_place(w[i].lower)) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j + 1 < w.size() && !w[j].comma_after &&
               ((w[j + 1].name_like && !not_place(w[j + 1].lower)) ||
                ((w[j + 1].lower == "al" || w[j + 1].lower == "el" || w[j + 1].lower == "ez" || w[j + 1].lower == "umm" ||
                  w[j + 1].lower == "abu") && j + 2 < w.size() && w[j + 2].name_like)))
            ++j;
        // "Homs northern countryside": a direction between the name and its kind word.
        if (j + 2 < w.size() && !w[j].comma_after && !w[j + 1].comma_after && direction_adjective(w[j + 1].lower) &&
            trailing_kind_word(w[j + 2].lower))
            ++j;
        while (j + 1 < w.size() && !w[j].comma_after && trailing_kind_word(w[j + 1].lower)) ++j;
        out.push_back({i, j});
        i = j + 1;
    }
    return out;
}

bool usable(const gaz::Resolution& r) { return r.status != gaz::Status::Unresolved && !r.ref.geometry.empty(); }

// A one-word name that the report also writes in lower case ("Shelling", "Talks") is an
// ordinary word capitalised at a sentence's start, not a place.
bool ordinary_word(const std::string& text, const std::string& name) {
    if (name.find(' ') != std::string::npos || name.empty()) return false;
    const std::string low = ascii_lower(name);
    for (std::size_t at = text.find(low); at != std::string::npos; at = text.find(low, at + 1)) {
        const bool left = at == 0 || !std::isalpha(static_cast<unsigned char>(text[at - 1]));
        const bool right = at + low.size() >= text.size() || !std::isalpha(static_cast<unsigned char>(text[at + low.size()]));
        if (left && right) return true;
    }
    return false;
}

}  // namespace

std::vector<PlaceMention> find_places(std::string_view sentence, const gaz::Resolver& resolver, gaz::Context& ctx) {
    return find_places(sentence, find_actors(sentence), resolver, ctx);
}

std::vector<PlaceMention> find_places(std::string_view sentence, const std::vector<ActorMention>& actors,
                                      const gaz::Resolver& resolver, gaz::Context& ctx, std::vector<std::string>* unknown) {
    std::vector<PlaceMention> out;
    auto w = words_of(sentence);
    if (w.empty() || sentence.size() > 20000) return out;
    // Words inside an actor's name ("Liwa al-Quds", "Afrin Liberation Forces", "ISIS") are not places.
    for (const auto& a : actors)
        for (auto& x : w)
            if (x.begin < a.end && x.end > a.begin) x.name_like = false;
    auto text = [&](std::size_t a, std::size_t b) { return std::string(sentence.substr(w[a].begin, w[b].end - w[a].begin)); };
    auto try_phrase = [&](std::size_t a, std::size_t b, std::optional<gaz::PlaceKind> hint = std::nullopt) -> bool {
        const std::string phrase = text(a, b);
        gaz::Context c = ctx;
        c.strict = true;
        if (hint) c.kind_hint = hint;
        gaz::Resolution r = resolver.resolve(phrase, c);
        if (!usable(r)) return false;
        out.push_back({w[a].begin, w[b].end, phrase, std::move(r)});
        return true;
    };
    auto back_find = [&](std::size_t from, std::size_t max_back, auto pred) -> std::optional<std::size_t> {
        for (std::size_t k = 1; k <= max_back && k <= from; ++k) {
            if (w[from - k].comma_after && k > 1) return std::nullopt;
            if (pred(w[from - k].lower)) return from - k;
        }
        return std::nullopt;
    };

    const auto spans = name_spans(w);
    for (std::size_t si = 0; si < spans.size(); ++si) {
        const Span sp = spans[si];
        // "between X and Y": this span and the next one joined by "and".
        if (auto b = back_find(sp.first, 6, [](std::string_view x) { return x == "between"; })) {
            if (si + 1 < spans.size() && spans[si + 1].first >= sp.last + 2 &&
                std::any_of(w.begin() + static_cast<long>(sp.last) + 1, w.begin() + static_cast<long>(spans[si + 1].first),
                            [](const Word& x) { return x.lower == "and"; }) &&
                try_phrase(*b, spans[si + 1].last)) {
                ++si;
                continue;
            }
        }
        // "along the M4 (highway) west of (the town of) X".
        if (auto a = back_find(sp.first, 14, [](std::string_view x) { return x == "along"; }); a && try_phrase(*a, sp.last))
            continue;
        // "(N km) west of X", "a few km west of the government-controlled town of X".
        if (auto of = back_find(sp.first, 6, [](std::string_view x) { return x == "of"; });
            of && *of >= 1 && direction_noun(w[*of - 1].lower)) {
            std::size_t start = *of - 1;
            if (start >= 2 && (w[start - 1].lower == "km" || w[start - 1].lower == "kilometers" ||
                               w[start - 1].lower == "kilometres" || w[start - 1].lower == "miles"))
                start -= 2;
            if (start >= 1 && w[start].lower == "few" && w[start - 1].lower == "a") start -= 1;
            if (try_phrase(start, sp.last)) continue;
        }
        // "near X", "close to X", "the outskirts of X".
        if (auto n = back_find(sp.first, 5, [](std::string_view x) {
                return x == "near" || x == "outskirts" || x == "vicinity" || x == "around" || x == "nearby";
            });
            n && try_phrase(*n, sp.last))
            continue;
        // "the province(s) of Z (and Y)".
        if (auto p = back_find(sp.first, 3, [](std::string_view x) {
                return x == "province" || x == "provinces" || x == "governorate" || x == "governorates";
            })) {
            std::size_t end = sp.last;
            if (si + 1 < spans.size() && spans[si + 1].first == sp.last + 2 && w[sp.last + 1].lower == "and") end = spans[++si].last;
            std::size_t start = *p;
            if (start >= 1 && w[start - 1].lower == "the") --start;
            if (try_phrase(start, end)) continue;
        }
        // "the (northern) countryside of X": the area around X, not X.
        if (sp.first >= 2 && w[sp.first - 1].lower == "of" && w[sp.first - 2].lower == "countryside" && !w[sp.first - 2].comma_after) {
            std::size_t start = sp.first - 2;
            if (start >= 1 && direction_adjective(w[start - 1].lower)) --start;
            if (start >= 1 && w[start - 1].lower == "the") --start;
            if (try_phrase(start, sp.last)) continue;
        }
        // "the eastern bank of the Euphrates".
        if (auto bank = back_find(sp.first, 4, [](std::string_view x) { return x == "bank" || x == "banks"; });
            bank && *bank >= 1 && direction_adjective(w[*bank - 1].lower) && try_phrase(*bank - 1, sp.last))
            continue;
        // "eastern Idlib countryside", "southern Idlib".
        if (sp.first >= 1 && direction_adjective(w[sp.first - 1].lower) && try_phrase(sp.first - 1, sp.last)) continue;
        // The name, with its trailing kind word, then without; then its longest resolvable part.
        // After a locative word ("in", "at", "the town of") any part may be the place. Without
        // one, a capitalised name is a place only as a whole, and only a town (prominence 50 and
        // more) or a name of several words: a person ("Osama Eido"), an organisation ("Main
        // Market", "the Center") or a lone village-sized word is not guessed into a village.
        const bool cue = [&] {
            for (std::size_t k = 1; k <= 3 && k <= sp.first; ++k) {
                const std::string& x = w[sp.first - k].lower;
                if (x == "in" || x == "at" || x == "near" || x == "from" || x == "to" || x == "into" || x == "toward" ||
                    x == "towards" || x == "outside" || x == "around" || x == "inside" || x == "across" ||
                    x == "reached" || x == "entered" || x == "struck" || x == "hit" || x == "targeted" || x == "shelled") {
                    // "in which the paramedic X", "to whom": a clause, not a place, follows.
                    const std::string& next = w[sp.first - k + 1].lower;
                    if (k > 1 && (next == "which" || next == "whom" || next == "whose" || next == "what" || next == "that")) return false;
                    return true;
                }
                // "the town of X", not "the director of X".
                if (x == "of" && sp.first >= k + 1) {
                    const std::string& noun = w[sp.first - k - 1].lower;
                    for (const char* n : {"town", "village", "city", "area", "countryside", "outskirts", "district", "province",
                                          "governorate", "suburb", "neighbourhood", "neighborhood", "villages", "towns"})
                        if (noun == n) return true;
                }
                if (w[sp.first - k].comma_after) break;
            }
            return false;
        }();
        // A facility's name ("al-Hussein Hospital", "the Main Market", "Eido (Hospital ...") is
        // not a village's: its parts are never tried.
        const bool facility = [&] {
            for (std::size_t k = sp.first; k <= sp.last && k < w.size(); ++k)
                for (const char* f : {"hospital", "center", "centre", "market", "school", "mosque", "clinic", "bakery", "office",
                                      "department", "university", "station", "factory", "prison", "hall"})
                    if (w[k].lower == f) return true;
            return false;
        }();
        auto bare_ok = [&](std::size_t a, std::size_t b) {
            const gaz::Resolution& r = out.back().resolution;
            const std::string folded = gaz::fold_name(text(a, b));
            if (folded.size() <= 2) return false;  // "Al", "Ad": an article, not a place
            if (facility && (a != sp.first || b < sp.last)) return false;
            // "Abu Khaled", "Umm Ahmad", "bin Laden": the rest of a person's name, not a place
            // (villages named "Abu X" are tried whole, from the "Abu").
            if (a > sp.first) {
                const std::string& before = w[a - 1].lower;
                if (before == "abu" || before == "abou" || before == "umm" || before == "bin" || before == "ibn") return false;
            }
            if (cue) return true;
            if (a != sp.first || b < sp.last) return false;  // a part of a name needs a cue
            return b > a || (r.entry && (r.entry->prominence >= 50 || is_extended(r.entry->kind)));
        };
        bool found = false;
        for (std::size_t b = sp.last + 1; b-- > sp.first && !found;)
            for (std::size_t a = sp.first; a <= b && !found; ++a) {
                found = try_phrase(a, b);
                if (found && !bare_ok(a, b)) {
                    out.pop_back();
                    found = false;
                }
            }
        // Given as a place ("in the town of X") and not in the gazetteer: said, not guessed.
        if (!found && unknown && cue && !facility && sp.last < w.size()) {
            const std::string name = text(sp.first, std::min(sp.last, w.size() - 1));
            const std::string lead = sp.first >= 1 ? w[sp.first - 1].lower : std::string();
            const bool strong = lead == "of" || lead == "near" || lead == "in" || lead == "at";
            if (strong && gaz::fold_name(name).size() >= 4) unknown->push_back(name);
        }
    }

    // Zones written in lower case: "the security zone", "a 15 kilometer buffer zone".
    for (std::size_t i = 0; i < w.size(); ++i) {
        if (w[i].lower != "zone" && w[i].lower != "corridor") continue;
        for (std::size_t back = std::min<std::size_t>(i, 4); back >= 1; --back) {
            std::size_t end = i;
            if (i + 2 < w.size() && w[i + 1].lower == "of" && w[i + 2].name_like) end = i + 2;
            if (try_phrase(i - back, end, gaz::PlaceKind::Zone)) break;
            if (end != i && try_phrase(i - back, i, gaz::PlaceKind::Zone)) break;
        }
    }

    // Overlaps: keep the longer phrase.
    std::sort(out.begin(), out.end(), [](const PlaceMention& a, const PlaceMention& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    std::vector<PlaceMention> kept;
    for (auto& m : out) {
        if (!kept.empty() && m.begin < kept.back().end) {
            if (m.end - m.begin > kept.back().end - kept.back().begin) kept.back() = std::move(m);
            continue;
        }
        kept.push_back(std::move(m));
    }
    for (const auto& m : kept)
        if (m.resolution.status == gaz::Status::Resolved && m.resolution.ref.precision != LocPrecision::Region)
            ctx.anchors.push_back(m.resolution.ref.point);
    return kept;
}

namespace {

// [SECTION] Sentence analysis

struct SentenceFacts {
    std::size_t index, paragraph;
    std::string_view text;
    std::vector<DateMention> dates;
    std::optional<KindMatch> kind;
    std::vector<ActorMention> actors;
    Casualties casualties;
    std::vector<PlaceMention> places;
    bool relative_date = false;  // "on the same day", "in the following days"
};

bool is_zone(const PlaceMention& m) { return m.resolution.entry && m.resolution.entry->kind == gaz::PlaceKind::Zone; }

bool route_kind(const std::string& k) {
    return k == "joint patrol" || k == "fighter transfer" || k == "reinforcements" || k == "patrol";
}

/// The main place of an incident: the first non-zone place after the trigger, else the last
/// one before it.
const PlaceMention* main_place(const SentenceFacts& f) {
    const std::size_t trigger = f.kind ? f.kind->begin : 0;
    const PlaceMention* before = nullptr;
    for (const auto& m : f.places) {
        if (is_zone(m)) continue;
        if (m.begin >= trigger) return &m;
        before = &m;
    }
    return before;
}

/// The date that governs a sentence: an aggregate's period, else the first day, else the first.
std::optional<DateSpan> governing_date(const SentenceFacts& f, bool aggregate) {
    const DateMention* best = nullptr;
    for (const auto& d : f.dates) {
        if (!best) { best = &d; continue; }
        const int len = d.span.valid() ? d.span.last.days() - d.span.first.days() : -1;
        const int best_len = best->span.valid() ? best->span.last.days() - best->span.first.days() : -1;
        if (aggregate ? len > best_len : (best->span.precision != DatePrecision::Day && d.span.precision == DatePrecision::Day))
            best = &d;
    }
    if (!best) return std::nullopt;
    return best->span;
}

bool spans_conflict(const DateSpan& a, const DateSpan& b) {
    if (a.undated || b.undated) return a.written != b.written;
    return !(a.first == b.first && a.last == b.last);
}

int type_family(EventType t) { return static_cast<int>(t); }

// [SECTION] Ids and summaries

std::uint64_t fnv(std::string_view s, std::uint64_t h = 1469598103934665603ull) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
}

std::string hex16(std::uint64_t v) {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

std::string join_actors(const std::vector<Actor>& a) {
    std::string s;
    for (std::size_t i = 0; i < a.size(); ++i) s += (i ? (i + 1 == a.size() ? " and " : ", ") : "") + (a[i].short_name.empty() ? a[i].name : a[i].short_name);
    return s;
}

}  // namespace

std::string summarize(const Event& e) {
    std::string s;
    if (e.date.valid())
        s += e.date.first == e.date.last ? e.date.first.iso() : e.date.first.iso() + ".." + e.date.last.iso();
    else
        s += "undated";
    s += ": ";
    s += e.kind.empty() ? (e.sub_event_type.empty() ? event_type_name(e.type) : e.sub_event_type) : e.kind;
    if (!e.actor1.empty()) s += " by " + join_actors(e.actor1);
    if (!e.actor2.empty()) s += (e.shape == EventShape::Route ? " with " : " against ") + join_actors(e.actor2);
    if (!e.location.written.empty()) {
        // A fact box writes "IDLIB : Saraqib": "Saraqib, Idlib" reads better in one line.
        std::string where = e.location.written;
        if (const std::size_t colon = where.find(" : "); colon != std::string::npos && where.find(" : ", colon + 1) == std::string::npos) {
            std::string area(trim(std::string_view(where).substr(0, colon)));
            const std::string place(trim(std::string_view(where).substr(colon + 3)));
            bool upper = !area.empty();
            for (char c : area) upper = upper && !std::islower(static_cast<unsigned char>(c));
            if (upper)  // IDLIB -> Idlib
                for (std::size_t i = 0; i < area.size(); ++i)
                    if (i > 0 && std::isalpha(static_cast<unsigned char>(area[i - 1])))
                        area[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(area[i])));
            if (!place.empty() && !area.empty()) where = place + ", " + area;
        }
        // "along the M4 ...", "near X", "west of X": the phrase brings its own preposition.
        const std::string low = ascii_lower(where);
        bool own = false;
        for (const char* p : {"along ", "near ", "between ", "in ", "at ", "outside ", "around ", "close to ", "inside ", "on "})
            own = own || low.rfind(p, 0) == 0;
        for (const char* d : {"north", "south", "east", "west"})
            own = own || (low.rfind(d, 0) == 0 && low.find(" of ") != std::string::npos && low.find(" of ") < 16);
        own = own || (std::isdigit(static_cast<unsigned char>(low[0])) && low.find(" of ") != std::string::npos);  // "10 km west of X"
        s += own ? " " : e.shape == EventShape::Route ? " along " : " at ";
        s += where;
    }
    const Count& k = e.casualties.killed;
    if (k.best > 0) s += "; " + std::to_string(k.best) + " killed";
    else if (k.low > 0) s += "; at least " + std::to_string(k.low) + " killed";
    if (e.casualties.injured.best > 0) s += ", " + std::to_string(e.casualties.injured.best) + " injured";
    if (e.casualties.disputed) s += " (disputed)";
    if (e.aggregate) s += " [aggregate over the period]";
    return s;
}

// [SECTION] Events: opening, continuing, routes, zones, aggregates

Extraction extract_events(const Report& report, const gaz::Resolver& resolver, const ExtractOptions& options) {
    Extraction out;
    DateContext dctx;
    dctx.published = options.date ? options.date : report.published;
    // An investigation's fact box dates its incident; its prose ("that night", "this week")
    // is told from that day, not from when the write-up was published months later.
    const FactBox box = read_fact_box(report);
    if (box.found() && !options.date) dctx.published = box.date;
    // No date given: one inferred from the report's own evidence, said and flagged.
    std::optional<InferredDate> inferred;
    if (!dctx.published) {
        inferred = infer_publication_date(report, resolver.gazetteer());
        if (inferred) {
            dctx.published = inferred->date;
            out.warnings.push_back(report.source + ": no publication date: taken as about " + inferred->date.iso() + " (" +
                                   inferred->reason + "); its events are flagged date-inferred (--date overrides)");
        }
    }
    if (!dctx.published)
        out.warnings.push_back(report.source + ": no publication date found (give --date): relative dates are undated");
    gaz::Context gctx;

    struct Open {
        Event e;
        std::size_t paragraph;
        bool has_place = false, has_date = false;
        std::vector<PlaceMention> places;  // of every sentence of the event, for its route
        std::size_t from_offset = SIZE_MAX;  // where "from" stands, in the first sentence
    };
    std::vector<Event> events;
    std::optional<Open> open;
    std::vector<std::string> zones_seen;
    std::vector<std::string> unknown_seen;  // names said once per report

    // Movements and patrols become lines: a mention that is already a stretch or segment
    // ("along the M4 west of X", "between X and Y") is the route; else the places in the order
    // the text moves through them ("to Y from X": X first), along a road when one joins them
    // (patrols) or straight (transfers, reinforcements).
    auto build_route = [&](Open& o) {
        Event& e = o.e;
        e.shape = EventShape::Route;
        const PlaceMention* strong = nullptr;
        std::vector<const PlaceMention*> pts;
        for (const auto& m : o.places) {
            if (is_zone(m)) continue;
            const auto t = m.resolution.ref.geometry.type;
            const std::string pl = ascii_lower(m.phrase);
            const bool cue = pl.rfind("along", 0) == 0 || pl.rfind("between", 0) == 0 || pl.rfind("on ", 0) == 0;
            if (t == GeomType::LineString && cue) { if (!strong) strong = &m; }
            else if (t == GeomType::Point) pts.push_back(&m);
        }
        if (strong) {
            e.location = strong->resolution.ref;
            e.location.written = strong->phrase;
            o.has_place = true;
            return;
        }
        if (pts.size() < 2) return;  // one place: the event stays at it
        if (o.from_offset != SIZE_MAX) {
            auto it = std::find_if(pts.begin(), pts.end(), [&](const PlaceMention* m) { return m->begin > o.from_offset; });
            if (it != pts.end() && it != pts.begin()) std::rotate(pts.begin(), it, it + 1);
        }
        std::vector<LonLat> vs;
        for (const auto* m : pts) vs.push_back(m->resolution.ref.point);
        GeoRef ref{pts.front()->phrase + " to " + pts.back()->phrase, Geometry::line(vs), vs.front(), LocPrecision::Near, 5,
                   pts.front()->resolution.ref.gazetteer_id};
        if (e.kind == "joint patrol" || e.kind == "patrol") {
            gaz::Context c = gctx;
            gaz::Resolution r = resolver.resolve("the road from " + pts.front()->phrase + " to " + pts.back()->phrase, c);
            if (usable(r) && r.ref.geometry.type == GeomType::LineString && r.entry && r.entry->kind == gaz::PlaceKind::Road)
                ref.geometry = r.ref.geometry;
        }
        e.location = ref;
        o.has_place = true;
    };

    auto close = [&] {
        if (!open) return;
        Event& e = open->e;
        if (route_kind(e.kind)) build_route(*open);
        // A mention without a place may retell an incident placed elsewhere in the report
        // (a witness's account): it is kept for the merge, and dropped with a note if it joins none.
        if (!open->has_place) e.flags.push_back("unplaced");
        if (!open->has_date) {
            // No date words: the report says it happened before it was published.
            if (dctx.published) {
                e.date.first = dctx.published->plus_days(-7);
                e.date.last = *dctx.published;
                e.date.precision = DatePrecision::Week;
                e.date.written = "(not given; the week before publication)";
                e.flags.push_back("date-inferred");
            } else {
                e.date.undated = true;
                e.flags.push_back("undated");
            }
        }
        if (e.casualties.disputed) e.flags.push_back("disputed");
        e.summary = summarize(e);
        e.id = "ev-" + hex16(fnv(report.text, fnv(std::to_string(e.provenance.begin) + "|" + e.kind)));
        if (e.confidence >= options.min_confidence) events.push_back(std::move(e));
        open.reset();
    };

    std::size_t para = SIZE_MAX;
    std::optional<DateSpan> para_date;  // the last date named in the current paragraph
    std::optional<PlaceMention> prev_place;  // the last place of the previous sentence, same paragraph
    for (std::size_t si = 0; si < report.sentences.size(); ++si) {
        const Sentence& s = report.sentences[si];
        SentenceFacts f{si, s.paragraph, std::string_view(report.text).substr(s.begin, s.end - s.begin), {}, {}, {}, {}, {}, false};
        if (s.paragraph != para) {
            close();
            para = s.paragraph;
            para_date.reset();
            prev_place.reset();
        }
        f.dates = find_dates(f.text, dctx);
        for (const auto& d : f.dates) {
            const std::string wl = ascii_lower(d.span.written);
            if (wl.find("same day") != std::string::npos || wl.find("following") != std::string::npos) f.relative_date = true;
        }
        f.kind = classify(f.text);
        f.casualties = find_casualties(f.text);
        f.actors = find_actors(f.text);
        std::vector<std::string> unknown;
        f.places = find_places(f.text, f.actors, resolver, gctx, &unknown);
        for (const std::string& u : unknown)
            if (std::find(unknown_seen.begin(), unknown_seen.end(), u) == unknown_seen.end() && !ordinary_word(report.text, u)) {
                unknown_seen.push_back(u);
                out.warnings.push_back(report.source + ": byte " + std::to_string(s.begin) + ": '" + u +
                                       "' is given as a place but the gazetteer does not know it (add it with "
                                       "'conflictmap gazetteer add'); the event keeps the next place the text justifies");
            }

        // Zones the report invokes become zone features (once per zone per report).
        for (const auto& m : f.places) {
            if (!is_zone(m) || std::find(zones_seen.begin(), zones_seen.end(), m.resolution.entry->id) != zones_seen.end())
                continue;
            zones_seen.push_back(m.resolution.entry->id);
            Event z;
            z.type = EventType::StrategicDevelopments;
            z.sub_event_type = "Other";
            z.kind = "zone";
            z.shape = EventShape::Zone;
            z.location = m.resolution.ref;
            z.location.written = m.phrase;
            z.valid_from = m.resolution.entry->valid_from;
            z.valid_to = m.resolution.entry->valid_to;
            if (auto from = CivilDate::parse_iso(z.valid_from)) {
                z.date.first = *from;
                auto to = CivilDate::parse_iso(z.valid_to);
                z.date.last = to ? *to : (dctx.published ? *dctx.published : *from);
                if (z.date.last < z.date.first) z.date.last = z.date.first;
                z.date.precision = DatePrecision::Range;
                z.date.written = "the period the zone held";
            } else {
                z.date.undated = true;
            }
            z.confidence = 0.9;
            z.provenance = {report.source, report.outlet, report.title,
                            report.published ? report.published->iso() : "", s.begin, s.end, std::string(f.text)};
            z.summary = "zone invoked: " + m.resolution.entry->name;
            z.id = "zn-" + hex16(fnv(report.text, fnv(m.resolution.entry->id)));
            events.push_back(std::move(z));
        }

        const bool aggregate =
            f.kind && (std::any_of(f.dates.begin(), f.dates.end(), [](const DateMention& d) {
                          return d.span.valid() && d.span.last.days() - d.span.first.days() >= 27;
                      }) || (f.casualties.killed.best >= 50 && f.dates.empty()));
        std::optional<DateSpan> date = governing_date(f, aggregate);
        // A month or year named after the incident words ("...reached Kafr Shalaya, the longest
        // patrol since the agreement in March") is background, not the incident's date.
        if (date && f.kind && date->precision >= DatePrecision::Month && !f.dates.empty() &&
            f.dates.front().begin > f.kind->begin && !aggregate)
            date.reset();
        if (date) {
            dctx.previous = date;
            para_date = date;
        }
        const PlaceMention* place = main_place(f);
        // "...set up a fake checkpoint and killed several civilians there": "there" is the
        // place the sentence before named.
        std::optional<PlaceMention> there;
        if (!place && prev_place) {
            const std::string tl = ascii_lower(f.text);
            if (tl.find(" there") != std::string::npos || tl.find("in the area") != std::string::npos) {
                there = prev_place;
                place = &*there;
            }
        }
        // Remember the sentence's first place that is a point ("near Ghabagheb", not the
        // highway named after it), else its first place.
        {
            const PlaceMention* first = nullptr;
            for (const auto& m : f.places) {
                if (is_zone(m)) continue;
                if (!first) first = &m;
                if (m.resolution.ref.geometry.type == GeomType::Point) { first = &m; break; }
            }
            if (first) prev_place = *first;
            else if (!f.places.empty() || f.kind) prev_place.reset();
        }
        const bool has_news = f.kind || f.casualties.killed.given() || f.casualties.injured.given();
        if (!has_news && !place) continue;

        // Continue the open event when this sentence adds nothing that conflicts with it.
        if (open && open->paragraph == s.paragraph) {
            Event& e = open->e;
            // A sentence that only says who died ("6 were reportedly killed"), or repeats the
            // event's own kind without a new date, is more of the same incident.
            const bool casualty_only = f.kind && !date && (f.kind->kind == "killing" || f.kind->confidence < 0.5);
            const bool same_kind_again = f.kind && !date && f.kind->kind == e.kind;
            // A dated sentence without a place dates an event that had a place but no date
            // ("...an attack near X. On May 17, they set up a fake checkpoint there.").
            const bool dates_open = date && !place && !open->has_date && open->has_place;
            // A more precise place inside the event's region refines it rather than conflicting.
            const bool refines = place && open->has_place && e.location.precision == LocPrecision::Region &&
                                 place->resolution.ref.precision != LocPrecision::Region &&
                                 geo::distance_km(place->resolution.ref.point, e.location.geometry) < 10;
            const bool date_conflict = date && open->has_date && spans_conflict(*date, e.date) && !aggregate;
            const bool place_conflict = place && open->has_place && !refines &&
                                        geo::distance_km(place->resolution.ref.point, e.location.point) > 25;
            const bool kind_conflict = f.kind && f.kind->confidence >= 0.5 &&
                                       type_family(f.kind->type) != type_family(e.type) && open->has_place;
            const bool new_incident = f.kind && f.kind->confidence >= 0.5 && (date || place) && open->has_date && open->has_place;
            const bool merge = casualty_only || same_kind_again || dates_open ||
                               (!date_conflict && !place_conflict && !kind_conflict && !new_incident);
            if (merge) {
                if (date && !open->has_date) { e.date = *date; open->has_date = true; }
                if (dates_open && f.kind && f.kind->confidence >= e.confidence) {
                    e.type = f.kind->type;
                    e.sub_event_type = f.kind->sub_event_type;
                    e.kind = f.kind->kind;
                    e.confidence = f.kind->confidence;
                }
                if (place && (!open->has_place || refines) && !same_kind_again) {
                    e.location = place->resolution.ref;
                    e.location.written = place->phrase;
                    open->has_place = true;
                }
                for (const auto& m : f.places) open->places.push_back(m);
                if (!e.casualties.killed.given() && f.casualties.killed.given()) {
                    e.casualties.killed = f.casualties.killed;
                    if (!e.casualties.injured.given()) e.casualties.injured = f.casualties.injured;
                }
                if (f.casualties.disputed) e.casualties.disputed = true;
                if (e.casualties.qualifier.empty()) e.casualties.qualifier = f.casualties.qualifier;
                if (e.actor1.empty())
                    for (const auto& a : f.actors) e.actor1.push_back(a.actor);
                e.provenance.end = s.end;
                e.provenance.text = report.text.substr(e.provenance.begin, e.provenance.end - e.provenance.begin);
                continue;
            }
        }
        if (!f.kind) continue;  // a place or a count alone does not make an incident
        close();
        Open o;
        o.paragraph = s.paragraph;
        Event& e = o.e;
        e.type = f.kind->type;
        e.sub_event_type = f.kind->sub_event_type;
        e.kind = f.kind->kind;
        e.casualties = f.casualties;
        e.aggregate = aggregate;
        if (aggregate) e.flags.push_back("aggregate");
        // Actors: those named before the trigger act; those after are acted upon (or partners).
        // The sentence's structure overrides word order: "was targeted by Russian warplanes",
        // "an airstrike carried out by X" (the agent after "by" acts); "X-backed", "pro-X" and
        // "X sources" name a patron or a source, not a party.
        const std::string lower_text = ascii_lower(f.text);
        auto word_before = [&](std::size_t at) {
            std::size_t e2 = at;
            while (e2 > 0 && lower_text[e2 - 1] == ' ') --e2;
            std::size_t b2 = e2;
            while (b2 > 0 && std::isalpha(static_cast<unsigned char>(lower_text[b2 - 1]))) --b2;
            return lower_text.substr(b2, e2 - b2);
        };
        for (const auto& a : f.actors) {
            const std::string after = lower_text.substr(a.end, 12);
            const std::string before = a.begin >= 4 ? lower_text.substr(a.begin - 4, 4) : std::string();
            if (after.rfind("-backed", 0) == 0 || after.rfind(" backed", 0) == 0 || after.rfind(" sources", 0) == 0 ||
                after.rfind("-affiliated", 0) == 0 || before == "pro-")
                continue;
            const bool agent = word_before(a.begin) == "by";
            (agent || a.begin <= f.kind->begin ? e.actor1 : e.actor2).push_back(a.actor);
        }
        // The subject of a passive is acted upon: actors named before `until` (not after "by")
        // move to the other side.
        auto acted_upon = [&](std::size_t until) {
            for (auto it = e.actor1.begin(); it != e.actor1.end();) {
                bool subject = false;
                for (const auto& a : f.actors)
                    if (a.actor.name == it->name && a.begin < until && word_before(a.begin) != "by") subject = true;
                if (subject) {
                    e.actor2.push_back(*it);
                    it = e.actor1.erase(it);
                } else {
                    ++it;
                }
            }
        };
        const bool agent_named = lower_text.find(" by ", f.kind->begin) != std::string::npos;
        // "X was targeted by Y": the subject named before a passive trigger is acted upon.
        if (!e.actor1.empty() && agent_named) {
            const bool passive = [&] {
                for (const char* p : {" was ", " were ", " been ", " is being "})
                    if (const auto at = lower_text.find(p); at != std::string::npos && at < f.kind->end) return true;
                return false;
            }();
            if (passive) acted_upon(f.kind->begin);
        }
        // "A soldier was killed near X", "two fighters were reportedly shot": with no agent named,
        // the subject of a passive violent verb is its victim, not its perpetrator.
        if (!e.actor1.empty() && !agent_named) {
            std::size_t victim_until = std::string::npos;  // the passive's "was"/"were"
            for (const char* aux : {" was ", " were "})
                for (std::size_t at = lower_text.find(aux); at != std::string::npos && at <= f.kind->end; at = lower_text.find(aux, at + 1)) {
                    std::size_t w0 = at + std::strlen(aux);
                    auto next_word = [&] {
                        std::size_t w1 = w0;
                        while (w1 < lower_text.size() && std::isalpha(static_cast<unsigned char>(lower_text[w1]))) ++w1;
                        std::string word = lower_text.substr(w0, w1 - w0);
                        w0 = w1 + 1;
                        return word;
                    };
                    std::string verb = next_word();
                    for (const char* adv : {"reportedly", "allegedly", "also", "later", "then", "all"})
                        if (verb == adv) verb = next_word();
                    for (const char* v : {"killed", "wounded", "injured", "shot", "executed", "kidnapped", "abducted", "murdered",
                                          "assassinated", "beheaded", "slain"})
                        if (verb == v) victim_until = std::min(victim_until, at);
                }
            if (victim_until != std::string::npos) acted_upon(victim_until);
        }
        // Civilians are never the perpetrators: whatever the word order, they are acted upon.
        for (auto it = e.actor1.begin(); it != e.actor1.end();) {
            if (ascii_lower(it->name) == "civilians") {
                e.actor2.insert(e.actor2.begin(), *it);
                it = e.actor1.erase(it);
            } else {
                ++it;
            }
        }
        // Without anyone named before the incident words, violence stays with an unidentified
        // perpetrator (the named party is its target, as ACLED codes it); other kinds take the
        // first party named as their actor.
        const bool violent = e.type != EventType::StrategicDevelopments && e.type != EventType::Protests;
        if (e.actor1.empty() && !e.actor2.empty() && !violent) {
            e.actor1.push_back(e.actor2.front());
            e.actor2.erase(e.actor2.begin());
        }
        if (date) {
            e.date = *date;
            o.has_date = true;
        } else if (para_date) {  // "On May 20, ... step. A joint patrol ... reached ...": May 20
            e.date = *para_date;
            o.has_date = true;
        }
        if (place) {
            e.location = place->resolution.ref;
            e.location.written = place->phrase;
            o.has_place = true;
        }
        o.places = f.places;
        if (const auto fp = f.text.find(" from "); fp != std::string_view::npos) o.from_offset = fp;
        double conf = f.kind->confidence;
        if (place && place->resolution.status == gaz::Status::Ambiguous) conf *= 0.8;
        e.confidence = conf;
        e.provenance = {report.source, report.outlet, report.title, report.published ? report.published->iso() : "",
                        s.begin, s.end, std::string(f.text)};
        open = std::move(o);
    }
    close();
    if (inferred)
        for (Event& e : events) {
            if (!e.date.valid() || e.has_flag("date-inferred")) continue;
            e.flags.push_back("date-inferred");
            e.date.written += "  (the report is undated: read as of about " + inferred->date.iso() + ", as it " + inferred->reason + ")";
        }
    consolidate_incidents(events, report, box, resolver, dctx.published);
    std::erase_if(events, [&](const Event& e) {
        if (!e.has_flag("unplaced")) return false;
        out.warnings.push_back(report.source + ": byte " + std::to_string(e.provenance.begin) + ": " +
                               (e.kind.empty() ? e.sub_event_type : e.kind) + " without a place; not mapped");
        return true;
    });
    std::erase_if(events, [&](const Event& e) { return e.shape != EventShape::Zone && e.confidence < options.min_confidence; });
    out.events = std::move(events);
    return out;
}

}  // namespace cm::ex
