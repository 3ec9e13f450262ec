// conflictmap gazetteer: zone geometry computed from the rule that defines the zone
// (circle about a point, corridor along a stretch of road, band along a line clipped to a
// region) — see gazetteer/README.md. Never drawn by hand.
#pragma once
#include <string>
#include <vector>

#include "core/Error.h"
#include "gazetteer/Gazetteer.h"

namespace cm::gaz {

/// A parsed rule: its function name and key=value arguments.
struct ZoneRule {
    std::string function;
    std::vector<std::pair<std::string, std::string>> args;
    /// The value of an argument; throws cm::Error naming the rule if absent.
    const std::string& arg(const std::string& key) const;
};

/// Parses "name(key=value; key=value)". Throws cm::Error on a malformed rule.
ZoneRule parse_rule(const std::string& text);

/// Computes the geometry of every zone entry with a rule; failures go to diag and leave the
/// zone without geometry (and so out of the name index).
void compute_zones(const Gazetteer& g, std::vector<Entry>& entries, Diagnostics& diag);

/// The stretch of a road between two of its via vertices (names compared folded).
/// Throws cm::Error if either name is not a vertex of the road.
Geometry road_between(const Entry& road, const std::string& from, const std::string& to);

}  // namespace cm::gaz
