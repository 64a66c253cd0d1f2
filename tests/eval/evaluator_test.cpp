#include "eval/evaluator.h"

#include <cmath>

#include <gtest/gtest.h>

#include "eval/runner.h"
#include "toy_models.h"

namespace ss::eval {
namespace {

using testing::add_event;

// Three users over six items. User 1's rows are out of time order on purpose.
struct Tables {
  EventTable train, test;
  Tables() {
    add_event(train, 0, 0, 1);
    add_event(train, 1, 2, 5);
    add_event(train, 1, 1, 3);
    for (uint32_t i = 0; i < 4; ++i) add_event(train, 2, i, 10 + i);
    add_event(test, 0, 2, 100);
    add_event(test, 1, 0, 100);
    add_event(test, 2, 5, 100);
  }
};

TEST(Evaluator, ScoresEachUserAgainstHandComputedRanks) {
  Tables t;
  Context ctx(2);
  testing::FixedOrder model(6);  // recommends 0,1,2,... minus the history
  EvalOptions o;
  o.metrics = parse_metric_list("hr@1,ndcg@5,mrr");
  o.cold_max_events = 2;
  const EvalResult r = evaluate(model, 6, t.train, t.test, o, ctx);
  ASSERT_EQ(r.users, 3u);
  // user 0: [1,2,..] hit at rank 2; user 1: [0,..] rank 1; user 2: [4,5] rank 2.
  const double rank2 = 1 / std::log2(3.0);
  EXPECT_NEAR(r.find("hr@1")->mean, 1.0 / 3, 1e-12);
  EXPECT_NEAR(r.find("ndcg@5")->mean, (2 * rank2 + 1) / 3, 1e-12);
  EXPECT_NEAR(r.find("mrr")->mean, (0.5 + 1 + 0.5) / 3, 1e-12);
  EXPECT_FALSE(r.sampled);
  // Activity: user 0 has one training event (cold), users 1 and 2 are warm.
  EXPECT_EQ(r.cold_users, 1u);
  EXPECT_EQ(r.warm_users, 2u);
  EXPECT_EQ(r.find("hr@1")->cold_mean, 0.0);
  EXPECT_DOUBLE_EQ(r.find("hr@1")->warm_mean, 0.5);
  // Top-5 lists: {1..5}, {0,3,4,5}, {4,5}: every item recommended once at least.
  EXPECT_DOUBLE_EQ(r.coverage, 1.0);
  EXPECT_GT(r.novelty, 0.0);
  EXPECT_GT(r.popularity_pct, 0.0);
  EXPECT_LE(r.popularity_pct, 1.0);
}

TEST(Evaluator, HistoryIsTrainingEventsOldestFirst) {
  EventTable train, test;
  add_event(train, 0, 4, 9);  // newest, but first in the table
  add_event(train, 0, 1, 2);
  add_event(test, 0, 5, 10);  // next after the newest (4)
  Context ctx(1);
  testing::NextAfterLast model(8);
  EvalOptions o;
  o.metrics = parse_metric_list("hr@1");
  EXPECT_EQ(evaluate(model, 8, train, test, o, ctx).find("hr@1")->mean, 1.0);
}

TEST(Evaluator, NewItemsOnlyDropsRepeatTargets) {
  EventTable train, test;
  add_event(train, 0, 1, 1);
  add_event(train, 1, 2, 1);
  add_event(test, 0, 1, 5);  // a repeat: excluded from the ranking, so never hittable
  add_event(test, 1, 0, 5);
  Context ctx(1);
  testing::FixedOrder model(4);
  EvalOptions o;
  o.metrics = parse_metric_list("hr@1");
  const EvalResult all = evaluate(model, 4, train, test, o, ctx);
  EXPECT_EQ(all.users, 2u);
  EXPECT_DOUBLE_EQ(all.find("hr@1")->mean, 0.5);  // user 0 gets item 0 (miss), user 1 item 0 (hit)
  o.new_items_only = true;
  const EvalResult fresh = evaluate(model, 4, train, test, o, ctx);
  EXPECT_EQ(fresh.users, 1u);
  EXPECT_DOUBLE_EQ(fresh.find("hr@1")->mean, 1.0);
}

TEST(Evaluator, SampledNegativesAreLabelledAndRankOnlyCandidates) {
  Tables t;
  Context ctx(2);
  const std::vector<uint32_t> reverse{5, 4, 3, 2, 1, 0};
  Dataset shop;  // only its item count matters here
  for (int i = 0; i < 6; ++i) shop.dicts.items.intern(std::to_string(i));
  RunSetup s2{shop, {}, {}};
  s2.eval.metrics = parse_metric_list("hr@2");
  s2.eval.sampled_negatives = 1;
  EvalSplit split;
  split.label = "hand-made";
  split.train = t.train;
  split.test = t.test;
  const ModelFactory factory = [&](const Spec&) { return std::make_unique<testing::FixedOrder>(6, reverse); };
  const EvalResult sampled = run_model(factory, Spec{"fixed", {}}, s2, {split}, ctx);
  EXPECT_TRUE(sampled.sampled);
  EXPECT_NE(sampled.protocol.find("sampled"), std::string::npos) << sampled.protocol;
  // One held-out item and one negative: it is always in the top 2.
  EXPECT_DOUBLE_EQ(sampled.find("hr@2")->mean, 1.0);
  s2.eval.sampled_negatives = 0;
  const EvalResult full = run_model(factory, Spec{"fixed", {}}, s2, {split}, ctx);
  EXPECT_FALSE(full.sampled);
  EXPECT_EQ(full.protocol, "hand-made");
  // Full ranking, reversed order: user 0 [5,4,..] miss, user 1 [5,4] miss, user 2 [5] hit.
  EXPECT_DOUBLE_EQ(full.find("hr@2")->mean, 1.0 / 3);
}

TEST(Evaluator, MaxUsersScoresASeededSubset) {
  EventTable train, test;
  for (uint32_t u = 0; u < 50; ++u) add_event(train, u, 0, 1), add_event(test, u, 1 + u % 3, 2);
  Context ctx(2);
  testing::FixedOrder model(5);
  EvalOptions o;
  o.metrics = parse_metric_list("hr@1");
  o.max_users = 20;
  const EvalResult a = evaluate(model, 5, train, test, o, ctx);
  const EvalResult b = evaluate(model, 5, train, test, o, ctx);
  EXPECT_EQ(a.users, 20u);
  EXPECT_EQ(a.find("hr@1")->mean, b.find("hr@1")->mean);
}

}  // namespace
}  // namespace ss::eval
