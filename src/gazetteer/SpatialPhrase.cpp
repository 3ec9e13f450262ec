// conflictmap gazetteer: spatial phrases -> geometry with a precision class.
//
// [SECTION] Phrase normalisation and word helpers
// [SECTION] Geometry builders (road stretches, offsets, segments, areas)
// [SECTION] The phrase grammar (Resolver::resolve_phrase), tried in order:
//   whole phrase as a name; "X in the province of Z"; "the province of Z" / "Z governorate";
//   "along R DIR of X"; "the road between X and Y" / "the X-Y highway"; "between X and Y";
//   "N km DIR of X" / "DIR of X"; "near X"; "(DIR) X countryside", "X DIR countryside"; "DIR-ern X";
//   "the town of X" / "X station"; "DIR bank of R"; "X in Z" / "X, Z"; fuzzy name.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/Utf8.h"
#include "gazetteer/Fold.h"
#include "gazetteer/Resolver.h"
#include "geo/Geodesic.h"
#include "geo/Shapes.h"

namespace cm::gaz {

namespace {

// [SECTION] Phrase normalisation and word helpers

/// Sanitised phrase with dashes unified to '-', runs of space collapsed, outer punctuation and
/// quotes removed. Byte-for-byte lower-casable (ascii_lower keeps offsets).
std::string normalise(std::string_view raw) {
    const std::string s = utf8_sanitize(raw);
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t start = i;
        const char32_t c = utf8_next(s, i);
        if (c == 0x2010 || c == 0x2011 || c == 0x2012 || c == 0x2013 || c == 0x2014 || c == 0x2212) {
            out += '-';
        } else if (c == ' ' || c == 0xA0 || c == '\t') {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else if (c == '"' || c == 0x201C || c == 0x201D) {
            continue;
        } else {
            out.append(s, start, i - start);
        }
    }
    std::string_view v = trim(out);
    while (!v.empty() && std::string_view(".,;:!?()").find(v.back()) != std::string_view::npos) v.remove_suffix(1);
    while (!v.empty() && std::string_view("(").find(v.front()) != std::string_view::npos) v.remove_prefix(1);
    return std::string(trim(v));
}

bool starts_with(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

std::string strip_the(std::string_view p) {
    std::string l = ascii_lower(p);
    if (starts_with(l, "the ")) return std::string(trim(p.substr(4)));
    return std::string(p);
}

struct Direction {
    const char* noun;
    const char* adjective;
    double bearing;
};
constexpr Direction kDirections[] = {
    {"north", "northern", 0},       {"northeast", "northeastern", 45}, {"north-east", "north-eastern", 45},
    {"east", "eastern", 90},        {"southeast", "southeastern", 135}, {"south-east", "south-eastern", 135},
    {"south", "southern", 180},     {"southwest", "southwestern", 225}, {"south-west", "south-western", 225},
    {"west", "western", 270},       {"northwest", "northwestern", 315}, {"north-west", "north-western", 315},
};

const char* bearing_word(double b) {
    for (const auto& d : kDirections)
        if (d.bearing == b) return d.noun;
    return "?";
}

/// "15", "15.5", "fifteen", "a few", "several" -> km (the unit is checked by the caller).
std::optional<double> parse_amount(std::string_view w) {
    static const std::pair<const char*, double> kWords[] = {
        {"one", 1},     {"two", 2},      {"three", 3},    {"four", 4},      {"five", 5},     {"six", 6},
        {"seven", 7},   {"eight", 8},    {"nine", 9},     {"ten", 10},      {"eleven", 11},  {"twelve", 12},
        {"fifteen", 15}, {"twenty", 20}, {"thirty", 30},  {"forty", 40},    {"fifty", 50},   {"a", 1},
        {"a few", 3},   {"few", 3},      {"several", 5},  {"some", 5}};
    for (const auto& [word, v] : kWords)
        if (w == word) return v;
    if (w.empty() || w.size() > 12) return std::nullopt;
    char* end = nullptr;
    const std::string s(w);
    const double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !(v > 0) || v > 2000) return std::nullopt;
    return v;
}

/// Recognises "<amount> <unit>" at the end of `words` (already split); returns km and how many
/// words it used. Units: km, kms, kilometer(s), kilometre(s), mile(s), mi; also "15km", "15-km".
std::optional<std::pair<double, std::size_t>> trailing_distance(const std::vector<std::string>& w) {
    if (w.empty()) return std::nullopt;
    auto unit_factor = [](std::string_view u) -> double {
        if (u == "km" || u == "kms" || u == "km." || u == "kilometer" || u == "kilometers" || u == "kilometre" ||
            u == "kilometres")
            return 1.0;
        if (u == "mile" || u == "miles" || u == "mi") return 1.609344;
        return 0;
    };
    const std::string& last = w.back();
    // Glued: "15km", "15-km".
    for (const char* u : {"km", "-km", "kms", "-kilometer", "-kilometre"}) {
        if (ends_with(last, u) && last.size() > std::string_view(u).size()) {
            if (auto v = parse_amount(std::string_view(last).substr(0, last.size() - std::string_view(u).size())))
                return std::make_pair(*v, std::size_t{1});
        }
    }
    if (w.size() >= 2) {
        const double f = unit_factor(last);
        if (f > 0) {
            if (w.size() >= 3 && w[w.size() - 3] == "a" && w[w.size() - 2] == "few") return std::make_pair(3 * f, std::size_t{3});
            if (auto v = parse_amount(w[w.size() - 2])) return std::make_pair(*v * f, std::size_t{2});
        }
    }
    return std::nullopt;
}

std::vector<std::string> words_of(std::string_view lower) {
    std::vector<std::string> out;
    for (auto& w : split(lower, ' '))
        if (!w.empty()) out.push_back(w);
    return out;
}

std::string join(const std::vector<std::string>& w, std::size_t from, std::size_t to) {
    std::string s;
    for (std::size_t i = from; i < to; ++i) {
        if (i > from) s += ' ';
        s += w[i];
    }
    return s;
}

std::string fmt_km(double km) {
    char buf[32];
    std::snprintf(buf, sizeof buf, km < 10 ? "%.1f km" : "%.0f km", km);
    return buf;
}

double angle_diff(double a, double b) {
    double d = std::fmod(std::fabs(a - b), 360.0);
    return d > 180 ? 360 - d : d;
}

Resolution unresolved(std::string_view query, std::string message, std::vector<Candidate> cands = {}) {
    Resolution r;
    r.query = std::string(query);
    r.message = std::move(message);
    r.candidates = std::move(cands);
    return r;
}

/// A result built on a base resolution: its status and candidates carry over.
Resolution derived(const Resolution& base, std::string_view query, Geometry geom, LonLat point,
                   LocPrecision precision, double radius_km, std::string interpretation) {
    Resolution r;
    r.query = std::string(query);
    r.status = base.status;
    r.message = base.message;
    r.entry = base.entry;
    r.candidates = base.candidates;
    r.ref.written = std::string(query);
    r.ref.geometry = std::move(geom);
    r.ref.point = point;
    r.ref.precision = precision;
    r.ref.radius_km = radius_km;
    r.ref.gazetteer_id = base.ref.gazetteer_id;
    r.interpretation = std::move(interpretation);
    return r;
}

Status worst(Status a, Status b) { return static_cast<int>(a) > static_cast<int>(b) ? a : b; }

bool is_area(const Geometry& g) { return g.type == GeomType::Polygon || g.type == GeomType::MultiPolygon; }

// [SECTION] Geometry builders (road stretches, offsets, segments, areas)

/// The stretch of `road` that starts at the point of the road nearest to `from` and runs
/// `length_km` in the direction closest to `bearing`. Throws cm::Error if the road ends there.
Geometry road_stretch(const Geometry& road, LonLat from, double bearing, double length_km, double& start_offset_km) {
    const geo::LineMeasure m(road);
    const double total = m.length_km();
    const double d0 = m.locate_km(from);
    const LonLat p0 = m.point_at(d0);
    start_offset_km = geo::distance_km(from, p0);
    const double step = std::min(2.0, total / 4);
    const bool can_forward = total - d0 > 0.5, can_back = d0 > 0.5;
    const double fwd = can_forward ? geo::bearing_deg(p0, m.point_at(std::min(total, d0 + step))) : -1;
    const double back = can_back ? geo::bearing_deg(p0, m.point_at(std::max(0.0, d0 - step))) : -1;
    // Within 60 degrees of the asked direction, or the road does not go that way from here.
    const double df = can_forward ? angle_diff(fwd, bearing) : 999, db = can_back ? angle_diff(back, bearing) : 999;
    if (std::min(df, db) > 60) throw Error(std::string("the road does not run ") + bearing_word(bearing) + " from there");
    return m.sub_line(d0, df <= db ? d0 + length_km : d0 - length_km);
}

/// A road (of the gazetteer) passing within `tolerance_km` of both points; nullptr if none.
const Entry* road_joining(const Gazetteer& g, LonLat a, LonLat b, double tolerance_km) {
    const Entry* best = nullptr;
    double best_cost = HUGE_VAL;
    for (const Entry& e : g.entries()) {
        if (e.kind != PlaceKind::Road || e.geometry.type != GeomType::LineString) continue;
        double x0, y0, x1, y1;
        e.geometry.bounds(x0, y0, x1, y1);
        const double pad = 0.1;
        auto in_box = [&](LonLat p) { return p.lon > x0 - pad && p.lon < x1 + pad && p.lat > y0 - pad && p.lat < y1 + pad; };
        if (!in_box(a) || !in_box(b)) continue;
        const double da = geo::distance_km(a, e.geometry), db = geo::distance_km(b, e.geometry);
        if (da <= tolerance_km && db <= tolerance_km && da + db < best_cost) {
            best_cost = da + db;
            best = &e;
        }
    }
    return best;
}

}  // namespace

// [SECTION] The phrase grammar

std::optional<double> compass_noun(std::string_view w) {
    for (const auto& d : kDirections)
        if (w == d.noun) return d.bearing;
    return std::nullopt;
}

std::optional<double> compass_adjective(std::string_view w) {
    for (const auto& d : kDirections)
        if (w == d.adjective) return d.bearing;
    return std::nullopt;
}

Resolution Resolver::resolve(std::string_view phrase, Context& ctx) const {
    Resolution r = resolve_phrase(phrase, ctx, 0);
    r.query = std::string(phrase);
    r.ref.written = std::string(trim(utf8_sanitize(phrase.substr(0, m_limits.max_phrase_bytes))));
    if (r.status == Status::Resolved && !r.ref.geometry.empty() && r.ref.precision != LocPrecision::Region)
        ctx.anchors.push_back(r.ref.point);
    return r;
}

Resolution Resolver::resolve_phrase(std::string_view raw, Context& ctx, int depth) const {
    if (depth > 4) return unresolved(raw, "phrase nests too deeply");
    if (raw.size() > m_limits.max_phrase_bytes)
        return unresolved(raw.substr(0, 80), "phrase is " + std::to_string(raw.size()) + " bytes; the limit is " +
                                                 std::to_string(m_limits.max_phrase_bytes));
    const std::string p = normalise(raw);
    if (p.empty() || fold_name(p).empty()) return unresolved(raw, "empty phrase (no letters or digits)");
    const std::string l = ascii_lower(p);
    const auto words = words_of(l);
    auto sub = [&](std::string_view text, Context c) { return resolve_phrase(text, c, depth + 1); };
    auto sub_kind = [&](std::string_view text, PlaceKind k, bool required) {
        Context c = ctx;
        c.kind_hint = k;
        c.kind_required = required;
        return resolve_phrase(text, c, depth + 1);
    };
    // The admin area among a resolution's candidates that bears the same name ("Idlib" came out
    // as the city; the governorate Idlib is what "(Idlib)", "X in Idlib" or "the M4 in Idlib" mean
    // when the words are about an area). nullptr if none.
    auto same_name_area = [&](const Resolution& r) -> const Entry* {
        for (const Candidate& c : r.candidates)
            if (c.same_name && m_g.entry(c.entry).kind == PlaceKind::Admin) return &m_g.entry(c.entry);
        return nullptr;
    };
    // A river or road "in" an area ("the Euphrates in eastern Raqqa", "the M4 in Idlib"): the
    // stretch inside it. Z may have come out as a town of the area's name: its area is meant.
    auto clip_line = [&](const Resolution& xr, const Resolution& zr) -> std::optional<Resolution> {
        if (!xr.entry || (xr.entry->kind != PlaceKind::River && xr.entry->kind != PlaceKind::Road) ||
            xr.ref.geometry.empty() || is_area(xr.ref.geometry) || !zr.entry)
            return std::nullopt;
        const Geometry* area = is_area(zr.ref.geometry) ? &zr.ref.geometry : nullptr;
        std::string area_name = zr.interpretation;
        if (const Entry* a = area ? nullptr : same_name_area(zr); a && is_area(a->geometry)) {
            area = &a->geometry;
            area_name = a->name;
        }
        if (!area) return std::nullopt;
        try {
            Geometry part = geo::intersection(xr.ref.geometry, *area);
            if (part.empty()) return std::nullopt;
            Resolution r = derived(xr, p, part, geo::representative_point(part), LocPrecision::Near,
                                   std::max(xr.ref.radius_km, 5.0), xr.interpretation + ", the stretch in " + area_name);
            r.status = worst(xr.status, zr.status);
            return r;
        } catch (const Error&) {
            return std::nullopt;
        }
    };
    auto failed = [&](const Resolution& part, std::string_view what) {
        Resolution r = unresolved(p, std::string(what) + ": " + (part.message.empty() ? "unresolved" : part.message),
                                  part.candidates);
        return r;
    };

    // 1. The whole phrase as a name ("the M4 corridor", "Damascus countryside", "al-Tanf zone").
    {
        const std::string name = strip_the(p);
        auto cands = candidates(name, ctx, false);
        if (!cands.empty() && cands.front().rank >= 0.85 && (cands.front().match != MatchKind::Skeleton || cands.front().same_name))
            return from_candidates(p, std::move(cands));
    }

    // 1a. "Ghazal (Qizil Mazra'ah) village", "Jabal Bishri mountain (Deir Ezzor)": the words in
    // parentheses are another name of the place or where it lies; tried as "X, Z", then alone.
    if (const auto open = p.find('('); open != std::string::npos && open > 0) {
        const auto close = p.find(')', open);
        const std::string inside(trim(p.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1)));
        std::string outside(trim(p.substr(0, open)));
        if (close != std::string::npos) outside += " " + std::string(trim(p.substr(close + 1)));
        outside = std::string(trim(outside));
        if (!inside.empty() && !outside.empty()) {
            Resolution best = sub(outside + ", " + inside, ctx);
            // The words inside name a village (not an area) and X lands far from it: they are
            // the place's other name, and X's match is a namesake elsewhere.
            Resolution in = sub(inside, ctx);
            // "(Idlib)" names the governorate even though bare "Idlib" is the city.
            if (best.status != Status::Unresolved && in.status != Status::Unresolved && in.entry && !same_name_area(in) &&
                !is_extended(in.entry->kind) &&
                geo::distance_km(best.ref.point, in.ref.point) > std::max(10.0, in.ref.radius_km + best.ref.radius_km)) {
                in.interpretation += " (the name in parentheses; '" + outside + "' lies elsewhere)";
                if (in.status == Status::Resolved) in.status = Status::Ambiguous;
                in.message = "'" + outside + "' and '" + inside + "' name places " +
                             std::to_string(static_cast<int>(geo::distance_km(best.ref.point, in.ref.point))) + " km apart";
                return in;
            }
            if (best.status == Status::Unresolved) best = std::move(in);
            if (best.status == Status::Unresolved) best = sub(outside, ctx);
            if (best.status != Status::Unresolved) return best;
            return failed(best, p);
        }
    }

