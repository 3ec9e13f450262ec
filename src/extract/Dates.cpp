// conflictmap extract: finds the date expressions of a sentence and resolves them against the
// publication date (contract and rules in Dates.h).
//
// How: the sentence is cut once into tokens (ASCII-lower-cased words, digit runs, single
// punctuation marks, all with byte offsets), then one left-to-right pass tries a fixed set of
// small patterns at each token and keeps the longest match ("late on March 17" beats "March 17").
// Every pattern looks at a bounded number of tokens, so the pass is linear in the sentence —
// no regex, no backtracking: reports are hostile input (scraped HTML, broken encodings,
// megabyte "sentences").
//
// Choices the header leaves open, made here:
// - A leading preposition (on, in, at, during, over, within, throughout) belongs to the mention:
//   "On March 23" is cut out whole, so callers can lift the date phrase off the sentence.
// - Bare month names need an introducer ("in May", "during March", "since May", "early May"):
//   "may" and "march" are verbs too. Abbreviations ("Mar", "Sept.") only count next to a day
//   or a year. Bare years need one as well ("in 2017"): "2017 fighters" is a count.
// - A year after a day ("May 20, 2000 fighters") is taken only if what follows does not read as
//   the noun the number counts; otherwise the day alone is the mention and the year is inferred.
// - Dates met earlier in the same sentence become `previous` for later ones ("On March 22 ...
//   the following day"), as the caller does between sentences.
// - "by <date>" is a deadline ahead (span [publication, date]); one whose written year has
//   passed ("by March 20, 2019 the army had ...") is just that date. Beyond the header's list:
//   "between March 10 and 15" / "from X to Y" ranges, "N days ago/later/earlier", "last May".
// - Vague counts: "few" 3, "several" 4, "couple" 2, a bare plural ("the past years") 3 — but any
//   vague count of days is the week up to publication, like "over the past days".
//
// [SECTION] tokens
// [SECTION] calendar helpers
// [SECTION] scanner: building blocks (months, days, years, counts)
// [SECTION] scanner: patterns
// [SECTION] public API
#include "extract/Dates.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <initializer_list>

#include "core/Utf8.h"

namespace cm::ex {
namespace detail {
namespace {

// [SECTION] tokens

enum class TokKind : std::uint8_t { Word, Num, Punct };

struct Tok {
    std::size_t b = 0, e = 0;  // byte offsets into the sentence
    TokKind kind = TokKind::Punct;
    char punct = 0;            // Punct: the ASCII mark (typographic dashes folded to '-')
    std::uint8_t len = 0;      // Word: bytes in w (kTooLong: longer than any keyword); Num: digits, capped
    int num = -1;              // Num: the value when it has at most 6 digits
    char w[12] = {};           // Word: ASCII-lower-cased bytes; a fixed buffer keeps 1 MB inputs cheap

    static constexpr std::uint8_t kTooLong = 0xFF;
    std::string_view word() const {
        return kind == TokKind::Word && len <= sizeof w ? std::string_view(w, len) : std::string_view();
    }
};

enum class CharClass : std::uint8_t { Space, Letter, Digit, Punct };

// Classifies the code point at s[i] and advances past it. Letters of other scripts count as
// letters so that a word never splits inside a name; typographic dashes and quotes fold to ASCII
// so that "mid‑May" and "March 23–25" read like their ASCII spellings.
CharClass classify(std::string_view s, std::size_t& i, char& punct) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
        ++i;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return CharClass::Letter;
        if (c >= '0' && c <= '9') return CharClass::Digit;
        if (c <= ' ' || c == 0x7F) return CharClass::Space;
        punct = static_cast<char>(c);
        return CharClass::Punct;
    }
    const std::size_t at = i;
    const char32_t cp = utf8_next(s, i);
    if (i <= at) i = at + 1;  // utf8_next always advances; this only guards the loop's termination
    if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F || cp == 0x3000 ||
        cp == 0xFEFF)
        return CharClass::Space;
    if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212) { punct = '-'; return CharClass::Punct; }
    if (cp == 0x2018 || cp == 0x2019 || cp == 0x201B) { punct = '\''; return CharClass::Punct; }
    if (cp >= 0x201C && cp <= 0x201F) { punct = '"'; return CharClass::Punct; }
    if (cp == 0x2026) { punct = '.'; return CharClass::Punct; }
    if (cp == kReplacementChar || (cp >= 0x80 && cp < 0xC0)) { punct = '?'; return CharClass::Punct; }
    return CharClass::Letter;
}

std::vector<Tok> tokenize(std::string_view s) {
    std::vector<Tok> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t start = i;
        char p = 0;
        const CharClass cc = classify(s, i, p);
        if (cc == CharClass::Space) continue;
        Tok t;
        t.b = start;
        if (cc == CharClass::Punct) {
            t.e = i;
            t.punct = p;
            out.push_back(t);
            continue;
        }
        std::size_t end = i;
        while (end < s.size()) {
            std::size_t k = end;
            char q = 0;
            if (classify(s, k, q) != cc) break;
            end = k;
        }
        t.e = end;
        const std::size_t bytes = end - start;
        if (cc == CharClass::Digit) {
            t.kind = TokKind::Num;
            t.len = static_cast<std::uint8_t>(std::min<std::size_t>(bytes, 200));
            if (bytes <= 6) {
                int v = 0;
                for (std::size_t k = start; k < end; ++k) v = v * 10 + (s[k] - '0');
                t.num = v;
            }
        } else {
            t.kind = TokKind::Word;
            if (bytes <= sizeof t.w) {
                for (std::size_t k = 0; k < bytes; ++k) {
                    const char ch = s[start + k];
                    t.w[k] = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
                }
                t.len = static_cast<std::uint8_t>(bytes);
            } else {
                t.len = Tok::kTooLong;
            }
        }
        i = end;
        out.push_back(t);
    }
    return out;
}

