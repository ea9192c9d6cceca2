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

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
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
  return best <= limit ? std::string(best_word) : std::string();
}

}  // namespace decouple
