// Calendar dates, as the model stores them: text `YYYY-MM-DD`.
//
// A date in the model is a std::string holding exactly ten characters
// `YYYY-MM-DD` of a real day of the proleptic Gregorian calendar (years
// 0000..9999), or the empty string for "not given". Text order is date
// order, so dates compare with the string operators and no parsing is
// needed to test a window. Arithmetic goes through a day number: days since
// 1970-01-01 (negative before), the count std::chrono::sys_days uses.
//
// A month, in stock and lead times, is an average Gregorian month:
// 365.2425 / 12 = 30.436875 days (kDaysPerMonth), so twelve months are one
// year on average and "3 months after 2020-01-31" is a day count, never an
// ambiguous calendar step. add_months() rounds to the nearest whole day.
//
// Nothing here allocates except format_date() and add_months(); nothing
// throws. Days outside 0000-01-01..9999-12-31 are clamped when formatted,
// so every date produced reads back through valid_date().
#ifndef DECOUPLE_DATE_H_
#define DECOUPLE_DATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace decouple {

inline constexpr double kDaysPerMonth = 365.2425 / 12;

struct CivilDate {
  int year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
};

// Days since 1970-01-01 of a calendar day (month 1..12, day 1..31; an
// out-of-range day rolls over, as in Howard Hinnant's algorithm this
// implements from its published description).
int64_t days_from_civil(int year, unsigned month, unsigned day);
// The calendar day `days` after 1970-01-01.
CivilDate civil_from_days(int64_t days);

// Whether `text` is a date YYYY-MM-DD of a real day (2019-02-29 is not).
bool valid_date(std::string_view text);
// The day number of a valid date; nullopt for anything else.
std::optional<int64_t> parse_date(std::string_view text);
// `days` as YYYY-MM-DD, clamped to 0000-01-01..9999-12-31.
std::string format_date(int64_t days);

// What is wrong with a window from `first` to `last` (valid dates or
// empty), for a message: "'until' (2019-01-01) is before 'from'
// (2020-01-01)". `last` may equal `first` unless `exclusive_end` (an end
// that is the first day outside, like an item's `discontinued`). Empty
// when the window is fine or either end is open.
std::string window_problem(std::string_view first_key, std::string_view first,
                           std::string_view last_key, std::string_view last, bool exclusive_end);

// `date` (a valid date) plus `months` average months (may be negative),
// rounded to the nearest day: add_months("2020-01-01", 12) is
// "2020-12-31" (365.2425 days, rounded to 365).
std::string add_months(std::string_view date, double months);
// Months (of kDaysPerMonth days) from `from` to `to`, both valid dates;
// negative when `to` is earlier.
double months_between(std::string_view from, std::string_view to);

}  // namespace decouple

#endif  // DECOUPLE_DATE_H_
