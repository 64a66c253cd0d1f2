#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "prep/missing.h"
#include "test_util.h"

namespace ss::prep {
namespace {
using testing::add;
const float N = kNoValue;

TEST(Missing, Statistics) {
  const std::vector<float> v = {4, N, 1, 2, 2, N, 9};
  EXPECT_FLOAT_EQ(column_statistic(v, FillMethod::kMean), 18.f / 5);
  EXPECT_FLOAT_EQ(column_statistic(v, FillMethod::kMedian), 2.f);
  EXPECT_FLOAT_EQ(column_statistic(v, FillMethod::kMode), 2.f);
  const std::vector<float> even = {1, 3, 10, 4};
  EXPECT_FLOAT_EQ(column_statistic(even, FillMethod::kMedian), 3.5f);
  const std::vector<float> tie = {5, 3, 5, 3};
  EXPECT_FLOAT_EQ(column_statistic(tie, FillMethod::kMode), 3.f);
  const std::vector<float> none = {N, N};
  EXPECT_TRUE(std::isnan(column_statistic(none, FillMethod::kMean)));
  EXPECT_THROW(parse_fill_method("average"), Error);
}

TEST(Missing, FillAndDropOnAMatrix) {
  Matrix m(3, 2);
  m.at(0, 0) = 1; m.at(0, 1) = 10;
  m.at(1, 0) = 3; /* (1,1) missing */
  /* (2,0) missing */ m.at(2, 1) = 30;
  Matrix dropped = m;
  EXPECT_EQ(drop_missing_rows(dropped), (std::vector<size_t>{0}));
  EXPECT_EQ(dropped.rows, 1u);
  EXPECT_FLOAT_EQ(dropped.at(0, 1), 10.f);
  EXPECT_EQ(fill_missing(m, FillMethod::kMean), 2u);
  EXPECT_FLOAT_EQ(m.at(2, 0), 2.f);
  EXPECT_FLOAT_EQ(m.at(1, 1), 20.f);
  std::vector<float> c = {N, 1, N};
  EXPECT_EQ(fill_missing(c, FillMethod::kConstant, -1.f), 2u);
  EXPECT_EQ(c, (std::vector<float>{-1, 1, -1}));
}

TEST(Missing, LinearInterpolationInTime) {
  const std::vector<int64_t> ts = {0, 10, 20, 40, 50, 60};
  std::vector<float> v = {N, 1, N, 4, N, N};
  EXPECT_EQ(interpolate_linear(ts, v), 4u);
  EXPECT_FLOAT_EQ(v[0], 1.f);  // leading: nearest observed
  EXPECT_FLOAT_EQ(v[2], 2.f);  // 1 + (20-10)/(40-10) * 3
  EXPECT_FLOAT_EQ(v[4], 4.f);  // trailing
  EXPECT_FLOAT_EQ(v[5], 4.f);
  std::vector<float> empty = {N, N};
  EXPECT_EQ(interpolate_linear(std::vector<int64_t>{0, 1}, empty), 0u);
}

TEST(Missing, EventPriceColumns) {
  EventTable t;
  add(t, 0, 1, 10, Behavior::kPurchase, 8.f);
  add(t, 0, 1, 20, Behavior::kPurchase);        // item 1: observed median 9 (8, 10)
  add(t, 1, 1, 30, Behavior::kPurchase, 10.f);
  add(t, 1, 2, 40, Behavior::kPurchase);        // item 2: catalogue price 3
  add(t, 1, 3, 50, Behavior::kView);            // item 3: unknown everywhere
  RemovalMask mask(t.size());
  EXPECT_EQ(drop_missing_events(t, EventColumn::kPrice, {Behavior::kPurchase}, mask), 2u);
  EXPECT_EQ(mask.reason[1], Reason::kMissingValue);
  EXPECT_TRUE(mask.kept(4));
  EventTable filled = t;
  EXPECT_EQ(fill_event_prices_from_items(filled, {N, N, 3.f}), 2u);
  EXPECT_FLOAT_EQ(filled.price[1], 9.f);
  EXPECT_FLOAT_EQ(filled.price[3], 3.f);
  EXPECT_TRUE(std::isnan(filled.price[4]));
  EventTable by_median = t;
  EXPECT_EQ(fill_event_column(by_median, EventColumn::kPrice, FillMethod::kMedian), 3u);
  EXPECT_FLOAT_EQ(by_median.price[4], 9.f);
  EXPECT_EQ(fill_event_column(by_median, EventColumn::kQuantity, FillMethod::kConstant, 1.f), 5u);
  EXPECT_FLOAT_EQ(by_median.quantity[2], 1.f);
}

TEST(Missing, CataloguePricesByCategory) {
  Catalogue cat;
  auto put = [&](uint32_t item, uint32_t category, float price) {
    CatalogueItem it;
    it.item = item;
    it.category = category;
    it.price = price;
    cat.upsert(it);
  };
  put(0, 0, 10); put(1, 0, 30); put(2, 0, N);
  put(3, 1, 100); put(4, 1, N);
  put(5, 7, N);  // a category with no prices: the global median
  EXPECT_EQ(fill_catalogue_prices(cat, FillMethod::kMedian), 3u);
  EXPECT_FLOAT_EQ(cat.find(2)->price, 20.f);
  EXPECT_FLOAT_EQ(cat.find(4)->price, 100.f);
  EXPECT_FLOAT_EQ(cat.find(5)->price, 30.f);
}

}  // namespace
}  // namespace ss::prep
