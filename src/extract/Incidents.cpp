// conflictmap extract: one incident, one event (see Incidents.h).
#include "extract/Incidents.h"

#include <algorithm>
#include <cmath>

#include "core/Utf8.h"
#include "extract/Dates.h"
#include "extract/Extractor.h"
#include "extract/Lexicon.h"
#include "geo/Geodesic.h"
#include "geo/Shapes.h"

namespace cm::ex {

namespace {

bool starts_with_ci(std::string_view s, std::string_view p) {
    if (s.size() < p.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (ascii_lower(s[i]) != p[i]) return false;
    return true;
}

// "Reported casualties: None reported" says nothing countable.
std::optional<Count> box_count(std::string_view value) {
    const std::string v = ascii_lower(value);
    for (const char* none : {"not reported", "none", "not available", "unknown", "n/a"})
        if (v.find(none) != std::string::npos) return std::nullopt;
    return parse_count(value);
}

// "IDLIB : Hass" -> "Hass, Idlib"; "Atarib (Aleppo governorate, Syria)" -> "Atarib, Aleppo governorate".
std::string box_place(std::string_view value) {
    std::string v(trim(value));
    if (const auto colon = v.find(':'); colon != std::string::npos) {
        const std::string area(trim(std::string_view(v).substr(0, colon)));
        const std::string place(trim(std::string_view(v).substr(colon + 1)));
        if (place.empty()) return area;
        std::string a = ascii_lower(area);
        if (!a.empty()) a[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(a[0])));
        return place + ", " + a;
    }
    if (const auto open = v.find('('); open != std::string::npos) {
        const std::string place(trim(std::string_view(v).substr(0, open)));
        std::string inner = v.substr(open + 1);
        if (const auto close = inner.find(')'); close != std::string::npos) inner.resize(close);
        if (const auto comma = inner.find(','); comma != std::string::npos) inner.resize(comma);
        return place + ", " + std::string(trim(inner));
    }
    return v;
}

bool generic(const Event& e) { return e.kind.empty() || e.kind == "attack" || e.kind == "killing"; }

double distance_between(const Event& a, const Event& b) {
    if (a.location.geometry.empty() || b.location.geometry.empty()) return HUGE_VAL;
    return std::min(geo::distance_km(a.location.point, b.location.geometry),
                    geo::distance_km(b.location.point, a.location.geometry));
}

bool has_place(const Event& e) { return !e.location.geometry.empty(); }

// The same place (one gazetteer entry, or within 3 km: a town and its hospital), or one inside
// the other's area (Hass inside "Idlib province"). Two villages a few km apart are two places:
// two villages struck the same night are two incidents.
bool places_agree(const Event& a, const Event& b) {
    if (!has_place(a) || !has_place(b)) return true;
    if (!a.location.gazetteer_id.empty() && a.location.gazetteer_id == b.location.gazetteer_id) return true;
    if (distance_between(a, b) <= 3) return true;
    if (a.location.precision == LocPrecision::Region && a.location.geometry.contains(b.location.point)) return true;
    if (b.location.precision == LocPrecision::Region && b.location.geometry.contains(a.location.point)) return true;
    return false;
}

bool days_agree(const Event& a, const Event& b) {
    if (!a.date.valid() || !b.date.valid()) return true;
    return a.date.first.days() <= b.date.last.days() + 1 && b.date.first.days() <= a.date.last.days() + 1;
}

// The same kind, or one of them generic ("an attack", "killed"), or both strikes from afar
// (an airstrike another sentence calls shelling or bombing).
bool is_fact_box(const Event& e) { return e.has_flag("fact-box"); }

bool kinds_agree(const Event& a, const Event& b) {
    if (a.kind == b.kind || generic(a) || generic(b)) return true;
    if (a.type == EventType::ExplosionsRemoteViolence && b.type == EventType::ExplosionsRemoteViolence) return true;
    // On a fact box's own day, any violence there is the documented attack told in other words
    // ("clashes", "bombing", "an explosion"): the box says what happened.
    auto violent = [](EventType t) {
        return t == EventType::ExplosionsRemoteViolence || t == EventType::ViolenceAgainstCivilians || t == EventType::Battles;
    };
    const Event* box = is_fact_box(a) ? &a : is_fact_box(b) ? &b : nullptr;
    const Event* other = box == &a ? &b : &a;
    return box && violent(box->type) && violent(other->type) && other->date.valid() && other->date.first == box->date.first &&
           other->date.last == box->date.last;
}

// How strongly an event stands on its own: a fact box, a known day, a precise place, a count.
int strength(const Event& e) {
    int s = 0;
    if (is_fact_box(e)) s += 1000;
    if (e.date.valid() && e.date.precision == DatePrecision::Day) s += 100;
    if (has_place(e)) s += e.location.precision == LocPrecision::Place ? 50 : e.location.precision == LocPrecision::Near ? 30 : 10;
    if (e.casualties.killed.given()) s += 20;
    s += static_cast<int>(e.confidence * 10);
    return s;
}

// Whether an actor could be one named in actors: they share a telling word ("Russian warplanes"
// and "Russian or Syrian air force"). Words that every armed body has do not tell.
bool shares_actor_word(const std::vector<Actor>& actors, const Actor& x) {
    std::string side;
    for (const Actor& a : actors) side += " " + ascii_lower(a.name) + " " + ascii_lower(a.written) + " ";
    for (const std::string& text : {x.name, x.written})
        for (const std::string& word : split(ascii_lower(text), ' ')) {
            if (word.size() < 4) continue;
            static const char* generic[] = {"forces", "force", "armed", "army", "group", "groups", "militia", "militias",
                                            "fighters", "warplanes", "jets", "aircraft", "airforce", "troops", "unidentified"};
            if (std::any_of(std::begin(generic), std::end(generic), [&](const char* g) { return word == g; })) continue;
            if (side.find(" " + word + " ") != std::string::npos) return true;
        }
    return false;
}

void merge_into(Event& head, const Event& e) {
    if (!head.casualties.killed.given() && e.casualties.killed.given()) {
        head.casualties.killed = e.casualties.killed;
    } else if (head.casualties.killed.given() && e.casualties.killed.given() &&
               e.casualties.killed.best != head.casualties.killed.best && e.casualties.killed.best >= 0) {
        const std::string also = "also reported: " + std::to_string(e.casualties.killed.best) + " killed";
        if (head.casualties.qualifier.find(also) == std::string::npos)
            head.casualties.qualifier += (head.casualties.qualifier.empty() ? "" : "; ") + also;
    }
    if (!head.casualties.injured.given() && e.casualties.injured.given()) head.casualties.injured = e.casualties.injured;
    if (head.actor1.empty()) head.actor1 = e.actor1;
    // A lone actor of another sentence ("... Russian warplanes") is no target when the head's
    // own actor already names it ("Russian or Syrian air force").
    const bool lone_same_side = e.actor1.empty() && !head.actor1.empty() &&
                                std::any_of(e.actor2.begin(), e.actor2.end(), [&](const Actor& x) { return shares_actor_word(head.actor1, x); });
    if (head.actor2.empty() && !lone_same_side) head.actor2 = e.actor2;
    if (!has_place(head) && has_place(e)) head.location = e.location;
    // A more precise place inside the head's area refines it.
    if (has_place(head) && has_place(e) && head.location.precision == LocPrecision::Region &&
        e.location.precision != LocPrecision::Region && head.location.geometry.contains(e.location.point))
        head.location = e.location;
    if (generic(head) && !generic(e)) {
        head.type = e.type;
        head.sub_event_type = e.sub_event_type;
        head.kind = e.kind;
    }
    // Every sentence used stays with the event.
    if (!e.provenance.text.empty() && head.provenance.text.find(e.provenance.text) == std::string::npos)
        head.provenance.text += "\n\n" + e.provenance.text;
    int merged = 1;
    for (auto it = head.flags.begin(); it != head.flags.end(); ++it)
        if (it->rfind("mentions:", 0) == 0) {
            merged = std::atoi(it->c_str() + 9);
            head.flags.erase(it);
            break;
        }
    head.flags.push_back("mentions:" + std::to_string(merged + 1));
    head.confidence = std::max(head.confidence, e.confidence);
}

}  // namespace

FactBox read_fact_box(const Report& report) {
    FactBox box;
    DateContext dctx;
    dctx.published = report.published;
    std::size_t pos = 0, paragraphs = 0;
    // "Label: value" pieces, one a paragraph or several run together in one ("Location: X
    // Hospital: Y Date: Z"): a piece starts where a capitalised label of at most four words
    // ends in a colon.
    std::vector<std::pair<std::size_t, std::size_t>> pieces;
    while (pos < report.text.size() && paragraphs < 40) {
        std::size_t end = report.text.find("\n\n", pos);
        if (end == std::string::npos) end = report.text.size();
        std::vector<std::size_t> starts{pos};
        for (std::size_t i = pos + 1; i < end; ++i) {
            if (report.text[i - 1] != ' ' || !std::isupper(static_cast<unsigned char>(report.text[i]))) continue;
            std::size_t j = i, words = 1;
            while (j < end && j - i < 32 && report.text[j] != ':' && (std::isalpha(static_cast<unsigned char>(report.text[j])) || report.text[j] == ' '))
                words += report.text[j++] == ' ';
            // "Date:" is a label; "IDLIB : Hass" (a space before the colon) is a value.
            if (j < end && report.text[j] == ':' && words <= 4 && j > i && report.text[j - 1] != ' ') starts.push_back(i);
        }
        for (std::size_t k = 0; k < starts.size(); ++k) pieces.push_back({starts[k], k + 1 < starts.size() ? starts[k + 1] : end});
        pos = end + 2;
        ++paragraphs;
    }
    for (const auto& [piece_begin, piece_end] : pieces) {
        const std::size_t end = piece_end;
        pos = piece_begin;
        // A fact box line may end with Markdown's hard break or emphasis marks.
        std::string_view line = trim(std::string_view(report.text).substr(pos, end - pos));
        while (!line.empty() && (line.back() == '\\' || line.back() == '*' || line.back() == '_')) line = trim(line.substr(0, line.size() - 1));
        while (!line.empty() && (line.front() == '*' || line.front() == '_' || line.front() == '-')) line = trim(line.substr(1));
        const auto colon = line.find(':');
        if (colon != std::string_view::npos && colon < 40) {
            const std::string_view label = trim(line.substr(0, colon));
            const std::string_view value = trim(line.substr(colon + 1));
            bool used = true;
            if (starts_with_ci(label, "location") && box.place.empty() && !value.empty()) {
                box.place = box_place(value);
                box.place_written = std::string(value);
            } else if ((ascii_lower(label) == "date" || starts_with_ci(label, "date of")) && !box.date) {
                for (const auto& d : find_dates(value, dctx))
                    if (d.span.valid() && d.span.precision == DatePrecision::Day) {
                        box.date = d.span.first;
                        break;
                    }
            } else if (starts_with_ci(label, "reported casualties") || starts_with_ci(label, "casualties") ||
                       starts_with_ci(label, "reported killed") || starts_with_ci(label, "killed") ||
                       starts_with_ci(label, "deaths")) {
                if (!box.killed) box.killed = box_count(value);
            } else if (starts_with_ci(label, "reported injured") || starts_with_ci(label, "injured")) {
                if (!box.injured) box.injured = box_count(value);
            } else if (starts_with_ci(label, "alleged perpetrator") || starts_with_ci(label, "potentially responsible") ||
                       starts_with_ci(label, "perpetrator")) {
                box.perpetrator = std::string(value);
            } else {
                used = false;
            }
            if (used) {
                if (box.begin == 0 && box.end == 0) box.begin = pos;
                box.end = end;
            }
        }
    }
    return box;
}

std::optional<InferredDate> infer_publication_date(const Report& report, const gaz::Gazetteer& gazetteer) {
    const std::string& text = report.text;
    const std::string lower = ascii_lower(text);
    // The latest explicit year (1990-2035, as a word).
    int year = 0;
    for (std::size_t i = 0; i + 4 <= text.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(text[i])) || (i > 0 && std::isalnum(static_cast<unsigned char>(text[i - 1]))))
            continue;
        if (i + 4 < text.size() && std::isalnum(static_cast<unsigned char>(text[i + 4]))) continue;
        const int y = std::atoi(text.substr(i, 4).c_str());
        if (y >= 1990 && y <= 2035) year = std::max(year, y);
    }
    std::optional<InferredDate> best;
    auto consider = [&](CivilDate d, std::string why) {
        if (!best || best->date < d) best = InferredDate{d, std::move(why)};
    };
    const bool last_week = lower.find("last week") != std::string::npos;
    const bool talks_of_a_deal = [&] {
        for (const char* w : {"agreement", "deal", "memorandum", "protocol", "accord", "understanding"})
            if (lower.find(w) != std::string::npos) return true;
        return false;
    }();
    auto names_found = [&](const std::vector<std::string>& names) {
        for (const std::string& n : names) {
            const std::string ln = ascii_lower(n);
            if (ln.size() >= 8 && lower.find(ln) != std::string::npos) return true;  // "DMZ", "the zone": too short
        }
        return false;
    };
    auto anchor = [&](CivilDate d, std::string why) {
        if (last_week) {
            d = d.plus_days(7);
            why += ", a week later by its 'last week'";
        }
        consider(d, std::move(why));
    };
    // Agreements of the calendar it names ("the Sochi agreement").
    for (const gaz::Agreement& a : gazetteer.agreements())
        if (names_found(a.names)) anchor(*CivilDate::parse_iso(a.date), "names the agreement of " + a.date + " (" + a.id + ")");
    // Zones it invokes by name: their start, or, where it speaks of the deal that made the zone,
    // the deal's day ("averted last week when Russia and Turkey reached an agreement ... the 15
    // kilometer buffer zone": the Sochi memorandum of 17 September 2018, not the zone's 15 October).
    for (const gaz::Entry& e : gazetteer.entries()) {
        if (e.kind != gaz::PlaceKind::Zone || e.valid_from.empty()) continue;
        const auto from = CivilDate::parse_iso(e.valid_from);
        if (!from) continue;
        std::vector<std::string> names = e.variants;
        names.push_back(e.name);
        if (!names_found(names)) continue;
        const std::string zone_id = e.id.rfind("cm:", 0) == 0 ? e.id.substr(3) : e.id;
        const gaz::Agreement* deal = nullptr;
        for (const gaz::Agreement& a : gazetteer.agreements())
            if (a.zone == zone_id) deal = &a;
        if (deal && talks_of_a_deal)
            anchor(*CivilDate::parse_iso(deal->date), "invokes the " + e.name + ", set up by the agreement of " + deal->date);
        else
            anchor(*from, "invokes the " + e.name + " (from " + e.valid_from + ")");
    }
    // The latest day it names, in the latest year it names.
    if (year) {
        DateContext ctx;
        ctx.published = CivilDate{year, 12, 31};
        for (const Sentence& s : report.sentences)
            for (const DateMention& m : find_dates(std::string_view(text).substr(s.begin, s.end - s.begin), ctx))
                if (m.span.valid() && m.span.precision == DatePrecision::Day && m.span.first.year == year)
                    consider(m.span.first, "names " + std::to_string(year) + " and " + m.span.written);
    }
    return best;
}

