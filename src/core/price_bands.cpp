#include "core/price_bands.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/catalogue.h"
#include "core/dictionary.h"
#include "core/error.h"

namespace ss {

std::vector<uint8_t> price_bands(std::span<const float> price, std::span<const uint32_t> category) {
  if (price.size() != category.size())
    throw Error("price_bands: " + std::to_string(price.size()) + " prices but " + std::to_string(category.size()) +
                " categories");
  const size_t n = price.size();
  // Sorted prices per category (kNone is a category like any other here).
  std::unordered_map<uint32_t, std::vector<float>> by_cat;
  for (size_t i = 0; i < n; ++i)
    if (!std::isnan(price[i])) by_cat[category[i]].push_back(price[i]);
  for (auto& [c, p] : by_cat) std::sort(p.begin(), p.end());
  std::vector<uint8_t> band(n, kNoBand);
  for (size_t i = 0; i < n; ++i) {
    if (std::isnan(price[i])) continue;
    const auto& p = by_cat.find(category[i])->second;
    const size_t cheaper = std::lower_bound(p.begin(), p.end(), price[i]) - p.begin();
    band[i] = static_cast<uint8_t>(3 * cheaper / p.size());
  }
  return band;
}

std::vector<uint8_t> price_bands(const Catalogue& catalogue, size_t num_items) {
  return price_bands(catalogue.price_by_item(num_items), catalogue.category_by_item(num_items));
}

}  // namespace ss
