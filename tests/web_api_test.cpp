#include "decouple/web_api.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "decouple/graphviz.h"
#include "decouple/mini_model.h"
#include "decouple/model_fixture.h"

using namespace decouple;
using decouple::testing::World;
using decouple::testing::kMini;
using nlohmann::json;

namespace {

HttpResponse get(const WebApi& api, std::string_view path, QueryParams params = {}) {
  return api.handle("GET", path, params);
}

// A JSON error with the expected status whose message contains `words`.
void check_error(const HttpResponse& r, int status, std::string_view words) {
  CHECK(r.status == status);
  CHECK(r.content_type == "application/json");
  json body = json::parse(r.body, nullptr, false);
  REQUIRE_MESSAGE(!body.is_discarded(), r.body);
  CHECK(body["status"] == status);
  CHECK_MESSAGE(body["error"].get<std::string>().find(words) != std::string::npos, body["error"]);
}

bool lost_by(const json& impact, std::string_view firm, std::string_view item) {
  for (const json& v : impact["vendors"])
    if (v["firm"] == firm)
      for (const json& i : v["lost"])
        if (i == item) return true;
  return false;
}

}  // namespace

TEST_CASE("the page and its assets are served from the binary, with a strict content policy") {
  World f(kMini);
  WebApi api(*f.graph);
  HttpResponse page = get(api, "/");
  CHECK(page.status == 200);
  CHECK(page.content_type.starts_with("text/html"));
  CHECK(page.body.find("<script src=\"/app.js\"") != std::string::npos);
  CHECK(page.body.find("http://") == std::string::npos);
  CHECK(page.body.find("https://") == std::string::npos);
  bool policy = false;
  for (const auto& [name, value] : page.headers)
    policy = policy || (name == "Content-Security-Policy" && value.find("default-src 'none'") != std::string::npos);
  CHECK(policy);
  CHECK(get(api, "/app.js").content_type.starts_with("text/javascript"));
  CHECK(get(api, "/app.css").content_type.starts_with("text/css"));
  // The script never turns model text into markup.
  CHECK(std::string(web_page_js()).find("innerHTML") == std::string::npos);
}

TEST_CASE("/api/model lists firms, items and scenarios") {
  World f(kMini);
  WebApi api(*f.graph);
  json model = json::parse(get(api, "/api/model").body);
  CHECK(model["model"] == "Mini phone");
  CHECK(model["firms"].size() == 6);
  CHECK(model["firms"][0]["id"] == "phoneco");
  CHECK(model["items"].size() == 6);
  CHECK(model["scenarios"][1]["id"] == "lic");
}

TEST_CASE("/api/impact evaluates a scenario, a blacklist, or both") {
  World f(kMini);
  WebApi api(*f.graph);
  json listed = json::parse(get(api, "/api/impact", {{"scenario", "list"}}).body);
  CHECK(lost_by(listed, "phoneco", "phone"));
  CHECK(listed["summary"]["items_lost"] == 2);

  json banned = json::parse(get(api, "/api/impact", {{"ban", "fab"}}).body);
  CHECK(lost_by(banned, "chipco", "chip-a"));
  CHECK_FALSE(lost_by(banned, "phoneco", "phone"));  // chip-b still supplies 30%

  json both = json::parse(get(api, "/api/impact", {{"ban", "qcom,fab"}, {"scenario", "lic"}}).body);
  CHECK(lost_by(both, "phoneco", "phone"));
  CHECK(both["scenario"]["id"] == "lic");

  json nothing = json::parse(get(api, "/api/impact").body);
  CHECK(nothing["vendors"].empty());
}

TEST_CASE("/api/impact takes the date to evaluate at, and checks it") {
  World f(kMini);
  WebApi api(*f.graph);
  // The mini model has no dates: the answer is the same, and says when.
  json dated = json::parse(get(api, "/api/impact", {{"scenario", "list"}, {"at", "2020-05-15"}}).body);
  CHECK(dated["at"] == "2020-05-15");
  CHECK(dated["not_yet"].empty());
  CHECK(dated["summary"]["items_lost"] == 2);
  json undated = json::parse(get(api, "/api/impact", {{"scenario", "list"}}).body);
  CHECK_FALSE(undated.contains("at"));
  check_error(get(api, "/api/impact", {{"scenario", "list"}, {"at", "2020-02-30"}}), 400,
              "parameter 'at' must be a date YYYY-MM-DD");
  check_error(get(api, "/api/explain", {{"item", "phone"}, {"known_at", "soon"}}), 400,
              "parameter 'known_at' must be a date");
}