// [SECTION] calendar helpers

int dim(int y, int m) { return CivilDate::days_in_month(y, m); }

DateSpan span_of(CivilDate a, CivilDate b, DatePrecision p) {
    DateSpan s;
    s.first = a;
    s.last = b;
    s.precision = p;
    return s;
}
DateSpan day_span(CivilDate d) { return span_of(d, d, DatePrecision::Day); }
DateSpan month_span(int y, int m) { return span_of({y, m, 1}, {y, m, dim(y, m)}, DatePrecision::Month); }
DateSpan year_span(int y) { return span_of({y, 1, 1}, {y, 12, 31}, DatePrecision::Year); }
DateSpan undated_span() {
    DateSpan s;
    s.undated = true;
    return s;
}

// d moved by n calendar months, the day clamped to the target month ("3 months before May 31").
CivilDate add_months(CivilDate d, int n) {
    const long total = static_cast<long>(d.year) * 12 + (d.month - 1) + n;
    long y = total / 12, m0 = total % 12;
    if (m0 < 0) { m0 += 12; --y; }
    CivilDate r{static_cast<int>(y), static_cast<int>(m0) + 1, 1};
    r.day = std::min(d.day, dim(r.year, r.month));
    return r;
}

// The year of a day (or, with day 0, a month) written without one: reports tell what has
// happened, so a day after publication is last year's ("On December 30" in a report of
// January 5).
std::optional<int> past_year(int month, int day, const std::optional<CivilDate>& pub) {
    if (!pub) return std::nullopt;
    if (month > pub->month || (month == pub->month && day > pub->day)) return pub->year - 1;
    return pub->year;
}

// [SECTION] scanner: building blocks

enum class Intro : std::uint8_t { None, On, In, At, During, Over, Within, Throughout };

struct MonthName { std::string_view name; int month; bool abbr; };
constexpr MonthName kMonths[] = {
    {"january", 1, false}, {"february", 2, false}, {"march", 3, false},     {"april", 4, false},
    {"may", 5, false},     {"june", 6, false},     {"july", 7, false},      {"august", 8, false},
    {"september", 9, false}, {"october", 10, false}, {"november", 11, false}, {"december", 12, false},
    {"jan", 1, true},      {"feb", 2, true},       {"mar", 3, true},        {"apr", 4, true},
    {"jun", 6, true},      {"jul", 7, true},       {"aug", 8, true},        {"sep", 9, true},
    {"sept", 9, true},     {"oct", 10, true},      {"nov", 11, true},       {"dec", 12, true},
};
constexpr std::string_view kWeekdays[] = {"monday", "tuesday", "wednesday", "thursday",
                                          "friday", "saturday", "sunday"};  // CivilDate::weekday order
constexpr std::string_view kNumberWords[] = {"one", "two", "three", "four", "five", "six",
                                             "seven", "eight", "nine", "ten", "eleven", "twelve"};
// Words that may follow a written year ("On March 23, 2020 the army ..."); any other lower-case
// word after the number suggests it counts something ("May 20, 2000 fighters").
constexpr std::string_view kYearFollowers[] = {
    "and", "the", "a", "an", "when", "as", "after", "before", "at", "in", "on", "to", "while",
    "during", "but", "or", "was", "were", "is", "saw", "had", "has", "have", "with", "by", "from",
    "for", "of", "that", "which", "where", "until", "they", "he", "she", "it", "we", "there",
    "according", "following", "amid", "near", "against"};

enum class Part : std::uint8_t { Start, Early, Mid, Late };  // "the beginning of", early, mid, late/end
enum class Unit : std::uint8_t { Hours, Days, Weeks, Months, Years };

// A calendar reference as written, before year inference. m == 0: a year alone; d == 0: a month.
struct Cal { int y = 0, m = 0, d = 0, d2 = 0; std::size_t end = 0; bool abbr = false; };
// "early May", "mid-October 2019", "the end of 2019" (m == 0: a part of a year).
struct Third { Part part = Part::Early; int m = 0, y = 0; std::size_t end = 0; };
struct Count { int n = 0; bool vague = false; std::size_t end = 0; };
struct MonthAt { int month = 0; std::size_t end = 0; bool abbr = false; };
struct DayAt { int day = 0; std::size_t end = 0; };

