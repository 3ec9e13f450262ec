// conflictmap gazetteer: zone rules.
#include "gazetteer/Zones.h"

#include <charconv>

#include "core/Utf8.h"
#include "gazetteer/Fold.h"
#include "geo/Shapes.h"

namespace cm::gaz {

const std::string& ZoneRule::arg(const std::string& key) const {
    for (const auto& [k, v] : args)
        if (k == key) return v;
    throw Error("rule " + function + "(...) needs '" + key + "='");
}

ZoneRule parse_rule(const std::string& text) {
    const auto open = text.find('('), close = text.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open)
        throw Error("malformed rule '" + text.substr(0, 80) + "' (expected name(key=value; ...))");
    ZoneRule r;
    r.function = std::string(trim(std::string_view(text).substr(0, open)));
    for (const auto& part : split(std::string_view(text).substr(open + 1, close - open - 1), ';')) {
        const auto eq = part.find('=');
        if (trim(part).empty()) continue;
        if (eq == std::string::npos) throw Error("rule argument '" + part + "' has no '='");
        r.args.emplace_back(std::string(trim(std::string_view(part).substr(0, eq))),
                            std::string(trim(std::string_view(part).substr(eq + 1))));
    }
    return r;
}

namespace {

double number_arg(const ZoneRule& r, const std::string& key) {
    const std::string& s = r.arg(key);
    double v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || !(v > 0) || v > 2000)
        throw Error("rule argument " + key + "='" + s + "' must be a positive number of km");
    return v;
}

const Entry& entry_arg(const Gazetteer& g, const std::vector<Entry>& entries, const ZoneRule& r,
                       const std::string& key) {
    const std::string id = "cm:" + r.arg(key);
    // The gazetteer's id index is built after zones, so search the entries directly.
    for (const Entry& e : entries)
        if (e.id == id) return e;
    (void)g;
    throw Error("rule argument " + key + "=" + r.arg(key) + " names no curated entry");
}

}  // namespace

Geometry road_between(const Entry& road, const std::string& from, const std::string& to) {
    if (road.geometry.type != GeomType::LineString) throw Error(road.id + " is not a single line");
    const auto& verts = road.geometry.parts.at(0);
    auto find_vertex = [&](const std::string& name) -> std::size_t {
        const std::string f = fold_name(name);
        for (std::size_t i = 0; i < road.via.size(); ++i)
            if (fold_name(road.via[i]) == f) return i;
        throw Error("'" + name + "' is not a vertex of " + road.id);
    };
    std::size_t a = find_vertex(from), b = find_vertex(to);
    std::vector<LonLat> part;
    if (a <= b)
        for (std::size_t i = a; i <= b; ++i) part.push_back(verts[i]);
    else
        for (std::size_t i = a + 1; i-- > b;) part.push_back(verts[i]);
    if (part.size() < 2) throw Error("road stretch from '" + from + "' to '" + to + "' is a single point");
    return Geometry::line(std::move(part));
}

void compute_zones(const Gazetteer& g, std::vector<Entry>& entries, Diagnostics& diag) {
    for (Entry& z : entries) {
        if (z.kind != PlaceKind::Zone || z.rule.empty()) continue;
        try {
            const ZoneRule r = parse_rule(z.rule);
            if (r.function == "circle") {
                const Entry& c = entry_arg(g, entries, r, "center");
                if (c.geometry.type != GeomType::Point) throw Error("circle centre " + c.id + " is not a point");
                z.geometry = geo::circle(c.geometry.parts[0][0], number_arg(r, "radius_km"));
            } else if (r.function == "corridor") {
                const Entry& road = entry_arg(g, entries, r, "road");
                const Geometry stretch = road_between(road, r.arg("from"), r.arg("to"));
                z.geometry = geo::buffer(stretch, number_arg(r, "half_width_km"));
            } else if (r.function == "band") {
                const Entry& line = entry_arg(g, entries, r, "line");
                const Geometry band = geo::buffer(line.geometry, number_arg(r, "width_km"));
                const Entry& clip = entry_arg(g, entries, r, "clip");
                z.geometry = geo::intersection(band, clip.geometry);
            } else {
                throw Error("unknown rule '" + r.function + "' (circle, corridor, band)");
            }
            if (z.geometry.empty()) throw Error("rule gives an empty area");
        } catch (const Error& err) {
            diag.warn(g.origins().at(z.origin).path, 0, "zone " + z.id + ": " + err.message());
            z.geometry = {};
        }
    }
}

}  // namespace cm::gaz
