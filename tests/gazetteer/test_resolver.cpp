// Tests for gazetteer/Resolver: candidates, scores, statuses and context.
#include <doctest/doctest.h>

#include "fixture.h"
#include "geo/Geodesic.h"

using namespace cm;
using namespace cm::gaz;

TEST_CASE("gazetteer: exact, folded, skeleton and fuzzy matches rank in that order") {
    Context ctx;
    const auto exact = cmtest::resolver().candidates("Saraqib", ctx);
    REQUIRE_FALSE(exact.empty());
    CHECK(exact[0].match == MatchKind::Exact);
    CHECK(cmtest::bundled().entry(exact[0].entry).id == "gn:164816");
    const auto folded = cmtest::resolver().candidates("Sarāqeb", ctx);
    REQUIRE_FALSE(folded.empty());
    CHECK(cmtest::bundled().entry(folded[0].entry).id == "gn:164816");
    const auto typo = cmtest::resolver().candidates("Saraqiv", ctx);
    REQUIRE_FALSE(typo.empty());
    CHECK(typo[0].match == MatchKind::Fuzzy);
    CHECK(cmtest::bundled().entry(typo[0].entry).id == "gn:164816");
    CHECK(typo[0].score < exact[0].score);
    CHECK_FALSE(typo[0].reasons.empty());
    // A near spelling alone is a suggestion, never an answer: it comes out ambiguous with the
    // candidates (ResolverLimits::fuzzy_resolve_letters).
    const Resolution r = cmtest::resolve("Saraqiv");
    CHECK(r.status == Status::Ambiguous);
    REQUIRE(r.entry);
    CHECK(r.entry->id == "gn:164816");
}

TEST_CASE("gazetteer: spelling variants of the issue resolve to one place each") {
    const std::vector<std::pair<std::vector<const char*>, const char*>> groups = {
        {{"Deir Ezzor", "Deir ez-Zor", "Dayr az-Zawr", "Deir al-Zour"}, "gn:170794"},
        {{"Alboukamal", "Albu Kamal", "Abu Kamal", "Al-Bukamal"}, "gn:174448"},
        {{"Arihah", "Ariha"}, "gn:172994"},
        {{"Tabqah", "Tabqa", "al-Thawrah"}, "gn:172374"},
        {{"Jeezah", "Jizah", "al-Jeezah"}, "gn:169017"},
        {{"Musayfrah", "Musayfirah", "al-Musayfrah"}, "gn:173416"},
        // Villages called Msheirfeh lie in nine governorates, four in Idlib, two in the Jisr
        // al-Shughur district: the sub-district decides.
        {{"Msheirfeh, Jisr al-Shughur sub-district", "Mushayrifah in Nahiyat Jisr al-Shughur",
          "al-Msheirfeh, Jisr-Ash-Shugur sub-district"}, "cm:msheirfeh"},
    };
    for (const auto& [names, id] : groups)
        for (const char* n : names) {
            const Resolution r = cmtest::resolve(n);
            INFO(n, " -> ", r.entry ? r.entry->id : "none", " ", r.message);
            CHECK(r.status == Status::Resolved);
            REQUIRE(r.entry);
            CHECK(r.entry->id == id);
        }
}

TEST_CASE("gazetteer: below the threshold the answer is unresolved with the nearest candidates") {
    const Resolution r = cmtest::resolve("Xqzwv Plorf");
    CHECK(r.status == Status::Unresolved);
    CHECK(r.ref.geometry.empty());
    CHECK_FALSE(r.message.empty());
}

