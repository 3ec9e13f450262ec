// conflictmap extract: report loading and cleanup. Reports arrive as plain text, Markdown or HTML,
// often reprinted by aggregator sites that wrap the original in their own header (title, byline,
// dates, taxonomy) and footer (share and donation appeals, copyright, disclaimers, comment
// policies). This file turns such input into the report's own paragraphs, its sentences with
// byte spans, and the metadata the header gives away (title, outlet, publication date).
//
// Pipeline: decode bytes -> guess format -> blocks (HTML or Markdown/text) -> classify each block
// (header line, boilerplate, body) -> join paragraphs split mid-sentence -> drop repeats ->
// text + sentences. Every step is linear in the input, so a hostile file costs time in
// proportion to its size, which load_report caps.
//
// [SECTION] Decoding and small string helpers
// [SECTION] Format detection
// [SECTION] HTML to blocks
// [SECTION] Markdown and plain text to blocks
// [SECTION] Inline cleanup common to all formats (URLs, e-mail addresses)
// [SECTION] Block classification: header lines and boilerplate
// [SECTION] Paragraph repair: split paragraphs and repeats
// [SECTION] Sentences
// [SECTION] Public API
#include "extract/Report.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <system_error>
#include <unordered_set>

#include "core/Error.h"
#include "core/Utf8.h"
#include "extract/Dates.h"

namespace cm::ex {

namespace {

//-----------------------------------------------------------------------------------------------
// [SECTION] Decoding and small string helpers
//-----------------------------------------------------------------------------------------------

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return is_upper(c) || is_lower(c); }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
bool is_ascii_punct(char c) {
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
bool contains(std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; }

/// Case-insensitive (ASCII) search, for HTML tag names.
std::size_t ifind(std::string_view hay, std::string_view needle, std::size_t from) {
    if (needle.empty()) return from;
    for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
        std::size_t k = 0;
        while (k < needle.size()) {
            char a = hay[i + k], b = needle[k];
            if (is_upper(a)) a = static_cast<char>(a - 'A' + 'a');
            if (is_upper(b)) b = static_cast<char>(b - 'A' + 'a');
            if (a != b) break;
            ++k;
        }
        if (k == needle.size()) return i;
    }
    return std::string_view::npos;
}

/// Collapses runs of white space to one space and trims; paragraph text is always in this form.
std::string collapse_spaces(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending = false;
    for (char c : s) {
        if (is_space(c)) {
            pending = !out.empty();
            continue;
        }
        if (pending) out += ' ';
        pending = false;
        out += c;
    }
    return out;
}

std::size_t count_words(std::string_view s) {
    std::size_t n = 0;
    bool in_word = false;
    for (char c : s) {
        if (is_space(c)) in_word = false;
        else if (!in_word) { in_word = true; ++n; }
    }
    return n;
}

bool has_alnum(std::string_view s) {
    // Any non-ASCII byte counts: Arabic or accented text is content.
    return std::any_of(s.begin(), s.end(), [](char c) { return is_alnum(c) || static_cast<unsigned char>(c) >= 0x80; });
}

/// Lower-cased copy with typographic apostrophes and quotes folded to ASCII, so patterns like
/// "if you're able" match whichever the site used.
std::string fold_for_match(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const char32_t c = utf8_next(s, i);
        if (c == 0x2018 || c == 0x2019 || c == 0x02BC) out += '\'';
        else if (c == 0x201C || c == 0x201D || c == 0xAB || c == 0xBB) out += '"';
        else if (c == 0x2013 || c == 0x2014) out += '-';
        else if (c < 0x80) out += static_cast<char>(is_upper(static_cast<char>(c)) ? c - 'A' + 'a' : c);
        else utf8_append(out, c);
    }
    return out;
}

/// Bytes -> valid UTF-8 with "\n" line ends. Bad bytes become U+FFFD (counted in `repaired`),
/// tabs become spaces, other control characters and invisible format characters are dropped, and
/// no-break spaces become plain spaces (sites use them between words, as in seed 001).
std::string decode(std::string_view raw, std::size_t& repaired) {
    std::string out;
    out.reserve(raw.size());
    repaired = 0;
    for (std::size_t i = 0; i < raw.size();) {
        const std::size_t before = i;
        const char32_t c = utf8_next(raw, i);
        if (c == kReplacementChar && i - before == 1) ++repaired;
        if (c == '\r') {
            if (i < raw.size() && raw[i] == '\n') continue;  // CRLF
            out += '\n';                                     // old Mac line end
        } else if (c == '\n') {
            out += '\n';
        } else if (c == '\t' || c == '\f' || c == '\v' || c == 0xA0 || c == 0x202F || c == 0x2007 ||
                   (c >= 0x2000 && c <= 0x200A)) {
            out += ' ';
        } else if (c == 0x2028) {
            out += '\n';
        } else if (c == 0x2029) {
            out += "\n\n";
        } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0xAD || c == 0x200B ||
                   c == 0x200C || c == 0x200D || c == 0x200E || c == 0x200F || c == 0x2060 || c == 0xFEFF) {
            // control characters and invisible marks: nothing a reader sees
        } else {
            utf8_append(out, c);
        }
    }
    return out;
}

/// A paragraph candidate before classification.
struct Block {
    std::string text;     ///< single-spaced
    std::string raw;      ///< the source before link and URL removal (video URLs are told by it)
    int heading = 0;      ///< 1..6 for headings
};

//-----------------------------------------------------------------------------------------------
// [SECTION] Format detection
//-----------------------------------------------------------------------------------------------

ReportFormat detect_format(std::string_view s) {
    // A handful of structural tags is proof enough of HTML; prose never writes "<p>" or "<div".
    // One pass over the '<' in the text (not one case-insensitive scan per tag).
    for (std::size_t lt = s.find('<'); lt != std::string_view::npos; lt = s.find('<', lt + 1)) {
        const std::string_view at = s.substr(lt, 15);
        for (std::string_view tag : {"<html", "<body", "<!doctype html", "<p>", "<p ", "</p>", "<div", "<br", "<article"}) {
            if (at.size() < tag.size()) continue;
            bool same = true;
            for (std::size_t k = 0; k < tag.size() && same; ++k) same = ascii_lower(at[k]) == tag[k];
            if (same) return ReportFormat::Html;
        }
    }
    // Markdown: a link "[text](url)", a "# heading", strong emphasis, or backslash escapes.
    std::size_t line_start = 0;
    while (line_start < s.size()) {
        std::size_t line_end = s.find('\n', line_start);
        if (line_end == std::string_view::npos) line_end = s.size();
        const std::string_view line = trim(s.substr(line_start, line_end - line_start));
        if (line.size() >= 2 && line[0] == '#' && (line[1] == ' ' || line[1] == '#')) return ReportFormat::Markdown;
        const std::size_t close = line.find("](");
        if (close != std::string_view::npos && line.rfind('[', close) != std::string_view::npos &&
            line.find(')', close) != std::string_view::npos)
            return ReportFormat::Markdown;
        if (contains(line, "**") || contains(line, "\\$") || contains(line, "\\*") || contains(line, "\\_"))
            return ReportFormat::Markdown;
        line_start = line_end + 1;
    }
    return ReportFormat::Text;
}

//-----------------------------------------------------------------------------------------------
// [SECTION] HTML to blocks
//-----------------------------------------------------------------------------------------------

