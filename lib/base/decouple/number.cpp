#include "decouple/number.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

namespace decouple {
namespace {

double shortest_float(float value) {
  char text[32];
  auto written = std::to_chars(text, text + sizeof text, value);
  double out = value;
  std::from_chars(text, written.ptr, out);
  return out;
}

std::string shortest_text(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char text[32];
  auto written = std::to_chars(text, text + sizeof text, value);
  return std::string(text, written.ptr);
}

}  // namespace

double tidy_number(float model_value) {
  return std::isfinite(model_value) ? shortest_float(model_value) : model_value;
}

double tidy_number(double computed, int digits) {
  if (!std::isfinite(computed)) return computed;
  if (computed == std::trunc(computed) && std::fabs(computed) < 0x1p53) return computed;
  // strtod, not stod: a subnormal result must not throw (stod reports it
  // as out of range).
  const std::string text = fmt::format("{:.{}g}", computed, digits);
  return std::strtod(text.c_str(), nullptr);
}

std::string number_text(float model_value) { return shortest_text(tidy_number(model_value)); }
std::string number_text(double computed, int digits) {
  return shortest_text(tidy_number(computed, digits));
}

namespace {

// Whole numbers as JSON integers (months, counts: integers where the model
// has integers), everything else as the tidied double; non-finite as null.
nlohmann::json json_of(double tidy) {
  if (!std::isfinite(tidy)) return nullptr;
  if (tidy == std::trunc(tidy) && std::fabs(tidy) < 0x1p53) return static_cast<int64_t>(tidy);
  return tidy;
}

}  // namespace

nlohmann::json json_number(float model_value) { return json_of(tidy_number(model_value)); }

nlohmann::json json_number(double computed, int digits) { return json_of(tidy_number(computed, digits)); }

}  // namespace decouple
