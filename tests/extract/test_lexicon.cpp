// Tests for extract/Lexicon: actors and their aliases, kinds of incident, counts and casualties.
// Every sentence here is invented in the style of the reports (South Front, Rudaw, monitors); none
// is copied from the seed reports, so these tests say what the lexicon does, not what one text says.
//
// [SECTION] index
//   Actors ...... alias groups, possessives, apostrophes, acronyms, coordination, sources skipped
//   Kinds ....... one case per trigger rule, refinements, hedges, sentences with no incident
//   Counts ...... digits, words, bounds, vague quantities
//   Casualties .. killed/injured tied to their words, sums, qualifiers, disputed claims
//   Hostile ..... invalid UTF-8, a megabyte sentence, empty and punctuation-only input
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "extract/Lexicon.h"

using namespace cm;
using namespace cm::ex;

namespace {

std::vector<std::string> shorts(std::string_view s) {
    std::vector<std::string> out;
    for (const auto& m : find_actors(s)) out.push_back(m.actor.short_name);
    return out;
}

std::string written_of(std::string_view s, std::string_view short_name) {
    for (const auto& m : find_actors(s))
        if (m.actor.short_name == short_name) return m.actor.written;
    return "<none>";
}

std::string kind_of(std::string_view s) {
    const auto k = classify(s);
    return k ? k->kind : std::string("<none>");
}

using V = std::vector<std::string>;

}  // namespace

// =================================================================================================
// [SECTION] Actors
// =================================================================================================

TEST_CASE("extract: actor table covers the Kurdish-led forces") {
    CHECK(shorts("Fighters of the Syrian Democratic Forces shelled the village.") == V{"SDF"});
    CHECK(shorts("The SDF said it had detained two suspects.") == V{"SDF"});
    CHECK(shorts("Units of the People's Protection Units withdrew from the hill.") == V{"YPG"});
    CHECK(shorts("The YPG denied any role.") == V{"YPG"});
    CHECK(shorts("A group calling itself the Afrin Liberation Forces claimed the attack.") == V{"YPG"});
    CHECK(shorts("Ankara blames the PKK for the blast.") == V{"Turkey", "PKK"});
}

TEST_CASE("extract: actor table covers the jihadist groups and their spellings") {
    CHECK(shorts("Daesh cells attacked a water station.") == V{"ISIS"});
    CHECK(shorts("The Islamic State claimed the bombing.") == V{"ISIS"});
    CHECK(shorts("ISIL fighters fled east.") == V{"ISIS"});
    CHECK(shorts("Remnants of Isis were seen near the dam.") == V{"ISIS"});
    CHECK(shorts("IS militants torched the fields.") == V{"ISIS"});
    CHECK(shorts("Hay'at Tahrir al-Sham arrested a preacher.") == V{"HTS"});
    CHECK(shorts("Hayat Tahrir al-Sham arrested a preacher.") == V{"HTS"});
    CHECK(shorts("Hay\xE2\x80\x99" "at Tahrir al Sham arrested a preacher.") == V{"HTS"});  // curly apostrophe, no hyphen
    CHECK(shorts("HTS gunmen raided the market.") == V{"HTS"});
    CHECK(shorts("The Turkistan Islamic Party holds the town.") == V{"TIP"});
    CHECK(shorts("TIP snipers were active.") == V{"TIP"});
    CHECK(shorts("The checkpoint was run by al-Qaeda-linked groups.") == V{"al-Qaeda"});
    CHECK(shorts("Hurras al-Din fighters were spotted.") == V{"al-Qaeda"});
}

TEST_CASE("extract: actor table covers the Turkish-backed opposition") {
    CHECK(shorts("Ahrar al-Sham shelled the crossing.") == V{"Ahrar al-Sham"});
    CHECK(shorts("The National Front for Liberation mobilised its units.") == V{"NFL"});
    CHECK(shorts("NFL units mobilised.") == V{"NFL"});
    CHECK(shorts("The Syrian National Army looted the houses.") == V{"SNA"});
    CHECK(shorts("SNA factions looted the houses.") == V{"SNA"});
    CHECK(shorts("Turkish-backed groups looted the houses.") == V{"SNA"});
    CHECK(shorts("Turkish proxies looted the houses.") == V{"SNA"});
}