void consolidate_incidents(std::vector<Event>& events, const Report& report, const FactBox& box,
                           const gaz::Resolver& resolver, std::optional<CivilDate> published) {
    // The anchor: what the fact box says, with the kind and parties of the mention that agrees
    // with it best.
    if (box.found()) {
        gaz::Context ctx;
        const gaz::Resolution where = resolver.resolve(box.place, ctx);
        Event a;
        a.date.first = a.date.last = *box.date;
        a.date.precision = DatePrecision::Day;
        a.date.written = box.date->iso() + " (fact box)";
        if (!where.ref.geometry.empty() && (where.status == gaz::Status::Resolved || where.status == gaz::Status::Ambiguous)) {
            a.location = where.ref;
            a.location.written = box.place_written;
        }
        const Event* like = nullptr;
        for (const Event& e : events) {
            if (e.shape == EventShape::Zone || !days_agree(e, a) || !places_agree(e, a)) continue;
            if (!like || strength(e) > strength(*like)) like = &e;
        }
        if (like) {
            a.type = like->type;
            a.sub_event_type = like->sub_event_type;
            a.kind = like->kind;
            a.actor1 = like->actor1;
            a.actor2 = like->actor2;
        } else if (auto k = classify(report.title + ". " + box.perpetrator + " attack")) {
            a.type = k->type;
            a.sub_event_type = k->sub_event_type;
            a.kind = k->kind;
        } else {
            a.type = EventType::ExplosionsRemoteViolence;
            a.kind = "attack";
        }
        const std::string perp = ascii_lower(box.perpetrator);
        if (perp.find("air force") != std::string::npos || perp.find("airforce") != std::string::npos) {
            // Named as an air force's: an air strike, whatever word a sentence used for it.
            if (a.sub_event_type != "Air/drone strike") {
                a.type = EventType::ExplosionsRemoteViolence;
                a.sub_event_type = "Air/drone strike";
                a.kind = "airstrike";
            }
            // Who is named responsible acts; whoever the sentences made actor 1 is its target.
            a.actor1 = {{box.perpetrator, {}, box.perpetrator}};
            // ... but not one of the named ("Russian warplanes" with "Russian or Syrian air force").
            std::erase_if(a.actor2, [&](const Actor& x) { return shares_actor_word(a.actor1, x); });
        }
        if (box.killed) a.casualties.killed = *box.killed;
        if (box.injured) a.casualties.injured = *box.injured;
        a.confidence = 0.95;
        a.flags.push_back("fact-box");
        a.provenance = {report.source, report.outlet, report.title, report.published ? report.published->iso() : "",
                        box.begin, box.end, report.text.substr(box.begin, box.end - box.begin)};
        a.summary = summarize(a);
        a.id = "ev-box-" + std::to_string(std::hash<std::string>{}(report.text) & 0xffffffffffffull);
        events.insert(events.begin(), std::move(a));
    }

    // Background: told as having happened before the report's incident. With a fact box, that
    // is anything before its day; without one, anything over a month before publication (a
    // monthly round-up still reports its month), or a week before with words that look back
    // ("previously", "had been", "last year").
    const std::optional<CivilDate> day = box.found() ? box.date : published;
    auto looks_back = [](const Event& e) {
        const std::string t = ascii_lower(e.provenance.text);
        for (const char* w : {"previously", "had been", "had previously", "last year", "in the past", "earlier this year",
                              "a previous", "an earlier", "the previous attack", "once again", "again on"})
            if (t.find(w) != std::string::npos) return true;
        return false;
    };
    for (Event& e : events) {
        if (e.shape == EventShape::Zone || !day || !e.date.valid()) continue;
        if (is_fact_box(e)) continue;
        const int slack = box.found() ? 2 : looks_back(e) ? 7 : 31;
        if (e.date.last.days() < day->days() - slack) {
            e.flags.push_back("background");
            e.confidence = std::min(e.confidence, 0.2);
        }
    }

    // In a report built around one documented incident (a fact box), a mention with neither a
    // day of its own nor a count ("the area was targeted this week", "attacks on hospitals in
    // northern Hama") is a general statement, not a new incident: kept as context at
    // confidence 0.3 (below ingest's default), unless it merges into the incident below.
    if (box.found())
        for (Event& e : events) {
            if (e.shape == EventShape::Zone || is_fact_box(e)) continue;
            const bool own_day = e.date.valid() && e.date.precision == DatePrecision::Day;
            const bool counted = e.casualties.killed.given() || e.casualties.injured.given();
            if (!own_day && !counted) {
                e.flags.push_back("general");
                e.confidence = std::min(e.confidence, 0.3);
            }
        }

    // Merge: strongest first; each mention joins the first kept event it agrees with.
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < events.size(); ++i) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return strength(events[x]) > strength(events[y]); });
    std::vector<Event> kept;
    for (std::size_t i : order) {
        Event& e = events[i];
        const bool background = e.has_flag("background");
        if (e.shape == EventShape::Zone || e.aggregate || background) {
            kept.push_back(std::move(e));
            continue;
        }
        Event* into = nullptr;
        for (Event& k : kept) {
            if (k.shape == EventShape::Zone || k.aggregate) continue;
            if (k.has_flag("background")) continue;
            // An unplaced mention joins only an event with a place (it adds its words, not a location).
            if (kinds_agree(k, e) && days_agree(k, e) && places_agree(k, e) && has_place(k)) {
                into = &k;
                break;
            }
        }
        if (into) {
            merge_into(*into, e);
            into->summary = summarize(*into);
        } else {
            kept.push_back(std::move(e));
        }
    }
    // One party on both sides ("armed clash by Syrian Army against Syrian Army"): the sentences
    // named it as the attacked and as the dead ("a soldier was killed"), not as the attacker.
    for (Event& e : kept) {
        const std::size_t before = e.actor1.size();
        std::erase_if(e.actor1, [&](const Actor& a) {
            return std::any_of(e.actor2.begin(), e.actor2.end(), [&](const Actor& b) { return b.name == a.name; });
        });
        if (e.actor1.size() != before) e.summary = summarize(e);
    }
    // Back in report order (by the first sentence used).
    std::stable_sort(kept.begin(), kept.end(), [](const Event& x, const Event& y) { return x.provenance.begin < y.provenance.begin; });
    events = std::move(kept);
}

}  // namespace cm::ex
