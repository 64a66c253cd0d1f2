// Sessions by inactivity gap, k-core filtering and time-range filters.
#pragma once
#include <cstdint>

#include "core/context.h"
#include "prep/removal.h"
#include "prep/user_index.h"

namespace ss::prep {

// Fills (replaces) the session column: a user's events in time order start a new session
// whenever the gap since their previous event exceeds gap_ms. Session ids are dense,
// numbered by user id then time, so they are the same for any thread count. Rows without
// a user get kNone. Returns the number of sessions.
uint64_t assign_sessions(EventTable& events, const UserIndex& index, int64_t gap_ms, Context& ctx);

// Marks rows outside [from_ms, to_ms) with Reason::kTimeRange; returns how many.
uint64_t filter_time_range(const EventTable& events, int64_t from_ms, int64_t to_ms, RemovalMask& mask);

struct KCoreResult {
  uint64_t events_removed = 0, users_removed = 0, items_removed = 0;
  int rounds = 0;
};
// Repeatedly removes the rows of users with fewer than k kept item events and of items
// with fewer than k kept events, until every remaining user and item has at least k (the
// k-core of the user-item graph, counting events; exact duplicates should be removed
// first). Rows without an item (searches) do not count and are removed only with their
// user. Marks Reason::kKCore.
KCoreResult kcore_filter(const EventTable& events, uint32_t k, RemovalMask& mask);

}  // namespace ss::prep