TEST_CASE("extract: actor table covers the Syrian state and its allies") {
    for (const char* s : {"The Syrian Arab Army advanced.", "The Syrian Army advanced.", "Government forces advanced.",
                          "Regime forces advanced.", "Syrian troops advanced.", "The SAA advanced.",
                          "Syrian government forces advanced."})
        CHECK(shorts(s) == V{"Syrian Army"});
    CHECK(shorts("The National Defense Forces manned the checkpoint.") == V{"NDF"});
    CHECK(shorts("NDF militiamen manned the checkpoint.") == V{"NDF"});
    CHECK(shorts("Liwa al-Quds lost a commander.") == V{"Liwa al-Quds"});
    CHECK(shorts("Agents of the Military Intelligence Directorate were seen.") == V{"MID"});
    CHECK(shorts("The Russian Military Police escorted the convoy.") == V{"Russia"});
    CHECK(shorts("Russian forces escorted the convoy.") == V{"Russia"});
    CHECK(shorts("The Russian military escorted the convoy.") == V{"Russia"});
    CHECK(shorts("The IRGC moved weapons.") == V{"Iran"});
    CHECK(shorts("Iranian-backed militias moved weapons.") == V{"Iran"});
    CHECK(shorts("Hezbollah moved weapons.") == V{"Hezbollah"});
}

TEST_CASE("extract: actor table covers foreign states") {
    CHECK(shorts("The Turkish Army shelled the village.") == V{"Turkey"});
    CHECK(shorts("Turkish forces shelled the village.") == V{"Turkey"});
    CHECK(shorts("The Turkish military shelled the village.") == V{"Turkey"});
    CHECK(shorts("The US-led coalition struck a truck.") == V{"US"});
    CHECK(shorts("US forces struck a truck.") == V{"US"});
    CHECK(shorts("The US military struck a truck.") == V{"US"});
    CHECK(shorts("U.S. troops struck a truck.") == V{"US"});
    CHECK(shorts("Israeli warplanes struck a depot.") == V{"Israel"});
}

TEST_CASE("extract: actor table covers unnamed parties") {
    CHECK(shorts("Two civilians were wounded.") == V{"civilians"});
    CHECK(shorts("Protesters blocked the road.") == V{"protesters"});
    CHECK(shorts("Militants fired at the post.") == V{"militants"});
    CHECK(shorts("Terrorists fired at the post.") == V{"militants"});
    CHECK(shorts("Radicals fired at the post.") == V{"militants"});
    CHECK(shorts("Unknown gunmen fired at the post.") == V{"unidentified gunmen"});
    CHECK(shorts("The gunmen killed a local and escaped.") == V{"unidentified gunmen", "civilians"});
}

TEST_CASE("extract: actor mentions keep the sentence's words, with modifiers and a following acronym") {
    const std::string s = "Shells hit a base of the Kurdish-led Syrian Democratic Forces (SDF) near the river.";
    const auto m = find_actors(s);
    REQUIRE(m.size() == 1);
    CHECK(m[0].actor.name == "Syrian Democratic Forces");
    CHECK(m[0].actor.short_name == "SDF");
    CHECK(m[0].actor.written == "the Kurdish-led Syrian Democratic Forces (SDF)");
    CHECK(s.substr(m[0].begin, m[0].end - m[0].begin) == m[0].actor.written);
    CHECK(written_of("Militants of Hayat Tahrir al-Sham (HTS) attacked.", "HTS") == "Hayat Tahrir al-Sham (HTS)");
    CHECK(written_of("The US-backed Syrian Democratic Forces held the town.", "SDF") ==
          "The US-backed Syrian Democratic Forces");
    CHECK(shorts("The US-backed Syrian Democratic Forces held the town.") == V{"SDF"});  // US only describes
    CHECK(written_of("ISIS cells struck again.", "ISIS") == "ISIS cells");
}

TEST_CASE("extract: actor possessives and apostrophe variants") {
    CHECK(written_of("Hayat Tahrir al-Sham's security wing arrested him.", "HTS") == "Hayat Tahrir al-Sham");
    CHECK(written_of("The SDF's spokesman spoke.", "SDF") == "The SDF");
    CHECK(written_of("Hay`at Tahrir al-Sham\xE2\x80\x99s fighters withdrew.", "HTS") == "Hay`at Tahrir al-Sham");
    CHECK(shorts("Ankara's troops crossed the border.") == V{"Turkey"});
}

