// The HTTP front: cpp-httplib tuned for throughput (a large worker pool because its I/O is
// blocking, TCP_NODELAY, long keep-alive), every route wrapped once for auth, limits,
// error conversion and metrics.
#pragma once
#include <memory>

#include "serve/service.h"

namespace httplib {
class Server;
}

namespace ss::serve {

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
  std::unique_ptr<httplib::Server> server_;
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
