// Shared fixtures for the analytics tests: a small generated shop (built once) and a
// helper for hand-made tables.
#pragma once
#include <string>
#include <vector>

#include "analytics/view.h"
#include "synth/generator.h"

namespace ss::analytics::testing {

// 1500 users, 400 items, 60 days: about 80k events with planted truth. Shared, read-only.
const SyntheticShop& shop();

// A hand-made dataset: `users` users u0.., `items` items i0.. in categories c0.. given by
// item_cat, and the rows appended by add().
struct Hand {
  Dataset data;
  Hand(size_t users, const std::vector<uint32_t>& item_cat, size_t brands = 1);
  // t in minutes from 2024-01-01 00:00 UTC.
  Hand& add(uint32_t user, uint32_t item, Behavior b, int64_t t_min, uint32_t session = kNone, float price = kNoValue,
            float qty = kNoValue);
};

inline constexpr int64_t kT0 = 1704067200000;  // 2024-01-01T00:00:00Z
inline constexpr int64_t kMin = 60000;

}  // namespace ss::analytics::testing