    // 1b. "Shanina/Haninh village", "Tall Hawash/Al Hawash village", "Hacilar / Hajilar": two
    // spellings of one place. The words after the last alternative belong to every one.
    if (p.find('/') != std::string::npos) {
        auto parts = split(p, '/');
        if (parts.size() >= 2 && parts.size() <= 4) {
            std::vector<std::string> alts;
            for (auto& part : parts) alts.emplace_back(trim(part));
            // The suffix word of the last alternative ("village") goes to the others too.
            const auto last_words = words_of(ascii_lower(alts.back()));
            const std::string tail = last_words.size() >= 2 ? " " + last_words.back() : "";
            Resolution best;
            best.status = Status::Unresolved;
            std::vector<Resolution> found;
            for (std::size_t i = 0; i < alts.size(); ++i) {
                if (alts[i].empty()) continue;
                Resolution r = sub(i + 1 < alts.size() && !tail.empty() ? alts[i] + tail : alts[i], ctx);
                if (r.status == Status::Unresolved && i + 1 < alts.size()) r = sub(alts[i], ctx);
                if (r.status != Status::Unresolved && r.entry) found.push_back(std::move(r));
            }
            if (!found.empty()) {
                // Two spellings that land on the same place confirm each other; a resolved one
                // beats an ambiguous one; spellings that disagree leave it ambiguous.
                std::stable_sort(found.begin(), found.end(), [](const Resolution& a, const Resolution& b) {
                    return static_cast<int>(a.status) < static_cast<int>(b.status);
                });
                Resolution r = found.front();
                for (std::size_t i = 1; i < found.size(); ++i) {
                    if (geo::distance_km(found[i].ref.point, r.ref.point) <= std::max(5.0, r.ref.radius_km)) {
                        if (found[i].status == Status::Resolved || r.status == Status::Resolved) r.status = Status::Resolved;
                    } else if (r.status == Status::Resolved && found[i].status == Status::Resolved) {
                        r.status = Status::Ambiguous;
                        r.message = "the spellings '" + found.front().query + "' and '" + found[i].query +
                                    "' name different places";
                    }
                }
                r.interpretation += " (one of " + std::to_string(alts.size()) + " spellings)";
                return r;
            }
            return unresolved(p, "none of the spellings separated by '/' is in the gazetteer");
        }
    }