enum class Rel : std::uint8_t {
    Today, Yesterday, DayBeforeYesterday, Tomorrow, LastNight, ThisWeek, LastWeek, NextWeek,
    ThisMonth, LastMonth, NextMonth, ThisYear, LastYear, PastDays, ComingDays,
    Same, DayBefore, DayAfter, FollowingDays
};
struct Phrase { std::array<std::string_view, 4> words; Rel rel; };
constexpr Phrase kPhrases[] = {
    {{"today"}, Rel::Today},
    {{"tonight"}, Rel::Today},
    {{"yesterday"}, Rel::Yesterday},
    {{"the", "day", "before", "yesterday"}, Rel::DayBeforeYesterday},
    {{"tomorrow"}, Rel::Tomorrow},
    {{"last", "night"}, Rel::LastNight},
    {{"this", "week"}, Rel::ThisWeek},
    {{"earlier", "this", "week"}, Rel::ThisWeek},
    {{"earlier", "in", "the", "week"}, Rel::ThisWeek},
    {{"last", "week"}, Rel::LastWeek},
    {{"next", "week"}, Rel::NextWeek},
    {{"this", "month"}, Rel::ThisMonth},
    {{"earlier", "this", "month"}, Rel::ThisMonth},
    {{"earlier", "in", "the", "month"}, Rel::ThisMonth},
    {{"last", "month"}, Rel::LastMonth},
    {{"next", "month"}, Rel::NextMonth},
    {{"this", "year"}, Rel::ThisYear},
    {{"earlier", "this", "year"}, Rel::ThisYear},
    {{"last", "year"}, Rel::LastYear},
    {{"recent", "days"}, Rel::PastDays},
    {{"the", "recent", "days"}, Rel::PastDays},
    {{"the", "coming", "days"}, Rel::ComingDays},
    {{"the", "same", "day"}, Rel::Same},
    {{"that", "day"}, Rel::Same},
    {{"that", "same", "day"}, Rel::Same},
    {{"the", "day", "before"}, Rel::DayBefore},
    {{"the", "previous", "day"}, Rel::DayBefore},
    {{"the", "day", "earlier"}, Rel::DayBefore},
    {{"the", "next", "day"}, Rel::DayAfter},
    {{"the", "following", "day"}, Rel::DayAfter},
    {{"the", "day", "after"}, Rel::DayAfter},
    {{"the", "following", "days"}, Rel::FollowingDays},
    {{"the", "next", "days"}, Rel::FollowingDays},
    {{"the", "next", "few", "days"}, Rel::FollowingDays},
    {{"the", "following", "few", "days"}, Rel::FollowingDays},
};

class Scanner {
public:
    Scanner(std::string_view s, const DateContext& ctx)
        : m_s(s), m_t(tokenize(s)), m_pub(ctx.published), m_prev(ctx.previous) {}

    std::vector<DateMention> run() {
        std::vector<DateMention> out;
        std::size_t i = 0;
        while (i < m_t.size()) {
            if (m_t[i].kind == TokKind::Punct) { ++i; continue; }  // no pattern starts on a mark
            std::optional<Hit> best;
            auto consider = [&best](std::optional<Hit> h) {
                if (h && (!best || h->end > best->end)) best = std::move(h);
            };
            consider(core(i, Intro::None));
            if (const Intro intro = intro_at(i); intro != Intro::None) consider(core(i + 1, intro));
            consider(since(i));
            consider(by(i));
            consider(between(i));
            if (!best) { ++i; continue; }
            DateMention m;
            m.begin = m_t[i].b;
            m.end = m_t[best->end - 1].e;
            m.span = std::move(best->span);
            // Arithmetic at the calendar's edges (year 1, year 9999, "since 2031") gives no real
            // span: say undated rather than hand on an invalid one.
            if (!m.span.undated && !m.span.valid()) m.span = undated_span();
            m.span.written = std::string(m_s.substr(m.begin, m.end - m.begin));
            if (!m.span.undated) m_prev = m.span;
            out.push_back(std::move(m));
            i = best->end;
        }
        return out;
    }

private:
    struct Hit { std::size_t end = 0; DateSpan span; };

    std::size_t n() const { return m_t.size(); }
    bool w(std::size_t i, std::string_view x) const { return i < n() && m_t[i].word() == x; }
    bool p(std::size_t i, char c) const { return i < n() && m_t[i].kind == TokKind::Punct && m_t[i].punct == c; }
    // tok[i] starts where tok[i-1] ends: nothing between them.
    bool glued(std::size_t i) const { return i > 0 && i < n() && m_t[i - 1].e == m_t[i].b; }
    bool num(std::size_t i, int min_len, int max_len) const {
        return i < n() && m_t[i].kind == TokKind::Num && m_t[i].len >= min_len && m_t[i].len <= max_len;
    }
    template <std::size_t N>
    static bool in(std::string_view x, const std::string_view (&set)[N]) {
        return !x.empty() && std::find(std::begin(set), std::end(set), x) != std::end(set);
    }
    static bool number_mark(char c) { return c == '.' || c == ',' || c == '/' || c == '-' || c == ':'; }
    // A number glued to tok[i] from the left ("1.23.03.2020") or the right: not a date on its own.
    bool number_glued_before(std::size_t i) const {
        if (!glued(i)) return false;
        const Tok& a = m_t[i - 1];
        return a.kind == TokKind::Num || (a.kind == TokKind::Punct && number_mark(a.punct) && i >= 2 && glued(i - 1) &&
                                          m_t[i - 2].kind == TokKind::Num);
    }
    bool number_glued_after(std::size_t k) const {
        if (!glued(k)) return false;
        const Tok& a = m_t[k];
        return a.kind == TokKind::Num ||
               (a.kind == TokKind::Punct && number_mark(a.punct) && glued(k + 1) && m_t[k + 1].kind == TokKind::Num);
    }

    Intro intro_at(std::size_t i) const {
        const std::string_view x = i < n() ? m_t[i].word() : std::string_view();
        if (x == "on") return Intro::On;
        if (x == "in") return Intro::In;
        if (x == "at") return Intro::At;
        if (x == "during") return Intro::During;
        if (x == "over") return Intro::Over;
        if (x == "within") return Intro::Within;
        if (x == "throughout") return Intro::Throughout;
        return Intro::None;
    }
    // Introducers after which a bare month or year reads as a date ("in May", "during 2017").
    static bool bare_ok(Intro in) { return in == Intro::In || in == Intro::During || in == Intro::Throughout; }

    std::optional<MonthAt> month_at(std::size_t i) const {
        if (i >= n()) return std::nullopt;
        const std::string_view x = m_t[i].word();
        for (const auto& mn : kMonths) {
            if (mn.name != x) continue;
            std::size_t end = i + 1;
            if (mn.abbr && p(end, '.') && glued(end)) ++end;  // "Sept."
            return MonthAt{mn.month, end, mn.abbr};
        }
        return std::nullopt;
    }