TEST_CASE("/api/explain gives the reason chain of one item") {
  World f(kMini);
  WebApi api(*f.graph);
  json why = json::parse(get(api, "/api/explain", {{"ban", "fab"}, {"item", "chip-a"}}).body);
  CHECK(why["lost"] == true);
  const json& root = why["reasons"][why["root"].get<size_t>()];
  CHECK(root["kind"] == "item_lost");
  CHECK(why["reasons"][root["because"][0].get<size_t>()]["need"] == "foundry");
  json live = json::parse(get(api, "/api/explain", {{"scenario", "lic"}, {"item", "phone"}}).body);
  CHECK(live["lost"] == false);
  CHECK(live["reasons"][live["root"].get<size_t>()]["kind"] == "item_live");
}

TEST_CASE("/api/alternatives gives the recovery plans as a graph, partial plans included") {
  World f(kMini);
  WebApi api(*f.graph);
  HttpResponse r = get(api, "/api/alternatives", {{"ban", "fab"}, {"item", "chip-a"}, {"objective", "cost"}});
  CHECK(r.status == 200);
  json plans = json::parse(r.body);
  CHECK(plans["format"] == 2);
  CHECK(plans["objective"] == "cost,time,capability");
  CHECK(plans["vendors"][0]["items"][0]["item"] == "chip-a");
  CHECK(plans["nodes"].is_array());
  CHECK(plans["edges"].is_array());
  json all = json::parse(get(api, "/api/alternatives", {{"ban", "fab"}}).body);
  CHECK(all["summary"]["items_lost"].get<int>() >= 1);
  check_error(get(api, "/api/alternatives", {{"objective", "speed"}}), 400, "'speed' is not an objective");
  check_error(get(api, "/api/alternatives", {{"item", "nowhere"}}), 404, "no item 'nowhere'");
}

TEST_CASE("/api/picture draws the evaluated scenario") {
  World f(kMini);
  WebApi api(*f.graph);
  HttpResponse dot = get(api, "/api/picture", {{"scenario", "list"}, {"format", "dot"}});
  CHECK(dot.status == 200);
  CHECK(dot.body.starts_with("digraph"));
  CHECK(dot.body.find("cut (3 by entity list US)") != std::string::npos);
  HttpResponse focused = get(api, "/api/picture", {{"focus", "chip-a"}, {"depth", "0"}, {"format", "dot"}});
  CHECK(focused.body.find("\"phone\" [") == std::string::npos);
  HttpResponse svg = get(api, "/api/picture", {{"scenario", "list"}});
  if (graphviz_available()) {
    CHECK(svg.status == 200);
    CHECK(svg.content_type == "image/svg+xml");
    CHECK(svg.body.find("<svg") != std::string::npos);
    // The same request again comes from the cache, byte for byte.
    CHECK(get(api, "/api/picture", {{"scenario", "list"}}).body == svg.body);
  } else {
    check_error(svg, 503, "graphviz");
  }
}

TEST_CASE("malformed requests get a 4xx and a JSON error") {
  World f(kMini);
  WebApi api(*f.graph);
  check_error(get(api, "/api/impact", {{"senario", "list"}}), 400, "unknown parameter 'senario'");
  check_error(get(api, "/api/impact", {{"scenario", "list"}, {"scenario", "lic"}}), 400, "given twice");
  check_error(get(api, "/api/impact", {{"scenario", "lst"}}), 404, "no scenario 'lst' (did you mean 'list'?)");
  check_error(get(api, "/api/impact", {{"ban", "fab,"}}), 400, "empty firm id");
  check_error(get(api, "/api/impact", {{"ban", "fabb"}}), 404, "no firm 'fabb' (did you mean 'fab'?)");
  check_error(get(api, "/api/impact", {{"ban", std::string(WebApi::kMaxValue + 1, 'a')}}), 400, "longer than");
  check_error(get(api, "/api/explain", {{"scenario", "list"}}), 400, "'item' is required");
  check_error(get(api, "/api/explain", {{"item", "chip-c"}}), 404, "no item 'chip-c'");
  check_error(get(api, "/api/picture", {{"depth", "-1"}}), 400, "'depth'");
  check_error(get(api, "/api/picture", {{"depth", "2x"}}), 400, "'depth'");
  check_error(get(api, "/api/picture", {{"depth", "11"}}), 400, "'depth'");
  check_error(get(api, "/api/picture", {{"format", "png"}}), 400, "svg or dot");
  check_error(get(api, "/api/picture", {{"focus", "nowhere"}}), 404, "no item or firm 'nowhere'");
  check_error(get(api, "/api/model", {{"x", "1"}}), 400, "takes: none");
  check_error(get(api, "/api/nothing"), 404, "no such page");
  // A path never names a file: traversal is just an unknown page.
  check_error(get(api, "/../../etc/passwd"), 404, "no such page");
  check_error(get(api, "/api/model/../../etc/passwd"), 404, "no such page");
  HttpResponse post = api.handle("POST", "/api/impact", {});
  check_error(post, 405, "not allowed");
  CHECK(post.headers.back() == std::pair<std::string, std::string>{"Allow", "GET, HEAD"});
  // An overlong parameter name is echoed only in part.
  HttpResponse long_name = get(api, "/api/impact", {{std::string(500, 'n'), "1"}});
  check_error(long_name, 400, "unknown parameter");
  CHECK(long_name.body.size() < 300);
}

