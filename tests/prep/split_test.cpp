#include <gtest/gtest.h>

#include "core/error.h"
#include "prep/split.h"
#include "prep/user_index.h"
#include "synth/generator.h"

namespace ss::prep {
namespace {

using V = std::vector<uint32_t>;

void add(EventTable& t, uint32_t user, uint32_t item, int64_t ts, Behavior b = Behavior::kView) {
  EventRow r;
  r.user = user;
  r.item = item;
  r.ts_ms = ts;
  r.type = b;
  t.push_back(r);
}

// Three users, rows deliberately out of time order.
EventTable small_table() {
  EventTable t;
  add(t, 0, 10, 300);                      // 0
  add(t, 0, 11, 100);                      // 1
  add(t, 1, 20, 50);                       // 2
  add(t, 0, 12, 200, Behavior::kPurchase); // 3
  add(t, 0, 13, 400);                      // 4
  add(t, 1, 21, 60);                       // 5
  add(t, 2, 30, 10);                       // 6  (user 2: a single event)
  add(t, 1, 22, 70, Behavior::kPurchase);  // 7
  add(t, 0, 14, 250, Behavior::kPurchase); // 8
  return t;
}

TEST(UserIndex, GroupsByUserInTimeOrderWithRowTieBreak) {
  EventTable t = small_table();
  add(t, 2, 31, 10);  // row 9, same timestamp as row 6
  Context ctx(2);
  const UserIndex idx = build_user_index(t, ctx);
  ASSERT_EQ(idx.num_users(), 3u);
  EXPECT_EQ(V(idx.of(0).begin(), idx.of(0).end()), (V{1, 3, 8, 0, 4}));
  EXPECT_EQ(V(idx.of(1).begin(), idx.of(1).end()), (V{2, 5, 7}));
  EXPECT_EQ(V(idx.of(2).begin(), idx.of(2).end()), (V{6, 9}));
}

TEST(LeaveLastOut, AllTypesLastIsTestSecondLastIsValidation) {
  const EventTable t = small_table();
  Context ctx(2);
  const SplitIndices s = leave_last_out(t, {}, ctx);
  // user 0 in time order: rows 1,3,8,0,4 -> test 4, validation 0; user 1: 2,5,7 -> test 7,
  // validation 5; user 2 has one event and stays in train.
  EXPECT_EQ(s.test, (V{4, 7}));
  EXPECT_EQ(s.validation, (V{0, 5}));
  EXPECT_EQ(s.train, (V{1, 2, 3, 6, 8}));
  EXPECT_EQ(s.dropped, 0u);
  const Split m = materialise(t, s);
  ASSERT_EQ(m.test.size(), 2u);
  EXPECT_EQ(m.test.item[0], 13u);
  EXPECT_EQ(m.test.item[1], 22u);
}

TEST(LeaveLastOut, PurchaseTargetsDropEventsAfterTheHeldOutPeriod) {
  const EventTable t = small_table();
  Context ctx(1);
  LeaveLastOutOptions o;
  o.targets = BehaviorSet::only({Behavior::kPurchase});
  const SplitIndices s = leave_last_out(t, o, ctx);
  // user 0: purchases at rows 3 (t=200) and 8 (t=250): test 8, validation 3; train = row 1
  // (t=100); rows 0 and 4 come after the validation purchase and are dropped.
  // user 1 has one purchase only: stays in train.
  EXPECT_EQ(s.test, (V{8}));
  EXPECT_EQ(s.validation, (V{3}));
  EXPECT_EQ(s.train, (V{1, 2, 5, 6, 7}));
  EXPECT_EQ(s.dropped, 2u);

  o.validation = false;
  const SplitIndices s2 = leave_last_out(t, o, ctx);
  // Without validation: user 0 test 8, train 1 and 3, drop 0 and 4; user 1 test 7, train 2, 5.
  EXPECT_EQ(s2.test, (V{7, 8}));
  EXPECT_TRUE(s2.validation.empty());
  EXPECT_EQ(s2.train, (V{1, 2, 3, 5, 6}));
  EXPECT_EQ(s2.dropped, 2u);
}

TEST(LeaveLastOut, MinInteractionsKeepsShortUsersInTrain) {
  const EventTable t = small_table();
  Context ctx(1);
  LeaveLastOutOptions o;
  o.min_interactions = 4;
  const SplitIndices s = leave_last_out(t, o, ctx);
  EXPECT_EQ(s.test, (V{4}));
  EXPECT_EQ(s.validation, (V{0}));
  EXPECT_EQ(s.train.size(), 7u);
}

TEST(BehaviorSet, ParsesNamesAndRejectsUnknown) {
  const BehaviorSet s = BehaviorSet::parse("buy,cart");
  EXPECT_TRUE(s.contains(Behavior::kPurchase));
  EXPECT_TRUE(s.contains(Behavior::kAddToCart));
  EXPECT_FALSE(s.contains(Behavior::kView));
  EXPECT_TRUE(BehaviorSet::parse("all").contains(Behavior::kView));
  EXPECT_THROW(BehaviorSet::parse("purchase,teleport"), Error);
}

TEST(Temporal, CutWithValidationWindowAndColdFiltering) {
  const EventTable t = small_table();
  TemporalOptions o;
  o.cut_ms = 250;
  o.validation_ms = 100;  // validation = [150, 250)
  const SplitIndices s = temporal_split(t, o);
  EXPECT_EQ(s.test, (V{0, 4, 8}));
  EXPECT_EQ(s.validation, (V{3}));
  EXPECT_EQ(s.train, (V{1, 2, 5, 6, 7}));

  o.validation_ms = 0;
  o.test_end_ms = 400;
  const SplitIndices s2 = temporal_split(t, o);
  EXPECT_EQ(s2.test, (V{0, 8}));
  EXPECT_EQ(s2.dropped, 1u);

  // Cut at 65: train holds items 20, 21, 30 only, so every test item is cold.
  TemporalOptions c;
  c.cut_ms = 65;
  c.drop_cold_items = true;
  EXPECT_TRUE(temporal_split(t, c).test.empty());
  c.drop_cold_items = false;
  c.cut_ms = 55;  // train = rows 2 (user 1) and 6 (user 2): user 0 is cold
  c.drop_cold_users = true;
  EXPECT_EQ(temporal_split(t, c).test, (V{5, 7}));
}

TEST(Temporal, QuantileCut) {
  const EventTable t = small_table();  // sorted ts: 10 50 60 70 100 200 250 300 400
  EXPECT_EQ(time_quantile(t, 0.0), 10);
  EXPECT_EQ(time_quantile(t, 0.5), 100);  // floor(4.5) = 4th (0-based) -> 100
  EXPECT_EQ(time_quantile(t, 1.0), 401);
  EXPECT_THROW(time_quantile(t, 1.5), Error);
}

EventTable many_users(uint32_t users, uint32_t per_user) {
  EventTable t;
  for (uint32_t k = 0; k < per_user; ++k)
    for (uint32_t u = 0; u < users; ++u) add(t, u, k, 1000 * k + u);
  return t;
}

TEST(Holdout, FractionsPerUserDeterministicAndDisjoint) {
  const EventTable t = many_users(50, 10);
  Context ctx(2), ctx1(1);
  HoldoutOptions o;
  o.test_fraction = 0.2;
  o.validation_fraction = 0.1;
  const SplitIndices a = holdout_split(t, o, ctx), b = holdout_split(t, o, ctx1);
  EXPECT_EQ(a.test, b.test);  // same seed, any thread count
  EXPECT_EQ(a.validation, b.validation);
  EXPECT_EQ(a.test.size(), 100u);
  EXPECT_EQ(a.validation.size(), 50u);
  EXPECT_EQ(a.train.size(), 350u);
  std::vector<int> per_user(50);
  for (uint32_t r : a.test) per_user[t.user[r]]++;
  for (int c : per_user) EXPECT_EQ(c, 2);
  o.seed = 7;
  EXPECT_NE(holdout_split(t, o, ctx).test, a.test);
  // Not always the latest events: some held-out rows are early ones.
  size_t early = 0;
  for (uint32_t r : a.test) early += t.item[r] < 8;
  EXPECT_GT(early, 0u);
}

TEST(Holdout, LatestTakesMostRecentEvents) {
  const EventTable t = many_users(3, 5);
  Context ctx(1);
  HoldoutOptions o;
  o.test_fraction = 0.4;
  o.validation_fraction = 0.2;
  o.latest = true;
  const SplitIndices s = holdout_split(t, o, ctx);
  for (uint32_t r : s.test) EXPECT_GE(t.item[r], 3u);
  for (uint32_t r : s.validation) EXPECT_EQ(t.item[r], 2u);
  EXPECT_EQ(s.test.size(), 6u);
  EXPECT_EQ(s.validation.size(), 3u);
}

TEST(KFold, UsersDealtEvenlyAndEachFoldTestsItsUsers) {
  const EventTable t = many_users(10, 3);
  const std::vector<int> f = user_folds(t, 3, 1);
  std::vector<int> sizes(3);
  for (int x : f) sizes[static_cast<size_t>(x)]++;
  std::sort(sizes.begin(), sizes.end());
  EXPECT_EQ(sizes, (std::vector<int>{3, 3, 4}));
  size_t total_test = 0;
  for (int k = 0; k < 3; ++k) {
    const SplitIndices s = user_fold_split(t, f, k);
    for (uint32_t r : s.test) EXPECT_EQ(f[t.user[r]], k);
    for (uint32_t r : s.train) EXPECT_NE(f[t.user[r]], k);
    total_test += s.test.size();
  }
  EXPECT_EQ(total_test, t.size());
  EXPECT_EQ(user_folds(t, 3, 1), f);
  EXPECT_THROW(user_folds(t, 1, 1), Error);
}

TEST(TimeFolds, RollingOriginExpandingAndSliding) {
  EventTable t;
  for (int i = 0; i < 40; ++i) add(t, static_cast<uint32_t>(i % 4), 0, 100 * i);  // ts 0..3900
  TimeFoldOptions o;
  o.folds = 3;  // 4 blocks of 10 events: [.., 1000), [1000, 2000), [2000, 3000), [3000, ..)
  const auto folds = time_folds(t, o);
  ASSERT_EQ(folds.size(), 3u);
  EXPECT_EQ(folds[0].train_to, 1000);
  EXPECT_EQ(folds[1].test_from, 2000);
  EXPECT_EQ(folds[2].test_to, INT64_MAX);
  const SplitIndices s = time_fold_split(t, folds[1]);
  EXPECT_EQ(s.train.size(), 20u);
  EXPECT_EQ(s.test.size(), 10u);
  EXPECT_EQ(s.dropped, 10u);

  o.max_train_blocks = 1;
  o.gap_ms = 250;
  const auto sliding = time_folds(t, o);
  const SplitIndices s2 = time_fold_split(t, sliding[2]);
  EXPECT_EQ(s2.train.front(), 20u);  // only block 2: ts 2000..2900
  EXPECT_EQ(s2.train.size(), 10u);
  EXPECT_EQ(s2.test.front(), 33u);   // 3000 + 250 gap -> first event at 3300
  EXPECT_EQ(s2.test.size(), 7u);

  o = {};
  o.folds = 3;
  o.equal_counts = false;  // span 0..3900 -> duration blocks of 975 ms
  const auto dur = time_folds(t, o);
  EXPECT_EQ(dur[0].train_to, 975);
}

// On a generated shop: every row lands in exactly one part, each eligible user has one
// validation and one test purchase, and no train event of a user is later than their
// held-out ones (no leakage), for any thread count.
TEST(LeaveLastOut, NoLeakageOnAGeneratedShop) {
  GeneratorConfig cfg;
  cfg.users = 300;
  cfg.items = 150;
  cfg.days = 20;
  const EventTable e = generate_shop(cfg).data.events;
  Context ctx(2), ctx1(1);
  LeaveLastOutOptions o;
  o.targets = BehaviorSet::only({Behavior::kPurchase});
  const SplitIndices s = leave_last_out(e, o, ctx);
  EXPECT_EQ(s.train, leave_last_out(e, o, ctx1).train);
  EXPECT_EQ(s.train.size() + s.validation.size() + s.test.size() + s.dropped, e.size());
  ASSERT_GT(s.test.size(), 20u);
  EXPECT_EQ(s.test.size(), s.validation.size());
  std::vector<int64_t> first_held(cfg.users, INT64_MAX);
  std::vector<int> tests(cfg.users, 0);
  for (uint32_t r : s.validation) {
    EXPECT_EQ(e.type[r], Behavior::kPurchase);
    first_held[e.user[r]] = std::min(first_held[e.user[r]], e.ts_ms[r]);
  }
  for (uint32_t r : s.test) {
    EXPECT_EQ(e.type[r], Behavior::kPurchase);
    EXPECT_GE(e.ts_ms[r], first_held[e.user[r]]);
    ++tests[e.user[r]];
  }
  for (int t : tests) EXPECT_LE(t, 1);
  for (uint32_t r : s.train) EXPECT_LE(e.ts_ms[r], first_held[e.user[r]]);
}

}  // namespace
}  // namespace ss::prep