    std::optional<int> weekday_at(std::size_t i) const {
        if (i >= n()) return std::nullopt;
        const std::string_view x = m_t[i].word();
        for (int k = 0; k < 7; ++k)
            if (kWeekdays[k] == x) return k;
        return std::nullopt;
    }

    // A day of the month: 1-31, one or two digits, an optional ordinal suffix ("23rd").
    std::optional<DayAt> day_at(std::size_t i) const {
        if (!num(i, 1, 2) || m_t[i].num < 1 || m_t[i].num > 31) return std::nullopt;
        std::size_t k = i + 1;
        if (k < n() && glued(k) && m_t[k].kind == TokKind::Word) {
            const std::string_view suf = m_t[k].word();
            if (suf != "st" && suf != "nd" && suf != "rd" && suf != "th") return std::nullopt;  // "23km"
            ++k;
        }
        // "1,500", "3.5", "10:30": the number goes on, it is no day.
        if (k < n() && glued(k) && m_t[k].kind == TokKind::Punct &&
            (m_t[k].punct == ',' || m_t[k].punct == '.' || m_t[k].punct == ':') && glued(k + 1) &&
            m_t[k + 1].kind == TokKind::Num)
            return std::nullopt;
        return DayAt{m_t[i].num, k};
    }

    // A four-digit year 1900-2099 standing alone (not "2010s", not "2020,000"), and not a round
    // number followed by a word that makes it a count (see kYearFollowers).
    std::optional<int> year_at(std::size_t i) const {
        if (!num(i, 4, 4) || m_t[i].num < 1900 || m_t[i].num > 2099) return std::nullopt;
        const std::size_t k = i + 1;
        if (k < n() && glued(k) && m_t[k].kind == TokKind::Word) return std::nullopt;
        if (number_glued_after(k)) return std::nullopt;
        // Counts are round ("2000 fighters"); a year like 2011 followed by a noun is still a year
        // ("In March 2011 protests began").
        if (k < n() && m_t[k].kind == TokKind::Word && m_t[i].num % 50 == 0) {
            const std::string_view x = m_t[k].word();
            const char c0 = m_s[m_t[k].b];
            if (c0 >= 'a' && c0 <= 'z' && !in(x, kYearFollowers)) return std::nullopt;
        }
        return m_t[i].num;
    }

    // A counted amount: "3", "three", "few", "several", "couple (of)", with an article "a"/"an"
    // where the pattern allows it ("a day later", "a few days ago").
    std::optional<Count> count_at(std::size_t i, bool allow_article) const {
        if (i >= n()) return std::nullopt;
        if (num(i, 1, 4) && m_t[i].num >= 1) return Count{m_t[i].num, false, i + 1};
        const std::string_view x = m_t[i].word();
        for (int k = 0; k < 12; ++k)
            if (kNumberWords[k] == x) return Count{k + 1, false, i + 1};
        if (x == "few") return Count{3, true, i + 1};
        if (x == "several") return Count{4, true, i + 1};
        if (x == "couple") return Count{2, true, w(i + 1, "of") ? i + 2 : i + 1};
        if (allow_article && (x == "a" || x == "an")) {
            if (w(i + 1, "few")) return Count{3, true, i + 2};
            if (w(i + 1, "couple")) return Count{2, true, w(i + 2, "of") ? i + 3 : i + 2};
            return Count{1, false, i + 1};
        }
        return std::nullopt;
    }

    std::optional<Unit> unit_at(std::size_t i) const {
        if (i >= n()) return std::nullopt;
        const std::string_view x = m_t[i].word();
        if (x == "hour" || x == "hours") return Unit::Hours;
        if (x == "day" || x == "days") return Unit::Days;
        if (x == "week" || x == "weeks") return Unit::Weeks;
        if (x == "month" || x == "months") return Unit::Months;
        if (x == "year" || x == "years") return Unit::Years;
        return std::nullopt;
    }

    // ---- calendar references ----

    // "2020-03-23" (also "2020/03/23").
    std::optional<Cal> iso_at(std::size_t j) const {
        if (!num(j, 4, 4) || !(p(j + 1, '-') || p(j + 1, '/'))) return std::nullopt;
        const char sep = m_t[j + 1].punct;
        if (!glued(j + 1) || !num(j + 2, 1, 2) || !glued(j + 2) || !p(j + 3, sep) || !glued(j + 3) ||
            !num(j + 4, 1, 2) || !glued(j + 4))
            return std::nullopt;
        if (number_glued_before(j) || number_glued_after(j + 5)) return std::nullopt;
        const CivilDate d{m_t[j].num, m_t[j + 2].num, m_t[j + 4].num};
        if (!d.valid()) return std::nullopt;
        return Cal{d.year, d.month, d.day, 0, j + 5, false};
    }

    // "23/03/2020", "23.03.2020", "23-03-2020": day first, as Syrian and European sources write.
    std::optional<Cal> dmy_numeric_at(std::size_t j) const {
        if (!num(j, 1, 2) || !(p(j + 1, '/') || p(j + 1, '.') || p(j + 1, '-'))) return std::nullopt;
        const char sep = m_t[j + 1].punct;
        if (!glued(j + 1) || !num(j + 2, 1, 2) || !glued(j + 2) || !p(j + 3, sep) || !glued(j + 3) ||
            !num(j + 4, 4, 4) || !glued(j + 4))
            return std::nullopt;
        if (number_glued_before(j) || number_glued_after(j + 5)) return std::nullopt;
        const CivilDate d{m_t[j + 4].num, m_t[j + 2].num, m_t[j].num};
        if (!d.valid()) return std::nullopt;
        return Cal{d.year, d.month, d.day, 0, j + 5, false};
    }

