// Tabular learners behind one small interface, built from spec strings:
// "xgboost:rounds=200,depth=6,eta=0.1" (gradient-boosted trees, XGBoost's C API) or
// "logreg:l2=1" (the baseline: L2-regularised logistic regression by Newton's method; ridge
// regression for regression objectives).
#pragma once
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "core/context.h"
#include "core/spec.h"

namespace ss::predict {

// What a missing (NaN) value of a feature means, declared once with the feature's
// definition and applied by the Imputer (predict/missing_policy.h) fitted on training rows:
//   kNative    leave NaN to learners that split on it (XGBoost); median for the others
//   kZero      absent means none (counts, sums)
//   kMedian    the training median (ratios and amounts where "typical" is the best guess)
//   kIndicator training median plus a 0/1 "<name>_missing" column (missingness is a signal,
//              e.g. the recency of a purchase that never happened)
enum class Missing : uint8_t { kNative, kZero, kMedian, kIndicator };
const char* missing_name(Missing m);

// Row-major features; NaN marks a missing value.
struct Matrix {
  size_t rows = 0, cols = 0;
  std::vector<float> data;
  std::vector<std::string> names;  // one per column
  std::vector<Missing> missing;    // one per column; empty = kNative everywhere
  Missing missing_of(size_t c) const { return c < missing.size() ? missing[c] : Missing::kNative; }
  // Copies the column layout (count, names, missing policies), not the rows.
  void copy_schema(const Matrix& o) { cols = o.cols, names = o.names, missing = o.missing; }
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
  // Per row, each feature's additive contribution to the score (log-odds for kBinary):
  // rows x cols, row-major. Explains single predictions ("top risk factors").
  virtual std::vector<float> contributions(const Matrix& x) const = 0;
  virtual void save(std::ostream& out) const = 0;
  virtual void load(std::istream& in) = 0;
  // Whether NaN inputs are handled natively (kNative features stay NaN for it).
  virtual bool handles_missing() const { return false; }
};

// Throws ss::Error listing the valid names for an unknown estimator. The estimator comes
// wrapped in the per-feature missing-value Imputer, fitted with it on the training rows.
std::unique_ptr<Estimator> make_estimator(const std::string& spec_text, Objective objective);
std::vector<std::string> estimator_names();

}  // namespace ss::predict
