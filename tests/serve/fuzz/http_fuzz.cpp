// libFuzzer target for the HTTP wire format: bytes, as a client could send them on one
// connection, through the request reader the event loop uses, split at a point taken from
// the input (so requests straddling reads are covered). Any crash, sanitizer report or
// exception is a bug; every step must consume input or ask for more.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "serve/request_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const size_t cut = size == 0 ? 0 : data[0] % (size + 1);
  ss::serve::RequestReader reader(/*max_body_bytes=*/256, /*max_header_bytes=*/1024);
  std::string pending;
  for (std::string_view piece : {all.substr(0, cut), all.substr(cut)}) {
    pending.append(piece);
    std::string_view in(pending);
    for (int steps = 0;; ++steps) {
      if (steps > 100000) __builtin_trap();  // no progress: a loop the server would spin in
      httplib::Request req;
      const size_t before = in.size();
      const ss::serve::ReadStep s = reader.next(in, req);
      if (s.kind == ss::serve::ReadStep::kError) return 0;  // the connection would close here
      if (s.kind == ss::serve::ReadStep::kNeedMore && in.size() == before) break;
      if (s.kind == ss::serve::ReadStep::kRequest && req.method.empty()) __builtin_trap();
    }
    pending = std::string(in);
  }
  return 0;
}
