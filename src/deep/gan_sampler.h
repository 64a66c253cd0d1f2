// Synthetic users from a trained generative model (CFGAN), without torch in the header: the
// CLI asks a loaded model for this ability with dynamic_cast, like ItemSimilarity.
#pragma once
#include <cstdint>
#include <vector>

#include "core/behavior.h"

namespace ss {

struct SyntheticUser {
  std::vector<uint32_t> items;  // distinct items, in the order the user "did" them
  std::vector<Behavior> types;  // one per item
  std::vector<int64_t> ts_ms;   // one per item, increasing
};

class GanSampler {
 public:
  virtual ~GanSampler() = default;
  // `n` new users. Each draws a taste profile from the real users' (basket size, main
  // category, items in it: counts, never items), starts from a few popularity-drawn items of
  // that category and grows item by item from the generator's scores given what it already
  // has (plus fresh noise), keeping the drawn main-category count. Deterministic for a seed.
  virtual std::vector<SyntheticUser> sample_users(size_t n, uint64_t seed) const = 0;
};

}  // namespace ss
