// Tests for extract/Extractor and extract/Eval: the project's own fixture report gives its
// expected events; the shared seed reports, when present, are scored against the shared gold.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "core/Utf8.h"
#include "extract/Eval.h"
#include "extract/Extractor.h"
#include "extract/Incidents.h"
#include "gazetteer/Gazetteer.h"
#include "geo/Geodesic.h"
#include "geo/Shapes.h"

using namespace cm;
namespace fs = std::filesystem;

namespace {

const gaz::Resolver& resolver() {
    static const std::unique_ptr<gaz::Gazetteer> g = [] {
        Diagnostics d;
        return gaz::Gazetteer::load(CM_GAZETTEER_DIR, {}, d);
    }();
    static const gaz::Resolver r(*g);
    return r;
}

const std::string kFixture = CM_TEST_DATA "/extract/000_fixture_desert_and_m4.md";

const Event* find_kind(const std::vector<Event>& ev, const std::string& kind) {
    for (const auto& e : ev)
        if (e.kind == kind) return &e;
    return nullptr;
}

}  // namespace

TEST_CASE("extract: the fixture report gives its four incidents, dated, typed and located") {
    const ex::Report report = ex::load_report(kFixture);
    const ex::Extraction x = ex::extract_events(report, resolver());
    for (const auto& e : x.events) MESSAGE(e.summary);
    std::size_t incidents = 0;
    for (const auto& e : x.events) incidents += e.shape != EventShape::Zone;
    CHECK(incidents == 4);

    const Event* patrol = find_kind(x.events, "joint patrol");
    REQUIRE(patrol);
    CHECK(patrol->date.first.iso() == "2021-04-09");
    CHECK(patrol->shape == EventShape::Route);
    REQUIRE(patrol->location.geometry.type == GeomType::LineString);
    CHECK(geo::distance_km(patrol->location.geometry.parts[0].front(), {36.8059, 35.8645}) < 2);
    CHECK(patrol->actor1.size() >= 2);

    const Event* ied = find_kind(x.events, "IED attack");
    REQUIRE(ied);
    CHECK(ied->date.first.iso() == "2021-04-08");
    CHECK(ied->type == EventType::ExplosionsRemoteViolence);
    CHECK(ied->casualties.killed.best == 2);
    CHECK(geo::distance_km({40.0705, 36.8503}, ied->location.geometry) < 5);

    const Event* release = find_kind(x.events, "prisoner release");
    REQUIRE(release);
    CHECK(release->date.first.iso() == "2021-04-07");

    // Provenance: the sentence the event came from, and a stable id.
    CHECK(ied->provenance.text.find("IED") != std::string::npos);
    CHECK(report.text.substr(ied->provenance.begin, ied->provenance.end - ied->provenance.begin) == ied->provenance.text);
    const ex::Extraction again = ex::extract_events(ex::load_report(kFixture), resolver());
    REQUIRE(again.events.size() == x.events.size());
    for (std::size_t i = 0; i < x.events.size(); ++i) CHECK(again.events[i].id == x.events[i].id);
}

TEST_CASE("extract: no publication date means undated events, never a guessed day") {
    const ex::Report r = ex::parse_report("On Saturday, ISIS cells attacked a checkpoint near al-Sukhna, killing 2 soldiers.", "x.txt");
    const ex::Extraction x = ex::extract_events(r, resolver());
    REQUIRE(x.events.size() == 1);
    CHECK_FALSE(x.events[0].date.valid());
    CHECK_FALSE(x.warnings.empty());
    ex::ExtractOptions o;
    o.date = CivilDate{2021, 4, 12};  // a Monday
    const ex::Extraction dated = ex::extract_events(r, resolver(), o);
    REQUIRE(dated.events.size() == 1);
    CHECK(dated.events[0].date.first.iso() == "2021-04-10");
}

TEST_CASE("extract: eval scores the fixture against its own gold") {
    Diagnostics d;
    const auto gold = ex::read_gold(CM_TEST_DATA "/extract/fixture_gold.jsonl", d);
    REQUIRE(gold.size() == 4);
    const ex::Extraction x = ex::extract_events(ex::load_report(kFixture), resolver());
    const ex::EvalResult r = ex::evaluate(x.events, gold);
    CHECK(r.total.matched == 4);
    CHECK(r.total.events == 4);
    CHECK(r.total.day_dates_exact == r.total.day_dates);
}