/// Appends the decoded character entity at s[i] ('&'), advancing i; unknown ones stay literal.
void decode_entity(std::string_view s, std::size_t& i, std::string& out) {
    // Entities are short; looking further would make "&&&&..." quadratic.
    const std::size_t semi = s.substr(0, std::min(s.size(), i + 14)).find(';', i + 1);
    if (semi == std::string_view::npos) {
        out += s[i++];
        return;
    }
    const std::string_view name = s.substr(i + 1, semi - i - 1);
    if (!name.empty() && name[0] == '#') {
        const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
        const std::string_view digits = name.substr(hex ? 2 : 1);
        char32_t v = 0;
        bool ok = !digits.empty();
        for (char c : digits) {
            int d = is_digit(c) ? c - '0' : (hex && c >= 'a' && c <= 'f') ? c - 'a' + 10 : (hex && c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
            if (d < 0 || v > 0x10FFFF) { ok = false; break; }
            v = v * (hex ? 16 : 10) + static_cast<char32_t>(d);
        }
        if (!ok) {
            out += s[i++];
            return;
        }
        i = semi + 1;
        if (v == 0xA0 || v == '\t' || v == '\n') out += ' ';
        else if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) utf8_append(out, kReplacementChar);
        else if (v < 0x20 || v == 0x7F || (v >= 0x80 && v < 0xA0) || v == 0xAD || v == 0x200B || v == 0xFEFF) {}
        else utf8_append(out, v);
        return;
    }
    static const std::map<std::string_view, char32_t> kNamed = {
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", ' '},
        {"ndash", 0x2013}, {"mdash", 0x2014}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C},
        {"rdquo", 0x201D}, {"hellip", 0x2026}, {"laquo", 0xAB}, {"raquo", 0xBB}, {"copy", 0xA9},
        {"reg", 0xAE}, {"trade", 0x2122}, {"deg", 0xB0}, {"middot", 0xB7}, {"bull", 0x2022},
        {"times", 0xD7}, {"eacute", 0xE9}, {"egrave", 0xE8}, {"aacute", 0xE1}, {"agrave", 0xE0},
        {"iacute", 0xED}, {"oacute", 0xF3}, {"uacute", 0xFA}, {"ccedil", 0xE7}, {"uuml", 0xFC},
        {"ouml", 0xF6}, {"auml", 0xE4}, {"shy", 0}, {"zwnj", 0}, {"zwj", 0}, {"lrm", 0}, {"rlm", 0}};
    const auto it = kNamed.find(name);
    if (it == kNamed.end()) {
        out += s[i++];
        return;
    }
    i = semi + 1;
    if (it->second != 0) utf8_append(out, it->second);
}

std::string decode_entities(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == '&') decode_entity(s, i, out);
        else out += s[i++];
    }
    return out;
}

/// One parsed tag: <name attrs> or </name>.
struct Tag {
    std::string name;  ///< lower case
    bool closing = false;
    std::string_view attrs;
    std::size_t end = 0;  ///< index after '>'
};

/// Parses a tag at s[i] == '<'. A tag may not contain '<' (even quoted), which keeps the scan
/// linear on garbage like "<<<<" and costs nothing on real pages.
std::optional<Tag> parse_tag(std::string_view s, std::size_t i) {
    std::size_t j = i + 1;
    Tag t;
    if (j < s.size() && s[j] == '/') { t.closing = true; ++j; }
    const std::size_t name_start = j;
    while (j < s.size() && (is_alnum(s[j]) || s[j] == '-' || s[j] == ':')) ++j;
    if (j == name_start || !is_alpha(s[name_start])) return std::nullopt;
    t.name = ascii_lower(s.substr(name_start, j - name_start));
    const std::size_t attrs_start = j;
    char quote = 0;
    for (; j < s.size(); ++j) {
        const char c = s[j];
        if (c == '<') return std::nullopt;
        if (quote) { if (c == quote) quote = 0; continue; }
        if (c == '"' || c == '\'') quote = c;
        else if (c == '>') break;
    }
    if (j >= s.size()) return std::nullopt;
    t.attrs = s.substr(attrs_start, j - attrs_start);
    t.end = j + 1;
    return t;
}

/// The value of attribute `name` in a tag's attribute text, entities decoded.
std::string attr_value(std::string_view attrs, std::string_view name) {
    for (std::size_t p = ifind(attrs, name, 0); p != std::string_view::npos; p = ifind(attrs, name, p + 1)) {
        if (p > 0 && !is_space(attrs[p - 1])) continue;
        std::size_t q = p + name.size();
        while (q < attrs.size() && is_space(attrs[q])) ++q;
        if (q >= attrs.size() || attrs[q] != '=') continue;
        ++q;
        while (q < attrs.size() && is_space(attrs[q])) ++q;
        if (q >= attrs.size()) return {};
        if (attrs[q] == '"' || attrs[q] == '\'') {
            const std::size_t e = attrs.find(attrs[q], q + 1);
            return decode_entities(attrs.substr(q + 1, (e == std::string_view::npos ? attrs.size() : e) - q - 1));
        }
        std::size_t e = q;
        while (e < attrs.size() && !is_space(attrs[e])) ++e;
        return decode_entities(attrs.substr(q, e - q));
    }
    return {};
}

/// What the page says about itself outside the body text (<title>, <h1>, <meta>, <time>).
struct HtmlMeta {
    std::string title, site;
    std::vector<std::string> dates;  ///< ISO strings from <meta> dates, else the first <time datetime>
};

bool is_block_tag(const std::string& n) {
    static const std::unordered_set<std::string> kBlock = {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section",
        "article", "main", "figure", "figcaption", "pre", "hr", "table", "tr", "dd", "dt", "dl", "address",
        "body", "center"};
    return kBlock.count(n) > 0;
}

/// Elements whose content is never the report: code, styling, navigation, site chrome, forms.
bool is_skipped_tag(const std::string& n) {
    static const std::unordered_set<std::string> kSkip = {
        "script", "style", "nav", "header", "footer", "noscript", "template", "svg", "form",
        "button", "select", "iframe", "aside", "head", "title"};
    return kSkip.count(n) > 0;
}

/// Finds "<name" or "</name" as a whole tag name ("<head" must not match "<header").
std::size_t find_tag_start(std::string_view s, std::string_view prefix, std::size_t from) {
    for (std::size_t p = ifind(s, prefix, from); p != std::string_view::npos; p = ifind(s, prefix, p + 1)) {
        const std::size_t after = p + prefix.size();
        if (after >= s.size() || !(is_alnum(s[after]) || s[after] == '-' || s[after] == ':')) return p;
    }
    return std::string_view::npos;
}

/// Strips tags from a small fragment (the inside of <h1> or <title>).
std::string fragment_text(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == '<') {
            if (auto t = parse_tag(s, i)) { i = t->end; out += ' '; continue; }
        }
        if (s[i] == '&') decode_entity(s, i, out);
        else out += s[i++];
    }
    return collapse_spaces(out);
}

