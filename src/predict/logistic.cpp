// The baseline learner: standardised features, mean imputation, L2-regularised logistic
// regression fitted by Newton's method (IRLS) — exact and fast for tens of features —
// or ridge regression in closed form for regression objectives.
#include <Eigen/Dense>
#include <cmath>
#include <istream>
#include <ostream>

#include "core/error.h"
#include "predict/estimator_impl.h"

namespace ss::predict {

class Logistic final : public Estimator {
 public:
  Logistic(const Spec& spec, Objective obj)
      : params_("logreg", {{"l2", ParamKind::kFloat, "1", "L2 penalty on standardised weights", 0, 1e9},
                           {"iters", ParamKind::kInt, "30", "Newton iterations at most", 1, 1000}}),
        obj_(obj) {
    params_.configure(spec.params);
  }
  Spec spec() const override { return params_.to_spec("logreg"); }

  void fit(const Matrix& x, const std::vector<float>& y, const std::vector<float>& w, Context&) override {
    const size_t n = x.rows, d = x.cols;
    if (n == 0) throw Error("logreg: no training rows");
    mean_.assign(d, 0);
    scale_.assign(d, 1);
    for (size_t c = 0; c < d; ++c) {
      double s = 0, s2 = 0, cnt = 0;
      for (size_t r = 0; r < n; ++r) {
        const float v = x.at(r, c);
        if (!std::isnan(v)) s += v, s2 += static_cast<double>(v) * v, cnt += 1;
      }
      mean_[c] = cnt > 0 ? s / cnt : 0;
      const double var = cnt > 1 ? s2 / cnt - mean_[c] * mean_[c] : 0;
      scale_[c] = var > 1e-12 ? std::sqrt(var) : 1;
    }
    Eigen::MatrixXd z = standardise(x);
    Eigen::VectorXd target(n), weight(n);
    for (size_t r = 0; r < n; ++r) target[r] = y[r], weight[r] = w.empty() ? 1.0 : w[r];
    const double l2 = params_.get_float("l2");
    Eigen::MatrixXd reg = Eigen::MatrixXd::Identity(d + 1, d + 1) * l2;
    reg(d, d) = 0;  // the intercept is not penalised
    if (obj_ == Objective::kRegression) {
      const Eigen::MatrixXd h = z.transpose() * weight.asDiagonal() * z + reg;
      beta_ = h.ldlt().solve(z.transpose() * (weight.cwiseProduct(target)));
      return;
    }
    beta_ = Eigen::VectorXd::Zero(d + 1);
    for (int it = 0; it < params_.get_int("iters"); ++it) {
      const Eigen::VectorXd p = ((-(z * beta_)).array().exp() + 1.0).inverse().matrix();
      const Eigen::VectorXd grad = z.transpose() * (weight.cwiseProduct(p - target)) + reg * beta_;
      const Eigen::VectorXd s = weight.cwiseProduct(p.cwiseProduct((1 - p.array()).matrix()));
      const Eigen::MatrixXd h = z.transpose() * s.asDiagonal() * z + reg + 1e-9 * Eigen::MatrixXd::Identity(d + 1, d + 1);
      const Eigen::VectorXd step = h.ldlt().solve(grad);
      beta_ -= step;
      if (step.norm() < 1e-8 * (1 + beta_.norm())) break;
    }
  }

  std::vector<float> predict(const Matrix& x) const override {
    if (beta_.size() == 0) throw Error("logreg: predict before fit");
    const Eigen::VectorXd s = standardise(x) * beta_;
    std::vector<float> out(x.rows);
    for (size_t r = 0; r < x.rows; ++r)
      out[r] = static_cast<float>(obj_ == Objective::kBinary ? 1 / (1 + std::exp(-s[r])) : s[r]);
    return out;
  }

  std::vector<double> importances() const override {
    std::vector<double> out(mean_.size());
    for (size_t c = 0; c < out.size(); ++c) out[c] = std::abs(beta_[c]);  // weights on standardised inputs
    return out;
  }

  void save(std::ostream& out) const override {
    write_vector(out, mean_);
    write_vector(out, scale_);
    write_vector(out, std::vector<double>(beta_.data(), beta_.data() + beta_.size()));
  }
  void load(std::istream& in) override {
    mean_ = read_vector(in);
    scale_ = read_vector(in);
    const auto b = read_vector(in);
    beta_ = Eigen::Map<const Eigen::VectorXd>(b.data(), static_cast<Eigen::Index>(b.size()));
  }

 private:
  Eigen::MatrixXd standardise(const Matrix& x) const {
    if (x.cols != mean_.size()) throw Error("logreg: feature count differs from training");
    Eigen::MatrixXd z(x.rows, x.cols + 1);
    for (size_t r = 0; r < x.rows; ++r) {
      for (size_t c = 0; c < x.cols; ++c) {
        const float v = x.at(r, c);
        z(r, c) = std::isnan(v) ? 0.0 : (v - mean_[c]) / scale_[c];
      }
      z(r, x.cols) = 1.0;
    }
    return z;
  }
  Params params_;
  Objective obj_;
  std::vector<double> mean_, scale_;
  Eigen::VectorXd beta_;
};

std::unique_ptr<Estimator> make_logistic(const Spec& spec, Objective obj) { return std::make_unique<Logistic>(spec, obj); }

}  // namespace ss::predict
