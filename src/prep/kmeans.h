// K-means (k-means++ seeding, Lloyd iterations) and imputation of missing numeric fields
// from the nearest centroid: a row's observed fields pick the centroid, its missing fields
// take that centroid's values. Columns are standardised (observed mean/std) before
// clustering so no attribute dominates by its unit.
#pragma once
#include <cstdint>
#include <vector>

#include "core/context.h"
#include "prep/missing.h"

namespace ss::prep {

struct KMeansOptions {
  int k = 8;
  int max_iterations = 100;
  double tolerance = 1e-6;  // stop when the inertia improves by less than this fraction
  uint64_t seed = 42;
};

struct KMeansModel {
  size_t dims = 0;
  std::vector<float> centroids;  // k x dims, row-major
  std::vector<uint32_t> assignment;
  double inertia = 0;  // sum of squared distances to the assigned centroid
  int iterations = 0;  // centroid updates made
  size_t k() const { return dims ? centroids.size() / dims : 0; }
};

// Clusters the rows of a complete matrix (no NaN). Throws ss::Error if rows < k.
KMeansModel kmeans(const Matrix& m, const KMeansOptions& options, Context& ctx);

struct ImputeReport {
  size_t filled = 0;          // missing fields filled from a centroid
  size_t filled_by_mean = 0;  // fields of rows with nothing observed (column mean instead)
  size_t complete_rows = 0;   // rows the clustering was fitted on
  KMeansModel model;          // fitted in standardised units
};

// Fits k-means on the complete rows and fills every missing field in place. Throws
// ss::Error if fewer than k rows are complete.
ImputeReport kmeans_impute(Matrix& m, const KMeansOptions& options, Context& ctx);

}  // namespace ss::prep
