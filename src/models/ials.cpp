// Implicit ALS (Hu, Koren, Volinsky 2008) with the conjugate-gradient solver of Takacs et
// al. (2011): confidence c_ui = 1 + alpha * w_ui (w from BehaviorWeights), preference 1.
// Each half-epoch solves every user (then item) row with a few warm-started CG steps,
// rows in parallel through ctx.pool. Requests are folded in exactly from their history,
// so live events count at once.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "core/collective.h"
#include "core/rng.h"
#include "models/builtin.h"
#include "models/factor_model.h"
#include "models/ials.h"
#include "models/interactions.h"

namespace ss {

using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

namespace {

// Solves rows [rows.begin, rows.end) of x given the fixed side y and its Gram matrix yty.
void solve_rows(const Csr& m, const std::vector<float>& y, const Eigen::MatrixXf& yty, std::vector<float>& x,
                Block rows, int f, float reg, float alpha, int cg_steps, Context& ctx) {
  ctx.pool->parallel_for(rows.size(), [&](size_t b, size_t e) {
    ctx.check_cancelled();  // a half-step over millions of rows can take seconds
    Eigen::VectorXf r(f), p(f), ap(f);  // scratch per chunk
    for (size_t u = rows.begin + b; u < rows.begin + e; ++u) {
      Eigen::Map<Eigen::VectorXf> xu(x.data() + u * f, f);
      const uint64_t p0 = m.ptr[u], p1 = m.ptr[u + 1];
      // r = b - A x with A = YtY + reg I + sum (c-1) y y^T and b = sum c y.
      r.noalias() = -(yty * xu) - reg * xu;
      for (uint64_t k = p0; k < p1; ++k) {
        Eigen::Map<const Eigen::VectorXf> yi(y.data() + static_cast<size_t>(m.idx[k]) * f, f);
        const float c1 = alpha * m.val[k];
        r += (1.0f + c1 - c1 * yi.dot(xu)) * yi;
      }
      p = r;
      float rs = r.squaredNorm();
      for (int it = 0; it < cg_steps && rs > 1e-12f; ++it) {
        ap.noalias() = yty * p + reg * p;
        for (uint64_t k = p0; k < p1; ++k) {
          Eigen::Map<const Eigen::VectorXf> yi(y.data() + static_cast<size_t>(m.idx[k]) * f, f);
          ap += (alpha * m.val[k] * yi.dot(p)) * yi;
        }
        const float a = rs / p.dot(ap);
        xu += a * p;
        r -= a * ap;
        const float rs_new = r.squaredNorm();
        p = r + (rs_new / rs) * p;
        rs = rs_new;
      }
    }
  }, 64);
}

}  // namespace

void ials_half_step(const Csr& m, const std::vector<float>& y, std::vector<float>& x, int f, float reg, float alpha,
                    int cg_steps, Context& ctx) {
  Eigen::Map<const RowMat> ym(y.data(), m.cols, f);
  const Eigen::MatrixXf yty = ym.transpose() * ym;
  solve_rows(m, y, yty, x, {0, m.rows}, f, reg, alpha, cg_steps, ctx);
}

void ials_half_step_sharded(const Csr& m, const std::vector<float>& y, std::vector<float>& x, int f, float reg,
                            float alpha, int cg_steps, Context& ctx, Communicator& comm) {
  // The Gram matrix is a sum over rows of y: each rank adds its own block's share.
  const Block yb = block_of(m.cols, comm.rank(), comm.size());
  Eigen::Map<const RowMat> ym(y.data() + yb.begin * size_t(f), long(yb.size()), f);
  Eigen::MatrixXf yty = ym.transpose() * ym;
  comm.allreduce_sum(std::span<float>(yty.data(), size_t(yty.size())));
  const Block xb = block_of(m.rows, comm.rank(), comm.size());
  solve_rows(m, y, yty, x, xb, f, reg, alpha, cg_steps, ctx);
  // Blocks are contiguous and in rank order, so the gathered blocks are the whole of x.
  x = allgatherv<float>(comm, std::span<const float>(x.data() + xb.begin * size_t(f), xb.size() * size_t(f)));
}

void ials_init(std::vector<float>& v, size_t rows, int f, uint64_t seed) {
  v.resize(rows * f);
  Rng rng(seed);
  const float scale = 0.1f / std::sqrt(static_cast<float>(f));
  for (float& x : v) x = static_cast<float>(rng.normal()) * scale;
}

namespace {

class Ials final : public FactorModel {
 public:
  explicit Ials(const Spec& s)
      : FactorModel("ials",
                    {{"factors", ParamKind::kInt, "64", "latent dimensions", 1, 1024},
                     {"reg", ParamKind::kFloat, "0.1", "L2 regularisation", 0},
                     {"alpha", ParamKind::kFloat, "2", "confidence = 1 + alpha * behaviour weight", 0},
                     {"iters", ParamKind::kInt, "15", "alternating epochs", 1, 1000},
                     {"cg_steps", ParamKind::kInt, "3", "conjugate-gradient steps per row and epoch", 1, 100}},
                    s) {}

