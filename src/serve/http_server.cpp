#include "serve/http_server.h"

#include <httplib.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "core/error.h"
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

HttpServer::HttpServer(Service& service) : service_(service), server_(std::make_unique<httplib::Server>()) {
  const ServeConfig& c = service.config;
  const size_t threads = c.http_threads;
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server_->set_tcp_nodelay(true);
  server_->set_keep_alive_max_count(c.keep_alive_max);
  server_->set_keep_alive_timeout(c.keep_alive_s);
  server_->set_read_timeout(c.read_timeout_s, 0);
  server_->set_write_timeout(c.write_timeout_s, 0);
  server_->set_payload_max_length(c.max_body_bytes);

  for (const Route& r : api_routes()) {
    RouteMetrics* m = &service.metrics.add_route(r.method, r.path);
    httplib::Server::Handler h = [this, r, m](const httplib::Request& req, httplib::Response& res) {
      const auto t0 = std::chrono::steady_clock::now();
      try {
        check_access(service_.config, r.access, req);
        r.handler(service_, req, res);
      } catch (...) {
        auto [status, body] = error_response(std::current_exception());
        if (status >= 500 && !service_.config.quiet)
          std::fprintf(stderr, "error: %s %s -> %d %s\n", req.method.c_str(), req.path.c_str(), status, body.c_str());
        res.status = status;
        res.set_content(body, "application/json");
      }
      m->record(res.status, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    };
    const std::string method = r.method;
    if (method == "GET") server_->Get(r.path, h);
    else if (method == "POST") server_->Post(r.path, h);
    else if (method == "PUT") server_->Put(r.path, h);
    else if (method == "DELETE") server_->Delete(r.path, h);
  }
  // Anything unrouted, oversized or thrown past a handler still answers JSON.
  server_->set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string msg = res.status == 404 ? "no such endpoint: " + req.method + " " + req.path
                      : res.status == 413 ? "request body too large"
                                          : "request failed with HTTP " + std::to_string(res.status);
    res.set_content(Json{{"error", msg}}.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json");
  });
  server_->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    auto [status, body] = error_response(ep);
    res.status = status;
    res.set_content(body, "application/json");
  });
}

HttpServer::~HttpServer() = default;

int HttpServer::bind() {
  const ServeConfig& c = service_.config;
  int port = c.port;
  if (port == 0) port = server_->bind_to_any_port(c.host);
  else if (!server_->bind_to_port(c.host, port)) port = -1;
  if (port <= 0)
    throw Error("cannot listen on " + c.host + ":" + std::to_string(c.port) + " (in use, or not permitted)", ErrorCode::kIo);
  return port;
}

void HttpServer::run() { server_->listen_after_bind(); }

void HttpServer::stop() { server_->stop(); }

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