    // After a first day: "-25" closes a range of days ("March 23-25", "23–25 March").
    std::size_t day_range(std::size_t k, int d, int& d2) const {
        if (!p(k, '-')) return k;
        const auto e = day_at(k + 1);
        if (!e || e->day <= d) return k;
        d2 = e->day;
        return e->end;
    }

    // An optional year after a day or a month: ", 2020" or " 2020".
    std::size_t opt_year(std::size_t k, int& y) const {
        const std::size_t k3 = p(k, ',') ? k + 1 : k;
        if (const auto yy = year_at(k3)) {
            y = *yy;
            return k3 + 1;
        }
        return k;
    }

    static bool days_fit(const Cal& c) {
        const int y = c.y ? c.y : 2000;  // without a year, February 29 may still exist
        return std::max(c.d, c.d2) <= dim(y, c.m);
    }

    // "23 March", "23rd of March 2020", "23-25 March".
    std::optional<Cal> day_first_at(std::size_t j) const {
        const auto d = day_at(j);
        if (!d) return std::nullopt;
        Cal c;
        c.d = d->day;
        std::size_t k = day_range(d->end, c.d, c.d2);
        if (w(k, "of")) ++k;
        const auto mo = month_at(k);
        if (!mo) return std::nullopt;
        c.m = mo->month;
        c.abbr = mo->abbr;
        c.end = opt_year(mo->end, c.y);
        if (!days_fit(c)) return std::nullopt;
        return c;
    }

    // "March 23", "March 23, 2020", "March 23-25", "March 2020", "March".
    std::optional<Cal> month_first_at(std::size_t j) const {
        const auto mo = month_at(j);
        if (!mo) return std::nullopt;
        Cal c;
        c.m = mo->month;
        c.abbr = mo->abbr;
        if (const auto d = day_at(mo->end)) {
            c.d = d->day;
            c.end = opt_year(day_range(d->end, c.d, c.d2), c.y);
            if (!days_fit(c)) return std::nullopt;  // "February 30" is no date, nor is "February"
            return c;
        }
        c.end = opt_year(mo->end, c.y);  // "March 2020", "March, 2020"
        return c;
    }

    std::optional<Cal> cal_at(std::size_t j) const {
        if (j >= n()) return std::nullopt;
        if (m_t[j].kind == TokKind::Word) return month_first_at(j);
        if (m_t[j].kind != TokKind::Num) return std::nullopt;
        if (auto c = iso_at(j)) return c;
        if (auto c = dmy_numeric_at(j)) return c;
        if (auto c = day_first_at(j)) return c;
        if (const auto y = year_at(j); y && !number_glued_before(j)) return Cal{*y, 0, 0, 0, j + 1, false};
        return std::nullopt;
    }

    DateSpan cal_span(const Cal& c) const {
        if (c.m == 0) return year_span(c.y);
        int y = c.y;
        if (y == 0) {
            const auto py = past_year(c.m, c.d, m_pub);
            if (!py) return undated_span();
            y = *py;
        }
        if (c.d == 0) return month_span(y, c.m);
        const CivilDate a{y, c.m, c.d};
        if (!a.valid()) return undated_span();  // February 29 inferred into a common year
        if (c.d2) return span_of(a, {y, c.m, c.d2}, DatePrecision::Range);
        return day_span(a);
    }

    // "early May", "mid-October", "late 2019", "the beginning of May", "the end of May 2019".
    std::optional<Third> third_at(std::size_t j) const {
        Third th;
        std::size_t k = 0;
        if (w(j, "early") || w(j, "mid") || w(j, "late")) {
            th.part = w(j, "early") ? Part::Early : w(j, "mid") ? Part::Mid : Part::Late;
            k = j + 1;
            if (p(k, '-')) ++k;  // "mid-May"
        } else if (w(j, "the") && w(j + 2, "of")) {
            if (w(j + 1, "beginning") || w(j + 1, "start")) th.part = Part::Start;
            else if (w(j + 1, "middle")) th.part = Part::Mid;
            else if (w(j + 1, "end")) th.part = Part::Late;
            else return std::nullopt;
            k = j + 3;
        } else {
            return std::nullopt;
        }
        if (const auto mo = month_at(k)) {
            th.m = mo->month;
            th.end = mo->end;
            if (const auto yy = year_at(th.end)) {
                th.y = *yy;
                ++th.end;
            }
            return th;
        }
        if (const auto yy = year_at(k)) {
            th.y = *yy;
            th.end = k + 1;
            return th;
        }
        return std::nullopt;
    }

    // Early: days 1-10 (months Jan-Apr of a year), mid: 11-20 (May-Aug), late: 21-end (Sep-Dec).
    DateSpan third_span(const Third& th) const {
        if (th.m == 0) {
            const int y = th.y;
            switch (th.part) {
                case Part::Start:
                case Part::Early: return span_of({y, 1, 1}, {y, 4, 30}, DatePrecision::Range);
                case Part::Mid: return span_of({y, 5, 1}, {y, 8, 31}, DatePrecision::Range);
                case Part::Late: return span_of({y, 9, 1}, {y, 12, 31}, DatePrecision::Range);
            }
        }
        int y = th.y;
        if (y == 0) {
            const auto py = past_year(th.m, 0, m_pub);
            if (!py) return undated_span();
            y = *py;
        }
        switch (th.part) {
            case Part::Start:
            case Part::Early: return span_of({y, th.m, 1}, {y, th.m, 10}, DatePrecision::Range);
            case Part::Mid: return span_of({y, th.m, 11}, {y, th.m, 20}, DatePrecision::Range);
            case Part::Late: return span_of({y, th.m, 21}, {y, th.m, dim(y, th.m)}, DatePrecision::Range);
        }
        return undated_span();
    }

