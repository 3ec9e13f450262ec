// conflictmap extract: date expressions of incident reports, resolved against the publication
// date — "On March 23", "Late on March 17", "on Saturday", "this week", "last week", "Earlier in
// May", "Over the past days", "since March 13", "by mid-October", "In the following days",
// "On the same day" — into DateSpans with a precision. Never a guessed day presented as fact:
// without an anchor the span is undated.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

#include "core/Date.h"

namespace cm::ex {

/// What relative expressions are resolved against.
struct DateContext {
    std::optional<CivilDate> published;  ///< the report's date (or --date)
    std::optional<DateSpan> previous;    ///< the last date the text mentioned ("on the same day")
};

/// A date expression found in a sentence: [begin, end) byte offsets into the sentence.
struct DateMention {
    std::size_t begin = 0, end = 0;
    DateSpan span;
};

/// All date expressions in a sentence, in order. Rules:
/// - "March 23" / "23 March" / "March 23, 2020": the year from the publication date; a month
///   after the publication month means the year before. Precision Day.
/// - "late on March 17", "early on May 22": that day (written keeps the qualifier).
/// - weekday names ("on Saturday"): the last such day before publication (Day).
/// - "this week": the 7 days up to publication (Week); "last week": the 7 days before those (Week).
/// - "earlier in May", "in May", "in early/mid/late May": the month or its third (Month / Range).
/// - "over the past days", "in recent days": the 7 days up to publication (Range).
/// - "since March 13": March 13 to publication (Range). "by mid-October": up to the 15th (Range).
/// - "in the following days": the 7 days after ctx.previous (Range).
/// - "on the same day": ctx.previous.
/// - "over the past N months/weeks", "during the last 3 months": that period to publication
///   (Range), used by aggregate claims.
/// - ISO dates "2020-03-23" and "23/03/2020" (day first).
/// Without ctx.published, relative expressions give an undated span (written kept).
std::vector<DateMention> find_dates(std::string_view sentence, const DateContext& ctx);

/// Reads a publication date from a header line: "Global Research, March 25, 2020",
/// "South Front 24 March 2020", "Published: 2020-03-24", "May 24, 2020". nullopt if none.
std::optional<CivilDate> parse_publication_date(std::string_view line);

}  // namespace cm::ex
