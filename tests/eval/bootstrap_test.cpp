#include "eval/bootstrap.h"

#include <cmath>

#include <gtest/gtest.h>

#include "core/rng.h"

namespace ss::eval {
namespace {

// n users, two metrics: a 30% hit rate and a constant.
std::vector<double> hits(size_t n, uint64_t seed) {
  Rng rng(seed);
  std::vector<double> v;
  for (size_t i = 0; i < n; ++i) v.push_back(rng.bernoulli(0.3) ? 1.0 : 0.0), v.push_back(0.25);
  return v;
}

TEST(Bootstrap, IntervalContainsMeanAndShrinksWithMoreUsers) {
  const auto small = bootstrap_means(hits(100, 1), 100, 2, 400, 0.95, 7);
  const auto large = bootstrap_means(hits(10000, 2), 10000, 2, 400, 0.95, 7);
  for (const auto* r : {&small, &large}) {
    EXPECT_LE((*r)[0].low, (*r)[0].mean);
    EXPECT_GE((*r)[0].high, (*r)[0].mean);
    EXPECT_LT((*r)[0].low, (*r)[0].high);
    // A constant metric has no spread.
    EXPECT_DOUBLE_EQ((*r)[1].low, 0.25);
    EXPECT_DOUBLE_EQ((*r)[1].high, 0.25);
  }
  EXPECT_NEAR(large[0].mean, 0.3, 0.02);
  const double w_small = small[0].high - small[0].low, w_large = large[0].high - large[0].low;
  // The width falls like 1/sqrt(n): 100x the users, about a tenth of the width.
  EXPECT_LT(w_large, w_small / 5);
  EXPECT_GT(w_large, w_small / 20);
  // 95% interval of a 30% rate over 10,000 users: about +-0.009.
  EXPECT_NEAR(w_large, 2 * 1.96 * std::sqrt(0.3 * 0.7 / 10000), 0.004);
}

TEST(Bootstrap, SeededAndCollapsesWithoutResamples) {
  const auto v = hits(200, 3);
  const auto a = bootstrap_means(v, 200, 2, 100, 0.9, 5);
  const auto b = bootstrap_means(v, 200, 2, 100, 0.9, 5);
  EXPECT_EQ(a[0].low, b[0].low);
  EXPECT_EQ(a[0].high, b[0].high);
  const auto none = bootstrap_means(v, 200, 2, 0, 0.9, 5);
  EXPECT_EQ(none[0].low, none[0].mean);
  EXPECT_EQ(none[0].high, none[0].mean);
}

}  // namespace
}  // namespace ss::eval
