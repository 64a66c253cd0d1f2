// Class imbalance handling for binary training sets: class weights, random over- and
// under-sampling, and SMOTE (synthetic minority rows interpolated between near neighbours).
// Applied to TRAINING folds only; evaluation always sees the natural class balance.
#pragma once
#include <cstdint>
#include <string>

#include "predict/estimator.h"

namespace ss::predict {

enum class Balance { kNone, kClassWeights, kOversample, kUndersample, kSmote };

Balance parse_balance(const std::string& name);  // none|weights|oversample|undersample|smote
const char* balance_name(Balance b);

struct TrainingSet {
  Matrix x;
  std::vector<float> y, w;  // w empty means all 1
};

TrainingSet rebalance(const Matrix& x, const std::vector<float>& y, Balance how, uint64_t seed, int smote_k = 5);

}  // namespace ss::predict
