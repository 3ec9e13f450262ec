// conflictmap extract: reports as they really arrive — plain text, Markdown or HTML, reprinted
// with site headers, bylines, links, video URLs, donation appeals, disclaimers, comment policies
// and sometimes the whole body twice — cleaned down to the report itself, split into sentences
// with byte spans, with its title, outlet and publication date read from it.
#pragma once
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Date.h"

namespace cm::ex {

enum class ReportFormat { Auto, Text, Markdown, Html };

/// A sentence of the cleaned text: [begin, end) byte offsets into Report::text.
struct Sentence {
    std::size_t begin = 0, end = 0;
    std::size_t paragraph = 0;  ///< index of its paragraph
};

struct Report {
    std::string source;                 ///< file path (or "<stdin>")
    std::string text;                   ///< cleaned body: paragraphs separated by "\n\n", no markup
    std::string title;                  ///< first heading / title line, if any
    std::string outlet;                 ///< "South Front", "Rudaw", "Global Research" ... if found
    std::optional<CivilDate> published; ///< the report's own date (the earliest date line of the header)
    std::string published_written;      ///< the words it was read from
    std::vector<Sentence> sentences;
    std::vector<std::string> notes;     ///< what cleanup did, for the user ("dropped 9 repeated paragraphs")
};

/// Limits on input (explicit, so a hostile file cannot exhaust memory or time).
inline constexpr std::size_t kMaxReportBytes = 16u << 20;

/// Cleans raw report bytes. Invalid UTF-8 is repaired (U+FFFD), control characters dropped.
/// Never throws on content; `format` Auto guesses from the content.
Report parse_report(std::string_view raw, std::string source, ReportFormat format = ReportFormat::Auto);

/// Reads a file and cleans it; the format comes from the extension (.html/.htm, .md, else text)
/// and the content. Throws cm::Error naming the file for: unreadable, larger than
/// kMaxReportBytes, binary (NUL bytes or mostly non-text), or empty after cleanup.
Report load_report(const std::filesystem::path& file);

/// Splits cleaned text into sentences (abbreviations like "U.S.", "Dr.", "km." and decimals
/// do not end a sentence; paragraph breaks always do).
std::vector<Sentence> split_sentences(std::string_view text);

}  // namespace cm::ex
