#include "prep/filters.h"

#include <algorithm>

namespace ss::prep {

uint64_t assign_sessions(EventTable& e, const UserIndex& idx, int64_t gap_ms, Context& ctx) {
  const size_t users = idx.num_users();
  std::vector<uint64_t> first(users + 1, 0);  // sessions per user, then their first id
  e.session.assign(e.size(), kNone);
  ctx.pool->parallel_for(users, [&](size_t lo, size_t hi) {
    for (size_t u = lo; u < hi; ++u) {
      const auto rows = idx.of(static_cast<uint32_t>(u));
      uint64_t n = rows.empty() ? 0 : 1;
      for (size_t j = 1; j < rows.size(); ++j) n += e.ts_ms[rows[j]] - e.ts_ms[rows[j - 1]] > gap_ms;
      first[u + 1] = n;
    }
  }, 1024);
  for (size_t u = 0; u < users; ++u) first[u + 1] += first[u];
  ctx.pool->parallel_for(users, [&](size_t lo, size_t hi) {
    for (size_t u = lo; u < hi; ++u) {
      const auto rows = idx.of(static_cast<uint32_t>(u));
      auto id = static_cast<uint32_t>(first[u]);
      for (size_t j = 0; j < rows.size(); ++j) {
        if (j > 0 && e.ts_ms[rows[j]] - e.ts_ms[rows[j - 1]] > gap_ms) ++id;
        e.session[rows[j]] = id;
      }
    }
  }, 1024);
  return first[users];
}

uint64_t filter_time_range(const EventTable& e, int64_t from_ms, int64_t to_ms, RemovalMask& mask) {
  uint64_t n = 0;
  for (size_t i = 0; i < e.size(); ++i)
    if ((e.ts_ms[i] < from_ms || e.ts_ms[i] >= to_ms) && mask.kept(i)) mask.remove(i, Reason::kTimeRange), ++n;
  return n;
}

KCoreResult kcore_filter(const EventTable& e, uint32_t k, RemovalMask& mask) {
  KCoreResult res;
  uint32_t max_user = 0, max_item = 0;
  for (size_t i = 0; i < e.size(); ++i) {
    if (e.user[i] != kNone) max_user = std::max(max_user, e.user[i]);
    if (e.item[i] != kNone) max_item = std::max(max_item, e.item[i]);
  }
  std::vector<uint32_t> user_n(size_t{max_user} + 1, 0), item_n(size_t{max_item} + 1, 0);
  std::vector<uint8_t> user_seen(user_n.size(), 0), item_seen(item_n.size(), 0);
  for (size_t i = 0; i < e.size(); ++i) {
    if (!mask.kept(i)) continue;
    if (e.user[i] != kNone) user_seen[e.user[i]] = 1;
    if (e.item[i] == kNone) continue;
    item_seen[e.item[i]] = 1;
    if (e.user[i] != kNone) ++user_n[e.user[i]];
    ++item_n[e.item[i]];
  }
  // Each round removes every row of a user or item below k with counts from the round's
  // start, then updates the counts; it ends when a round removes nothing.
  for (bool changed = true; changed && k > 0;) {
    changed = false;
    ++res.rounds;
    std::vector<uint8_t> user_low(user_n.size()), item_low(item_n.size());
    for (size_t u = 0; u < user_n.size(); ++u) user_low[u] = user_n[u] < k;
    for (size_t it = 0; it < item_n.size(); ++it) item_low[it] = item_n[it] < k;
    for (size_t i = 0; i < e.size(); ++i) {
      if (!mask.kept(i)) continue;
      const uint32_t u = e.user[i], it = e.item[i];
      const bool drop = (u != kNone && user_low[u]) || (it != kNone && item_low[it]);
      if (!drop) continue;
      mask.remove(i, Reason::kKCore);
      ++res.events_removed;
      changed = true;
      if (it == kNone) continue;
      if (u != kNone) --user_n[u];
      --item_n[it];
    }
  }
  // Who left: seen before, no kept row now.
  std::vector<uint8_t> user_left(user_n.size()), item_left(item_n.size());
  for (size_t i = 0; i < e.size(); ++i) {
    if (!mask.kept(i)) continue;
    if (e.user[i] != kNone) user_left[e.user[i]] = 1;
    if (e.item[i] != kNone) item_left[e.item[i]] = 1;
  }
  for (size_t u = 0; u < user_n.size(); ++u) res.users_removed += user_seen[u] && !user_left[u];
  for (size_t it = 0; it < item_n.size(); ++it) res.items_removed += item_seen[it] && !item_left[it];
  return res;
}

}  // namespace ss::prep
