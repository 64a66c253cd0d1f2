// User-level binary predictions (purchase propensity, churn, campaign audiences) with
// time-aware evaluation. A snapshot at cutoff c has features from events before c and a
// label from [c, c + horizon). Rolling-origin K-fold: fold k tests on the snapshot at
// cutoff t_k and trains only on snapshots whose label windows end by t_k, so no fold ever
// trains on its own future.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "core/context.h"
#include "predict/features.h"
#include "predict/imbalance.h"
#include "predict/metrics.h"

namespace ss::predict {

struct UserTaskConfig {
  enum class Kind { kPropensity, kChurn } kind = Kind::kPropensity;
  int64_t horizon_ms = 14 * 86400000LL;        // label window
  int64_t active_window_ms = 30 * 86400000LL;  // churn: population active this long before the cutoff
  std::vector<Behavior> activity;              // churn: what counts as activity (empty = any event)
  uint32_t target_category = kNone;            // propensity/audience: buy in this category
  uint32_t target_brand = kNone;
  int folds = 5;
  int64_t step_ms = 0;                         // between fold cutoffs; 0 = horizon
  int train_snapshots = 3;                     // earlier snapshots stacked into each fold's training set
  std::string model = "xgboost";
  Balance balance = Balance::kNone;
  double threshold = 0.5;
};

struct Snapshot {
  int64_t cutoff_ms = 0;
  std::vector<uint32_t> users;
  Matrix x;
  std::vector<float> y;
};

Snapshot make_snapshot(const FeatureContext& fc, const UserTaskConfig& cfg, int64_t cutoff_ms);

struct FoldResult {
  int64_t test_cutoff_ms = 0;
  size_t train_rows = 0, test_rows = 0;
  double train_seconds = 0;  // the estimator's fit alone (what a side-by-side comparison times)
  BinaryMetrics metrics;
};

struct CvReport {
  std::vector<FoldResult> folds;
  BinaryMetrics mean;  // mean over folds
  std::vector<std::pair<std::string, double>> importances;  // summed over folds, sorted, normalised
};

// Sees each evaluated fold's training rows (before rebalancing) and test rows.
using FoldSink = std::function<void(int fold, const Snapshot& train, const Snapshot& test)>;

// `last_ms`: end of the data. The last fold's label window ends there.
CvReport cross_validate(const FeatureContext& fc, const UserTaskConfig& cfg, int64_t last_ms, Context& ctx,
                        const FoldSink& on_fold = {});

// The snapshots' rows one after another (one training set from several cutoffs).
Snapshot stack_snapshots(const std::vector<Snapshot>& parts);

// The cutoffs of the stacked training snapshots whose label windows end by `end_ms`.
std::vector<int64_t> training_cutoffs(const UserTaskConfig& cfg, int64_t end_ms);

}  // namespace ss::predict
