#include "prep/user_index.h"

#include <algorithm>

namespace ss::prep {

UserIndex build_user_index(const EventTable& e, Context& ctx) {
  uint32_t max_user = 0;
  bool any = false;
  for (uint32_t u : e.user)
    if (u != kNone) max_user = std::max(max_user, u), any = true;
  return build_user_index(e, ctx, any ? size_t{max_user} + 1 : 0, {});
}

UserIndex build_user_index(const EventTable& e, Context& ctx, size_t users, std::span<const uint8_t> keep) {
  UserIndex idx;
  auto kept = [&](size_t i) { return e.user[i] < users && (keep.empty() || keep[i]); };
  idx.offsets.assign(users + 1, 0);
  for (size_t i = 0; i < e.size(); ++i)
    if (kept(i)) ++idx.offsets[e.user[i] + 1];
  for (size_t u = 0; u < users; ++u) idx.offsets[u + 1] += idx.offsets[u];
  idx.rows.resize(idx.offsets[users]);
  std::vector<uint64_t> cursor(idx.offsets.begin(), idx.offsets.end() - 1);
  for (size_t i = 0; i < e.size(); ++i)
    if (kept(i)) idx.rows[cursor[e.user[i]]++] = static_cast<uint32_t>(i);
  // Rows of each user are already in row order (stable counting sort); a stable sort by
  // timestamp then gives (ts, row) order. Skip users already in time order (the common case
  // for a compacted store).
  const auto& ts = e.ts_ms;
  // A table in time order (as generated or ingested) needs no per-user sort at all; one
  // sequential check saves a random-access pass over the timestamps.
  if (std::is_sorted(ts.begin(), ts.end())) return idx;
  ctx.pool->parallel_for(users, [&](size_t lo, size_t hi) {
    for (size_t u = lo; u < hi; ++u) {
      auto first = idx.rows.begin() + idx.offsets[u], last = idx.rows.begin() + idx.offsets[u + 1];
      auto by_time = [&](uint32_t a, uint32_t b) { return ts[a] < ts[b]; };
      if (!std::is_sorted(first, last, by_time)) std::stable_sort(first, last, by_time);
    }
  }, 256);
  return idx;
}

EventTable take_rows(const EventTable& e, std::span<const uint32_t> rows, Context* ctx) {
  EventTable out;
  auto copy = [&](auto& dst, const auto& src) {
    if (src.empty()) return;
    dst.resize(rows.size());
    auto part = [&](size_t b, size_t end) {
      for (size_t i = b; i < end; ++i) dst[i] = src[rows[i]];
    };
    if (ctx) ctx->pool->parallel_for(rows.size(), part, 1 << 16);
    else part(0, rows.size());
  };
  copy(out.user, e.user);
  copy(out.item, e.item);
  copy(out.ts_ms, e.ts_ms);
  copy(out.type, e.type);
  copy(out.session, e.session);
  copy(out.query, e.query);
  copy(out.category, e.category);
  copy(out.ref, e.ref);
  copy(out.context, e.context);
  copy(out.quantity, e.quantity);
  copy(out.price, e.price);
  copy(out.value, e.value);
  return out;
}

std::vector<uint32_t> rows_where(const std::vector<uint8_t>& labels, uint8_t label) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] == label) out.push_back(static_cast<uint32_t>(i));
  return out;
}

}  // namespace ss::prep