TEST_CASE("a loopback server answers only to loopback host names") {
  auto allowed = [](std::string_view host) { return host_allowed(host, true, "127.0.0.1", 8080); };
  CHECK(allowed("127.0.0.1:8080"));
  CHECK(allowed("127.0.0.1"));
  CHECK(allowed("localhost:8080"));
  CHECK(allowed("localhost"));
  CHECK(allowed("[::1]:8080"));
  CHECK(allowed("[::1]"));
  CHECK(host_allowed("127.0.0.2:8080", true, "127.0.0.2", 8080));  // the bound address itself
  CHECK_FALSE(allowed("127.0.0.2"));
  // Issue 15: prefixes and foreign names are refused.
  CHECK_FALSE(allowed("127.0.0.1.rebind.example"));
  CHECK_FALSE(allowed("127.attacker.example:8080"));
  CHECK_FALSE(allowed("127.0.0.1:8081"));
  CHECK_FALSE(allowed("127.0.0.1:"));
  CHECK_FALSE(allowed("localhost:8080:8080"));
  CHECK_FALSE(allowed("evil.example:8080"));
  CHECK_FALSE(allowed("localhost.evil.example"));
  CHECK_FALSE(allowed("LOCALHOST.evil"));
  CHECK_FALSE(allowed("[::1"));
  CHECK_FALSE(allowed("[::1]x"));
  CHECK_FALSE(allowed(""));
  CHECK(host_allowed("classroom.example:8080", false, "0.0.0.0", 8080));
  CHECK(is_loopback_host("127.0.0.2"));
  CHECK_FALSE(is_loopback_host("127.attacker.example"));
  CHECK_FALSE(is_loopback_host("127.0.0.1.rebind.example"));
  CHECK_FALSE(is_loopback_host("127.0.0.256"));
  CHECK(is_loopback_host("127.0.0.1"));
  CHECK(is_loopback_host("::1"));
  CHECK_FALSE(is_loopback_host("0.0.0.0"));
}

TEST_CASE("classroom additions: why and firms pictures, sentences, applied actions, trajectory") {
  World f(kMini);
  WebApi api(*f.graph);
  json model = json::parse(get(api, "/api/model").body);
  CHECK(model["firms"][0].contains("aliases"));
  for (const json& s : model["scenarios"])
    if (s["id"] == "lic") {
      CHECK(s["actions"] == 1);
      CHECK(s["applied"] == 2);  // its own licence and the listing of `list` it extends
      CHECK(s["extends"] == json::array({"list"}));
    }
  CHECK(model["countries"]["US"]["name"] == "the US");

  HttpResponse why = get(api, "/api/picture", {{"scenario", "list"}, {"view", "why"}, {"focus", "phone"}, {"format", "dot"}});
  CHECK(why.status == 200);
  CHECK(why.body.find("class=\"lost focus\"") != std::string::npos);
  HttpResponse firms = get(api, "/api/picture", {{"scenario", "list"}, {"view", "firms"}, {"format", "dot"}});
  CHECK(firms.body.find("2 US suppliers") != std::string::npos);
  check_error(get(api, "/api/picture", {{"view", "why"}}), 400, "focus=ITEM");
  check_error(get(api, "/api/picture", {{"view", "why"}, {"focus", "phoneco"}}), 400, "an item id");
  check_error(get(api, "/api/picture", {{"view", "sideways"}}), 400, "changes, whole, why or firms");

  json explained = json::parse(get(api, "/api/explain", {{"scenario", "lic"}, {"item", "phone"}}).body);
  REQUIRE(explained["sentences"].size() >= 2);
  CHECK(explained["sentences"][0]["text"] == "Phone \"Co\" <1> still makes the phone.");
  bool critical_flag = false;
  for (const json& r : explained["reasons"])
    if (r["kind"] == "need_dead" && r["need"] == "fancy") critical_flag = r["critical"] == false;
  CHECK(critical_flag);

  json impact = json::parse(get(api, "/api/impact", {{"ban", "fab"}}).body);
  CHECK(impact["summary"]["edges_cut"] == 0);
  CHECK(impact["summary"]["links_from_banned"] == 1);  // n7 -> chip-a

  HttpResponse chart = get(api, "/api/trajectory");
  CHECK(chart.status == 200);
  CHECK(chart.content_type == "image/svg+xml");
  check_error(get(api, "/api/trajectory", {{"item", "nowhere"}}), 404, "no item 'nowhere'");
}
