// Tests for events/Filter: each criterion alone and together, the per-type counts, and the day
// histogram (one-day events on their day, spans spread over theirs; totals match the mask).
#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>

#include "events/Filter.h"
#include "events/fixture.h"

using namespace cm;
using namespace cm::events;
using cm::test::point_event;

namespace {

std::uint32_t id_of(const std::vector<std::string>& pool, const std::string& s) {
    const auto it = std::find(pool.begin(), pool.end(), s);
    REQUIRE(it != pool.end());
    return static_cast<std::uint32_t>(it - pool.begin());
}

// Only these actors ticked.
std::vector<std::uint8_t> ticked(const EventTable& t, std::initializer_list<const char*> names) {
    std::vector<std::uint8_t> on(t.actors.size(), 0);
    for (const char* n : names) on[id_of(t.actors, n)] = 1;
    return on;
}

std::vector<std::string> passing(const EventTable& t, const Filter& f) {
    const auto mask = apply(t, f);
    REQUIRE(mask.size() == t.size());
    std::vector<std::string> out;
    for (std::size_t i = 0; i < t.size(); ++i)
        if (mask[i]) out.push_back(t.event(i).id);
    std::sort(out.begin(), out.end());
    return out;
}

// Six events over four days, one a week-long span, one undated, one without a location.
std::shared_ptr<const EventTable> sample() {
    Event b1 = point_event("b1", "2020-01-01", "2020-01-01", EventType::Battles);
    b1.kind = "clashes";
    b1.actor1 = {{"Test Brigade", "", ""}};
    b1.actor2 = {{"Northern Front", "", ""}};
    b1.casualties.killed.best = 4;
    b1.provenance.outlet = "Monitor A";
    b1.summary = "Clashes at the mill";
    Event x1 = point_event("x1", "2020-01-01", "2020-01-07", EventType::ExplosionsRemoteViolence);
    x1.kind = "shelling";
    x1.actor1 = {{"Northern Front", "", ""}};
    x1.casualties.killed.best = 0;
    x1.location.precision = LocPrecision::Near;
    x1.provenance.outlet = "Agency B";
    Event v1 = point_event("v1", "2020-01-03", "2020-01-03", EventType::ViolenceAgainstCivilians);
    v1.actor1 = {{"Unidentified Armed Group", "", ""}};
    v1.actor2 = {{"Test Brigade", "", ""}};
    v1.casualties.killed.best = 1;
    v1.location.precision = LocPrecision::Region;
    v1.provenance.outlet = "Monitor A";
    Event p1 = point_event("p1", "2020-01-04", "2020-01-04", EventType::Protests);
    p1.provenance.outlet = "Agency B";  // fatalities not given
    Event r1 = point_event("r1", "", "", EventType::Riots);  // undated
    r1.casualties.killed.best = 2;
    Event s1 = point_event("s1", "2020-01-04", "2020-01-04", EventType::StrategicDevelopments);
    s1.location = {};  // nowhere: precision 0
    s1.kind = "clashes";
    return EventTable::build({b1, x1, v1, p1, r1, s1});
}

}  // namespace

TEST_CASE("filter: the default filter lets every row through") {
    auto t = sample();
    CHECK(passing(*t, Filter{}) == std::vector<std::string>{"b1", "p1", "r1", "s1", "v1", "x1"});
    CHECK(Filter{} == Filter{});
}

TEST_CASE("filter: each criterion alone") {
    auto t = sample();
    Filter f;
    f.type_mask = (1u << static_cast<int>(EventType::Battles)) | (1u << static_cast<int>(EventType::Riots));
    CHECK(passing(*t, f) == std::vector<std::string>{"b1", "r1"});

    f = {};
    f.kind_ids = {id_of(t->kinds, "clashes")};
    CHECK(passing(*t, f) == std::vector<std::string>{"b1", "s1"});

    f = {};
    f.actor_ticked = ticked(*t, {"Test Brigade"});  // involving it as actor1 (b1) or actor2 (v1)
    f.actor_rule = Filter::ActorRule::Involving;
    f.pass_no_actors = false;
    CHECK(passing(*t, f) == std::vector<std::string>{"b1", "v1"});

    f = {};
    f.source_ids = {id_of(t->outlets, "Agency B")};
    CHECK(passing(*t, f) == std::vector<std::string>{"p1", "x1"});

    f = {};
    f.min_fatalities = 1;  // unknown fatalities (p1, s1) fail
    CHECK(passing(*t, f) == std::vector<std::string>{"b1", "r1", "v1"});
    f.min_fatalities = 3;
    CHECK(passing(*t, f) == std::vector<std::string>{"b1"});

    f = {};
    f.max_loc_precision = 1;  // the row without a location is not dropped by this
    CHECK(passing(*t, f) == std::vector<std::string>{"b1", "p1", "r1", "s1"});
    f.max_loc_precision = 2;
    CHECK(passing(*t, f) == std::vector<std::string>{"b1", "p1", "r1", "s1", "x1"});

    f = {};
    f.text = "  THE Mill ";
    CHECK(passing(*t, f) == std::vector<std::string>{"b1"});
    f.text = "northern";  // actor2 of b1, actor1 of x1
    CHECK(passing(*t, f) == std::vector<std::string>{"b1", "x1"});

    f = {};
    f.show_undated = false;
    CHECK(passing(*t, f) == std::vector<std::string>{"b1", "p1", "s1", "v1", "x1"});
}

