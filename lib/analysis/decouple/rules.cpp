#include "decouple/rules.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include <fmt/format.h>

#include "decouple/graph.h"
#include "decouple/scenario.h"
#include "decouple/share.h"

namespace decouple {

// The state of one jurisdiction's rules after the fixpoint. Vectors of a
// rule that is not in force stay empty.
struct Reach::Jurisdiction {
  Country by;

  // De minimis: the last de_minimis action of `by` in application order.
  uint32_t de_minimis_action = kNone;
  std::vector<double> thresholds;         // distinct, ascending
  std::vector<uint16_t> firm_threshold;   // per firm: index into thresholds for its country
  std::vector<double> content;            // per item: controlled content share

  // Foreign direct product: per target firm the largest depth of the
  // actions naming it (0: not a target) and the first action giving it.
  uint32_t max_depth = 0;
  std::vector<uint8_t> target_depth;      // per firm
  std::vector<uint32_t> target_action;    // per firm
  // Per item: length of its shortest means chain ending in means subject to
  // `by` (0: none within max_depth), and the first option of that chain.
  std::vector<uint8_t> distance;
  std::vector<OptionIndex> via;

  // Per option: the supplied item is subject to `by` for this delivery.
  std::vector<uint8_t> subject;
};

namespace {

// Calls f(option, weight) for every current option of every content need
// of `item`, weight = the need's share of the item's value times the
// option's share of the need's supply. Needs (and options) without a share
// split what the given ones leave, equally. Options absent at the date
// (`presence`, may be null) are not there: they neither take a share nor
// leave one.
template <typename F>
void for_each_content_weight(const SupplyGraph& graph, const Presence* presence, ItemIndex item,
                             F&& f) {
  auto present = [&](OptionIndex o) { return !presence || presence->option_present(o); };
  const Model& model = graph.model();
  double given = 0;
  uint32_t unshared = 0;
  for (const Need& need : graph.needs_of(item)) {
    if (need.role != NeedRole::kContent) continue;
    if (need.share >= 0)
      given += decimal_share(need.share);
    else
      ++unshared;
  }
  const double need_rest = unshared_part(given, unshared);
  const Item& it = model.items[item];
  for (NeedIndex n = it.first_need; n < it.first_need + it.need_count; ++n) {
    const Need& need = model.needs[n];
    if (need.role != NeedRole::kContent) continue;
    const double need_share = need.share >= 0 ? decimal_share(need.share) : need_rest;
    if (need_share <= 0) continue;
    double option_given = 0;
    uint32_t option_unshared = 0;
    for (OptionIndex k = need.first_option; k < need.first_option + need.option_count; ++k) {
      const Option& o = model.options[k];
      if (!o.is_current() || !present(k)) continue;
      if (o.share >= 0)
        option_given += decimal_share(o.share);
      else
        ++option_unshared;
    }
    const double option_rest = unshared_part(option_given, option_unshared);
    for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) {
      const Option& option = model.options[o];
      if (option.is_current() && present(o)) f(o, need_share * (option.share >= 0 ? decimal_share(option.share) : option_rest));
    }
  }
}

std::string percent(double share) { return fmt::format("{:.1f}%", share * 100); }

// Compact per-option and per-item facts the fixpoint reads in its inner
// loops: a few bytes an edge instead of the model's wide structs, built in
// one sequential pass and shared by every jurisdiction.
struct EdgeFacts {
  enum Use : uint8_t { kUnused, kContent, kMeans };  // kUnused: an alternative
  std::vector<ItemIndex> consumer;   // per option
  std::vector<FirmIndex> recipient;  // per option
  std::vector<uint8_t> use;          // per option
  std::vector<double> weight;        // per option, when some de minimis rule is in force
  std::vector<Country> origin;       // per item

