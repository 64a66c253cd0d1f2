#include "models/factors.h"

#include <hnswlib/hnswlib.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "models/scoring_model.h"

namespace ss {

using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

void ItemFactors::score(const float* x, std::span<float> scores) const {
  Eigen::Map<const RowMat> qm(q.data(), n, f);
  Eigen::Map<const Eigen::VectorXf> xv(x, f);
  Eigen::Map<Eigen::VectorXf> s(scores.data(), n);
  s.noalias() += qm * xv;
  if (!bias.empty()) s += Eigen::Map<const Eigen::VectorXf>(bias.data(), n);
}

static float cosine(const float* a, const float* b, int f) {
  double ab = 0, aa = 0, bb = 0;
  for (int k = 0; k < f; ++k) ab += a[k] * b[k], aa += a[k] * a[k], bb += b[k] * b[k];
  return aa > 0 && bb > 0 ? static_cast<float>(ab / std::sqrt(aa * bb)) : 0.0f;
}

uint32_t ItemFactors::most_similar(std::span<const std::pair<uint32_t, float>> sources, uint32_t item) const {
  uint32_t best = kNone;
  float best_c = 0.0f;
  for (const auto& [h, w] : sources) {
    const float c = cosine(row(h), row(item), f);
    if (c > best_c) best_c = c, best = h;
  }
  return best;
}

std::vector<uint32_t> ItemFactors::most_similar_many(std::span<const std::pair<uint32_t, float>> sources,
                                                     std::span<const uint32_t> items) const {
  // cosine(h, i) > best  <=>  (h . i) / |h| > best * |i| for a fixed item i: compare h . i / |h|.
  thread_local std::vector<float> inv_norm;
  inv_norm.resize(sources.size());
  for (size_t s = 0; s < sources.size(); ++s) {
    const float nn = Eigen::Map<const Eigen::VectorXf>(row(sources[s].first), f).squaredNorm();
    inv_norm[s] = nn > 0 ? 1.0f / std::sqrt(nn) : 0.0f;
  }
  std::vector<uint32_t> out(items.size(), kNone);
  for (size_t k = 0; k < items.size(); ++k) {
    if (items[k] >= n) continue;
    const Eigen::Map<const Eigen::VectorXf> iv(row(items[k]), f);
    float best_c = 0.0f;
    for (size_t s = 0; s < sources.size(); ++s) {
      if (inv_norm[s] == 0.0f) continue;
      const float c = Eigen::Map<const Eigen::VectorXf>(row(sources[s].first), f).dot(iv) * inv_norm[s];
      if (c > best_c) best_c = c, out[k] = sources[s].first;
    }
  }
  return out;
}

std::vector<std::pair<uint32_t, float>> ItemFactors::similar(uint32_t item, size_t k) const {
  if (item >= n) return {};
  std::vector<float> s(n);
  for (uint32_t j = 0; j < n; ++j) s[j] = j == item ? -INFINITY : cosine(row(item), row(j), f);
  return top_k(s, k, true);
}

void ItemFactors::save(BinWriter& w) const {
  w.pod(n);
  w.pod(f);
  w.vec(q);
  w.vec(bias);
}

void ItemFactors::load(BinReader& r) {
  n = r.pod<uint32_t>();
  f = r.pod<int>();
  r.vec(q);
  r.vec(bias);
  if (q.size() != static_cast<size_t>(n) * f || (!bias.empty() && bias.size() != n))
    throw Error("model file: factor matrix does not match its size; retrain it", ErrorCode::kCorrupt);
}

FactorIndex::FactorIndex() = default;
FactorIndex::~FactorIndex() = default;

void FactorIndex::clear() {
  hnsw_.reset();  // before the space it points to
  space_.reset();
}

void FactorIndex::build(const ItemFactors& items, int m, int ef_construction, int ef_search, Context* ctx) {
  dim_ = items.f + 1;
  ef_ = ef_search;
  space_ = std::make_unique<hnswlib::InnerProductSpace>(dim_);
  hnsw_ = std::make_unique<hnswlib::HierarchicalNSW<float>>(space_.get(), std::max<size_t>(items.n, 1), m,
                                                            ef_construction, 100);
  auto add = [&](size_t b, size_t e) {
    std::vector<float> v(dim_);
    for (size_t i = b; i < e; ++i) {
      std::copy_n(items.row(static_cast<uint32_t>(i)), items.f, v.begin());
      v[items.f] = items.bias.empty() ? 0.0f : items.bias[i];
      hnsw_->addPoint(v.data(), i);
    }
  };
  // The first point alone, then the rest (in parallel when a pool is given; addPoint is
  // thread-safe, at the price of a build that depends on scheduling).
  if (items.n == 0) return;
  add(0, 1);
  if (ctx)
    ctx->pool->parallel_for(items.n - 1, [&](size_t b, size_t e) { add(b + 1, e + 1); }, 256);
  else
    add(1, items.n);
  hnsw_->setEf(static_cast<size_t>(ef_));
}

std::vector<std::pair<uint32_t, float>> FactorIndex::search(const float* x, size_t k) const {
  std::vector<float> qv(x, x + dim_ - 1);
  qv.push_back(1.0f);
  auto pq = hnsw_->searchKnn(qv.data(), k);
  std::vector<std::pair<uint32_t, float>> out(pq.size());
  for (size_t i = pq.size(); i-- > 0;) {
    out[i] = {static_cast<uint32_t>(pq.top().second), 1.0f - pq.top().first};
    pq.pop();
  }
  return out;
}

}  // namespace ss
