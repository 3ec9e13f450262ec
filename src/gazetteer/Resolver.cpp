// conflictmap gazetteer: candidate ranking and name resolution. Spatial phrases are in
// SpatialPhrase.cpp.
#include "gazetteer/Resolver.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/Utf8.h"
#include "gazetteer/Fold.h"
#include "geo/Geodesic.h"
#include "geo/Shapes.h"

namespace cm::gaz {

const char* status_name(Status s) {
    switch (s) {
        case Status::Resolved: return "resolved";
        case Status::Ambiguous: return "ambiguous";
        case Status::Unresolved: return "unresolved";
    }
    return "?";
}

Resolver::Resolver(const Gazetteer& g, ResolverLimits limits) : m_g(g), m_limits(limits) {}

namespace {

std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

/// How much prominence (0..1) adds to a candidate's score.
constexpr double kProminenceWeight = 0.08;

// A name that says it is of an area ("Idlib District", "Nahiyat Saraqib", "Aleppo Governorate"):
// GeoNames gives such names to towns too, as variants of the district seat.
bool names_an_area(std::string_view folded) {
    for (const char* w : {"district", "governorate", "province", "nahiy", "mantiq", "muhafaz", "ناحية", "منطقة", "محافظة"})
        if (folded.find(w) != std::string_view::npos) return true;
    return false;
}

double match_score(const NameHit& h, const NameIndex::Name& n, std::string_view folded_query) {
    switch (h.kind) {
        case MatchKind::Exact: return n.primary ? 1.0 : 0.99;
        case MatchKind::Folded: return 0.97;  // another spelling, not weaker evidence
        case MatchKind::Skeleton: {
            // The skeleton drops vowels: weigh how far the folded forms still are.
            const int d = edit_distance(folded_query, n.folded, 4);
            const double s = 0.90 - 0.04 * d;
            return n.skeleton.size() <= 3 ? s - 0.12 : s;
        }
        case MatchKind::Fuzzy:  // closer written forms first among equally near skeletons
            return (h.distance == 1 ? 0.80 : 0.70) - 0.02 * edit_distance(folded_query, n.folded, 5);
    }
    return 0;
}

/// The folded form with the vowel spellings romanisations disagree on made alike: "ou"/"oo"
/// -> "u", "ee" -> "i", a word's final "ah"/"eh"/"e" -> "a" ("Mansoura", "Mansurah", "Mansura").
std::string loose_vowels(std::string_view folded) {
    std::string out;
    out.reserve(folded.size());
    for (std::size_t i = 0; i < folded.size(); ++i) {
        const char c = folded[i];
        const char n = i + 1 < folded.size() ? folded[i + 1] : ' ';
        if ((c == 'o' && (n == 'u' || n == 'o')) || (c == 'e' && n == 'e')) {
            out += c == 'e' ? 'i' : 'u';
            ++i;
            continue;
        }
        const bool word_end = n == ' ';
        const char n2 = i + 2 < folded.size() ? folded[i + 2] : ' ';
        if ((c == 'a' || c == 'e') && n == 'h' && n2 == ' ' && i > 0) { out += 'a'; ++i; continue; }
        if (c == 'e' && word_end && i > 1) { out += 'a'; continue; }
        out += c;
    }
    return out;
}

/// loose_vowels with doubled letters written once: what two romanisations of one name still
/// share when one doubles a consonant and the other does not ("Tayyibah", "Taybah";
/// "Assadiyah", "Asadiyah").
std::string namesake_form(std::string_view folded) {
    std::string loose = loose_vowels(folded), out;
    out.reserve(loose.size());
    for (std::size_t i = 0; i < loose.size(); ++i) {
        const char c = loose[i];
        if (!out.empty() && c == out.back() && c != ' ') continue;
        // "yi" before a consonant is the doubled y's vowel: "Tayyibah" and "Taybah".
        if (c == 'i' && !out.empty() && out.back() == 'y' && i + 1 < loose.size() &&
            std::string_view("aeiou ").find(loose[i + 1]) == std::string_view::npos)
            continue;
        out += c;
    }
    return out;
}

/// Two entries that are the same real thing for ambiguity purposes: near each other, or one
/// containing the other (Idlib the city inside Idlib the governorate).
bool same_place(const Entry& a, const Entry& b) {
    if (a.geometry.empty() || b.geometry.empty()) return false;
    const double d = geo::distance_km(a.point, b.point);
    if (d <= std::max(5.0, std::max(a.radius_km, b.radius_km))) return true;
    if (a.geometry.contains(b.point) || b.geometry.contains(a.point)) return true;
    return false;
}

}  // namespace

std::vector<Candidate> Resolver::candidates(std::string_view name, const Context& ctx, bool allow_fuzzy) const {
    std::vector<Candidate> out;
    const std::string clean = utf8_sanitize(name.substr(0, m_limits.max_phrase_bytes));
    const std::string folded = fold_name(clean);
    if (folded.empty()) return out;
    std::vector<NameHit> hits;
    m_g.names().lookup_folded(trim(clean), folded, skeleton_of_folded(folded), allow_fuzzy && !ctx.strict, hits);
    const std::string loose_query = namesake_form(folded);
    // Places that share the Arabic name of a place the query names are its namesakes whatever
    // their romanisation ("Almoktaria" and "Mokhtariyeh" are both al-Mukhtariyah): they join
    // the hits, matched through that Arabic name.
    std::vector<char> by_arabic_name(hits.size(), 0);
    {
        std::vector<std::string> arabic;
        for (const NameHit& h : hits)
            // Only OCHA's communities: their Arabic names are the official ones (merged
            // GeoNames variants include old and foreign names: "Adra" is also Daraa's).
            if ((h.kind == MatchKind::Exact || h.kind == MatchKind::Folded) && !m_g.entry(h.entry).pcode.empty() &&
                m_g.entry(h.entry).kind == PlaceKind::Place) {
                const std::string& ar = m_g.entry(h.entry).name_ar;
                if (!ar.empty() && arabic.size() < 4 && std::find(arabic.begin(), arabic.end(), ar) == arabic.end())
                    arabic.push_back(ar);
            }
        std::vector<NameHit> more;
        for (const std::string& ar : arabic) {
            m_g.names().lookup_folded(ar, fold_name(ar), {}, false, more);
            for (const NameHit& m : more) {
                const Entry& other = m_g.entry(m.entry);
                // Its own Arabic name, or one of OCHA's for it (a place of two names,
                // "اسماعيلية-المختارية"), not a variant some other source gave it.
                if (other.kind != PlaceKind::Place || (other.name_ar != ar && other.pcode.empty())) continue;
                auto it = std::find_if(hits.begin(), hits.end(), [&](const NameHit& h) { return h.entry == m.entry; });
                if (it != hits.end() && (it->kind == MatchKind::Exact || it->kind == MatchKind::Folded)) continue;
                if (it != hits.end()) {  // a near spelling: a namesake unless its spelling already says so
                    by_arabic_name[static_cast<std::size_t>(it - hits.begin())] = 1;
                } else {
                    NameHit add = m;
                    add.kind = MatchKind::Folded;
                    hits.push_back(add);
                    by_arabic_name.push_back(1);
                }
            }
        }
    }
    for (std::size_t hi = 0; hi < hits.size(); ++hi) {
        const NameHit& h = hits[hi];
        const Entry& e = m_g.entry(h.entry);
        if (ctx.strict && h.kind == MatchKind::Skeleton &&
            (m_g.names().name(h.name).skeleton.size() < 4 || edit_distance(folded, m_g.names().name(h.name).folded, 2) > 2))
            continue;
        if (ctx.kind_required && ctx.kind_hint && e.kind != *ctx.kind_hint) continue;
        const auto& n = m_g.names().name(h.name);
        Candidate c;
        c.entry = h.entry;
        c.match = h.kind;
        c.matched = n.text;
        double s = match_score(h, n, folded);
        c.name_score = s;
        c.same_name = h.kind == MatchKind::Exact || h.kind == MatchKind::Folded ||
                      (h.kind == MatchKind::Skeleton &&
                       ((n.skeleton.size() >= 3 && edit_distance(folded, n.folded, 2) <= 1) ||
                        (loose_query.size() >= 5 && loose_query == namesake_form(n.folded))));
        // Through the Arabic name: a namesake that the spelling alone did not show.
        const bool by_arabic = by_arabic_name[hi] && !c.same_name;
        if (by_arabic) {
            c.same_name = c.by_arabic = true;
            if (h.kind == MatchKind::Folded) s -= 0.01;  // found only through the Arabic name
        }
        c.reasons.push_back(by_arabic ? "same Arabic name '" + n.text + "' as a place of this spelling" :
                            std::string(match_kind_name(h.kind)) + " match on '" + n.text + "'" +
                            (h.kind == MatchKind::Fuzzy ? " (" + std::to_string(h.distance) + " edit" +
                                                              (h.distance > 1 ? "s)" : ")") : ""));
        s += kProminenceWeight * e.prominence / 100.0;
        if (!e.country.empty() && e.country != "SY") s -= 0.08;  // reports are about Syria
        if (ctx.kind_hint) {
            if (e.kind == *ctx.kind_hint) {
                s += 0.06;
                c.reasons.push_back(std::string("kind ") + kind_name(e.kind) + " as asked");
            } else {
                s -= 0.08;
            }
        }
        if (!ctx.admin1.empty()) {
            // Each named area it lies in counts: "X, Afrin district, Aleppo" prefers the X in
            // the district to another X elsewhere in the governorate.
            int in = 0;
            for (const std::string& code : ctx.admin1)
                if (Gazetteer::in_area(e, code)) {
                    ++in;
                    c.reasons.push_back("in " + code + ", named in the context");
                }
            if (in) s += 0.12 * in;
            else if (!is_extended(e.kind)) s -= 0.12;
        }
        if (!ctx.anchors.empty() && !e.geometry.empty()) {
            double best = HUGE_VAL;
            // The places named most recently matter; the rank only needs rough distances.
            const std::size_t from = ctx.anchors.size() > 8 ? ctx.anchors.size() - 8 : 0;
            for (std::size_t i = from; i < ctx.anchors.size(); ++i) best = std::min(best, geo::approx_km(ctx.anchors[i], e.point));
            c.anchor_bonus = best < 30 ? 0.08 : best < 100 ? 0.04 : best > 300 ? -0.04 : 0.0;
            s += c.anchor_bonus;
            if (best < 100) c.reasons.push_back(fmt("%.0f km from a place named earlier", best));
        }
        // Bare names: a town before a river or road of the same name (Afrin).
        // Bare names: a town before the governorate named after it (Deir Ezzor).
        // Bare names: a town before the district or sub-district named after it (Dumayr), which
        // reports name as areas ("the Dumayr sub-district").
        // A name of an area ("Idlib District") is the area's, even where a town carries it too.
        const bool area_name = names_an_area(n.folded);
        if (area_name && e.kind != PlaceKind::Admin && !ctx.kind_hint) {
            s -= 0.08;
            c.same_name = c.by_arabic = false;  // not the town's own name: no namesake of the area
            c.reasons.push_back("'" + n.text + "' names an area");
        }
        if (!ctx.kind_hint && !area_name)
            s += (e.kind == PlaceKind::River || e.kind == PlaceKind::Road) ? -0.03
                 : e.kind == PlaceKind::Admin ? (e.pcode.empty() ? -0.02 : -0.06)
                                              : 0.0;
        c.rank = s;
        c.score = std::clamp(s, 0.0, 1.0);
        out.push_back(std::move(c));
    }
    std::stable_sort(out.begin(), out.end(), [&](const Candidate& a, const Candidate& b) {
        if (a.rank != b.rank) return a.rank > b.rank;
        return m_g.entry(a.entry).id < m_g.entry(b.entry).id;
    });
    if (out.size() > m_limits.max_candidates) {
        // Namesakes are decided on context and prominence, not spelling: the one that would
        // lead among them stays in the list even when its romanisation ranks it lower.
        std::size_t lead = out.size();
        if (out.front().same_name)
            for (std::size_t i = 0; i < out.size(); ++i)
                if (out[i].same_name && out[i].rank >= m_limits.min_score &&
                    (lead == out.size() || namesake_key(out[i]) > namesake_key(out[lead]) + 1e-9))
                    lead = i;
        if (lead < out.size() && lead >= m_limits.max_candidates)
            std::rotate(out.begin() + static_cast<std::ptrdiff_t>(m_limits.max_candidates - 1),
                        out.begin() + static_cast<std::ptrdiff_t>(lead), out.begin() + static_cast<std::ptrdiff_t>(lead) + 1);
        out.resize(m_limits.max_candidates);
    }
    return out;
}

double Resolver::namesake_key(const Candidate& c, bool to_lead) const {
    const double prom = m_g.entry(c.entry).prominence / 100;
    // Places named elsewhere in the document are weaker evidence between namesakes than an
    // admin area named with the place: a report may move across the country.
    const double spelled_alike = c.match == MatchKind::Exact ? m_limits.namesake_exact_bonus : 0.0;
    const double context = c.rank - c.name_score - kProminenceWeight * prom - 0.5 * c.anchor_bonus;
    // A namesake found only through its Arabic name leads only on context: the query's own
    // spelling is some evidence for the places spelled that way.
    if (c.by_arabic && to_lead) return context - m_limits.namesake_exact_bonus;
    return context + m_limits.namesake_prominence_weight * prom + spelled_alike;
}

Resolution Resolver::from_candidates(std::string_view query, std::vector<Candidate> cands) const {
    Resolution r;
    r.query = std::string(query);
    r.candidates = std::move(cands);
    if (r.candidates.empty()) {
        r.message = "no gazetteer name matches";
        return r;
    }
    // Between namesakes, spelling says nothing: the one with the best context and prominence
    // leads (an exact spelling of a hamlet does not beat another romanisation of the city).
    if (r.candidates.front().same_name && r.candidates.front().rank >= m_limits.min_score) {
        std::size_t best = 0;
        for (std::size_t i = 1; i < r.candidates.size(); ++i)
            if (r.candidates[i].same_name && r.candidates[i].rank >= m_limits.min_score &&
                namesake_key(r.candidates[i]) > namesake_key(r.candidates[best]) + 1e-9)
                best = i;
        if (best) std::rotate(r.candidates.begin(), r.candidates.begin() + static_cast<std::ptrdiff_t>(best),
                              r.candidates.begin() + static_cast<std::ptrdiff_t>(best) + 1);
    }
    const Candidate& top = r.candidates.front();
    if (top.rank < m_limits.min_score) {
        r.message = "best candidate '" + m_g.entry(top.entry).name + "' scores " + fmt("%.2f", top.score) +
                    ", below the threshold " + fmt("%.2f", m_limits.min_score);
        return r;
    }
    const Entry& e = m_g.entry(top.entry);
    r.entry = &e;
    r.status = Status::Resolved;
    for (std::size_t i = 1; i < r.candidates.size(); ++i) {
        const Candidate& c = r.candidates[i];
        // Namesakes compete on what is not spelling (context, prominence): "Al Mansoura" and
        // "Mansura" are one name romanised twice.
        const bool namesakes = top.same_name && c.same_name;
        if (namesakes) {
            // (one found through its Arabic name competes on size here, not only on context)
            if (namesake_key(top) - namesake_key(c, false) > m_limits.ambiguity_margin) continue;  // context or size decides
        } else if (top.rank - c.rank > m_limits.ambiguity_margin) {
            continue;
        }
        // Only things of one class compete: a town and a river of the same name do not.
        if (is_extended(e.kind) != is_extended(m_g.entry(c.entry).kind)) continue;
        if (!same_place(e, m_g.entry(c.entry))) {
            r.status = Status::Ambiguous;
            r.message = "'" + m_g.entry(c.entry).name + "' (" + m_g.entry(c.entry).id + ") scores nearly as well; " +
                        "name the province or a nearby place to decide";
            break;
        }
    }
    if (r.status == Status::Resolved && top.match == MatchKind::Fuzzy &&
        skeleton_of_folded(fold_name(top.matched)).size() < m_limits.fuzzy_resolve_letters) {
        r.status = Status::Ambiguous;
        r.message = "only a near spelling matches ('" + top.matched + "'); confirm it or name the province";
    } else if (const double spelling = top.name_score + kProminenceWeight * e.prominence / 100;
               r.status == Status::Resolved && top.match == MatchKind::Skeleton && spelling < m_limits.skeleton_resolve) {
        // The evidence of the spelling itself (as calibrated: match and prominence, without the
        // context bonuses that every place of a named district gets alike).
        r.status = Status::Ambiguous;
        r.message = "matches '" + top.matched + "' by its consonants only (score " +
                    fmt("%.2f", spelling) + ", resolving needs " +
                    fmt("%.2f", m_limits.skeleton_resolve) + "); confirm it or name the province";
    }
    r.ref.written = std::string(query);
    r.ref.geometry = e.geometry;
    r.ref.point = e.point;
    r.ref.radius_km = e.radius_km;
    r.ref.gazetteer_id = e.id;
    r.ref.precision = is_extended(e.kind) && e.kind != PlaceKind::Road && e.kind != PlaceKind::River
                          ? LocPrecision::Region
                          : LocPrecision::Place;
    r.interpretation = e.name;
    return r;
}

Resolution Resolver::resolve_name(std::string_view name, const Context& ctx) const {
    return from_candidates(name, candidates(name, ctx));
}

Context Resolver::context_from_text(std::string_view text) const {
    Context ctx;
    const std::string folded = fold_name(utf8_sanitize(text.substr(0, 100000)));
    const auto words = split(folded, ' ');
    // n-grams of up to 3 words, looked up exactly (folded) — no fuzzy guessing in context.
    std::vector<NameHit> hits;
    for (std::size_t i = 0; i < words.size(); ++i) {
        std::string gram;
        for (std::size_t n = 0; n < 3 && i + n < words.size(); ++n) {
            if (n) gram += ' ';
            gram += words[i + n];
            if (gram.size() < 3) continue;
            m_g.names().lookup_folded(gram, gram, {}, false, hits);
            const Entry* admin = nullptr;
            const Entry* place = nullptr;
            int places = 0;
            for (const NameHit& h : hits) {
                const Entry& e = m_g.entry(h.entry);
                if (e.kind == PlaceKind::Admin && e.id.rfind("ne:SY-", 0) == 0) {
                    admin = &e;
                } else if (e.kind == PlaceKind::Admin && !e.pcode.empty() && n > 0) {
                    // A district or sub-district only when named as one ("Ariha district",
                    // "Nahiyat Saraqib"): its bare name is usually the town.
                    const std::string& f = m_g.names().name(h.name).folded;
                    for (const char* w : {"district", "nahiy", "mantiq", "ناحية", "منطقة"})
                        if (f.find(w) != std::string::npos) admin = &e;
                }
                else if (e.prominence >= 50 && !is_extended(e.kind)) { place = &e; ++places; }
            }
            if (admin && std::find(ctx.admin1.begin(), ctx.admin1.end(), Gazetteer::area_code(*admin)) == ctx.admin1.end())
                ctx.admin1.push_back(Gazetteer::area_code(*admin));
            if (places == 1) ctx.anchors.push_back(place->point);
        }
    }
    return ctx;
}

}  // namespace cm::gaz
