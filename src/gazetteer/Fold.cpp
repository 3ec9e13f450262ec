// conflictmap gazetteer: name folding. See Fold.h for the rules; the tables below carry the
// facts (Unicode letters -> base letters; Arabic letters -> the Latin letters reports use).
#include "gazetteer/Fold.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "core/Utf8.h"

namespace cm::gaz {

namespace detail {

// Base letters of U+00C0..U+024F (Latin-1 Supplement, Extended-A and -B) and U+1E00..U+1EFF
// (Latin Extended Additional), from Unicode's canonical decompositions; '.' = not a letter.
// Generated once with Python's unicodedata (NFKD, combining marks dropped).
constexpr std::string_view kLatinBase =
    "aaaaaaaceeeeiiiidnooooo.ouuuuytsaaaaaaaceeeeiiiidnooooo.ouuuuyty"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
    "lllnnnnnn.nnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs"
    "................................oo.............uu..............."
    "....dddlllnnnaaiioouuuuuuuuuu.aaaa....ggkkoooo..jdddgg..nnaa...."
    "aaaaeeeeiiiioooorrrruuuusstt..hh......aaeeooooooooyy............"
    "................";
static_assert(kLatinBase.size() == 0x24F - 0xC0 + 1);
constexpr std::string_view kLatinExtAdd =
    "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm"
    "mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv"
    "wwwwwwwwwwxxxxyyzzzzzzhtwyas..s.aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee"
    "eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......";
static_assert(kLatinExtAdd.size() == 0x100);

/// Arabic letters U+0621..U+064A as Latin (empty: dropped). Article handling is done on words.
constexpr std::array<std::string_view, 0x64B - 0x621> kArabic = {
    "",   "a",  "a",  "w",  "i",  "y",  "a",  "b",  "a",  "t",   // 0621 hamza .. 062A ta
    "th", "j",  "h",  "kh", "d",  "dh", "r",  "z",  "s",  "sh",  // 062B tha .. 0634 shin
    "s",  "d",  "t",  "z",  "",   "gh", "",   "",   "",   "",    // 0635 sad .. 063E
    "",   "",   "f",  "q",  "k",  "l",  "m",  "n",  "h",  "w",   // 063F .. 0648 waw
    "a",  "y"};                                                   // 0649 alif maqsura, 064A ya

bool is_apostrophe(char32_t c) {
    return c == '\'' || c == '`' || c == 0x2018 || c == 0x2019 || c == 0x201B || c == 0x2032 ||
           c == 0x02BB || c == 0x02BC || c == 0x02BE || c == 0x02BF || c == 0x02C8 || c == 0x00B4;
}

/// Appends the folded letters of one code point to out; returns false for a word break.
bool fold_codepoint(char32_t c, std::string& out) {
    if (c < 0x80) {
        if (c >= 'A' && c <= 'Z') { out += static_cast<char>(c - 'A' + 'a'); return true; }
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) { out += static_cast<char>(c); return true; }
        return is_apostrophe(c);  // apostrophes join, everything else breaks words
    }
    if (is_apostrophe(c)) return true;
    if (c >= 0x300 && c <= 0x36F) return true;  // combining marks
    if (c >= 0xC0 && c <= 0x24F) {
        const char b = kLatinBase[c - 0xC0];
        if (b == '.') return false;
        out += b;
        if (c == 0xDF) out += 's';
        return true;
    }
    if (c >= 0x1E00 && c <= 0x1EFF) {
        const char b = kLatinExtAdd[c - 0x1E00];
        if (b != '.') out += b;
        return b != '.';
    }
    if (c >= 0x621 && c <= 0x64A) { out += kArabic[c - 0x621]; return true; }
    if ((c >= 0x64B && c <= 0x65F) || c == 0x670 || c == 0x640) return true;  // harakat, tatweel
    if (c == 0x67E) { out += 'p'; return true; }  // Persian letters sometimes seen in names
    if (c == 0x686) { out += "ch"; return true; }
    if (c == 0x698) { out += "zh"; return true; }
    if (c == 0x6AF) { out += 'g'; return true; }
    if (c == 0x6A9) { out += 'k'; return true; }
    if (c == 0x6CC) { out += 'y'; return true; }
    if (c >= 0x370) {  // other scripts: keep as is so exact matches on them still work
        if (c >= 0x2000 && c <= 0x206F) return false;  // general punctuation (dashes, quotes)
        if (c >= 0x3000 && c <= 0x303F) return false;
        utf8_append(out, c);
        return true;
    }
    return false;  // other punctuation and symbols
}

bool is_vowel(char c);

bool is_article(std::string_view w) {
    if (w.size() < 2 || w.size() > 3 || !(w[0] == 'a' || w[0] == 'e' || w[0] == 'u' || w[0] == 'i')) return false;
    static constexpr std::array<std::string_view, 20> kArticles = {
        "al", "el", "ad", "ar", "as", "ash", "at", "az", "adh", "an",
        "ath", "ed", "er", "es", "et", "ez", "en", "esh", "ul", "il"};
    return std::find(kArticles.begin(), kArticles.end(), w) != kArticles.end();
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

/// Words that differ only by where the article was glued: "ezzor" (ez-Zor) -> "zor".
std::string_view unglue_article(std::string_view w) {
    if (w.size() > 4 && (w[0] == 'a' || w[0] == 'e') && !is_vowel(w[1]) && w[1] == w[2] &&
        std::string_view("tdrzsnl").find(w[1]) != std::string_view::npos)
        w.remove_prefix(2);
    return w;
}

/// "Abu Kamal", "Albu Kamal", "Al-Bukamal", "Alboukamal" all become "bu ...": returns the
/// prefix to replace by "bu" (empty if none).
std::string_view abu_prefix(std::string_view w) {
    if (w.size() < 3 || w[0] != 'a') return {};
    for (std::string_view p : {"albou", "albu", "abou", "abu"})
        if (w.size() >= p.size() && w.substr(0, p.size()) == p) return w.substr(0, p.size());
    return {};
}

}  // namespace detail

std::string fold_name(std::string_view name) {
    using namespace detail;
    // Pass 1: folded letters of every word into one buffer, with word spans.
    struct Word {
        std::uint32_t begin, end;
        bool arabic, article;
    };
    std::string buf;
    buf.reserve(name.size() + 8);
    // Names have a few words: keep their spans on the stack, spill to the heap for long text.
    constexpr std::size_t kInline = 24;
    Word inline_words[kInline];
    std::vector<Word> spilled;
    std::size_t nwords = 0;
    auto word_at = [&](std::size_t k) -> Word& { return k < kInline ? inline_words[k] : spilled[k - kInline]; };
    std::size_t start = 0;
    bool arabic = false, arabic_article = false;
    auto flush = [&] {
        if (buf.size() > start) {
            const Word w{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(buf.size()), arabic, arabic_article};
            if (nwords < kInline) inline_words[nwords] = w;
            else spilled.push_back(w);
            ++nwords;
        }
        start = buf.size();
        arabic = arabic_article = false;
    };
    for (std::size_t i = 0; i < name.size();) {
        const auto b = static_cast<unsigned char>(name[i]);
        if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')) {  // the common case, inline
            buf += static_cast<char>(b);
            ++i;
            continue;
        }
        const char32_t c = utf8_next(name, i);
        if (c == 0x627 && buf.size() == start && i < name.size()) {
            std::size_t j = i;
            if (utf8_next(name, j) == 0x644) arabic_article = true;  // alif-lam: the article
        }
        if (c >= 0x621 && c <= 0x64A) arabic = true;
        if (!fold_codepoint(c, buf)) flush();
    }
    flush();

