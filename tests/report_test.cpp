// Rendering: the JSON schema of every command's output (as docs/cli.md
// documents it), table alignment with CJK names, CSV quoting.
#include "decouple/report.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "decouple/generate.h"
#include "decouple/model_fixture.h"
#include "decouple/schema_version.h"
#include "decouple/text_table.h"

namespace decouple {
namespace {

using nlohmann::json;
using testing::World;

// Every kind of effect at once: cuts (current and alternative), a lost
// chain, a degraded need with a share, a banned firm, a license that
// re-opens an edge, a need name with a comma and Chinese names.
constexpr std::string_view kAll = R"(decouple: 1
name: 报告 test
sources: {fr-1: "84 FR 22961"}
firms:
  - {id: huawei, name: 华为技术有限公司, country: CN}
  - {id: hisilicon, name: "HiSilicon, Ltd.", country: CN}
  - {id: qcom, name: Qualcomm, country: US}
  - {id: kr, country: KR}
  - {id: banned-co, country: JP}
items:
  - id: mate
    name: Mate 30
    maker: huawei
    kind: product
    needs:
      - name: soc
        options: [kirin, {item: snapdragon, status: alternative}]
      - name: "memory, flash"
        options: [{item: us-dram, share: 0.4}, {item: kr-dram, share: 0.6}]
      - name: wifi
        options: [us-wifi]
  - id: kirin
    maker: hisilicon
    kind: chip
    needs: [{name: design, role: means, options: [eda]}]
  - {id: snapdragon, maker: qcom, kind: chip}
  - {id: us-dram, maker: qcom, kind: chip}
  - {id: us-wifi, maker: qcom, kind: chip}
  - {id: eda, maker: qcom, kind: software}
  - {id: kr-dram, maker: kr, kind: chip}
  - {id: jp-part, maker: banned-co, kind: component}
scenarios:
  - id: list
    name: 实体清单 listing
    date: 2019-05-16
    source: fr-1
    actions:
      - entity_list: {by: US, add: [huawei, hisilicon]}
        source: fr-1
      - license: {by: US, supplier: qcom, to: huawei, items: [us-wifi]}
      - ban: [banned-co]
)";

// `impact` of scenario `list` of kAll, rendered.
std::string render_list_impact(World& w, Format format) {
  w.evaluate("list");
  Impact impact = compute_impact(*w.graph, w.cuts, *w.state);
  return render_impact(*w.graph, w.model.find_scenario("list"), w.cuts, *w.state, impact, format);
}

// docs/cli.md, which every field checked below must be documented in.
std::string cli_doc() {
  std::ifstream in(std::filesystem::path(DECOUPLE_SOURCE_DIR) / "docs/cli.md");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Checks `value` has exactly `fields` (no more, no fewer) and that each is
// named in docs/cli.md.
void check_fields(const json& value, const std::set<std::string>& fields, std::string_view what) {
  CAPTURE(what);
  CAPTURE(value.dump());
  REQUIRE(value.is_object());
  std::set<std::string> keys;
  // The rules engine's evidence fields come on cuts (rule_action always,
  // the others when that rule applied); tests/rules_test.cpp checks them.
  static const std::set<std::string> kRuleEvidence = {"rule_action", "de_minimis",
                                                      "foreign_direct_product"};
  for (auto it = value.begin(); it != value.end(); ++it)
    if (!kRuleEvidence.count(it.key())) keys.insert(it.key());
  CHECK(keys == fields);
  static const std::string doc = cli_doc();
  for (const std::string& field : fields) {
    CAPTURE(field);
    CHECK(doc.find("\"" + field + "\"") != std::string::npos);
  }
}

void check_location(const json& location) {
  if (location.is_null()) return;
  check_fields(location, {"line", "column"}, "location");
  CHECK(location["line"].is_number_unsigned());
  CHECK(location["column"].is_number_unsigned());
}

void check_action(const json& action) {
  // `scenario` and `index` are left out for ad hoc actions (--ban).
  std::set<std::string> fields = {"kind", "by", "description", "source", "location"};
  if (action.contains("scenario")) {
    fields.insert("scenario");
    fields.insert("index");
    CHECK(action["scenario"].is_string());
    CHECK(action["index"].is_number_unsigned());
    CHECK(action["index"].get<int>() >= 1);
  }
  check_fields(action, fields, "ACTION");
  static const std::set<std::string> kinds = {"entity_list", "embargo", "ban", "license",
                                              "de_minimis", "foreign_direct_product"};
  CHECK(kinds.count(action["kind"].get<std::string>()) == 1);
  CHECK(action["description"].is_string());
  // `by` is the acting jurisdiction; a ban has none.
  CHECK((action["by"].is_null() ? action["kind"] == "ban" : action["by"].get<std::string>().size() == 2));
  CHECK((action["source"].is_null() || action["source"].is_string()));
  check_location(action["location"]);
}

const std::set<std::string> kRules = {"origin", "de_minimis", "foreign_direct_product"};

void check_cut(const json& cut) {
  check_fields(cut, {"item", "need", "option", "supplier", "status", "action", "rule",
                     "rule_detail", "location"},
               "cut");
  for (const char* field : {"item", "need", "option", "supplier", "rule_detail"})
    CHECK(cut[field].is_string());
  CHECK((cut["status"] == "current" || cut["status"] == "alternative"));
  CHECK(kRules.count(cut["rule"].get<std::string>()) == 1);
  check_action(cut["action"]);
  check_location(cut["location"]);
}

// A REASON node of a flat reason graph; children are ids into `nodes`.
void check_reason(const json& nodes, const json& reason) {
  static const std::set<std::string> kinds = {
      "item_lost",   "item_live",  "maker_banned", "need_dead", "need_degraded",
      "option_cut", "option_item_lost", "option_live", "see_above"};
  static const std::set<std::string> optional = {"item",   "need", "option",      "supplier",
                                                 "action", "rule", "rule_detail", "because"};
  REQUIRE(reason.is_object());
  REQUIRE(reason.contains("kind"));
  REQUIRE(reason.contains("id"));
  std::string kind = reason["kind"];
  CHECK(kinds.count(kind) == 1);
  std::set<std::string> fields = {"id", "kind"};
  for (auto it = reason.begin(); it != reason.end(); ++it)
    if (optional.count(it.key())) fields.insert(it.key());
  check_fields(reason, fields, "REASON");
  for (const char* field : {"item", "need", "option", "supplier", "rule_detail"})
    if (reason.contains(field)) CHECK(reason[field].is_string());
  if (reason.contains("rule")) CHECK(kRules.count(reason["rule"].get<std::string>()) == 1);
  if (reason.contains("action")) check_action(reason["action"]);
  // What each kind must carry.
  if (kind == "option_cut") {
    CHECK(reason.contains("option"));
    CHECK(reason.contains("action"));
    CHECK(reason.contains("rule"));
  }
  if (kind == "maker_banned") CHECK(reason.contains("action"));
  if (kind.rfind("need_", 0) == 0) CHECK(reason.contains("need"));
  if (reason.contains("because")) {
    REQUIRE(reason["because"].is_array());
    CHECK(!reason["because"].empty());
    for (const json& child : reason["because"]) {
      REQUIRE(child.is_number_unsigned());
      CHECK(child.get<size_t>() < nodes.size());
    }
  }
}

// Every node of a reason graph: ids are positions, each checked once.
void check_reasons(const json& nodes) {
  REQUIRE(nodes.is_array());
  for (size_t k = 0; k < nodes.size(); ++k) {
    CHECK(nodes[k]["id"] == k);
    check_reason(nodes, nodes[k]);
  }
}

TEST_CASE("impact JSON holds every documented field with its type") {
  World w(kAll);
  json out = json::parse(render_list_impact(w, Format::kJson));

  // The scenario is dated, so the impact says when and what was not made
  // then (nothing: the model has no dates on items or links).
  check_fields(out, {"format", "schema_version", "model", "scenario", "summary", "vendors", "reasons", "at", "not_yet", "gone"},
               "impact");
  CHECK(out["at"] == "2019-05-16");
  CHECK(out["not_yet"].empty());
  CHECK(out["gone"].empty());
  CHECK(out["format"] == 1);
  CHECK(out["model"] == "报告 test");

  const json& scenario = out["scenario"];
  check_fields(scenario, {"id", "name", "date", "actions"}, "scenario");
  CHECK(scenario["id"] == "list");
  CHECK(scenario["name"] == "实体清单 listing");
  CHECK(scenario["date"] == "2019-05-16");
  REQUIRE(scenario["actions"].is_array());
  REQUIRE(scenario["actions"].size() == 3);
  for (const json& action : scenario["actions"]) check_action(action);
  CHECK(scenario["actions"][0]["source"] == "fr-1");
  CHECK(scenario["actions"][0]["index"] == 1);
  CHECK(scenario["actions"][0]["location"]["line"] == 38);
  CHECK(scenario["actions"][1]["source"].is_null());

  const json& summary = out["summary"];
  check_fields(summary, {"vendors_affected", "edges_cut", "edges_restored", "items_lost",
                         "items_degraded"},
               "summary");
  for (auto it = summary.begin(); it != summary.end(); ++it) CHECK(it->is_number_unsigned());
  CHECK(summary["edges_restored"] == 1);
  CHECK(summary["items_lost"] == 3);  // kirin, mate, jp-part

  REQUIRE(out["vendors"].is_array());
  std::vector<std::string> firms;
  for (const json& v : out["vendors"]) {
    check_fields(v, {"firm", "name", "country", "banned", "cut", "lost", "degraded", "reasons"},
                 "vendor");
    firms.push_back(v["firm"]);
    CHECK(v["name"].is_string());
    CHECK(v["country"].is_string());
    CHECK(v["banned"].is_boolean());
    REQUIRE(v["cut"].is_array());
    for (const json& cut : v["cut"]) check_cut(cut);
    REQUIRE(v["lost"].is_array());
    std::set<std::string> lost;
    for (const json& id : v["lost"]) {
      REQUIRE(id.is_string());
      lost.insert(id.get<std::string>());
    }
    REQUIRE(v["degraded"].is_array());
    for (const json& d : v["degraded"]) {
      check_fields(d, {"item", "need", "lost_share", "need_lost"}, "degraded");
      CHECK(d["item"].is_string());
      CHECK(d["need"].is_string());
      CHECK(d["lost_share"].is_number());
      CHECK(d["lost_share"].get<double>() >= 0);
      CHECK(d["lost_share"].get<double>() <= 1);
      CHECK(d["need_lost"].is_boolean());
    }
    // One reason tree per lost item, keyed by its id.
    REQUIRE(v["reasons"].is_object());
    std::set<std::string> explained;
    for (auto it = v["reasons"].begin(); it != v["reasons"].end(); ++it) {
      explained.insert(it.key());
      const json& root = out["reasons"].at(it->get<size_t>());
      CHECK(root["kind"] == "item_lost");
      CHECK(root["item"] == it.key());
    }
    CHECK(explained == lost);
  }
  CHECK(firms == std::vector<std::string>{"banned-co", "hisilicon", "huawei"});

  const json& banned = out["vendors"][0];
  CHECK(banned["banned"] == true);
  check_reasons(out["reasons"]);
  auto node = [&](const json& id) -> const json& { return out["reasons"].at(id.get<size_t>()); };
  CHECK(node(node(banned["reasons"]["jp-part"])["because"][0])["kind"] == "maker_banned");
  CHECK(node(node(banned["reasons"]["jp-part"])["because"][0])["action"]["kind"] == "ban");

  const json& huawei = out["vendors"][2];
  CHECK(huawei["name"] == "华为技术有限公司");
  CHECK(huawei["country"] == "CN");
  // The alternative snapdragon and the US DRAM are cut; the wifi edge is
  // licensed back.
  std::set<std::string> cut_options;
  for (const json& cut : huawei["cut"]) cut_options.insert(cut["option"].get<std::string>());
  CHECK(cut_options == std::set<std::string>{"snapdragon", "us-dram"});
  for (const json& cut : huawei["cut"]) {
    if (cut["option"] != "snapdragon") continue;
    CHECK(cut["status"] == "alternative");
    CHECK(cut["rule"] == "origin");
    CHECK(cut["rule_detail"] == "origin US");
    CHECK(cut["supplier"] == "qcom");
    CHECK(cut["action"]["description"] == "scenario 'list' action 1 (entity_list by US)");
  }
  CHECK(huawei["lost"] == json::array({"mate"}));
  const json& chain = node(huawei["reasons"]["mate"]);
  const json& need = node(chain["because"][0]);
  CHECK(need["kind"] == "need_dead");
  CHECK(need["need"] == "soc");
  CHECK(node(need["because"][0])["kind"] == "option_item_lost");
  CHECK(node(node(need["because"][0])["because"][0])["item"] == "kirin");
  // kirin's own entry is that same node: each reason once.
  CHECK(node(need["because"][0])["because"][0] == out["vendors"][1]["reasons"]["kirin"]);
}

TEST_CASE("impact JSON of an ad hoc blacklist has a null scenario id") {
  World w(kAll);
  std::vector<FirmIndex> firms = {w.firm("kr")};
  std::vector<Action> actions = blacklist_actions(firms);
  ScenarioCuts cuts = apply_actions(*w.graph, {{&actions[0], kNone, 0}}, "");
  LossState state(*w.graph);
  state.apply(cuts);
  Impact impact = compute_impact(*w.graph, cuts, state);
  json out = json::parse(render_impact(*w.graph, std::nullopt, cuts, state, impact, Format::kJson));
  check_fields(out["scenario"], {"id", "name", "date", "actions"}, "scenario");
  CHECK(out["scenario"]["id"].is_null());
  CHECK(out["scenario"]["date"].is_null());
  check_action(out["scenario"]["actions"][0]);
  CHECK(!out["scenario"]["actions"][0].contains("scenario"));
  CHECK(out["scenario"]["actions"][0]["description"] == "ad hoc ban");
  // kr's DRAM is lost; the Mate loses 60% of its memory supply.
  const json& huawei = out["vendors"][0];
  CHECK(huawei["firm"] == "huawei");
  CHECK(huawei["degraded"][0]["need"] == "memory, flash");
  CHECK(huawei["degraded"][0]["lost_share"].get<double>() == doctest::Approx(0.6));
  CHECK(huawei["degraded"][0]["need_lost"] == false);
}

TEST_CASE("explain JSON is one flat REASON graph; check JSON holds the counts") {
  World w(kAll);
  w.evaluate("list");
  Explanation why = explain_item(*w.graph, w.cuts, *w.state, w.item("mate"));
  json reason = json::parse(render_explanation(w.model, w.cuts, why, Format::kJson));
  check_fields(reason, {"format", "schema_version", "item", "lost", "root", "reasons"}, "explain");
  CHECK(reason["schema_version"] == schema_version("explain"));
  check_reasons(reason["reasons"]);
  CHECK(reason["reasons"].size() == why.reasons.size());
  CHECK(reason["item"] == "mate");
  CHECK(reason["lost"] == true);
  CHECK(reason["reasons"][reason["root"].get<size_t>()]["item"] == "mate");

  json check = json::parse(render_check(w.model, *w.graph, Format::kJson));
  check_fields(check, {"format", "schema_version", "model", "file", "valid", "firms", "items", "needs", "options",
                       "alternatives", "items_on_cycles", "sources", "scenarios"},
               "check");
  CHECK(check["valid"] == true);
  CHECK(check["firms"] == 5);
  CHECK(check["items"] == 8);
  CHECK(check["needs"] == 4);
  CHECK(check["options"] == 6);
  CHECK(check["alternatives"] == 1);
  CHECK(check["items_on_cycles"] == 0);
  CHECK(check["sources"] == 1);
  REQUIRE(check["scenarios"].size() == 1);
  check_fields(check["scenarios"][0], {"id", "name", "date", "actions"}, "check scenario");
  CHECK(check["scenarios"][0]["actions"] == 3);
}

TEST_CASE("impact table: columns line up with Chinese names") {
  World w(kAll);
  std::string text = render_list_impact(w, Format::kTable);
  CHECK(text.rfind("Scenario list: 实体清单 listing (2019-05-16)\n", 0) == 0);
  CHECK(text.find("3 actions applied; 3 supply edges cut, 1 restored by license; 3 items lost, 0 "
                  "degraded; 3 firms affected") != std::string::npos);
  // The summary table: every row's "name" column starts at the same
  // display column, whatever the script of the names before it.
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line) && line.rfind("firm ", 0) != 0) {
  }
  std::vector<size_t> name_columns = {display_width(line.substr(0, line.rfind("name")))};
  std::getline(lines, line);  // the rule under the header
  name_columns.push_back(display_width(line.substr(0, line.rfind(' ') + 1)));
  // The rule under "name" is as wide as the widest name on screen (the
  // Chinese one: 16 columns, 24 bytes).
  CHECK(line.substr(line.rfind(' ') + 1) == std::string(16, '-'));
  while (std::getline(lines, line) && !line.empty()) {
    const Firm& firm = w.model.firms[w.firm(line.substr(0, line.find(' ')))];
    REQUIRE(line.size() > firm.name.size());
    CHECK(line.substr(line.size() - firm.name.size()) == firm.name);
    name_columns.push_back(display_width(line.substr(0, line.size() - firm.name.size())));
  }
  REQUIRE(name_columns.size() == 5);  // header, rule, three firms
  for (size_t c : name_columns) CHECK(c == name_columns[0]);
  CHECK(text.find("huawei — 华为技术有限公司 (CN)") != std::string::npos);
  CHECK(text.find("  degraded  mate") == std::string::npos);  // the Mate is lost, not degraded
  CHECK(text.find("  lost      mate: need 'soc' has no live current option") != std::string::npos);
  CHECK(text.find("  lost      jp-part: its maker is banned") != std::string::npos);
}