    // 2. "X in the province of Z", "X in Z province", "X in Z governorate".
    for (const char* sep : {" in the province of ", " in the governorate of ", " in province of ", " in "}) {
        const auto pos = l.rfind(sep);
        if (pos == std::string::npos || pos == 0) continue;
        const std::string zone_part = p.substr(pos + std::string_view(sep).size());
        std::string z = zone_part;
        const std::string zl = ascii_lower(z);
        const bool explicit_admin = std::string_view(sep) != " in " || ends_with(zl, " province") ||
                                    ends_with(zl, " governorate");
        if (!explicit_admin) continue;  // plain "X in Z" is tried last
        Resolution zr = sub_kind(z, PlaceKind::Admin, true);
        if (zr.status == Status::Unresolved || !zr.entry) continue;
        Context c = ctx;
        const std::string code = Gazetteer::area_code(*zr.entry);
        c.admin1.push_back(code.empty() ? zr.entry->admin1 : code);
        Resolution xr = sub(p.substr(0, pos), c);
        if (xr.status == Status::Unresolved) return failed(xr, p.substr(0, pos));
        if (auto r = clip_line(xr, zr)) return *r;
        xr.interpretation += ", in " + zr.entry->name;
        return xr;
    }

    // 3. "the province of Z", "Z province", "Z governorate", "in Z".
    for (const char* pre : {"in the province of ", "the province of ", "province of ", "in the governorate of ",
                            "the governorate of ", "governorate of ", "in "}) {
        if (!starts_with(l, pre)) continue;
        const bool is_in = std::string_view(pre) == "in ";
        Resolution zr = is_in ? sub(p.substr(3), ctx) : sub_kind(p.substr(std::string_view(pre).size()), PlaceKind::Admin, true);
        if (zr.status == Status::Unresolved) return failed(zr, p);
        return zr;
    }
    // "Ariha district", "Mintaqat Azaz district", "Nahiyat Saraqib", "the Saraqib sub-district".
    {
        std::string body = strip_the(p), bl = ascii_lower(body);
        bool named_area = false;
        std::size_t pcode_len = 0;  // OCHA pcodes: SY0704 a district, SY070400 a sub-district
        for (const char* pre : {"mintaqat ", "mantiqat ", "mantiqa ", "nahiyat ", "nahiya ", "nahiyah ", "district of ",
                                "sub-district of ", "subdistrict of "})
            if (starts_with(bl, pre) && bl.size() > std::string_view(pre).size()) {
                body = body.substr(std::string_view(pre).size());
                bl = bl.substr(std::string_view(pre).size());
                named_area = true;
                pcode_len = (pre[0] == 'n' || pre[0] == 's') ? 8 : 6;
                break;
            }
        for (const char* suf : {" sub-district", " subdistrict", " district", " nahiya", " nahiyah"})
            if (ends_with(bl, suf) && bl.size() > std::string_view(suf).size()) {
                body = body.substr(0, body.size() - std::string_view(suf).size());
                named_area = true;
                if (!pcode_len) pcode_len = (suf[1] == 'd') ? 6 : 8;
                break;
            }
        // "X, Y district" and "X in the Y district" name a place in the area: handled below.
        if (named_area && body.find(", ") == std::string::npos && ascii_lower(body).find(" in ") == std::string::npos) {
            // The level the words name: a sub-district and its district often share a name.
            Context c = ctx;
            c.kind_hint = PlaceKind::Admin;
            c.kind_required = true;
            auto cands = candidates(strip_the(body), c, true);
            std::erase_if(cands, [&](const Candidate& k) { return m_g.entry(k.entry).pcode.size() != pcode_len; });
            if (!cands.empty()) {
                Resolution r = from_candidates(p, std::move(cands));
                if (r.status != Status::Unresolved) return r;
            }
            Resolution zr = sub_kind(body, PlaceKind::Admin, true);
            if (zr.status != Status::Unresolved && zr.entry && !zr.entry->pcode.empty()) return zr;
            // A city's district ("the Bustan al-Qasr district" of Aleppo) is a neighbourhood.
            Resolution xr = sub_kind(body, PlaceKind::Place, false);
            if (xr.status != Status::Unresolved) return xr;
            return failed(zr, p);
        }
    }
    for (const char* suf : {" province", " governorate", " muhafazat"}) {
        if (!ends_with(l, suf)) continue;
        if (l.find(", ") != std::string::npos) break;  // "X, Aleppo governorate": X in the area, below
        Resolution zr = sub_kind(p.substr(0, p.size() - std::string_view(suf).size()), PlaceKind::Admin, true);
        if (zr.status == Status::Unresolved) return failed(zr, p);
        return zr;
    }

