#include "decouple/date.h"

#include <cmath>
#include <ostream>

#include <fmt/format.h>

namespace decouple {

// Eras of 400 years (146,097 days) make the Gregorian leap rule periodic;
// shifting the year to start in March puts the leap day last.
int64_t days_from_civil(int year, unsigned month, unsigned day) {
  const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t year_of_era = y - era * 400;                            // [0, 399]
  const int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

CivilDate civil_from_days(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;                       // [0, 146096]
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;                       // March = 0
  CivilDate out;
  out.day = static_cast<unsigned>(day_of_year - (153 * mp + 2) / 5 + 1);
  out.month = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  out.year = static_cast<int>(year_of_era + era * 400 + (out.month <= 2 ? 1 : 0));
  return out;
}

bool valid_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  if (month < 1 || month > 12 || day < 1) return false;
  // Dates are compared as text, so a 2019-02-30 that sorts between real
  // days must not slip through.
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

std::optional<int64_t> parse_date(std::string_view s) {
  if (!valid_date(s)) return std::nullopt;
  auto digits = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  return days_from_civil(digits(0, 4), static_cast<unsigned>(digits(5, 2)),
                         static_cast<unsigned>(digits(8, 2)));
}

std::string format_date(int64_t days) {
  static const int64_t kFirst = days_from_civil(0, 1, 1), kLast = days_from_civil(9999, 12, 31);
  CivilDate d = civil_from_days(days < kFirst ? kFirst : days > kLast ? kLast : days);
  return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
}

Date::Date(std::string_view text) {
  if (auto days = parse_date(text)) days_ = static_cast<int32_t>(*days);
}

Date Date::from_days(int64_t days) {
  static const int64_t kFirst = days_from_civil(0, 1, 1), kLast = days_from_civil(9999, 12, 31);
  Date out;
  out.days_ = static_cast<int32_t>(days < kFirst ? kFirst : days > kLast ? kLast : days);
  return out;
}

std::string Date::str() const { return empty() ? std::string() : format_date(days_); }

std::ostream& operator<<(std::ostream& out, Date date) { return out << date.str(); }

std::string window_problem(std::string_view first_key, Date first, std::string_view last_key,
                           Date last, bool exclusive_end) {
  if (first.empty() || last.empty()) return {};
  if (exclusive_end ? last > first : last >= first) return {};
  return fmt::format("'{}' ({}) is {} '{}' ({})", last_key, last,
                     exclusive_end ? "not after" : "before", first_key, first);
}

std::string add_months(std::string_view date, double months) {
  int64_t days = parse_date(date).value_or(0);
  double shift = std::round(months * kDaysPerMonth);
  // Far beyond the calendar either way: clamp before converting.
  if (!(shift > -4e6)) shift = -4e6;
  if (shift > 4e6) shift = 4e6;
  return format_date(days + static_cast<int64_t>(shift));
}

double months_between(std::string_view from, std::string_view to) {
  return static_cast<double>(parse_date(to).value_or(0) - parse_date(from).value_or(0)) /
         kDaysPerMonth;
}

}  // namespace decouple
