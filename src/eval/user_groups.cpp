#include "eval/user_groups.h"

#include <algorithm>
#include <numeric>

namespace ss::eval {

History UserGroups::history(uint32_t u) const {
  if (u >= num_users()) return {};
  const size_t b = offsets[u], n = offsets[u + 1] - b;
  History h;
  h.items = std::span<const uint32_t>(item.data() + b, n);
  h.types = std::span<const Behavior>(type.data() + b, n);
  if (!ts_ms.empty()) h.ts_ms = std::span<const int64_t>(ts_ms.data() + b, n);
  return h;
}

UserGroups group_by_user(const EventTable& e, size_t num_users) {
  UserGroups g;
  g.offsets.assign(num_users + 1, 0);
  for (size_t i = 0; i < e.size(); ++i)
    if (e.user[i] < num_users && e.item[i] != kNone) ++g.offsets[e.user[i] + 1];
  std::partial_sum(g.offsets.begin(), g.offsets.end(), g.offsets.begin());
  // Counting sort keeps row order within a user; a stable sort by time then makes the
  // order (ts, row).
  std::vector<uint32_t> rows(g.offsets.back());
  std::vector<uint64_t> fill(g.offsets.begin(), g.offsets.end() - 1);
  for (size_t i = 0; i < e.size(); ++i)
    if (e.user[i] < num_users && e.item[i] != kNone) rows[fill[e.user[i]]++] = static_cast<uint32_t>(i);
  const bool has_ts = !e.ts_ms.empty();
  if (has_ts) {
    for (size_t u = 0; u < num_users; ++u)
      std::stable_sort(rows.begin() + g.offsets[u], rows.begin() + g.offsets[u + 1],
                       [&](uint32_t a, uint32_t b) { return e.ts_ms[a] < e.ts_ms[b]; });
  }
  g.item.resize(rows.size());
  g.type.resize(rows.size());
  if (has_ts) g.ts_ms.resize(rows.size());
  for (size_t j = 0; j < rows.size(); ++j) {
    g.item[j] = e.item[rows[j]];
    g.type[j] = e.type.empty() ? Behavior::kView : e.type[rows[j]];
    if (has_ts) g.ts_ms[j] = e.ts_ms[rows[j]];
  }
  return g;
}

size_t user_universe(std::initializer_list<const EventTable*> tables) {
  size_t n = 0;
  for (const EventTable* t : tables)
    for (uint32_t u : t->user)
      if (u != kNone) n = std::max<size_t>(n, size_t(u) + 1);
  return n;
}

}  // namespace ss::eval
