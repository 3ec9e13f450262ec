// Tests for core/Date.
#include <doctest/doctest.h>

#include "core/Date.h"

using namespace cm;

TEST_CASE("core: civil dates round-trip through day numbers and know their weekday") {
    const CivilDate d{2020, 3, 25};
    CHECK(CivilDate::from_days(d.days()) == d);
    CHECK(CivilDate{1970, 1, 1}.days() == 0);
    CHECK(d.weekday() == 2);  // 25 March 2020 was a Wednesday
    CHECK(d.plus_days(7).iso() == "2020-04-01");
    CHECK(CivilDate{2020, 2, 29}.valid());
    CHECK_FALSE(CivilDate{2019, 2, 29}.valid());
    CHECK(CivilDate::parse_iso("2020-05-24") == CivilDate{2020, 5, 24});
    CHECK_FALSE(CivilDate::parse_iso("2020-13-01"));
    CHECK_FALSE(CivilDate::parse_iso("20-05-24"));
}

TEST_CASE("core: calendar months keep the day, within the month") {
    CHECK(CivilDate{2020, 1, 15}.plus_months(1).iso() == "2020-02-15");
    CHECK(CivilDate{2020, 1, 31}.plus_months(1).iso() == "2020-02-29");  // leap year
    CHECK(CivilDate{2019, 1, 31}.plus_months(1).iso() == "2019-02-28");
    CHECK(CivilDate{2020, 1, 31}.plus_months(2).iso() == "2020-03-31");  // counted from the start, not stepwise
    CHECK(CivilDate{2020, 11, 30}.plus_months(3).iso() == "2021-02-28");
    CHECK(CivilDate{2020, 3, 31}.plus_months(-1).iso() == "2020-02-29");
    CHECK(CivilDate{2020, 1, 10}.plus_months(-13).iso() == "2018-12-10");
    CHECK(CivilDate{1970, 1, 1}.plus_months(-1).iso() == "1969-12-01");
    CHECK(CivilDate{2020, 5, 5}.plus_months(0) == CivilDate{2020, 5, 5});
}