TEST_CASE("extract: the seed reports against the shared gold (reads ../shared)") {
    const fs::path seeds = fs::path(CM_SHARED_DIR) / "seeds";
    const fs::path gold_file = fs::path(CM_SHARED_DIR) / "gold" / "seeds_events.jsonl";
    if (!fs::is_directory(seeds) || !fs::exists(gold_file)) {
        MESSAGE("skipped: ../shared/seeds or ../shared/gold not present");
        return;
    }
    std::vector<Event> all;
    for (const auto& de : fs::directory_iterator(seeds)) {
        const ex::Extraction x = ex::extract_events(ex::load_report(de.path()), resolver());
        all.insert(all.end(), x.events.begin(), x.events.end());
    }
    Diagnostics d;
    const ex::EvalResult r = ex::evaluate(all, ex::read_gold(gold_file.string(), d));
    const double recall = 100.0 * r.total.matched / r.total.gold;
    const double precision = r.total.events ? 100.0 * r.total.matched / r.total.events : 0;
    MESSAGE("seed gold: recall ", recall, "%, precision ", precision, "%, ", r.total.matched, "/", r.total.gold,
            " matched, ", r.total.events, " events");
    for (const auto& m : r.total.missed) MESSAGE("missed: ", m);
    // The aims: recall at least 95 %, precision at least 90 % (measured 2026-12-04: 100 % and
    // 100 %, after mentions of one incident merged).
    CHECK(recall >= 95);
    CHECK(precision >= 90);
    CHECK(r.total.day_dates_exact * 100 >= 85 * r.total.day_dates);
}

TEST_CASE("extract: a fact box is the incident; retellings merge into it, background does not come back") {
    const ex::Report report = ex::load_report(CM_TEST_DATA "/extract/010_fixture_fact_box.md");
    CHECK(report.published == CivilDate{2019, 9, 20});  // the front matter's date, not the fact box's
    const ex::FactBox box = ex::read_fact_box(report);
    REQUIRE(box.found());
    CHECK(*box.date == CivilDate{2019, 9, 3});
    CHECK(box.place == "Saraqib, Idlib");
    REQUIRE(box.killed);
    CHECK(box.killed->best == 5);
    const ex::Extraction x = ex::extract_events(report, resolver());
    for (const auto& e : x.events) MESSAGE(e.summary, "  [", e.flags.size(), " flags]");
    std::vector<const Event*> saraqib, maar_dibsi;
    for (const auto& e : x.events) {
        if (e.shape == EventShape::Zone) continue;
        if (geo::distance_km({36.8061, 35.8611}, e.location.geometry) < 3) saraqib.push_back(&e);
        else if (geo::distance_km({36.7594, 35.7956}, e.location.geometry) < 4) maar_dibsi.push_back(&e);
        // The 2018 strike is background: not an event of this report.
        CHECK(e.date.first.year == 2019);
    }
    // One event for the clinic strike: the box, the lead and the nurse's account merged.
    REQUIRE(saraqib.size() == 1);
    const Event& a = *saraqib.front();
    CHECK(a.date.first == CivilDate{2019, 9, 3});
    CHECK(a.date.precision == DatePrecision::Day);
    CHECK(a.casualties.killed.best == 5);
    CHECK(a.casualties.qualifier.find("also reported: 7") != std::string::npos);
    CHECK(a.provenance.text.find("nurse") != std::string::npos);  // every sentence used is kept
    CHECK(std::find(a.flags.begin(), a.flags.end(), "fact-box") != a.flags.end());
    // The village shelled the same night is its own incident.
    CHECK(maar_dibsi.size() == 1);
    // Kept when asked for, flagged.
    ex::ExtractOptions all;
    all.min_confidence = 0;
    bool background = false;
    for (const auto& e : ex::extract_events(report, resolver(), all).events)
        background |= std::find(e.flags.begin(), e.flags.end(), "background") != e.flags.end() && e.date.first.year == 2018;
    CHECK(background);
}

TEST_CASE("extract: the development investigations — fact-box incident found, about one event each (reads ../shared)") {
    const fs::path dir = fs::path(CM_SHARED_DIR) / "data" / "syrian-archive-dev";
    if (!fs::is_directory(dir)) {
        MESSAGE("skipped: ../shared/data/syrian-archive-dev not present");
        return;
    }
    std::vector<Event> all;
    for (const auto& de : fs::directory_iterator(dir)) {
        if (de.path().extension() != ".md") continue;
        const ex::Extraction x = ex::extract_events(ex::load_report(de.path()), resolver());
        all.insert(all.end(), x.events.begin(), x.events.end());
    }
    Diagnostics d;
    const ex::EvalResult r = ex::evaluate(all, ex::read_gold(CM_TEST_DATA "/extract/syrian_archive_dev_gold.jsonl", d));
    const double per_incident = static_cast<double>(r.total.events) / r.total.gold;
    MESSAGE("Syrian Archive dev: ", r.total.matched, "/", r.total.gold, " fact-box incidents found (right day, within 5 km); ",
            r.total.events, " events, ", per_incident, " per incident");
    for (const auto& m : r.total.missed) MESSAGE("missed: ", m);
    // Aims: at least 8 of 9 found, at most 1.5 events per incident. Measured 2026-12-04: 9 of 9,
    // 13 events, 1.44 per incident (108 before mentions merged); 2026-12-07: 11 events, 1.22
    // (a kunya's name and a channel's "Homs northern countryside" no longer make events).
    CHECK(r.total.matched >= 8);
    CHECK(r.total.day_dates_exact == r.total.day_dates);
    CHECK(per_incident <= 1.25);
}