TEST_CASE("extract: actor short acronyms count only in capitals and as whole words") {
    CHECK(shorts("This is the tip of the spear.").empty());
    CHECK(shorts("The sdf and the ndf are not names here.").empty());
    CHECK(shorts("Is it true?").empty());
    CHECK(shorts("Let us go.").empty());
    CHECK(shorts("The hts file was corrupt.").empty());
    CHECK(shorts("The saa, sna and nfl are lower case.").empty());
    CHECK(shorts("ISIS and IS are both found.") == V{"ISIS"});
    CHECK(shorts("Thousands fled from the SDFX zone.").empty());
}

TEST_CASE("extract: actor coordination gives each state its own mention") {
    const std::string s = "Russian and Turkish forces escorted the aid convoy.";
    const auto m = find_actors(s);
    REQUIRE(m.size() == 2);
    CHECK(m[0].actor.short_name == "Russia");
    CHECK(m[0].actor.written == "Russian");
    CHECK(m[1].actor.short_name == "Turkey");
    CHECK(m[1].actor.written == "Turkish forces");
    CHECK(shorts("Turkish and Russian troops withdrew.") == V{"Turkey", "Russia"});
    CHECK(shorts("A joint Russian-Turkish patrol reached the town.") == V{"Russia", "Turkey"});
    CHECK(shorts("The Syrian-Turkish border stayed quiet.").empty());  // a border, not a joint action
}

TEST_CASE("extract: actor capitals and states act only when they act") {
    CHECK(shorts("Moscow warned Ankara against a new offensive.") == V{"Russia", "Turkey"});
    CHECK(shorts("Talks were held in Moscow.").empty());
    CHECK(shorts("The delegation flew to Ankara.").empty());
    CHECK(shorts("Russia and Turkey reached a ceasefire.") == V{"Russia", "Turkey"});
    CHECK(shorts("The convoy went from Turkey into Idlib.").empty());
    CHECK(shorts("Shells landed in the Damascus countryside.").empty());
    CHECK(shorts("Damascus rejected the offer.") == V{"Syrian Army"});
}

TEST_CASE("extract: actor sources are not actors") {
    CHECK(shorts("Pro-opposition sources said the town was quiet.").empty());
    CHECK(shorts("Pro-government sources said the town was quiet.").empty());
    CHECK(shorts("Kurdish sources said the town was quiet.").empty());
    CHECK(shorts("The Syrian Observatory for Human Rights (SOHR) said the town was quiet.").empty());
    CHECK(shorts("SOHR said the town was quiet.").empty());
    CHECK(shorts("SDF sources said ISIS attacked.") == V{"ISIS"});
}

TEST_CASE("extract: actor bare nouns need no competing name before them") {
    CHECK(shorts("The army shelled the hills.") == V{"Syrian Army"});
    CHECK(shorts("The Iraqi army shelled the hills.").empty());
    CHECK(shorts("Two soldiers were wounded.") == V{"Syrian Army"});
    CHECK(shorts("The regime bombed the market.") == V{"Syrian Army"});
}

TEST_CASE("extract: actor mentions come in order of appearance, each once") {
    const std::string s = "ISIS attacked the SDF, and the SDF hit back at ISIS cells near a Turkish Army post.";
    CHECK(shorts(s) == V{"ISIS", "SDF", "Turkey"});
    const auto m = find_actors(s);
    for (std::size_t i = 1; i < m.size(); ++i) CHECK(m[i - 1].begin < m[i].begin);
}

// =================================================================================================
// [SECTION] Kinds
// =================================================================================================

TEST_CASE("extract: kind joint patrols and patrols") {
    const std::string s = "On June 3, Russian and Turkish forces carried out their ninth joint patrol along the road.";
    const auto k = classify(s);
    REQUIRE(k);
    CHECK(k->type == EventType::StrategicDevelopments);
    CHECK(k->sub_event_type == "Other");
    CHECK(k->kind == "joint patrol");
    CHECK(s.substr(k->begin, k->end - k->begin) == "joint patrol");
    CHECK(k->confidence >= 0.8);
    CHECK(kind_of("Russian and Turkish troops conducted a patrol east of the town.") == "joint patrol");
    CHECK(kind_of("US forces conducted a patrol near the oil field.") == "patrol");
}