    // [SECTION] scanner: patterns

    // Everything that may follow an optional introducer.
    std::optional<Hit> core(std::size_t j, Intro intro) const {
        if (j >= n() || m_t[j].kind == TokKind::Punct) return std::nullopt;
        std::optional<Hit> best;
        auto consider = [&best](std::optional<Hit> h) {
            if (h && (!best || h->end > best->end)) best = std::move(h);
        };
        consider(phrase(j));
        consider(counted(j));
        consider(ago_later(j));
        consider(weekday(j));
        consider(qualified(j));
        if (const auto th = third_at(j)) consider(Hit{th->end, third_span(*th)});
        consider(earlier_in(j));
        consider(last_month_name(j));
        consider(plain(j, intro));
        return best;
    }

    // A calendar reference used as such: a day, a range of days, a month, a year.
    std::optional<Hit> plain(std::size_t j, Intro intro) const {
        const auto c = cal_at(j);
        if (!c) return std::nullopt;
        if (c->m == 0 && !bare_ok(intro)) return std::nullopt;  // "2017 fighters"
        if (c->m != 0 && c->d == 0 && c->y == 0 && (!bare_ok(intro) || c->abbr)) return std::nullopt;  // "may"
        return Hit{c->end, cal_span(*c)};
    }

    // Fixed phrases anchored on publication or on the previous date (kPhrases).
    std::optional<Hit> phrase(std::size_t j) const {
        const Phrase* best = nullptr;
        std::size_t best_end = 0;
        for (const auto& ph : kPhrases) {
            std::size_t k = j;
            bool ok = true;
            for (const auto& word : ph.words) {
                if (word.empty()) break;
                if (!w(k, word)) { ok = false; break; }
                ++k;
            }
            if (ok && k > best_end) {
                best = &ph;
                best_end = k;
            }
        }
        if (!best) return std::nullopt;
        return Hit{best_end, resolve(best->rel)};
    }

    DateSpan resolve(Rel rel) const {
        using P = DatePrecision;
        switch (rel) {
            case Rel::Same:
            case Rel::DayBefore:
            case Rel::DayAfter:
            case Rel::FollowingDays: {
                if (!m_prev || !m_prev->valid()) return undated_span();
                const DateSpan& v = *m_prev;
                if (rel == Rel::Same) return v;
                if (rel == Rel::DayBefore) return day_span(v.first.plus_days(-1));
                if (rel == Rel::DayAfter) return day_span(v.last.plus_days(1));
                return span_of(v.last.plus_days(1), v.last.plus_days(7), P::Range);
            }
            default: break;
        }
        if (!m_pub) return undated_span();
        const CivilDate d = *m_pub;
        switch (rel) {
            case Rel::Today: return day_span(d);
            case Rel::Yesterday: return day_span(d.plus_days(-1));
            case Rel::DayBeforeYesterday: return day_span(d.plus_days(-2));
            case Rel::Tomorrow: return day_span(d.plus_days(1));
            case Rel::LastNight: return span_of(d.plus_days(-1), d, P::Range);  // the night ran into the day
            case Rel::ThisWeek: return span_of(d.plus_days(-6), d, P::Week);
            case Rel::LastWeek: return span_of(d.plus_days(-13), d.plus_days(-7), P::Week);
            case Rel::NextWeek: return span_of(d.plus_days(1), d.plus_days(7), P::Week);
            case Rel::ThisMonth: return span_of({d.year, d.month, 1}, d, P::Month);
            case Rel::LastMonth: { const CivilDate m = add_months(d, -1); return month_span(m.year, m.month); }
            case Rel::NextMonth: { const CivilDate m = add_months(d, 1); return month_span(m.year, m.month); }
            case Rel::ThisYear: return span_of({d.year, 1, 1}, d, P::Year);
            case Rel::LastYear: return year_span(d.year - 1);
            case Rel::PastDays: return span_of(d.plus_days(-7), d, P::Range);
            case Rel::ComingDays: return span_of(d.plus_days(1), d.plus_days(7), P::Range);
            default: return undated_span();
        }
    }

    // "the past 3 months", "the last two weeks", "past few days", "the past week", "the past 24 hours":
    // that period up to publication.
    std::optional<Hit> counted(std::size_t j) const {
        std::size_t k = j;
        const bool the = w(k, "the");
        if (the) ++k;
        const bool last = w(k, "last");
        if (!last && !w(k, "past")) return std::nullopt;
        ++k;
        const auto cnt = count_at(k, false);
        if (cnt) k = cnt->end;
        const auto unit = unit_at(k);
        if (!unit) return std::nullopt;
        // "the past years", "the past weeks": a few of them, as "the past few years" says.
        const bool plural = m_t[k].word().back() == 's';
        ++k;
        if (!cnt && last && !the) return std::nullopt;  // "last week" is the calendar week before this one
        if (!m_pub) return Hit{k, undated_span()};
        const CivilDate d = *m_pub;
        const int c = cnt ? cnt->n : plural ? 3 : 1;
        switch (*unit) {
            case Unit::Hours: {
                const int days = cnt && !cnt->vague ? std::max(1, (c + 23) / 24) : 1;
                return Hit{k, span_of(d.plus_days(-days), d, DatePrecision::Range)};
            }
            case Unit::Days:  // "the past days", "the past few days": a week, as "over the past days"
                return Hit{k, span_of(d.plus_days(cnt && !cnt->vague ? -c : -7), d, DatePrecision::Range)};
            case Unit::Weeks:
                if (!cnt && !plural) return Hit{k, span_of(d.plus_days(-7), d, DatePrecision::Week)};
                return Hit{k, span_of(d.plus_days(-7 * c), d, DatePrecision::Range)};
            case Unit::Months: return Hit{k, span_of(add_months(d, -c), d, DatePrecision::Range)};
            case Unit::Years: return Hit{k, span_of(add_months(d, -12 * c), d, DatePrecision::Range)};
        }
        return std::nullopt;
    }