/// Reads title, site name and dates from the whole page, including parts the body walk skips
/// (an article's <h1> and <time> often sit inside its <header>).
HtmlMeta html_meta(std::string_view s) {
    HtmlMeta m;
    std::string title_tag, first_time;
    bool tried_h1 = false, tried_title = false;  // only the first of each: a page of "<h1>"s stays linear
    for (std::size_t i = s.find('<'); i != std::string_view::npos; i = s.find('<', i + 1)) {
        const auto t = parse_tag(s, i);
        if (!t || t->closing) continue;
        if ((t->name == "h1" && !tried_h1) || (t->name == "title" && !tried_title)) {
            (t->name == "h1" ? tried_h1 : tried_title) = true;
            const std::size_t close = find_tag_start(s, "</" + t->name, t->end);
            if (close == std::string_view::npos || close - t->end > 2000) continue;
            (t->name == "h1" ? m.title : title_tag) = fragment_text(s.substr(t->end, close - t->end));
        } else if (t->name == "meta") {
            const std::string prop = ascii_lower(attr_value(t->attrs, "property") + attr_value(t->attrs, "name"));
            const std::string content = collapse_spaces(attr_value(t->attrs, "content"));
            if ((prop == "og:site_name" || prop == "application-name") && m.site.empty()) m.site = content;
            else if (prop == "article:published_time" || prop == "date" || prop == "pubdate" ||
                     prop == "dc.date" || prop == "publish-date")
                m.dates.push_back(content);
        } else if (t->name == "time" && first_time.empty()) {
            first_time = attr_value(t->attrs, "datetime");
        }
    }
    // The page's own <meta> date when it has one; else its first <time>, which is the article's
    // (later ones date comments and related stories).
    if (m.dates.empty() && !first_time.empty()) m.dates.push_back(first_time);
    if (m.title.empty() && !title_tag.empty()) {
        // "<title>Headline | Site</title>": the headline is the part before the site's name.
        std::string t = title_tag;
        for (const char* sep : {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 "}) {
            const auto p = t.find(sep);
            if (p != std::string::npos && p > 0) t = t.substr(0, p);
        }
        m.title = t;
    }
    return m;
}

/// Walks the page: text nodes are collected with their white space collapsed (HTML ignores line
/// breaks), block tags end a paragraph, skipped elements vanish with their content.
std::vector<Block> html_blocks(std::string_view s) {
    std::vector<Block> blocks;
    std::string cur;
    int heading = 0;
    auto flush = [&] {
        std::string t = collapse_spaces(cur);
        if (!t.empty()) blocks.push_back({t, t, heading});
        cur.clear();
        heading = 0;
    };
    // Remembers, per element name, a position after which no closing tag exists, so unclosed
    // elements repeated many times do not make the walk quadratic.
    std::map<std::string, std::size_t> no_close_after;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == '<') {
            if (s.compare(i, 4, "<!--") == 0) {
                const std::size_t e = s.find("-->", i + 4);
                i = e == std::string_view::npos ? s.size() : e + 3;
                continue;
            }
            if (i + 1 < s.size() && (s[i + 1] == '!' || s[i + 1] == '?')) {  // doctype, CDATA, PI
                const std::size_t e = s.find('>', i + 1);
                i = e == std::string_view::npos ? s.size() : e + 1;
                continue;
            }
            const auto t = parse_tag(s, i);
            if (!t) {
                cur += c;
                ++i;
                continue;
            }
            i = t->end;
            if (!t->closing && is_skipped_tag(t->name) && !ends_with(t->attrs, "/")) {
                // Find the matching close, counting nested elements of the same name.
                const auto known = no_close_after.find(t->name);
                if (known != no_close_after.end() && known->second <= i) continue;
                int depth = 1;
                std::size_t p = i;
                const std::string open = "<" + t->name, close = "</" + t->name;
                const bool raw_text = t->name == "script" || t->name == "style";
                // Both searches only move forward, so nesting costs one pass.
                std::size_t pc = find_tag_start(s, close, p);
                while (depth > 0 && pc != std::string_view::npos) {
                    const std::size_t po = raw_text ? std::string_view::npos : find_tag_start(s.substr(0, pc), open, p);
                    if (po != std::string_view::npos) { ++depth; p = po + open.size(); continue; }
                    --depth;
                    p = pc + close.size();
                    if (depth > 0) pc = find_tag_start(s, close, p);
                }
                if (depth > 0) {
                    // Unclosed: script and style swallow the rest as browsers do; site chrome
                    // tags are only dropped as tags, never taking the report with them.
                    no_close_after[t->name] = i;
                    if (raw_text) i = s.size();
                    continue;
                }
                const std::size_t gt = s.find('>', p);
                i = gt == std::string_view::npos ? s.size() : gt + 1;
                flush();  // the skipped element stood between paragraphs
                continue;
            }
            if (t->name.size() == 2 && t->name[0] == 'h' && t->name[1] >= '1' && t->name[1] <= '6') {
                flush();
                if (!t->closing) heading = t->name[1] - '0';
            } else if (is_block_tag(t->name)) {
                flush();
            } else if (t->name == "td" || t->name == "th") {
                cur += ' ';
            }
            continue;
        }
        if (c == '&') decode_entity(s, i, cur);
        else { cur += c; ++i; }
    }
    flush();
    return blocks;
}

//-----------------------------------------------------------------------------------------------
// [SECTION] Markdown and plain text to blocks
//-----------------------------------------------------------------------------------------------

/// Is the run of emphasis characters s[b, e) at a word edge (opening or closing)? Interior ones
/// (snake_case, 5*3) and free-standing ones (a lone "*") are text.
bool emphasis_at_edge(std::string_view s, std::size_t b, std::size_t e) {
    const bool space_before = b == 0 || is_space(s[b - 1]) || (is_ascii_punct(s[b - 1]) && s[b - 1] != s[b]);
    const bool space_after = e >= s.size() || is_space(s[e]) || (is_ascii_punct(s[e]) && s[e] != s[b]);
    const bool opening = space_before && !(e >= s.size() || is_space(s[e]));
    const bool closing = space_after && !(b == 0 || is_space(s[b - 1]));
    return opening || closing;
}

/// Markdown inline markup of one line to plain text: links and images, autolinks, escapes,
/// emphasis, code spans. URLs left bare are removed later with everyone else's.
std::string markdown_inline(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    // Cached next positions of ']' and ')', so that "[[[[" on a long line stays linear.
    std::size_t next_bracket = s.find(']'), next_paren = s.find(')'), next_angle = s.find('>');
    auto find_cached = [&](std::size_t& cache, char ch, std::size_t from) {
        if (cache != std::string_view::npos && cache < from) cache = s.find(ch, from);
        return cache;
    };
    for (std::size_t i = 0; i < s.size();) {
        const char c = s[i];
        if (c == '\\' && i + 1 < s.size() && is_ascii_punct(s[i + 1])) {
            out += s[i + 1];
            i += 2;
            continue;
        }
        if (c == '`') {  // code span markers: keep the words
            ++i;
            continue;
        }
        const bool image = c == '!' && i + 1 < s.size() && s[i + 1] == '[';
        if (c == '[' || image) {
            const std::size_t open = image ? i + 1 : i;
            const std::size_t close = find_cached(next_bracket, ']', open + 1);
            if (close != std::string_view::npos && close + 1 < s.size() && s[close + 1] == '(') {
                const std::size_t paren = find_cached(next_paren, ')', close + 2);
                if (paren != std::string_view::npos) {
                    if (!image) out += markdown_inline(s.substr(open + 1, close - open - 1));
                    i = paren + 1;
                    continue;
                }
            }
            out += c;
            ++i;
            continue;
        }
        if (c == '<') {  // autolink <http://...>: the URL goes, as all URLs do
            const std::size_t gt = find_cached(next_angle, '>', i);
            const bool near = gt != std::string_view::npos && gt - i < 2048;  // a URL, not half the line
            const std::string_view inner = near ? s.substr(i + 1, gt - i - 1) : std::string_view{};
            if (contains(inner, "://") && inner.find(' ') == std::string_view::npos) {
                i = gt + 1;
                continue;
            }
        }
        if (c == '*' || c == '_') {
            std::size_t e = i;
            while (e < s.size() && s[e] == c) ++e;
            if (emphasis_at_edge(s, i, e)) {
                i = e;
                continue;
            }
            out.append(s.substr(i, e - i));
            i = e;
            continue;
        }
        out += c;
        ++i;
    }
    return out;
}

