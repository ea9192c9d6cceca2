#include "decouple/web_api.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "decouple/date.h"
#include "decouple/alternatives_report.h"
#include "decouple/diagnostic.h"
#include "decouple/dot_export.h"
#include "decouple/evaluation.h"
#include "decouple/exercise.h"
#include "decouple/exercise_report.h"
#include "decouple/explain.h"
#include "decouple/graphviz.h"
#include "decouple/input_guard.h"
#include "decouple/plain_words.h"
#include "decouple/report.h"
#include "decouple/timeline.h"
#include "decouple/trajectory.h"
#include "decouple/trajectory_report.h"
#include "decouple/why_picture.h"

namespace decouple {
namespace {

using nlohmann::json;

// Items listed in /api/model; past this the page works from firms alone.
constexpr size_t kListedItems = 5000;
// Deepest --focus neighbourhood a request may ask for.
constexpr uint32_t kMaxDepth = 10;
// A picture taking longer than this is refused rather than waited for.
constexpr unsigned kLayoutSeconds = 20;

HttpResponse respond(int status, std::string content_type, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  r.headers = {{"X-Content-Type-Options", "nosniff"}, {"Cache-Control", "no-store"}};
  return r;
}

HttpResponse json_ok(const json& body) { return respond(200, "application/json", body.dump() + "\n"); }

template <typename Named>
std::string did_you_mean(std::string_view id, const Named& named) {
  std::vector<std::string_view> candidates;
  for (const auto& n : named) candidates.push_back(n.id);
  std::string hint = closest_match(id, candidates);
  return hint.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", hint);
}

// The parameters of one request, checked against what the route accepts.
// Construction validates; `error` holds the response when something is off.
class Params {
 public:
  Params(const QueryParams& given, std::initializer_list<std::string_view> allowed) {
    for (const auto& [name, value] : given) {
      // Checked first: ids echoed in messages and JSON must be UTF-8.
      if (!is_utf8(name) || !is_utf8(value)) {
        fail(400, "a request parameter is not valid UTF-8");
        return;
      }
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        std::string names;
        for (std::string_view a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
        fail(400, fmt::format("unknown parameter '{}' (this endpoint takes: {})", shorten(name),
                              names.empty() ? "none" : names));
        return;
      }
      if (values_.count(name)) {
        fail(400, fmt::format("parameter '{}' given twice", name));
        return;
      }
      if (value.size() > WebApi::kMaxValue) {
        fail(400, fmt::format("parameter '{}' is longer than {} bytes", name, WebApi::kMaxValue));
        return;
      }
      values_[name] = value;
    }
  }
  bool ok() const { return !error_; }
  const HttpResponse& error() const { return *error_; }
  void fail(int status, std::string_view message) {
    if (!error_) error_ = json_error(status, message);
  }
  std::string get(const std::string& name) const {
    auto it = values_.find(name);
    return it == values_.end() ? std::string() : it->second;
  }
  bool has(const std::string& name) const { return values_.count(name) > 0; }

