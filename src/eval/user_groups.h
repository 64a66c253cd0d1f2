// A table's rows grouped by user, each user's rows oldest first (ties by row order), as
// contiguous item/type/time columns: exactly the History spans the models take.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "core/events.h"
#include "models/recommender.h"

namespace ss::eval {

struct UserGroups {
  std::vector<uint64_t> offsets;  // user u's rows are [offsets[u], offsets[u+1])
  std::vector<uint32_t> item;
  std::vector<Behavior> type;
  std::vector<int64_t> ts_ms;  // empty when the table has no times

  size_t num_users() const { return offsets.empty() ? 0 : offsets.size() - 1; }
  size_t count(uint32_t u) const { return u < num_users() ? offsets[u + 1] - offsets[u] : 0; }
  History history(uint32_t u) const;
};

// Groups the rows of `events` (users with id kNone and rows without an item are left out)
// over user ids [0, num_users).
UserGroups group_by_user(const EventTable& events, size_t num_users);

// One past the largest user id in any of the tables.
size_t user_universe(std::initializer_list<const EventTable*> tables);

}  // namespace ss::eval
