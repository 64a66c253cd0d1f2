// Rows of an event table grouped by user and ordered by time: the one sort that every
// per-user cleaning step and split shares. Built with a counting sort on user ids (one
// pass) and a per-user sort on (timestamp, row) in parallel, so ties break by the row's
// position in the table and results never depend on thread count.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "core/context.h"
#include "core/events.h"

namespace ss::prep {

struct UserIndex {
  // rows[offsets[u] .. offsets[u+1]) are user u's row numbers in (ts, row) order.
  std::vector<uint64_t> offsets;
  std::vector<uint32_t> rows;

  size_t num_users() const { return offsets.empty() ? 0 : offsets.size() - 1; }
  size_t count(uint32_t u) const { return offsets[u + 1] - offsets[u]; }
  std::span<const uint32_t> of(uint32_t u) const {
    return {rows.data() + offsets[u], static_cast<size_t>(offsets[u + 1] - offsets[u])};
  }
};

// Users with id kNone are left out (their rows appear in no group).
UserIndex build_user_index(const EventTable& events, Context& ctx);
// Only rows with keep[row] != 0 of users below `num_users`; the index has exactly
// `num_users` groups. An empty `keep` keeps every row.
UserIndex build_user_index(const EventTable& events, Context& ctx, size_t num_users, std::span<const uint8_t> keep);

// A copy of the given rows, in the given order, with every column the table has; columns
// are copied in parallel when a context is given.
EventTable take_rows(const EventTable& events, std::span<const uint32_t> rows, Context* ctx = nullptr);

// Row numbers i with labels[i] == label, ascending.
std::vector<uint32_t> rows_where(const std::vector<uint8_t>& labels, uint8_t label);

}  // namespace ss::prep
