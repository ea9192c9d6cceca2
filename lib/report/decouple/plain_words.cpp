#include "decouple/plain_words.h"

#include <deque>
#include <utility>

#include <fmt/format.h>

#include "decouple/date.h"

namespace decouple {
namespace {

using Kind = Sentence::Kind;

// The words every page shares for the law's terms.
const Term kListed{"listed", "Put on the Entity List: every export to the firm of an item the country controls "
                             "needs a licence, and licences are usually refused."};
const Term kMadeIn{"made in", "Origin rule: a country's export controls reach what is made there."};
const Term kControlledContent{"controlled content",
                              "De minimis rule: a foreign-made item with more than a set share of a country's "
                              "controlled parts is treated as that country's item."};
const Term kDirectProduct{"direct product rule",
                          "Foreign direct product rule: a foreign-made item made with a country's tools or "
                          "software is treated as that country's item."};
const Term kEmbargo{"embargo", "A ban on exports to a whole country."};
const Term kBlacklisted{"blacklisted", "Cut off completely: nobody may supply or buy from the firm."};
const Term kNotEssential{"not essential", "The model marks this need as not critical: losing it lowers quality "
                                          "or stops updates, but production goes on."};

// (A view, copied once, not a string moved in: GCC 12 at -O3 warned, a
// false -Wmaybe-uninitialized, on the first byte of a moved-in temporary.)
std::string capitalised(std::string_view text) {
  std::string out(text);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

// "Huawei and HiSilicon", "A, B, C and 4 others".
std::string name_list(std::vector<std::string> names) {
  constexpr size_t kShown = 3;
  if (names.size() > kShown + 1) {
    size_t others = names.size() - kShown;
    names.resize(kShown);
    names.push_back(fmt::format("{} others", others));
  }
  std::string out;
  for (size_t k = 0; k < names.size(); ++k)
    out += (k == 0 ? "" : k + 1 == names.size() ? " and " : ", ") + names[k];
  return out;
}


std::vector<std::string> firm_names(const Model& model, const std::vector<FirmIndex>& firms) {
  std::vector<std::string> out;
  for (FirmIndex f : firms) out.push_back(short_firm_name(model, f));
  return out;
}

// A need's name as words: "rf-front-end" -> "rf front end".
std::string need_words(const Model& model, NeedIndex need) {
  std::string out = model.needs[need].name;
  std::replace(out.begin(), out.end(), '-', ' ');
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

// An item's name as said after its maker's: "Micron's DRAM", not
// "Micron's Micron DRAM".
std::string item_words(const Model& model, ItemIndex item) {
  const Item& i = model.items[item];
  // "Cirrus Logic audio chips" by "Cirrus Logic", "Skyworks GaAs ..." by
  // "Skyworks Solutions".
  const std::string maker = short_firm_name(model, i.maker);
  for (const std::string& prefix : {maker, maker.substr(0, maker.find(' '))})
    if (i.name.size() > prefix.size() + 1 && i.name.starts_with(prefix) && i.name[prefix.size()] == ' ')
      return std::string(i.name.substr(prefix.size() + 1));
  return i.name;
}
std::string owned(const Model& model, ItemIndex item) {
  const std::string maker = short_firm_name(model, model.items[item].maker);
  return fmt::format("{}{} {}", maker, maker.ends_with('s') ? "'" : "'s", item_words(model, item));
}

std::string rule_words(const Model& model, const ScenarioCuts& cuts, const Cut& cut, bool plural,
                       std::vector<Term>& terms) {
  const Subjection& why = cut.why;
  const Item& item = model.items[model.options[cut.option].item];
  switch (why.rule) {
    case Subjection::Rule::kOrigin:
      terms.push_back(kMadeIn);
      return fmt::format("{} made in {}", plural ? "they are" : "it is", country_name(item.origin));
    case Subjection::Rule::kDeMinimis:
      terms.push_back(kControlledContent);
      return fmt::format("{} more than {:.0f}% {} controlled content", plural ? "they hold" : "it holds",
                         why.threshold * 100, why.jurisdiction.view());
    case Subjection::Rule::kDirectProduct: {
      terms.push_back(kDirectProduct);
      // The rule's own date: the listing may be older than the rule that
      // let it reach foreign-made items.
      std::string since;
      if (why.action != kNone) {
        std::string month = action_month(model, cuts.applied[why.action]);
        if (!month.empty()) since = " of " + month;
      }
      return fmt::format("{} made with {} technology (the foreign direct product rule{})",
                         plural ? "they are" : "it is", why.jurisdiction.view(), since);
    }
    case Subjection::Rule::kNone:
      break;
  }
  return {};
}

}  // namespace

std::string short_firm_name(const Model& model, FirmIndex firm) {
  const std::string& name = model.firms[firm].name;
  size_t paren = name.find(" (");
  return paren == std::string::npos || paren == 0 ? name : name.substr(0, paren);
}

std::string country_name(Country country) {
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"US", "the US"},      {"CN", "China"},       {"TW", "Taiwan"},          {"JP", "Japan"},
      {"KR", "South Korea"}, {"NL", "the Netherlands"}, {"DE", "Germany"},     {"GB", "the UK"},
      {"FR", "France"},      {"IL", "Israel"},      {"SG", "Singapore"},       {"IN", "India"},
      {"EU", "the EU"},      {"CH", "Switzerland"}, {"SE", "Sweden"},          {"FI", "Finland"},
      {"IE", "Ireland"},     {"MY", "Malaysia"},    {"TH", "Thailand"},        {"VN", "Vietnam"},
      {"HK", "Hong Kong"},   {"CA", "Canada"},      {"AU", "Australia"},       {"BE", "Belgium"},
      {"IT", "Italy"},       {"AT", "Austria"},     {"RU", "Russia"},          {"ZZ", "an unknown country"}};
  if (country.empty()) return "an unknown country";
  for (const auto& [code, name] : kNames)
    if (code == country.view()) return std::string(name);
  return country.str();
}

std::string spoken_month(std::string_view date) {
  static constexpr std::string_view kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                                 "July",    "August",   "September", "October", "November", "December"};
  if (!valid_date(date)) return std::string(date);
  CivilDate d = civil_from_days(*parse_date(date));
  return fmt::format("{} {}", kMonths[d.month - 1], d.year);
}