TEST_CASE("gazetteer: two distinct same-named places are ambiguous, and context decides") {
    // Villages called Khattab: a hill by the M4 and an estate in Idlib, villages in Hama and Homs.
    const Resolution bare = cmtest::resolve("Khattab");
    CHECK(bare.status == Status::Ambiguous);
    CHECK(bare.candidates.size() >= 2);
    Context ctx = cmtest::resolver().context_from_text("Shelling hit villages in Hama province on Tuesday");
    CHECK(std::find(ctx.admin1.begin(), ctx.admin1.end(), "SY-HM") != ctx.admin1.end());
    const Resolution r = cmtest::resolver().resolve("Khattab", ctx);
    CHECK(r.status == Status::Resolved);
    REQUIRE(r.entry);
    CHECK(r.entry->admin1 == "SY-HM");
    // Two of them lie in Idlib: naming the province narrows it to those, and says so.
    Context idlib = cmtest::resolver().context_from_text("Turkish observation points in Idlib province");
    const Resolution two = cmtest::resolver().resolve("Khattab", idlib);
    CHECK(two.status == Status::Ambiguous);
    REQUIRE(two.entry);
    CHECK(two.entry->admin1 == "SY-ID");
}

TEST_CASE("gazetteer: an admin area in the same phrase decides (al-Rusafah in the province of Raqqah)") {
    const Resolution r = cmtest::resolve("al-Rusafah in the province of Raqqah");
    CHECK(r.status == Status::Resolved);
    REQUIRE(r.entry);
    CHECK(r.entry->admin1 == "SY-RA");
    CHECK(geo::distance_km(r.ref.point, {38.75, 35.63}) < 10);
}

TEST_CASE("gazetteer: places named earlier in the document pull ambiguous ones toward them") {
    Context ctx;
    const Resolution first = cmtest::resolver().resolve("Jisr al-Shughur", ctx);
    REQUIRE(first.status == Status::Resolved);
    CHECK(ctx.anchors.size() == 1);
    const Resolution r = cmtest::resolver().resolve("Khattab", ctx);
    REQUIRE(r.entry);
    CHECK(r.entry->id == "cm:tal-khattab");
}

TEST_CASE("gazetteer: a town and a river of the same name are not ambiguous; the town wins bare") {
    const Resolution r = cmtest::resolve("Afrin");
    CHECK(r.status == Status::Resolved);
    REQUIRE(r.entry);
    CHECK(r.entry->kind == PlaceKind::Place);
    Context ctx;
    ctx.kind_hint = PlaceKind::River;
    const Resolution river = cmtest::resolver().resolve("Afrin", ctx);
    REQUIRE(river.entry);
    CHECK(river.entry->kind == PlaceKind::River);
}

TEST_CASE("gazetteer: the city is the bare name, the province when asked") {
    const Resolution city = cmtest::resolve("Idlib");
    REQUIRE(city.entry);
    CHECK(city.entry->kind == PlaceKind::Place);
    CHECK(city.status == Status::Resolved);
    for (const char* p : {"Idlib province", "the province of Idlib", "Idlib governorate", "in the governorate of Idlib"}) {
        const Resolution prov = cmtest::resolve(p);
        INFO(p);
        REQUIRE(prov.entry);
        CHECK(prov.entry->id == "ne:SY-ID");
        CHECK(prov.ref.precision == LocPrecision::Region);
    }
    const Resolution rd = cmtest::resolve("Damascus countryside");
    REQUIRE(rd.entry);
    CHECK(rd.entry->id == "ne:SY-RD");
}

TEST_CASE("gazetteer: context_from_text finds governorates and prominent places, not guesses") {
    const Context ctx = cmtest::resolver().context_from_text("Clashes in the Deir Ezzor countryside and near Palmyra.");
    CHECK(std::find(ctx.admin1.begin(), ctx.admin1.end(), "SY-DY") != ctx.admin1.end());
    CHECK_FALSE(ctx.anchors.empty());
    CHECK(cmtest::resolver().context_from_text("").admin1.empty());
}

