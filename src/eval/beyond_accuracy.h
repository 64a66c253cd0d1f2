// What the recommendations look like beyond hitting the held-out items: how much of the
// catalogue they use, how unexpected and how popular the recommended items are.
#pragma once
#include <cstdint>
#include <vector>

#include "core/events.h"

namespace ss::eval {

struct BeyondAccuracy {
  double coverage = 0;        // distinct recommended items / num_items
  double novelty = 0;         // mean -log2((users with the item + 1) / (users + 1)) in training
  double popularity_pct = 0;  // mean share of items at most as popular as the recommended one
};

// top: the recommended lists, kNone-padded; popularity is counted in distinct training users.
BeyondAccuracy beyond_accuracy(const std::vector<uint32_t>& top, const EventTable& train,
                               size_t num_items);

}  // namespace ss::eval