TEST_CASE("extract: kind explosions and remote violence") {
    auto k = classify("An IED struck a vehicle of the Military Police in the town.");
    REQUIRE(k);
    CHECK(k->type == EventType::ExplosionsRemoteViolence);
    CHECK(k->sub_event_type == "Remote explosive/landmine/IED");
    CHECK(k->kind == "IED attack");
    CHECK(kind_of("An explosive device went off near the bakery.") == "IED attack");
    CHECK(kind_of("A car bomb went off near the bakery.") == "IED attack");
    CHECK(kind_of("Two explosions targeted a checkpoint of the SNA.") == "IED attack");
    CHECK(kind_of("A landmine killed a shepherd.") == "landmine");
    CHECK(kind_of("A suicide bomber blew himself up at the gate.") == "suicide bombing");

    k = classify("A rocket strike hit the market of the town.");
    REQUIRE(k);
    CHECK(k->sub_event_type == "Shelling/artillery/missile attack");
    CHECK(k->kind == "rocket strike");
    CHECK(kind_of("Several rockets were fired at the airbase.") == "rocket strike");
    CHECK(kind_of("Turkish artillery shelled three villages.") == "shelling");
    CHECK(kind_of("Mortar fire hit the outskirts.") == "shelling");
    CHECK(kind_of("A guided missile strike destroyed a tank.") == "missile strike");

    k = classify("Russian warplanes struck militant positions in the south.");
    REQUIRE(k);
    CHECK(k->sub_event_type == "Air/drone strike");
    CHECK(k->kind == "airstrike");
    CHECK(kind_of("An airstrike hit a weapons depot.") == "airstrike");
    CHECK(kind_of("An air strike hit a weapons depot.") == "airstrike");
    CHECK(kind_of("A drone strike hit a car on the road.") == "drone strike");
}

TEST_CASE("extract: kind battles: clashes, ambushes, repelled attacks, raids") {
    auto k = classify("Heavy clashes erupted between the SNA and the SDF near the dam.");
    REQUIRE(k);
    CHECK(k->type == EventType::Battles);
    CHECK(k->sub_event_type == "Armed clash");
    CHECK(k->kind == "armed clash");
    CHECK(kind_of("Government forces repelled an attack by militants on the hill.") == "armed clash");
    CHECK(kind_of("Militants attacked positions of the army near the village.") == "armed clash");
    CHECK(kind_of("Fighting went on through the night.") == "armed clash");
    CHECK(kind_of("ISIS cells ambushed a bus carrying soldiers.") == "ambush");
    CHECK(kind_of("Troops fell into an ambush on the desert road.") == "ambush");
    CHECK(kind_of("Army units carried out raids against ISIS in the desert.") == "raid");
    CHECK(kind_of("The troops destroyed four ISIS hideouts in the valley.") == "raid");
    CHECK(classify("Army units carried out raids against ISIS in the desert.")->type == EventType::Battles);
}

TEST_CASE("extract: kind violence against civilians") {
    auto k = classify("A local council member was assassinated near the bakery.");
    REQUIRE(k);
    CHECK(k->type == EventType::ViolenceAgainstCivilians);
    CHECK(k->sub_event_type == "Attack");
    CHECK(k->kind == "assassination");
    k = classify("A soldier was shot and killed at his house.");
    REQUIRE(k);
    CHECK(k->type == EventType::ViolenceAgainstCivilians);
    CHECK(k->kind == "targeted killing");
    CHECK(kind_of("Gunmen shot dead a teacher in the market.") == "targeted killing");
    CHECK(kind_of("The militants executed two captives.") == "execution");
    k = classify("ISIS militants set up a fake checkpoint on the highway and seized two trucks.");
    REQUIRE(k);
    CHECK(k->type == EventType::ViolenceAgainstCivilians);
    CHECK(k->kind == "fake checkpoint");
    k = classify("Gunmen abducted a doctor on the road to the city.");
    REQUIRE(k);
    CHECK(k->sub_event_type == "Abduction/forced disappearance");
    CHECK(kind_of("Two children were kidnapped near the school.") == "abduction");
    CHECK(classify("The militants killed a local in the village.")->type == EventType::ViolenceAgainstCivilians);
}

