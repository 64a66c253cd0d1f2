#include <gtest/gtest.h>

#include "predict/popularity_task.h"
#include "predict/session_task.h"
#include "synth/generator.h"

using namespace ss;
using namespace ss::predict;

namespace {
const SyntheticShop& shop() {
  static const SyntheticShop s = [] {
    GeneratorConfig cfg;
    cfg.users = 2000;
    cfg.items = 3000;
    cfg.days = 90;
    cfg.bot_fraction = 0;
    return generate_shop(cfg);
  }();
  return s;
}
}  // namespace

TEST(SessionTask, SessionsFromGapWhenNoColumn) {
  EventTable t;
  t.push_back({.user = 0, .item = 1, .ts_ms = 0});
  t.push_back({.user = 0, .item = 2, .ts_ms = 60000});
  t.push_back({.user = 0, .item = 3, .ts_ms = 60000 + 31 * 60000});
  t.push_back({.user = 1, .item = 3, .ts_ms = 10});
  const auto s = session_of_events(t, {0, 1, 2, 3});
  EXPECT_EQ(s[0], s[1]);
  EXPECT_NE(s[1], s[2]);
  EXPECT_NE(s[2], s[3]);
}

TEST(SessionTask, PrefixesStopAtFirstPurchaseAndSeeNoFuture) {
  EventTable t;
  t.push_back({.user = 0, .item = 1, .ts_ms = 0, .type = Behavior::kView, .session = 0});
  t.push_back({.user = 0, .item = 1, .ts_ms = 1000, .type = Behavior::kAddToCart, .session = 0});
  t.push_back({.user = 0, .item = 1, .ts_ms = 2000, .type = Behavior::kPurchase, .session = 0});
  t.push_back({.user = 0, .item = 2, .ts_ms = 3000, .type = Behavior::kView, .session = 0});
  t.push_back({.user = 0, .item = 2, .ts_ms = 9000000, .type = Behavior::kView, .session = 1});
  const auto ex = session_examples(t, false);
  ASSERT_EQ(ex.x.rows, 3u);  // two prefixes of session 0 (before the purchase), one of session 1
  EXPECT_EQ(ex.y, (std::vector<float>{1, 1, 0}));
  EXPECT_FLOAT_EQ(ex.x.at(1, 2), 1.f);   // one cart so far
  EXPECT_FLOAT_EQ(ex.x.at(2, 14), 1.f);  // the user's prior purchases, known at session 1
  const auto carts = session_examples(t, true);
  ASSERT_EQ(carts.x.rows, 1u);
  EXPECT_FLOAT_EQ(carts.y[0], 1.f);
}

TEST(SessionTask, ModelBeatsTheMarkovBaseline) {
  Context ctx(2);
  const auto ex = session_examples(shop().data.events, false);
  const auto r = evaluate_session_task(ex, "xgboost:rounds=80,depth=4", 3, ctx);
  std::printf("in-session purchase: model AUC %.3f vs Markov(last action) %.3f over %zu prefixes\n", r.model.roc_auc,
              r.markov_baseline.roc_auc, r.examples);
  EXPECT_GT(r.model.roc_auc, 0.68);
  EXPECT_GT(r.model.roc_auc, r.markov_baseline.roc_auc);
  const auto carts = session_examples(shop().data.events, true);
  const auto c = evaluate_session_task(carts, "logreg", 3, ctx);
  std::printf("cart completion: AUC %.3f, best F1 %.3f over %zu carts\n", c.model.roc_auc, c.model.best_f1, c.examples);
  EXPECT_GT(c.model.roc_auc, 0.55);
}

TEST(PopularityTask, LearnsFromLaunchAttributes) {
  Context ctx(2);
  PopularityConfig cfg;
  const auto ex = launch_examples(shop().data, cfg);
  ASSERT_GT(ex.x.rows, 100u);
  for (size_t i = 1; i < ex.launch_ms.size(); ++i) ASSERT_LE(ex.launch_ms[i - 1], ex.launch_ms[i]);
  const auto r = evaluate_popularity(ex, cfg, ctx);
  std::printf("new-product first-week views: spearman %.3f (category-mean baseline %.3f), MAE %.3f log-views\n",
              r.views.spearman, r.views_baseline.spearman, r.views.mae);
  EXPECT_GT(r.views.spearman, 0.3);
  EXPECT_GE(r.views.spearman, r.views_baseline.spearman - 0.05);
  // With the first hours of activity the forecast gets better.
  cfg.early_ms = 24 * 3600 * 1000LL;
  const auto early = evaluate_popularity(launch_examples(shop().data, cfg), cfg, ctx);
  std::printf("  with first-day activity: spearman %.3f\n", early.views.spearman);
  EXPECT_GT(early.views.spearman, r.views.spearman);
}