/// Does the text end a sentence (. ! ? or an ellipsis, before any closing quotes or brackets)?
bool ends_sentence(std::string_view s) {
    // Strip closing quotes and brackets, then look for . ! ?
    while (!s.empty()) {
        const unsigned char b = static_cast<unsigned char>(s.back());
        if (s.back() == '"' || s.back() == '\'' || s.back() == ')' || s.back() == ']' || s.back() == '*') {
            s.remove_suffix(1);
        } else if (b >= 0x80 && (ends_with(s, "\xE2\x80\x9D") || ends_with(s, "\xE2\x80\x99") || ends_with(s, "\xC2\xBB"))) {
            s.remove_suffix(ends_with(s, "\xC2\xBB") ? 2 : 3);
        } else {
            break;
        }
    }
    if (ends_with(s, "\xE2\x80\xA6")) return true;  // ellipsis
    return !s.empty() && (s.back() == '.' || s.back() == '!' || s.back() == '?');
}

/// A line's length in code points (hard-wrap detection compares widths, not bytes).
std::size_t width(std::string_view s) {
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

/// Groups lines into paragraphs. Blank lines always separate. Inside a run of lines, a
/// hard-wrapped run (lines of similar, moderate width) is one paragraph; otherwise a line break
/// separates paragraphs (reports like seed 002 put one paragraph on each line) unless the next
/// line starts lower-case, which shows a sentence continuing.
std::vector<Block> line_blocks(std::string_view s, bool markdown) {
    struct Line {
        std::string text, raw;
        int heading = 0;
    };
    std::vector<Block> blocks;
    std::vector<Line> run;
    auto flush_run = [&] {
        if (run.empty()) return;
        // Hard wrapping: moderate widths, and most lines stop mid-sentence (a run of short
        // one-line paragraphs has the widths but ends every line with a full stop).
        std::size_t moderate = 0, too_wide = 0, mid_sentence = 0;
        for (std::size_t k = 0; k + 1 < run.size(); ++k) {
            const std::size_t w = width(run[k].raw);
            if (w > 110) ++too_wide;
            else if (w >= 35) ++moderate;
            if (!ends_sentence(run[k].text)) ++mid_sentence;
        }
        const std::size_t inner = run.size() - 1;
        const bool hard_wrapped = run.size() >= 3 && too_wide == 0 && moderate * 10 >= inner * 7 && mid_sentence * 2 >= inner;
        Block b;
        for (std::size_t k = 0; k < run.size(); ++k) {
            const Line& ln = run[k];
            bool join = false;
            if (k > 0 && ln.heading == 0 && run[k - 1].heading == 0) {
                const char first = ln.text.empty() ? ' ' : ln.text[0];
                join = hard_wrapped || is_lower(first);
            }
            if (!join && k > 0) {
                blocks.push_back(std::move(b));
                b = Block{};
            }
            if (join && !b.text.empty()) {
                // A hyphen at the end of a wrapped line is kept and closes up ("de-\nescalation").
                const bool hyphen = b.text.back() == '-' && b.text.size() > 1 && is_alpha(b.text[b.text.size() - 2]);
                if (!hyphen) b.text += ' ';
                b.raw += '\n';
            }
            b.text += ln.text;
            b.raw += ln.raw;
            b.heading = ln.heading;
        }
        blocks.push_back(std::move(b));
        run.clear();
    };
    for (const std::string& line_str : split(s, '\n')) {
        std::string_view line = trim(line_str);
        if (line.empty()) {
            flush_run();
            continue;
        }
        Line ln;
        ln.raw = std::string(line);
        if (markdown) {
            // Headings "## x ##", block quotes "> x", bullets "- x" / "* x" / "+ x".
            std::size_t hashes = 0;
            while (hashes < line.size() && line[hashes] == '#') ++hashes;
            if (hashes >= 1 && hashes <= 6 && (hashes == line.size() || line[hashes] == ' ')) {
                ln.heading = static_cast<int>(hashes);
                line = trim(line.substr(hashes));
                while (!line.empty() && line.back() == '#') line.remove_suffix(1);
                line = trim(line);
            }
            while (!line.empty() && line[0] == '>') line = trim(line.substr(1));
            if (line.size() >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && line[1] == ' ')
                line = trim(line.substr(2));
            ln.text = collapse_spaces(markdown_inline(line));
        } else {
            ln.text = collapse_spaces(line);
        }
        if (ln.heading) {  // a heading is a paragraph of its own
            flush_run();
            run.push_back(std::move(ln));
            flush_run();
            continue;
        }
        run.push_back(std::move(ln));
    }
    flush_run();
    return blocks;
}

//-----------------------------------------------------------------------------------------------
// [SECTION] Inline cleanup common to all formats (URLs, e-mail addresses)
//-----------------------------------------------------------------------------------------------

/// Removes bare URLs ("https://...", "www.x.y/..."), e-mail addresses and Cloudflare's
/// "[email protected]" placeholder: none of them is report text, and video links are
/// the usual leftover of embedded players.
std::string remove_urls(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    auto token_end = [&](std::size_t from) {
        while (from < s.size() && !is_space(s[from])) ++from;
        return from;
    };
    while (i < s.size()) {
        const bool after_space = i == 0 || is_space(s[i - 1]);
        const bool word_start = after_space || s[i - 1] == '(' || s[i - 1] == '<' || s[i - 1] == '"';
        if (word_start) {
            // Look at a few bytes first: only a real URL or address is scanned to its end, so
            // a long run of brackets costs linear time.
            // Most words start with no URL letter: skip the lower-casing for them.
            const char c0 = ascii_lower(s[i]);
            const std::string low = (c0 == 'h' || c0 == 'w' || c0 == 'f' || c0 == '[') ? ascii_lower(s.substr(i, 17)) : std::string();
            bool drop = false;
            std::size_t e = i;
            if (starts_with(low, "http://") || starts_with(low, "https://") || starts_with(low, "www.") ||
                starts_with(low, "ftp://")) {
                drop = true;
                e = token_end(i);
            } else if (low == "[email protected]") {
                drop = true;
                e = i + 17;
            } else if (after_space && is_alnum(s[i])) {  // e-mail address: name@host.tld
                e = token_end(i);
                const std::string_view tok = s.substr(i, e - i);
                const std::size_t at = tok.find('@');
                const std::size_t dot = at == std::string_view::npos ? at : tok.find('.', at);
                drop = at != std::string_view::npos && at + 1 < tok.size() && is_alnum(tok[at + 1]) &&
                       dot != std::string_view::npos && dot + 1 < tok.size() && is_alnum(tok[dot + 1]);
            }
            if (drop) {
                // Keep punctuation that ends the sentence ("see https://x.y." keeps the ".").
                while (e > i && (s[e - 1] == '.' || s[e - 1] == ',' || s[e - 1] == ';' || s[e - 1] == ')' ||
                                 s[e - 1] == '>' || s[e - 1] == '"' || s[e - 1] == '\'' || s[e - 1] == ':'))
                    --e;
                if (!out.empty() && (out.back() == '<' || out.back() == '(')) {
                    // "<url>" and "(url)": the brackets go with the URL
                    const char open = out.back();
                    const char want = open == '<' ? '>' : ')';
                    if (e < s.size() && s[e] == want) { out.pop_back(); ++e; }
                }
                i = e;
                continue;
            }
        }
        out += s[i++];
    }
    return collapse_spaces(out);
}

//-----------------------------------------------------------------------------------------------
// [SECTION] Block classification: header lines and boilerplate
//-----------------------------------------------------------------------------------------------

enum class Kind { Body, Title, TitleCandidate, Byline, DateLine, Taxonomy, Boilerplate, Empty };

struct Classified {
    Kind kind = Kind::Body;
    std::string text;
    std::string title;                ///< for Title
    std::optional<CivilDate> date;    ///< for DateLine
    std::string date_name;            ///< the name on a date line ("South Front")
};

/// Trims separators and spaces from both ends of a name read from a header line.
std::string clean_name(std::string_view s) {
    auto junk = [](char c) { return is_space(c) || c == ',' || c == ':' || c == '|' || c == '-' || c == '/' || c == '.' || c == '(' || c == ')'; };
    while (!s.empty() && junk(s.front())) s.remove_prefix(1);
    while (!s.empty() && junk(s.back())) s.remove_suffix(1);
    // Typographic dashes and bullets used as separators
    for (std::string_view sep : {"\xE2\x80\x93", "\xE2\x80\x94", "\xC2\xB7", "\xE2\x80\xA2", "\xC2\xA9"}) {
        if (starts_with(s, sep)) s.remove_prefix(sep.size());
        if (ends_with(s, sep)) s.remove_suffix(sep.size());
    }
    return std::string(trim(s));
}

bool is_month_word(std::string_view w) {
    static const std::unordered_set<std::string> kMonths = {
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"};
    std::string low = ascii_lower(w);
    while (!low.empty() && !is_alpha(low.back())) low.pop_back();
    return kMonths.count(low) > 0;
}

/// The name before the date on a header line: "Global Research, March 25, 2020" -> "Global
/// Research". Words like "Published" are labels, not names.
std::string date_line_name(std::string_view line) {
    std::size_t cut = line.size();
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && is_space(line[i])) ++i;
        std::size_t e = i;
        while (e < line.size() && !is_space(line[e])) ++e;
        const std::string_view w = line.substr(i, e - i);
        if ((!w.empty() && is_digit(w[0])) || is_month_word(w) ||
            (w.size() > 3 && is_month_word(w.substr(0, 3)) && w.find(',') != std::string_view::npos)) {
            cut = i;
            break;
        }
        i = e;
    }
    std::string name = clean_name(line.substr(0, cut));
    const std::string low = ascii_lower(name);
    static const std::unordered_set<std::string> kLabels = {
        "published", "updated", "posted", "date", "first published", "last updated", "published on",
        "posted on", "updated on", "on", "dated", "released", "monday", "tuesday", "wednesday", "thursday",
        "friday", "saturday", "sunday"};
    if (kLabels.count(low) || name.empty() || count_words(name) > 6) return {};
    return name;
}