    // 4. "along the M4 west of Saraqib", "on the M4 highway 10 km west of Saraqib".
    for (const char* pre : {"along ", "on "}) {
        if (!starts_with(l, pre)) continue;
        // The first "<direction> of" splits road from place: "along the M4 highway west of the
        // government-controlled town of Saraqib" has a second "of" inside the place words.
        std::size_t of = std::string::npos;
        for (auto pos = l.find(" of ", std::string_view(pre).size()); pos != std::string::npos; pos = l.find(" of ", pos + 1)) {
            const auto ws = l.rfind(' ', pos - 1);
            const std::string_view w = std::string_view(l).substr(ws == std::string::npos ? 0 : ws + 1,
                                                                  pos - (ws == std::string::npos ? 0 : ws + 1));
            if (compass_noun(w)) { of = pos; break; }
        }
        if (of == std::string::npos || of < std::string_view(pre).size()) continue;
        auto left = words_of(l.substr(std::string_view(pre).size(), of - std::string_view(pre).size()));
        if (left.size() < 2) continue;
        const auto bearing = compass_noun(left.back());
        if (!bearing) continue;
        left.pop_back();
        double length = 10;
        bool explicit_length = false;
        if (auto d = trailing_distance(left)) {
            length = d->first;
            explicit_length = true;
            left.resize(left.size() - d->second);
        }
        if (left.empty()) continue;
        // The road words, recovered from the original-cased phrase by length.
        std::string road_words = join(left, 0, left.size());
        std::string road_text = p.substr(std::string_view(pre).size(), road_words.size());
        // "along a short chunk of the M4 highway": the road is what follows the last "of".
        if (const auto of_in = road_words.rfind(" of "); of_in != std::string::npos) {
            road_text = road_text.substr(of_in + 4);
            road_words = road_words.substr(of_in + 4);
        }
        Resolution rr = sub_kind(road_text, PlaceKind::Road, true);
        if (rr.status == Status::Unresolved) {
            for (const char* suffix : {" highway", " road", " motorway"})
                if (ends_with(ascii_lower(road_text), suffix)) {
                    rr = sub_kind(road_text.substr(0, road_text.size() - std::string_view(suffix).size()), PlaceKind::Road, true);
                    break;
                }
        }
        if (rr.status == Status::Unresolved || !rr.entry) return failed(rr, road_text);
        const std::string x_text = p.substr(of + 4);
        Resolution xr = sub(x_text, ctx);
        if (xr.status == Status::Unresolved) return failed(xr, x_text);
        try {
            double offset = 0;
            Geometry stretch = road_stretch(rr.entry->geometry, xr.ref.point, *bearing, length, offset);
            if (stretch.empty()) return unresolved(p, "the road stretch came out empty");
            constexpr double kMaxOffRoadKm = 20;
            if (offset > kMaxOffRoadKm)
                return unresolved(p, xr.entry->name + " lies " + fmt_km(offset) + " from " + rr.entry->name +
                                         "; is it the right road?", xr.candidates);
            Resolution r = derived(rr, p, stretch, geo::representative_point(stretch), LocPrecision::Near,
                                   std::max(2.0, length / 2),
                                   rr.entry->name + ", " + fmt_km(length) + " going " + bearing_word(*bearing) +
                                       " from " + xr.entry->name + (explicit_length ? "" : " (default length)"));
            r.status = worst(rr.status, xr.status);
            if (offset > 5) r.interpretation += "; " + xr.entry->name + " lies " + fmt_km(offset) + " off the road";
            return r;
        } catch (const Error& e) {
            return unresolved(p, rr.entry->name + " at " + xr.entry->name + ": " + e.what());
        }
    }