// A minimal RFC 4180 reader: rows of fields.
std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        rows.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\n') {
      rows.emplace_back(1);
    } else {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
  return rows;
}

TEST_CASE("impact CSV: one row per effect, fields with commas quoted") {
  World w(kAll);
  std::string text = render_list_impact(w, Format::kCsv);
  auto rows = parse_csv(text);
  REQUIRE(!rows.empty());
  CHECK(rows[0] == std::vector<std::string>{"firm", "country", "effect", "item", "need", "option",
                                            "supplier", "share", "action_scenario", "action_index",
                                            "action_kind", "action_by", "reason"});
  for (const auto& row : rows) CHECK(row.size() == 13);
  CHECK(text.find("\"memory, flash\"") != std::string::npos);
  std::multiset<std::string> effects;
  for (size_t r = 1; r < rows.size(); ++r) effects.insert(rows[r][2]);
  CHECK(effects.count("cut") == 3);  // eda -> kirin, snapdragon and us-dram -> mate
  CHECK(effects.count("lost") == 3);
  CHECK(effects.count("degraded") == 0);
  bool saw_cut = false;
  for (const auto& row : rows) {
    if (row[2] != "cut" || row[5] != "us-dram") continue;
    saw_cut = true;
    CHECK(row[0] == "huawei");
    CHECK(row[4] == "memory, flash");
    CHECK(std::vector<std::string>(row.begin() + 8, row.begin() + 12) ==
          std::vector<std::string>{"list", "1", "entity_list", "US"});
    CHECK(row[12] == "origin US");
  }
  CHECK(saw_cut);
}