 protected:
  void fit_model(const TrainData& data, Context& ctx) override {
    const Csr ui = user_item_matrix(data, false, ctx);
    const Csr iu = transpose(ui);
    const int f = static_cast<int>(params_.get_int("factors"));
    std::vector<float> users;
    ials_init(users, ui.rows, f, ctx.seed);
    items_.n = ui.cols;
    items_.f = f;
    items_.bias.clear();
    ials_init(items_.q, ui.cols, f, ctx.seed + 1);
    const float reg = static_cast<float>(params_.get_float("reg")), alpha = static_cast<float>(params_.get_float("alpha"));
    const int steps = static_cast<int>(params_.get_int("cg_steps"));
    for (int64_t it = 0; it < params_.get_int("iters"); ++it) {
      ctx.check_cancelled();
      if (distributed(data.comm)) {
        ials_half_step_sharded(ui, items_.q, users, f, reg, alpha, steps, ctx, *data.comm);
        ials_half_step_sharded(iu, users, items_.q, f, reg, alpha, steps, ctx, *data.comm);
      } else {
        ials_half_step(ui, items_.q, users, f, reg, alpha, steps, ctx);
        ials_half_step(iu, users, items_.q, f, reg, alpha, steps, ctx);
      }
    }
    prepare(&ctx);
  }
  void save_model(BinWriter& w) const override {
    items_.save(w);
    save_index(w);
  }
  void load_model(BinReader& r) override {
    items_.load(r);
    finish_load(r);
  }

 private:
  void on_items_ready() override {
    Eigen::Map<const RowMat> qm(items_.q.data(), items_.n, items_.f);
    yty_ = qm.transpose() * qm;
    // Read once here, not by name on every request.
    reg_ = static_cast<float>(params_.get_float("reg"));
    alpha_ = static_cast<float>(params_.get_float("alpha"));
  }
  // The exact least-squares user vector for this history, given the item factors.
  bool user_vector(const RecommendRequest& req, Eigen::VectorXf& x) const override {
    const auto hist = history_weights(req.history, info_.weights, info_.num_items);
    if (hist.empty()) return false;
    const int f = items_.f;
    const auto h = static_cast<Eigen::Index>(hist.size());
    // A = YtY + reg I + sum of alpha w y y^T as one rank-h update (a SYRK) of the lower
    // triangle, which is all the Cholesky factorisation reads: a third of the CPU of h
    // separate full outer products, on every MF request.
    // Per-thread buffers that only grow: no allocation per request once warm.
    thread_local Eigen::MatrixXf a, buffer;
    if (buffer.rows() != f || buffer.cols() < h) buffer.resize(f, std::max<Eigen::Index>(h, 2 * buffer.cols()));
    auto scaled = buffer.leftCols(h);
    Eigen::VectorXf b = Eigen::VectorXf::Zero(f);
    for (Eigen::Index j = 0; j < h; ++j) {
      const auto& [i, w] = hist[static_cast<size_t>(j)];  // w > 0: history_weights keeps positive sums only
      Eigen::Map<const Eigen::VectorXf> yi(items_.row(i), f);
      scaled.col(j) = std::sqrt(alpha_ * w) * yi;
      b += (1.0f + alpha_ * w) * yi;
    }
    a = yty_;
    a.diagonal().array() += reg_;
    a.selfadjointView<Eigen::Lower>().rankUpdate(scaled);
    x = a.selfadjointView<Eigen::Lower>().llt().solve(b);
    return true;
  }

  Eigen::MatrixXf yty_;
  float reg_ = 0, alpha_ = 0;
};

}  // namespace

std::unique_ptr<ScoringModel> make_ials(const Spec& s) { return std::make_unique<Ials>(s); }

}  // namespace ss