TEST_CASE("gazetteer: every community — Arabic script, districts, sub-districts and coders' words") {
    // Arabic script through the sources' Arabic names.
    const Resolution ar = cmtest::resolve("سراقب");
    REQUIRE(ar.entry);
    CHECK(ar.entry->id == "gn:164816");
    // Bare names: the town before the governorate or sub-district named after it.
    const Resolution daraa = cmtest::resolve("Daraa");
    REQUIRE(daraa.entry);
    CHECK(daraa.entry->kind == PlaceKind::Place);
    const Resolution daraa_p = cmtest::resolve("Daraa province");
    REQUIRE(daraa_p.entry);
    CHECK(daraa_p.entry->kind == PlaceKind::Admin);
    // Districts (pcode SYxxxx) and sub-districts (SYxxxxxx) as areas, by the words reports use.
    for (const char* d : {"Ariha district", "Mintaqat Ariha", "the Ariha district"}) {
        const Resolution r = cmtest::resolve(d);
        INFO(d, " -> ", r.entry ? r.entry->id : "none");
        REQUIRE(r.entry);
        CHECK(r.entry->kind == PlaceKind::Admin);
        CHECK(r.entry->pcode.size() == 6);
        CHECK(r.ref.precision == LocPrecision::Region);
    }
    // GeoNames gives the district seat the district's name too ("Idlib District" is a variant of
    // the city): a name that says it is an area is the area's.
    for (const char* d : {"Idlib district", "Idlib District"}) {
        const Resolution r = cmtest::resolve(d);
        INFO(d, " -> ", r.entry ? r.entry->id : "none");
        REQUIRE(r.entry);
        CHECK(r.status == Status::Resolved);
        CHECK(r.entry->kind == PlaceKind::Admin);
        CHECK(r.entry->pcode == "SY0700");
    }
    const Resolution idlib = cmtest::resolve("Idlib");
    REQUIRE(idlib.entry);
    CHECK(idlib.entry->kind == PlaceKind::Place);
    for (const char* d : {"Nahiyat Saraqib", "the Saraqib sub-district", "Saraqib subdistrict"}) {
        const Resolution r = cmtest::resolve(d);
        INFO(d, " -> ", r.entry ? r.entry->id : "none");
        REQUIRE(r.entry);
        CHECK(r.entry->pcode.size() == 8);
        CHECK(r.entry->geometry.contains(cmtest::bundled().find_id("gn:164816")->point));
    }
    // Words coders add are not part of the name.
    const LonLat saraqib = cmtest::bundled().find_id("gn:164816")->point;
    for (const char* p : {"Saraqib town", "Saraqib city", "Saraqib countryside", "Saraqib suburb", "Saraqib checkpoint"}) {
        const Resolution r = cmtest::resolve(p);
        INFO(p, " -> ", r.interpretation, " ", r.message);
        CHECK(r.status == Status::Resolved);
        CHECK(geo::distance_km(r.ref.point, saraqib) < 12);
    }
    // Two spellings of one place, and a name with another in parentheses.
    const Resolution alt = cmtest::resolve("Saraqib/Sarakib village");
    CHECK(alt.status == Status::Resolved);
    CHECK(geo::distance_km(alt.ref.point, saraqib) < 3);
    const Resolution par = cmtest::resolve("Saraqib (Idlib)");
    CHECK(par.status == Status::Resolved);
    CHECK(geo::distance_km(par.ref.point, saraqib) < 3);
}

