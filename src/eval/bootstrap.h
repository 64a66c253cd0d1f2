// Bootstrap confidence intervals of per-user metric means: resample the users with
// replacement (seeded), take the mean each time, and read the percentiles.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ss::eval {

struct Interval {
  double mean = 0, low = 0, high = 0;
};

// values: n rows (users) x m columns (metrics), row-major. With resamples == 0 or n < 2 the
// interval collapses to the mean.
std::vector<Interval> bootstrap_means(const std::vector<double>& values, size_t n, size_t m,
                                      size_t resamples, double confidence, uint64_t seed);

}  // namespace ss::eval