/// Text after a case-insensitive prefix, cleaned as a name.
std::string after_prefix(std::string_view text, std::size_t prefix_len) {
    return clean_name(text.substr(std::min(prefix_len, text.size())));
}

/// Outlet candidates, best first by priority (lower wins): the reprint's "original source" line
/// names the original, then the name on the earliest date line, then copyright and site lines.
struct OutletVote {
    int priority = 100;
    std::string name;
};

void vote(OutletVote& best, int priority, std::string name) {
    // "The X team moderates all comments": the outlet is X's name, not its staff.
    for (std::string_view tail : {" team", " staff", " editors", " newsroom"})
        if (ends_with(ascii_lower(name), tail)) name.resize(name.size() - tail.size());
    if (name.empty() || count_words(name) > 6) return;
    if (priority < best.priority) best = {priority, std::move(name)};
}

/// The site's own name in its boilerplate ("Rudaw moderates all comments", "Become a Member of
/// Global Research", "Comment on Global Research Articles on our Facebook page").
void outlet_from_boilerplate(std::string_view text, std::string_view low, OutletVote& outlet) {
    if (starts_with(low, "the original source of this article is")) {
        vote(outlet, 1, after_prefix(text, std::string_view("the original source of this article is").size()));
        return;
    }
    if (starts_with(low, "copyright") || starts_with(low, "\xC2\xA9")) {
        std::string_view rest = text.substr(starts_with(low, "copyright") ? 9 : 2);
        rest = trim(rest);
        if (starts_with(rest, "\xC2\xA9")) rest = trim(rest.substr(2));
        if (starts_with(ascii_lower(rest), "(c)")) rest = trim(rest.substr(3));
        std::string name = clean_name(rest.substr(0, std::min(rest.find(','), rest.size())));
        // "Copyright © 2020 Rudaw" puts the year first
        while (!name.empty() && (is_digit(name[0]) || name[0] == ' ')) name.erase(0, 1);
        vote(outlet, 3, clean_name(name));
        return;
    }
    if (const auto p = low.find(" moderates all comments"); p != std::string_view::npos && p < 60)
        vote(outlet, 4, clean_name(text.substr(0, p)));
    if (starts_with(low, "become a member of")) vote(outlet, 4, after_prefix(text, 18));
    if (starts_with(low, "comment on ")) {
        const auto p = low.find(" articles");
        if (p != std::string_view::npos && p > 11) vote(outlet, 4, clean_name(text.substr(11, p - 11)));
    }
    if (starts_with(low, "articles by")) vote(outlet, 5, after_prefix(text, 11));
}