std::string_view to_string(Sentence::Kind kind) {
  switch (kind) {
    case Kind::kVerdict: return "verdict";
    case Kind::kCut: return "cut";
    case Kind::kBanned: return "banned";
    case Kind::kUpstream: return "upstream";
    case Kind::kNotEssential: return "not_essential";
    case Kind::kPartial: return "partial";
    case Kind::kMore: return "more";
  }
  return "verdict";
}

std::string action_month(const Model& model, const AppliedAction& a) {
  Date date = !a.action->from.empty() ? a.action->from
              : a.scenario != kNone   ? model.scenarios[a.scenario].date
                                      : a.action->from;
  return date.empty() ? std::string() : spoken_month(date.str());
}

std::string action_words(const Model& model, const ScenarioCuts& cuts, uint32_t applied, std::vector<Term>& terms) {
  const AppliedAction& a = cuts.applied[applied];
  const std::string month = action_month(model, a);
  const std::string when = month.empty() ? std::string() : " in " + month;
  const std::string actor = country_name(action_actor(a.action->body));
  return std::visit(
      [&](const auto& body) -> std::string {
        using Body = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<Body, EntityListAction>) {
          terms.push_back(kListed);
          return fmt::format("{} listed {}{}", actor, name_list(firm_names(model, body.add)), when);
        } else if constexpr (std::is_same_v<Body, EmbargoAction>) {
          terms.push_back(kEmbargo);
          std::vector<std::string> to;
          for (Country c : body.to) to.push_back(country_name(c));
          return fmt::format("{} put an embargo on exports to {}{}", actor, name_list(to), when);
        } else if constexpr (std::is_same_v<Body, BanAction>) {
          terms.push_back(kBlacklisted);
          if (a.scenario == kNone) return fmt::format("you blacklisted {}", name_list(firm_names(model, body.firms)));
          return fmt::format("{} {} blacklisted{}", name_list(firm_names(model, body.firms)),
                             body.firms.size() == 1 ? "was" : "were", when);
        } else if constexpr (std::is_same_v<Body, ForeignDirectProductAction>) {
          terms.push_back(kDirectProduct);
          return fmt::format("{} extended its direct product rule to {}{}", actor,
                             name_list(firm_names(model, body.targets)), when);
        } else if constexpr (std::is_same_v<Body, DeMinimisAction>) {
          terms.push_back(kControlledContent);
          return fmt::format("{} set the share of controlled content it allows{}", actor, when);
        } else {
          return fmt::format("{} refused a licence{}", actor, when);
        }
      },
      a.action->body);
}

