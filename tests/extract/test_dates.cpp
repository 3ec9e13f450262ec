// Tests for extract/Dates: date expressions of incident reports resolved against the publication
// date (Dates.h). Publication dates used: 2020-03-24 (a Tuesday) and 2020-05-22 (a Friday), as
// in the seed reports.
#include <doctest/doctest.h>

#include <chrono>
#include <random>
#include <string>

#include "extract/Dates.h"

namespace {

using cm::CivilDate;
using cm::DatePrecision;
using cm::DateSpan;
using cm::ex::DateContext;
using cm::ex::DateMention;
using cm::ex::find_dates;
using cm::ex::parse_publication_date;

CivilDate ymd(int y, int m, int d) { return CivilDate{y, m, d}; }

DateContext published(int y, int m, int d) {
    DateContext c;
    c.published = ymd(y, m, d);
    return c;
}
const DateContext kMar24 = published(2020, 3, 24);  // Tuesday
const DateContext kMay22 = published(2020, 5, 22);  // Friday

// Every mention must read back its own words from the sentence.
void check_offsets(std::string_view s, const std::vector<DateMention>& v) {
    std::size_t prev_end = 0;
    for (const auto& m : v) {
        REQUIRE(m.begin < m.end);
        REQUIRE(m.end <= s.size());
        CHECK(m.begin >= prev_end);  // in order, non-overlapping
        CHECK(s.substr(m.begin, m.end - m.begin) == m.span.written);
        prev_end = m.end;
    }
}

// The single date mention of s.
DateMention one(std::string_view s, const DateContext& ctx) {
    const auto v = find_dates(s, ctx);
    check_offsets(s, v);
    REQUIRE_MESSAGE(v.size() == 1, s);
    return v[0];
}

void check_span(const DateSpan& s, CivilDate first, CivilDate last, DatePrecision p) {
    REQUIRE_FALSE(s.undated);
    CHECK(s.first.iso() == first.iso());
    CHECK(s.last.iso() == last.iso());
    CHECK(cm::precision_name(s.precision) == std::string(cm::precision_name(p)));
}
void check_day(const DateSpan& s, CivilDate d) { check_span(s, d, d, DatePrecision::Day); }

}  // namespace

TEST_CASE("extract dates: 'On March 23' is that day of the publication year, preposition included") {
    const std::string s = "On March 23, Russian and Turkish forces carried out a joint patrol.";
    const auto m = one(s, kMar24);
    check_day(m.span, ymd(2020, 3, 23));
    CHECK(m.span.written == "On March 23");
    CHECK(m.begin == 0);
    CHECK(m.end == 11);
}

TEST_CASE("extract dates: 'March 23', '23 March', 'March 23, 2020', '23rd of March 2020' are one day") {
    for (const char* s : {"the March 23 patrol", "on 23 March the army", "March 23, 2020, the army", "23 March 2020",
                          "on the 23rd of March", "March 23rd", "MARCH 23", "march 23"}) {
        CAPTURE(s);
        check_day(one(s, kMar24).span, ymd(2020, 3, 23));
    }
    CHECK(one("March 23, 2020, the army", kMar24).span.written == "March 23, 2020");
}

TEST_CASE("extract dates: abbreviated month names with and without a dot") {
    check_day(one("On Sept. 3 the convoy left", kMar24).span, ymd(2019, 9, 3));
    check_day(one("On Sept 3", kMar24).span, ymd(2019, 9, 3));
    check_day(one("Feb 7, 2020", {}).span, ymd(2020, 2, 7));
    check_day(one("on 2 Jan", kMar24).span, ymd(2020, 1, 2));
    CHECK(one("On Sept. 3 the convoy left", kMar24).span.written == "On Sept. 3");
}

TEST_CASE("extract dates: a day after publication is last year's (year rollover)") {
    check_day(one("On December 30, ISIS attacked", published(2020, 1, 5)).span, ymd(2019, 12, 30));
    check_day(one("On March 25", kMar24).span, ymd(2019, 3, 25));  // same month, a day after
    check_day(one("On March 24", kMar24).span, ymd(2020, 3, 24));  // publication day itself
    check_day(one("On January 3", published(2020, 1, 5)).span, ymd(2020, 1, 3));
}

