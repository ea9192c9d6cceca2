// Calendar arithmetic (date.h): day numbers, validity, average months.
#include "decouple/date.h"

#include <doctest/doctest.h>

namespace decouple {
namespace {

TEST_CASE("date: day numbers agree with known days, and round-trip over 400 years") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(1969, 12, 31) == -1);
  CHECK(days_from_civil(2000, 3, 1) == 11017);
  CHECK(days_from_civil(2019, 5, 16) == 18032);
  CHECK(*parse_date("2019-05-16") == 18032);
  // Every day of a whole era (leap rules of 4, 100 and 400 years) formats
  // back to itself, one day after the one before.
  const int64_t first = days_from_civil(1900, 1, 1), last = days_from_civil(2300, 1, 1);
  std::string previous;
  for (int64_t d = first; d < last; ++d) {
    std::string text = format_date(d);
    REQUIRE(valid_date(text));
    REQUIRE(*parse_date(text) == d);
    REQUIRE(text > previous);  // text order is date order
    previous = text;
  }
  CHECK(last - first == 146097);
}

TEST_CASE("date: only real days YYYY-MM-DD are valid") {
  CHECK(valid_date("2020-02-29"));
  CHECK(valid_date("2000-02-29"));
  CHECK_FALSE(valid_date("1900-02-29"));
  CHECK_FALSE(valid_date("2019-02-29"));
  CHECK_FALSE(valid_date("2019-04-31"));
  CHECK_FALSE(valid_date("2019-5-16"));
  CHECK_FALSE(valid_date(""));
  CHECK_FALSE(parse_date("2019-13-01"));
}

TEST_CASE("date: a month is 365.2425/12 days, rounded to the nearest day") {
  CHECK(kDaysPerMonth == doctest::Approx(30.436875));
  CHECK(add_months("2020-01-01", 12) == "2020-12-31");  // 365.2425 days -> 365
  CHECK(add_months("2019-01-01", 12) == "2020-01-01");
  CHECK(add_months("2020-01-31", 1) == "2020-03-01");   // 30.44 -> 30 days
  CHECK(add_months("2020-03-01", -1) == "2020-01-31");
  CHECK(add_months("2019-05-16", 0) == "2019-05-16");
  CHECK(add_months("2019-05-16", 0.5) == "2019-05-31");  // 15.2 -> 15 days
  CHECK(add_months("9999-12-01", 1e9) == "9999-12-31");   // clamped to the calendar
  CHECK(add_months("0001-01-01", -1e9) == "0000-01-01");
  CHECK(months_between("2019-01-01", "2020-01-01") == doctest::Approx(365 / kDaysPerMonth));
  CHECK(months_between("2020-01-01", "2019-01-01") < 0);
  CHECK(months_between("2020-01-01", add_months("2020-01-01", 9)) == doctest::Approx(9).epsilon(0.01));
}

TEST_CASE("date: a window's end must not come before its start") {
  CHECK(window_problem("from", "2020-01-01", "until", "2020-01-01", false).empty());
  CHECK(window_problem("from", "2020-01-01", "until", "", false).empty());
  CHECK(window_problem("from", "", "until", "2019-01-01", false).empty());
  CHECK(window_problem("from", "2020-01-01", "until", "2019-12-31", false) ==
        "'until' (2019-12-31) is before 'from' (2020-01-01)");
  CHECK(window_problem("introduced", "2020-01-01", "discontinued", "2020-01-01", true) ==
        "'discontinued' (2020-01-01) is not after 'introduced' (2020-01-01)");
}

}  // namespace
}  // namespace decouple
