#include "search/signals.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/price_bands.h"

namespace ss::search {
namespace {

float behaviour_weight(Behavior b) {
  switch (b) {
    case Behavior::kView: case Behavior::kClick: return 1.f;
    case Behavior::kFavorite: return 2.f;
    case Behavior::kAddToCart: return 3.f;
    case Behavior::kPurchase: return 5.f;
    default: return 0.f;
  }
}

float share(const std::vector<std::pair<uint32_t, float>>& v, uint32_t id) {
  auto it = std::lower_bound(v.begin(), v.end(), std::make_pair(id, -1.f));
  return it != v.end() && it->first == id ? it->second : 0.f;
}

}  // namespace

ItemSignals compute_item_signals(const EventTable& e, size_t num_items, int64_t until_ms) {
  ItemSignals s;
  s.popularity.assign(num_items, 0.f);
  std::vector<float> views(num_items, 0.f), buys(num_items, 0.f);
  for (size_t i = 0; i < e.size(); ++i) {
    const uint32_t it = e.item[i];
    if (it >= num_items || e.ts_ms[i] >= until_ms) continue;
    const Behavior b = e.type[i];
    s.popularity[it] += b == Behavior::kView || b == Behavior::kClick ? 1.f
                        : b == Behavior::kAddToCart                    ? 3.f
                        : b == Behavior::kPurchase                     ? 5.f
                                                                       : 0.f;
    views[it] += b == Behavior::kView || b == Behavior::kClick;
    buys[it] += b == Behavior::kPurchase;
  }
  s.conversion.resize(num_items);
  for (size_t i = 0; i < num_items; ++i) s.conversion[i] = (buys[i] + 0.5f) / (views[i] + 20.f);
  return s;
}

std::vector<int8_t> price_bands(const Catalogue& catalogue, size_t num_items) {
  // The shared rule (core/price_bands.h); search gives no band to uncategorised items,
  // whose "cheap" or "premium" would have nothing to be compared with.
  const std::vector<uint8_t> shared = ss::price_bands(catalogue, num_items);
  const std::vector<uint32_t> category = catalogue.category_by_item(num_items);
  std::vector<int8_t> band(num_items, -1);
  for (size_t i = 0; i < num_items; ++i)
    if (shared[i] != kNoBand && category[i] != kNone) band[i] = static_cast<int8_t>(shared[i]);
  return band;
}

UserProfiles::UserProfiles(const EventTable& e, const Catalogue& catalogue, size_t num_users, size_t num_items,
                           int64_t until_ms, ProfileWeights weights)
    : item_category_(catalogue.category_by_item(num_items)),
      item_brand_(catalogue.brand_by_item(num_items)),
      item_band_(search::price_bands(catalogue, num_items)),
      weights_(weights) {
  std::vector<std::unordered_map<uint32_t, float>> cats(num_users), brands(num_users);
  users_.resize(num_users);
  for (size_t i = 0; i < e.size(); ++i) {
    const uint32_t u = e.user[i], it = e.item[i];
    if (u >= num_users || it >= num_items || e.ts_ms[i] >= until_ms) continue;
    const float w = behaviour_weight(e.type[i]);
    if (w == 0.f) continue;
    Profile& p = users_[u];
    p.total += w;
    if (item_category_[it] != kNone) cats[u][item_category_[it]] += w;
    if (item_brand_[it] != kNone) brands[u][item_brand_[it]] += w;
    if (item_band_[it] >= 0) p.band[item_band_[it]] += w;
  }
  auto finish = [](std::unordered_map<uint32_t, float>& m, float total) {
    std::vector<std::pair<uint32_t, float>> v;
    v.reserve(m.size());
    for (auto [id, w] : m) v.emplace_back(id, w / total);
    std::sort(v.begin(), v.end());
    return v;
  };
  for (size_t u = 0; u < num_users; ++u) {
    Profile& p = users_[u];
    if (p.total == 0) continue;
    p.categories = finish(cats[u], p.total);
    p.brands = finish(brands[u], p.total);
    for (float& b : p.band) b /= p.total;
  }
}

UserProfiles::Parts UserProfiles::parts(uint32_t user, uint32_t item) const {
  Parts parts;
  if (!has_user(user) || item >= item_category_.size()) return parts;
  const Profile& p = users_[user];
  parts.category = share(p.categories, item_category_[item]);
  parts.brand = share(p.brands, item_brand_[item]);
  parts.price_band = item_band_[item] >= 0 ? p.band[item_band_[item]] : 0.f;
  return parts;
}

float UserProfiles::affinity(uint32_t user, uint32_t item) const {
  const Parts p = parts(user, item);
  const float wsum = weights_.category + weights_.brand + weights_.price_band;
  if (wsum <= 0) return 0.f;
  return (weights_.category * p.category + weights_.brand * p.brand + weights_.price_band * p.price_band) / wsum;
}

}  // namespace ss::search
