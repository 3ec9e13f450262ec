// conflictmap gazetteer: resolution — from a name or a spatial phrase to ranked candidates with
// scores and reasons, a status (resolved / ambiguous / unresolved — never a silent guess) and a
// location with a precision class. Context decides between same-named places: an admin area
// named in the same phrase or sentence, places resolved earlier in the same document, then
// prominence.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Geometry.h"
#include "gazetteer/Gazetteer.h"

namespace cm::gaz {

/// One candidate entry for a name, with why it scored what it did.
struct Candidate {
    std::uint32_t entry = 0;
    double score = 0;              ///< 0..1, as shown
    double rank = 0;               ///< unclamped score used for ordering and ambiguity
    MatchKind match = MatchKind::Exact;
    double name_score = 0;         ///< the part of the score from how the name matched
    double anchor_bonus = 0;       ///< the part from places named earlier in the document
    /// The name is the query's own, spelled alike or in another romanisation (exact, folded, or
    /// the same consonants within one letter): such candidates are namesakes, and only context
    /// or prominence decides between them, never the spelling.
    bool same_name = false;
    /// Found through the Arabic name it shares with a place the query spells (a namesake in
    /// another romanisation: "Almoktaria" for "al-Mukhtariyah").
    bool by_arabic = false;
    std::string matched;           ///< the gazetteer name that matched
    std::vector<std::string> reasons;
};

enum class Status { Resolved, Ambiguous, Unresolved };
const char* status_name(Status s);

/// What is known around a name: admin areas named nearby, places resolved earlier in the
/// document, and what kind of place the words ask for ("the town of", "station", "province").
struct Context {
    std::vector<std::string> admin1;      ///< area codes: ISO 3166-2 ("SY-ID") or OCHA pcodes ("SY0702")
    std::vector<LonLat> anchors;          ///< earlier resolved places in the same document
    std::optional<PlaceKind> kind_hint;
    bool kind_required = false;           ///< kind_hint is a must (e.g. "the province of")
    /// Only spellings the folding brings together: no fuzzy matches and no skeleton matches of
    /// short names (for names picked out of running text, where a near miss is a false place).
    bool strict = false;
};

/// The answer for one name or phrase.
struct Resolution {
    std::string query;
    Status status = Status::Unresolved;
    std::string interpretation;           ///< how the phrase was read ("10 km west of Saraqib")
    GeoRef ref;                           ///< location (empty geometry if unresolved)
    const Entry* entry = nullptr;         ///< the main entry it rests on
    std::vector<Candidate> candidates;    ///< ranked; for unresolved ones, the nearest names
    std::string message;                  ///< why unresolved or ambiguous
};

/// Thresholds and limits of resolution.
struct ResolverLimits {
    double min_score = 0.62;        ///< below: unresolved
    double ambiguity_margin = 0.04; ///< a distinct runner-up this close: ambiguous
    /// A best match by consonant skeleton alone resolves only from this score up (below it is
    /// ambiguous); a fuzzy (edit-distance) match never resolves alone. Calibrated on the UCDP
    /// development names (gazetteer/README.md, "Calibration"): from 0.86 up, 1 of 26 skeleton-only
    /// resolutions was wrong; from 0.78 up, 5 of 38.
    double skeleton_resolve = 0.86;
    /// A fuzzy match (one or two edits) resolves alone only for names of this many consonants
    /// or more ("the US-controlled zone of al-Tanf"); on the development names, fuzzy matches
    /// of village names were wrong 10 times in 12.
    std::size_t fuzzy_resolve_letters = 12;
    /// Between namesakes, prominence (0..1) counts this much beside context: with the margin
    /// above, a place 25 points more prominent wins outright (a city against a village of its
    /// name, Afrin), one village against another does not. On the development names, 20 points
    /// gave 1 more wrong resolution and 15 points 6 more.
    double namesake_prominence_weight = 0.16;
    double namesake_exact_bonus = 0.02;
    std::size_t max_phrase_bytes = 1000;
    std::size_t max_candidates = 8;
};

/// Bearing (degrees from north) of a compass noun ("west", "north-east"); nullopt otherwise.
std::optional<double> compass_noun(std::string_view lower_word);
/// Bearing of a compass adjective ("western", "south-eastern"); nullopt otherwise.
std::optional<double> compass_adjective(std::string_view lower_word);

class Resolver {
public:
    explicit Resolver(const Gazetteer& g, ResolverLimits limits = {});

    /// Ranked candidates for a plain name (no spatial words).
    std::vector<Candidate> candidates(std::string_view name, const Context& ctx, bool allow_fuzzy = true) const;
    /// Resolves a plain name.
    Resolution resolve_name(std::string_view name, const Context& ctx) const;
    /// Resolves a spatial phrase ("near X", "along the M4 west of Saraqib", "between X and Y",
    /// "eastern Idlib countryside", "10 km west of X", "in the province of Z", ...). On success
    /// the place is added to ctx.anchors so later phrases of the same document lean toward it.
    Resolution resolve(std::string_view phrase, Context& ctx) const;
    /// Admin areas and unambiguous prominent places named in a text (a sentence, a document).
    Context context_from_text(std::string_view text) const;

    const Gazetteer& gazetteer() const { return m_g; }
    const ResolverLimits& limits() const { return m_limits; }

private:
    Resolution resolve_phrase(std::string_view phrase, Context& ctx, int depth) const;
    Resolution from_candidates(std::string_view query, std::vector<Candidate> cands) const;
    /// What decides between namesakes: context and prominence, not the spelling. to_lead:
    /// for choosing the leader, where one found only through its Arabic name needs context.
    double namesake_key(const Candidate& c, bool to_lead = true) const;
    const Gazetteer& m_g;
    ResolverLimits m_limits;
};

}  // namespace cm::gaz
