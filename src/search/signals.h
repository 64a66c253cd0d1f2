// What behaviour tells search: how popular and how converting each item is, and what each
// user tends to like (categories, brands, price band). Computed from the event log; the
// analytics layer's preference profiles can replace `UserProfiles` behind `AffinityFn`.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "core/catalogue.h"
#include "core/events.h"

namespace ss::search {

// A user-item score in [0, 1]: how well the item fits the user's taste. Personalisation
// takes any such function, so a trained model can stand in for the profile below.
using AffinityFn = std::function<float(uint32_t user, uint32_t item)>;

struct ItemSignals {
  std::vector<float> popularity;  // views + 3 carts + 5 purchases, by item id
  std::vector<float> conversion;  // (purchases + 0.5) / (views + 20), smoothed
  float pop(uint32_t item) const { return item < popularity.size() ? popularity[item] : 0.f; }
  float conv(uint32_t item) const { return item < conversion.size() ? conversion[item] : 0.f; }
};

// Events with ts_ms < until_ms count (pass INT64_MAX for all).
ItemSignals compute_item_signals(const EventTable& events, size_t num_items, int64_t until_ms);

// Price band of each item: 0 cheap, 1 mid, 2 premium (tercile of price within its leaf
// category); -1 where price or category is unknown.
std::vector<int8_t> price_bands(const Catalogue& catalogue, size_t num_items);

struct ProfileWeights {
  float category = 1.0f, brand = 1.0f, price_band = 0.5f;
};

// Per-user shares of interest (weighted view 1, favourite 2, cart 3, purchase 5) over
// categories, brands and price bands.
class UserProfiles {
 public:
  UserProfiles() = default;
  UserProfiles(const EventTable& events, const Catalogue& catalogue, size_t num_users, size_t num_items,
               int64_t until_ms, ProfileWeights weights = {});
  // Weighted mean of the item's category, brand and price-band shares for the user: 0
  // for an unknown user or an item unlike anything they touched, up to 1.
  float affinity(uint32_t user, uint32_t item) const;
  // The parts of affinity(), for explanations and ranking features.
  struct Parts {
    float category = 0, brand = 0, price_band = 0;
  };
  Parts parts(uint32_t user, uint32_t item) const;
  bool has_user(uint32_t user) const { return user < users_.size() && users_[user].total > 0; }
  AffinityFn as_function() const {
    return [this](uint32_t u, uint32_t i) { return affinity(u, i); };
  }

 private:
  struct Profile {
    std::vector<std::pair<uint32_t, float>> categories, brands;  // (id, share), sorted by id
    float band[3] = {};
    float total = 0;
  };
  std::vector<Profile> users_;
  std::vector<uint32_t> item_category_, item_brand_;
  std::vector<int8_t> item_band_;
  ProfileWeights weights_;
};

}  // namespace ss::search
