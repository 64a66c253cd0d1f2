#include "serve/http_server.h"

#include <httplib.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "core/error.h"
#include "serve/event_front.h"
#include "serve/metrics.h"
#include "serve/replica.h"
#include "serve/route_match.h"
#include "serve/routes.h"

namespace ss::serve {
namespace {

// Constant-time comparison, so the key cannot be guessed byte by byte from timings.
bool same_key(const std::string& given, const std::string& key) {
  unsigned char diff = given.size() != key.size();
  for (size_t i = 0; i < given.size(); ++i) diff |= static_cast<unsigned char>(given[i] ^ key[i % std::max<size_t>(1, key.size())]);
  return diff == 0 && !key.empty();
}

std::string presented_key(const httplib::Request& req) {
  if (req.has_header("X-API-Key")) return req.get_header_value("X-API-Key");
  const std::string auth = req.get_header_value("Authorization");
  if (auth.rfind("Bearer ", 0) == 0) return auth.substr(7);
  return {};
}

// Throws 401/403 unless the request carries the key `access` needs. Keys are never logged.
void check_access(const ServeConfig& c, Access access, const httplib::Request& req) {
  if (access == Access::kOpen) return;
  const std::string key = presented_key(req);
  if (access == Access::kRead) {
    if (c.read_key.empty()) return;
    if (key.empty()) throw HttpError(401, "this endpoint needs an API key (header X-API-Key or Authorization: Bearer)");
    if (!same_key(key, c.read_key) && !same_key(key, c.admin_key)) throw HttpError(403, "API key not accepted");
    return;
  }
  if (c.admin_key.empty())
    throw HttpError(403, "admin and ingest endpoints are disabled: start the server with SHOPSENSE_ADMIN_KEY set");
  if (key.empty()) throw HttpError(401, "this endpoint needs the admin key (header X-API-Key or Authorization: Bearer)");
  if (!same_key(key, c.admin_key)) throw HttpError(403, "admin key not accepted");
}

}  // namespace

std::pair<int, std::string> error_response(std::exception_ptr e) {
  int status = 500;
  std::string msg;
  try {
    std::rethrow_exception(e);
  } catch (const HttpError& x) {
    status = x.status();
    msg = x.what();
  } catch (const Error& x) {
    switch (x.code()) {
      case ErrorCode::kInvalidArgument: status = 400; break;
      case ErrorCode::kNotFound: status = 404; break;
      case ErrorCode::kUnsupported: status = 501; break;
      case ErrorCode::kIo: status = 503; break;
      default: status = 500;
    }
    msg = x.what();
  } catch (const Json::exception& x) {
    status = 400;  // a type mismatch a handler did not anticipate is still the client's input
    msg = std::string("bad request: ") + x.what();
  } catch (const std::bad_alloc&) {
    status = 503;
    msg = "out of memory";
  } catch (const std::exception& x) {
    msg = std::string("internal error: ") + x.what();
  } catch (...) {
    msg = "internal error";
  }
  return {status, Json{{"error", msg}}.dump(-1, ' ', false, Json::error_handler_t::replace)};
}

namespace {

// Handlers that only read in-memory state and answer in microseconds run inline on the
// loop thread; everything else (ingest waits for the fsync, admin, analytics, static
// files, replicas forwarding over the network) goes to the worker pool.
bool runs_inline(const Service& s, Handler h) {
  if (h == h_cluster_recommend_user) return !s.replica || !s.replica->partitioned();  // may forward
  static constexpr Handler kFast[] = {h_health,   h_metrics,      h_cluster,     h_recommend_session, h_similar,
                                      h_together, h_trending,     h_user_profile, h_search,          h_attribution};
  for (Handler fast : kFast)
    if (h == fast) return true;
  return false;
}

bool known_method(const std::string& m) {
  for (const char* k : {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"})
    if (m == k) return true;
  return false;
}

}  // namespace

HttpServer::HttpServer(Service& service)
    : service_(service), matcher_(std::make_unique<RouteMatcher>(api_routes())) {
  const ServeConfig& c = service.config;
  for (const Route& r : api_routes()) {
    metrics_.push_back(&service.metrics.add_route(r.method, r.path));
  }
  FrontOptions o;
  o.loops = c.http_loops;
  o.workers = c.http_threads;
  o.max_body_bytes = c.max_body_bytes;
  o.read_timeout_s = c.read_timeout_s;
  o.write_timeout_s = c.write_timeout_s;
  o.keep_alive_s = c.keep_alive_s;
  o.keep_alive_max = c.keep_alive_max;
  o.accept_pause_counter = &service.metrics.accept_pauses;
  FrontApp app;
  app.route = [this](httplib::Request& req) {
    const int i = matcher_->match(req);
    return Routed{i, i >= 0 && !runs_inline(service_, api_routes()[static_cast<size_t>(i)].handler)};
  };
  app.handle = [this](const Routed& routed, const httplib::Request& req, httplib::Response& res) {
    if (routed.route < 0) {
      // As cpp-httplib answered: 404 for a known method on an unknown path, 400 otherwise.
      res.status = known_method(req.method) ? 404 : 400;
      const std::string msg = res.status == 404 ? "no such endpoint: " + req.method + " " + req.path
                                                : "request failed with HTTP 400";
      res.set_content(Json{{"error", msg}}.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json");
      return;
    }
    const Route& r = api_routes()[static_cast<size_t>(routed.route)];
    const auto t0 = std::chrono::steady_clock::now();
    try {
      check_access(service_.config, r.access, req);
      r.handler(service_, req, res);
      if (res.status == -1) res.status = 200;
    } catch (...) {
      auto [status, body] = error_response(std::current_exception());
      if (status >= 500 && !service_.config.quiet)
        std::fprintf(stderr, "error: %s %s -> %d %s\n", req.method.c_str(), req.path.c_str(), status, body.c_str());
      res = httplib::Response();
      res.status = status;
      res.set_content(body, "application/json");
    }
    metrics_[static_cast<size_t>(routed.route)]->record(
        res.status, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  };
  front_ = std::make_unique<EventFront>(o, std::move(app));
}

HttpServer::~HttpServer() = default;

int HttpServer::bind() {
  const ServeConfig& c = service_.config;
  const int port = front_->bind(c.host, c.port);
  if (port <= 0)
    throw Error("cannot listen on " + c.host + ":" + std::to_string(c.port) + " (in use, or not permitted)", ErrorCode::kIo);
  return port;
}

void HttpServer::run() { front_->run(); }

void HttpServer::stop() { front_->stop(); }

static sigset_t shutdown_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

void block_shutdown_signals() {
  const sigset_t set = shutdown_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

void serve_until_signal(const ServeConfig& config, Service& service) {
  // The signals are blocked in every thread (threads inherit the mask, so this must run
  // before the Service starts any); one thread waits for them and stops the server.
  block_shutdown_signals();
  sigset_t set = shutdown_signals();
  HttpServer http(service);
  const int port = http.bind();
  std::printf("listening on http://%s:%d\n", config.host.c_str(), port);
  if (!config.web_dir.empty()) std::printf("dashboard on http://%s:%d/\n", config.host.c_str(), port);
  std::fflush(stdout);
  std::atomic<bool> woken{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&set, &sig);
    woken = true;
    if (!config.quiet) std::fprintf(stderr, "serve: signal %d, finishing in-flight requests\n", sig);
    http.stop();
  });
  http.run();
  // listen returned: either the signal thread stopped us, or listening failed. Wake the
  // waiter if it is still waiting, then drain commits.
  if (!woken) pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  service.shutdown();
  if (!config.quiet) std::fprintf(stderr, "serve: stopped cleanly\n");
}

}  // namespace ss::serve
