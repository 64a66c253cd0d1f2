// The user x item interaction matrix that most models learn from, in compressed sparse
// rows, and the per-request view of a History as (item, weight) pairs.
#pragma once
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "core/context.h"
#include "models/recommender.h"

namespace ss {

struct Csr {
  uint32_t rows = 0, cols = 0;
  std::vector<uint64_t> ptr{0};
  std::vector<uint32_t> idx;  // sorted within each row
  std::vector<float> val;
  std::span<const uint32_t> cols_of(uint32_t r) const { return {idx.data() + ptr[r], idx.data() + ptr[r + 1]}; }
  std::span<const float> vals_of(uint32_t r) const { return {val.data() + ptr[r], val.data() + ptr[r + 1]}; }
  size_t nnz() const { return idx.size(); }
};

// Sums the behaviour weights of each (user, item) pair; pairs whose sum is not positive
// (only views weighted 0, or dislikes) are dropped. binary=true stores 1 for each pair.
Csr user_item_matrix(const TrainData& data, bool binary, Context& ctx);
// Same from plain (user, item, weight) columns, for benchmarks and tests.
Csr csr_from_triplets(uint32_t rows, uint32_t cols, const std::vector<uint32_t>& r,
                      const std::vector<uint32_t>& c, const std::vector<float>& w, bool binary, Context& ctx);
Csr transpose(const Csr& m);

// A history as distinct items (by id) with summed behaviour weights, dropping
// items whose weight is not positive. Types empty: every event weighs 1.
std::vector<std::pair<uint32_t, float>> history_weights(const History& h, const BehaviorWeights& w,
                                                         size_t num_items);

}  // namespace ss