  EdgeFacts(const SupplyGraph& graph, const Presence* presence, bool de_minimis) {
    const Model& model = graph.model();
    consumer.resize(model.options.size());
    recipient.resize(model.options.size());
    use.resize(model.options.size());
    for (OptionIndex o = 0; o < model.options.size(); ++o) {
      const Option& option = model.options[o];
      const Need& need = model.needs[option.need];
      consumer[o] = need.item;
      // An absent link is used by nobody at the date, like an alternative.
      use[o] = !option.is_current() || (presence && !presence->option_present(o)) ? kUnused
               : need.role == NeedRole::kMeans ? kMeans
                                                : kContent;
    }
    for (OptionIndex o = 0; o < model.options.size(); ++o)
      recipient[o] = model.items[consumer[o]].maker;
    origin.resize(model.items.size());
    for (ItemIndex i = 0; i < model.items.size(); ++i) origin[i] = model.items[i].origin;
    if (de_minimis) {
      weight.assign(model.options.size(), 0);
      for (ItemIndex x = 0; x < model.items.size(); ++x)
        for_each_content_weight(graph, presence, x, [&](OptionIndex o, double w) { weight[o] = w; });
    }
  }
};

// The least fixpoint of one jurisdiction's reach, by chaotic iteration from
// "only J-origin items are subject": every fact (an option becoming
// subject, an item's means distance falling, an item's content crossing
// one more threshold) is derived once and pushed on a worklist, and
// nothing is ever retracted. See docs/algorithms.md.
void settle(Reach::Jurisdiction& j, const SupplyGraph& graph, const EdgeFacts& edges) {
  const size_t n_items = edges.origin.size();
  const bool de_minimis = j.de_minimis_action != kNone;
  const bool direct_product = j.max_depth > 0;
  j.subject.assign(edges.use.size(), 0);
  std::vector<uint16_t> level;  // per item: thresholds its content exceeds
  if (de_minimis) {
    j.content.assign(n_items, 0);
    level.assign(n_items, 0);
  }
  if (direct_product) {
    j.distance.assign(n_items, 0);
    j.via.assign(n_items, kNone);
  }

  std::vector<OptionIndex> fired;  // options newly subject, effects pending
  std::vector<ItemIndex> closer;   // items whose means distance fell
  auto fire = [&](OptionIndex o) {
    if (j.subject[o]) return;
    j.subject[o] = 1;
    fired.push_back(o);
  };
  // Every shortest chain's first option is proposed at some point, so
  // keeping the smallest option index among equals makes the reported
  // means path the first in model order, whatever the worklist order.
  auto relax = [&](ItemIndex x, uint32_t d, OptionIndex via) {
    if (j.distance[x] != 0 && j.distance[x] < d) return;
    if (j.distance[x] == d) {
      j.via[x] = std::min(j.via[x], via);
      return;
    }
    j.distance[x] = static_cast<uint8_t>(d);
    j.via[x] = via;
    closer.push_back(x);
  };

  for (ItemIndex y = 0; y < n_items; ++y)
    if (edges.origin[y] == j.by)
      for (OptionIndex u : graph.users_of(y)) fire(u);

  while (!fired.empty() || !closer.empty()) {
    if (!closer.empty()) {
      // x is now made, `d` means steps down, with means subject to J: its
      // deliveries to targets that deep are captured, and the items it is a
      // current means of are one step further.
      ItemIndex x = closer.back();
      closer.pop_back();
      const uint32_t d = j.distance[x];
      for (OptionIndex u : graph.users_of(x)) {
        if (j.subject[u]) continue;
        if (j.target_depth[edges.recipient[u]] >= d) {
          fire(u);
          continue;
        }
        if (d < j.max_depth && edges.use[u] == EdgeFacts::kMeans)
          relax(edges.consumer[u], d + 1, u);
      }
      continue;
    }
    OptionIndex o = fired.back();
    fired.pop_back();
    // Alternatives are not used today: they add no content and no means.
    if (edges.use[o] == EdgeFacts::kUnused) continue;
    const ItemIndex x = edges.consumer[o];
    if (edges.origin[x] == j.by) continue;  // subject by origin already
    if (edges.use[o] == EdgeFacts::kMeans) {
      if (direct_product) relax(x, 1, o);
      continue;
    }
    if (!de_minimis) continue;
    j.content[x] += edges.weight[o];
    uint16_t before = level[x];
    while (level[x] < j.thresholds.size() &&
           j.content[x] > j.thresholds[level[x]] + kShareTolerance)
      ++level[x];
    if (level[x] == before) continue;
    for (OptionIndex u : graph.users_of(x))
      if (j.firm_threshold[edges.recipient[u]] < level[x]) fire(u);
  }
}

std::string_view rule_words(Subjection::Rule rule) {
  switch (rule) {
    case Subjection::Rule::kNone: return "not subject";
    case Subjection::Rule::kOrigin: return "origin";
    case Subjection::Rule::kDeMinimis: return "de minimis";
    case Subjection::Rule::kDirectProduct: return "direct product";
  }
  return "";
}

}  // namespace