TEST_CASE("extract dates: 'February 30' and 'April 31' are no dates") {
    CHECK(find_dates("On February 30 the army", kMar24).empty());
    CHECK(find_dates("On April 31, 2020 the army", kMar24).empty());
    check_day(one("February 29, 2020", {}).span, ymd(2020, 2, 29));
    // A leap day inferred into a common year is said undated, never moved.
    CHECK(one("On February 29", published(2021, 3, 1)).span.undated);
}

TEST_CASE("extract dates: 'late on March 17' is March 17 with the qualifier kept") {
    const std::string s = "Late on March 17, the Syrian Army and the National Defense Forces repelled an ISIS attack.";
    const auto m = one(s, kMar24);
    check_day(m.span, ymd(2020, 3, 17));
    CHECK(m.span.written == "Late on March 17");
    const auto e = one("Early on May 22, terrorists ambushed a bus.", kMay22);
    check_day(e.span, ymd(2020, 5, 22));
    CHECK(e.span.written == "Early on May 22");
    const auto night = one("on the night of March 17 militants shelled the town", kMar24);
    check_day(night.span, ymd(2020, 3, 17));
    CHECK(night.span.written == "on the night of March 17");
    check_day(one("in the early hours of March 18", kMar24).span, ymd(2020, 3, 18));
    check_day(one("on the night of March 17-18", kMar24).span, ymd(2020, 3, 17));
}

TEST_CASE("extract dates: a weekday is the last such day strictly before publication") {
    // 2020-03-24 is a Tuesday.
    check_day(one("a deal was struck on Saturday", kMar24).span, ymd(2020, 3, 21));
    check_day(one("on Monday", kMar24).span, ymd(2020, 3, 23));
    check_day(one("on Tuesday", kMar24).span, ymd(2020, 3, 17));  // the same weekday: a week before
    check_day(one("on Wednesday", kMar24).span, ymd(2020, 3, 18));
    // 2020-05-22 is a Friday.
    check_day(one("on Saturday", kMay22).span, ymd(2020, 5, 16));
    check_day(one("on Thursday", kMay22).span, ymd(2020, 5, 21));
    const auto m = one("Late on Friday night, shells fell", kMar24);
    check_day(m.span, ymd(2020, 3, 20));
    CHECK(m.span.written == "Late on Friday night");
    check_day(one("last Sunday", kMar24).span, ymd(2020, 3, 22));
    check_day(one("next Monday", kMar24).span, ymd(2020, 3, 30));
}

TEST_CASE("extract dates: 'this week' and 'last week' are the 7 days up to publication and those before") {
    check_span(one("clashes this week", kMar24).span, ymd(2020, 3, 18), ymd(2020, 3, 24), DatePrecision::Week);
    check_span(one("Earlier this week, clashes", kMar24).span, ymd(2020, 3, 18), ymd(2020, 3, 24),
               DatePrecision::Week);
    check_span(one("an offensive was averted last week", kMar24).span, ymd(2020, 3, 11), ymd(2020, 3, 17),
               DatePrecision::Week);
    check_span(one("over the past week", kMar24).span, ymd(2020, 3, 17), ymd(2020, 3, 24), DatePrecision::Week);
}

TEST_CASE("extract dates: 'over the past days', 'in recent days', 'in the past few days' are the week up to publication") {
    for (const char* s : {"Over the past days, the Turkish Army established posts", "in recent days",
                          "in the past few days", "over the last few days"}) {
        CAPTURE(s);
        check_span(one(s, kMar24).span, ymd(2020, 3, 17), ymd(2020, 3, 24), DatePrecision::Range);
    }
    CHECK(one("Over the past days, the army", kMar24).span.written == "Over the past days");
}

TEST_CASE("extract dates: 'this month' runs from its first day to publication") {
    check_span(one("this month", kMay22).span, ymd(2020, 5, 1), ymd(2020, 5, 22), DatePrecision::Month);
    check_span(one("earlier this month", kMay22).span, ymd(2020, 5, 1), ymd(2020, 5, 22), DatePrecision::Month);
    check_span(one("last month", kMay22).span, ymd(2020, 4, 1), ymd(2020, 4, 30), DatePrecision::Month);
}

