// The parallel half of ingesting the standard Taobao layout (user,item,category,behaviour,
// unix seconds): complete lines are parsed on the pool into compact rows, which the
// ingest loop then interns and appends on one thread, in file order, so ids, batches and
// reports are exactly those of the serial path.
//
// Only rows the serial converter would accept without any question take the fast form:
// canonical numeric ids below 2^32-1, a category, one of pv/buy/cart/fav, integer seconds
// within the time range, nothing else on the line (a trailing '\r' allowed). Every other
// line is marked `slow` and handed to the serial code as it is (so rejections, their
// reasons and line numbers come from one place).
#pragma once
#include <cstdint>
#include <vector>

#include "core/behavior.h"
#include "core/thread_pool.h"

namespace ss::io {

struct TaobaoRow {
  int64_t ts_ms;
  uint32_t user, item, category;  // the ids' numeric values, not yet dictionary ids
  uint32_t offset;                // where the line starts, from the window's start
  Behavior type;
  bool slow;
};

struct TaobaoLineRules {
  char delimiter = ',';
  int64_t min_ms = 0, max_ms = 0;  // accepted times: [min_ms, max_ms)
  size_t max_line_bytes = 1 << 20;
};

// Parses every line of [begin, end) (`end` just past a '\n', at most 4 GiB) in parallel.
// `chunks` receives the rows in order: chunk 0's lines first, one row per line.
void parse_taobao_lines(ThreadPool& pool, const char* begin, const char* end, const TaobaoLineRules& rules,
                        std::vector<std::vector<TaobaoRow>>& chunks);

// One line [p, nl) on its own (for tests and the chunk loop).
TaobaoRow parse_taobao_line(const char* p, const char* nl, const TaobaoLineRules& rules);

}  // namespace ss::io
