#include "predict/missing_policy.h"

#include <cmath>
#include <istream>
#include <ostream>

#include "predict/estimator_impl.h"
#include "prep/missing.h"

namespace ss::predict {

const char* missing_name(Missing m) {
  switch (m) {
    case Missing::kNative: return "native";
    case Missing::kZero: return "zero";
    case Missing::kMedian: return "median";
    case Missing::kIndicator: return "indicator";
  }
  return "?";
}

void Imputer::fit(const Matrix& x, bool native) {
  policy_.assign(x.cols, Missing::kNative);
  fill_.assign(x.cols, std::nanf(""));
  names_ = x.names;
  names_.resize(x.cols);
  std::vector<float> column(x.rows);
  for (size_t c = 0; c < x.cols; ++c) {
    policy_[c] = x.missing_of(c);
    if (policy_[c] == Missing::kZero) {
      fill_[c] = 0.f;
      continue;
    }
    if (policy_[c] == Missing::kNative && native) continue;
    for (size_t r = 0; r < x.rows; ++r) column[r] = x.at(r, c);
    const float median = prep::column_statistic(column, prep::FillMethod::kMedian);
    fill_[c] = std::isnan(median) ? 0.f : median;  // never observed in training: nothing better than 0
  }
  source_.clear();
  for (size_t c = 0; c < x.cols; ++c) source_.push_back(c);
  for (size_t c = 0; c < x.cols; ++c)
    if (policy_[c] == Missing::kIndicator) source_.push_back(c);
}

Matrix Imputer::transform(const Matrix& x) const {
  if (x.cols != policy_.size())
    throw Error("the model was trained on " + std::to_string(policy_.size()) + " features, got " + std::to_string(x.cols));
  Matrix out;
  out.rows = x.rows;
  out.cols = source_.size();
  out.names = names_;
  out.missing = policy_;
  for (size_t k = x.cols; k < source_.size(); ++k) {
    out.names.push_back(names_[source_[k]] + "_missing");
    out.missing.push_back(Missing::kZero);
  }
  out.data.resize(out.rows * out.cols);
  for (size_t r = 0; r < x.rows; ++r) {
    const float* in = x.row(r);
    float* o = out.row(r);
    for (size_t c = 0; c < x.cols; ++c) o[c] = std::isnan(in[c]) ? fill_[c] : in[c];
    for (size_t k = x.cols; k < source_.size(); ++k) o[k] = std::isnan(in[source_[k]]) ? 1.f : 0.f;
  }
  return out;
}

void Imputer::save(std::ostream& out) const {
  std::vector<double> p(policy_.size()), f(fill_.begin(), fill_.end());
  for (size_t c = 0; c < p.size(); ++c) p[c] = static_cast<double>(policy_[c]);
  write_vector(out, p);
  write_vector(out, f);
}

void Imputer::load(std::istream& in) {
  const auto p = read_vector(in), f = read_vector(in);
  if (p.size() != f.size()) throw Error("corrupt imputer in model file", ErrorCode::kCorrupt);
  policy_.clear();
  fill_.clear();
  for (double v : p) {
    if (v < 0 || v > static_cast<double>(Missing::kIndicator)) throw Error("corrupt imputer in model file", ErrorCode::kCorrupt);
    policy_.push_back(static_cast<Missing>(static_cast<int>(v)));
  }
  for (double v : f) fill_.push_back(static_cast<float>(v));
  names_.assign(policy_.size(), "");
  for (size_t c = 0; c < names_.size(); ++c) names_[c] = "f" + std::to_string(c);
  source_.clear();
  for (size_t c = 0; c < policy_.size(); ++c) source_.push_back(c);
  for (size_t c = 0; c < policy_.size(); ++c)
    if (policy_[c] == Missing::kIndicator) source_.push_back(c);
}

namespace {

class Imputed final : public Estimator {
 public:
  explicit Imputed(std::unique_ptr<Estimator> inner) : inner_(std::move(inner)) {}
  Spec spec() const override { return inner_->spec(); }
  bool handles_missing() const override { return inner_->handles_missing(); }

  void fit(const Matrix& x, const std::vector<float>& y, const std::vector<float>& w, Context& ctx) override {
    imputer_.fit(x, inner_->handles_missing());
    inner_->fit(imputer_.transform(x), y, w, ctx);
  }
  std::vector<float> predict(const Matrix& x) const override { return inner_->predict(imputer_.transform(x)); }

  std::vector<double> importances() const override {
    const auto inner = inner_->importances();
    std::vector<double> out(imputer_.input_cols(), 0.0);
    for (size_t k = 0; k < inner.size() && k < imputer_.source().size(); ++k) out[imputer_.source()[k]] += inner[k];
    return out;
  }

  std::vector<float> contributions(const Matrix& x) const override {
    const auto inner = inner_->contributions(imputer_.transform(x));
    const auto& src = imputer_.source();
    std::vector<float> out(x.rows * x.cols, 0.f);
    for (size_t r = 0; r < x.rows; ++r)
      for (size_t k = 0; k < src.size(); ++k) out[r * x.cols + src[k]] += inner[r * src.size() + k];
    return out;
  }

  void save(std::ostream& out) const override {
    imputer_.save(out);
    inner_->save(out);
  }
  void load(std::istream& in) override {
    imputer_.load(in);
    inner_->load(in);
  }

 private:
  std::unique_ptr<Estimator> inner_;
  Imputer imputer_;
};

}  // namespace

std::unique_ptr<Estimator> with_imputer(std::unique_ptr<Estimator> inner) {
  return std::make_unique<Imputed>(std::move(inner));
}

}  // namespace ss::predict
