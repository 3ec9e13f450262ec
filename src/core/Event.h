// conflictmap core: the Event — one incident, dated, typed, located, with who, how many, and
// where in which report it came from. One type for everything: extraction, imports, the store,
// the viewer and the exporters all speak it.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/Date.h"
#include "core/Geometry.h"

namespace cm {

/// ACLED's six event types.
enum class EventType : std::uint8_t {
    Battles,
    ExplosionsRemoteViolence,
    ViolenceAgainstCivilians,
    StrategicDevelopments,
    Protests,
    Riots,
};
/// "Battles", "Explosions/Remote violence", ... as ACLED's codebook writes them.
const char* event_type_name(EventType t);
/// The type an ACLED event type name stands for (case-insensitive); Strategic developments if unknown.
EventType parse_event_type(std::string_view name);

/// A party as the lexicon knows it, with the report's own words.
struct Actor {
    std::string name;     ///< canonical ("Syrian Democratic Forces")
    std::string short_name;  ///< "SDF"
    std::string written;  ///< as the report wrote it ("the Kurdish-led Syrian Democratic Forces (SDF)")
};

/// A count as reports give it: a best estimate with bounds (-1 = not given).
struct Count {
    int best = -1, low = -1, high = -1;
    std::string written;  ///< "at least 20", "two dozen", "several"
    bool given() const { return best >= 0 || low >= 0; }
};

struct Casualties {
    Count killed, injured;
    bool disputed = false;      ///< claimed by one side only, or denied; "reportedly" alone is kept as qualifier
    std::string qualifier;      ///< "reportedly", "claimed by pro-opposition sources", ...
};

/// Where in which report an event came from.
struct Provenance {
    std::string source_file;
    std::string outlet;         ///< "South Front", "Rudaw", ...
    std::string title;
    std::string published;      ///< ISO date, or empty if unknown
    std::size_t begin = 0, end = 0;  ///< byte span of the sentence(s) used, in the cleaned text
    std::string text;           ///< those sentences
    std::size_t row = 0;        ///< imported rows: the data row in source_file (1 = first after the header); 0 = none
};

/// A field of an imported row kept as the dataset wrote it ("conflict_name", "deaths_civilians",
/// "where_prec" with its meaning), shown in the inspector and carried through exports.
struct Attribute {
    std::string name, value;
    bool operator==(const Attribute&) const = default;
};

/// What an event's geometry is: a place, a movement or patrol along a route, or a zone invoked.
enum class EventShape : std::uint8_t { Place, Route, Zone };

struct Event {
    std::string id;             ///< stable: the same report gives the same ids
    DateSpan date;
    EventType type = EventType::StrategicDevelopments;
    std::string sub_event_type; ///< ACLED's ("Armed clash", "Remote explosive/landmine/IED", ...)
    std::string kind;           ///< our finer kind ("joint patrol", "IED attack", ...); may be empty
    std::vector<Actor> actor1, actor2;
    Casualties casualties;
    GeoRef location;
    EventShape shape = EventShape::Place;
    bool aggregate = false;     ///< a tally over a period ("40 killed over 3 months"), not one incident
    std::string valid_from, valid_to;  ///< zones: the period they hold
    double confidence = 0;      ///< 0..1
    std::string summary;        ///< one line generated from the fields
    std::vector<std::string> flags;  ///< "undated", "disputed", "location-unresolved", ...
    bool has_flag(std::string_view f) const {
        for (const auto& x : flags)
            if (x == f) return true;
        return false;
    }
    std::vector<Attribute> attributes;  ///< the dataset's own fields, in its column order
    Provenance provenance;
};

}  // namespace cm
