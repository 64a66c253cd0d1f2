// Two models scored on the SAME users: the per-user difference (a - b) with a paired
// bootstrap interval of its mean and an exact two-sided sign test over users where they
// differ. Pairing removes the user-to-user spread that makes two separate intervals
// overlap long after the difference itself is clear (or not).
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

namespace ss::eval {

struct PairedComparison {
  size_t users = 0;
  double mean_a = 0, mean_b = 0;
  double diff = 0, low = 0, high = 0;  // mean of a - b and its bootstrap interval
  size_t wins = 0, losses = 0, ties = 0;  // users where a > b, a < b, a == b
  double sign_p = 1;                      // exact two-sided sign-test p-value (ties left out)
};

// `a` and `b` hold one value per user, the same users in the same order (throws otherwise).
PairedComparison compare_paired(std::span<const double> a, std::span<const double> b, size_t resamples = 2000,
                                double confidence = 0.95, uint64_t seed = 42);

// P(X <= k or X >= n - k) for X ~ Binomial(n, 1/2), k = min(wins, losses): the sign test.
double sign_test_p(size_t wins, size_t losses);

}  // namespace ss::eval