    // 5. "the road between X and Y", "the road from X to Y", "the X-Y highway", "the X to Y road".
    auto segment_between = [&](const std::string& xa, const std::string& yb, bool prefer_road) -> std::optional<Resolution> {
        // The ends of a road are towns ("the Homs-Salamiyah road"), not the governorates.
        Resolution xr = prefer_road ? sub_kind(xa, PlaceKind::Place, false) : sub(xa, ctx);
        if (xr.status == Status::Unresolved) return std::nullopt;
        Resolution yr = prefer_road ? sub_kind(yb, PlaceKind::Place, false) : sub(yb, ctx);
        if (yr.status == Status::Unresolved) return std::nullopt;
        // The two ends lie near each other: an end that is ambiguous leans toward the other.
        auto lean = [&](Resolution& amb, const Resolution& other, const std::string& text) {
            if (amb.status != Status::Ambiguous || other.status != Status::Resolved) return;
            Context c = ctx;
            c.anchors.push_back(other.ref.point);
            if (prefer_road) c.kind_hint = PlaceKind::Place;
            Resolution again = resolve_phrase(text, c, depth + 1);
            if (again.status != Status::Unresolved) amb = std::move(again);
        };
        lean(xr, yr, xa);
        lean(yr, xr, yb);
        const LonLat a = xr.ref.point, b = yr.ref.point;
        const double km = geo::distance_km(a, b);
        const Entry* road = prefer_road ? road_joining(m_g, a, b, 5) : nullptr;
        Geometry line;
        std::string how;
        if (road) {
            const geo::LineMeasure m(road->geometry);
            line = m.sub_line(m.locate_km(a), m.locate_km(b));
            how = road->name + " between " + xr.entry->name + " and " + yr.entry->name;
        }
        if (line.empty()) {
            line = Geometry::line({a, b});
            how = (prefer_road ? "straight line (no bundled road joins them) between " : "between ") + xr.entry->name +
                  " and " + yr.entry->name;
        }
        Resolution r = derived(xr, p, line, geo::representative_point(line), LocPrecision::Near,
                               std::max(2.0, km / 2), how + " (" + fmt_km(km) + " apart)");
        r.status = worst(xr.status, yr.status);
        if (road) {
            r.ref.gazetteer_id = road->id;
            r.entry = road;
        }
        return r;
    };
    for (const char* pre : {"road between ", "highway between ", "road from ", "highway from ", "route between ", "route from "}) {
        const std::string body_l = ascii_lower(strip_the(p));
        if (!starts_with(body_l, pre)) continue;
        const std::string body = strip_the(p).substr(std::string_view(pre).size());
        const std::string bl = ascii_lower(body);
        const char* joiner = std::string_view(pre).find("from") != std::string_view::npos ? " to " : " and ";
        for (auto pos = bl.find(joiner); pos != std::string::npos; pos = bl.find(joiner, pos + 1))
            if (auto r = segment_between(body.substr(0, pos), body.substr(pos + std::string_view(joiner).size()), true))
                return *r;
    }
    for (const char* suf : {" highway", " road", " motorway", " route"}) {
        const std::string body = strip_the(p);
        const std::string bl = ascii_lower(body);
        if (!ends_with(bl, suf)) continue;
        const std::string inner = body.substr(0, body.size() - std::string_view(suf).size());
        const std::string il = ascii_lower(inner);
        for (const char* joiner : {" to ", "-", " - "})
            for (auto pos = il.find(joiner); pos != std::string::npos; pos = il.find(joiner, pos + 1))
                if (auto r = segment_between(inner.substr(0, pos), inner.substr(pos + std::string_view(joiner).size()), true))
                    return *r;
    }

    // 6. "between X and Y", "the area between X and Y".
    {
        std::string body = strip_the(p);
        std::string bl = ascii_lower(body);
        if (starts_with(bl, "area between ")) { body = body.substr(5); bl = bl.substr(5); }
        if (starts_with(bl, "between ")) {
            const std::string rest = body.substr(8), rl = bl.substr(8);
            for (auto pos = rl.find(" and "); pos != std::string::npos; pos = rl.find(" and ", pos + 1))
                if (auto r = segment_between(rest.substr(0, pos), rest.substr(pos + 5), false)) return *r;
            return unresolved(p, "between: could not resolve both places");
        }
    }

