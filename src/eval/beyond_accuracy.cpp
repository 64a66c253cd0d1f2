#include "eval/beyond_accuracy.h"

#include <algorithm>
#include <cmath>

#include "eval/user_groups.h"

namespace ss::eval {

BeyondAccuracy beyond_accuracy(const std::vector<uint32_t>& top, const EventTable& train,
                               size_t num_items) {
  BeyondAccuracy b;
  if (num_items == 0) return b;
  // Distinct training users per item.
  const UserGroups g = group_by_user(train, user_universe({&train}));
  std::vector<uint32_t> users_of(num_items, 0), last_user(num_items, kNone);
  size_t active_users = 0;
  for (uint32_t u = 0; u < g.num_users(); ++u) {
    active_users += g.count(u) > 0;
    for (size_t j = g.offsets[u]; j < g.offsets[u + 1]; ++j) {
      const uint32_t i = g.item[j];
      if (i < num_items && last_user[i] != u) last_user[i] = u, ++users_of[i];
    }
  }
  // Popularity percentile: share of items with at most this many users.
  std::vector<uint32_t> sorted(users_of);
  std::sort(sorted.begin(), sorted.end());
  std::vector<bool> seen(num_items, false);
  size_t distinct = 0, shown = 0;
  double info = 0, pct = 0;
  for (uint32_t i : top) {
    if (i >= num_items) continue;
    ++shown;
    if (!seen[i]) seen[i] = true, ++distinct;
    info += -std::log2((double(users_of[i]) + 1.0) / (double(active_users) + 1.0));
    pct += double(std::upper_bound(sorted.begin(), sorted.end(), users_of[i]) - sorted.begin()) /
           double(num_items);
  }
  b.coverage = double(distinct) / double(num_items);
  if (shown) b.novelty = info / double(shown), b.popularity_pct = pct / double(shown);
  return b;
}

}  // namespace ss::eval