    // Pass 2: drop articles, unglue "ezzor", unify Abu/Albu; join with single spaces.
    std::string out;
    out.reserve(buf.size() + nwords);
    for (std::size_t k = 0; k < nwords; ++k) {
        const Word& wd = word_at(k);
        std::string_view w(buf.data() + wd.begin, wd.end - wd.begin);
        const bool last = k + 1 == nwords;
        // An Arabic-script word beginning with alif-lam is an article + noun.
        if (wd.article && w.size() > 3 && w.substr(0, 2) == "al") w.remove_prefix(2);
        if (is_article(w) && !last) continue;  // "al Bab" -> "bab"; a lone "al" stays
        if (k > 0 && !wd.arabic) w = unglue_article(w);
        const std::string_view abu = abu_prefix(w);
        if (!abu.empty()) w.remove_prefix(abu.size());
        if (w.empty() && abu.empty()) continue;
        if (!out.empty()) out += ' ';
        if (!abu.empty()) out += "bu";
        out += w;
    }
    return out;
}

std::string skeleton_of_folded(std::string_view folded) {
    using namespace detail;
    std::string out;
    out.reserve(folded.size());
    std::string m;  // the current word mapped to consonant classes; '*' marks a vowel
    std::size_t wstart = 0;
    while (wstart <= folded.size()) {
        std::size_t wend = folded.find(' ', wstart);
        if (wend == std::string_view::npos) wend = folded.size();
        const std::string_view w = folded.substr(wstart, wend - wstart);
        m.clear();
        for (std::size_t i = 0; i < w.size(); ++i) {
            const char c = w[i];
            const char n = i + 1 < w.size() ? w[i + 1] : '\0';
            if (n == 'h' && std::string_view("kgstdcp").find(c) != std::string_view::npos) {
                static constexpr std::string_view from = "kgstdcp", to = "hgstzsf";
                m += to[from.find(c)];
                ++i;
                continue;
            }
            if (c == 'q' || c == 'c') { m += 'k'; continue; }
            if (is_vowel(c)) { m += '*'; continue; }
            if ((c == 'y' || c == 'w') && i > 0) { m += '*'; continue; }
            m += c;
        }
        // Word-final h after a vowel is the -eh/-ah/-a ending: drop it.
        if (m.size() >= 2 && m.back() == 'h' && m[m.size() - 2] == '*') m.pop_back();
        char prev = '\0';
        for (char c : m) {
            if (c == '*') { prev = '*'; continue; }
            if (c == prev) continue;  // doubled letters collapse (not across a vowel)
            out += c;
            prev = c;
        }
        wstart = wend + 1;
    }
    return out;
}

std::string skeleton(std::string_view name) { return skeleton_of_folded(fold_name(name)); }

int edit_distance(std::string_view a, std::string_view b, int max_distance) {
    const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
    if (std::abs(n - m) > max_distance) return max_distance + 1;
    // Three rows for the transposition step; on the stack for the short strings names are.
    constexpr int kStack = 64;
    int stack_rows[3][kStack + 1];
    std::vector<int> heap;
    int *prev2 = stack_rows[0], *prev = stack_rows[1], *cur = stack_rows[2];
    if (m > kStack) {
        heap.assign(3 * static_cast<std::size_t>(m + 1), 0);
        prev2 = heap.data();
        prev = prev2 + m + 1;
        cur = prev + m + 1;
    }
    for (int j = 0; j <= m; ++j) prev[j] = j;
    for (int i = 1; i <= n; ++i) {
        cur[0] = i;
        int row_min = cur[0];
        for (int j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = std::min(v, prev2[j - 2] + 1);
            cur[j] = v;
            row_min = std::min(row_min, v);
        }
        if (row_min > max_distance) return max_distance + 1;
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return std::min(prev[m], max_distance + 1);
}

}  // namespace cm::gaz
