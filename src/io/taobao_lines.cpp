#include "io/taobao_lines.h"

#include <algorithm>
#include <cstring>

namespace ss::io {
namespace {

constexpr size_t kMinChunk = 256 << 10;

// A canonical decimal id ("0", "17850"; not "017", not empty) below 2^32-1 ending at the
// delimiter; moves p past the delimiter.
inline bool id_field(const char*& p, char delim, uint32_t& out) {
  const char* s = p;
  uint64_t v = 0;
  while (static_cast<unsigned>(*p - '0') <= 9) v = v * 10 + static_cast<unsigned>(*p++ - '0');
  const size_t len = static_cast<size_t>(p - s);
  if (len == 0 || len > 10 || (len > 1 && *s == '0') || v >= 0xFFFFFFFFull || *p != delim) return false;
  out = static_cast<uint32_t>(v);
  ++p;
  return true;
}

inline bool behaviour_field(const char*& p, char delim, Behavior& b) {
  auto is = [&](const char* word, size_t n, Behavior which) {
    for (size_t i = 0; i < n; ++i)  // stops at the first mismatch ('\n' included)
      if (p[i] != word[i]) return false;
    if (p[n] != delim) return false;
    b = which;
    p += n + 1;
    return true;
  };
  switch (*p) {
    case 'p': return is("pv", 2, Behavior::kView);
    case 'b': return is("buy", 3, Behavior::kPurchase);
    case 'c': return is("cart", 4, Behavior::kAddToCart);
    case 'f': return is("fav", 3, Behavior::kFavorite);
    default: return false;
  }
}

}  // namespace

TaobaoRow parse_taobao_line(const char* p, const char* nl, const TaobaoLineRules& r) {
  TaobaoRow row{};
  row.slow = true;
  if (static_cast<size_t>(nl - p) > r.max_line_bytes) return row;
  // Every field test stops at the first byte it does not expect, and the line ends in
  // '\n', so no test reads past the line.
  if (!id_field(p, r.delimiter, row.user) || !id_field(p, r.delimiter, row.item) ||
      !id_field(p, r.delimiter, row.category) || !behaviour_field(p, r.delimiter, row.type))
    return row;
  const char* s = p;
  int64_t secs = 0;
  while (static_cast<unsigned>(*p - '0') <= 9 && p - s < 12) secs = secs * 10 + (*p++ - '0');
  const size_t len = static_cast<size_t>(p - s);
  if (len == 0 || (len > 1 && *s == '0')) return row;
  if (*p == '\r') ++p;
  if (p != nl) return row;
  row.ts_ms = secs * 1000;
  row.slow = row.ts_ms < r.min_ms || row.ts_ms >= r.max_ms;
  return row;
}

void parse_taobao_lines(ThreadPool& pool, const char* begin, const char* end, const TaobaoLineRules& rules,
                        std::vector<std::vector<TaobaoRow>>& chunks) {
  // Cut at line starts: about four chunks per thread, none under kMinChunk.
  const size_t bytes = static_cast<size_t>(end - begin);
  const size_t want = std::max<size_t>(1, std::min((pool.size() + 1) * 4, bytes / kMinChunk));
  std::vector<const char*> cuts{begin};
  for (size_t k = 1; k < want; ++k) {
    const char* guess = begin + bytes * k / want;
    if (guess <= cuts.back()) continue;
    const auto* nl = static_cast<const char*>(std::memchr(guess, '\n', static_cast<size_t>(end - guess)));
    if (!nl || nl + 1 >= end) break;
    cuts.push_back(nl + 1);
  }
  cuts.push_back(end);
  const size_t n = cuts.size() - 1;
  chunks.resize(n);
  pool.parallel_tasks(n, [&](size_t k) {
    std::vector<TaobaoRow>& rows = chunks[k];
    rows.clear();
    rows.reserve(static_cast<size_t>(cuts[k + 1] - cuts[k]) / 32 + 16);
    for (const char* p = cuts[k]; p < cuts[k + 1];) {
      const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(cuts[k + 1] - p)));
      TaobaoRow row = parse_taobao_line(p, nl, rules);
      row.offset = static_cast<uint32_t>(p - begin);
      rows.push_back(row);
      p = nl + 1;
    }
  });
}

}  // namespace ss::io
