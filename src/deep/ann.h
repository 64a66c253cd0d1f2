// Approximate maximum-inner-product search over a deep model's item embeddings, on the
// models layer's hnswlib index (FactorIndex), so that top-k comes from a graph walk instead
// of scoring every item. Inner products are first turned into a same-norm problem
// (x' = [x, sqrt(R^2 - |x|^2)], query [q, 0]): HNSW's graph then works as well as for
// cosine, and the ranking is unchanged.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "models/factors.h"

namespace ss::deep {

struct AnnOptions {
  int m = 16;                 // graph degree
  int ef_construction = 200;  // build-time beam
  int ef_search = 100;        // query-time beam (hnswlib widens it to k when smaller)
};

class AnnIndex {
 public:
  // `vectors` holds `count` rows of `dim` floats; row r is item r. With a context the graph
  // is built in parallel on its pool (faster; the graph then depends on scheduling).
  AnnIndex(const float* vectors, size_t count, size_t dim, const AnnOptions& options = {}, Context* ctx = nullptr);
  // The index save() wrote for these same vectors, read from `saved` instead of rebuilt; a
  // graph that is absent, damaged or not of these vectors is rebuilt (from_file() false).
  AnnIndex(const float* vectors, size_t count, size_t dim, const AnnOptions& options, BinReader& saved);
  // The graph as one block (FactorIndex's format), for a model file.
  void save(BinWriter& w) const { index_.save(w); }
  // Whether the graph was read from a saved block (false: built here).
  bool from_file() const { return from_file_; }
  // Up to k (item, inner product) pairs, best first. Thread-safe.
  std::vector<std::pair<uint32_t, float>> search(const float* query, size_t k) const;
  size_t size() const { return count_; }
  size_t dim() const { return dim_; }

 private:
  size_t count_, dim_;
  bool from_file_ = false;
  FactorIndex index_;
};

}  // namespace ss::deep