/// Is this paragraph the site's wrapping rather than the report? The patterns are those of the
/// genre (reprint sites, news sites with comment sections, self-published outlets asking for
/// money), not the sentences of one file; none fires on a plain event sentence.
bool is_boilerplate(std::string_view low, std::string_view raw_low) {
    const std::size_t words = count_words(low);
    auto any = [&](std::initializer_list<std::string_view> ps) {
        return std::any_of(ps.begin(), ps.end(), [&](std::string_view p) { return contains(low, p); });
    };
    auto starts = [&](std::initializer_list<std::string_view> ps) {
        return std::any_of(ps.begin(), ps.end(), [&](std::string_view p) { return starts_with(low, p); });
    };
    // Share and forward appeals
    if (starts({"note to readers"}) || any({"click the share buttons", "share buttons above", "forward this article",
                                             "crosspost on your"}))
        return true;
    // Donation appeals: a payment channel alone gives one away; softer phrases ("without your
    // help" may be quoted in a report) need a second one beside them.
    if (any({"paypal", "patreon", "become a patron", "buy me a coffee", "donate now", "make a donation"})) return true;
    int appeal = 0;
    for (std::string_view p : {"if you're able", "if you like our", "please support", "support our work", "support the project",
                               "support us", "without your help", "donate", "donation", "our work", "our journalism"})
        appeal += contains(low, p) ? 1 : 0;
    if (appeal >= 2) return true;
    if (starts({"support "}) && words <= 12 && any({" in its endeavors", " in its endeavours", " our ", " us "}))
        return true;
    // Provenance, copyright, membership, author pages
    if (starts({"the original source of this article", "become a member of", "copyright \xC2\xA9", "copyright (c)",
                "\xC2\xA9"}))
        return true;
    if (starts({"copyright"}) && words <= 20) return true;
    if (any({"all rights reserved"}) && words <= 30) return true;
    if (starts({"articles by", "more articles by", "related articles", "related posts", "you may also like",
                "read more:", "related:", "see also:", "recommended:"}) && words <= 20)
        return true;
    if (any({"our facebook page", "follow us on", "join our telegram", "subscribe to our", "sign up for our",
             "our newsletter"}) && words <= 30)
        return true;
    if (starts({"comment on "}) && words <= 15) return true;
    // Disclaimers and the fair-use notice
    if (starts({"disclaimer"}) || any({"contains copyrighted material", "of sole responsibility of the author",
                                        "do not necessarily reflect", "views expressed in this article"}))
        return true;
    if (contains(low, "fair use") && contains(low, "copyright")) return true;
    // Contact lines
    if (starts({"for media inquiries", "media inquiries", "press inquiries", "for inquiries", "contact us"}) && words <= 20)
        return true;
    // Comment sections and their policies
    static const std::unordered_set<std::string_view> kChrome = {
        "comments", "comment", "post a comment", "leave a comment", "add a comment", "leave a reply",
        "write a comment", "share", "share this", "share this article", "share this:", "print", "email",
        "tweet", "advertisement", "related", "read more", "watch", "listen", "tags", "top stories"};
    std::string_view bare = low;
    while (!bare.empty() && (bare.back() == ':' || bare.back() == '.' || bare.back() == ' ')) bare.remove_suffix(1);
    if (kChrome.count(bare)) return true;
    if (words <= 3 && (ends_with(bare, " comments") || starts_with(bare, "comments ("))) return true;
    if (any({"moderates all comments", "moderate all comments", "community guidelines", "will not tolerate the following",
             "comments that do not meet", "comments are not edited", "comment policy"}))
        return true;
    if ((contains(low, "comments") || contains(low, "your comment")) &&
        any({"moderat", "guideline", "we welcome", "relevant to the article", "approved or rejected", "be approved"}))
        return true;
    if (contains(low, "profanity") && any({"personal attacks", "threats", "abuse"})) return true;
    // Embedded video players leave their media URL and little else.
    if (any({".mp4", ".m3u8", ".webm"}) && words <= 3) return true;
    if ((contains(raw_low, ".mp4") || contains(raw_low, ".m3u8")) && words <= 3) return true;
    // A label whose link was all it had ("Watch: <url>", "Source: [x](url)" with empty text)
    if (words <= 2 && ends_with(low, ":") && (contains(raw_low, "://") || contains(raw_low, "]("))) return true;
    return false;
}

/// "Comments", "Comments (12)", "3 comments", "Leave a comment": the start of a comment section.
bool is_comment_heading(std::string_view low) {
    std::string_view bare = low;
    while (!bare.empty() && (bare.back() == ':' || bare.back() == '.' || bare.back() == ' ')) bare.remove_suffix(1);
    if (count_words(bare) > 3) return false;
    return bare == "comments" || bare == "comment" || starts_with(bare, "comments (") || ends_with(bare, " comments") ||
           ends_with(bare, " a comment") || bare == "leave a reply";
}

/// Classifies one block. Date lines are looked for in the header, and after it only in short
/// lines ("Published: ..." at the foot); at most `date_checks` times in all, as each costs a parse
/// and a real report has a handful.
Classified classify(const Block& b, bool in_header, int& date_checks) {
    Classified c;
    c.text = b.text;
    if (!has_alnum(b.text)) {  // separators ("*", "***", "---") and what URL removal emptied
        c.kind = Kind::Empty;
        return c;
    }
    const std::string low = fold_for_match(b.text);
    const std::size_t words = count_words(b.text);
    if (b.heading > 0) {
        c.kind = Kind::Title;
        c.title = b.text;
        return c;
    }
    // "Video: <title>" is how video reports are headed on reprint sites.
    for (std::string_view p : {"video:", "watch:"}) {
        if (starts_with(low, p) && words >= 3) {
            c.kind = Kind::Title;
            c.title = std::string(trim(std::string_view(b.text).substr(p.size())));
            return c;
        }
    }
    static const std::vector<std::string_view> kTaxonomy = {
        "region:", "regions:", "theme:", "themes:", "in-depth report:", "in-depth reports:", "topic:", "topics:",
        "tags:", "tag:", "category:", "categories:", "filed under:", "section:", "keywords:"};
    for (std::string_view p : kTaxonomy) {
        if (starts_with(low, p) && words <= 15) {
            c.kind = Kind::Taxonomy;
            return c;
        }
    }
    if (is_boilerplate(low, fold_for_match(b.raw))) {
        c.kind = Kind::Boilerplate;
        return c;
    }
    if (words <= 7 && b.text.size() <= 120 && !ends_sentence(b.text)) {
        for (std::string_view p : {"by ", "written by ", "reporting by ", "author:", "authors:"}) {
            if (starts_with(low, p)) {
                const std::string_view rest = trim(std::string_view(b.text).substr(p.size()));
                if (!rest.empty() && (is_upper(rest[0]) || static_cast<unsigned char>(rest[0]) >= 0x80)) {
                    c.kind = Kind::Byline;
                    return c;
                }
            }
        }
    }
    // Header lines are short in bytes too (a one-"word" megabyte of junk is not a date line),
    // and every date line has a digit; the caller says whether a date line can be here at all.
    const bool digit = std::any_of(b.text.begin(), b.text.end(), is_digit);
    if (digit && words <= (in_header ? 12u : 6u) && b.text.size() <= 160 && !ends_sentence(b.text) &&
        date_checks-- > 0) {
        // "Date: 5 May 2019" in a fact box is when the incident happened, not the publication.
        // So is any "label: date" whose label names an attack ("Previous attack on the hospital:
        // 21/01/2018" in a fact box list): no publication date and no outlet.
        std::string lowtext = ascii_lower(std::string_view(b.text).substr(0, 80));
        while (!lowtext.empty() && (lowtext[0] == '-' || lowtext[0] == '*' || lowtext[0] == ' ')) lowtext.erase(0, 1);
        bool incident_date = starts_with(lowtext, "date:") || starts_with(lowtext, "date of the attack") ||
                             starts_with(lowtext, "date of attack") || starts_with(lowtext, "date of the incident") ||
                             starts_with(lowtext, "date of incident");
        if (const std::size_t colon = lowtext.find(':'); colon != std::string::npos)
            for (const char* w : {"attack", "strike", "bombing", "shelling", "incident", "massacre", "explosion", "raid"})
                incident_date = incident_date || lowtext.substr(0, colon).find(w) != std::string::npos;
        if (const auto d = incident_date ? std::nullopt : parse_publication_date(b.text)) {
            c.kind = Kind::DateLine;
            c.date = d;
            c.date_name = date_line_name(b.text);
            return c;
        }
    }
    if (words >= 2 && words <= 20 && b.text.size() <= 250 && !ends_sentence(b.text)) c.kind = Kind::TitleCandidate;
    return c;
}

//-----------------------------------------------------------------------------------------------
// [SECTION] Paragraph repair: split paragraphs and repeats
//-----------------------------------------------------------------------------------------------

/// Joins a paragraph that stops mid-sentence with the next one when that one starts lower-case:
/// a stray blank line, as in pasted reports, must not cut a sentence in two.
std::vector<std::string> join_split_paragraphs(std::vector<std::string> paras, std::size_t& joined) {
    std::vector<std::string> out;
    joined = 0;
    for (auto& p : paras) {
        if (!out.empty() && !p.empty() && is_lower(p[0]) && !ends_sentence(out.back())) {
            out.back() += ' ';
            out.back() += p;
            ++joined;
        } else {
            out.push_back(std::move(p));
        }
    }
    return out;
}

