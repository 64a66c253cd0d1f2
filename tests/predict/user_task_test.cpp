#include <gtest/gtest.h>

#include <cmath>

#include "core/timeutil.h"
#include "predict/user_task.h"
#include "synth/generator.h"

using namespace ss;
using namespace ss::predict;

namespace {

struct Fixture {
  SyntheticShop shop;
  UserIndex index;
  std::vector<uint32_t> brands;
  int64_t last_ms;
  Fixture() {
    GeneratorConfig cfg;
    cfg.users = 2000;
    cfg.items = 600;
    cfg.days = 90;
    cfg.sessions_per_user = 30;
    cfg.churn_fraction = 0.3;
    cfg.bot_fraction = 0;
    shop = generate_shop(cfg);
    Context ctx(2);
    index = index_by_user(shop.data.events, shop.data.num_users(), ctx);
    brands = shop.truth.item_brand;
    last_ms = cfg.start_ms + cfg.days * kMsPerDay;
  }
  FeatureContext fc() const { return {shop.data.events, index, shop.truth.item_category, brands}; }
  // What the planted truth says about activity in [from, to): expected sessions.
  double expected_sessions(uint32_t u, int64_t from, int64_t to) const {
    const auto& t = shop.truth.users[u];
    const int64_t stop = std::min(to, t.churn_ms);
    return stop > from ? t.sessions_per_day * (stop - from) / static_cast<double>(kMsPerDay) : 0.0;
  }
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

double oracle_auc(const UserTaskConfig& cfg, double sign) {
  const auto& f = fixture();
  double sum = 0;
  const int64_t step = cfg.horizon_ms;
  for (int k = 0; k < cfg.folds; ++k) {
    const int64_t c = f.last_ms - cfg.horizon_ms - (cfg.folds - 1 - k) * step;
    const Snapshot s = make_snapshot(f.fc(), cfg, c);
    std::vector<float> score;
    for (uint32_t u : s.users) {
      // Churn follows expected sessions; buying also depends on the planted buy rate.
      const double buy = sign > 0 ? f.shop.truth.users[u].buy_rate : 1.0;
      score.push_back(static_cast<float>(sign * buy * f.expected_sessions(u, c, c + cfg.horizon_ms)));
    }
    sum += roc_auc(score, s.y);
  }
  return sum / cfg.folds;
}

}  // namespace

TEST(UserTask, FeaturesArePointInTime) {
  const auto& f = fixture();
  const int64_t cutoff = f.last_ms - 30 * kMsPerDay;
  // The same features from a log that simply does not have the future.
  EventTable past = f.shop.data.events;
  std::vector<bool> keep(past.size());
  for (size_t i = 0; i < past.size(); ++i) keep[i] = past.ts_ms[i] < cutoff;
  past.filter(keep);
  Context ctx(2);
  const UserIndex past_index = index_by_user(past, f.shop.data.num_users(), ctx);
  FeatureContext past_fc{past, past_index, f.shop.truth.item_category, f.brands};
  std::vector<uint32_t> users(f.shop.data.num_users());
  for (uint32_t u = 0; u < users.size(); ++u) users[u] = u;
  const Matrix a = user_features(f.fc(), users, cutoff), b = user_features(past_fc, users, cutoff);
  ASSERT_EQ(a.data.size(), b.data.size());
  for (size_t i = 0; i < a.data.size(); ++i) {
    if (std::isnan(a.data[i])) ASSERT_TRUE(std::isnan(b.data[i])) << a.names[i % a.cols];
    else ASSERT_FLOAT_EQ(a.data[i], b.data[i]) << a.names[i % a.cols];
  }
}

TEST(UserTask, ChurnModelComesCloseToThePlantedOracle) {
  UserTaskConfig cfg;
  cfg.kind = UserTaskConfig::Kind::kChurn;
  cfg.horizon_ms = 14 * kMsPerDay;
  cfg.folds = 3;
  cfg.model = "xgboost:rounds=80,depth=4";
  Context ctx(2);
  const auto report = cross_validate(fixture().fc(), cfg, fixture().last_ms, ctx);
  const double oracle = oracle_auc(cfg, -1.0);
  std::printf("churn: model AUC %.3f, oracle AUC %.3f, best F1 %.3f\n", report.mean.roc_auc, oracle, report.mean.best_f1);
  EXPECT_EQ(report.folds.size(), 3u);
  EXPECT_GT(report.mean.roc_auc, 0.7);
  EXPECT_GT(report.mean.roc_auc, oracle - 0.08);
  EXPECT_EQ(report.importances.front().first.find("recency"), 0u) << report.importances.front().first;
}

TEST(UserTask, PropensityModelComesCloseToThePlantedOracle) {
  UserTaskConfig cfg;
  cfg.horizon_ms = 14 * kMsPerDay;
  cfg.folds = 3;
  Context ctx(2);
  for (const char* model : {"xgboost:rounds=80,depth=4", "logreg"}) {
    cfg.model = model;
    const auto report = cross_validate(fixture().fc(), cfg, fixture().last_ms, ctx);
    const double oracle = oracle_auc(cfg, 1.0);
    std::printf("propensity %s: model AUC %.3f, oracle AUC %.3f\n", model, report.mean.roc_auc, oracle);
    EXPECT_GT(report.mean.roc_auc, 0.65) << model;
    EXPECT_GT(report.mean.roc_auc, oracle - 0.06) << model;
  }
}

TEST(UserTask, ImbalanceStrategiesAllTrainAndShiftRecall) {
  UserTaskConfig cfg;
  cfg.horizon_ms = 7 * kMsPerDay;  // fewer buyers: a rarer positive class
  cfg.folds = 2;
  cfg.model = "logreg";
  Context ctx(2);
  double recall_none = 0;
  for (Balance b : {Balance::kNone, Balance::kClassWeights, Balance::kUndersample, Balance::kOversample, Balance::kSmote}) {
    cfg.balance = b;
    const auto r = cross_validate(fixture().fc(), cfg, fixture().last_ms, ctx);
    std::printf("balance %-11s AUC %.3f recall@0.5 %.3f precision@0.5 %.3f positives %.3f\n", balance_name(b),
                r.mean.roc_auc, r.mean.recall, r.mean.precision, r.mean.positive_rate);
    EXPECT_GT(r.mean.roc_auc, 0.6) << balance_name(b);
    if (b == Balance::kNone) recall_none = r.mean.recall;
    // Rebalancing moves the decision threshold towards the minority class.
    else EXPECT_GT(r.mean.recall, recall_none) << balance_name(b);
  }
}

TEST(UserTask, EvaluationAsOfIgnoresEverythingLater) {
  // --as-of: evaluating up to t on the full log equals evaluating on a log that ends at t,
  // even with a stray event dated far in the future.
  const auto& f = fixture();
  const int64_t as_of = f.last_ms - 20 * kMsPerDay;
  UserTaskConfig cfg;
  cfg.horizon_ms = 7 * kMsPerDay;
  cfg.folds = 2;
  cfg.model = "logreg";
  EventTable full = f.shop.data.events;
  full.push_back({.user = 0, .item = 0, .ts_ms = f.last_ms + 3650 * kMsPerDay, .type = Behavior::kPurchase});
  EventTable past = full;
  std::vector<bool> keep(past.size());
  for (size_t i = 0; i < past.size(); ++i) keep[i] = past.ts_ms[i] < as_of;
  past.filter(keep);
  Context ctx(2);
  const UserIndex full_index = index_by_user(full, f.shop.data.num_users(), ctx);
  const UserIndex past_index = index_by_user(past, f.shop.data.num_users(), ctx);
  std::vector<int64_t> train_ends;
  const auto a = cross_validate({full, full_index, f.shop.truth.item_category, f.brands}, cfg, as_of, ctx,
                                [&](int, const Snapshot& train, const Snapshot& test) {
                                  EXPECT_EQ(train.x.cols, test.x.cols);
                                  EXPECT_EQ(train.y.size(), train.x.rows);
                                  train_ends.push_back(test.cutoff_ms);
                                });
  const auto b = cross_validate({past, past_index, f.shop.truth.item_category, f.brands}, cfg, as_of, ctx);
  ASSERT_EQ(a.folds.size(), b.folds.size());
  ASSERT_EQ(train_ends.size(), a.folds.size());  // the fold sink saw every evaluated fold
  EXPECT_EQ(a.folds.back().test_cutoff_ms, as_of - cfg.horizon_ms);
  for (size_t k = 0; k < a.folds.size(); ++k) {
    EXPECT_DOUBLE_EQ(a.folds[k].metrics.roc_auc, b.folds[k].metrics.roc_auc);
    EXPECT_EQ(a.folds[k].train_rows, b.folds[k].train_rows);
  }
}
