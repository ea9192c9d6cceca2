// decouple serve MODEL [--port 8080] [--host 127.0.0.1]: the classroom web
// page. The HTTP layer (cpp-httplib) lives here; what each request gets is
// decided by WebApi (lib/serve/decouple/web_api.h), which tests call directly.
#include <sys/socket.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "command.h"
#include "decouple/web_api.h"

#ifdef DECOUPLE_HAVE_HTTPLIB
#include <httplib.h>
#endif

namespace decouple::app {
namespace {

#ifdef DECOUPLE_HAVE_HTTPLIB
// Connection policy (docs/reliability.md). Workers are threads that each
// hold one connection; a client that trickles its request holds one for at
// most kReadSeconds per byte-free gap, so there are enough workers that a
// handful of slow clients leave the rest answering.
constexpr size_t kWorkers = 64;
constexpr time_t kReadSeconds = 5;       // longest silence inside a request
constexpr time_t kWriteSeconds = 5;      // longest stall sending a response
constexpr time_t kKeepAliveSeconds = 5;  // idle time between requests on one connection
constexpr size_t kKeepAliveRequests = 100;

void send(const HttpResponse& r, httplib::Response& res) {
  res.status = r.status;
  for (const auto& [name, value] : r.headers) res.set_header(name, value);
  res.set_content(r.body, r.content_type);
}

int serve(const SupplyGraph& graph, const std::string& host, int port, const std::string& model_path) {
  // SIGINT and SIGTERM go to one waiting thread that stops the server
  // cleanly; blocked here first so the server's worker threads inherit it.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  WebApi api(graph);
  const bool loopback_only = is_loopback_host(host);
  httplib::Server server;
  // Exclusive: cpp-httplib's default sets SO_REUSEPORT, which lets a second
  // server share a busy port and split the requests with it. SO_REUSEADDR
  // alone only allows a restart over connections still in TIME_WAIT.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server.new_task_queue = [] { return new httplib::ThreadPool(kWorkers); };
  server.set_payload_max_length(64 * 1024);  // the API reads no bodies
  server.set_read_timeout(kReadSeconds, 0);
  server.set_write_timeout(kWriteSeconds, 0);
  server.set_keep_alive_timeout(kKeepAliveSeconds);
  server.set_keep_alive_max_count(kKeepAliveRequests);
  int served_port = port;
  // Byte ranges: one range is answered (a resumed download); a request
  // with several is answered whole, as HTTP allows a server to do, because
  // 500 overlapping ranges made a small request cost a response hundreds of
  // times the page. The request object is the server's own (not const);
  // the hook only sees it through a const reference.
  server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
    if (req.ranges.size() > 1) const_cast<httplib::Request&>(req).ranges.clear();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  auto handle = [&](const httplib::Request& req, httplib::Response& res) {
    if (!host_allowed(req.get_header_value("Host"), loopback_only, host, served_port))
      return send(json_error(403, "this server answers only to localhost"), res);
    QueryParams params(req.params.begin(), req.params.end());
    send(api.handle(req.method, req.path, params), res);
  };
  for (auto route : {&httplib::Server::Get, &httplib::Server::Post, &httplib::Server::Put,
                     &httplib::Server::Delete, &httplib::Server::Patch, &httplib::Server::Options})
    (server.*route)(".*", handle);
  // Errors the HTTP layer finds itself (a malformed request line, a body
  // too large) get the same JSON shape as the API's own.
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty())
      send(json_error(res.status, res.status == 404 ? "not found" : "malformed request"), res);
  });
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    send(json_error(500, "internal error"), res);
  });

  int bound = port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  served_port = bound;
  if (bound < 0) {
    std::cerr << fmt::format("error: cannot listen on {}:{} (in use, or not an address of this machine)\n",
                             host, port);
    return 1;
  }
  std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::cout << fmt::format("decouple: serving {} on http://{}:{}/ (Ctrl-C stops)\n", model_path, shown_host, bound);
  if (!loopback_only)
    std::cout << fmt::format("warning: listening on {}, reachable from other machines\n", host);
  std::cout.flush();

  std::thread stopper([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.stop();
  });
  bool ok = server.listen_after_bind();
  // Wake the stopper if the server ended on its own.
  if (stopper.joinable()) {
    pthread_kill(stopper.native_handle(), SIGTERM);
    stopper.join();
  }
  return ok ? 0 : 1;
}
#endif

Registration serve_command("serve", "Serve the classroom web page and its JSON API", [](CLI::App& sub) {
  auto model = std::make_shared<ModelOptions>();
  auto port = std::make_shared<int>(8080);
  auto host = std::make_shared<std::string>("127.0.0.1");
  model->add_to(sub);
  sub.add_option("--port,-p", *port, "TCP port (0: any free port, printed on start)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  sub.add_option("--host", *host, "Address to listen on; anything but loopback is reachable by others")
      ->capture_default_str();
  return [=]() -> int {
#ifdef DECOUPLE_HAVE_HTTPLIB
    auto loaded = load(*model);
    if (!loaded) return 1;
    return serve(*loaded->graph, *host, *port, model->path);
#else
    std::cerr << "error: this decouple was built without cpp-httplib; install libcpp-httplib-dev "
                 "(scripts/install-deps.sh) and rebuild\n";
    return 1;
#endif
  };
});

}  // namespace
}  // namespace decouple::app
