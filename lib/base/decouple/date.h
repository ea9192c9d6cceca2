// Calendar dates: text `YYYY-MM-DD` outside, a 4-byte day number inside.
//
// Dates are written and read as exactly ten characters `YYYY-MM-DD` of a
// real day of the proleptic Gregorian calendar (years 0000..9999), and
// left out when not given. The model stores each as a `Date`: the day
// number (days since 1970-01-01, negative before; the count
// std::chrono::sys_days uses) in 4 bytes, or "none". A million-item model
// carries several million of them, so they must not be strings (32 bytes
// each, before any heap). Day order is date order, and "none" sorts first,
// as the empty string did when dates were text. A Date converts from text
// (so `item.introduced = "2020-01-01"` reads as before) and prints only
// through Date::str(), its fmt formatter, or its stream operator, all of
// which go through format_date().
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
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/core.h>

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

// A calendar day, or none (not given). 4 bytes, trivially copyable.
class Date {
 public:
  constexpr Date() = default;
  // From text: a valid date YYYY-MM-DD, or empty for none. Callers check
  // text that comes from outside first (valid_date(), with a message);
  // anything else gives none.
  Date(std::string_view text);  // NOLINT: implicit, dates used to be text
  Date(const std::string& text) : Date(std::string_view(text)) {}  // NOLINT
  Date(const char* text) : Date(std::string_view(text)) {}         // NOLINT
  // The day `days` after 1970-01-01, clamped to 0000-01-01..9999-12-31.
  static Date from_days(int64_t days);

  constexpr bool empty() const { return days_ == kNone; }
  constexpr void clear() { days_ = kNone; }
  // The day number; empty(): nullopt.
  constexpr std::optional<int64_t> day() const {
    return empty() ? std::nullopt : std::optional<int64_t>(days_);
  }
  // YYYY-MM-DD, or the empty string for none.
  std::string str() const;

  friend constexpr bool operator==(Date, Date) = default;
  friend constexpr auto operator<=>(Date, Date) = default;

 private:
  static constexpr int32_t kNone = INT32_MIN;
  int32_t days_ = kNone;
};
std::ostream& operator<<(std::ostream& out, Date date);
// nlohmann::json of a date: its text (empty for none), found by ADL;
// a template so that this header need not include the JSON library.
template <typename Json>
void to_json(Json& json, Date date) {
  json = date.str();
}

// What is wrong with a window from `first` to `last` (valid dates or
// empty), for a message: "'until' (2019-01-01) is before 'from'
// (2020-01-01)". `last` may equal `first` unless `exclusive_end` (an end
// that is the first day outside, like an item's `discontinued`). Empty
// when the window is fine or either end is open.
std::string window_problem(std::string_view first_key, Date first, std::string_view last_key,
                           Date last, bool exclusive_end);

// `date` (a valid date) plus `months` average months (may be negative),
// rounded to the nearest day: add_months("2020-01-01", 12) is
// "2020-12-31" (365.2425 days, rounded to 365).
std::string add_months(std::string_view date, double months);
// Months (of kDaysPerMonth days) from `from` to `to`, both valid dates;
// negative when `to` is earlier.
double months_between(std::string_view from, std::string_view to);

}  // namespace decouple

// fmt::format("{}", date) prints date.str().
template <>
struct fmt::formatter<decouple::Date> : fmt::formatter<std::string_view> {
  template <typename Context>
  auto format(decouple::Date date, Context& context) const {
    return fmt::formatter<std::string_view>::format(date.str(), context);
  }
};

#endif  // DECOUPLE_DATE_H_