std::vector<Sentence> explain_in_words(const Model& model, const ScenarioCuts& cuts,
                                       const Explanation& explanation, size_t max_sentences) {
  std::vector<Sentence> out;
  size_t dropped = 0;
  auto say = [&](Kind kind, ItemIndex item, std::string text, std::vector<Term> terms = {}) {
    if (out.size() >= max_sentences) {
      ++dropped;
      return;
    }
    out.push_back(Sentence{kind, capitalised(text) + ".", std::move(terms), item});
  };
  const auto& reasons = explanation.reasons;
  if (explanation.roots.empty()) return out;
  std::vector<uint8_t> queued(reasons.size(), 0);
  std::deque<uint32_t> items = {explanation.roots[0]};
  queued[explanation.roots[0]] = 1;
  const uint32_t root = explanation.roots[0];

  // Cut links of one item, grouped by the law and the rule that reached
  // them: one sentence says "A's x, B's y and C's z, because ...".
  struct CutGroup {
    ItemIndex buyer_item = kNone;
    uint32_t first_cut = kNone;
    std::vector<ItemIndex> supplied;
  };
  std::vector<CutGroup> groups;
  auto say_cuts = [&]() {
    for (const CutGroup& g : groups) {
      const Cut& cut = cuts.cuts[g.first_cut];
      std::vector<Term> terms;
      std::string why = action_words(model, cuts, cut.action, terms);
      std::string rule = rule_words(model, cuts, cut, g.supplied.size() > 1, terms);
      std::vector<std::string> what;
      for (ItemIndex i : g.supplied) what.push_back(owned(model, i));
      say(Kind::kCut, g.buyer_item,
          fmt::format("{} can no longer get {}, because {}{}", short_firm_name(model, model.items[g.buyer_item].maker),
                      name_list(what), why, rule.empty() ? "" : " and " + rule),
          std::move(terms));
    }
    groups.clear();
  };
  // One sentence per dead or degraded supply link of a need.
  auto say_option = [&](const Reason& need, const Reason& option_reason, uint32_t option_node) {
    const std::string buyer = short_firm_name(model, model.items[need.item].maker);
    const ItemIndex supplied = option_reason.item;
    if (option_reason.kind == Reason::Kind::kOptionCut) {
      const Cut& cut = cuts.cuts[option_reason.cut];
      const Item& s = model.items[supplied];
      auto same = [&](const CutGroup& g) {
        const Cut& c = cuts.cuts[g.first_cut];
        return c.action == cut.action && c.why.rule == cut.why.rule &&
               (cut.why.rule != Subjection::Rule::kOrigin || model.items[model.options[c.option].item].origin == s.origin);
      };
      auto it = std::find_if(groups.begin(), groups.end(), same);
      if (it == groups.end()) groups.push_back(CutGroup{need.item, option_reason.cut, {supplied}});
      else if (std::find(it->supplied.begin(), it->supplied.end(), supplied) == it->supplied.end())
        it->supplied.push_back(supplied);
    } else if (option_reason.kind == Reason::Kind::kOptionItemLost) {
      say(Kind::kUpstream, need.item,
          fmt::format("{} can no longer get {}, because {} cannot make it any more (see below)", buyer,
                      owned(model, supplied), short_firm_name(model, model.items[supplied].maker)));
      for (uint32_t child : reasons[option_node].children)
        if (!queued[child]) {
          queued[child] = 1;
          items.push_back(child);
        }
    }
  };

  while (!items.empty()) {
    uint32_t node = items.front();
    items.pop_front();
    const Reason& r = reasons[node];
    const Item& item = model.items[r.item];
    const std::string maker = short_firm_name(model, item.maker);
    const std::string what = item_words(model, r.item);
    if (r.kind == Reason::Kind::kItemAbsent) {
      say(Kind::kVerdict, r.item, fmt::format("{} does not make the {} at this date, so nothing can cut it", maker, what));
      continue;
    }
    if (r.kind == Reason::Kind::kItemLive) {
      say(Kind::kVerdict, r.item,
          r.children.empty() ? fmt::format("{} still makes the {}; nothing it needs was cut", maker, what)
                             : fmt::format("{} still makes the {}", maker, what));
    } else {
      std::vector<std::string> needs;
      for (uint32_t c : r.children)
        if (reasons[c].kind == Reason::Kind::kNeedDead) needs.push_back(need_words(model, reasons[c].need));
      if (!needs.empty())
        say(Kind::kVerdict, r.item,
            fmt::format("{} can no longer make the {}{}: nobody may supply its {} any more", maker, what,
                        node == root ? "" : " either", name_list(needs)));
    }
    for (uint32_t c : r.children) {
      const Reason& child = reasons[c];
      if (child.kind == Reason::Kind::kMakerBanned) {
        std::vector<Term> terms;
        std::string why = child.action != kNone ? action_words(model, cuts, child.action, terms) : "its maker is banned";
        say(Kind::kBanned, r.item, fmt::format("{} cannot make the {} at all, because {}", maker, what, why),
            std::move(terms));
        continue;
      }
      if (child.kind == Reason::Kind::kNeedDead && r.kind == Reason::Kind::kItemLive) {
        const std::string need = need_words(model, child.need);
        say(model.needs[child.need].critical ? Kind::kPartial : Kind::kNotEssential, r.item,
            fmt::format("It lost all its {} supply, but {} is not essential: {} can make the {} without it", need,
                        need, maker, what),
            {kNotEssential});
      } else if (child.kind == Reason::Kind::kNeedDegraded) {
        const std::string need = need_words(model, child.need);
        say(Kind::kPartial, r.item,
            fmt::format("It lost part of its {} supply; other suppliers still deliver", need));
      } else if (child.kind != Reason::Kind::kNeedDead) {
        continue;
      }
      for (uint32_t o : child.children) say_option(child, reasons[o], o);
    }
    say_cuts();
  }
  if (dropped) out.push_back(Sentence{Kind::kMore, fmt::format("And {} more reasons like these.", dropped), {}, kNone});
  return out;
}

}  // namespace decouple