TEST_CASE("impact CSV of a big answer: every vendor's rows, in the vendors' order") {
  // From 4,096 rows the table is written in two halves on two threads
  // (report.cpp); the rows must still come vendor by vendor, in order,
  // each vendor's cuts, then lost items, then degraded needs, none twice.
  GenerateOptions options;
  options.items = 40'000;
  options.seed = 3;
  World w(generate_model(options));
  w.evaluate("embargo-cn-chips");
  Impact impact = compute_impact(*w.graph, w.cuts, *w.state);
  std::vector<std::vector<std::string>> expected;
  for (const VendorImpact& v : impact.vendors) {
    const std::string firm = w.model.firms[v.firm].id;
    for (uint32_t c : v.cuts)
      expected.push_back({firm, "cut", w.model.items[w.model.consumer_of(w.cuts.cuts[c].option)].id});
    for (ItemIndex i : v.lost) expected.push_back({firm, "lost", w.model.items[i].id});
    for (const DegradedNeed& d : v.degraded)
      expected.push_back({firm, "degraded", w.model.items[d.item].id});
  }
  REQUIRE(expected.size() >= 4096);  // the two-thread path
  auto rows = parse_csv(render_impact(*w.graph, w.model.find_scenario("embargo-cn-chips"), w.cuts, *w.state,
                                      impact, Format::kCsv));
  REQUIRE(rows.size() == expected.size() + 1);
  for (size_t r = 0; r < expected.size(); ++r) {
    CAPTURE(r);
    CHECK(std::vector<std::string>{rows[r + 1][0], rows[r + 1][2], rows[r + 1][3]} == expected[r]);
  }
}