TEST_CASE("extract dates: months and their thirds ('in May', 'earlier in May', 'in early May', 'mid-May', 'late May')") {
    check_span(one("clashes in May", kMay22).span, ymd(2020, 5, 1), ymd(2020, 5, 31), DatePrecision::Month);
    check_span(one("Earlier in May, Turkish forces", kMay22).span, ymd(2020, 5, 1), ymd(2020, 5, 22),
               DatePrecision::Month);
    check_span(one("Earlier in March, Turkish officials", kMay22).span, ymd(2020, 3, 1), ymd(2020, 3, 31),
               DatePrecision::Month);
    check_span(one("in early May", kMay22).span, ymd(2020, 5, 1), ymd(2020, 5, 10), DatePrecision::Range);
    check_span(one("mid-May", kMay22).span, ymd(2020, 5, 11), ymd(2020, 5, 20), DatePrecision::Range);
    check_span(one("in mid-May", kMay22).span, ymd(2020, 5, 11), ymd(2020, 5, 20), DatePrecision::Range);
    check_span(one("late May", kMay22).span, ymd(2020, 5, 21), ymd(2020, 5, 31), DatePrecision::Range);
    check_span(one("at the end of May", kMay22).span, ymd(2020, 5, 21), ymd(2020, 5, 31), DatePrecision::Range);
    check_span(one("late February", kMay22).span, ymd(2020, 2, 21), ymd(2020, 2, 29), DatePrecision::Range);
    // A month after the publication month is last year's.
    check_span(one("in August", kMar24).span, ymd(2019, 8, 1), ymd(2019, 8, 31), DatePrecision::Month);
    check_span(one("in December 2018 in order to", kMar24).span, ymd(2018, 12, 1), ymd(2018, 12, 31),
               DatePrecision::Month);
    check_span(one("in early 2019", kMar24).span, ymd(2019, 1, 1), ymd(2019, 4, 30), DatePrecision::Range);
}

TEST_CASE("extract dates: 'may' and 'march' the verbs, and bare years, are no dates") {
    CHECK(find_dates("Forces may attack; troops march on Idlib.", kMar24).empty());
    CHECK(find_dates("Some 2017 fighters were moved", kMar24).empty());
    CHECK(find_dates("Mar Elias church", kMar24).empty());
    check_span(one("in 2017", kMar24).span, ymd(2017, 1, 1), ymd(2017, 12, 31), DatePrecision::Year);
    check_span(one("In March 2011 protests began", kMar24).span, ymd(2011, 3, 1), ymd(2011, 3, 31),
               DatePrecision::Month);
    check_span(one("in March, 2011", kMar24).span, ymd(2011, 3, 1), ymd(2011, 3, 31), DatePrecision::Month);
    // A round year that reads as a count is left out; the day stands alone.
    const auto m = one("On May 20, 2000 fighters crossed", kMay22);
    check_day(m.span, ymd(2020, 5, 20));
    CHECK(m.span.written == "On May 20");
}

TEST_CASE("extract dates: 'since March 13' runs to publication; 'by mid-October' to the deadline") {
    check_span(one("protesters have blocked the road since March 13", kMar24).span, ymd(2020, 3, 13),
               ymd(2020, 3, 24), DatePrecision::Range);
    check_span(one("since early March", kMar24).span, ymd(2020, 3, 1), ymd(2020, 3, 24), DatePrecision::Range);
    check_span(one("since 2011", kMar24).span, ymd(2011, 1, 1), ymd(2020, 3, 24), DatePrecision::Range);
    const auto m = one("withdraw their heavy weapons by mid-October.", published(2018, 9, 18));
    check_span(m.span, ymd(2018, 9, 18), ymd(2018, 10, 15), DatePrecision::Range);
    CHECK(m.span.written == "by mid-October");
    // After mid-October the deadline is next year's.
    check_span(one("by mid-October", published(2018, 11, 2)).span, ymd(2018, 11, 2), ymd(2019, 10, 15),
               DatePrecision::Range);
    check_span(one("by the end of May", kMar24).span, ymd(2020, 3, 24), ymd(2020, 5, 31), DatePrecision::Range);
    // A deadline with a year that has passed is just that date.
    const auto past = one("by March 20, 2020 the army had", kMar24);
    check_day(past.span, ymd(2020, 3, 20));
    CHECK(past.span.written == "March 20, 2020");
}

