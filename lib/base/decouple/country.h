// Countries and jurisdictions, as ISO 3166-1 alpha-2 codes.
//
// A Country is two uppercase ASCII letters packed in a small value type, so
// models with a million items pay two bytes per origin. The empty Country
// (default-constructed) means "not given" (or, for a firm with `country:
// none`, "no jurisdiction"). Officially assigned alpha-2 codes parse, plus
// two reserved ones datasets need: EU (European Union) and ZZ (unknown or
// unspecified country). Alpha-3 codes convert for importers of datasets
// that use them.
#ifndef DECOUPLE_COUNTRY_H_
#define DECOUPLE_COUNTRY_H_

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace decouple {

class Country {
 public:
  constexpr Country() = default;
  // Parses an assigned alpha-2 code ("CN"); nullopt otherwise.
  static std::optional<Country> parse(std::string_view alpha2);
  // Converts an assigned alpha-3 code ("CHN") to its alpha-2 country.
  static std::optional<Country> from_alpha3(std::string_view alpha3);

  bool empty() const { return code_[0] == 0; }
  std::string str() const { return empty() ? std::string() : std::string(code_, 2); }
  std::string_view view() const { return empty() ? std::string_view() : std::string_view(code_, 2); }
  auto operator<=>(const Country& other) const {
    return view() <=> other.view();
  }
  bool operator==(const Country& other) const { return view() == other.view(); }

 private:
  char code_[2] = {0, 0};
};

}  // namespace decouple

#endif  // DECOUPLE_COUNTRY_H_