 private:
  // Names echoed in messages are cut short: a hostile name stays small.
  static std::string shorten(std::string_view text) {
    return text.size() <= 64 ? std::string(text) : std::string(text.substr(0, 64)) + "...";
  }
  std::map<std::string, std::string> values_;
  std::optional<HttpResponse> error_;
};

// `scenario` and `ban` (comma-separated firm ids) evaluated, or nullptr
// after recording the error in `params`.
std::unique_ptr<Evaluation> evaluate_request(const SupplyGraph& graph, Params& params) {
  const Model& model = graph.model();
  std::optional<ScenarioIndex> scenario;
  std::string scenario_id = params.get("scenario");
  if (!scenario_id.empty()) {
    ScenarioIndex s = model.find_scenario(scenario_id);
    if (s == kNone) {
      params.fail(404, fmt::format("no scenario '{}'{}", scenario_id, did_you_mean(scenario_id, model.scenarios)));
      return nullptr;
    }
    scenario = s;
  }
  std::vector<FirmIndex> banned;
  std::string ban = params.get("ban");
  if (!ban.empty()) {
    size_t start = 0;
    while (start <= ban.size()) {
      size_t comma = std::min(ban.find(',', start), ban.size());
      std::string id = ban.substr(start, comma - start);
      if (id.empty()) {
        params.fail(400, "parameter 'ban' has an empty firm id (write ban=a,b)");
        return nullptr;
      }
      FirmIndex f = model.find_firm(id);
      if (f == kNone) {
        params.fail(404, fmt::format("no firm '{}'{}", id, did_you_mean(id, model.firms)));
        return nullptr;
      }
      banned.push_back(f);
      start = comma + 1;
    }
  }
  // `at` and `known_at` (presence.h): the day evaluated and what was known.
  When when{params.get("at"), params.get("known_at")};
  for (const auto& [name, date] : {std::pair{"at", &when.at}, {"known_at", &when.known_at}}) {
    if (!date->empty() && !valid_date(*date)) {
      params.fail(400, fmt::format("parameter '{}' must be a date YYYY-MM-DD", name));
      return nullptr;
    }
  }
  return evaluate(graph, scenario, banned, when);
}

std::optional<uint32_t> parse_count(const std::string& text) {
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

json model_json(const SupplyGraph& graph) {
  const Model& model = graph.model();
  json firms = json::array();
  for (FirmIndex f = 0; f < model.firms.size(); ++f) {
    const Firm& firm = model.firms[f];
    firms.push_back({{"id", firm.id},
                     {"name", firm.name},
                     {"country", firm.country.str()},
                     {"aliases", firm.aliases},
                     {"items", graph.items_of(f).size()}});
  }
  json items = json::array();
  for (size_t i = 0; i < model.items.size() && i < kListedItems; ++i) {
    const Item& item = model.items[i];
    items.push_back({{"id", item.id},
                     {"name", item.name},
                     {"maker", model.firms[item.maker].id},
                     {"kind", std::string(to_string(item.kind))}});
  }
  json scenarios = scenario_list_json(model);
  // "actions" counts a scenario's own; "applied" those of its `extends`
  // chain too, which is what evaluating it applies.
  for (ScenarioIndex s = 0; s < model.scenarios.size(); ++s) {
    scenarios[s]["applied"] = resolve_scenario(model, s).size();
    json extends = json::array();
    for (ScenarioIndex e : model.scenarios[s].extends) extends.push_back(model.scenarios[e].id);
    scenarios[s]["extends"] = std::move(extends);
  }
  json timeline = json::array();
  for (ScenarioIndex s : timeline_order(model)) timeline.push_back(model.scenarios[s].id);
  json countries = json::object();
  for (const Firm& firm : model.firms)
    if (!firm.country.empty()) countries[firm.country.str()] = {{"name", country_name(firm.country)},
                                                                 {"colour", country_colour(firm.country)}};
  return json{{"format", 1},
              {"model", model.name},
              {"description", model.description},
              {"firms", std::move(firms)},
              {"items", std::move(items)},
              {"items_total", model.items.size()},
              {"scenarios", std::move(scenarios)},
              {"timeline", std::move(timeline)},
              {"countries", std::move(countries)}};
}

}  // namespace

HttpResponse json_error(int status, std::string_view message) {
  // Messages may quote what the client sent (a method, a parameter name):
  // bytes that are not UTF-8 become U+FFFD instead of making the error
  // itself fail (web_api_fuzz found a method byte 0xB8 doing that).
  return respond(status, "application/json",
                 json{{"error", message}, {"status", status}}.dump(-1, ' ', false, json::error_handler_t::replace) +
                     "\n");
}

bool is_loopback_host(std::string_view host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  // 127.0.0.0/8, written as a dotted quad: four numbers 0..255, the first 127.
  if (!host.starts_with("127.")) return false;
  int parts = 0;
  size_t start = 0;
  while (start <= host.size()) {
    size_t dot = std::min(host.find('.', start), host.size());
    std::string_view part = host.substr(start, dot - start);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || part.size() > 3 || ec != std::errc() || end != part.data() + part.size() || value > 255)
      return false;
    ++parts;
    start = dot + 1;
  }
  return parts == 4;
}

bool host_allowed(std::string_view host_header, bool loopback_only, std::string_view bound_host, int port) {
  if (!loopback_only) return true;
  // Exact names only, with no port or the served one: a prefix test would
  // let "127.0.0.1.rebind.example" through (DNS rebinding).
  std::string_view host = host_header;
  std::string_view port_text;
  if (host.starts_with("[")) {
    size_t close = host.find(']');
    if (close == std::string_view::npos) return false;
    std::string_view rest = host.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(":")) return false;
    port_text = rest.empty() ? rest : rest.substr(1);
    host = host.substr(0, close + 1);
  } else if (size_t colon = host.find(':'); colon != std::string_view::npos) {
    port_text = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  if (!port_text.empty() || host.size() != host_header.size()) {
    if (port_text != std::to_string(port)) return false;
  }
  std::string bracketed = bound_host.find(':') != std::string_view::npos ? fmt::format("[{}]", bound_host)
                                                                           : std::string(bound_host);
  return host == "127.0.0.1" || host == "localhost" || host == "[::1]" || host == bracketed;
}

WebApi::WebApi(const SupplyGraph& graph) : graph_(graph), model_json_(model_json(graph).dump() + "\n") {}

HttpResponse WebApi::handle(std::string_view method, std::string_view path, const QueryParams& params) const {
  if (method != "GET" && method != "HEAD") {
    HttpResponse r = json_error(405, fmt::format("method {} not allowed; this server only reads (GET)",
                                                 method.substr(0, 16)));
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  const Model& model = graph_.model();
  if (path == "/" || path == "/index.html") {
    Params p(params, {});
    if (!p.ok()) return p.error();
    HttpResponse r = respond(200, "text/html; charset=utf-8", std::string(web_page_html()));
    // Everything the page needs comes from this server; nothing else loads.
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
                           "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    return r;
  }
  if (path == "/app.js") return respond(200, "text/javascript; charset=utf-8", std::string(web_page_js()));
  if (path == "/app.css") return respond(200, "text/css; charset=utf-8", std::string(web_page_css()));
  if (path == "/api/model") {
    Params p(params, {});
    if (!p.ok()) return p.error();
    return respond(200, "application/json", model_json_);
  }
  if (path == "/api/impact") {
    Params p(params, {"scenario", "ban", "at", "known_at"});
    if (!p.ok()) return p.error();
    auto ev = evaluate_request(graph_, p);
    if (!ev) return p.error();
    json body = impact_json(graph_, ev->scenario, ev->cuts, ev->state, ev->impact);
    // A ban cuts no edge (its firm's items are lost at the source): the
    // page says how many supply links leave the banned firms instead.
    size_t from_banned = 0;
    for (OptionIndex o = 0; o < model.options.size(); ++o)
      from_banned += model.options[o].is_current() && ev->cuts.banned[model.supplier_of(o)] != kNone;
    body["summary"]["links_from_banned"] = from_banned;
    return json_ok(body);
  }
  if (path == "/api/explain") {
    Params p(params, {"scenario", "ban", "item", "at", "known_at"});
    if (!p.ok()) return p.error();
    std::string id = p.get("item");
    if (id.empty()) return json_error(400, "parameter 'item' is required: the item to explain");
    ItemIndex item = model.find_item(id);
    if (item == kNone) return json_error(404, fmt::format("no item '{}'{}", id, did_you_mean(id, model.items)));
    auto ev = evaluate_request(graph_, p);
    if (!ev) return p.error();
    Explanation why = explain_item(graph_, ev->cuts, ev->state, item);
    json sentences = json::array();
    for (const Sentence& s : explain_in_words(model, ev->cuts, why)) {
      json terms = json::array();
      for (const Term& t : s.terms) terms.push_back({{"word", t.word}, {"meaning", t.meaning}});
      sentences.push_back({{"kind", std::string(to_string(s.kind))},
                           {"text", s.text},
                           {"item", s.item == kNone ? json(nullptr) : json(model.items[s.item].id)},
                           {"terms", std::move(terms)}});
    }
    // The page keeps the critical flag: a dead need that is not critical
    // does not stop its item ("still made, without it"). Added here, not
    // in reasons_json, whose REASON schema the CLI's outputs share.
    json reasons = reasons_json(model, ev->cuts, why);
    for (uint32_t k = 0; k < why.reasons.size(); ++k) {
      const Reason& r = why.reasons[k];
      if (r.kind == Reason::Kind::kNeedDead || r.kind == Reason::Kind::kNeedDegraded)
        reasons[k]["critical"] = model.needs[r.need].critical;
    }
    return json_ok(json{{"format", 1},
                        {"item", id},
                        {"name", model.items[item].name},
                        {"maker", model.firms[model.items[item].maker].name},
                        {"lost", ev->state.lost(item)},
                        {"scenario", scenario_json(model, ev->scenario, ev->cuts)},
                        {"root", why.roots[0]},
                        {"reasons", std::move(reasons)},
                        {"sentences", std::move(sentences)}});
  }
  if (path == "/api/exercises" || path == "/api/exercise") return exercises(path, params);
  if (path == "/api/alternatives") return alternatives(params);
  if (path == "/api/picture") return picture(params);
  if (path == "/api/trajectory") return trajectory(params);
  return json_error(404, fmt::format("no such page; the API is /api/model, /api/impact, /api/explain, "
                                     "/api/alternatives, /api/picture, /api/trajectory, /api/exercises, /api/exercise"));
}

// The model's exercises (exercise_report.h): the list with the choices a
// form offers and no answers, one answer judged, or the teacher's answer.
HttpResponse WebApi::exercises(std::string_view path, const QueryParams& params) const {
  const Model& model = graph_.model();
  if (path == "/api/exercises") {
    Params p(params, {});
    if (!p.ok()) return p.error();
    return json_ok(exercise_list_json(graph_));
  }
  Params p(params, {"id", "answer", "teacher"});
  if (!p.ok()) return p.error();
  std::string id = p.get("id");
  if (id.empty()) return json_error(400, "parameter 'id' is required: the exercise");
  uint32_t e = find_exercise(model, id);
  if (e == kNone) return json_error(404, fmt::format("no exercise '{}'{}", id, did_you_mean(id, model.exercises)));
  const Exercise& exercise = model.exercises[e];
  if (p.has("teacher")) {
    if (p.get("teacher") != "1") return json_error(400, "parameter 'teacher' must be 1");
    if (p.has("answer")) return json_error(400, "give 'answer' or 'teacher', not both");
    return json_ok(teacher_json(model, exercise, teacher_answer(graph_, exercise)));
  }
  if (!p.has("answer"))
    return json_error(400, "parameter 'answer' is required (or teacher=1 for the teacher's answer)");
  std::string answer = p.get("answer");
  return json_ok(verdict_json(model, exercise, answer, judge(graph_, exercise, answer)));
}

// Recovery plans (alternatives_report.h's JSON), for one item or every
// lost one, with partial plans for those that cannot be fully recovered.
HttpResponse WebApi::alternatives(const QueryParams& params) const {
  const Model& model = graph_.model();
  Params p(params, {"scenario", "ban", "item", "objective"});
  if (!p.ok()) return p.error();
  std::string error;
  auto objectives = parse_objective_list(p.has("objective") ? p.get("objective") : "time", error);
  if (!objectives) return json_error(400, "parameter 'objective': " + error);
  std::vector<ItemIndex> items;
  if (std::string id = p.get("item"); !id.empty()) {
    ItemIndex item = model.find_item(id);
    if (item == kNone) return json_error(404, fmt::format("no item '{}'{}", id, did_you_mean(id, model.items)));
    items.push_back(item);
  }
  auto ev = evaluate_request(graph_, p);
  if (!ev) return p.error();
  if (!p.has("item")) {
    items.assign(ev->state.lost_items().begin(), ev->state.lost_items().end());
    std::sort(items.begin(), items.end(),
              [&](ItemIndex a, ItemIndex b) { return model.items[a].id < model.items[b].id; });
  }
  RecoveryOptions options;
  options.objective = objectives->front();
  options.then.assign(objectives->begin() + 1, objectives->end());
  if (p.has("item")) options.roots = items;
  Recovery recovery = find_recovery_plans(graph_, ev->state, options);
  return json_ok(recovery_json(graph_, ev->cuts, ev->state, recovery,
                               RecoveryRequest{ev->scenario, items, ev->blacklist}));
}

HttpResponse WebApi::picture(const QueryParams& params) const {
  const Model& model = graph_.model();
  Params p(params, {"scenario", "ban", "focus", "depth", "format", "view", "at", "known_at"});
  if (!p.ok()) return p.error();
  std::string view = p.has("view") ? p.get("view") : "changes";
  if (view != "changes" && view != "whole" && view != "why" && view != "firms")
    return json_error(400, "parameter 'view' must be changes, whole, why or firms");
  if (view == "why" && !p.has("focus")) return json_error(400, "view=why needs focus=ITEM: the item to explain");
  std::string format = p.has("format") ? p.get("format") : "svg";
  if (format != "svg" && format != "dot") return json_error(400, "parameter 'format' must be svg or dot");
  uint32_t depth = 2;
  if (p.has("depth")) {
    std::optional<uint32_t> d = parse_count(p.get("depth"));
    if (!d || *d > kMaxDepth)
      return json_error(400, fmt::format("parameter 'depth' must be a whole number from 0 to {}", kMaxDepth));
    depth = *d;
  }
  std::vector<ItemIndex> focus;
  if (std::string id = p.get("focus"); !id.empty()) {
    ItemIndex item = model.find_item(id);
    FirmIndex firm = model.find_firm(id);
    if (item != kNone) {
      focus.push_back(item);
    } else if (firm != kNone) {
      auto made = graph_.items_of(firm);
      focus.assign(made.begin(), made.end());
    } else {
      return json_error(404, fmt::format("no item or firm '{}'{}", id, did_you_mean(id, model.items)));
    }
  }
  auto ev = evaluate_request(graph_, p);
  if (!ev) return p.error();
  // The key names the evaluated request, so "ban=b,a" and "ban=a,b" share
  // it; the day evaluated and the known-at date are part of it.
  std::string key = fmt::format("{}|{}|{}|{}|{}|{}|{}|{}", ev->scenario ? *ev->scenario : kNone,
                                fmt::join(ev->blacklist, ","), fmt::join(focus, ","), depth, format,
                                view, ev->cuts.date, ev->when.known_at);
  {
    std::lock_guard<std::mutex> hold(cache_lock_);
    for (auto it = cache_.begin(); it != cache_.end(); ++it)
      if (it->first == key) {
        cache_.splice(cache_.begin(), cache_, it);
        return it->second;
      }
  }
  std::string dot;
  if (view == "why" || view == "firms") {
    if (view == "why" && (focus.size() != 1 || model.find_item(p.get("focus")) == kNone))
      return json_error(400, "view=why needs focus=ITEM, an item id (not a firm)");
    dot = view == "why" ? why_picture(graph_, *ev, focus[0]).dot : changes_picture(graph_, *ev).dot;
  } else {
  DotOptions options =
      focus.empty() ? picture_options(graph_, ev.get(), view == "whole" ? PictureView::kWhole : PictureView::kChanges)
                    : DotOptions{};
  options.evaluation = ev.get();
  if (!focus.empty()) {
    options.focus = std::move(focus);
    options.depth = depth;
  }
  dot = to_dot(graph_, options);
  }
  HttpResponse response;
  if (format == "dot") {
    response = respond(200, "text/vnd.graphviz; charset=utf-8", std::move(dot));
  } else {
    GraphvizResult svg = render_graphviz(dot, "svg", kLayoutSeconds);
    if (!svg.ok()) return json_error(svg.missing ? 503 : 500, svg.error);
    response = respond(200, "image/svg+xml", std::move(svg.output));
  }
  std::lock_guard<std::mutex> hold(cache_lock_);
  cache_.emplace_front(key, response);
  if (cache_.size() > kPictureCache) cache_.pop_back();
  return response;
}

}  // namespace decouple

namespace decouple {

// The trajectory chart of `decouple trajectory --svg`, for one item or
// firm or all; the trajectory is built once, on first use.
HttpResponse WebApi::trajectory(const QueryParams& params) const {
  const Model& model = graph_.model();
  Params p(params, {"item", "firm"});
  if (!p.ok()) return p.error();
  ItemIndex only_item = kNone;
  FirmIndex only_firm = kNone;
  if (std::string id = p.get("item"); !id.empty() && (only_item = model.find_item(id)) == kNone)
    return json_error(404, fmt::format("no item '{}'{}", id, did_you_mean(id, model.items)));
  if (std::string id = p.get("firm"); !id.empty() && (only_firm = model.find_firm(id)) == kNone)
    return json_error(404, fmt::format("no firm '{}'{}", id, did_you_mean(id, model.firms)));
  std::call_once(trajectory_once_, [&] { trajectory_ = std::make_unique<Trajectory>(build_trajectory(graph_, {})); });
  Trajectory shown = *trajectory_;
  std::erase_if(shown.items, [&](const ItemTrajectory& t) {
    return (only_item != kNone && t.item != only_item) || (only_firm != kNone && model.items[t.item].maker != only_firm);
  });
  return respond(200, "image/svg+xml", trajectory_svg(model, shown));
}

}  // namespace decouple