TEST_CASE("filter: actors — 'only involving' and 'hide involving', either side, associated actors; rows without actors apart") {
    Event raid = point_event("raid", "2020-02-01", "2020-02-01", EventType::Battles);
    raid.actor1 = {{"Islamic State", "", ""}};
    raid.actor2 = {{"Government forces", "", ""}, {"Allied militia", "", ""}};  // an associated actor
    Event clash = point_event("clash", "2020-02-02", "2020-02-02", EventType::Battles);
    clash.actor1 = {{"Government forces", "", ""}};
    clash.actor2 = {{"Rebel front", "", ""}};
    Event militia = point_event("militia", "2020-02-03", "2020-02-03", EventType::Battles);
    militia.actor1 = {{"Rebel front", "", ""}};
    militia.actor2 = {{"Allied militia", "", ""}};
    Event zone = point_event("zone", "2020-02-01", "2020-02-01", EventType::StrategicDevelopments);
    zone.shape = EventShape::Zone;  // no actors at all
    auto t = EventTable::build({raid, clash, militia, zone});

    // Hide events involving IS: the raid goes although its other side is still ticked; the zone stays.
    Filter f;
    f.actor_ticked.assign(t->actors.size(), 1);
    f.actor_ticked[id_of(t->actors, "Islamic State")] = 0;
    f.actor_rule = Filter::ActorRule::Excluding;
    CHECK(passing(*t, f) == std::vector<std::string>{"clash", "militia", "zone"});
    // Hiding an associated actor hides the rows it is associated with, on either side.
    f.actor_ticked.assign(t->actors.size(), 1);
    f.actor_ticked[id_of(t->actors, "Allied militia")] = 0;
    CHECK(passing(*t, f) == std::vector<std::string>{"clash", "zone"});

    // Only events involving the militia (as an associated actor of the raid too).
    f.actor_ticked = ticked(*t, {"Allied militia"});
    f.actor_rule = Filter::ActorRule::Involving;
    CHECK(passing(*t, f) == std::vector<std::string>{"militia", "raid", "zone"});
    f.pass_no_actors = false;  // rows without actors have their own switch
    CHECK(passing(*t, f) == std::vector<std::string>{"militia", "raid"});
    // None ticked: only rows without actors, if those pass.
    f.actor_ticked.assign(t->actors.size(), 0);
    f.pass_no_actors = true;
    CHECK(passing(*t, f) == std::vector<std::string>{"zone"});
    // Every actor ticked: every rule lets every row with actors through.
    for (auto rule : {Filter::ActorRule::Involving, Filter::ActorRule::Excluding}) {
        f.actor_ticked.assign(t->actors.size(), 1);
        f.actor_rule = rule;
        CHECK(passing(*t, f).size() == 4);
    }
    // Each distinct actor of a row is visited once.
    std::vector<std::uint32_t> seen;
    for (std::size_t i = 0; i < t->size(); ++i)
        if (t->event(i).id == "raid") t->for_each_actor(i, [&](std::uint32_t a) { seen.push_back(a); });
    CHECK(seen.size() == 3);
}

TEST_CASE("filter: panel counts follow every other criterion, never their own") {
    auto t = sample();
    Filter f;
    f.type_mask = 1u << static_cast<int>(EventType::Battles);  // only battles ticked
    f.source_ids = {id_of(t->outlets, "Monitor A")};
    const Facets fc = facets(*t, f);
    // Types: with the source filter, not the type filter: Monitor A has a battle and a VAC.
    CHECK(fc.types[static_cast<int>(EventType::Battles)] == 1);
    CHECK(fc.types[static_cast<int>(EventType::ViolenceAgainstCivilians)] == 1);
    CHECK(fc.types[static_cast<int>(EventType::ExplosionsRemoteViolence)] == 0);  // Agency B's
    // Sources: with the type filter, not the source filter: the one battle is Monitor A's.
    CHECK(fc.sources[id_of(t->outlets, "Monitor A")] == 1);
    CHECK(fc.sources[id_of(t->outlets, "Agency B")] == 0);
    // Actors: the battle b1 involves Test Brigade and Northern Front.
    CHECK(fc.actors[id_of(t->actors, "Test Brigade")] == 1);
    CHECK(fc.actors[id_of(t->actors, "Northern Front")] == 1);
    CHECK(fc.actors[id_of(t->actors, "Unidentified Armed Group")] == 0);
    CHECK(fc.no_actor == 0);
    const Facets all = facets(*t, Filter{});
    CHECK(all.no_actor == 3);  // p1, r1, s1
    CHECK(all.actors[id_of(t->actors, "Test Brigade")] == 2);
}