    // "two days ago", "three years ago" (from publication); "two days later", "a week earlier"
    // (from the previous date).
    std::optional<Hit> ago_later(std::size_t j) const {
        const auto cnt = count_at(j, true);
        if (!cnt) return std::nullopt;
        std::size_t k = cnt->end;
        const auto unit = unit_at(k);
        if (!unit || *unit == Unit::Hours) return std::nullopt;
        ++k;
        const int c = cnt->n;
        if (w(k, "ago")) {
            if (!m_pub) return Hit{k + 1, undated_span()};
            const CivilDate d = *m_pub;
            switch (*unit) {
                case Unit::Days:
                    if (cnt->vague) return Hit{k + 1, span_of(d.plus_days(-7), d.plus_days(-1), DatePrecision::Range)};
                    return Hit{k + 1, day_span(d.plus_days(-c))};
                case Unit::Weeks:  // a week either side is what "N weeks ago" can mean
                    if (cnt->vague) return std::nullopt;
                    return Hit{k + 1, span_of(d.plus_days(-7 * c - 3), d.plus_days(-7 * c + 3), DatePrecision::Week)};
                case Unit::Months: {
                    if (cnt->vague) return std::nullopt;
                    const CivilDate m = add_months(d, -c);
                    return Hit{k + 1, month_span(m.year, m.month)};
                }
                case Unit::Years:
                    if (cnt->vague) return std::nullopt;
                    return Hit{k + 1, year_span(d.year - c)};
                default: return std::nullopt;
            }
        }
        const bool later = w(k, "later");
        if (!later && !w(k, "earlier")) return std::nullopt;
        if (cnt->vague || (*unit != Unit::Days && *unit != Unit::Weeks)) return std::nullopt;
        const int days = *unit == Unit::Weeks ? 7 * c : c;
        if (!m_prev || !m_prev->valid()) return Hit{k + 1, undated_span()};
        return Hit{k + 1, day_span(later ? m_prev->last.plus_days(days) : m_prev->first.plus_days(-days))};
    }

    // "Saturday", "on Saturday night", "late on Friday", "last Sunday": the last such day
    // strictly before publication (a report of a Saturday that says "on Saturday" means the one a
    // week before — the same day would be "today"); "next Monday": the first one after it.
    std::optional<Hit> weekday(std::size_t j) const {
        std::size_t k = j;
        if (w(k, "late") || w(k, "early")) {
            ++k;
            if (w(k, "on")) ++k;
        }
        int dir = -1;
        if (w(k, "last") || w(k, "past")) ++k;
        else if (w(k, "next") || w(k, "coming")) { dir = 1; ++k; }
        const auto wd = weekday_at(k);
        if (!wd) return std::nullopt;
        ++k;
        if (w(k, "night") || w(k, "morning") || w(k, "evening") || w(k, "afternoon")) ++k;
        if (!m_pub) return Hit{k, undated_span()};
        const int pw = m_pub->weekday();
        int delta = dir < 0 ? (pw - *wd + 7) % 7 : (*wd - pw + 7) % 7;
        if (delta == 0) delta = 7;
        return Hit{k, day_span(m_pub->plus_days(dir * delta))};
    }

    // A day with a time-of-day qualifier: "late on March 17", "early May 22", "the night of
    // March 17", "the early hours of Saturday". The span is the day; `written` keeps the words.
    std::optional<Hit> qualified(std::size_t j) const {
        if (w(j, "late") || w(j, "early")) {
            std::size_t k = j + 1;
            if (w(k, "on")) ++k;
            const auto c = cal_at(k);
            if (c && c->d) return Hit{c->end, cal_span(*c)};
            return std::nullopt;  // weekdays: weekday(); months: third_at()
        }
        if (!w(j, "the")) return std::nullopt;
        std::size_t k = j + 1;
        if (w(k, "night") || w(k, "morning") || w(k, "evening") || w(k, "afternoon")) ++k;
        else if (w(k, "early") && w(k + 1, "hours")) k += 2;
        else return std::nullopt;
        if (!w(k, "of")) return std::nullopt;
        ++k;
        if (auto c = cal_at(k); c && c->d) {
            if (c->d2 == c->d + 1) c->d2 = 0;  // "the night of March 17-18" began on the 17th
            return Hit{c->end, cal_span(*c)};
        }
        return weekday(k);
    }

    // "earlier in May": the month, up to publication when it is the publication month.
    std::optional<Hit> earlier_in(std::size_t j) const {
        if (!w(j, "earlier") || !w(j + 1, "in")) return std::nullopt;
        const auto mo = month_at(j + 2);
        if (!mo || mo->abbr) return std::nullopt;
        Cal c;
        c.m = mo->month;
        c.end = mo->end;
        if (const auto yy = year_at(c.end)) {
            c.y = *yy;
            ++c.end;
        }
        DateSpan s = cal_span(c);
        if (!s.undated && m_pub && m_pub->year == s.first.year && m_pub->month == s.first.month) s.last = *m_pub;
        return Hit{c.end, s};
    }

    // "last May": the latest May before the publication month.
    std::optional<Hit> last_month_name(std::size_t j) const {
        if (!w(j, "last")) return std::nullopt;
        const auto mo = month_at(j + 1);
        if (!mo || mo->abbr) return std::nullopt;
        if (!m_pub) return Hit{mo->end, undated_span()};
        const int y = mo->month < m_pub->month ? m_pub->year : m_pub->year - 1;
        return Hit{mo->end, month_span(y, mo->month)};
    }

