// The HTTP/1.1 front: a few epoll event loops (one per hardware thread by default) that
// accept, read, parse, answer and write for every connection, and a small worker pool for
// the handlers that may block (ingest waits for the group commit's fsync; admin, analytics
// and static files can take long). Fast read-only handlers run inline on the loop thread,
// so a recommend request costs no thread hand-off at all.
//
// Why not cpp-httplib's server (what this replaced): it is thread-per-connection with
// blocking I/O, keep-alive as a poll(10 ms)+sleep(1 ms) loop and a listen backlog of 5;
// at 64 connections on 2 cores a quarter of the CPU went to the scheduler and p99 reached
// hundreds of milliseconds. Why not libevent's evhttp (considered first): 2.1 has no hook
// for its own error answers (413 and 400 come back as HTML, evhttp_set_errorcb is 2.2),
// and the loop a JSON API needs is small. Parsing is Beast's (header-only Boost, already a
// dependency), through request_reader.h; the loop below is only sockets and ordering.
//
// Guarantees: pipelined requests are answered in order (a connection has at most one
// request in a handler; the next is parsed when its answer is queued); keep-alive with an
// idle timeout and a per-connection request cap; read and write timeouts; bodies over the
// limit get 413 (the rest of the body is read and dropped so the client sees the answer);
// stop() stops accepting, closes idle connections, lets in-flight requests finish and
// flush, then run() returns. stop() may be called before run(), which then returns at once.
#pragma once
#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace ss::serve {

struct FrontOptions {
  size_t loops = 0;    // event-loop threads (0 = hardware threads)
  size_t workers = 16; // threads for handlers that may block
  size_t max_body_bytes = 16u << 20;
  size_t max_header_bytes = 64u << 10;
  int read_timeout_s = 5, write_timeout_s = 5, keep_alive_s = 30;
  size_t keep_alive_max = 100000;  // requests per connection before it is closed
  // Also counts accept pauses (see accept_pauses()) when set; must outlive the front.
  std::atomic<uint64_t>* accept_pause_counter = nullptr;
};

// What the application decided for one request: which handler (-1 = none), and whether it
// may block (then it runs on a worker and the answer is handed back to the loop).
struct Routed {
  int route = -1;
  bool on_worker = false;
};

struct FrontApp {
  // Chooses the handler; may fill req.matches. Runs on the loop thread: must be quick.
  std::function<Routed(httplib::Request&)> route;
  // Answers the request. Must not throw (a throw still becomes a 500).
  std::function<void(const Routed&, const httplib::Request&, httplib::Response&)> handle;
};

class EventFront {
 public:
  EventFront(FrontOptions options, FrontApp app);
  ~EventFront();
  // Listens on host:port (port 0 = a free one) and returns the port. Throws ss::Error.
  int bind(const std::string& host, int port);
  // Serves until stop(); returns once in-flight requests are answered.
  void run();
  // Thread-safe and idempotent.
  void stop();
  // How often a loop stopped accepting for a moment because accept() ran out of file
  // descriptors (EMFILE/ENFILE); the first time is also logged to stderr.
  uint64_t accept_pauses() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ss::serve