TEST_CASE("filter: a source naming several outlets (UCDP 'SOHR;Airwars') passes and counts for each of them") {
    auto ev = [](const char* id, const char* outlet) {
        Event e = point_event(id, "2020-03-01", "2020-03-01", EventType::Battles);
        e.provenance.outlet = outlet;
        return e;
    };
    // UCDP repeats an office for each of its articles, without spaces; ACLED puts "; " between.
    auto t = EventTable::build({ev("a", "SOHR;Airwars"), ev("b", "SOHR;SOHR"), ev("c", "Airwars"), ev("d", " Monitor A ; SOHR "),
                                ev("e", "Agency B"), ev("f", ";")});
    CHECK(t->outlets == std::vector<std::string>{"", "SOHR", "Airwars", "Monitor A", "Agency B"});
    CHECK(t->sources.size() == 7);  // "" and the six texts as written
    // The inspector still shows the source as the dataset wrote it.
    for (std::size_t i = 0; i < t->size(); ++i)
        if (t->event(i).id == "b") CHECK(t->event(i).provenance.outlet == "SOHR;SOHR");
    Filter f;
    f.source_ids = {id_of(t->outlets, "SOHR")};
    CHECK(passing(*t, f) == std::vector<std::string>{"a", "b", "d"});
    f.source_ids = {id_of(t->outlets, "Airwars")};
    CHECK(passing(*t, f) == std::vector<std::string>{"a", "c"});
    f.source_ids = {id_of(t->outlets, "Airwars"), id_of(t->outlets, "Agency B")};
    CHECK(passing(*t, f) == std::vector<std::string>{"a", "c", "e"});
    // Counts: a row once per outlet it names ("SOHR;SOHR" once for SOHR).
    const Facets fc = facets(*t, Filter{});
    REQUIRE(fc.sources.size() == t->outlets.size());
    CHECK(fc.sources[id_of(t->outlets, "SOHR")] == 3);
    CHECK(fc.sources[id_of(t->outlets, "Airwars")] == 2);
    CHECK(fc.sources[id_of(t->outlets, "Monitor A")] == 1);
    CHECK(fc.sources[id_of(t->outlets, "Agency B")] == 1);
    CHECK(fc.sources[0] == 0);
}

TEST_CASE("filter: one outlet however it is spelled, named as most rows spell it") {
    auto ev = [](const char* id, const char* outlet) {
        Event e = point_event(id, "2020-03-01", "2020-03-01", EventType::Battles);
        e.provenance.outlet = outlet;
        return e;
    };
    CHECK(outlet_key("Air Wars") == outlet_key("Airwars"));
    CHECK(outlet_key("al-Masdar News") == outlet_key("Al Masdar News"));
    CHECK(outlet_key("http://syria.liveuamap.com/") == outlet_key("syria.liveuamap.com"));
    CHECK(outlet_key("https://www.example.org") == outlet_key("Example.org"));
    CHECK(outlet_key("SOHR") != outlet_key("SANA"));
    CHECK(outlet_key(" ; ").empty());
    // UCDP's own spellings: "Airwars" on most rows, "Air Wars" on some.
    auto t = EventTable::build({ev("a", "Air Wars"), ev("b", "SOHR;Airwars"), ev("c", "Airwars"), ev("d", "al-Masdar News"),
                                ev("e", "Al Masdar News;Air Wars"), ev("f", "Al Masdar News"), ev("g", "Airwars")});
    CHECK(t->outlets == std::vector<std::string>{"", "Airwars", "SOHR", "Al Masdar News"});
    Filter f;
    f.source_ids = {id_of(t->outlets, "Airwars")};
    CHECK(passing(*t, f) == std::vector<std::string>{"a", "b", "c", "e", "g"});
    const Facets fc = facets(*t, Filter{});
    CHECK(fc.sources[id_of(t->outlets, "Airwars")] == 5);
    CHECK(fc.sources[id_of(t->outlets, "Al Masdar News")] == 3);
    // The row keeps its source as written.
    for (std::size_t i = 0; i < t->size(); ++i)
        if (t->event(i).id == "a") CHECK(t->event(i).provenance.outlet == "Air Wars");
}