TEST_CASE("explain table and CSV render the same tree") {
  World w(kAll);
  w.evaluate("list");
  Explanation why = explain_item(*w.graph, w.cuts, *w.state, w.item("mate"));
  CHECK(render_explanation(w.model, w.cuts, why, Format::kTable) ==
        "mate (华为技术有限公司, CN) is lost\n"
        "  need 'soc' has no live current option\n"
        "    kirin (HiSilicon, Ltd., CN): the supplied item is lost\n"
        "      kirin (HiSilicon, Ltd., CN) is lost\n"
        "        need 'design' has no live current option\n"
        "          eda (Qualcomm, US): edge cut by scenario 'list' action 1 (entity_list by US); "
        "origin US\n");
  auto rows = parse_csv(render_explanation(w.model, w.cuts, why, Format::kCsv));
  REQUIRE(rows.size() == 7);
  CHECK(rows[0] == std::vector<std::string>{"depth", "kind", "item", "need", "option", "detail"});
  CHECK(rows[1][0] == "0");
  CHECK(rows[1][1] == "item_lost");
  CHECK(rows[6][0] == "5");
  CHECK(rows[6][1] == "option_cut");
  CHECK(rows[6][4] == "eda");
}

TEST_CASE("check table lists the scenarios") {
  World w(kAll);
  std::string text = render_check(w.model, *w.graph, Format::kTable);
  CHECK(text ==
        "t.yaml: ok — 报告 test\n"
        "  5 firms, 8 items, 4 needs, 6 options (1 alternatives), 1 sources\n"
        "\n"
        "scenario  date        actions  name\n"
        "--------  ----------  -------  ----------------\n"
        "list      2019-05-16  3        实体清单 listing\n");
  auto rows = parse_csv(render_check(w.model, *w.graph, Format::kCsv));
  CHECK(rows[0] == std::vector<std::string>{"what", "count"});
  CHECK(rows.size() == 9);
}

TEST_CASE("parse_format knows the three formats") {
  CHECK(parse_format("table") == Format::kTable);
  CHECK(parse_format("json") == Format::kJson);
  CHECK(parse_format("csv") == Format::kCsv);
  CHECK(!parse_format("xml"));
}

}  // namespace
}  // namespace decouple
