#include "eval/paired.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/error.h"
#include "eval/bootstrap.h"

namespace ss::eval {

double sign_test_p(size_t wins, size_t losses) {
  const size_t n = wins + losses, k = std::min(wins, losses);
  if (n == 0) return 1.0;
  // Sum the lower tail in log space (n can be thousands), then double it.
  const double log_half_n = -double(n) * std::log(2.0);
  double tail = 0;
  for (size_t i = 0; i <= k; ++i)
    tail += std::exp(std::lgamma(double(n) + 1) - std::lgamma(double(i) + 1) - std::lgamma(double(n - i) + 1) + log_half_n);
  return std::min(1.0, 2.0 * tail);
}

PairedComparison compare_paired(std::span<const double> a, std::span<const double> b, size_t resamples,
                                double confidence, uint64_t seed) {
  if (a.size() != b.size()) throw Error("paired comparison: the two models were scored on different numbers of users");
  PairedComparison c;
  c.users = a.size();
  std::vector<double> d(a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    c.mean_a += a[i], c.mean_b += b[i], d[i] = a[i] - b[i];
    if (a[i] > b[i]) ++c.wins;
    else if (a[i] < b[i]) ++c.losses;
    else ++c.ties;
  }
  if (c.users == 0) return c;
  c.mean_a /= double(c.users), c.mean_b /= double(c.users);
  const Interval iv = bootstrap_means(d, d.size(), 1, resamples, confidence, seed).front();
  c.diff = iv.mean, c.low = iv.low, c.high = iv.high;
  c.sign_p = sign_test_p(c.wins, c.losses);
  return c;
}

}  // namespace ss::eval