TEST_CASE("extract: kind strategic developments with a clear object") {
    auto k = classify("The SDF released 25 ISIS members from a prison in the north.");
    REQUIRE(k);
    CHECK(k->type == EventType::StrategicDevelopments);
    CHECK(k->sub_event_type == "Other");
    CHECK(k->kind == "prisoner release");
    CHECK(kind_of("The group freed dozens of prisoners on Sunday.") == "prisoner release");
    CHECK(kind_of("Some 200 ISIS fighters were transferred to the desert.") == "fighter transfer");
    CHECK(kind_of("The army transferred militants to the north by bus.") == "fighter transfer");
    CHECK(kind_of("The NDF sent reinforcements to the front line.") == "reinforcements");
    CHECK(kind_of("Syrian troops intercepted a US convoy near the village.") == "convoy interception");
    k = classify("The Turkish Army established two observation points near the highway.");
    REQUIRE(k);
    CHECK(k->sub_event_type == "Headquarters or base established");
    CHECK(k->kind == "observation post");
    CHECK(kind_of("Russian forces set up a base at the airport.") == "observation post");
    CHECK(kind_of("An armed group offered a bounty for the pilot.") == "bounty offer");
    CHECK(kind_of("Turkish forces removed a protest camp on the road.") == "protest camp removal");
}

TEST_CASE("extract: kind protests, riots and road blockades") {
    auto k = classify("Protesters have been blocking the highway since Monday.");
    REQUIRE(k);
    CHECK(k->type == EventType::Protests);
    CHECK(k->sub_event_type == "Peaceful protest");
    CHECK(k->kind == "road blockade");
    CHECK(kind_of("Residents staged a sit-in on the highway.") == "road blockade");
    k = classify("Hundreds of people protested against the new tax in the city.");
    REQUIRE(k);
    CHECK(k->type == EventType::Protests);
    CHECK(k->kind == "protest");
    CHECK(kind_of("Demonstrators gathered in the square.") == "protest");
    k = classify("A riot broke out in the camp after the arrests.");
    REQUIRE(k);
    CHECK(k->type == EventType::Riots);
    CHECK(k->sub_event_type == "Violent demonstration");
    // an army closing a road is no protest
    k = classify("Turkish troops blocked the road to the village.");
    REQUIRE(k);
    CHECK(k->type == EventType::StrategicDevelopments);
}

TEST_CASE("extract: kind arrests, agreements and territory") {
    auto k = classify("The security forces arrested five men in the town.");
    REQUIRE(k);
    CHECK(k->sub_event_type == "Arrests");
    CHECK(kind_of("Three suspects were detained at a checkpoint.") == "arrest");
    k = classify("Russia and Turkey reached a new ceasefire agreement on Thursday.");
    REQUIRE(k);
    CHECK(k->type == EventType::StrategicDevelopments);
    CHECK(k->sub_event_type == "Agreement");
    CHECK(k->kind == "agreement");
    CHECK(kind_of("A deal was struck between the tribes and the SDF.") == "agreement");
    k = classify("The SDF took control of the town after the army left.");
    REQUIRE(k);
    CHECK(k->sub_event_type == "Non-violent transfer of territory");
    k = classify("The Syrian Army captured the village after heavy clashes with militants.");
    REQUIRE(k);
    CHECK(k->type == EventType::Battles);
    CHECK(k->sub_event_type == "Government regains territory");
    k = classify("HTS captured the town after fierce fighting with the army.");
    REQUIRE(k);
    CHECK(k->sub_event_type == "Non-state actor overtakes territory");
    CHECK(kind_of("Turkish troops withdrew from the observation post.") == "withdrawal");
}

TEST_CASE("extract: kind precedence picks the specific trigger") {
    CHECK(kind_of("Four people were killed and nine injured in a rocket strike on the town.") == "rocket strike");
    CHECK(kind_of("Gunmen at a fake checkpoint killed three drivers.") == "fake checkpoint");
    CHECK(kind_of("At least 20 soldiers were killed in the clashes.") == "armed clash");
    CHECK(kind_of("An IED hit a military convoy near the bridge.") == "IED attack");
    CHECK(kind_of("Some 300 fighters were transferred in exchange for the release of hostages.") == "fighter transfer");
    // aggregates keep the violence kind
    CHECK(kind_of("The group says it assassinated 35 people during the last two months.") == "assassination");
    CHECK(kind_of("The cells have been active, killing 120 civilians this year.") == "killing");
}

TEST_CASE("extract: kind months are neither hedges nor marches") {
    const auto k = classify("On May 4, a soldier was shot and killed near the bridge.");
    REQUIRE(k);
    CHECK(k->kind == "targeted killing");
    CHECK(k->confidence >= 0.8);
    CHECK_FALSE(classify("Early in March, the region was calm."));
}