TEST_CASE("filter: criteria together, and counts per type") {
    auto t = sample();
    Filter f;
    f.source_ids = {id_of(t->outlets, "Monitor A")};
    f.min_fatalities = 1;
    f.actor_ticked = ticked(*t, {"Test Brigade", "Unidentified Armed Group"});
    f.actor_rule = Filter::ActorRule::Involving;
    CHECK(passing(*t, f) == std::vector<std::string>{"b1", "v1"});

    const auto all = apply(*t, Filter{});
    const TypeCounts c = type_counts(*t, all);
    CHECK(c == TypeCounts{1, 1, 1, 1, 1, 1});
    const auto some = apply(*t, f);
    const TypeCounts cs = type_counts(*t, some);
    CHECK(cs[static_cast<int>(EventType::Battles)] == 1);
    CHECK(cs[static_cast<int>(EventType::ViolenceAgainstCivilians)] == 1);
    CHECK(std::accumulate(cs.begin(), cs.end(), std::size_t{0}) == 2);
    CHECK(count_passing(some) == 2);
    CHECK(count_passing(all) == 6);
}

TEST_CASE("filter: the histogram counts one-day events on their day and spreads spans over theirs") {
    auto t = sample();
    const auto mask = apply(*t, Filter{});
    const DayHistogram h = histogram(*t, mask);
    const std::int32_t jan1 = CivilDate{2020, 1, 1}.days();
    CHECK(h.first_day == jan1);
    CHECK(h.days() == 7);  // 1..7 January: the week-long span reaches the 7th
    const auto bat = static_cast<std::size_t>(EventType::Battles);
    const auto exp = static_cast<std::size_t>(EventType::ExplosionsRemoteViolence);
    CHECK(h.counts[0][bat] == 1);
    CHECK(h.counts[0][exp] == 0);  // the week-long span is not a spike on its first day...
    for (std::size_t d = 0; d < 7; ++d) {
        CHECK(h.spread[d][exp] == doctest::Approx(1.0 / 7));  // ...but a seventh on each of its days
        CHECK(h.spans[d] == 1);
    }
    CHECK(h.exact(0) == 1);
    CHECK(h.total(0) == doctest::Approx(1 + 1.0 / 7));
    CHECK(h.exact(1) == 0);
    CHECK(h.exact(2) == 1);
    CHECK(h.exact(3) == 2);
    CHECK(h.max_total == doctest::Approx(2 + 1.0 / 7));
    double sum = 0;
    for (std::size_t d = 0; d < h.days(); ++d) sum += h.total(d);
    CHECK(sum == doctest::Approx(static_cast<double>(t->dated_rows)));  // each dated row once; the undated one not at all

    Filter f;
    f.type_mask = 1u << static_cast<int>(EventType::ExplosionsRemoteViolence);
    const DayHistogram hx = histogram(*t, apply(*t, f));
    CHECK(hx.exact(0) == 0);
    CHECK(hx.total(6) == doctest::Approx(1.0 / 7));

    const DayHistogram none = histogram(*EventTable::build({}), {});
    CHECK(none.days() == 0);
}

TEST_CASE("filter: a large table stays consistent between apply, counts and histogram") {
    std::vector<Event> ev;
    for (int i = 0; i < 5000; ++i) {
        Event e = point_event("e" + std::to_string(i), CivilDate::from_days(18000 + i % 97).iso(),
                              CivilDate::from_days(18000 + i % 97 + i % 5).iso(), static_cast<EventType>(i % 6));
        e.casualties.killed.best = i % 7 - 1;
        e.location.precision = static_cast<LocPrecision>(1 + i % 3);
        ev.push_back(e);
    }
    auto t = EventTable::build(ev);
    Filter f;
    f.min_fatalities = 2;
    f.max_loc_precision = 2;
    f.type_mask = 0x3F & ~(1u << 3);
    const auto mask = apply(*t, f);
    std::size_t brute = 0;
    for (const Event& e : ev)
        brute += e.casualties.killed.best >= 2 && static_cast<int>(e.location.precision) <= 2 &&
                 e.type != EventType::StrategicDevelopments;
    CHECK(count_passing(mask) == brute);
    const TypeCounts c = type_counts(*t, mask);
    CHECK(std::accumulate(c.begin(), c.end(), std::size_t{0}) == brute);
    const DayHistogram h = histogram(*t, mask);
    double total = 0;
    for (std::size_t d = 0; d < h.days(); ++d) total += h.total(d);
    CHECK(total == doctest::Approx(static_cast<double>(brute)));
}