TEST_CASE("extract: an undated report is dated from its own evidence, flagged, never a day from nothing") {
    // Written here: no header date; it names 2019, a day in it, and a zone whose start is known.
    const ex::Report r = ex::parse_report(
        "Clashes in the north\n\nOn August 14, an IED attack killed two soldiers near Saraqib. Earlier in 2019 the "
        "town had changed hands twice.\n\nThe strike came days after talks on the M4 security corridor stalled.\n",
        "undated.txt", ex::ReportFormat::Text);
    REQUIRE_FALSE(r.published);
    const auto inferred = ex::infer_publication_date(r, resolver().gazetteer());
    REQUIRE(inferred);
    // The corridor (from 2020-03-05) is the latest thing the report invokes: it was written after it.
    CHECK(inferred->date >= CivilDate{2020, 3, 5});
    CHECK(inferred->reason.find("M4 security corridor") != std::string::npos);
    // Only a year: no day is made up.
    const ex::Report year_only = ex::parse_report("A report\n\nFighting went on through 2017 in the east.\n", "y.txt",
                                                  ex::ReportFormat::Text);
    CHECK_FALSE(ex::infer_publication_date(year_only, resolver().gazetteer()));
    const ex::Report day = ex::parse_report("A report\n\nOn March 18 a rocket strike hit Afrin, killing five. Residents said "
                                            "2020 had begun badly.\n",
                                            "d.txt", ex::ReportFormat::Text);
    const auto d = ex::infer_publication_date(day, resolver().gazetteer());
    REQUIRE(d);
    CHECK(d->date == CivilDate{2020, 3, 18});
    const ex::Extraction x = ex::extract_events(day, resolver());
    REQUIRE_FALSE(x.events.empty());
    for (const auto& e : x.events) {
        CHECK(e.date.first.year == 2020);
        CHECK(std::find(e.flags.begin(), e.flags.end(), "date-inferred") != e.flags.end());
    }
}

TEST_CASE("extract: the undated seed reports get their year from their own words (reads ../shared)") {
    const fs::path seeds = fs::path(CM_SHARED_DIR) / "seeds";
    if (!fs::is_directory(seeds)) {
        MESSAGE("skipped: ../shared/seeds not present");
        return;
    }
    for (const auto& de : fs::directory_iterator(seeds)) {
        const std::string name = de.path().filename().string();
        if (name.rfind("001", 0) != 0 && name.rfind("002", 0) != 0) continue;
        const ex::Report r = ex::load_report(de.path());
        CHECK_FALSE(r.published);  // neither gives a date
        const ex::Extraction x = ex::extract_events(r, resolver());
        std::size_t dated = 0;
        for (const auto& e : x.events) {
            if (e.shape == EventShape::Zone) continue;
            dated += e.date.valid();
            CHECK(std::find(e.flags.begin(), e.flags.end(), "date-inferred") != e.flags.end());
            // 001 names 2020 ("early 2020", the March 2020 corridor); 002 the Sochi buffer zone of 2018.
            CHECK(e.date.last.year == (name.rfind("001", 0) == 0 ? 2020 : 2018));
        }
        MESSAGE(name, ": ", dated, " events dated from the report's own evidence");
        CHECK(dated >= 3);
    }
}

TEST_CASE("extract: roles follow the sentence, not the word order") {
    const ex::Report r = ex::parse_report(
        "Chronicle\nMarch 20, 2020\n\nOn March 19, a hospital in Saraqib was targeted by Russian warplanes, killing three "
        "civilians.\n\nOn March 17, pro-Turkish sources said an IED attack hit a Syrian Army checkpoint near Tal Rifaat, "
        "killing two soldiers.\n",
        "roles.txt", ex::ReportFormat::Text);
    const ex::Extraction x = ex::extract_events(r, resolver());
    bool passive_seen = false, source_seen = false;
    for (const auto& e : x.events) {
        auto names = [](const std::vector<Actor>& v) {
            std::string s;
            for (const auto& a : v) s += a.name + ";";
            return s;
        };
        MESSAGE(e.summary, " | actor1: ", names(e.actor1), " actor2: ", names(e.actor2));
        if (e.date.first == CivilDate{2020, 3, 19}) {
            passive_seen = true;
            REQUIRE_FALSE(e.actor1.empty());
            CHECK(e.actor1.front().name.find("Russia") != std::string::npos);  // the agent after "by"
            for (const auto& a : e.actor1) CHECK(a.name != "civilians");        // victims never act
        }
        if (e.date.first == CivilDate{2020, 3, 17}) {
            source_seen = true;
            for (const auto& a : e.actor1) CHECK(a.name.find("Turk") == std::string::npos);  // a source, not a party
        }
    }
    CHECK(passive_seen);
    CHECK(source_seen);
}

