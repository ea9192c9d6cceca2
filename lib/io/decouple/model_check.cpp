#include "decouple/model_check.h"

#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "decouple/diagnostic.h"

namespace decouple {

std::string did_you_mean(std::string_view suggestion) {
  return suggestion.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", suggestion);
}

std::string length_problem(std::string_view what, size_t length, size_t limit) {
  return fmt::format("{} is {} bytes long (limit {})", what, length, limit);
}

std::string invalid_id_problem(std::string_view id, std::string_view context) {
  return fmt::format("invalid id '{}'{}{}: ids are lowercase letters, digits, '.', '_' and '-', "
                     "starting with a letter or digit",
                     id, context.empty() ? "" : " in ", context);
}

std::string number_problem(std::string_view what, std::string_view text, bool parsed, double value,
                           double lo, double hi) {
  if (!parsed) return fmt::format("{} must be a number, not '{}'", what, text);
  if (value >= lo && value <= hi) return {};
  if (std::isinf(hi)) return fmt::format("{} is {} but must be at least {}", what, text, lo);
  return fmt::format("{} is {} but must be between {} and {}", what, text, lo, hi);
}

std::string bool_problem(std::string_view what, std::string_view text) {
  return fmt::format("{} must be true or false, not '{}'", what, text);
}

std::string country_problem(std::string_view what, std::string_view text) {
  return fmt::format("{}: unknown country code '{}' (use ISO 3166-1 alpha-2, e.g. CN, US)", what, text);
}

std::string date_problem(std::string_view what, std::string_view text) {
  return fmt::format("{} must be a date YYYY-MM-DD, not '{}'", what, text);
}

std::string unknown_kind_problem(std::string_view text, std::string_view context) {
  std::vector<std::string_view> kinds = {"chip",      "software", "tool",    "material",
                                         "component", "product",  "service", "ip"};
  std::string hint = closest_match(text, kinds);
  return fmt::format("unknown kind '{}'{}{} (one of chip, software, tool, material, component, "
                     "product, service, ip){}",
                     text, context.empty() ? "" : " in ", context,
                     hint.empty() ? "" : fmt::format("; did you mean '{}'?", hint));
}

std::string unknown_reference_problem(std::string_view kind, std::string_view id,
                                      std::string_view context, std::string_view hint) {
  return fmt::format("unknown {} '{}' in {}{}", kind, id, context, did_you_mean(hint));
}

std::string duplicate_id_problem(std::string_view id, uint32_t first_line) {
  return fmt::format("duplicate id '{}' (first defined at line {})", id, first_line);
}

std::string no_options_problem(std::string_view need_name, std::string_view item_id) {
  return fmt::format("need '{}' of item '{}' has no options: a need must list at least one", need_name,
                     item_id);
}

std::vector<std::string> need_problems(std::string_view need_name, std::string_view item_id,
                                       bool critical, const NeedOptions& options,
                                       bool no_options_reported) {
  std::vector<std::string> out;
  if (options.count == 0 && !no_options_reported) out.push_back(no_options_problem(need_name, item_id));
  // Everything is made today until a cut says otherwise; a critical need
  // that nothing supplies today would contradict that (and loss
  // propagation, which only counts current options down, would miss it).
  if (critical && options.count > 0 && !options.any_current)
    out.push_back(fmt::format("need '{}' of item '{}' is critical but all its options are alternatives: "
                              "nothing supplies it today (make one current, or the need "
                              "'critical: false')",
                              need_name, item_id));
  if (options.share > 1 + 1e-6)
    out.push_back(fmt::format("the option shares of need '{}' of item '{}' sum to {:.4g}, more than 1",
                              need_name, item_id, options.share));
  return out;
}

std::string content_share_problem(std::string_view item_id, double share) {
  if (share <= 1 + 1e-6) return {};
  return fmt::format("the content needs of item '{}' have shares summing to {:.4g}, more than 1",
                     item_id, share);
}

}  // namespace decouple
