// Plain words: an explanation (explain.h) as sentences a student reads.
//
// explain_in_words() turns the same reason graph `decouple explain` prints
// into short English sentences that use names, not ids: "Huawei can no
// longer get Micron's DRAM, because the US listed Huawei in May 2019 and
// the DRAM is made in the US." Each sentence carries the technical terms
// it uses ("listed", "de minimis") with a one-line meaning, for the page
// to show on hover, and the id of the item it is about, for links.
//
// The critical flag is kept: a dead need that is not critical is said as
// "lost X, but can still make Y without it", never as a contradiction with
// "Y is still made". Sentences follow the explanation's order (the item
// asked about first, then each lost item it leads to) and stop at
// `max_sentences` with one "and N more" sentence. Cost: linear in the
// explanation.
#ifndef DECOUPLE_PLAIN_WORDS_H_
#define DECOUPLE_PLAIN_WORDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "decouple/explain.h"
#include "decouple/scenario.h"

namespace decouple {

// A technical term used in a sentence and what it means.
struct Term {
  std::string word;     // as it appears in the sentence text
  std::string meaning;  // one plain sentence
};

struct Sentence {
  enum class Kind : uint8_t {
    kVerdict,       // what happened to an item: lost, still made, not made then
    kCut,           // a supply link the law cut
    kBanned,        // the maker itself blacklisted
    kUpstream,      // a supply link lost because the supplier's item is lost
    kNotEssential,  // a non-critical need lost: the item is still made
    kPartial,       // a need that lost part of its supply
    kMore,          // "and N more reasons"
  };
  Kind kind = Kind::kVerdict;
  std::string text;
  std::vector<Term> terms;
  ItemIndex item = kNone;  // the item the sentence is about
};

std::string_view to_string(Sentence::Kind kind);

// The sentences of `explanation.roots[0]`, in reading order.
std::vector<Sentence> explain_in_words(const Model& model, const ScenarioCuts& cuts,
                                       const Explanation& explanation, size_t max_sentences = 40);

// The short English name a reader knows ("the US", "China", "Taiwan"),
// with the article a sentence needs; the code itself for a country
// without one in the table (it covers the countries of the bundled
// models), "an unknown country" for the empty Country.
std::string country_name(Country country);

// A firm's name without its parenthesised gloss: "HiSilicon", not
// "HiSilicon (Huawei chip design)".
std::string short_firm_name(const Model& model, FirmIndex firm);

// A valid date YYYY-MM-DD as a reader says it: "May 2019" (the month is
// what a student follows). Other text as is.
std::string spoken_month(std::string_view date);

// When an applied action took effect, as spoken_month says it: its own
// `from`, else its scenario's date; "" when neither is set.
std::string action_month(const Model& model, const AppliedAction& action);

// "the US listed Huawei and HiSilicon in May 2019": what an applied action
// did, in words, with its terms.
std::string action_words(const Model& model, const ScenarioCuts& cuts, uint32_t applied, std::vector<Term>& terms);

}  // namespace decouple

#endif  // DECOUPLE_PLAIN_WORDS_H_
