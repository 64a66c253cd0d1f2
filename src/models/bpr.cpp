// BPR matrix factorisation (Rendle et al. 2009): SGD on ln sigmoid(x_ui - x_uj) over
// sampled (user, positive, negative) triples, with item biases. Positives are sampled in
// proportion to nothing but existence (one per interaction and epoch); negatives uniformly
// among items the user has not touched. Seeded; chunks run in parallel (Hogwild style),
// so only --threads 1 gives bit-identical factors.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "core/rng.h"
#include "models/builtin.h"
#include "models/factor_model.h"
#include "models/interactions.h"

namespace ss {
namespace {

class Bpr final : public FactorModel {
 public:
  explicit Bpr(const Spec& s)
      : FactorModel("bpr",
                    {{"factors", ParamKind::kInt, "64", "latent dimensions", 1, 1024},
                     {"lr", ParamKind::kFloat, "0.05", "SGD learning rate", 0},
                     {"reg", ParamKind::kFloat, "0.002", "L2 regularisation", 0},
                     {"epochs", ParamKind::kInt, "30", "passes over the interactions", 1, 10000}},
                    s) {}

 protected:
  void fit_model(const TrainData& data, Context& ctx) override {
    const Csr ui = user_item_matrix(data, true, ctx);
    const int f = static_cast<int>(params_.get_int("factors"));
    Rng init(ctx.seed);
    users_.assign(static_cast<size_t>(ui.rows) * f, 0.0f);
    for (float& v : users_) v = static_cast<float>(init.normal()) * 0.1f;
    for (uint32_t u = 0; u < ui.rows; ++u)  // users without data keep a zero vector (= unknown)
      if (ui.ptr[u] == ui.ptr[u + 1]) std::fill_n(users_.begin() + static_cast<long>(u) * f, f, 0.0f);
    items_.n = ui.cols;
    items_.f = f;
    items_.q.assign(static_cast<size_t>(ui.cols) * f, 0.0f);
    for (float& v : items_.q) v = static_cast<float>(init.normal()) * 0.1f;
    items_.bias.assign(ui.cols, 0.0f);
    // Every interaction's user, so positives are sampled uniformly over interactions.
    std::vector<uint32_t> owner(ui.nnz());
    for (uint32_t u = 0; u < ui.rows; ++u)
      for (uint64_t p = ui.ptr[u]; p < ui.ptr[u + 1]; ++p) owner[p] = u;
    const float lr = static_cast<float>(params_.get_float("lr")), reg = static_cast<float>(params_.get_float("reg"));
    const size_t nnz = ui.nnz();
    const size_t chunks = std::max<size_t>(1, ctx.threads() * 4);
    for (int64_t epoch = 0; epoch < params_.get_int("epochs") && nnz > 0 && ui.cols > 1; ++epoch) {
      ctx.check_cancelled();
      ctx.pool->parallel_tasks(chunks, [&](size_t c) {
        Rng rng(ctx.seed * 1000003 + static_cast<uint64_t>(epoch) * 7919 + c);
        Eigen::VectorXf pu(f);
        for (size_t s = 0; s < nnz / chunks + 1; ++s) {
          const uint64_t p = rng.below(nnz);
          const uint32_t u = owner[p], i = ui.idx[p];
          const auto seen = ui.cols_of(u);
          if (seen.size() >= ui.cols) continue;
          uint32_t j;
          do j = static_cast<uint32_t>(rng.below(ui.cols));
          while (std::binary_search(seen.begin(), seen.end(), j));
          Eigen::Map<Eigen::VectorXf> xu(users_.data() + static_cast<size_t>(u) * f, f);
          Eigen::Map<Eigen::VectorXf> qi(items_.q.data() + static_cast<size_t>(i) * f, f);
          Eigen::Map<Eigen::VectorXf> qj(items_.q.data() + static_cast<size_t>(j) * f, f);
          const float d = items_.bias[i] - items_.bias[j] + xu.dot(qi - qj);
          const float g = 1.0f / (1.0f + std::exp(d));  // d/dd of ln sigmoid(d)
          pu = xu;
          xu += lr * (g * (qi - qj) - reg * xu);
          qi += lr * (g * pu - reg * qi);
          qj += lr * (-g * pu - reg * qj);
          items_.bias[i] += lr * (g - reg * items_.bias[i]);
          items_.bias[j] += lr * (-g - reg * items_.bias[j]);
        }
      });
    }
    prepare(&ctx);
  }
  void save_model(BinWriter& w) const override {
    items_.save(w);
    w.vec(users_);
    save_index(w);
  }
  void load_model(BinReader& r) override {
    items_.load(r);
    r.vec(users_);
    if (users_.size() != static_cast<size_t>(info_.num_users) * items_.f)
      throw Error("bpr model file: user factors do not match the user count", ErrorCode::kCorrupt);
    finish_load(r);
  }

 private:
  // A trained user's own factors; otherwise (a new user or anonymous session) the weighted
  // mean of the history's item factors.
  bool user_vector(const RecommendRequest& req, Eigen::VectorXf& x) const override {
    const auto hist = history_weights(req.history, info_.weights, info_.num_items);
    if (hist.empty()) return false;
    const int f = items_.f;
    if (req.user < info_.num_users) {
      x = Eigen::Map<const Eigen::VectorXf>(users_.data() + static_cast<size_t>(req.user) * f, f);
      if (x.squaredNorm() > 0) return true;
    }
    x = Eigen::VectorXf::Zero(f);
    float total = 0;
    for (const auto& [i, w] : hist) x += w * Eigen::Map<const Eigen::VectorXf>(items_.row(i), f), total += w;
    x /= total;
    return true;
  }

  std::vector<float> users_;
};

}  // namespace

std::unique_ptr<ScoringModel> make_bpr(const Spec& s) { return std::make_unique<Bpr>(s); }

}  // namespace ss
