// Numbers in JSON and CSV output: the shortest text that reads back to the
// same value, at the precision the number really has.
//
// Model numbers (shares, lead times, capabilities, costs) are stored as
// float; printed as a double they grow noise (0.2f is 0.20000000298023224).
// They are written as the float they are: the shortest text that reads
// back to that float (std::to_chars of the float), which is what the model
// file said, up to float precision. Numbers computed in double from them
// carry the floats' error plus their own (0.19999998807907104 for 1 -
// 0.8f), so they are rounded to kFloatDigits (6) significant digits, what
// float arithmetic keeps. Numbers computed from the model's doubles (item
// values, probabilities) are rounded to kDoubleDigits (12), which drops the
// noise of double sums (730.8299999999999, 0.27829000000000004) and keeps
// sums of money exact to the cent below 10^10. Rounded numbers are written
// shortest-round-trip; whole numbers below 2^53 stay exact. Text tables
// for people round further, each for its own column. Every JSON and CSV
// number goes through these, so the same value always prints the same way.
#ifndef DECOUPLE_NUMBER_H_
#define DECOUPLE_NUMBER_H_

#include <string>

#include <nlohmann/json.hpp>

namespace decouple {

inline constexpr int kFloatDigits = 6;
inline constexpr int kDoubleDigits = 12;

// The value written, as a double whose shortest text is the text below.
double tidy_number(float model_value);
double tidy_number(double computed, int digits = kDoubleDigits);
// The text ("0.2", "3", "1.5e-07"); "nan", "inf", "-inf" when not finite.
std::string number_text(float model_value);
std::string number_text(double computed, int digits = kDoubleDigits);
// For JSON: null when not finite (JSON has no NaN).
nlohmann::json json_number(float model_value);
nlohmann::json json_number(double computed, int digits = kDoubleDigits);

}  // namespace decouple

#endif  // DECOUPLE_NUMBER_H_
