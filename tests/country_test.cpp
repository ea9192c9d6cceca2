// Country (country.h): two-letter codes, assigned or reserved.
#include "decouple/country.h"

#include <doctest/doctest.h>

using decouple::Country;

TEST_CASE("country: assigned and reserved codes parse; anything else does not") {
  for (const char* code : {"AD", "CN", "US", "TW", "ZW", "EU", "ZZ"}) {
    CAPTURE(code);
    REQUIRE(Country::parse(code).has_value());
    CHECK(Country::parse(code)->view() == code);
  }
  for (const char* code : {"XX", "AA", "cn", "Cn", "C", "", "CHN", "@A", "A[", "ZY"}) {
    CAPTURE(code);
    CHECK_FALSE(Country::parse(code).has_value());
  }
  CHECK(Country::from_alpha3("CHN")->view() == "CN");
  CHECK_FALSE(Country::from_alpha3("XXX").has_value());
}