    // "since March 13", "since early May", "since 2011", "since Saturday": from then to publication.
    std::optional<Hit> since(std::size_t i) const {
        if (!w(i, "since")) return std::nullopt;
        const std::size_t k = i + 1;
        std::optional<Hit> start;
        auto consider = [&start](std::optional<Hit> h) {
            if (h && (!start || h->end > start->end)) start = std::move(h);
        };
        if (const auto th = third_at(k)) consider(Hit{th->end, third_span(*th)});
        if (const auto c = cal_at(k); c && !(c->m != 0 && c->d == 0 && c->y == 0 && c->abbr))
            consider(Hit{c->end, cal_span(*c)});
        consider(weekday(k));
        if (!start) return std::nullopt;
        if (!m_pub || start->span.undated) return Hit{start->end, undated_span()};
        return Hit{start->end, span_of(start->span.first, *m_pub, DatePrecision::Range)};
    }

    // "by mid-October", "by March 30", "by the end of May": a deadline ahead of publication, so
    // the span runs from publication to it and an unwritten year is this one or the next, whichever
    // is not before publication. "by October" means before October begins: the 1st.
    std::optional<Hit> by(std::size_t i) const {
        if (!w(i, "by")) return std::nullopt;
        const std::size_t k = i + 1;
        int m = 0, day = 0, y = 0;  // day -1: the month's last day (known once the year is)
        std::size_t end = 0;
        if (const auto th = third_at(k); th && th->m != 0) {
            m = th->m;
            y = th->y;
            end = th->end;
            day = th->part == Part::Start ? 1 : th->part == Part::Early ? 10 : th->part == Part::Mid ? 15 : -1;
        }
        if (const auto c = cal_at(k); c && c->m != 0 && c->end > end && (c->d != 0 || !c->abbr)) {
            m = c->m;
            y = c->y;
            end = c->end;
            day = c->d == 0 ? 1 : (c->d2 ? c->d2 : c->d);
        }
        if (m == 0) return std::nullopt;
        auto target = [&](int year) {
            return CivilDate{year, m, day < 0 ? dim(year, m) : std::min(day, dim(year, m))};
        };
        if (!m_pub) return Hit{end, undated_span()};
        if (y != 0) {
            const CivilDate t = target(y);
            if (t < *m_pub) return std::nullopt;  // a past deadline: let the date stand alone
            return Hit{end, span_of(*m_pub, t, DatePrecision::Range)};
        }
        CivilDate t = target(m_pub->year);
        if (t < *m_pub) t = target(m_pub->year + 1);
        return Hit{end, span_of(*m_pub, t, DatePrecision::Range)};
    }

    // "between March 10 and 15", "from March 10 to March 20", "between 10 and 15 March":
    // one range of days; the year, if written at the end, holds for both ends.
    std::optional<Hit> between(std::size_t i) const {
        const bool from = w(i, "from");
        if (!from && !w(i, "between")) return std::nullopt;
        std::size_t k = i + 1;
        auto joined = [&](std::size_t at) {
            return from ? (w(at, "to") || w(at, "until") || w(at, "till")) : w(at, "and");
        };
        Cal a, b;
        if (const auto c = cal_at(k); c && c->d != 0 && c->d2 == 0) {
            a = *c;  // "between March 10 and ..."
            k = c->end;
            if (!joined(k)) return std::nullopt;
            if (const auto c2 = cal_at(k + 1); c2 && c2->d != 0 && c2->d2 == 0) {
                b = *c2;
            } else if (const auto d2 = day_at(k + 1)) {
                b = a;  // "... and 15": the same month
                b.d = d2->day;
                b.end = d2->end;
                b.end = opt_year(b.end, b.y);
                if (b.y == 0) b.y = a.y;
            } else {
                return std::nullopt;
            }
        } else if (const auto d1 = day_at(k)) {
            // "between 10 and 15 March"
            if (!joined(d1->end)) return std::nullopt;
            const auto c2 = cal_at(d1->end + 1);
            if (!c2 || c2->d == 0 || c2->d2 != 0) return std::nullopt;
            b = *c2;
            a = b;
            a.d = d1->day;
        } else {
            return std::nullopt;
        }
        if (a.y == 0) a.y = b.y;
        if (!days_fit(a) || !days_fit(b)) return std::nullopt;
        DateSpan sa = cal_span(a);
        if (a.y == 0 && b.y == 0 && !sa.undated) {
            // The start fixes the year; the end follows it, into the next year if it must.
            b.y = sa.first.year;
            if (CivilDate{b.y, b.m, b.d} < sa.first) ++b.y;
        }
        const DateSpan sb = cal_span(b);
        if (sa.undated || sb.undated) return Hit{b.end, undated_span()};
        if (sb.first < sa.first) return std::nullopt;
        return Hit{b.end, span_of(sa.first, sb.last, DatePrecision::Range)};
    }

    std::string_view m_s;
    std::vector<Tok> m_t;
    std::optional<CivilDate> m_pub;
    std::optional<DateSpan> m_prev;
};

}  // namespace
}  // namespace detail

// [SECTION] public API

std::vector<DateMention> find_dates(std::string_view sentence, const DateContext& ctx) {
    return detail::Scanner(sentence, ctx).run();
}

std::optional<CivilDate> parse_publication_date(std::string_view line) {
    // Without a context only dates that carry their year come out dated; a header's date is a day.
    for (const auto& m : find_dates(line, DateContext{})) {
        if (!m.span.undated && m.span.precision == DatePrecision::Day && m.span.first == m.span.last)
            return m.span.first;
    }
    return std::nullopt;
}

}  // namespace cm::ex
