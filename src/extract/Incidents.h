// conflictmap extract: one incident, one event. A report tells an incident several times — its
// fact box, the lead, witness quotes, follow-ups — and recalls older incidents as background.
// After the sentence-by-sentence pass (Extractor.cpp), the mentions of one report are merged:
//  - a fact box ("Location: IDLIB : Hass", "Date: 5 May 2019", "Reported casualties: 10",
//    "Alleged perpetrator: ...") is the strongest evidence and becomes the report's anchor event;
//  - mentions that agree with an event already kept (a compatible kind, overlapping days, a place
//    within 15 km or an area containing it) merge into it: its provenance gathers their
//    sentences, a missing field is filled, a count that disagrees is said ("also reported: 8");
//  - mentions dated before the report's incident are background: with a fact box, before its
//    day; without one, over a month before publication, or over a week with words that look
//    back ("previously", "had been", "last year"). They are flagged `background` with confidence
//    0.2, below ingest's default threshold, so they are dropped unless asked for
//    (--min-confidence 0);
//  - with a fact box, a mention with neither its own day nor a count is a general statement
//    ("hospitals in the area were targeted this week"): flagged `general`, confidence 0.3,
//    unless it merges into the incident.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/Event.h"
#include "extract/Report.h"
#include "gazetteer/Resolver.h"

namespace cm::ex {

/// The fact box an investigation opens with, as found in the cleaned text.
struct FactBox {
    std::optional<CivilDate> date;   ///< "Date: 5 May 2019", "Date of the attack: 29/01/2018"
    std::string place;               ///< as a phrase for the gazetteer: "Hass, Idlib"
    std::string place_written;       ///< as written: "IDLIB : Hass"
    std::optional<Count> killed, injured;
    std::string perpetrator;         ///< "Russian or Syrian air force"
    std::size_t begin = 0, end = 0;  ///< its byte span in the report's text
    bool found() const { return date.has_value() && !place.empty(); }
};

/// Reads "Label: value" lines (Location, Date, casualties, perpetrator) among the first
/// paragraphs; found() only with both a place and a day.
FactBox read_fact_box(const Report& report);

/// A publication date a report does not give, inferred from what it says.
struct InferredDate {
    CivilDate date;
    std::string reason;  ///< "names 2020 and March 18; invokes the M4 security corridor (from 2020-03-05)"
};

/// For a report without a date: the latest day it names in the latest year it names (a report
/// is written after what it tells), and the start of any zone or agreement it invokes (the
/// gazetteer's zones carry their periods; "last week's agreement" adds the week). nullopt when
/// the text gives no day to stand on: a year alone never makes a day.
std::optional<InferredDate> infer_publication_date(const Report& report, const gaz::Gazetteer& gazetteer);

/// Merges the mentions of one incident, flags background (see the file comment). `events` are
/// one report's, as the extractor made them; zones are left as they are.
void consolidate_incidents(std::vector<Event>& events, const Report& report, const FactBox& box,
                           const gaz::Resolver& resolver, std::optional<CivilDate> published);

}  // namespace cm::ex
