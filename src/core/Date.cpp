// conflictmap core: civil dates (days-from-civil arithmetic after Howard Hinnant's algorithms).
#include "core/Date.h"

#include <algorithm>

#include <charconv>
#include <cstdio>

namespace cm {

int CivilDate::days_in_month(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kDays[m - 1];
}

bool CivilDate::valid() const {
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

int CivilDate::days() const {
    const int y = year - (month <= 2);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

CivilDate CivilDate::plus_months(int n) const {
    const int m0 = year * 12 + (month - 1) + n;
    CivilDate d;
    d.year = m0 >= 0 ? m0 / 12 : -((-m0 + 11) / 12);
    d.month = m0 - d.year * 12 + 1;
    d.day = std::min(day, days_in_month(d.year, d.month));
    return d;
}

CivilDate CivilDate::from_days(int z) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int d = doy - (153 * mp + 2) / 5 + 1;
    const int m = mp < 10 ? mp + 3 : mp - 9;
    return {yoe + era * 400 + (m <= 2), m, d};
}

int CivilDate::weekday() const {
    const int z = days();  // 1970-01-01 was a Thursday (3)
    return ((z % 7) + 7 + 3) % 7;
}

std::string CivilDate::iso() const {
    if (!valid()) return {};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

std::optional<CivilDate> CivilDate::parse_iso(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    CivilDate d;
    auto num = [&](std::size_t pos, std::size_t len, int& out) {
        auto [p, ec] = std::from_chars(s.data() + pos, s.data() + pos + len, out);
        return ec == std::errc() && p == s.data() + pos + len;
    };
    if (!num(0, 4, d.year) || !num(5, 2, d.month) || !num(8, 2, d.day) || !d.valid()) return std::nullopt;
    return d;
}

const char* precision_name(DatePrecision p) {
    switch (p) {
        case DatePrecision::Day: return "day";
        case DatePrecision::Range: return "range";
        case DatePrecision::Week: return "week";
        case DatePrecision::Month: return "month";
        case DatePrecision::Year: return "year";
    }
    return "?";
}

}  // namespace cm
