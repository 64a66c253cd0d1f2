// Price bands: 0 cheap, 1 mid, 2 premium. The one rule that analytics, search, the content
// model and the synthetic shop's planted truth all use, so a "premium" item means the same
// thing in a report, a search ranking feature and a recommendation.
//
// Within each group of items (one leaf category; items without a category form one group
// of their own), with n priced items in the group and r of them strictly cheaper than the
// item:  band = floor(3 * r / n).
// - Ties share a band: equal prices get the band of their lowest rank.
// - Unknown prices (NaN) get kNoBand and do not count in n.
// - Fewer than 3 priced items: a lone item is cheap (r = 0); of two, the cheaper is cheap
//   and the dearer mid (r = 1, 3 / 2 = 1), both cheap when equal.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace ss {

class Catalogue;

inline constexpr uint8_t kNoBand = 255;
inline constexpr int kNumPriceBands = 3;

// `price` and `category` per item id (same length; category kNone where unknown).
std::vector<uint8_t> price_bands(std::span<const float> price, std::span<const uint32_t> category);
// The same from the catalogue's prices and leaf categories, for item ids [0, num_items).
std::vector<uint8_t> price_bands(const Catalogue& catalogue, size_t num_items);

}  // namespace ss
