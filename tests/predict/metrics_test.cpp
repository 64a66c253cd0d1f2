#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "core/error.h"
#include "core/rng.h"
#include "predict/estimator.h"
#include "predict/imbalance.h"
#include "predict/metrics.h"

using namespace ss;
using namespace ss::predict;

TEST(Metrics, HandMadeAucAndAveragePrecision) {
  // Positives at scores 0.9 and 0.4; negatives at 0.8, 0.3, 0.2.
  const std::vector<float> s{0.9f, 0.8f, 0.4f, 0.3f, 0.2f}, y{1, 0, 1, 0, 0};
  // Pairs (pos > neg): 0.9 beats all 3, 0.4 beats 2 of 3 -> 5/6.
  EXPECT_NEAR(roc_auc(s, y), 5.0 / 6.0, 1e-12);
  // AP = 0.5 * 1/1 + 0.5 * 2/3.
  EXPECT_NEAR(pr_auc(s, y), 0.5 + 1.0 / 3.0, 1e-12);
  // Ties count half.
  EXPECT_NEAR(roc_auc({0.5f, 0.5f}, {1, 0}), 0.5, 1e-12);
}

TEST(Metrics, ThresholdMetricsAndBestF1) {
  const std::vector<float> p{0.9f, 0.8f, 0.4f, 0.3f, 0.2f}, y{1, 0, 1, 0, 0};
  auto m = evaluate_binary(p, y, 0.5);
  EXPECT_NEAR(m.accuracy, 3.0 / 5.0, 1e-12);  // predicted 1,1,0,0,0
  EXPECT_NEAR(m.precision, 0.5, 1e-12);
  EXPECT_NEAR(m.recall, 0.5, 1e-12);
  EXPECT_NEAR(m.f1, 0.5, 1e-12);
  // Threshold 0.4 -> TP 2, FP 1: F1 = 0.8, the best.
  EXPECT_NEAR(m.best_f1, 0.8, 1e-12);
  EXPECT_FLOAT_EQ(m.best_f1_threshold, 0.4f);
  EXPECT_NEAR(m.brier, (0.01 + 0.64 + 0.36 + 0.09 + 0.04) / 5, 1e-6);
}

TEST(Metrics, Regression) {
  auto m = evaluate_regression({1, 2, 3, 4}, {1, 2, 3, 5});
  EXPECT_NEAR(m.mae, 0.25, 1e-12);
  EXPECT_NEAR(m.rmse, 0.5, 1e-12);
  EXPECT_NEAR(m.spearman, 1.0, 1e-12);
}

namespace {
// y = 1 when x0 + noise > 1.2 (about 15% positives); x1 is noise; x2 often missing.
Matrix make_data(size_t n, uint64_t seed, std::vector<float>& y) {
  Rng rng(seed);
  Matrix x;
  x.rows = n;
  x.cols = 3;
  x.names = {"signal", "noise", "sparse"};
  for (size_t i = 0; i < n; ++i) {
    const float a = static_cast<float>(rng.normal()), b = static_cast<float>(rng.normal());
    x.data.insert(x.data.end(), {a, b, rng.bernoulli(0.5) ? std::nanf("") : a + b});
    y.push_back(a + 0.5 * rng.normal() > 1.2 ? 1.f : 0.f);
  }
  return x;
}
}  // namespace

TEST(Estimators, LearnSignalAndRankFeatures) {
  std::vector<float> ytr, yte;
  const Matrix tr = make_data(3000, 1, ytr), te = make_data(2000, 2, yte);
  Context ctx(2);
  for (const char* spec : {"logreg", "xgboost:rounds=60"}) {
    auto est = make_estimator(spec, Objective::kBinary);
    est->fit(tr, ytr, {}, ctx);
    const auto p = est->predict(te);
    EXPECT_GT(roc_auc(p, yte), 0.9) << spec;
    const auto imp = est->importances();
    EXPECT_GT(imp[0], imp[1]) << spec;
    // Save/load gives identical predictions.
    std::stringstream buf;
    est->save(buf);
    auto again = make_estimator(spec, Objective::kBinary);
    again->load(buf);
    EXPECT_EQ(again->predict(te), p) << spec;
  }
  EXPECT_THROW(make_estimator("forest", Objective::kBinary), Error);
  EXPECT_THROW(make_estimator("xgboost:depth=0", Objective::kBinary), Error);
}

TEST(Imbalance, EachStrategyBalancesTraining) {
  std::vector<float> y;
  const Matrix x = make_data(2000, 3, y);
  double pos = 0;
  for (float v : y) pos += v;
  ASSERT_LT(pos / y.size(), 0.3);
  for (Balance b : {Balance::kOversample, Balance::kUndersample, Balance::kSmote}) {
    auto t = rebalance(x, y, b, 7);
    double p = 0;
    for (float v : t.y) p += v;
    EXPECT_NEAR(p / t.y.size(), 0.5, 0.01) << balance_name(b);
    EXPECT_EQ(t.x.rows, t.y.size());
  }
  auto w = rebalance(x, y, Balance::kClassWeights, 7);
  double wp = 0, wn = 0;
  for (size_t i = 0; i < y.size(); ++i) (y[i] > 0.5f ? wp : wn) += w.w[i];
  EXPECT_NEAR(wp, wn, 1e-3 * wn);
  // SMOTE rows lie between real minority rows: the signal stays in the minority's range.
  auto s = rebalance(x, y, Balance::kSmote, 7);
  for (size_t i = x.rows; i < s.x.rows; ++i) EXPECT_GT(s.x.at(i, 0), 0.0f);
}