    // 7. "15 km west of X", "a few km west of X", "west of X".
    {
        const auto of = l.find(" of ");
        if (of != std::string::npos) {
            auto left = words_of(l.substr(0, of));
            if (!left.empty()) {
                if (auto bearing = compass_noun(left.back())) {
                    left.pop_back();
                    std::optional<double> km;
                    if (auto d = trailing_distance(left)) {
                        km = d->first;
                        left.resize(left.size() - d->second);
                    }
                    if (left.empty() || (left.size() == 1 && (left[0] == "just" || left[0] == "some" || left[0] == "about"))) {
                        const std::string x_text = p.substr(of + 4);
                        Resolution xr = sub(x_text, ctx);
                        if (xr.status == Status::Unresolved) return failed(xr, x_text);
                        // "north of Syria", "west of Idlib province" with no distance: reports mean
                        // the area's part towards it, not a point hundreds of km outside it.
                        if (!km && is_area(xr.ref.geometry) && xr.entry) {
                            try {
                                Geometry g = geo::part_towards(xr.ref.geometry, *bearing);
                                if (!g.empty())
                                    return derived(xr, p, g, geo::representative_point(g), LocPrecision::Region,
                                                   xr.ref.radius_km, std::string(bearing_word(*bearing)) + " part of " + xr.entry->name);
                            } catch (const Error&) {
                            }
                        }
                        const double dist = km ? *km : std::max(5.0, xr.ref.radius_km * 2);
                        const LonLat pt = geo::destination(xr.ref.point, *bearing, dist);
                        return derived(xr, p, Geometry::point(pt), pt, LocPrecision::Near,
                                       km ? std::max(1.0, *km * 0.25) + xr.ref.radius_km : dist,
                                       fmt_km(dist) + " " + bearing_word(*bearing) + " of " + xr.entry->name +
                                           (km ? "" : " (distance not given)"));
                    }
                }
            }
        }
    }

    // 8. "near X", "close to X", "the outskirts of X", "the vicinity of X", "around X".
    for (const char* pre : {"near ", "nearby ", "close to ", "the outskirts of ", "outskirts of ", "the vicinity of ",
                            "in the vicinity of ", "vicinity of ", "around ", "the area of ", "area of ",
                            "the area around ", "the surroundings of ", "in the area of "}) {
        if (!starts_with(l, pre)) continue;
        const std::string x_text = p.substr(std::string_view(pre).size());
        Resolution xr = sub(x_text, ctx);
        if (xr.status == Status::Unresolved) return failed(xr, x_text);
        const bool area = is_area(xr.ref.geometry);
        return derived(xr, p, xr.ref.geometry, xr.ref.point, area ? LocPrecision::Region : LocPrecision::Near,
                       xr.ref.radius_km + 5, "near " + xr.interpretation);
    }

    // 9. "eastern Idlib countryside", "Idlib countryside", "the countryside of Hama", "rural Homs".
    {
        std::string body = strip_the(p), bl = ascii_lower(body);
        std::optional<double> bearing;
        std::string x_text;
        for (const char* suf : {" countryside", "'s countryside", " rural area", " rural areas", " suburbs", " suburb",
                                " outskirts"}) {
            if (ends_with(bl, suf)) { x_text = body.substr(0, body.size() - std::string_view(suf).size()); break; }
        }
        for (const char* pre : {"countryside of ", "rural ", "the countryside of "}) {
            if (x_text.empty() && starts_with(bl, pre)) x_text = body.substr(std::string_view(pre).size());
        }
        // "the western countryside of Raqqa": the direction comes before the word.
        if (x_text.empty()) {
            const auto cw = words_of(bl);
            if (cw.size() >= 4 && cw[1] == "countryside" && cw[2] == "of" && compass_adjective(cw[0])) {
                const std::size_t at = cw[0].size() + std::string_view(" countryside of ").size();
                x_text = body.substr(0, cw[0].size()) + " " + body.substr(at);
            }
        }
        if (!x_text.empty()) {
            auto xw = words_of(ascii_lower(x_text));
            if (xw.size() >= 2) {
                if (auto b = compass_adjective(xw.front())) {
                    bearing = b;
                    x_text = x_text.substr(xw.front().size() + 1);
                } else if (auto b2 = compass_adjective(xw.back())) {
                    // "Homs northern countryside", as channel and council names write it.
                    bearing = b2;
                    x_text = x_text.substr(0, x_text.size() - xw.back().size() - 1);
                }
            }
            const bool suburbs = ends_with(bl, " suburbs") || ends_with(bl, " suburb") || ends_with(bl, " outskirts");
            Resolution xr = sub_kind(x_text, suburbs ? PlaceKind::Place : PlaceKind::Admin, false);
            if (xr.status == Status::Unresolved || !xr.entry) return failed(xr, x_text);
            if (!is_extended(xr.entry->kind)) {
                // The countryside or suburbs of a town or village: around it, not its governorate.
                const double reach = suburbs ? 3.0 : 10.0;
                LonLat pt = xr.ref.point;
                if (bearing) pt = geo::destination(pt, *bearing, reach);
                return derived(xr, p, Geometry::point(pt), pt, LocPrecision::Near, xr.ref.radius_km + reach,
                               std::string(suburbs ? "suburbs" : "countryside") + " of " + xr.entry->name +
                                   (bearing ? std::string(", ") + bearing_word(*bearing) + " side" : std::string()));
            }
            const Entry* area = xr.entry->kind == PlaceKind::Admin && is_area(xr.entry->geometry)
                                    ? xr.entry
                                    : m_g.admin1_entry(xr.entry->admin1);
            if (!area) return unresolved(p, "countryside: " + xr.entry->name + " lies in no known governorate");
            Geometry g = area->geometry;
            std::string how = area->name;
            if (ascii_lower(how).find("district") == std::string::npos) how += " governorate";  // not "... sub-district governorate"
            try {
                if (bearing) {
                    g = geo::part_towards(g, *bearing);
                    how = std::string(bearing_word(*bearing)) + " part of " + how;
                }
            } catch (const Error& e) {
                return unresolved(p, std::string("countryside: ") + e.what());
            }
            if (g.empty()) return unresolved(p, "countryside: empty area");
            Resolution r = derived(xr, p, g, geo::representative_point(g), LocPrecision::Region, area->radius_km, how);
            r.entry = area;
            r.ref.gazetteer_id = area->id;
            return r;
        }
    }