TEST_CASE("extract: kind hedges lower confidence below one half") {
    auto k = classify("The army could launch an offensive on the town.");
    REQUIRE(k);
    CHECK(k->confidence < 0.5);
    k = classify("Observers fear the militants might attack positions of the army.");
    REQUIRE(k);
    CHECK(k->confidence < 0.5);
    k = classify("A joint patrol was set to take place along the highway.");
    REQUIRE(k);
    CHECK(k->confidence < 0.5);
    k = classify("Clashes could erupt again in the area.");
    REQUIRE(k);
    CHECK(k->confidence < 0.5);
    k = classify("There were no clashes in the area.");
    REQUIRE(k);
    CHECK(k->confidence < 0.5);
    k = classify("These groups will have to withdraw their heavy weapons by the end of the month.");
    REQUIRE(k);
    CHECK(k->kind == "agreement term");
    CHECK(k->sub_event_type == "Agreement");
    CHECK(k->confidence == doctest::Approx(0.3));
    // a plain trigger later in the sentence wins over a hedged one before it
    k = classify("Officials said the militants might attack again, and on Monday clashes erupted near the dam.");
    REQUIRE(k);
    CHECK(k->kind == "armed clash");
    CHECK(k->confidence >= 0.8);
}

TEST_CASE("extract: kind sentences with no incident give nothing") {
    for (const char* s : {"The situation in the province keeps deteriorating.",
                          "ISIS is on poor terms with every other faction.",
                          "The region remains a safe haven for terrorists.",
                          "Analysts say the truce exists only on paper.",
                          "Please share this article with your friends.",
                          "These events demonstrate that the cells are resilient.",
                          "The released statement gave no details.",
                          "All the released individuals are Syrian citizens.",
                          "The patrol involved four armoured vehicles.", ""})
        CHECK_MESSAGE(!classify(s), s);
}

// =================================================================================================
// [SECTION] Counts
// =================================================================================================

TEST_CASE("extract: count digits and number words") {
    auto c = parse_count("6");
    REQUIRE(c);
    CHECK(c->best == 6);
    CHECK(c->low == 6);
    CHECK(c->high == 6);
    CHECK(c->written == "6");
    CHECK(parse_count("five")->best == 5);
    CHECK(parse_count("Seventeen")->best == 17);
    CHECK(parse_count("twenty-five")->best == 25);
    CHECK(parse_count("forty two")->best == 42);
    CHECK(parse_count("three hundred")->best == 300);
    CHECK(parse_count("one hundred and fifty")->best == 150);
    CHECK(parse_count("two thousand")->best == 2000);
    CHECK(parse_count("1,200")->best == 1200);
    CHECK(parse_count("a dozen")->best == 12);
    CHECK(parse_count("two dozen")->best == 24);
    CHECK(parse_count("half a dozen")->best == 6);
    CHECK(parse_count("a couple of")->best == 2);
    CHECK(parse_count("both")->best == 2);
    CHECK(parse_count("no one")->best == 0);
}

TEST_CASE("extract: count bounds and approximations") {
    auto c = parse_count("at least 20");
    REQUIRE(c);
    CHECK(c->low == 20);
    CHECK(c->best == 20);
    CHECK(c->high == -1);
    CHECK(c->written == "at least 20");
    c = parse_count("over 20");
    CHECK(c->low == 20);
    CHECK(c->best == 20);
    c = parse_count("more than 15");
    CHECK(c->low == 15);
    c = parse_count("over two dozen");
    CHECK(c->low == 24);
    c = parse_count("some 400");
    CHECK(c->best == 400);
    CHECK(c->low == -1);
    CHECK(parse_count("around 30")->best == 30);
    CHECK(parse_count("about 12")->best == 12);
    CHECK(parse_count("nearly 50")->best == 50);
    c = parse_count("up to 40");
    CHECK(c->best == 40);
    CHECK(c->high == 40);
}

TEST_CASE("extract: count vague quantities give a lower bound only") {
    auto c = parse_count("several");
    REQUIRE(c);
    CHECK(c->low == 3);
    CHECK(c->best == -1);
    CHECK(c->given());
    CHECK(c->written == "several");
    CHECK(parse_count("a number of")->low == 3);
    CHECK(parse_count("dozens")->low == 24);
    CHECK(parse_count("dozens of")->best == -1);
    CHECK(parse_count("hundreds")->low == 200);
    CHECK(parse_count("thousands of")->low == 2000);
    CHECK(parse_count("a few")->low == 2);
}

