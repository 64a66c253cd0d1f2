// JSON Lines events: one object per line, keys mapped to event fields (by --columns or
// common names: user_id, item_id, behavior/event/type, timestamp/ts, ...), parsed with
// simdjson's On-Demand API.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "io/converters.h"

namespace ss::io {

// The caller's input window: bytes [begin, end) of data are unread; refill() moves them to
// the front and reads more (false at the end), keeping 64 readable bytes after `end`.
struct JsonlWindow {
  std::vector<char>& data;
  size_t& begin;
  size_t& end;
  bool& eof;
  std::function<bool()> refill;
};

// Returns false when --max-errors stopped it.
bool read_jsonl(JsonlWindow w, const std::string& file, RowParser& p, MappedConverter& conv, uint64_t& rejected_rows,
                const std::function<void()>& progress);

}  // namespace ss::io
