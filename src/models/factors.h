// Shared by the matrix-factorisation models (iALS, BPR): item factor rows, exact scoring,
// "because you viewed X" from factor similarity, and the optional hnswlib maximum
// inner-product index (ann=true) used instead of scoring every item.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/context.h"
#include "models/binary_io.h"

namespace hnswlib {
template <typename T>
class HierarchicalNSW;
class InnerProductSpace;
}  // namespace hnswlib

namespace ss {

struct ItemFactors {
  uint32_t n = 0;
  int f = 0;
  std::vector<float> q;     // n x f, row-major
  std::vector<float> bias;  // n (zeros for iALS)

  const float* row(uint32_t i) const { return q.data() + static_cast<size_t>(i) * f; }
  // scores[i] += q_i . x + bias_i
  void score(const float* x, std::span<float> scores) const;
  // The source item whose factors are most similar (cosine) to `item`'s, kNone if none.
  uint32_t most_similar(std::span<const std::pair<uint32_t, float>> sources, uint32_t item) const;
  // most_similar for several items, each source's norm computed once and the dot products
  // in vectorised float (near-ties may pick another source than most_similar()).
  std::vector<uint32_t> most_similar_many(std::span<const std::pair<uint32_t, float>> sources,
                                          std::span<const uint32_t> items) const;
  std::vector<std::pair<uint32_t, float>> similar(uint32_t item, size_t k) const;
  void save(BinWriter& w) const;
  void load(BinReader& r);
};

// Maximum inner product search over [q_i, bias_i] with query [x, 1].
class FactorIndex {
 public:
  FactorIndex();
  ~FactorIndex();
  void build(const ItemFactors& items, int m, int ef_construction, int ef_search, Context* ctx);
  bool built() const { return hnsw_ != nullptr; }
  void clear();
  // Up to `k` items, best first, scores as inner products. hnswlib searches with a beam of
  // max(ef, k), so asking for more than ef widens the search instead of truncating it.
  std::vector<std::pair<uint32_t, float>> search(const float* x, size_t k) const;
  // Changes the search beam. Not safe while other threads search (benchmarks, tuning).
  void set_ef(int ef_search);
  int ef() const { return ef_; }
  // The built graph as one length-prefixed blob (hnswlib's own format), so that loading a
  // model does not rebuild it; load() checks it against `items` and returns false (index
  // left empty) when it does not match, so the caller can rebuild.
  void save(BinWriter& w) const;
  bool load(BinReader& r, const ItemFactors& items, int ef_search);

 private:
  int dim_ = 0, ef_ = 0;
  std::unique_ptr<hnswlib::InnerProductSpace> space_;
  std::unique_ptr<hnswlib::HierarchicalNSW<float>> hnsw_;
};

}  // namespace ss