TEST_CASE("extract: count of people with an article or a noun") {
    auto c = parse_count("a soldier");
    REQUIRE(c);
    CHECK(c->best == 1);
    CHECK(c->written == "a soldier");
    CHECK(parse_count("two soldiers")->best == 2);
    CHECK(parse_count("a security officer")->best == 1);
    CHECK(parse_count("an activist")->best == 1);
    CHECK(parse_count("six armoured vehicles")->best == 6);  // a count, though no casualty
}

TEST_CASE("extract: count rejects words that are no count") {
    CHECK_FALSE(parse_count(""));
    CHECK_FALSE(parse_count("soldiers"));
    CHECK_FALSE(parse_count("a"));
    CHECK_FALSE(parse_count("March 23"));
    CHECK_FALSE(parse_count("the army"));
    CHECK_FALSE(parse_count("1.5"));
    CHECK_FALSE(parse_count("12345678901234567890"));
}

// =================================================================================================
// [SECTION] Casualties
// =================================================================================================

TEST_CASE("extract: casualties killed and injured in one sentence") {
    const auto c = find_casualties("Seven civilians were reportedly killed and 12 others injured in the shelling.");
    CHECK(c.killed.best == 7);
    CHECK(c.killed.written == "Seven civilians");
    CHECK(c.injured.best == 12);
    CHECK(c.injured.written == "12 others");
    CHECK(c.qualifier == "reportedly");
    CHECK_FALSE(c.disputed);
}

TEST_CASE("extract: casualties in the active voice and after the verb") {
    auto c = find_casualties("The blast killed four soldiers and wounded nine.");
    CHECK(c.killed.best == 4);
    CHECK(c.injured.best == 9);
    c = find_casualties("ISIS cells killed several shepherds and fled.");
    CHECK(c.killed.low == 3);
    CHECK(c.killed.best == -1);
    c = find_casualties("The gunmen killed a local and escaped.");
    CHECK(c.killed.best == 1);
    CHECK(c.killed.written == "a local");
    c = find_casualties("The cells have been active, killing 120 civilians this year.");
    CHECK(c.killed.best == 120);
    c = find_casualties("The group says it assassinated 35 people during the last two months.");
    CHECK(c.killed.best == 35);
    c = find_casualties("Government sources said 14 ISIS members were eliminated in the raid.");
    CHECK(c.killed.best == 14);
}

TEST_CASE("extract: casualties of one person and of groups joined by and") {
    auto c = find_casualties("On June 2, a soldier was shot and killed near the town.");
    CHECK(c.killed.best == 1);
    CHECK(c.killed.written == "a soldier");
    c = find_casualties("On June 4, two soldiers were shot and killed near the bridge.");
    CHECK(c.killed.best == 2);
    c = find_casualties("Two militants and three Russian soldiers were killed in the attack.");
    CHECK(c.killed.best == 5);
    CHECK(c.killed.written == "Two militants and three Russian soldiers");
    c = find_casualties("A security officer died of his wounds.");
    CHECK(c.killed.best == 1);
    CHECK_FALSE(c.injured.given());
    c = find_casualties("The death toll rose to 23 on Friday.");
    CHECK(c.killed.best == 23);
    c = find_casualties("At least 9 fighters lost their lives.");
    CHECK(c.killed.low == 9);
    c = find_casualties("No civilians were hurt.");
    CHECK(c.injured.best == 0);
}

TEST_CASE("extract: casualties count only what kill and injure words tie") {
    CHECK_FALSE(find_casualties("The patrol involved six armoured vehicles.").killed.given());
    CHECK_FALSE(find_casualties("The SDF released 80 ISIS members.").killed.given());
    const auto c = find_casualties("On March 23, 2020, a car was hit and the driver was killed.");
    CHECK_FALSE(c.killed.given());  // neither the day nor the year is a count of the dead
    CHECK_FALSE(find_casualties("The raid killed fighters of the group.").killed.given());
    CHECK_FALSE(find_casualties("A series of IED attacks rocked the town and killed people.").killed.given());
    const auto d = find_casualties("The group offered $25,000 to anyone who killed the pilot.");
    CHECK_FALSE(d.killed.given());
    CHECK(find_casualties("In 2017 the war killed thousands of civilians.").killed.low == 2000);
}

