// conflictmap extract: what the words of a sentence say about an event — which parties (a
// lexicon of the Syrian war's actors with their aliases), what kind of incident (ACLED's event
// types and sub-event types, plus our finer kinds), and how many were killed or injured.
#pragma once
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Event.h"

namespace cm::ex {

/// The actor lexicon is data: the bundled `assets/lexicon/actors.csv` (columns name,
/// short_name, aliases '|'-separated, role actor|source, group) and the user's own files in the
/// same columns, read once on first use; a user's rows come first, so their aliases win. Call
/// before the first extraction.
void set_user_lexicons(std::vector<std::filesystem::path> files);
/// Lexicon files or rows that could not be read, each with its file and line.
std::vector<std::string> lexicon_problems();
/// Actors the lexicon knows (bundled and user rows).
std::size_t lexicon_actor_count();
/// Kind rules in force: the user's (files with a 'pattern' column) before the bundled
/// `assets/lexicon/kinds.csv` (pattern, event_type, sub_event_type, kind, confidence,
/// not_after, group), in order of precedence.
std::size_t lexicon_kind_rule_count();

/// An actor named in a sentence: [begin, end) byte offsets into the sentence.
struct ActorMention {
    std::size_t begin = 0, end = 0;
    Actor actor;
};

/// Every actor the lexicon finds in a sentence, in order of appearance, each once. Aliases:
/// SDF / Syrian Democratic Forces; YPG / People's Protection Units / Afrin Liberation Forces;
/// ISIS / IS / ISIL / Daesh / Islamic State; HTS / Hayat Tahrir al-Sham / Hay'at Tahrir al-Sham;
/// Turkistan Islamic Party / TIP; Ahrar al-Sham; National Front for Liberation / NFL;
/// Syrian Arab Army / Syrian Army / government forces / regime forces / Syrian troops / SAA;
/// National Defense Forces / NDF; Liwa al-Quds; Russian forces / Russian Military Police /
/// Russian military; Turkish Army / Turkish forces / Turkish military / Ankara (as actor);
/// US-led coalition / US forces / US military; Syrian National Army / SNA / Turkish-backed
/// groups; al-Qaeda-linked groups; Military Intelligence Directorate; Iranian forces / IRGC;
/// Hezbollah; civilians (as victims); protesters; militants / terrorists / radicals (unnamed
/// armed groups); Syrian Observatory for Human Rights (a source, not an actor: not returned).
std::vector<ActorMention> find_actors(std::string_view sentence);

/// The kind of incident a sentence reports.
struct KindMatch {
    EventType type = EventType::StrategicDevelopments;
    std::string sub_event_type;  ///< ACLED's sub-event type
    std::string kind;            ///< finer: "joint patrol", "IED attack", "rocket strike", "assassination",
                                 ///< "ambush", "raid", "fake checkpoint", "prisoner release", "fighter transfer",
                                 ///< "reinforcements", "convoy interception", "observation post",
                                 ///< "road blockade", "bounty offer", "protest camp removal", ...
    std::size_t begin = 0, end = 0;  ///< the trigger words in the sentence
    double confidence = 0;       ///< 0..1: how clearly the words say it
};

/// Classifies a sentence; nullopt if it reports no incident (background, opinion, analysis).
/// Uses trigger words and their arguments ("an IED attack hit", "were shot and killed",
/// "carried out a joint patrol", "released 80 ISIS members", "set up a fake checkpoint",
/// "offered a bounty", "sent reinforcements", "intercepted a convoy", "established observation
/// points", "ambushed", "repelled an attack", "clashes erupted", "rocket strike", "assassinated").
std::optional<KindMatch> classify(std::string_view sentence);

/// Parses a count in words or digits: "6", "five", "two dozen", "at least 20", "over 20",
/// "some 400", "around 30", "several" (low 3, no best), "dozens" (low 24), "hundreds" (low 200),
/// "a soldier" (1), "two soldiers" (2). nullopt if the words are no count.
std::optional<Count> parse_count(std::string_view words);

/// Killed and injured counts a sentence reports, with qualifiers kept: "6 SDF members were
/// reportedly killed" (killed 6, qualifier "reportedly", disputed), "Five civilians were killed
/// and 15 others injured", "Pro-opposition sources claim that at least 20 soldiers were killed.
/// Pro-government sources deny casualties" (disputed), "killed several civilians" (killed low 3).
Casualties find_casualties(std::string_view sentence);

}  // namespace cm::ex
