// The HTTP server: the API's route table (routes.h) behind the event-loop front
// (event_front.h), every route wrapped once for auth, error conversion and metrics. Fast
// read-only routes run on the loop threads; routes that may block run on the worker pool.
#pragma once
#include <memory>
#include <vector>

#include "serve/service.h"

namespace ss::serve {

class EventFront;
class RouteMatcher;
struct RouteMetrics;

class HttpServer {
 public:
  explicit HttpServer(Service& service);
  ~HttpServer();
  // Binds host:port (port 0 = a free one) and returns the port. Throws ss::Error.
  int bind();
  // Serves until stop(); then in-flight requests finish before it returns.
  void run();
  void stop();

 private:
  Service& service_;
  std::unique_ptr<RouteMatcher> matcher_;
  std::vector<RouteMetrics*> metrics_;  // per route, in table order
  std::unique_ptr<EventFront> front_;
};

// Blocks SIGTERM/SIGINT for the calling thread and every thread it starts later: call it
// before constructing the Service, so that only serve_until_signal's waiter receives them.
void block_shutdown_signals();

// Runs `shopsense serve` until SIGTERM/SIGINT: binds, serves, and on the signal stops taking
// connections, lets in-flight requests finish, flushes the committer and returns.
void serve_until_signal(const ServeConfig& config, Service& service);

// The application's error conversion, exposed for tests and the fuzzer: returns the status
// and JSON body a handler exception becomes.
std::pair<int, std::string> error_response(std::exception_ptr e);

}  // namespace ss::serve
