// EASE (Steck 2019): the closed-form linear autoencoder. P = (X^T X + lambda I)^-1,
// B = I - P diag(1/diag(P)), i.e. B_ij = -P_ij / P_jj and B_jj = 0. Gram matrix in double,
// inverted in place by LAPACK's Cholesky (OpenBLAS, multi-threaded); B kept as float.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "models/builtin.h"
#include "models/interactions.h"

extern "C" {
void dpotrf_(const char* uplo, const int* n, double* a, const int* lda, int* info);
void dpotri_(const char* uplo, const int* n, double* a, const int* lda, int* info);
}

namespace ss {
namespace {

class Ease final : public ScoringModel, public ItemSimilarity {
 public:
  explicit Ease(const Spec& s)
      : ScoringModel("ease",
                     {{"lambda", ParamKind::kFloat, "500", "L2 regularisation added to the Gram diagonal", 0},
                      {"binary", ParamKind::kBool, "true", "X is 0/1 (else summed behaviour weights)"},
                      {"max_items", ParamKind::kInt, "40000", "refuse larger catalogues (memory is 12 bytes * items^2)", 1}},
                     s) {}

  bool score(const RecommendRequest& req, std::span<float> scores) const override {
    const auto hist = history(req);
    if (hist.empty()) return false;
    const size_t n = info_.num_items;
    Eigen::Map<Eigen::VectorXf> s(scores.data(), static_cast<Eigen::Index>(n));
    for (const auto& [h, x] : hist)
      s += x * Eigen::Map<const Eigen::VectorXf>(b_.data() + static_cast<size_t>(h) * n, static_cast<Eigen::Index>(n));
    return true;
  }
  std::string explain(const RecommendRequest& req, uint32_t item) const override {
    uint32_t best = kNone;
    float best_c = 0.0f;
    for (const auto& [h, x] : history(req)) {
      const float c = x * b_[static_cast<size_t>(h) * info_.num_items + item];
      if (c > best_c) best_c = c, best = h;
    }
    if (best == kNone) return info_.popular_reason(item);
    return "because you " + history_verb(req.history, best) + " " + info_.name(best);
  }
  std::vector<Recommendation> similar_items(uint32_t item, size_t k) const override {
    std::vector<Recommendation> out;
    if (item >= info_.num_items) return out;
    const size_t n = info_.num_items;
    std::span<const float> row(b_.data() + item * n, n);
    for (const auto& [j, w] : top_k(row, k, true)) out.push_back({j, w, "similar to " + info_.name(item)});
    return out;
  }

 protected:
  void fit_model(const TrainData& data, Context& ctx) override {
    const bool binary = params_.get_bool("binary");
    const Csr ui = user_item_matrix(data, binary, ctx);
    const size_t n = ui.cols;
    if (static_cast<int64_t>(n) > params_.get_int("max_items"))
      throw Error("ease: " + std::to_string(n) + " items exceed max_items=" + std::to_string(params_.get_int("max_items")) +
                  " (it needs a dense items x items matrix); raise max_items if memory allows");
    fit_matrix(ui, ctx);
  }
  void save_model(BinWriter& w) const override { w.vec(b_); }
  void load_model(BinReader& r) override {
    r.vec(b_);
    if (b_.size() != static_cast<size_t>(info_.num_items) * info_.num_items)
      throw Error("ease model file: weight matrix does not match the item count", ErrorCode::kCorrupt);
  }

 private:
  std::vector<std::pair<uint32_t, float>> history(const RecommendRequest& req) const {
    auto h = history_weights(req.history, info_.weights, info_.num_items);
    if (params_.get_bool("binary"))
      for (auto& p : h) p.second = 1.0f;
    return h;
  }

 public:
  void fit_matrix(const Csr& ui, Context& ctx) {
    const Csr iu = transpose(ui);
    const int n = static_cast<int>(ui.cols);
    const size_t nn = static_cast<size_t>(n) * n;
    std::vector<double> g(nn, 0.0);
    // Gram matrix G = X^T X: row i owned by one task, so no races.
    ctx.pool->parallel_for(n, [&](size_t b, size_t e) {
      for (size_t i = b; i < e; ++i) {
        double* gi = g.data() + i * n;
        for (uint64_t p = iu.ptr[i]; p < iu.ptr[i + 1]; ++p) {
          const uint32_t u = iu.idx[p];
          const double xi = iu.val[p];
          for (uint64_t q = ui.ptr[u]; q < ui.ptr[u + 1]; ++q) gi[ui.idx[q]] += xi * ui.val[q];
        }
      }
    }, 8);
    const double lambda = params_.get_float("lambda");
    for (int i = 0; i < n; ++i) g[static_cast<size_t>(i) * n + i] += lambda;
    int info = 0;
    const char lo = 'L';
    if (n > 0) dpotrf_(&lo, &n, g.data(), &n, &info);
    if (info != 0) throw Error("ease: X^T X + lambda I is not positive definite (lambda too small?)");
    if (n > 0) dpotri_(&lo, &n, g.data(), &n, &info);
    if (info != 0) throw Error("ease: matrix inversion failed");
    // LAPACK filled the lower triangle in column-major order = the upper one in row-major.
    b_.assign(nn, 0.0f);
    ctx.pool->parallel_for(n, [&](size_t b, size_t e) {
      for (size_t i = b; i < e; ++i)
        for (size_t j = 0; j < static_cast<size_t>(n); ++j) {
          if (i == j) continue;
          const double pij = i < j ? g[i * n + j] : g[j * n + i];
          b_[i * n + j] = static_cast<float>(-pij / g[j * n + j]);
        }
    });
  }

 private:
  std::vector<float> b_;  // row h: how much having item h adds to each item
};

}  // namespace

std::unique_ptr<ScoringModel> make_ease(const Spec& s) { return std::make_unique<Ease>(s); }

}  // namespace ss