TEST_CASE("gazetteer: namesakes spelled with other vowels compete on prominence, spelled-alike breaks ties") {
    // Syria has a dozen villages romanised Mansura / Mansoura / Mansurah. The most prominent of
    // them (the sub-district seat in al-Raqqa) must be among the candidates and lead, although
    // its "-ah" spelling is further from "Mansoura" than the plain "Mansura"s are.
    const Resolution r = cmtest::resolve("Al Mansoura");
    REQUIRE_FALSE(r.candidates.empty());
    const Entry& first = cmtest::bundled().entry(r.candidates.front().entry);
    INFO(first.id, " ", first.name);
    CHECK(first.admin1 == "SY-RA");
    for (const Candidate& c : r.candidates)
        CHECK(cmtest::bundled().entry(c.entry).prominence <= first.prominence);
    // Two villages of near-equal standing (OCHA's "Disheisha", GeoNames' "Dashishah", both in
    // al-Hasakah): the one spelled letter for letter as asked leads; without the bonus it would not.
    Resolver plain(cmtest::bundled(), [] { ResolverLimits l; l.namesake_exact_bonus = 0; return l; }());
    Context ctx;
    const Resolution spelled = cmtest::resolver().resolve_name("Dashishah", ctx);
    const Resolution unspelled = plain.resolve_name("Dashishah", ctx);
    REQUIRE_FALSE(spelled.candidates.empty());
    REQUIRE_FALSE(unspelled.candidates.empty());
    CHECK(spelled.candidates.front().match == MatchKind::Exact);
    CHECK(unspelled.candidates.front().match != MatchKind::Exact);
    CHECK(spelled.status == Status::Ambiguous);  // a tie-break, not evidence enough to resolve
}

TEST_CASE("gazetteer: a place that shares the Arabic name of the one spelled is its namesake, and forbids a guess") {
    // OCHA writes one al-Mukhtariyah (المختارية) in Homs "Almoktaria" (half of a two-name village)
    // and another in Latakia "Mokhtariyeh"; a coder's "Al Mukhtariyah" spells the second alike.
    // Without the Arabic name the Latakia village resolved alone, 112 km from the Homs one.
    Context bare;
    const Resolution r = cmtest::resolver().resolve_name("Al Mukhtariyah", bare);
    CHECK(r.status == Status::Ambiguous);
    bool homs_listed = false;
    for (const Candidate& c : r.candidates)
        if (const Entry& e = cmtest::bundled().entry(c.entry); e.admin1 == "SY-HI" && e.name.find("Almoktaria") != std::string::npos) {
            homs_listed = true;
            CHECK(c.by_arabic);
            CHECK(c.same_name);
        }
    CHECK(homs_listed);
    // Found through its Arabic name it does not lead on its own, but an area named with it decides.
    REQUIRE_FALSE(r.candidates.empty());
    CHECK_FALSE(r.candidates.front().by_arabic);
    const Resolution in_homs = cmtest::resolve("Al Mukhtariyah, Homs Governorate");
    REQUIRE(in_homs.entry);
    CHECK(in_homs.entry->admin1 == "SY-HI");
}

TEST_CASE("gazetteer: romanisations that double a consonant or not are namesakes (Taybah, Tayyibah; Asadiyah, Assadiya)") {
    // Before, "Al Taybah" resolved alone to the one village spelled so; the Tayyibahs and
    // Tibas of the same Arabic name were mere consonant matches.
    for (const char* q : {"Al Taybah", "Al Asadiyah"}) {
        Context bare;
        const Resolution r = cmtest::resolver().resolve_name(q, bare);
        INFO(q);
        CHECK(r.status == Status::Ambiguous);
        int namesakes = 0;
        for (const Candidate& c : r.candidates) namesakes += c.same_name;
        CHECK(namesakes >= 2);
    }
}

TEST_CASE("gazetteer: Jabal X, Bir X, Jubb X and New X suggest the village X, never resolve") {
    for (const char* q : {"Jabal Tiyas", "Bir Humaymah", "New Zeyzoun dam"}) {
        const Resolution r = cmtest::resolve(q);
        INFO(q, " -> ", r.interpretation);
        CHECK(r.status == Status::Ambiguous);
        REQUIRE(r.entry);
        CHECK(r.ref.precision == LocPrecision::Near);
    }
    // The village the mountain is named after (Tiyas, Homs) is where the suggestion lies.
    const Resolution t = cmtest::resolve("Jabal Tiyas");
    REQUIRE(t.entry);
    CHECK(t.entry->admin1 == "SY-HI");
}
