// The classroom server's request handling under fuzzing, without the
// sockets: WebApi::handle on the bundled 2019-2024 model, and the Host
// check that guards against DNS rebinding.
//
// Input, one field per line: "METHOD PATH", then "name=value" query
// parameters (already decoded, as cpp-httplib hands them over; any bytes),
// and lines "Host: ..." checked against host_allowed. Oracles, beyond the
// sanitizers: every answer has a known status and a content type; every
// error is JSON {"error", "status"} with the status it was sent with; every
// JSON answer parses (which also proves it is UTF-8); no answer exceeds
// 64 MiB; and host_allowed accepts exactly the names the docs list.
// Pictures are asked for as DOT, so no `dot` process runs per input.
// Shared by fuzz/web_api_fuzz.cpp and tests/fuzz_regression_test.cpp.
#ifndef DECOUPLE_FUZZ_WEB_API_INPUT_H_
#define DECOUPLE_FUZZ_WEB_API_INPUT_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "decouple/web_api.h"

namespace decouple::fuzz {

// The names a loopback server on port 8080 bound to 127.0.0.1 answers to,
// written out independently of web_api.cpp.
inline bool expected_host(std::string_view host) {
  for (std::string_view name : {"127.0.0.1", "localhost", "[::1]"}) {
    if (host == name) return true;
    if (host.size() == name.size() + 5 && host.substr(0, name.size()) == name &&
        host.substr(name.size()) == ":8080")
      return true;
  }
  return false;
}

// What is wrong with the server's handling of `input`, or "" when nothing.
inline std::string web_api_problem(const WebApi& api, std::string_view input) {
  std::string method = "GET", path = "/";
  QueryParams params;
  bool first = true;
  while (!input.empty()) {
    size_t end = input.find('\n');
    std::string_view line = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
    if (first) {
      first = false;
      size_t space = line.find(' ');
      if (space != std::string_view::npos) {
        method = line.substr(0, space);
        path = line.substr(space + 1);
      } else {
        path = line;
      }
      continue;
    }
    if (line.substr(0, 6) == "Host: ") {
      std::string_view host = line.substr(6);
      if (host_allowed(host, true, "127.0.0.1", 8080) != expected_host(host))
        return "host_allowed disagrees with the documented names";
      continue;
    }
    size_t eq = line.find('=');
    params.emplace_back(std::string(line.substr(0, eq)),
                        eq == std::string_view::npos ? std::string() : std::string(line.substr(eq + 1)));
  }
  if (path == "/api/picture") {
    bool has_format = false;
    for (auto& [name, value] : params)
      if (name == "format") {
        value = "dot";
        has_format = true;
      }
    if (!has_format) params.emplace_back("format", "dot");
  }

  HttpResponse r = api.handle(method, path, params);
  if (r.status != 200 && r.status != 400 && r.status != 404 && r.status != 405 && r.status != 503)
    return "unexpected status " + std::to_string(r.status);
  if (r.content_type.empty()) return "no content type";
  if (r.body.size() >= (64u << 20)) return "answer over 64 MiB";
  bool is_json = r.content_type.find("json") != std::string::npos;
  if (r.status != 200 && !is_json) return "an error that is not JSON";
  if (is_json && method != "HEAD") {
    nlohmann::json doc = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return "JSON answer does not parse";
    if (r.status != 200) {
      if (!doc.is_object() || !doc.contains("error") || !doc["error"].is_string()) return "error without message";
      if (!doc.contains("status") || doc["status"] != r.status) return "error status differs from the sent one";
    }
  }
  return "";
}

}  // namespace decouple::fuzz

#endif  // DECOUPLE_FUZZ_WEB_API_INPUT_H_
