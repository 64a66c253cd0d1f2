// New-product popularity: for an item launched during the log, predict its first-week
// views and purchases from catalogue attributes known at launch (category, brand, price,
// title) and, optionally, its first hours of activity. Category and brand are
// target-encoded only from items launched BEFORE the item, so nothing leaks from the
// future; evaluation trains on earlier launches and tests on later ones.
#pragma once
#include <memory>
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
  int64_t now_ms = 0;                  // what is known: events before it (0 = the end of the log)
};

struct LaunchExamples {
  std::vector<uint32_t> items;
  Matrix x;
  std::vector<float> views, purchases;  // targets, as log1p(count)
  std::vector<int64_t> launch_ms;
  // Rows [0, complete) have their whole first week before now (targets known); the rest are
  // launches still in their first week (targets NaN): the ones to forecast.
  size_t complete = 0;
};

// Items created between the log's first event and now, in launch order.
LaunchExamples launch_examples(const Dataset& shop, const PopularityConfig& cfg);

struct PopularityReport {
  size_t train_items = 0, test_items = 0;
  RegressionMetrics views, purchases;
  RegressionMetrics views_baseline;  // the category's mean so far: what a merchandiser would guess
  std::vector<std::pair<std::string, double>> importances;
};

PopularityReport evaluate_popularity(const LaunchExamples& ex, const PopularityConfig& cfg, Context& ctx);

// Views and purchases regressors trained on every complete launch, saved in one file.
struct PopularityModel {
  PopularityConfig cfg;
  std::unique_ptr<Estimator> views, purchases;
};
PopularityModel train_popularity_model(const LaunchExamples& ex, const PopularityConfig& cfg, Context& ctx);
void save_popularity_model(const PopularityModel& m, const std::string& path);
PopularityModel load_popularity_model(const std::string& path);

struct PopularityForecast {
  uint32_t item;
  int64_t launch_ms;
  float views, purchases;  // expected first-week counts
};
// Forecasts for the launches still in their first week (rows from ex.complete on), by views.
std::vector<PopularityForecast> forecast_popularity(const LaunchExamples& ex, const PopularityModel& m);

}  // namespace ss::predict
