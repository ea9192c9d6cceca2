// Blocs: what a group of countries can still obtain when other
// jurisdictions withhold their items, and what it can make on its own.
//
// A bloc is a set of countries (a model's `blocs:` entry, or codes named on
// the command line). The bloc's production is every item made by a firm of
// the bloc, plus every item of a pseudo-firm (`country: none`, such as an
// importer's world market or process steps), which stands for "whoever
// runs this production", here the bloc.
//
// bloc_supply() withholds the cutting jurisdictions' items from the bloc: an
// option is withheld when its item's origin is one of them and it supplies
// an item of the bloc's production; third countries keep buying. A scenario, when given, cuts its own edges and
// bans its firms on top. Then, like loss propagation (propagate.h) but on
// shares: a need *fails* when it has no live current option, or when its
// live share falls below `threshold`; an item is lost when a critical need
// fails, and what it supplied dies with it (the chain effect). Greatest
// fixpoint, O(items + needs + options). Shares are each option's `share`,
// with options that give none splitting what the given ones leave, equally
// (as impact.h does); they are summed in millionths, exactly.
//
// bloc_autarky() is the least fixpoint: start from nothing, and the bloc
// makes an item of its production once every critical need has a current
// option the bloc already makes (items with no needs: at once). What stays
// out are the gaps; for each, the foreign suppliers that hold it, by share.
// O(items + needs + options) plus sorting.
//
// Results are plain data, sorted, byte-stable; nothing here prints.
#ifndef DECOUPLE_BLOCS_H_
#define DECOUPLE_BLOCS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "decouple/diagnostic.h"
#include "decouple/graph.h"
#include "decouple/model.h"
#include "decouple/scenario.h"

namespace decouple {

// What becomes of one option in a bloc analysis.
enum class OptionFate : uint8_t {
  kLive,          // still supplies the bloc
  kWithheld,      // its item's origin is a cutting jurisdiction
  kScenarioCut,   // cut by the scenario, or its maker is banned
  kLostUpstream,  // its item is lost to the bloc through the chain
  kAlternative,   // not current supply; never counted
};

enum class NeedStatus : uint8_t {
  kOk,              // nothing lost
  kReduced,         // some supply lost, still met
  kBelowThreshold,  // options left, but their share is under the threshold
  kWithheld,        // no option left: every one withheld or cut
  kCutOff,          // no option left, some lost through the chain
};

struct NeedSupply {
  NeedIndex need = kNone;
  bool critical = true;
  bool estimated = false;  // some option gave no share: an equal split stands in
  double listed = 0;       // the current options' shares (normally 1)
  double withheld = 0;     // of which withheld or cut by the scenario
  double lost_upstream = 0;
  double left = 0;         // listed - withheld - lost_upstream
  NeedStatus status = NeedStatus::kOk;

  bool fails() const {
    return status == NeedStatus::kBelowThreshold || status == NeedStatus::kWithheld ||
           status == NeedStatus::kCutOff;
  }
  double gap() const { return listed - left; }
};

// One headline per final output: an item of the bloc's production that
// nothing uses. Its inputs are the needs of its production tree (its own
// and, through current options, those of every item of the bloc's
// production it draws on).
struct Headline {
  ItemIndex item = kNone;
  bool makeable = false;  // the final output itself is not lost
  uint32_t inputs = 0;    // needs in its production tree
  uint32_t inputs_met = 0;
  double mean_left = 0;   // mean share of world supply left over those needs
};

struct BlocQuery {
  std::vector<Country> bloc;    // non-empty
  std::vector<Country> cut_by;  // none in the bloc
  double threshold = 0;         // a need with less live share fails
  const ScenarioCuts* scenario = nullptr;
  std::vector<ItemIndex> finals;  // empty: every final output of the bloc's production
};

struct BlocSupply {
  std::vector<OptionFate> fate;    // per option
  std::vector<uint8_t> lost;       // per item: lost to the bloc
  // The needs of the bloc's production, sorted by gap (largest first), then
  // item id, then need name.
  std::vector<NeedSupply> needs;
  std::vector<Headline> headlines;  // by item id
};

// Whether `item` is part of the bloc's production: made by a firm of the
// bloc, or by a pseudo-firm.
bool in_bloc_production(const Model& model, const std::vector<Country>& bloc, ItemIndex item);

// A bloc named on the command line: the id of one of the model's `blocs`,
// or ISO alpha-2 codes joined by commas ("CN" or "CN,RU"). The error says
// what is wrong, with a did-you-mean among the model's blocs.
Result<Bloc> find_bloc(const Model& model, std::string_view spec);

BlocSupply bloc_supply(const SupplyGraph& graph, const BlocQuery& query);

struct AutarkyGap {
  NeedIndex need = kNone;
  // Every option of the need is foreign (the bloc makes none of it, and
  // could not): the chokepoint. Otherwise the bloc could make some option
  // but does not, because of gaps further up.
  bool root = false;
  // Foreign current options, largest share first (then item id).
  std::vector<OptionIndex> foreign;
  std::vector<double> foreign_share;  // parallel to `foreign`
  // Options of the bloc's production that it cannot make yet.
  std::vector<OptionIndex> blocked;
};

struct Autarky {
  std::vector<uint8_t> made;          // per item
  std::vector<ItemIndex> made_items;  // sorted by id
  // Unmet critical needs of the bloc's production: chokepoints first (by
  // their largest foreign share, descending), then blocked ones; ties by
  // item id and need name.
  std::vector<AutarkyGap> gaps;
  std::vector<Headline> headlines;  // by item id
};

Autarky bloc_autarky(const SupplyGraph& graph, std::vector<Country> bloc,
                     const ScenarioCuts* scenario = nullptr,
                     const std::vector<ItemIndex>& finals = {});

}  // namespace decouple

#endif  // DECOUPLE_BLOCS_H_
