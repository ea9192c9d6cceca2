// Pictures that answer one question each, for the classroom page.
//
// why_picture() draws only the causal chain behind one item: the laws
// (applied actions) on the left, the supply links they cut, the items lost
// on the way, and the item asked about on the right (rankdir=LR, from
// action to vendor). It is built from the same explanation `decouple
// explain` prints (explain.h), so picture and words never disagree.
//
// changes_picture() draws what a scenario changed, one node per affected
// firm, grouped by country: each line stands for all the supply links of
// one kind between two firms (its label says how many), and the suppliers
// whose supply was cut but that lost nothing themselves are collapsed
// into one "unchanged suppliers" node per country.
//
// Both fit a 1000-pixel-wide pane at any model size: the graph is scaled
// to at most 10 inches wide, and node counts are capped (PictureLimits),
// what is left out shown as an explicit "+N more" node. Nodes carry names
// and countries (ids in tooltips) and are filled with their country's
// colour (country_colour, dot_export.h). Every line style has one meaning,
// and a key drawn in the picture lists each style with the number of
// lines of that style drawn, and each country drawn: PictureCounts holds
// exactly those numbers, and every node and line carries an SVG class
// (cut, upstream, action, more; lost, degraded, live, focus) so a test
// can count what was drawn.
//
// Cost: linear in the explanation (why) or in the cuts and lost items'
// supply links (changes), plus sorting; deterministic.
#ifndef DECOUPLE_WHY_PICTURE_H_
#define DECOUPLE_WHY_PICTURE_H_

#include <string>
#include <vector>

#include "decouple/evaluation.h"
#include "decouple/graph.h"

namespace decouple {

struct PictureLimits {
  size_t max_items = 16;   // why: item nodes drawn
  size_t max_firms = 8;    // changes: affected firm nodes drawn
  size_t max_actions = 4;  // laws drawn; the rest share one "+N more" node
};

// What a picture draws, by style: the key prints exactly these.
struct PictureCounts {
  size_t cut_lines = 0;          // red solid: supply links a law cut
  size_t lost_supply_lines = 0;  // dark red dashed: the supplier's own item is lost
  size_t action_lines = 0;       // dotted: which law hit which item or firm
  size_t more_lines = 0;         // thin grey: continues past the picture
  size_t lost_nodes = 0;         // red outline: lost items (why) / firms that lost items (changes)
  size_t degraded_nodes = 0;     // amber outline: degraded only
  size_t live_nodes = 0;         // grey outline: still made / unchanged suppliers
  size_t action_nodes = 0;       // laws drawn
  size_t hidden = 0;             // items, firms or laws behind "+N more" nodes
  std::vector<Country> countries;  // the country key, sorted
};

struct Picture {
  std::string dot;
  PictureCounts counts;
};

Picture why_picture(const SupplyGraph& graph, const Evaluation& evaluation, ItemIndex focus,
                    const PictureLimits& limits = {});
Picture changes_picture(const SupplyGraph& graph, const Evaluation& evaluation, const PictureLimits& limits = {});

}  // namespace decouple

#endif  // DECOUPLE_WHY_PICTURE_H_