Reach::Reach(const SupplyGraph& graph, std::span<const AppliedAction> applied,
             std::span<const uint8_t> active, std::shared_ptr<const Presence> presence)
    : graph_(&graph), presence_(std::move(presence)) {
  const Model& model = graph.model();
  std::vector<Jurisdiction> rules;
  std::vector<const DeMinimisAction*> de_minimis;  // parallel to rules
  auto state_for = [&](Country by) -> size_t {
    for (size_t k = 0; k < rules.size(); ++k)
      if (rules[k].by == by) return k;
    rules.emplace_back();
    rules.back().by = by;
    de_minimis.push_back(nullptr);
    return rules.size() - 1;
  };
  for (uint32_t a = 0; a < applied.size(); ++a) {
    if (!active.empty() && !active[a]) continue;
    const ActionBody& body = applied[a].action->body;
    if (const auto* dm = std::get_if<DeMinimisAction>(&body)) {
      // A later de minimis rule of the same jurisdiction replaces an
      // earlier one: thresholds are revised, not stacked.
      size_t k = state_for(dm->by);
      rules[k].de_minimis_action = a;
      de_minimis[k] = dm;
    } else if (const auto* fdp = std::get_if<ForeignDirectProductAction>(&body)) {
      Jurisdiction& j = rules[state_for(fdp->by)];
      if (j.target_depth.empty()) {
        j.target_depth.assign(model.firms.size(), 0);
        j.target_action.assign(model.firms.size(), kNone);
      }
      const uint32_t depth = std::clamp<uint32_t>(fdp->depth, 1, 255);
      for (FirmIndex target : fdp->targets) {
        if (depth > j.target_depth[target]) {
          j.target_depth[target] = static_cast<uint8_t>(depth);
          j.target_action[target] = a;
        }
      }
      j.max_depth = std::max(j.max_depth, depth);
    }
  }
  if (rules.empty()) return;

  const EdgeFacts edges(graph, presence_.get(), std::any_of(de_minimis.begin(), de_minimis.end(),
                                           [](const DeMinimisAction* p) { return p != nullptr; }));
  for (size_t k = 0; k < rules.size(); ++k) {
    Jurisdiction& j = rules[k];
    if (j.target_depth.empty()) j.target_depth.assign(model.firms.size(), 0);
    if (const DeMinimisAction* dm = de_minimis[k]) {
      j.thresholds.push_back(dm->default_threshold);
      for (const auto& [country, threshold] : dm->per_country) j.thresholds.push_back(threshold);
      std::sort(j.thresholds.begin(), j.thresholds.end());
      j.thresholds.erase(std::unique(j.thresholds.begin(), j.thresholds.end()), j.thresholds.end());
      j.firm_threshold.resize(model.firms.size());
      for (FirmIndex f = 0; f < model.firms.size(); ++f) {
        double t = dm->threshold_for(model.firms[f].country);
        j.firm_threshold[f] = static_cast<uint16_t>(
            std::lower_bound(j.thresholds.begin(), j.thresholds.end(), t) - j.thresholds.begin());
      }
    }
    settle(j, graph, edges);
  }
  rules_ = std::make_shared<const std::vector<Jurisdiction>>(std::move(rules));
}

const Reach::Jurisdiction* Reach::find(Country jurisdiction) const {
  if (!rules_) return nullptr;
  for (const Jurisdiction& j : *rules_)
    if (j.by == jurisdiction) return &j;
  return nullptr;
}

Subjection Reach::subject(OptionIndex option, Country jurisdiction) const {
  const Model& model = graph_->model();
  const ItemIndex item = model.options[option].item;
  Subjection why;
  why.jurisdiction = jurisdiction;
  if (model.items[item].origin == jurisdiction) {
    why.rule = Subjection::Rule::kOrigin;
    return why;
  }
  const Jurisdiction* j = find(jurisdiction);
  if (!j || !j->subject[option]) return why;
  const FirmIndex recipient = model.recipient_of(option);
  if (j->de_minimis_action != kNone) {
    const double threshold = j->thresholds[j->firm_threshold[recipient]];
    if (j->content[item] > threshold + kShareTolerance) {
      why.rule = Subjection::Rule::kDeMinimis;
      why.action = j->de_minimis_action;
      why.share = j->content[item];
      why.threshold = threshold;
      return why;
    }
  }
  if (j->max_depth > 0 && j->distance[item] != 0 &&
      j->distance[item] <= j->target_depth[recipient]) {
    why.rule = Subjection::Rule::kDirectProduct;
    why.action = j->target_action[recipient];
    why.depth = j->distance[item];
    return why;
  }
  assert(false && "an option marked subject matches no rule");
  return why;
}

