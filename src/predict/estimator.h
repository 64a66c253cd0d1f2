// Tabular learners behind one small interface, built from spec strings:
// "xgboost:rounds=200,depth=6,eta=0.1" (gradient-boosted trees, XGBoost's C API) or
// "logreg:l2=1" (the baseline: L2-regularised logistic regression by Newton's method; ridge
// regression for regression objectives).
#pragma once
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "core/context.h"
#include "core/spec.h"

namespace ss::predict {

// Row-major features; NaN marks a missing value.
struct Matrix {
  size_t rows = 0, cols = 0;
  std::vector<float> data;
  std::vector<std::string> names;  // one per column
  float at(size_t r, size_t c) const { return data[r * cols + c]; }
  float* row(size_t r) { return data.data() + r * cols; }
  const float* row(size_t r) const { return data.data() + r * cols; }
  Matrix select_rows(const std::vector<size_t>& idx) const;
};

enum class Objective { kBinary, kRegression };

class Estimator {
 public:
  virtual ~Estimator() = default;
  virtual Spec spec() const = 0;
  // `weights` may be empty (all 1).
  virtual void fit(const Matrix& x, const std::vector<float>& y, const std::vector<float>& weights, Context& ctx) = 0;
  // Probabilities for kBinary, values for kRegression.
  virtual std::vector<float> predict(const Matrix& x) const = 0;
  // One non-negative number per feature; larger means more useful.
  virtual std::vector<double> importances() const = 0;
  virtual void save(std::ostream& out) const = 0;
  virtual void load(std::istream& in) = 0;
};

// Throws ss::Error listing the valid names for an unknown estimator.
std::unique_ptr<Estimator> make_estimator(const std::string& spec_text, Objective objective);
std::vector<std::string> estimator_names();

}  // namespace ss::predict
