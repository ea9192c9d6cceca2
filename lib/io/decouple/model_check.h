// The model checks both front ends make: the YAML loader (loader.cpp) and
// the CSV tables loader (table_loader.cpp) read different syntax into the
// same Model, and what is wrong with a value or an entity is judged and
// worded here, once, so a model gets the same message whichever way it is
// written.
//
// Two kinds of check:
// - value messages: a front end parses a value its own way (yaml scalars,
//   CSV cells) and, when it is wrong, takes the message from here, given
//   the text read and `what` (how the message names the field: "'share' of
//   need 'n' of item 'i'" in YAML, "'share'" in a table); number_problem
//   also judges the range, and is "" when the value is fine.
// - entity checks (need_problems, content_share_problem): rules over a
//   need's options and an item's content needs, run by each front end once
//   the entity is complete (the YAML loader as it closes the need or item,
//   the tables loader when all rows are read); problems come back in a
//   fixed order, empty when all rules hold.
// Why calls from inside each front end, not one pass over the loaded model:
// each message stands at its value's file:line:column, and the order of
// the messages is the order a front end reads in (YAML reports a need's
// share sum before the next item's errors); a later pass would reorder
// them and would need every position kept in the model. Every problem is
// still reported in the one run. Nothing here allocates unless there is a
// problem to report.
#ifndef DECOUPLE_MODEL_CHECK_H_
#define DECOUPLE_MODEL_CHECK_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "decouple/model.h"

namespace decouple {

// " (did you mean 'x'?)" for a suggestion, "" for none.
std::string did_you_mean(std::string_view suggestion);

// `what` is `length` bytes long, over `limit`.
std::string length_problem(std::string_view what, size_t length, size_t limit);
// An id that does not follow the id rules (valid_id); `context` names
// where it stands ("an entry of 'firms'"), or is empty.
std::string invalid_id_problem(std::string_view id, std::string_view context);
// A number that did not parse (`parsed` false) or is outside [lo, hi]
// (hi may be infinite: then only "at least lo").
std::string number_problem(std::string_view what, std::string_view text, bool parsed, double value,
                           double lo, double hi);
std::string bool_problem(std::string_view what, std::string_view text);
std::string country_problem(std::string_view what, std::string_view text);
std::string date_problem(std::string_view what, std::string_view text);
// An item kind that is none of the known ones, with a did-you-mean;
// `context` ("item 'x'") or empty.
std::string unknown_kind_problem(std::string_view text, std::string_view context);
// A reference to a firm or item (`kind`: "firm", "item") id that is not
// defined; `hint` is the closest id, or empty.
std::string unknown_reference_problem(std::string_view kind, std::string_view id,
                                      std::string_view context, std::string_view hint);
// An id defined a second time; the first was at `first_line`.
std::string duplicate_id_problem(std::string_view id, uint32_t first_line);

// What a need's options add up to, gathered as the options are read.
struct NeedOptions {
  uint32_t count = 0;
  bool any_current = false;
  double share = 0;  // sum of the given shares
  void add(const Option& option) {
    ++count;
    any_current = any_current || option.is_current();
    if (option.share > 0) share += option.share;
  }
};

// The rules over one need (`need_name` of item `item_id`) and its
// options, in the order their problems come back: it has at least one
// (unless `no_options_reported`: the front end said where already, or the
// options it had were wrong and reported), a critical need has a current
// one, the given shares sum to at most 1. Empty when all hold.
std::vector<std::string> need_problems(std::string_view need_name, std::string_view item_id,
                                       bool critical, const NeedOptions& options,
                                       bool no_options_reported);
// The message for a need without options, for front ends that put it
// where the options should be.
std::string no_options_problem(std::string_view need_name, std::string_view item_id);
// The content needs of item `item_id` may not claim more than the whole:
// `share` is the sum of their given shares. Empty when it holds.
std::string content_share_problem(std::string_view item_id, double share);

}  // namespace decouple

#endif  // DECOUPLE_MODEL_CHECK_H_
