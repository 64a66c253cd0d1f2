// The one price-band rule (core/price_bands.h) that analytics, search, the content model
// and the synthetic shop share.
#include <gtest/gtest.h>

#include <vector>

#include "core/catalogue.h"
#include "core/error.h"
#include "core/price_bands.h"

using namespace ss;

namespace {
constexpr float kNaN = kNoValue;
constexpr uint8_t X = kNoBand;
using Bands = std::vector<uint8_t>;
}  // namespace

TEST(PriceBands, TercilesWithinEachCategory) {
  // Category 0: six distinct prices, two per band. Category 1: three prices, one per band,
  // banded on their own although all are dearer than category 0's.
  const std::vector<float> price = {6, 1, 5, 2, 4, 3, 100, 300, 200};
  const std::vector<uint32_t> cat = {0, 0, 0, 0, 0, 0, 1, 1, 1};
  EXPECT_EQ(price_bands(price, cat), (Bands{2, 0, 2, 0, 1, 1, 0, 2, 1}));
}

TEST(PriceBands, TiesShareTheBandOfTheirLowestRank) {
  // Sorted: 1 5 5 5 5 9. r = 0,1,1,1,1,5 -> 3r/6 = 0,0,0,0,0,2: a tie straddling the cuts
  // stays together in the lowest band it reaches (the old search rule, cutting at the
  // sorted prices p[n/3] and p[2n/3], made all four 5s premium).
  const std::vector<float> price = {5, 1, 5, 9, 5, 5};
  EXPECT_EQ(price_bands(price, std::vector<uint32_t>(6, 7)), (Bands{0, 0, 0, 2, 0, 0}));
  // All equal: all cheap.
  EXPECT_EQ(price_bands(std::vector<float>(4, 2.5f), std::vector<uint32_t>(4, 0)), (Bands{0, 0, 0, 0}));
}

TEST(PriceBands, MissingPricesGetNoBandAndDoNotCount) {
  // Without the NaNs category 0 has three prices: one per band.
  const std::vector<float> price = {kNaN, 10, kNaN, 30, 20, kNaN};
  const std::vector<uint32_t> cat = {0, 0, 0, 0, 0, 1};
  EXPECT_EQ(price_bands(price, cat), (Bands{X, 0, X, 2, 1, X}));
}

TEST(PriceBands, FewerThanThreePricedItems) {
  // One priced item: cheap (nothing is cheaper). Two: cheap and mid; never premium, which
  // the old search rule gave a lone item.
  EXPECT_EQ(price_bands(std::vector<float>{42}, std::vector<uint32_t>{3}), (Bands{0}));
  EXPECT_EQ(price_bands(std::vector<float>{9, 4}, std::vector<uint32_t>{3, 3}), (Bands{1, 0}));
  EXPECT_EQ(price_bands(std::vector<float>{4, 4}, std::vector<uint32_t>{3, 3}), (Bands{0, 0}));
  EXPECT_TRUE(price_bands(std::vector<float>{}, std::vector<uint32_t>{}).empty());
}

TEST(PriceBands, UncategorisedItemsFormOneGroup) {
  const std::vector<float> price = {1, 2, 3, 0.5f};
  const std::vector<uint32_t> cat = {kNone, kNone, kNone, 0};
  EXPECT_EQ(price_bands(price, cat), (Bands{0, 1, 2, 0}));
}

TEST(PriceBands, CatalogueUsesItsPricesAndCategories) {
  Catalogue c;
  auto add = [&](uint32_t item, uint32_t cat, float price) {
    CatalogueItem it;
    it.item = item;
    it.category = cat;
    it.price = price;
    c.upsert(it);
  };
  add(0, 1, 30);
  add(1, 1, 10);
  add(3, 1, 20);
  add(4, 2, kNaN);
  // Item 2 has no entry, item 5 is past the last entry: no band.
  EXPECT_EQ(price_bands(c, 6), (Bands{2, 0, X, 1, X, X}));
}

TEST(PriceBands, RejectsMismatchedLengths) {
  EXPECT_THROW(price_bands(std::vector<float>{1, 2}, std::vector<uint32_t>{0}), Error);
}