    // 10. "southern Idlib", "eastern Syria", "northwestern Syria", "southeastern Deir Ezzor".
    if (words.size() >= 2) {
        if (auto bearing = compass_adjective(words.front())) {
            // "Eastern Ghariyah (town)" may be a village's own name (al-Ghariyah al-Sharqiyah).
            std::string own = strip_the(p);
            for (const char* suf : {" town", " village", " city", " area"})
                if (ends_with(ascii_lower(own), suf)) own = own.substr(0, own.size() - std::string_view(suf).size());
            auto cands = candidates(own, ctx, false);
            if (!cands.empty() && cands.front().same_name && cands.front().rank >= 0.85 &&
                !is_extended(m_g.entry(cands.front().entry).kind))
                return from_candidates(p, std::move(cands));
            const std::string x_text = p.substr(words.front().size() + 1);
            Resolution xr = sub_kind(x_text, PlaceKind::Admin, false);
            if (xr.status == Status::Unresolved || !xr.entry) return failed(xr, x_text);
            // "Western Ghouta" is not the west of "Eastern Ghouta": a name that itself begins
            // with a direction is another part, not the whole.
            if (const auto first = words_of(ascii_lower(xr.entry->name)); !first.empty() && compass_adjective(first.front()))
                return unresolved(p, "'" + xr.entry->name + "' is another part; no place is called '" + p + "'",
                                  xr.candidates);
            if (is_area(xr.ref.geometry)) {
                try {
                    Geometry g = geo::part_towards(xr.ref.geometry, *bearing);
                    if (!g.empty())
                        return derived(xr, p, g, geo::representative_point(g), LocPrecision::Region, xr.ref.radius_km,
                                       std::string(bearing_word(*bearing)) + " part of " + xr.entry->name);
                } catch (const Error&) {
                }
            }
            return derived(xr, p, xr.ref.geometry, xr.ref.point, LocPrecision::Near, xr.ref.radius_km + 10,
                           std::string(bearing_word(*bearing)) + " side of " + xr.entry->name);
        }
    }

    // 11. "the town of X", "the government-controlled town of X", "X station", "X camp".
    {
        static const std::pair<const char*, PlaceKind> kOf[] = {
            {"town of ", PlaceKind::Place}, {"city of ", PlaceKind::Place}, {"village of ", PlaceKind::Place},
            {"villages of ", PlaceKind::Place}, {"towns of ", PlaceKind::Place}, {"district of ", PlaceKind::Place},
            {"area of ", PlaceKind::Place}, {"region of ", PlaceKind::Region}, {"camp of ", PlaceKind::Camp}};
        for (const auto& [word, kind] : kOf) {
            const auto pos = l.find(word);
            if (pos == std::string::npos) continue;
            if (pos != 0 && l[pos - 1] != ' ') continue;
            return sub_kind(p.substr(pos + std::string_view(word).size()), kind, false);
        }
        static const std::pair<const char*, PlaceKind> kSuffix[] = {
            {" station", PlaceKind::Station}, {" pumping station", PlaceKind::Station}, {" camp", PlaceKind::Camp},
            {" refugee camp", PlaceKind::Camp}, {" airbase", PlaceKind::Base}, {" air base", PlaceKind::Base},
            {" airport", PlaceKind::Base}, {" base", PlaceKind::Base}, {" garrison", PlaceKind::Base},
            {" border crossing", PlaceKind::Crossing}, {" crossing", PlaceKind::Crossing},
            {" town", PlaceKind::Place}, {" city", PlaceKind::Place}, {" village", PlaceKind::Place},
            {" area", PlaceKind::Place}, {" region", PlaceKind::Region}, {" river", PlaceKind::River},
            {" highway", PlaceKind::Road}, {" zone", PlaceKind::Zone}};
        for (const auto& [word, kind] : kSuffix) {
            if (!ends_with(l, word) || l.size() <= std::string_view(word).size()) continue;
            Resolution r = sub_kind(p.substr(0, p.size() - std::string_view(word).size()), kind, false);
            if (r.status != Status::Unresolved) return r;
        }
        // Words coders add for a feature at or beside a named place ("Khan Tuman dam", "Al
        // Qatari checkpoint", "Shair gas field", "Tall Bazzam hill"): the place, at Near.
        // Oil fields, deserts, mountains, dams, ruins and bases are named after a place but may lie
        // tens of kilometres from it (or after another place of the name): a suggestion, never
        // resolved (`far`). A checkpoint, farm or market of a town is at the town.
        struct Feature {
            const char* word;
            bool far;
        };
        static const Feature kFeature[] = {
            {" military airbase", true}, {" military airport", true}, {" military base", true}, {" army base", true},
            {" air defense base", true}, {" radar base", true}, {" oil field", true}, {" oil fields", true},
            {" oilfield", true}, {" gas field", true}, {" gas fields", true}, {" oil/gas field", true},
            {" military checkpoint", false}, {" checkpoint", false}, {" dam reservoir", true}, {" dam", true},
            {" reservoir", true}, {" farm", false}, {" farms", false}, {" hill", false}, {" hills", true},
            {" mountain", true}, {" mountains", true}, {" castle", true}, {" citadel", false}, {" tower", false},
            {" prison", false}, {" factory", false}, {" plain", true}, {" plains", true}, {" stream", true},
            {" locality", false}, {" hamlet", false}, {" junction", false}, {" roundabout", false}, {" bridge", false},
            {" neighbourhood", false}, {" neighborhood", false}, {" quarter", false}, {" desert", true},
            {" valley", true}, {" ruins", true}, {" villages", false}, {" villge", false}, {" towns", false},
            {" compound", false}, {" complex", false}, {" hospital", false}, {" school", false}, {" market", false},
            {" mosque", false}, {" square", false}};
        for (const auto& [word, far] : kFeature) {
            if (!ends_with(l, word) || l.size() <= std::string_view(word).size() + 2) continue;
            const std::string x_text = p.substr(0, p.size() - std::string_view(word).size());
            Resolution r = sub_kind(x_text, PlaceKind::Place, false);  // the town, not its sub-district
            if (r.status == Status::Unresolved || r.ref.geometry.empty()) continue;
            if (is_area(r.ref.geometry)) return r;
            Resolution d = derived(r, p, r.ref.geometry, r.ref.point, LocPrecision::Near, r.ref.radius_km + 2,
                                   std::string(trim(std::string_view(word))) + " at " + r.interpretation);
            if (far && d.status == Status::Resolved) {
                d.status = Status::Ambiguous;
                d.message = "the gazetteer has no '" + p + "'; " + r.entry->name + " is the place it is named after, not necessarily where it lies";
            }
            return d;
        }
    }

