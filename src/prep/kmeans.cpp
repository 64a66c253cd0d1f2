#include "prep/kmeans.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/rng.h"

namespace ss::prep {
namespace {

double sq_dist(const float* a, const float* b, size_t d) {
  double s = 0;
  for (size_t j = 0; j < d; ++j) {
    const double x = static_cast<double>(a[j]) - b[j];
    s += x * x;
  }
  return s;
}

// Assigns each row to its nearest centroid; returns the inertia.
double assign(const Matrix& m, KMeansModel& model, std::vector<double>& dist, Context& ctx) {
  const size_t k = model.k(), d = m.cols;
  ctx.pool->parallel_for(m.rows, [&](size_t lo, size_t hi) {
    for (size_t r = lo; r < hi; ++r) {
      double best = std::numeric_limits<double>::infinity();
      uint32_t arg = 0;
      for (size_t c = 0; c < k; ++c) {
        const double x = sq_dist(&m.data[r * d], &model.centroids[c * d], d);
        if (x < best) best = x, arg = static_cast<uint32_t>(c);
      }
      model.assignment[r] = arg;
      dist[r] = best;
    }
  }, 1024);
  double inertia = 0;
  for (double x : dist) inertia += x;
  return inertia;
}

}  // namespace

KMeansModel kmeans(const Matrix& m, const KMeansOptions& o, Context& ctx) {
  if (o.k < 1) throw Error("k-means: k must be at least 1");
  const size_t k = static_cast<size_t>(o.k), d = m.cols, n = m.rows;
  if (n < k) throw Error("k-means: " + std::to_string(n) + " rows cannot make " + std::to_string(k) + " clusters; lower k");
  KMeansModel model;
  model.dims = d;
  model.centroids.assign(k * d, 0.f);
  model.assignment.assign(n, 0);
  Rng rng(o.seed);
  // k-means++: each next centre drawn with probability proportional to D(x)^2.
  std::vector<double> dist(n, std::numeric_limits<double>::infinity());
  size_t pick = rng.below(n);
  for (size_t c = 0; c < k; ++c) {
    std::copy_n(&m.data[pick * d], d, &model.centroids[c * d]);
    double total = 0;
    for (size_t r = 0; r < n; ++r) {
      dist[r] = std::min(dist[r], sq_dist(&m.data[r * d], &model.centroids[c * d], d));
      total += dist[r];
    }
    if (c + 1 == k) break;
    if (total <= 0) {
      pick = rng.below(n);  // all points coincide with centres already
      continue;
    }
    double target = rng.uniform() * total;
    pick = n - 1;
    for (size_t r = 0; r < n; ++r) {
      target -= dist[r];
      if (target < 0) {
        pick = r;
        break;
      }
    }
  }
  // Lloyd iterations.
  std::vector<double> sums(k * d);
  std::vector<size_t> counts(k);
  double prev = std::numeric_limits<double>::infinity();
  // Ends with an assignment step, so `assignment` and `inertia` match the final centroids.
  for (int it = 0;; ++it) {
    model.inertia = assign(m, model, dist, ctx);
    model.iterations = it;
    if (it == o.max_iterations || (it > 0 && prev - model.inertia <= o.tolerance * prev)) break;
    prev = model.inertia;
    std::fill(sums.begin(), sums.end(), 0.0);
    std::fill(counts.begin(), counts.end(), 0);
    for (size_t r = 0; r < n; ++r) {
      const uint32_t c = model.assignment[r];
      ++counts[c];
      for (size_t j = 0; j < d; ++j) sums[c * d + j] += m.data[r * d + j];
    }
    for (size_t c = 0; c < k; ++c) {
      if (counts[c] == 0) {  // an empty cluster restarts at the point farthest from its centre
        const size_t far = static_cast<size_t>(std::max_element(dist.begin(), dist.end()) - dist.begin());
        std::copy_n(&m.data[far * d], d, &model.centroids[c * d]);
        dist[far] = 0;
        continue;
      }
      for (size_t j = 0; j < d; ++j) model.centroids[c * d + j] = static_cast<float>(sums[c * d + j] / static_cast<double>(counts[c]));
    }
  }
  return model;
}

ImputeReport kmeans_impute(Matrix& m, const KMeansOptions& o, Context& ctx) {
  const size_t d = m.cols;
  std::vector<double> mean(d, 0), sd(d, 0);
  std::vector<size_t> seen(d, 0);
  for (size_t r = 0; r < m.rows; ++r)
    for (size_t j = 0; j < d; ++j)
      if (const float v = m.at(r, j); !std::isnan(v)) mean[j] += v, ++seen[j];
  for (size_t j = 0; j < d; ++j) mean[j] = seen[j] ? mean[j] / static_cast<double>(seen[j]) : 0.0;
  for (size_t r = 0; r < m.rows; ++r)
    for (size_t j = 0; j < d; ++j)
      if (const float v = m.at(r, j); !std::isnan(v)) sd[j] += (v - mean[j]) * (v - mean[j]);
  for (size_t j = 0; j < d; ++j) {
    sd[j] = seen[j] > 1 ? std::sqrt(sd[j] / static_cast<double>(seen[j] - 1)) : 1.0;
    if (sd[j] <= 0) sd[j] = 1.0;
  }
  auto z = [&](float v, size_t j) { return static_cast<float>((v - mean[j]) / sd[j]); };

  ImputeReport rep;
  Matrix complete(0, d);
  for (size_t r = 0; r < m.rows; ++r) {
    bool ok = true;
    for (size_t j = 0; j < d; ++j) ok &= !std::isnan(m.at(r, j));
    if (!ok) continue;
    for (size_t j = 0; j < d; ++j) complete.data.push_back(z(m.at(r, j), j));
    ++complete.rows;
  }
  rep.complete_rows = complete.rows;
  if (complete.rows < static_cast<size_t>(std::max(o.k, 1)))
    throw Error("k-means imputation: only " + std::to_string(complete.rows) + " complete rows for k=" +
                std::to_string(o.k) + "; lower k or fill with a statistic");
  rep.model = kmeans(complete, o, ctx);
  const size_t k = rep.model.k();
  for (size_t r = 0; r < m.rows; ++r) {
    size_t observed = 0;
    for (size_t j = 0; j < d; ++j) observed += !std::isnan(m.at(r, j));
    if (observed == d) continue;
    if (observed == 0) {
      for (size_t j = 0; j < d; ++j) m.at(r, j) = static_cast<float>(mean[j]);
      rep.filled_by_mean += d;
      continue;
    }
    double best = std::numeric_limits<double>::infinity();
    size_t arg = 0;
    for (size_t c = 0; c < k; ++c) {
      double s = 0;
      for (size_t j = 0; j < d; ++j) {
        const float v = m.at(r, j);
        if (std::isnan(v)) continue;
        const double x = static_cast<double>(z(v, j)) - rep.model.centroids[c * d + j];
        s += x * x;
      }
      if (s < best) best = s, arg = c;
    }
    for (size_t j = 0; j < d; ++j) {
      if (!std::isnan(m.at(r, j))) continue;
      m.at(r, j) = static_cast<float>(rep.model.centroids[arg * d + j] * sd[j] + mean[j]);
      ++rep.filled;
    }
  }
  return rep;
}

}  // namespace ss::prep
