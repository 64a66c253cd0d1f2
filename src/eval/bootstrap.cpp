#include "eval/bootstrap.h"

#include <algorithm>
#include <cmath>

#include "core/rng.h"

namespace ss::eval {

std::vector<Interval> bootstrap_means(const std::vector<double>& values, size_t n, size_t m,
                                      size_t resamples, double confidence, uint64_t seed) {
  std::vector<Interval> out(m);
  if (n == 0) return out;
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < m; ++j) out[j].mean += values[i * m + j];
  for (Interval& v : out) v.low = v.high = v.mean /= double(n);
  if (resamples == 0 || n < 2) return out;

  // One draw of n user indices per resample serves every metric, so the intervals of
  // related metrics come from the same resamples.
  std::vector<std::vector<double>> means(m, std::vector<double>(resamples));
  std::vector<double> sum(m);
  Rng rng(seed ^ 0xB0075742ull);
  for (size_t b = 0; b < resamples; ++b) {
    std::fill(sum.begin(), sum.end(), 0.0);
    for (size_t i = 0; i < n; ++i) {
      const double* row = &values[rng.below(n) * m];
      for (size_t j = 0; j < m; ++j) sum[j] += row[j];
    }
    for (size_t j = 0; j < m; ++j) means[j][b] = sum[j] / double(n);
  }
  const double alpha = (1.0 - confidence) / 2.0;
  for (size_t j = 0; j < m; ++j) {
    std::vector<double>& v = means[j];
    std::sort(v.begin(), v.end());
    auto at = [&](double q) {
      const double pos = q * double(resamples - 1);
      const size_t lo = static_cast<size_t>(std::floor(pos));
      const size_t hi = std::min(lo + 1, resamples - 1);
      return v[lo] + (v[hi] - v[lo]) * (pos - double(lo));
    };
    out[j].low = std::min(at(alpha), out[j].mean);
    out[j].high = std::max(at(1.0 - alpha), out[j].mean);
  }
  return out;
}

}  // namespace ss::eval
