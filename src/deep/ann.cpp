#include "deep/ann.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace ss::deep {

namespace {

// Rows [x, sqrt(R^2 - |x|^2)] (R the largest norm); FactorIndex appends the (zero) bias
// column itself. The same vectors always give the same rows, bit for bit, so a saved graph
// can be checked against them.
ItemFactors same_norm_rows(const float* vectors, size_t count, size_t dim) {
  if (count == 0 || dim == 0) throw Error("ANN index: no vectors to index");
  double max_norm2 = 0;
  for (size_t r = 0; r < count; ++r) {
    double n2 = 0;
    for (size_t j = 0; j < dim; ++j) n2 += double(vectors[r * dim + j]) * vectors[r * dim + j];
    max_norm2 = std::max(max_norm2, n2);
  }
  ItemFactors f;
  f.n = uint32_t(count);
  f.f = int(dim + 1);
  f.q.resize(count * (dim + 1));
  for (size_t r = 0; r < count; ++r) {
    double n2 = 0;
    float* row = f.q.data() + r * (dim + 1);
    for (size_t j = 0; j < dim; ++j) row[j] = vectors[r * dim + j], n2 += double(row[j]) * row[j];
    row[dim] = float(std::sqrt(std::max(0.0, max_norm2 - n2)));
  }
  return f;
}

}  // namespace

AnnIndex::AnnIndex(const float* vectors, size_t count, size_t dim, const AnnOptions& options, Context* ctx)
    : count_(count), dim_(dim) {
  index_.build(same_norm_rows(vectors, count, dim), options.m, options.ef_construction, options.ef_search, ctx);
}

AnnIndex::AnnIndex(const float* vectors, size_t count, size_t dim, const AnnOptions& options, BinReader& saved)
    : count_(count), dim_(dim) {
  const ItemFactors rows = same_norm_rows(vectors, count, dim);
  from_file_ = index_.load(saved, rows, options.ef_search);
  if (!from_file_) index_.build(rows, options.m, options.ef_construction, options.ef_search, nullptr);
}

std::vector<std::pair<uint32_t, float>> AnnIndex::search(const float* query, size_t k) const {
  k = std::min(k, count_);
  if (k == 0) return {};
  std::vector<float> q(query, query + dim_);
  q.push_back(0.0f);  // the norm-equalising column must not count
  return index_.search(q.data(), k);
}

}  // namespace ss::deep
