// Walks the training events user by user in time order, cut into sessions (the session
// column when present, else a gap of more than `gap_ms`): what the Markov and
// bought-together models count.
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "core/events.h"

namespace ss {

// Calls fn(rows) for each session, rows being event indices in time order.
void for_each_session(const EventTable& ev, int64_t gap_ms, const std::function<void(std::span<const uint32_t>)>& fn);

}  // namespace ss
