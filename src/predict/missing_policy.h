// Per-feature missing values: each feature definition declares a Missing policy (see
// estimator.h); the Imputer learns its fill values from the TRAINING rows only (so a test
// row's value never shapes its own fill) and applies them to training and scoring rows
// alike. Statistics come from prep's missing-value toolkit (prep/missing.h).
#pragma once
#include <iosfwd>
#include <memory>

#include "predict/estimator.h"

namespace ss::predict {

class Imputer {
 public:
  // `native`: the learner splits on NaN itself, so kNative columns stay NaN.
  void fit(const Matrix& x, bool native);
  // The filled matrix, with one "<name>_missing" 0/1 column appended per kIndicator feature.
  Matrix transform(const Matrix& x) const;
  // Output column -> the input feature it came from (indicator columns map to their feature).
  const std::vector<size_t>& source() const { return source_; }
  size_t input_cols() const { return policy_.size(); }
  float fill_value(size_t c) const { return fill_[c]; }
  void save(std::ostream& out) const;
  void load(std::istream& in);

 private:
  std::vector<Missing> policy_;
  std::vector<float> fill_;  // NaN = leave missing
  std::vector<size_t> source_;
  std::vector<std::string> names_;
};

// Wraps an estimator so that it sees imputed inputs; explanations and importances are
// folded back onto the original features (an indicator's share goes to its feature).
std::unique_ptr<Estimator> with_imputer(std::unique_ptr<Estimator> inner);

}  // namespace ss::predict
