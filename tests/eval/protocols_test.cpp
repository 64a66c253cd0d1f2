#include "eval/protocols.h"

#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "core/error.h"
#include "eval/evaluator.h"
#include "toy_models.h"

namespace ss::eval {
namespace {

using testing::add_event;

std::multiset<std::pair<uint32_t, uint32_t>> pairs(const EventTable& t) {
  std::multiset<std::pair<uint32_t, uint32_t>> s;
  for (size_t i = 0; i < t.size(); ++i) s.insert({t.user[i], t.item[i]});
  return s;
}

TEST(Protocols, LeaveLastOutOnHandMadeTable) {
  EventTable e;
  // User 0: items 0,1,2,3 at times 1..4, rows shuffled. User 1: too short, stays in train.
  add_event(e, 0, 2, 3);
  add_event(e, 0, 0, 1);
  add_event(e, 1, 5, 1);
  add_event(e, 0, 3, 4);
  add_event(e, 0, 1, 2);
  add_event(e, 1, 4, 2);
  Context ctx(1);
  const auto splits = make_splits(e, ProtocolOptions{}, ctx);
  ASSERT_EQ(splits.size(), 1u);
  const EvalSplit& s = splits[0];
  EXPECT_EQ(s.label, "leave-last-out");
  using P = std::multiset<std::pair<uint32_t, uint32_t>>;
  EXPECT_EQ(pairs(s.test), (P{{0, 3}}));
  EXPECT_EQ(pairs(s.validation), (P{{0, 2}}));
  EXPECT_EQ(pairs(s.train), (P{{0, 0}, {0, 1}, {1, 4}, {1, 5}}));
  const EventTable tv = s.train_and_validation();
  EXPECT_EQ(tv.size(), 5u);

  // Final scoring: the history is train + validation (0,1,2), so "next id" hits item 3.
  testing::FixedOrder model(6);
  EvalOptions o;
  o.metrics = parse_metric_list("hr@1,ndcg@1");
  const EvalResult r = evaluate(model, 6, tv, s.test, o, ctx);
  EXPECT_EQ(r.users, 1u);
  EXPECT_EQ(r.find("hr@1")->mean, 1.0);
  // Selection-time scoring: history is train only (0,1), target the validation item 2.
  EXPECT_EQ(evaluate(model, 6, s.train, s.validation, o, ctx).find("ndcg@1")->mean, 1.0);
}

TEST(Protocols, TemporalTestIsTheLatestEvents) {
  EventTable e;
  for (uint32_t u = 0; u < 10; ++u)
    for (int t = 0; t < 10; ++t) add_event(e, u, (u + t) % 7, t * 1000 + u);
  Context ctx(1);
  ProtocolOptions o;
  o.protocol = parse_protocol("temporal");
  const auto s = make_splits(e, o, ctx).at(0);
  ASSERT_FALSE(s.test.empty());
  ASSERT_FALSE(s.validation.empty());
  const int64_t train_max = *std::max_element(s.train.ts_ms.begin(), s.train.ts_ms.end());
  const int64_t val_min = *std::min_element(s.validation.ts_ms.begin(), s.validation.ts_ms.end());
  const int64_t val_max = *std::max_element(s.validation.ts_ms.begin(), s.validation.ts_ms.end());
  const int64_t test_min = *std::min_element(s.test.ts_ms.begin(), s.test.ts_ms.end());
  EXPECT_LT(train_max, val_min);
  EXPECT_LT(val_max, test_min);
  EXPECT_NEAR(double(s.test.size()) / double(e.size()), 0.2, 0.05);
}

TEST(Protocols, KFoldPutsEveryEventInExactlyOneTestFold) {
  EventTable e;
  for (uint32_t u = 0; u < 20; ++u)
    for (uint32_t t = 0; t < 7; ++t) add_event(e, u, (u * 3 + t) % 11, t);
  Context ctx(1);
  ProtocolOptions o;
  o.protocol = Protocol::kKFold;
  o.folds = 3;
  const auto splits = make_splits(e, o, ctx);
  ASSERT_EQ(splits.size(), 3u);
  size_t tested = 0;
  for (const auto& s : splits) {
    EXPECT_EQ(s.train.size() + s.test.size(), e.size());
    EXPECT_TRUE(s.validation.empty());
    tested += s.test.size();
    // Every user (7 events) has 2 or 3 events in each fold.
    std::vector<int> per_user(20, 0);
    for (uint32_t u : s.test.user) ++per_user[u];
    for (int c : per_user) EXPECT_TRUE(c == 2 || c == 3) << c;
  }
  EXPECT_EQ(tested, e.size());
  EXPECT_THROW(parse_protocol("random"), Error);
}

}  // namespace
}  // namespace ss::eval