TEST_CASE("extract dates: 'in the following days', 'the same day', 'the day before' follow the previous date") {
    DateContext c = kMar24;
    c.previous = DateSpan{ymd(2020, 3, 23), ymd(2020, 3, 23), DatePrecision::Day, false, "On March 23"};
    check_span(one("In the following days, the army advanced", c).span, ymd(2020, 3, 24), ymd(2020, 3, 30),
               DatePrecision::Range);
    check_span(one("in the next days", c).span, ymd(2020, 3, 24), ymd(2020, 3, 30), DatePrecision::Range);
    const auto same = one("On the same day, ISIS killed a local", c);
    check_day(same.span, ymd(2020, 3, 23));
    CHECK(same.span.written == "On the same day");
    check_day(one("that day", c).span, ymd(2020, 3, 23));
    check_day(one("the day before", c).span, ymd(2020, 3, 22));
    check_day(one("The previous day", c).span, ymd(2020, 3, 22));
    check_day(one("the following day", c).span, ymd(2020, 3, 24));
    check_day(one("two days later", c).span, ymd(2020, 3, 25));
    // Without a previous date they are undated, the words kept.
    const auto u = one("In the following days, the army advanced", kMar24);
    CHECK(u.span.undated);
    CHECK(u.span.written == "In the following days");
    CHECK(one("the same day", kMar24).span.undated);
}

TEST_CASE("extract dates: an earlier date in the sentence is the previous one for later mentions") {
    const std::string s = "On March 22, the SDF released prisoners; the following day, a patrol left.";
    const auto v = find_dates(s, kMar24);
    check_offsets(s, v);
    REQUIRE(v.size() == 2);
    check_day(v[0].span, ymd(2020, 3, 22));
    check_day(v[1].span, ymd(2020, 3, 23));
    CHECK(v[1].span.written == "the following day");
}

TEST_CASE("extract dates: 'yesterday' and 'today' are relative to publication") {
    check_day(one("yesterday", kMar24).span, ymd(2020, 3, 23));
    check_day(one("Today, the army", kMar24).span, ymd(2020, 3, 24));
    check_day(one("three days ago", kMar24).span, ymd(2020, 3, 21));
}

TEST_CASE("extract dates: 'over the past 3 months' and 'in the last two weeks' end at publication") {
    check_span(one("over the past 3 months, 40 were killed", kMay22).span, ymd(2020, 2, 22), ymd(2020, 5, 22),
               DatePrecision::Range);
    check_span(one("during the last three months", kMay22).span, ymd(2020, 2, 22), ymd(2020, 5, 22),
               DatePrecision::Range);
    check_span(one("in the last two weeks", kMay22).span, ymd(2020, 5, 8), ymd(2020, 5, 22), DatePrecision::Range);
    check_span(one("in the past 24 hours", kMay22).span, ymd(2020, 5, 21), ymd(2020, 5, 22), DatePrecision::Range);
    check_span(one("over the past year", kMay22).span, ymd(2019, 5, 22), ymd(2020, 5, 22), DatePrecision::Range);
    check_span(one("over the past twelve months", kMay22).span, ymd(2019, 5, 22), ymd(2020, 5, 22),
               DatePrecision::Range);
    // A plural with no count is a few of them.
    check_span(one("during the past years", kMay22).span, ymd(2017, 5, 22), ymd(2020, 5, 22), DatePrecision::Range);
    check_span(one("over the past weeks", kMay22).span, ymd(2020, 5, 1), ymd(2020, 5, 22), DatePrecision::Range);
    // Month arithmetic clamps the day.
    check_span(one("the past 3 months", published(2020, 5, 31)).span, ymd(2020, 2, 29), ymd(2020, 5, 31),
               DatePrecision::Range);
}

