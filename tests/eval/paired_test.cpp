#include "eval/paired.h"

#include <vector>

#include <gtest/gtest.h>

#include "core/error.h"
#include "core/rng.h"

namespace ss::eval {
namespace {

TEST(SignTest, ExactValues) {
  EXPECT_DOUBLE_EQ(sign_test_p(0, 0), 1.0);
  EXPECT_NEAR(sign_test_p(5, 0), 2.0 / 32.0, 1e-12);               // 2 * 0.5^5
  EXPECT_NEAR(sign_test_p(8, 2), 2.0 * 56.0 / 1024.0, 1e-12);      // 2 * (1 + 10 + 45) / 2^10
  EXPECT_NEAR(sign_test_p(2, 8), sign_test_p(8, 2), 1e-15);        // symmetric
  EXPECT_DOUBLE_EQ(sign_test_p(5, 5), 1.0);
  EXPECT_LT(sign_test_p(600, 400), 1e-9);                          // large n stays finite
}

TEST(PairedComparison, FindsASmallShiftThatSeparateIntervalsWouldMiss) {
  // Per-user values vary a lot between users, but b is always a little below a.
  Rng rng(3);
  std::vector<double> a, b;
  for (int i = 0; i < 400; ++i) {
    const double base = rng.uniform();
    a.push_back(base);
    b.push_back(i % 4 == 0 ? base : base - 0.02);
  }
  const auto c = compare_paired(a, b, 1000, 0.95, 1);
  EXPECT_EQ(c.users, 400u);
  EXPECT_EQ(c.wins, 300u);
  EXPECT_EQ(c.losses, 0u);
  EXPECT_EQ(c.ties, 100u);
  EXPECT_NEAR(c.diff, 0.015, 1e-12);
  EXPECT_NEAR(c.mean_a - c.mean_b, c.diff, 1e-12);
  EXPECT_GT(c.low, 0.0);
  EXPECT_LE(c.low, c.diff);
  EXPECT_GE(c.high, c.diff);
  EXPECT_LT(c.sign_p, 1e-20);
  // Same values: no difference, p = 1.
  const auto same = compare_paired(a, a, 200, 0.95, 1);
  EXPECT_EQ(same.diff, 0.0);
  EXPECT_EQ(same.ties, 400u);
  EXPECT_DOUBLE_EQ(same.sign_p, 1.0);
  EXPECT_THROW(compare_paired(a, std::vector<double>(3, 0.0)), Error);
}

}  // namespace
}  // namespace ss::eval