/// The form two copies of a paragraph share: letters and digits, lower-cased, single-spaced.
std::string repeat_key(std::string_view p) {
    std::string key;
    const std::string low = fold_for_match(p);
    bool space = false;
    for (char c : low) {
        if (is_alnum(c) || static_cast<unsigned char>(c) >= 0x80) {
            if (space && !key.empty()) key += ' ';
            space = false;
            key += c;
        } else {
            space = true;
        }
    }
    return key;
}

std::vector<std::string> drop_repeats(std::vector<std::string> paras, std::size_t& dropped) {
    std::unordered_set<std::string> seen;
    std::vector<std::string> out;
    dropped = 0;
    for (auto& p : paras) {
        if (!seen.insert(repeat_key(p)).second) {
            ++dropped;
            continue;
        }
        out.push_back(std::move(p));
    }
    return out;
}

//-----------------------------------------------------------------------------------------------
// [SECTION] Sentences
//-----------------------------------------------------------------------------------------------

/// Does the word ending just before a '.' at `dot` make the dot an abbreviation's?
bool abbreviation_before(std::string_view text, std::size_t dot) {
    std::size_t b = dot;
    while (b > 0 && (is_alpha(text[b - 1]) || text[b - 1] == '.')) --b;
    const std::string_view tok = text.substr(b, dot - b);
    if (tok.empty()) return false;
    if (tok.size() == 1 && is_upper(tok[0])) return true;  // an initial: "J. Smith"
    if (tok == "No" || tok == "Nos") return true;         // "No. 5"; "no." in lower case ends sentences
    if (contains(tok, ".")) {
        // dotted forms: U.S, U.K, U.N, e.g, i.e, a.m, p.m, D.C — each piece one or two letters
        bool dotted = true;
        for (const std::string& piece : split(tok, '.'))
            if (piece.empty() || piece.size() > 2) dotted = false;
        if (dotted) return true;
    }
    static const std::unordered_set<std::string> kAbbrev = {
        "mr", "mrs", "ms", "dr", "st", "km", "vs", "gen", "lt", "col", "maj", "sgt", "capt", "cpt", "brig",
        "adm", "cmdr", "prof", "jr", "sr", "mt", "ft", "gov", "sen", "rep", "rev", "approx", "est", "vol",
        "fig", "al", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "cf", "ca", "lieut", "pvt", "cpl"};
    return kAbbrev.count(ascii_lower(tok)) > 0;
}

/// Can a sentence start at text[i]? Upper-case letters, digits, opening quotes and brackets, and
/// letters without case (Arabic) can; so can Arabic-article names like "al-Qaeda", which are
/// written lower-case at the start of a sentence too.
bool sentence_can_start(std::string_view text, std::size_t i) {
    if (i >= text.size()) return false;
    const char c = text[i];
    if (is_upper(c) || is_digit(c) || c == '"' || c == '\'' || c == '(' || c == '[') return true;
    if (is_lower(c)) {
        for (std::string_view art : {"al-", "el-", "ad-", "ar-", "as-", "ash-", "at-", "az-", "an-"}) {
            if (text.substr(i, art.size()) == art && i + art.size() < text.size() && is_upper(text[i + art.size()]))
                return true;
        }
        return false;
    }
    std::size_t j = i;
    const char32_t cp = utf8_next(text, j);
    if (cp == 0x201C || cp == 0x2018 || cp == 0xAB) return true;        // opening quotes
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return true;             // Latin-1 capitals
    if (cp >= 0x100 && cp <= 0x17F) return cp % 2 == 0;                  // Latin Extended-A capitals (mostly even)
    if (cp >= 0x0600 && cp <= 0x06FF) return true;                       // Arabic has no case
    return false;
}

/// Length of the closing quote or bracket at text[i], 0 if none.
std::size_t closer_len(std::string_view text, std::size_t i) {
    const char c = text[i];
    if (c == '"' || c == '\'' || c == ')' || c == ']') return 1;
    if (text.compare(i, 3, "\xE2\x80\x9D") == 0 || text.compare(i, 3, "\xE2\x80\x99") == 0) return 3;
    if (text.compare(i, 2, "\xC2\xBB") == 0) return 2;
    return 0;
}

}  // namespace

//-----------------------------------------------------------------------------------------------
// [SECTION] Public API
//-----------------------------------------------------------------------------------------------

std::vector<Sentence> split_sentences(std::string_view text) {
    std::vector<Sentence> out;
    std::size_t paragraph = 0;
    auto emit = [&](std::size_t b, std::size_t e) {
        while (b < e && is_space(text[b])) ++b;
        while (e > b && is_space(text[e - 1])) --e;
        if (e > b) out.push_back({b, e, paragraph});
    };
    std::size_t start = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\n') {
            // Any line break ends a sentence; a blank line (or more) also ends the paragraph.
            emit(start, i);
            std::size_t j = i;
            std::size_t newlines = 0;
            while (j < text.size() && is_space(text[j])) newlines += text[j++] == '\n';
            if (newlines >= 2) ++paragraph;
            start = i = j;
            continue;
        }
        if (c == '.' || c == '!' || c == '?') {
            std::size_t e = i + 1;
            while (e < text.size() && (text[e] == '.' || text[e] == '!' || text[e] == '?')) ++e;
            while (e < text.size()) {
                const std::size_t n = closer_len(text, e);
                if (n == 0) break;
                e += n;
            }
            std::size_t next = e;
            while (next < text.size() && text[next] == ' ') ++next;
            const bool boundary = next > e && sentence_can_start(text, next) &&
                                  !(c == '.' && e == i + 1 && abbreviation_before(text, i));
            if (boundary) {
                emit(start, e);
                start = next;
            }
            i = e;
            continue;
        }
        ++i;
    }
    emit(start, text.size());
    return out;
}

/// Reads a leading YAML front matter block ("---" ... "---") into meta (title, date) and returns
/// the text after it; without one, the text as it is.
std::string_view front_matter(std::string_view s, HtmlMeta& meta) {
    if (!starts_with(s, "---")) return s;
    std::size_t pos = s.find('\n');
    if (pos == std::string_view::npos || trim(s.substr(0, pos)) != "---") return s;
    ++pos;
    while (pos < s.size()) {
        std::size_t end = s.find('\n', pos);
        if (end == std::string_view::npos) end = s.size();
        const std::string_view line = trim(s.substr(pos, end - pos));
        pos = end + 1;
        if (line == "---" || line == "...") return s.substr(std::min(pos, s.size()));
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        const std::string key = ascii_lower(trim(line.substr(0, colon)));
        std::string value(trim(line.substr(colon + 1)));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
            value = value.substr(1, value.size() - 2);
        if (key == "title" && meta.title.empty()) meta.title = value;
        else if ((key == "date" || key == "published" || key == "pubdate") && value.size() >= 10) meta.dates.push_back(value);
    }
    return s;  // no closing line: not front matter
}