    // 12. "the eastern bank of the Euphrates".
    {
        const std::string body = ascii_lower(strip_the(p));
        const auto bank = body.find(" bank of ");
        if (bank != std::string::npos) {
            const auto bearing = compass_adjective(body.substr(0, bank));
            const std::string r_text = strip_the(p).substr(bank + 9);
            Resolution rr = sub_kind(r_text, PlaceKind::River, false);
            if (rr.status == Status::Unresolved) return failed(rr, r_text);
            try {
                Geometry g = geo::buffer(rr.ref.geometry, 20);
                if (bearing) g = geo::part_towards(g, *bearing);
                if (!g.empty())
                    return derived(rr, p, g, geo::representative_point(g), LocPrecision::Region, 20,
                                   (bearing ? std::string(bearing_word(*bearing)) + " side of " : std::string("banks of ")) +
                                       rr.entry->name + " (20 km band)");
            } catch (const Error& e) {
                return unresolved(p, std::string("river bank: ") + e.what());
            }
        }
    }

    // 13a. "the provinces of Daraa and al-Quneitra", "Daraa and Quneitra provinces": both areas.
    {
        std::string body = strip_the(p), bl = ascii_lower(body);
        std::string inner;
        for (const char* pre : {"provinces of ", "governorates of "})
            if (starts_with(bl, pre)) inner = body.substr(std::string_view(pre).size());
        for (const char* suf : {" provinces", " governorates"})
            if (inner.empty() && ends_with(bl, suf)) inner = body.substr(0, body.size() - std::string_view(suf).size());
        const auto il = ascii_lower(inner);
        const auto pos = il.find(" and ");
        if (!inner.empty() && pos != std::string::npos) {
            Resolution a = sub_kind(inner.substr(0, pos), PlaceKind::Admin, true);
            Resolution b = sub_kind(inner.substr(pos + 5), PlaceKind::Admin, true);
            if (a.status == Status::Unresolved) return failed(a, inner.substr(0, pos));
            if (b.status == Status::Unresolved) return failed(b, inner.substr(pos + 5));
            Geometry both = geo::unite({a.ref.geometry, b.ref.geometry});
            if (!both.empty()) {
                Resolution r = derived(a, p, both, geo::representative_point(both), LocPrecision::Region,
                                       std::max(a.ref.radius_km, b.ref.radius_km), a.entry->name + " and " + b.entry->name);
                r.status = worst(a.status, b.status);
                return r;
            }
        }
    }

    // 13b. "the desert area near Palmyra", "villages near X": the words before "near" describe.
    if (const auto pos = l.find(" near "); pos != std::string::npos) {
        const std::string rest = p.substr(pos + 1);
        Resolution r = sub(rest, ctx);
        if (r.status != Status::Unresolved) {
            r.interpretation = p.substr(0, pos) + " " + r.interpretation;
            return r;
        }
    }

    // 13. "X in Z", "X, Z": Z an admin area or a place that decides between same-named Xs.
    for (const char* sep : {", ", " in "}) {
        const auto pos = l.rfind(sep);
        if (pos == std::string::npos || pos == 0) continue;
        const std::string z = p.substr(pos + std::string_view(sep).size());
        Resolution zr = sub(z, ctx);
        if (zr.status == Status::Unresolved || !zr.entry) continue;
        Context c = ctx;
        if (const std::string code = Gazetteer::area_code(*zr.entry); !code.empty()) {
            c.admin1.push_back(code);
        } else {
            c.anchors.push_back(zr.ref.point);
            // "X in Hama": the city, and the governorate of its name, both say where X is.
            if (const Entry* a = same_name_area(zr))
                if (const std::string area = Gazetteer::area_code(*a); !area.empty()) c.admin1.push_back(area);
        }
        Resolution xr = sub(p.substr(0, pos), c);
        if (xr.status == Status::Unresolved) continue;
        if (sep == std::string_view(" in "))
            if (auto r = clip_line(xr, zr)) return *r;
        xr.interpretation += ", in " + zr.entry->name;
        return xr;
    }

    // 14. A name, fuzzy matches allowed.
    auto cands = candidates(strip_the(p), ctx, true);
    // 14a. "Tall Rasha", "Ard az Zurzur", "Khirbat X", "Mazraat X", "Jabal X", "Bir X", "Jubb X",
    // "New X": the mound, land, ruin, farm, hill, well or pit of a village, or its new quarter,
    // when the whole is no name the gazetteer knows. Only a suggestion: never
    // resolved, always near X.
    if (cands.empty() || !cands.front().same_name || cands.front().rank < 0.85) {
        const auto w = words_of(l);
        static const char* const kOf[] = {"tall", "tal", "tell", "tel", "ard", "mazraat", "mazraet", "mazraa",
                                          "khirbat", "khirbet", "kherbet", "khirbit", "jabal", "jebel", "jabel",
                                          "mount", "bir", "jubb", "jub", "sahl", "new"};
        if (w.size() >= 2 && std::find_if(std::begin(kOf), std::end(kOf), [&](const char* k) { return w[0] == k; }) != std::end(kOf)) {
            Resolution xr = sub_kind(p.substr(w[0].size() + 1), PlaceKind::Place, false);
            if (xr.status != Status::Unresolved && xr.entry && !is_extended(xr.entry->kind) &&
                (xr.candidates.empty() || xr.candidates.front().same_name)) {
                Resolution r = derived(xr, p, xr.ref.geometry, xr.ref.point, LocPrecision::Near, xr.ref.radius_km + 3,
                                       "near " + xr.interpretation + " ('" + w[0] + "' of it?)");
                r.status = Status::Ambiguous;
                r.message = "no place is called '" + p + "'; " + xr.entry->name + " is the nearest reading";
                return r;
            }
        }
    }
    return from_candidates(p, std::move(cands));
}

}  // namespace cm::gaz
