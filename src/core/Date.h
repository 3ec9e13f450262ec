// conflictmap core: civil dates and date spans with a precision, as event datasets code them
// (ACLED's time_precision, UCDP's date_prec): an imprecise date is a span, never a guessed day.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace cm {

/// A day of the proleptic Gregorian calendar.
struct CivilDate {
    int year = 0, month = 0, day = 0;
    bool valid() const;
    /// Days since 1970-01-01 (negative before).
    int days() const;
    static CivilDate from_days(int days);
    /// 0 = Monday ... 6 = Sunday.
    int weekday() const;
    CivilDate plus_days(int n) const { return from_days(days() + n); }
    /// The same day n calendar months later (or earlier), kept within the month: 31 January plus
    /// one month is 28 or 29 February.
    CivilDate plus_months(int n) const;
    /// "YYYY-MM-DD"; empty if invalid.
    std::string iso() const;
    /// Parses "YYYY-MM-DD"; nullopt if malformed or not a real day.
    static std::optional<CivilDate> parse_iso(std::string_view s);
    static int days_in_month(int year, int month);
    auto operator<=>(const CivilDate&) const = default;
};

/// How precisely a date is known.
enum class DatePrecision : int { Day = 1, Range = 2, Week = 3, Month = 4, Year = 5 };
const char* precision_name(DatePrecision p);

/// The days an event happened within: one day, or a span [first, last] with its precision.
struct DateSpan {
    CivilDate first, last;
    DatePrecision precision = DatePrecision::Day;
    bool undated = false;     ///< no anchor date: first/last are not set
    std::string written;      ///< the words the report used ("late on March 17", "this week")
    bool valid() const { return !undated && first.valid() && last.valid() && !(last < first); }
};

}  // namespace cm
