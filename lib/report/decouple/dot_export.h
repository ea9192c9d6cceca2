// Graphviz DOT pictures of a model, and of a scenario's cascade through it.
//
// to_dot() draws firms as clusters filled with a pale colour per country,
// items as nodes inside their maker's cluster, and options as edges from
// the supplied item to the item that needs it (dashed for alternatives).
// Given an Evaluation it colours the scenario's effects: cut edges red and
// labelled with the action, lost items red, degraded items amber, banned
// firms outlined red. Given a RecoveryOverlay (from a recovery planner) it
// paints the items a plan brings back and the alternative edges it switches
// to green. The caller owns every input; the text returned is complete DOT
// that `dot` lays out.
//
// Legibility at a few hundred nodes comes from three choices: items are
// ranked by supply tier (longest supply path from a raw item, cycles
// collapsed), so tiers line up in columns; parallel options between the same
// two items (one item serving several needs) merge into one edge; and only
// what matters carries a label (cut edges, not live ones). `focus` keeps
// only the neighbourhood of some items, for models too big for one picture.
//
// Cost: O(items + options) plus sorting the output, deterministic (same
// input, byte-identical DOT).
#ifndef DECOUPLE_DOT_EXPORT_H_
#define DECOUPLE_DOT_EXPORT_H_

#include <span>
#include <string>
#include <vector>

#include "decouple/evaluation.h"
#include "decouple/graph.h"

namespace decouple {

// What a recovery plan changes, for drawing: a planner (alternatives.h)
// fills it; the picture only reads it. Both lists may be in any order.
struct RecoveryOverlay {
  std::vector<ItemIndex> items;      // lost items the plan makes producible again
  std::vector<OptionIndex> options;  // alternative options the plan switches to
};

struct DotOptions {
  const Evaluation* evaluation = nullptr;     // colours a scenario's effects when set
  const RecoveryOverlay* recovery = nullptr;  // paints a recovery plan when set
  // Items to centre the picture on; empty draws the whole model.
  std::vector<ItemIndex> focus;
  // How many supply steps up and down from the focus items stay in view.
  uint32_t depth = 2;
  // Outline focus items in bold and items with neighbours out of view
  // dashed (off when the focus is "what changed" rather than one item).
  bool mark_focus = true;
  // Title line; empty: the model's name (and the scenario's, when evaluated).
  std::string title;
};

std::string to_dot(const SupplyGraph& graph, const DotOptions& options);

// Supply tier of every item: 0 for items that need nothing, otherwise one
// more than the highest tier among its suppliers (current or alternative),
// with the items of one supply cycle sharing a tier. O(items + options).
std::vector<uint32_t> supply_tiers(const SupplyGraph& graph);

// The items within `depth` supply steps upstream (what they need) or
// downstream (what needs them) of `seeds`, seeds included; sorted.
std::vector<ItemIndex> focus_neighbourhood(const SupplyGraph& graph, std::span<const ItemIndex> seeds,
                                           uint32_t depth);

// Items a scenario touched: lost, degraded, or at either end of a cut edge;
// sorted. Used to centre pictures of big models on what changed.
std::vector<ItemIndex> affected_items(const Model& model, const Evaluation& evaluation);

// Options for the pictures of an evaluation in reports and on the web
// page. The "changes" view shows the affected items (lost, degraded, at
// either end of a cut) and the suppliers of the lost and degraded ones, once the model has more than kSmallModelItems items
// (below that the whole model is as readable); the "whole" view draws
// everything, up to kWholeModelItems items, and the changes view past that.
enum class PictureView : uint8_t { kChanges, kWhole };
inline constexpr size_t kSmallModelItems = 40;
inline constexpr size_t kWholeModelItems = 250;
DotOptions picture_options(const SupplyGraph& graph, const Evaluation* evaluation,
                           PictureView view = PictureView::kChanges);

// `text` escaped for an HTML-like label and broken at spaces into lines of
// about `width` display columns, so long names make tall nodes, not wide ones.
std::string wrapped_label(std::string_view text, size_t width);

// A pale fill colour ("#rrggbb") for a country's firms, stable across runs.
std::string country_colour(Country country);

}  // namespace decouple

#endif  // DECOUPLE_DOT_EXPORT_H_