TEST_CASE("extract dates: ISO and day-first numeric dates") {
    check_day(one("Published: 2020-03-23", {}).span, ymd(2020, 3, 23));
    check_day(one("on 23/03/2020 the", {}).span, ymd(2020, 3, 23));
    check_day(one("on 23.03.2020 the", {}).span, ymd(2020, 3, 23));
    CHECK(find_dates("3/23/2020", {}).empty());  // month first is not read
    CHECK(find_dates("1,500 fighters and 3.5 km, at 10:30", kMar24).empty());
    CHECK(find_dates("version 1.23.03.2020", {}).empty());
    check_span(one("Between 2020-03-23 and 24/03/2020.", {}).span, ymd(2020, 3, 23), ymd(2020, 3, 24),
               DatePrecision::Range);
    const std::string s = "Dated 2020-03-23, updated 24/03/2020.";
    const auto v = find_dates(s, {});
    check_offsets(s, v);
    REQUIRE(v.size() == 2);
    CHECK(v[0].span.written == "2020-03-23");
    CHECK(v[1].span.written == "24/03/2020");
}

TEST_CASE("extract dates: ranges of days ('March 23-25', 'between March 10 and 15', typographic dash)") {
    check_span(one("between March 10 and 15", kMar24).span, ymd(2020, 3, 10), ymd(2020, 3, 15), DatePrecision::Range);
    check_span(one("between 10 and 15 March", kMar24).span, ymd(2020, 3, 10), ymd(2020, 3, 15), DatePrecision::Range);
    check_span(one("from December 28 to January 3", published(2020, 1, 5)).span, ymd(2019, 12, 28),
               ymd(2020, 1, 3), DatePrecision::Range);
    check_span(one("from March 1, 2019 to March 3, 2019", {}).span, ymd(2019, 3, 1), ymd(2019, 3, 3),
               DatePrecision::Range);
    CHECK(one("between March 10 and 15", {}).span.undated);
    CHECK(one("between March 10 and 15", kMar24).span.written == "between March 10 and 15");
    check_span(one("March 23-25", kMar24).span, ymd(2020, 3, 23), ymd(2020, 3, 25), DatePrecision::Range);
    check_span(one("23\xE2\x80\x93" "24 March", kMar24).span, ymd(2020, 3, 23), ymd(2020, 3, 24),
               DatePrecision::Range);
    check_span(one("mid\xE2\x80\x91May", kMay22).span, ymd(2020, 5, 11), ymd(2020, 5, 20), DatePrecision::Range);
}

TEST_CASE("extract dates: without a publication date relative dates are undated; full dates are still dated") {
    const DateContext none;
    for (const char* s : {"On March 23", "this week", "on Saturday", "in May", "since March 13", "by mid-October",
                          "yesterday", "over the past days", "over the past 3 months", "late on March 17"}) {
        CAPTURE(s);
        const auto m = one(s, none);
        CHECK(m.span.undated);
        CHECK(m.span.written == s);
    }
    check_day(one("March 23, 2020", none).span, ymd(2020, 3, 23));
    check_day(one("2020-03-23", none).span, ymd(2020, 3, 23));
    check_span(one("in 2017", none).span, ymd(2017, 1, 1), ymd(2017, 12, 31), DatePrecision::Year);
    check_span(one("in December 2018", none).span, ymd(2018, 12, 1), ymd(2018, 12, 31), DatePrecision::Month);
}

TEST_CASE("extract dates: several mentions come in order with offsets that read back their words") {
    const std::string s =
        "After the March 23 patrol, and since March 13, protests continued; on Saturday and in the past "
        "few days \xC3\xA9l\xC3\xA8ves left, by mid-October they must be gone.";
    const auto v = find_dates(s, kMar24);
    check_offsets(s, v);
    REQUIRE(v.size() == 5);
    CHECK(v[0].span.written == "March 23");
    CHECK(v[1].span.written == "since March 13");
    CHECK(v[2].span.written == "on Saturday");
    CHECK(v[3].span.written == "in the past few days");
    CHECK(v[4].span.written == "by mid-October");
}

