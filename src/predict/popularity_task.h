// New-product popularity: for an item launched during the log, predict its first-week
// views and purchases from catalogue attributes known at launch (category, brand, price,
// title) and, optionally, its first hours of activity. Category and brand are
// target-encoded only from items launched BEFORE the item, so nothing leaks from the
// future; evaluation trains on earlier launches and tests on later ones.
#pragma once
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/context.h"
#include "predict/estimator.h"
#include "predict/metrics.h"

namespace ss::predict {

struct PopularityConfig {
  int64_t window_ms = 7 * 86400000LL;  // "first week"
  int64_t early_ms = 0;                // > 0: add activity in the first early_ms as features
  std::string model = "xgboost:rounds=150,depth=4";
  double test_fraction = 0.3;          // latest launches held out
};

struct LaunchExamples {
  std::vector<uint32_t> items;
  Matrix x;
  std::vector<float> views, purchases;  // targets, as log1p(count)
  std::vector<int64_t> launch_ms;
};

// Items whose creation time lies in the log, with at least `window_ms` of log after it.
LaunchExamples launch_examples(const Dataset& shop, const PopularityConfig& cfg);

struct PopularityReport {
  size_t train_items = 0, test_items = 0;
  RegressionMetrics views, purchases;
  RegressionMetrics views_baseline;  // the category's mean so far: what a merchandiser would guess
  std::vector<std::pair<std::string, double>> importances;
};

PopularityReport evaluate_popularity(const LaunchExamples& ex, const PopularityConfig& cfg, Context& ctx);

}  // namespace ss::predict
