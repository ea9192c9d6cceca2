#include "decouple/diagnostic.h"

#include <algorithm>
#include <numeric>

namespace decouple {

std::string Diagnostic::str() const {
  std::string out = file;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  if (!out.empty()) out += ": ";
  out += severity == Severity::kWarning ? "warning: " : "error: ";
  out += message;
  return out;
}

namespace {

// Optimal string alignment distance: insertions, deletions, substitutions
// and swaps of two adjacent letters each cost one edit. The swap matters:
// "mkaer" for "maker" is the commonest typo and plain Levenshtein counts
// it as two.
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> before(b.size() + 1), above(b.size() + 1), row(b.size() + 1);
  std::iota(above.begin(), above.end(), 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      row[j] = std::min({above[j] + 1, row[j - 1] + 1, above[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        row[j] = std::min(row[j], before[j - 2] + 1);
    }
    std::swap(before, above);
    std::swap(above, row);
  }
  return above[b.size()];
}

}  // namespace

std::string closest_match(std::string_view word, const std::vector<std::string_view>& candidates) {
  // A third of the word's length (at least 1, at most 3 edits) separates
  // typos from unrelated words well enough for ids and field names.
  size_t limit = std::clamp<size_t>(word.size() / 3, 1, 3);
  size_t best = limit + 1;
  std::string_view best_word;
  for (std::string_view candidate : candidates) {
    // Cheap length bound first: big models have many candidate ids.
    size_t gap = candidate.size() > word.size() ? candidate.size() - word.size()
                                                : word.size() - candidate.size();
    if (gap >= best) continue;
    size_t d = edit_distance(word, candidate);
    if (d < best || (d == best && candidate < best_word)) {
      best = d;
      best_word = candidate;
    }
  }
  // A candidate that shares nothing with the word ('d' -> 'a') is no hint.
  return best <= limit && best < word.size() ? std::string(best_word) : std::string();
}

}  // namespace decouple
