#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <sstream>

#include "predict/features.h"
#include "predict/metrics.h"
#include "predict/missing_policy.h"

using namespace ss;
using namespace ss::predict;

namespace {
const float kNaN = std::nanf("");

Matrix four_policies() {
  Matrix m;
  m.rows = 4;
  m.cols = 4;
  m.names = {"count", "amount", "recency", "ratio"};
  m.missing = {Missing::kZero, Missing::kMedian, Missing::kIndicator, Missing::kNative};
  m.data = {5, 1, 10, 0.5f,  //
            kNaN, 3, kNaN, kNaN,  //
            2, kNaN, 30, 0.1f,  //
            7, 100, 20, 0.9f};
  return m;
}
}  // namespace

TEST(MissingPolicy, EachFeatureGetsItsDeclaredFill) {
  Imputer imp;
  imp.fit(four_policies(), /*native=*/true);
  Matrix test;
  test.rows = 1;
  test.cols = 4;
  test.data = {kNaN, kNaN, kNaN, kNaN};
  const Matrix out = imp.transform(test);
  ASSERT_EQ(out.cols, 5u);  // one indicator column appended, for "recency"
  EXPECT_EQ(out.names[4], "recency_missing");
  EXPECT_FLOAT_EQ(out.at(0, 0), 0.f);    // zero for the count
  EXPECT_FLOAT_EQ(out.at(0, 1), 3.f);    // training median of {1, 3, 100}
  EXPECT_FLOAT_EQ(out.at(0, 2), 20.f);   // training median of {10, 30, 20}
  EXPECT_FLOAT_EQ(out.at(0, 4), 1.f);    // ... flagged as missing
  EXPECT_TRUE(std::isnan(out.at(0, 3)));  // native: left to XGBoost
  // Observed values pass through; the flag is 0.
  const Matrix train_out = imp.transform(four_policies());
  EXPECT_FLOAT_EQ(train_out.at(0, 2), 10.f);
  EXPECT_FLOAT_EQ(train_out.at(0, 4), 0.f);
  EXPECT_FLOAT_EQ(train_out.at(1, 4), 1.f);
  // A learner without native NaN support gets the median for "native" features too.
  Imputer linear;
  linear.fit(four_policies(), /*native=*/false);
  EXPECT_FLOAT_EQ(linear.transform(test).at(0, 3), 0.5f);  // median of {0.5, 0.1, 0.9}
}

TEST(MissingPolicy, FillsComeFromTrainingRowsOnly) {
  Imputer imp;
  imp.fit(four_policies(), true);
  Matrix test = four_policies();
  for (size_t r = 0; r < test.rows; ++r) test.data[r * 4 + 1] = 1000.f + r;  // test values never shift the fill
  test.data[1] = kNaN;
  EXPECT_FLOAT_EQ(imp.transform(test).at(0, 1), 3.f);
}

TEST(MissingPolicy, IndicatorRecoversSignalThatMedianFillHides) {
  // Positives never have the value (e.g. never purchased); negatives are symmetric around 0,
  // so a median fill lands the positives in the middle of the negatives.
  std::mt19937 rng(3);
  std::normal_distribution<float> noise(0.f, 1.f);
  Matrix x;
  x.cols = 1;
  x.names = {"recency"};
  std::vector<float> y;
  for (int i = 0; i < 600; ++i) {
    const bool pos = i % 3 == 0;
    x.data.push_back(pos ? kNaN : noise(rng));
    y.push_back(pos ? 1.f : 0.f);
    x.rows++;
  }
  Context ctx(1);
  auto auc_with = [&](Missing policy) {
    Matrix m = x;
    m.missing = {policy};
    auto est = make_estimator("logreg", Objective::kBinary);
    est->fit(m, y, {}, ctx);
    return roc_auc(est->predict(m), y);
  };
  const double indicator = auc_with(Missing::kIndicator), median = auc_with(Missing::kMedian);
  EXPECT_GT(indicator, 0.99);
  EXPECT_LT(median, 0.7);
}

TEST(MissingPolicy, SavedModelKeepsItsFills) {
  Context ctx(1);
  Matrix x = four_policies();
  const std::vector<float> y = {1, 0, 0, 1};
  auto est = make_estimator("logreg:l2=0.1", Objective::kBinary);
  est->fit(x, y, {}, ctx);
  std::stringstream buf;
  est->save(buf);
  auto again = make_estimator("logreg:l2=0.1", Objective::kBinary);
  again->load(buf);
  const auto a = est->predict(x), b = again->predict(x);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_FLOAT_EQ(a[i], b[i]);
  // Explanations fold the indicator back onto its feature: one value per input feature.
  EXPECT_EQ(est->contributions(x).size(), x.rows * x.cols);
  EXPECT_EQ(est->importances().size(), x.cols);
}

TEST(MissingPolicy, UserFeaturesDeclareAPolicyEach) {
  EventTable e;
  const std::vector<uint32_t> none;
  Context ctx(1);
  const UserIndex index = index_by_user(e, 1, ctx);
  const FeatureContext fc{e, index, none, none};
  const Matrix m = user_features(fc, {0}, 1000);
  ASSERT_EQ(m.missing.size(), m.cols);
  auto policy = [&](const std::string& n) {
    return m.missing[std::find(m.names.begin(), m.names.end(), n) - m.names.begin()];
  };
  EXPECT_EQ(policy("purchases"), Missing::kZero);
  EXPECT_EQ(policy("recency_purchase_days"), Missing::kIndicator);
  EXPECT_EQ(policy("avg_order_value"), Missing::kMedian);
  EXPECT_EQ(policy("cart_per_view"), Missing::kNative);
}