TEST_CASE("extract: casualties claims by one side are disputed") {
    auto c = find_casualties("Pro-opposition sources claim that at least 30 soldiers were killed in the attack.");
    CHECK(c.killed.low == 30);
    CHECK(c.killed.best == 30);
    CHECK(c.disputed);
    CHECK(c.qualifier == "claimed by pro-opposition sources");
    c = find_casualties("Pro-opposition sources claim that at least 30 soldiers were killed. "
                        "Pro-government sources deny casualties.");
    CHECK(c.killed.low == 30);
    CHECK(c.disputed);
    CHECK(c.qualifier.find("denied by") != std::string::npos);
    c = find_casualties("Pro-government sources deny casualties.");
    CHECK(c.disputed);
    CHECK(c.qualifier == "denied by pro-government sources");
    c = find_casualties("Eight militants were killed, according to pro-government sources.");
    CHECK(c.killed.best == 8);
    CHECK(c.disputed);
    CHECK(c.qualifier == "according to pro-government sources");
}

TEST_CASE("extract: casualties from neutral monitors or reportedly are not disputed") {
    auto c = find_casualties("Four fighters were killed, according to the Syrian Observatory for Human Rights.");
    CHECK(c.killed.best == 4);
    CHECK_FALSE(c.disputed);
    CHECK(c.qualifier == "according to the Syrian Observatory for Human Rights");
    c = find_casualties("Nine SDF members were reportedly killed.");
    CHECK(c.killed.best == 9);
    CHECK_FALSE(c.disputed);
    CHECK(c.qualifier == "reportedly");
    c = find_casualties("ISIS announced that its fighters had killed 12 soldiers.");
    CHECK(c.killed.best == 12);
    CHECK(c.qualifier == "according to ISIS");
    CHECK_FALSE(c.disputed);
    c = find_casualties("The roads are reportedly open again.");
    CHECK(c.qualifier.empty());  // nothing about casualties to qualify
}

// =================================================================================================
// [SECTION] Hostile input
// =================================================================================================

TEST_CASE("extract: lexicon survives invalid UTF-8 and odd input") {
    const std::string bad =
        "\xFF\xFE ISIS \xC3\x28 attacked \xE2\x82 the SDF\xF0\x9F with \xED\xA0\x80 mortars, killing 3 soldiers\xC0\xAF.";
    CHECK(shorts(bad) == V{"ISIS", "SDF", "Syrian Army"});
    const auto k = classify(bad);
    REQUIRE(k);
    CHECK(k->kind == "shelling");
    CHECK(find_casualties(bad).killed.best == 3);
    for (const char* s : {"", " ", "...", "(((", "'s", "-", "\xE2\x80\x99s", "U.S.", "a", "at least", "'''---'''"}) {
        CHECK_NOTHROW(find_actors(s));
        CHECK_NOTHROW(classify(s));
        CHECK_NOTHROW(find_casualties(s));
        CHECK_NOTHROW(parse_count(s));
    }
    std::string nul = "ISIS";
    nul += '\0';
    nul += "killed 2 soldiers";
    CHECK(find_casualties(nul).killed.best == 2);
}

TEST_CASE("extract: lexicon finishes a megabyte sentence quickly") {
    std::string big;
    const std::string chunk =
        "the SDF and ISIS fighters clashed near the town, killing at least 3 civilians, according to pro-opposition "
        "sources who claim that Hay'at Tahrir al-Sham's (HTS) fighters were transferred and released 12 prisoners; ";
    while (big.size() < (1u << 20)) big += chunk;
    std::string words;
    while (words.size() < (1u << 20)) words += "released fighters fighters at least killed and ";
    const auto t0 = std::chrono::steady_clock::now();
    const auto actors = find_actors(big);
    const auto kind = classify(big);
    const auto cas = find_casualties(big);
    const auto kind2 = classify(words);
    const auto cas2 = find_casualties(words);
    const auto count = parse_count(words);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(actors.size() == 4);  // SDF, ISIS, civilians, HTS
    CHECK(kind);
    CHECK(kind2);
    CHECK(cas.killed.given());
    CHECK(cas.qualifier.size() < 1000);
    CHECK(cas2.killed.written.size() < (1u << 20));
    CHECK_FALSE(count);
    CHECK(s < 20.0);  // about half a second optimised; the bound only catches quadratic work
}