double Reach::controlled_content(ItemIndex item, Country jurisdiction) const {
  const Jurisdiction* j = find(jurisdiction);
  if (!j || j->content.empty()) return 0;
  return j->content[item];
}

std::vector<ContentContribution> Reach::contributors(ItemIndex item, Country jurisdiction) const {
  std::vector<ContentContribution> out;
  const Jurisdiction* j = find(jurisdiction);
  if (!j || j->content.empty() || graph_->model().items[item].origin == jurisdiction) return out;
  for_each_content_weight(*graph_, presence_.get(), item, [&](OptionIndex o, double w) {
    if (j->subject[o] && w > 0) out.push_back({o, w, subject(o, jurisdiction)});
  });
  std::stable_sort(out.begin(), out.end(), [](const ContentContribution& a,
                                              const ContentContribution& b) {
    return a.weight > b.weight;
  });
  return out;
}

std::vector<OptionIndex> Reach::means_path(const Subjection& why, OptionIndex option) const {
  std::vector<OptionIndex> path;
  const Jurisdiction* j = find(why.jurisdiction);
  if (why.rule != Subjection::Rule::kDirectProduct || !j || j->via.empty()) return path;
  const Model& model = graph_->model();
  // Each step goes to an item strictly closer to the subject means, so the
  // walk is at most `distance` long.
  ItemIndex x = model.options[option].item;
  while (x != kNone && j->via[x] != kNone && path.size() < 256) {
    OptionIndex p = j->via[x];
    path.push_back(p);
    if (j->subject[p]) break;
    x = model.options[p].item;
  }
  return path;
}

std::string Reach::describe(const Subjection& why, OptionIndex option) const {
  const Model& model = graph_->model();
  const ItemIndex item = model.options[option].item;
  const std::string_view by = why.jurisdiction.view();
  switch (why.rule) {
    case Subjection::Rule::kNone: return "not subject";
    case Subjection::Rule::kOrigin:
      return fmt::format("origin {}", model.items[item].origin.view());
    case Subjection::Rule::kDeMinimis: {
      std::string out = fmt::format(
          "de minimis: {}-controlled content of {} is {} > {} threshold for {}", by,
          model.items[item].id, percent(why.share), percent(why.threshold),
          model.firms[model.recipient_of(option)].country.view());
      std::vector<ContentContribution> inputs = contributors(item, why.jurisdiction);
      constexpr size_t kShown = 6;
      for (size_t k = 0; k < inputs.size() && k < kShown; ++k) {
        const ContentContribution& c = inputs[k];
        out += fmt::format("{}{} {} ({})", k == 0 ? " (" : ", ", model.items[model.options[c.option].item].id,
                           percent(c.weight), rule_words(c.why.rule));
      }
      if (inputs.size() > kShown) out += fmt::format(", and {} more", inputs.size() - kShown);
      if (!inputs.empty()) out += ")";
      return out;
    }
    case Subjection::Rule::kDirectProduct: {
      std::string out = fmt::format("foreign direct product rule of {}: {}", by, model.items[item].id);
      std::vector<OptionIndex> path = means_path(why, option);
      for (size_t k = 0; k < path.size(); ++k) {
        const Option& p = model.options[path[k]];
        const Item& means = model.items[p.item];
        out += fmt::format("{} made with {} ({}) [means '{}']", k == 0 ? " is" : ",",
                           means.id, means.origin.view(), model.needs[p.need].name);
      }
      if (!path.empty()) {
        Subjection last = subject(path.back(), why.jurisdiction);
        if (last.rule == Subjection::Rule::kOrigin)
          out += fmt::format(", which is of origin {}", by);
        else
          out += fmt::format(", which is subject to {} by {}", by, rule_words(last.rule));
      }
      return out;
    }
  }
  return {};
}

}  // namespace decouple
