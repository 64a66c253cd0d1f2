// Learning-rate schedules and token sequences: no LibTorch needed.
#include <gtest/gtest.h>

#include "core/error.h"
#include "deep/schedule.h"
#include "deep/sequences.h"

namespace ss::deep {

TEST(Schedule, ValuesAtGivenSteps) {
  LrSchedule s;
  s.base = 1e-3;
  EXPECT_DOUBLE_EQ(s.lr(0), 1e-3);
  EXPECT_DOUBLE_EQ(s.lr(12345), 1e-3);
  s.warmup = 10;
  EXPECT_DOUBLE_EQ(s.lr(4), 5e-4);  // step 4 is the 5th of 10 warm-up steps
  EXPECT_DOUBLE_EQ(s.lr(9), 1e-3);

  LrSchedule inv{.name = "inv_sqrt", .base = 0.1, .scale = 2.0};
  EXPECT_DOUBLE_EQ(inv.lr(0), 0.2);
  EXPECT_DOUBLE_EQ(inv.lr(3), 0.1);  // 0.1 * 2 / sqrt(4)
  inv.scale = 1.0;
  inv.warmup = 100;
  EXPECT_DOUBLE_EQ(inv.lr(49), 0.05);   // ramp
  EXPECT_DOUBLE_EQ(inv.lr(99), 0.1);    // meets the decay
  EXPECT_DOUBLE_EQ(inv.lr(399), 0.05);  // 0.1 * sqrt(100) / sqrt(400)

  LrSchedule step{.name = "step", .base = 1.0, .step_size = 10, .gamma = 0.5};
  EXPECT_DOUBLE_EQ(step.lr(8), 1.0);
  EXPECT_DOUBLE_EQ(step.lr(9), 0.5);
  EXPECT_DOUBLE_EQ(step.lr(25), 0.25);

  LrSchedule cos{.name = "cosine", .base = 2.0, .total = 100};
  EXPECT_NEAR(cos.lr(49), 1.0, 1e-12);
  EXPECT_NEAR(cos.lr(99), 0.0, 1e-12);
  LrSchedule lin{.name = "linear", .base = 1.0, .warmup = 20, .total = 120};
  EXPECT_DOUBLE_EQ(lin.lr(9), 0.5);
  EXPECT_DOUBLE_EQ(lin.lr(69), 0.5);  // half way through the decay
  EXPECT_DOUBLE_EQ(lin.lr(119), 0.0);

  LrSchedule bad{.name = "exponential"};
  EXPECT_FALSE(LrSchedule::known("exponential"));
  EXPECT_THROW(bad.lr(0), Error);
}

TEST(Sequences, GapBuckets) {
  EXPECT_EQ(gap_bucket(kNoTime, 5), 0);
  EXPECT_EQ(gap_bucket(0, 30'000), 1);        // under a minute
  EXPECT_EQ(gap_bucket(0, 60'000), 2);        // one minute
  EXPECT_EQ(gap_bucket(0, 3 * 60'000), 3);    // 2..3 minutes
  EXPECT_EQ(gap_bucket(0, int64_t(1) << 50), kGapBuckets - 1);
  EXPECT_EQ(gap_bucket(100, 50), 0);  // out of order
}

TEST(Sequences, PerUserInTimeOrderWithoutSearchesOrDislikes) {
  EventTable ev;
  ev.push_back({.user = 1, .item = 7, .ts_ms = 300'000, .type = Behavior::kPurchase});
  ev.push_back({.user = 0, .item = 3, .ts_ms = 200'000, .type = Behavior::kView});
  ev.push_back({.user = 1, .item = 5, .ts_ms = 100'000, .type = Behavior::kView});
  ev.push_back({.user = 1, .item = kNone, .ts_ms = 150'000, .type = Behavior::kSearch});
  ev.push_back({.user = 1, .item = 9, .ts_ms = 160'000, .type = Behavior::kDislike});
  ev.push_back({.user = 1, .item = 6, .ts_ms = 200'000, .type = Behavior::kAddToCart});
  const UserSequences s = build_sequences(ev, BehaviorWeights{}, 3);
  ASSERT_EQ(s.num_users(), 3u);
  ASSERT_EQ(s.length(0), 1u);
  ASSERT_EQ(s.length(1), 3u);
  EXPECT_EQ(s.length(2), 0u);
  EXPECT_EQ(std::vector<uint32_t>(s.items_of(1).begin(), s.items_of(1).end()), (std::vector<uint32_t>{5, 6, 7}));
  EXPECT_EQ(s.types_of(1)[1], uint8_t(Behavior::kAddToCart));
  EXPECT_EQ(s.gaps_of(1)[0], 0);
  EXPECT_EQ(s.gaps_of(1)[1], gap_bucket(100'000, 200'000));

  const uint32_t items[] = {1, 2, 3, 4};
  const Behavior types[] = {Behavior::kView, Behavior::kDislike, Behavior::kView, Behavior::kPurchase};
  const TokenWindow w = window_from_history({items, types, {}}, BehaviorWeights{}, 2);
  EXPECT_EQ(w.items, (std::vector<uint32_t>{3, 4}));  // newest two, the dislike dropped
  EXPECT_EQ(w.types[1], uint8_t(Behavior::kPurchase));
}

}  // namespace ss::deep