TEST_CASE("extract dates: parse_publication_date reads a dated header line") {
    CHECK(parse_publication_date("Global Research, March 25, 2020") == ymd(2020, 3, 25));
    CHECK(parse_publication_date("[South Front](#) 24 March 2020") == ymd(2020, 3, 24));
    CHECK(parse_publication_date("Published: 2020-03-24") == ymd(2020, 3, 24));
    CHECK(parse_publication_date("May 24, 2020") == ymd(2020, 5, 24));
    CHECK(parse_publication_date("Updated 24/05/2020") == ymd(2020, 5, 24));
    CHECK_FALSE(parse_publication_date("Region: Middle East & North Africa"));
    CHECK_FALSE(parse_publication_date("On March 23"));  // no year
    CHECK_FALSE(parse_publication_date("in 2017"));      // not a day
    CHECK_FALSE(parse_publication_date(""));
}

TEST_CASE("extract dates: find_dates survives random bytes and invalid UTF-8") {
    std::mt19937 rng(12345);
    std::uniform_int_distribution<int> byte(0, 255);
    for (int round = 0; round < 200; ++round) {
        std::string s(static_cast<std::size_t>(rng() % 400), '\0');
        for (auto& c : s) c = static_cast<char>(byte(rng));
        if (round % 2) s += " on March 23 \xFF\xC3 since 2011-02-30 late on";
        const auto v = find_dates(s, kMar24);
        check_offsets(s, v);
    }
    const std::string bad = "\xFF\xFEMarch 23\xC3";
    const auto m = one(bad, kMar24);
    check_day(m.span, ymd(2020, 3, 23));
    // A word glued to non-ASCII letters is not a month.
    CHECK(find_dates("\xC3\xA9March 23", kMar24).empty());
}

TEST_CASE("extract dates: random soups of date words give valid spans or undated ones") {
    // Exercises the patterns' edges (a phrase cut off at the end, ranges, numbers next to marks).
    const char* vocab[] = {"on", "in", "late", "early", "mid", "-", "the", "of", "night", "March", "May", "Feb.",
                           "29", "31", "1", "2020", "2000", "1999", ",", ".", "/", "since", "by", "between", "and",
                           "from", "to", "past", "last", "few", "3", "days", "weeks", "months", "years", "hours",
                           "ago", "later", "earlier", "same", "day", "following", "Saturday", "this", "week",
                           "end", "beginning", "12", "03", "2020-02-30", "9999", "\xE2\x80\x93", "\xFF"};
    std::mt19937 rng(7);
    for (int round = 0; round < 3000; ++round) {
        std::string s;
        const int words = static_cast<int>(rng() % 12);
        for (int k = 0; k < words; ++k) {
            s += vocab[rng() % std::size(vocab)];
            if (rng() % 3) s += ' ';
        }
        DateContext c;
        if (rng() % 4) c.published = CivilDate::from_days(static_cast<int>(rng() % 40000) - 10000);
        if (rng() % 10 == 0) c.published = rng() % 2 ? ymd(1, 1, 1) : ymd(9999, 12, 31);  // the calendar's edges
        if (rng() % 2) c.previous = DateSpan{ymd(2020, 2, 29), ymd(2020, 3, 2), DatePrecision::Range, false, "x"};
        const auto v = find_dates(s, c);
        check_offsets(s, v);
        for (const auto& m : v) CHECK((m.span.undated || m.span.valid()));
    }
}

TEST_CASE("extract dates: a 1 MB sentence is scanned in linear time") {
    std::string big;
    while (big.size() < (1u << 20)) big += "On March 23 and late on Saturday the past 3 months 2020-03-23 may ";
    std::string junk(1u << 20, 'a');
    std::string digits(1u << 20, '7');
    const auto t0 = std::chrono::steady_clock::now();
    const auto v = find_dates(big, kMar24);
    CHECK(find_dates(junk, kMar24).empty());
    CHECK(find_dates(digits, kMar24).empty());
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(v.size() > 40000);
    CHECK(secs < 5.0);  // about 0.1 s in a release build; generous for sanitizer builds
}
