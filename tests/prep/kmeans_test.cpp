#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "core/rng.h"
#include "prep/impute.h"
#include "prep/kmeans.h"

#include <cstdio>
#include <string>

namespace ss::prep {
namespace {

// Three well separated blobs in 3-d with different scales per column.
Matrix blobs(size_t per_blob, std::vector<int>& label, uint64_t seed) {
  const float centres[3][3] = {{0, 0, 0}, {10, 100, 1}, {-10, 50, 2}};
  Matrix m(per_blob * 3, 3);
  Rng rng(seed);
  for (size_t r = 0; r < m.rows; ++r) {
    const int b = static_cast<int>(r % 3);
    label.push_back(b);
    m.at(r, 0) = centres[b][0] + static_cast<float>(rng.normal() * 0.5);
    m.at(r, 1) = centres[b][1] + static_cast<float>(rng.normal() * 5.0);
    m.at(r, 2) = centres[b][2] + static_cast<float>(rng.normal() * 0.05);
  }
  return m;
}

TEST(KMeans, RecoversSeparatedClusters) {
  std::vector<int> label;
  const Matrix m = blobs(100, label, 3);
  Context ctx(2);
  const KMeansModel model = kmeans(m, {.k = 3, .seed = 5}, ctx);
  ASSERT_EQ(model.k(), 3u);
  // Every blob maps to one cluster and the clusters differ.
  uint32_t of_blob[3];
  for (int b = 0; b < 3; ++b) of_blob[b] = model.assignment[static_cast<size_t>(b)];
  EXPECT_NE(of_blob[0], of_blob[1]);
  EXPECT_NE(of_blob[1], of_blob[2]);
  EXPECT_NE(of_blob[0], of_blob[2]);
  for (size_t r = 0; r < m.rows; ++r) EXPECT_EQ(model.assignment[r], of_blob[label[r]]);
  EXPECT_GT(model.iterations, 0);
  Context one(1);
  EXPECT_EQ(kmeans(m, {.k = 3, .seed = 5}, one).centroids, model.centroids);
  EXPECT_THROW(kmeans(m, {.k = 1000}, ctx), Error);
}

TEST(KMeans, ImputesFromTheNearestCentroidBetterThanTheMean) {
  std::vector<int> label;
  Matrix m = blobs(200, label, 9);
  const Matrix truth = m;
  // Knock out column 1 (the large-scale one) in every 4th row, column 0 in every 7th.
  size_t knocked = 0;
  for (size_t r = 0; r < m.rows; r += 4) m.at(r, 1) = kNoValue, ++knocked;
  for (size_t r = 1; r < m.rows; r += 7) m.at(r, 0) = kNoValue, ++knocked;
  m.at(2, 0) = m.at(2, 1) = m.at(2, 2) = kNoValue;  // nothing observed: column means
  Matrix by_mean = m;
  fill_missing(by_mean, FillMethod::kMean);
  Context ctx(2);
  const ImputeReport rep = kmeans_impute(m, {.k = 3, .seed = 1}, ctx);
  EXPECT_EQ(rep.filled_by_mean, 3u);
  EXPECT_EQ(rep.filled, knocked);  // row 2 is in neither knocked-out pattern
  double err_km = 0, err_mean = 0;
  for (size_t r = 0; r < m.rows; r += 4) {
    if (r == 2) continue;
    err_km += std::abs(m.at(r, 1) - truth.at(r, 1));
    err_mean += std::abs(by_mean.at(r, 1) - truth.at(r, 1));
  }
  // Within-blob noise is 5 (mean abs ~4); the mean is off by ~35 on average.
  EXPECT_LT(err_km / (m.rows / 4.0), 6.0);
  EXPECT_GT(err_mean, 4 * err_km);
  for (float v : m.data) EXPECT_FALSE(std::isnan(v));
}

}  // namespace
}  // namespace ss::prep

namespace ss::prep {
namespace {

TEST(KMeansImpute, CataloguePriceAndNumericAttributes) {
  Catalogue cat;
  Rng rng(4);
  for (uint32_t i = 0; i < 40; ++i) {
    const bool heavy = i % 2;
    CatalogueItem it;
    it.item = i;
    it.price = (heavy ? 100.f : 10.f) + static_cast<float>(rng.normal());
    char w[16];
    std::snprintf(w, sizeof w, "%.2f", (heavy ? 20.0 : 1.0) + rng.normal() * 0.2);
    it.attributes = {{"weight", w}, {"colour", heavy ? "black" : "red"}};
    cat.upsert(it);
  }
  CatalogueItem a = *cat.find(3);  // heavy: forget its price
  a.price = kNoValue;
  cat.upsert(a);
  CatalogueItem b = *cat.find(4);  // light: forget its weight
  b.attributes = {{"colour", "red"}};
  cat.upsert(b);
  Context ctx(1);
  const CatalogueImputeReport rep = kmeans_impute_catalogue(cat, {.k = 2, .seed = 3}, ctx);
  EXPECT_EQ(rep.columns, (std::vector<std::string>{"price", "weight"}));
  EXPECT_EQ(rep.filled, 2u);
  EXPECT_NEAR(cat.find(3)->price, 100.f, 1.0f);
  const auto& attrs = cat.find(4)->attributes;
  ASSERT_EQ(attrs.size(), 2u);
  EXPECT_EQ(attrs[1].first, "weight");
  EXPECT_NEAR(std::stod(attrs[1].second), 1.0, 0.2);
}

TEST(KMeansImpute, EventPriceFromQuantity) {
  EventTable t;
  for (int i = 0; i < 30; ++i) {
    EventRow r;
    r.user = 0;
    r.item = static_cast<uint32_t>(i);
    r.ts_ms = i;
    r.type = Behavior::kPurchase;
    r.quantity = i % 2 ? 5.f : 1.f;  // bulk buyers pay a lot, single buyers little
    r.price = i % 2 ? 100.f + static_cast<float>(i % 3) : 10.f + static_cast<float>(i % 3);
    t.push_back(r);
  }
  t.price[7] = kNoValue;   // quantity 5
  t.price[8] = kNoValue;   // quantity 1
  t.quantity[9] = kNoValue;
  t.price[9] = kNoValue;   // nothing observed: stays missing
  Context ctx(1);
  EXPECT_EQ(kmeans_impute_events(t, {EventColumn::kPrice, EventColumn::kQuantity}, {.k = 2}, ctx), 2u);
  EXPECT_NEAR(t.price[7], 101.f, 1.5f);
  EXPECT_NEAR(t.price[8], 11.f, 1.5f);
  EXPECT_TRUE(std::isnan(t.price[9]));
}

}  // namespace
}  // namespace ss::prep
