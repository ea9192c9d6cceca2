// Numbers in JSON and CSV: shortest round-trip at the precision they have.
#include "decouple/number.h"

#include <doctest/doctest.h>

#include <limits>

namespace decouple {
namespace {

TEST_CASE("number: model floats print as the model wrote them") {
  CHECK(number_text(0.2f) == "0.2");
  CHECK(number_text(0.6f) == "0.6");
  CHECK(number_text(12.5f) == "12.5");
  CHECK(number_text(1e-7f) == "1e-07");
  CHECK(json_number(0.2f).dump() == "0.2");
  // Widened to double, 0.2f is 0.20000000298023224: the noise is gone.
  CHECK(static_cast<double>(0.2f) != 0.2);
  CHECK(tidy_number(0.2f) == 0.2);
}

TEST_CASE("number: computed doubles lose their arithmetic noise") {
  CHECK(number_text(0.27829000000000004) == "0.27829");
  CHECK(number_text(730.8299999999999) == "730.83");
  CHECK(number_text(0.1 + 0.2) == "0.3");
  // From floats: 1 - 0.8f is 0.19999998807907104 in double.
  double from_floats = 1.0 - static_cast<double>(0.8f);
  CHECK(number_text(from_floats, kFloatDigits) == "0.2");
  CHECK(json_number(from_floats, kFloatDigits).dump() == "0.2");
  // Twelve digits survive; whole numbers stay exact, however large.
  CHECK(number_text(0.0999866414003) == "0.0999866414003");
  CHECK(number_text(123456789012345.0) == "123456789012345");
  CHECK(number_text(80321.0) == "80321");
  CHECK(number_text(-2.5) == "-2.5");
}

TEST_CASE("number: what JSON cannot hold is null; CSV spells it") {
  double inf = std::numeric_limits<double>::infinity();
  CHECK(json_number(inf).is_null());
  CHECK(json_number(std::numeric_limits<double>::quiet_NaN()).is_null());
  CHECK(number_text(inf) == "inf");
  CHECK(number_text(-inf) == "-inf");
  CHECK(number_text(std::numeric_limits<double>::quiet_NaN()) == "nan");
}

}  // namespace
}  // namespace decouple
