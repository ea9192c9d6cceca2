// The classroom web page's HTTP API, without the sockets.
//
// WebApi answers one request (method, path, decoded query parameters) with
// a status, a content type, headers and a body. `decouple serve` puts it
// behind cpp-httplib; tests call handle() directly. Routes:
//
//   GET /                 the page (HTML), /app.js and /app.css its assets
//   GET /api/model        the model: firms, items, scenarios
//   GET /api/impact       ?scenario=ID&ban=FIRM,FIRM   impact_json (report.h)
//   GET /api/explain      ?scenario=ID&ban=...&item=ID the item's reason chain
//   GET /api/alternatives ?scenario&ban&item=ID&objective=time,cost,...  recovery_json
//                         (alternatives_report.h): plans, partial plans, blockages
//   GET /api/picture      ?scenario&ban&focus=ID&depth=N&format=svg|dot&view=changes|whole|why|firms
//                         (why: the causal chain behind item `focus`; firms:
//                         what changed, by firm and country; why_picture.h)
//   GET /api/trajectory   ?item=ID|firm=ID   the trajectory chart (SVG, trajectory_report.h)
//   GET /api/exercises    the model's exercises and their choices, no answers
//   GET /api/exercise     ?id=ID&answer=TEXT  a student's answer judged
//                         ?id=ID&teacher=1    the teacher's answer (exercise_report.h)
//
// Every error is JSON {"error": message, "status": code}: 400 for a
// malformed request (unknown or repeated parameter, bad number, over-long
// value, a name or value that is not UTF-8), 404 for an unknown path or id (with a did-you-mean), 405 for a
// method other than GET/HEAD, 503 when Graphviz is missing. No request
// names a file: the only data served is the model given at construction
// and the page compiled into the binary.
//
// Thread safety: handle() may be called from many threads at once; the
// model is read-only and the picture cache has its own lock. Cost: one
// evaluation per request (linear in what the actions touch), plus a dot
// layout for pictures, cached by request.
#ifndef DECOUPLE_WEB_API_H_
#define DECOUPLE_WEB_API_H_

#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "decouple/graph.h"
#include "decouple/trajectory.h"

namespace decouple {

struct HttpResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Query parameters as decoded by the HTTP layer, in request order.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

class WebApi {
 public:
  // `graph` (and its model) must outlive the WebApi.
  explicit WebApi(const SupplyGraph& graph);

  HttpResponse handle(std::string_view method, std::string_view path, const QueryParams& params) const;

  // Longest parameter value accepted, bytes.
  static constexpr size_t kMaxValue = 4096;
  // Pictures remembered, by request.
  static constexpr size_t kPictureCache = 32;

 private:
  HttpResponse picture(const QueryParams& params) const;
  HttpResponse alternatives(const QueryParams& params) const;
  HttpResponse trajectory(const QueryParams& params) const;
  HttpResponse exercises(std::string_view path, const QueryParams& params) const;

  const SupplyGraph& graph_;
  std::string model_json_;  // /api/model never changes: rendered once
  mutable std::mutex cache_lock_;
  mutable std::list<std::pair<std::string, HttpResponse>> cache_;  // most recent first
  mutable std::once_flag trajectory_once_;
  mutable std::unique_ptr<Trajectory> trajectory_;  // built on the first /api/trajectory
};

// A JSON error response: {"error": message, "status": status}.
HttpResponse json_error(int status, std::string_view message);

// Whether a request's Host header may be served. A server bound to
// loopback answers only the exact names 127.0.0.1, localhost, [::1] and
// the address it is bound to (`bound_host`, a --host value), each either
// alone or followed by the served `port`; nothing else, so a web page
// elsewhere cannot reach it through DNS rebinding. A server bound
// elsewhere on purpose accepts any host.
bool host_allowed(std::string_view host_header, bool loopback_only, std::string_view bound_host, int port);

// Whether `host` (a --host value) is a loopback address: localhost, ::1 or
// a dotted quad in 127.0.0.0/8.
bool is_loopback_host(std::string_view host);

// The page and its assets, compiled in (web_page.cpp).
std::string_view web_page_html();
std::string_view web_page_js();
std::string_view web_page_css();

}  // namespace decouple

#endif  // DECOUPLE_WEB_API_H_
