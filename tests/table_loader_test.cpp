#include <doctest/doctest.h>

#include "decouple/generate.h"
#include "decouple/loader.h"
#include "decouple/model_compare.h"
#include "decouple/model_writer.h"
#include "decouple/temp_dir.h"

using namespace decouple;
using testing::TempDir;

namespace {

const std::string kRich = std::string(DECOUPLE_SOURCE_DIR) + "/tests/data/rich.yaml";

Model must_load(const std::string& path) {
  Result<Model> r = load_model(path);
  if (!r.ok()) FAIL(r.errors()[0].str());
  return std::move(r).value();
}

// Errors of loading `yaml` (a header naming tables) with the given tables.
std::vector<std::string> errors_of(const TempDir& dir, const std::string& firms,
                                   const std::string& items, const std::string& needs,
                                   const std::string& options, const std::string& extra = "") {
  dir.write("firms.csv", firms);
  dir.write("items.csv", items);
  dir.write("needs.csv", needs);
  dir.write("options.csv", options);
  std::string yaml = dir.write("m.yaml", "decouple: 1\nname: t\n" + extra +
                                             "tables: {firms: firms.csv, items: items.csv, "
                                             "needs: needs.csv, options: options.csv}\n");
  Result<Model> r = load_model(yaml);
  std::vector<std::string> out;
  for (const Diagnostic& d : r.errors()) {
    std::string s = d.str();
    out.push_back(s.substr(s.find_last_of('/') + 1));
  }
  return out;
}

const std::string kFirms = "id,country\nacme,US\nbeta,CN\n";
const std::string kItems = "id,maker,kind\nwidget,acme,chip\ngadget,beta,product\n";
const std::string kNeeds = "item,need\ngadget,soc\n";
const std::string kOptions = "item,need,option\ngadget,soc,widget\n";

}  // namespace

TEST_CASE("tables: every field survives YAML -> CSV -> load") {
  TempDir dir;
  Model rich = must_load(kRich);
  std::vector<std::string> files = save_model(rich, dir / "rich.yaml", ModelFileFormat::kCsv);
  CHECK(files.size() == 5);
  Model from_tables = must_load(dir / "rich.yaml");
  CHECK(model_difference(rich, from_tables) == "");
  // And back to one YAML file.
  save_model(from_tables, dir / "again.yaml", ModelFileFormat::kYaml);
  CHECK(model_difference(rich, must_load(dir / "again.yaml")) == "");
}

TEST_CASE("tables: generated models round-trip through YAML and CSV, both ways") {
  TempDir dir;
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    CAPTURE(seed);
    GenerateOptions options;
    options.items = 300 + 97 * static_cast<uint32_t>(seed);
    options.seed = seed;
    Model model = generate_model(options);
    save_model(model, dir / "g.yaml", ModelFileFormat::kBoth);
    Model yaml = must_load(dir / "g.yaml");
    Model csv = must_load(dir / "g.tables.yaml");
    CHECK(model_difference(model, yaml) == "");
    CHECK(model_difference(model, csv) == "");
    CHECK(model_difference(yaml, csv) == "");
  }
}

TEST_CASE("tables: rows may come in any order; needs.csv is optional") {
  TempDir dir;
  dir.write("firms.csv", "id,country\na,US\nb,CN\n");
  dir.write("items.csv", "id,maker,kind\nx,a,chip\ny,a,chip\nz,b,product\nw,b,product\n");
  // Options interleave items and needs; `w` has no needs.csv row at all.
  dir.write("needs.csv", "item,need,critical\nz,second,false\nz,first,\n");
  dir.write("options.csv",
            "item,need,option,status\nw,only,x,\nz,first,x,\nz,second,y,\nz,first,y,alternative\n"
            "w,only,y,\n");
  std::string yaml =
      dir.write("m.yaml",
                "decouple: 1\nname: t\ntables: {firms: firms.csv, items: items.csv, needs: "
                "needs.csv, options: options.csv}\n");
  Model m = must_load(yaml);
  ItemIndex z = m.find_item("z"), w = m.find_item("w");
  REQUIRE(m.items[z].need_count == 2);
  // needs.csv order first, then needs first named in options.csv.
  const Need& second = m.needs[m.items[z].first_need];
  const Need& first = m.needs[m.items[z].first_need + 1];
  CHECK(second.name == "second");
  CHECK_FALSE(second.critical);
  CHECK(first.name == "first");
  REQUIRE(first.option_count == 2);
  CHECK(m.items[m.options[first.first_option].item].id == "x");
  CHECK(m.options[first.first_option + 1].status == OptionStatus::kAlternative);
  REQUIRE(m.items[w].need_count == 1);
  CHECK(m.needs[m.items[w].first_need].option_count == 2);
  for (ItemIndex i = 0; i < m.items.size(); ++i)
    for (NeedIndex n = m.items[i].first_need; n < m.items[i].first_need + m.items[i].need_count; ++n) {
      CHECK(m.needs[n].item == i);
      for (OptionIndex o = m.needs[n].first_option; o < m.needs[n].first_option + m.needs[n].option_count; ++o)
        CHECK(m.options[o].need == n);
    }
  // Items without needs sit where their needs would start.
  CHECK(m.items[m.find_item("x")].first_need == 0);
}