Report parse_report(std::string_view raw, std::string source, ReportFormat format) {
    Report r;
    r.source = std::move(source);
    if (raw.size() > kMaxReportBytes) {
        raw = raw.substr(0, kMaxReportBytes);
        r.notes.push_back("input cut to the first " + std::to_string(kMaxReportBytes) + " bytes");
    }
    std::size_t repaired = 0;
    const std::string s = decode(raw, repaired);
    if (repaired > 0) r.notes.push_back("repaired " + plural(repaired, "invalid UTF-8 byte", "invalid UTF-8 bytes"));
    if (format == ReportFormat::Auto) format = detect_format(s);

    std::vector<Block> blocks;
    HtmlMeta meta;
    if (format == ReportFormat::Html) {
        meta = html_meta(s);
        blocks = html_blocks(s);
    } else {
        // Markdown's YAML front matter ("---" lines around "title:", "date:", ...) is metadata,
        // as an HTML page's <meta> is: its title and date are the report's, and it is not text.
        std::string_view body_text = s;
        if (format == ReportFormat::Markdown || starts_with(s, "---\n") || starts_with(s, "---\r\n"))
            body_text = front_matter(s, meta);
        blocks = line_blocks(body_text, format == ReportFormat::Markdown || body_text.size() != s.size());
    }
    for (Block& b : blocks) b.text = remove_urls(b.text);

    // Classify, then settle the header: header lines (title, byline, dates) only count before
    // the first body paragraph; later look-alikes are body text.
    std::vector<Classified> cls;
    cls.reserve(blocks.size());

    OutletVote outlet;
    if (!meta.site.empty()) vote(outlet, 4, meta.site);
    r.title = meta.title;
    bool in_header = true;
    std::optional<std::size_t> title_candidate;
    bool header_confirmed = false;  // a byline or date line follows the candidate title
    bool in_comment_section = false;
    std::size_t boilerplate = 0;
    struct DateSeen {
        CivilDate date;
        std::string written, name;
    };
    std::vector<DateSeen> dates;
    for (const std::string& iso : meta.dates)
        if (auto d = CivilDate::parse_iso(iso.substr(0, std::min<std::size_t>(iso.size(), 10))))
            dates.push_back({*d, iso, {}});
    std::vector<std::size_t> body;  // indices of body paragraphs, in order

    int date_checks = 50;
    for (std::size_t k = 0; k < blocks.size(); ++k) {
        cls.push_back(classify(blocks[k], in_header, date_checks));
        Classified& c = cls[k];
        const std::string low = fold_for_match(c.text);
        switch (c.kind) {
            case Kind::Empty:
                break;
            case Kind::Boilerplate:
                ++boilerplate;
                in_comment_section = in_comment_section || is_comment_heading(low);
                outlet_from_boilerplate(c.text, low, outlet);
                break;
            case Kind::Taxonomy:
                break;
            case Kind::Title:
                if (in_header && (r.title.empty() || repeat_key(r.title) == repeat_key(c.title))) {
                    if (r.title.empty()) r.title = c.title;
                } else {
                    body.push_back(k);  // a sub-heading or a captioned video inside the report
                    in_header = false;
                }
                break;
            case Kind::Byline:
            case Kind::DateLine:
                if (in_header || c.kind == Kind::DateLine) {
                    header_confirmed = header_confirmed || in_header;
                    if (c.kind == Kind::DateLine) dates.push_back({*c.date, c.text, c.date_name});
                } else {
                    body.push_back(k);
                    in_header = false;
                }
                break;
            case Kind::TitleCandidate:
                if (in_header && r.title.empty() && !title_candidate && body.empty()) {
                    title_candidate = k;
                    break;
                }
                [[fallthrough]];
            case Kind::Body:
                if (in_comment_section && contains(low, "comment")) {
                    // Under a "Comments" heading, talk of comments is the site's policy.
                    ++boilerplate;
                    break;
                }
                if (title_candidate) {
                    // A short first line is the title when a byline or date line follows it;
                    // otherwise it was the report's own text.
                    if (header_confirmed) r.title = cls[*title_candidate].text;
                    else body.push_back(*title_candidate);
                }
                title_candidate.reset();
                body.push_back(k);
                in_header = false;
                break;
        }
    }
    if (title_candidate) {
        if (header_confirmed) r.title = cls[*title_candidate].text;
        else body.push_back(*title_candidate);
    }
    std::sort(body.begin(), body.end());

    // The earliest header date is the original publication (a reprint adds its own, later one).
    if (!dates.empty()) {
        const auto first = std::min_element(dates.begin(), dates.end(),
                                            [](const DateSeen& a, const DateSeen& b) { return a.date < b.date; });
        r.published = first->date;
        r.published_written = first->written;
        vote(outlet, 2, first->name);
        for (const DateSeen& d : dates) vote(outlet, 6, d.name);
    }
    r.outlet = outlet.name;
    if (boilerplate > 0) r.notes.push_back("removed " + plural(boilerplate, "boilerplate paragraph", "boilerplate paragraphs"));

    std::vector<std::string> paras;
    paras.reserve(body.size());
    for (std::size_t k : body) paras.push_back(cls[k].text);
    std::size_t joined = 0, repeats = 0;
    paras = join_split_paragraphs(std::move(paras), joined);
    if (joined > 0) r.notes.push_back("joined " + plural(joined, "paragraph split mid-sentence", "paragraphs split mid-sentence"));
    paras = drop_repeats(std::move(paras), repeats);
    if (repeats > 0) r.notes.push_back("dropped " + plural(repeats, "repeated paragraph", "repeated paragraphs"));

    for (std::size_t k = 0; k < paras.size(); ++k) {
        if (k > 0) r.text += "\n\n";
        r.text += paras[k];
    }
    r.sentences = split_sentences(r.text);
    return r;
}

Report load_report(const std::filesystem::path& file) {
    namespace fs = std::filesystem;
    const std::string name = file.string();
    std::error_code ec;
    const auto st = fs::status(file, ec);
    if (ec || !fs::exists(st)) throw Error("cannot read report: no such file", name);
    if (!fs::is_regular_file(st)) throw Error("cannot read report: not a regular file", name);
    // Check the size before reading a byte: a huge file is refused at once.
    const auto size = fs::file_size(file, ec);
    if (ec) throw Error("cannot read report: " + ec.message(), name);
    if (size > kMaxReportBytes)
        throw Error("report is " + std::to_string(size) + " bytes, more than the limit of " +
                        std::to_string(kMaxReportBytes) + " bytes",
                    name);
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error("cannot open report", name);
    std::string raw(static_cast<std::size_t>(size), '\0');
    in.read(raw.data(), static_cast<std::streamsize>(size));
    raw.resize(static_cast<std::size_t>(in.gcount()));
    if (in.bad()) throw Error("cannot read report", name);
    if (raw.empty()) throw Error("report is empty", name);

    // Binary: NUL bytes never occur in text; otherwise count control bytes and bytes that are not
    // UTF-8 (a Latin-1 text has some, an image or archive is mostly such).
    if (raw.find('\0') != std::string::npos) throw Error("not a text report (contains NUL bytes: binary file?)", name);
    std::size_t bad = 0;
    for (std::size_t i = 0; i < raw.size();) {
        const std::size_t before = i;
        const char32_t c = utf8_next(raw, i);
        if (c == kReplacementChar && i - before == 1) ++bad;
        else if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') || c == 0x7F) ++bad;
    }
    if (bad * 10 > raw.size() * 3)
        throw Error("not a text report (" + std::to_string(bad * 100 / raw.size()) +
                        "% of its bytes are control characters or invalid UTF-8: binary file?)",
                    name);

    ReportFormat format = ReportFormat::Auto;
    const std::string ext = ascii_lower(file.extension().string());
    if (ext == ".html" || ext == ".htm" || ext == ".xhtml") format = ReportFormat::Html;
    else if (ext == ".md" || ext == ".markdown") format = ReportFormat::Markdown;
    Report r = parse_report(raw, name, format);
    if (trim(r.text).empty()) throw Error("report is empty after cleanup (no report text left)", name);
    return r;
}

}  // namespace cm::ex
