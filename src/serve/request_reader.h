// Turns the bytes of one HTTP/1.1 connection into requests, one at a time, with Beast's
// parser (boost/beast/http, header-only: no Asio sockets are involved). The event loop
// feeds whatever it read; pipelined requests come out in order. Kept apart from the loop
// so the parsing can be unit-tested and fuzzed without sockets.
#pragma once
#include <httplib.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace ss::serve {

struct ReadStep {
  enum Kind {
    kNeedMore,  // every byte given was consumed; feed more
    kRequest,   // a whole request was parsed into the caller's Request
    kContinue,  // the client sent "Expect: 100-continue" and waits for the interim answer
    kError,     // the bytes are not an acceptable request: answer `status` and close
  };
  Kind kind = kNeedMore;
  int status = 0;
  std::string message;
};

class RequestReader {
 public:
  RequestReader(size_t max_body_bytes, size_t max_header_bytes);
  ~RequestReader();
  RequestReader(RequestReader&&) noexcept;

  // Parses from the front of `in`, removing what it used. On kRequest, `req` holds method,
  // target, path (percent-decoded), params (from the query string), version, headers and
  // body, as cpp-httplib's server filled them.
  ReadStep next(std::string_view& in, httplib::Request& req);
  // Whether the request last returned allows another on this connection.
  bool keep_alive() const { return keep_alive_; }
  // Part of a request has been consumed (the read timeout applies, not the idle one).
  bool mid_request() const;
  // After a 413 for a body of known length, the body is still being read and dropped so
  // the client, which sends it all before reading, sees the answer rather than a reset.
  bool draining() const { return drain_ > 0; }

 private:
  struct Parser;
  std::unique_ptr<Parser> parser_;
  size_t max_body_, max_header_;
  uint64_t drain_ = 0;
  bool keep_alive_ = true;
  bool continued_ = false;
};

}  // namespace ss::serve