TEST_CASE("tables: scenarios in the YAML name ids from the tables") {
  TempDir dir;
  auto errors = errors_of(dir, kFirms, kItems, kNeeds, kOptions,
                          "scenarios:\n  - id: s\n    actions:\n      - ban: [acme, betta]\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "m.yaml:6:21: error: unknown firm 'betta' in 'ban' in scenario 's' (did you "
                     "mean 'beta'?)");
  CHECK(errors_of(dir, kFirms, kItems, kNeeds, kOptions,
                  "scenarios:\n  - id: s\n    actions:\n      - ban: [acme]\n")
            .empty());
}

TEST_CASE("tables: errors name file, line and column") {
  TempDir dir;
  struct Case {
    const char* what;
    std::string firms, items, needs, options;
    std::vector<std::string> errors;
  } cases[] = {
      {"unknown column", "id,contry\nacme,US\n", kItems, kNeeds, kOptions,
       {"firms.csv:1:4: error: unknown column 'contry' (columns: id, name, country, aliases, tags, "
        "probability, source); did you mean 'country'?",
        "firms.csv:1:1: error: the header lacks the column 'country'"}},
      {"a table that cannot be read is one error, not one per reference to it", kFirms,
       "ident,maker,kind\nwidget,acme,chip\ngadget,beta,product\n", kNeeds, kOptions,
       {"items.csv:1:1: error: unknown column 'ident' (columns: id, name, maker, kind, origin, "
        "value, attributes, source, introduced, discontinued)",
        "items.csv:1:1: error: the header lacks the column 'id'"}},
      {"a misspelled optional column is one error, the rows still load",
       "id,country,probabilty\nacme,US,0.5\nbeta,CN,\n", kItems, kNeeds, kOptions,
       {"firms.csv:1:12: error: unknown column 'probabilty' (columns: id, name, country, aliases, "
        "tags, probability, source); did you mean 'probability'?"}},
      {"bad values", "id,country,probability\nacme,US,1.5\nbeta,XX,\nAcme,US,\nacme,CN,\n", kItems,
       kNeeds, kOptions,
       {"firms.csv:2:9: error: 'probability' is 1.5 but must be between 0 and 1",
        "firms.csv:3:6: error: 'country': unknown country code 'XX' (use ISO 3166-1 alpha-2, e.g. "
        "CN, US)",
        "firms.csv:4:1: error: invalid id 'Acme': ids are lowercase letters, digits, '.', '_' and "
        "'-', starting with a letter or digit",
        "firms.csv:5:1: error: duplicate id 'acme' (first defined at line 2)"}},
      {"references", kFirms, "id,maker,kind\nwidget,acmee,chip\ngadget,beta,gizmo\nacme,beta,chip\n",
       kNeeds, "item,need,option\ngadget,soc,widgett\ngadget,soc,gadget\n",
       {"items.csv:2:8: error: unknown firm 'acmee' in 'maker' (did you mean 'acme'?)",
        "items.csv:3:13: error: unknown kind 'gizmo' (one of chip, software, tool, material, "
        "component, product, service, ip)",
        "items.csv:4:1: error: duplicate id 'acme' (a firm in line 2 of the firms table)",
        "options.csv:2:12: error: unknown item 'widgett' in 'option' (did you mean 'widget'?)",
        "options.csv:3:12: error: the option names the item itself ('gadget')"}},
      {"needs and shares", kFirms, kItems,
       "item,need,share\ngadget,soc,0.7\ngadget,soc,\ngadget,io,0.6\n",
       "item,need,option,share\ngadget,soc,widget,0.8\ngadget,soc,widget,0.5\n",
       {"needs.csv:3:8: error: duplicate need 'soc' in item 'gadget' (first at line 2)",
        "needs.csv:2:1: error: the option shares of need 'soc' of item 'gadget' sum to 1.3, more "
        "than 1",
        "needs.csv:4:1: error: need 'io' of item 'gadget' has no options: a need must list at "
        "least one",
        "items.csv:3:1: error: the content needs of item 'gadget' have shares summing to 1.3, "
        "more than 1"}},
      {"a critical need with only alternatives (the YAML form's check, model_check.h)", kFirms,
       kItems, "item,need,critical\ngadget,soc,\ngadget,io,false\n",
       "item,need,option,status\ngadget,soc,widget,alternative\ngadget,io,widget,alternative\n",
       {"needs.csv:2:1: error: need 'soc' of item 'gadget' is critical but all its options are "
        "alternatives: nothing supplies it today (make one current, or the need 'critical: "
        "false')"}},
      {"csv syntax", kFirms, "id,maker,kind\nwidget,acme,chip,extra\ngadget,\"beta,product\n",
       kNeeds, kOptions,
       {"items.csv:2:1: error: the row has 4 fields but the header has 3",
        "items.csv:3:8: error: unterminated quoted field",
        "needs.csv:2:1: error: unknown item 'gadget' in 'item'",
        "options.csv:2:1: error: unknown item 'gadget' in 'item'",
        "options.csv:2:12: error: unknown item 'widget' in 'option'"}},
      {"numbers", kFirms, "id,maker,kind,value\nwidget,acme,chip,-1\ngadget,beta,product,12x\n",
       kNeeds, "item,need,option,lead_time,as_of\ngadget,soc,widget,9999,2019-13-01\n",
       {"items.csv:2:18: error: 'value' is -1 but must be at least 0",
        "items.csv:3:21: error: 'value' must be a number, not '12x'",
        "options.csv:2:19: error: 'lead_time' is 9999 but must be between 0 and 1200",
        "options.csv:2:24: error: 'as_of' must be a date YYYY-MM-DD, not '2019-13-01'"}},
      {"time", kFirms,
       "id,maker,kind,introduced,discontinued\nwidget,acme,chip,2020-01-01,2020-01-01\n"
       "gadget,beta,product,2019-02-29,\n",
       "item,need,stock\ngadget,soc,-2\n",
       "item,need,option,from,until,stock\ngadget,soc,widget,2020-05-01,2020-04-30,1300\n",
       {"items.csv:2:29: error: 'discontinued' (2020-01-01) is not after 'introduced' (2020-01-01)",
        "items.csv:3:21: error: 'introduced' must be a date YYYY-MM-DD, not '2019-02-29'",
        "needs.csv:2:12: error: 'stock' is -2 but must be between 0 and 1200",
        "options.csv:2:41: error: 'stock' is 1300 but must be between 0 and 1200",
        "options.csv:2:30: error: 'until' (2020-04-30) is before 'from' (2020-05-01)"}},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.what));
    std::vector<std::string> got = errors_of(dir, c.firms, c.items, c.needs, c.options);
    CHECK(got.size() == c.errors.size());
    for (size_t k = 0; k < got.size() && k < c.errors.size(); ++k) CHECK(got[k] == c.errors[k]);
  }
}

TEST_CASE("tables: a missing table and firms listed twice are errors in the YAML") {
  TempDir dir;
  dir.write("firms.csv", kFirms);
  std::string yaml = dir.write(
      "m.yaml", "decouple: 1\nname: t\nfirms: []\ntables:\n  firms: firms.csv\n  items: nope.csv\n  rows: x.csv\n");
  Result<Model> r = load_model(yaml);
  REQUIRE(r.errors().size() == 3);
  CHECK(r.errors()[0].message ==
        "firms and items come from the tables when 'tables' is given: move them into the CSV files");
  CHECK(r.errors()[0].line == 3);
  CHECK(r.errors()[2].message == "unknown field 'rows' in 'tables'");
  CHECK(r.errors()[1].line == 6);
  CHECK(r.errors()[1].column == 10);
  CHECK(r.errors()[1].message.find("cannot open table '" + (dir / "nope.csv") +
                                   "': No such file or directory") == 0);
}