TEST_CASE("extract: a kunya is no place, a channel's countryside is an area, a lone actor of the box's own side no target") {
    // Written here, in the manner of an investigation: a fact box, then accounts around it.
    const ex::Report r = ex::parse_report(
        "Strike on the clinic\n12 May 2019\n\nLocation: IDLIB : Saraqib\nDate: 5 May 2019\n"
        "Potentially responsible: Russian or Syrian air force\n\n"
        "The local council published a statement in which the Nurse Samer Haddad (Abu Khaled Al Idlibi) described the airstrike "
        "on 5 May 2019.\n\n"
        "A resident described a large explosion from Russian warplanes rockets at the clinic in Saraqib on 5 May 2019.\n\n"
        "Also on that day, the \"Free Idlib, Saraqib eastern countryside - media office\" channel posted a video of the "
        "airstrikes.\n\n"
        "The clinic, located in the countryside of Idlib, was hit on 5 May 2019 by Russian warplanes.\n",
        "clinic.md", ex::ReportFormat::Text);
    const ex::Extraction x = ex::extract_events(r, resolver());
    for (const auto& e : x.events) MESSAGE(e.summary);
    REQUIRE(x.events.size() == 1);  // one incident, told four times
    const Event& e = x.events[0];
    CHECK(e.location.gazetteer_id == "gn:164816");  // Saraqib, from the box
    for (const auto& a : e.actor2) CHECK(a.name.find("Russia") == std::string::npos);  // not against "Russian warplanes"
    CHECK(e.summary.find("Russia at") == std::string::npos);
    CHECK(e.summary.find("at Saraqib, Idlib") != std::string::npos);  // the box's "IDLIB : Saraqib" in a line
    // Alone, the kunya's name is no village (Khaled is one), and the channel's area is an area.
    gaz::Context ctx;
    for (const auto& m : ex::find_places("a statement in which the Nurse Samer Haddad (Abu Khaled Al Idlibi) spoke", resolver(), ctx))
        CHECK(ascii_lower(m.phrase).find("khaled") == std::string::npos);
    const auto ch = ex::find_places("the \"Free Idlib, Saraqib eastern countryside - media office\" channel", resolver(), ctx);
    bool area = false;
    for (const auto& m : ch) area |= m.resolution.ref.precision == LocPrecision::Region;
    CHECK(area);
}

TEST_CASE("extract: the dead of one side are not also its attackers") {
    // Written here: the attacked are named in one sentence, their dead in the next.
    const ex::Report r = ex::parse_report(
        "Weekly notes\nMay 22, 2020\n\nCells of the group carried out several attacks on government forces in the province "
        "of Daraa this week. On May 19, a soldier was killed near Khan Arnabeh.\n\n"
        "A roadside bomb hit a convoy of Turkish-led forces near the town of Ras al-Ayn on May 20. Three militants and two "
        "Turkish soldiers were reportedly killed in the attack.\n",
        "notes.txt", ex::ReportFormat::Text);
    const ex::Extraction x = ex::extract_events(r, resolver());
    REQUIRE_FALSE(x.events.empty());
    for (const Event& e : x.events) {
        MESSAGE(e.summary);
        for (const Actor& a : e.actor1)
            for (const Actor& b : e.actor2) CHECK_MESSAGE(a.name != b.name, e.summary);
        // "a soldier was killed": the army is the victim there, never the killer.
        if (e.location.written.find("Khan Arnabeh") != std::string::npos)
            for (const Actor& a : e.actor1) CHECK_MESSAGE(a.name != "Syrian Arab Army", e.summary);
    }
}

TEST_CASE("extract: a place the gazetteer lacks is said, and the event keeps the next place the text justifies") {
    const ex::Report r = ex::parse_report(
        "Chronicle\nMarch 20, 2020\n\nOn March 19, shelling hit the village of Zorbazeen in the Ariha district of Idlib, "
        "killing two.\n",
        "unknown.txt", ex::ReportFormat::Text);
    const ex::Extraction x = ex::extract_events(r, resolver());
    bool said = false;
    for (const auto& w : x.warnings) said |= w.find("'Zorbazeen'") != std::string::npos && w.find("does not know") != std::string::npos;
    CHECK(said);
    REQUIRE(x.events.size() == 1);
    // Ariha, not a far-away namesake of the unknown word.
    CHECK(geo::distance_km({36.5483, 35.8133}, x.events[0].location.geometry) < 25);
}
