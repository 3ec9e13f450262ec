// conflictmap extract: the extractor — a cleaned report in, its incidents out as Events with
// dates, kinds, actors, casualties, locations (places, routes, zones) and provenance.
//
// How a report becomes events, sentence by sentence (see Extractor.cpp):
//  1. dates are read against the publication date (or --date); the last one is remembered for
//     "on the same day";
//  2. a sentence that reports an incident (Lexicon's classify) opens an event; the sentences
//     after it in the same paragraph that add no new date, place or incident continue it
//     (casualties, actors, a missing place);
//  3. places are found by spatial cue + name ("between X and Y", "along the M4 west of X",
//     "near X", "in the province of Z", "eastern X countryside") and resolved by the gazetteer;
//     a sentence without a place does not borrow one from an unrelated sentence;
//  4. movements and patrols become routes; zones the report invokes become zone features;
//     tallies over a period ("40 killed over 3 months") are flagged aggregate.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/Event.h"
#include "extract/Lexicon.h"
#include "extract/Report.h"
#include "gazetteer/Resolver.h"

namespace cm::ex {

struct ExtractOptions {
    std::optional<CivilDate> date;  ///< overrides the report's publication date
    double min_confidence = 0.35;   ///< events below are dropped
};

/// A place phrase found in a sentence and what the gazetteer made of it.
struct PlaceMention {
    std::size_t begin = 0, end = 0;  ///< byte span in the sentence
    std::string phrase;
    gaz::Resolution resolution;
};

/// The place phrases of a sentence, resolved, in order (overlaps removed, longest first).
std::vector<PlaceMention> find_places(std::string_view sentence, const gaz::Resolver& resolver, gaz::Context& ctx);
/// The same, with the sentence's actor mentions already found (their words are not places).
/// Names the gazetteer does not know that the sentence gives as places ("in the town of X",
/// "near X") are added to `unknown` when it is given.
std::vector<PlaceMention> find_places(std::string_view sentence, const std::vector<ActorMention>& actors,
                                      const gaz::Resolver& resolver, gaz::Context& ctx,
                                      std::vector<std::string>* unknown = nullptr);

struct Extraction {
    std::vector<Event> events;
    std::vector<std::string> warnings;  ///< for the user: "no publication date: events are undated"
};

/// Extracts the events of one report.
Extraction extract_events(const Report& report, const gaz::Resolver& resolver, const ExtractOptions& options = {});

/// A one-line summary from an event's fields.
std::string summarize(const Event& e);

}  // namespace cm::ex
