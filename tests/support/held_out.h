// A generated shop with each user's last purchase held out (training sees only the events
// before the user first touched it) and the top-10 hit rate on it: the quality yardstick
// shared by the distributed-training tests, whose processes must build identical data.
#pragma once
#include <algorithm>
#include <climits>
#include <vector>

#include "models/recommender.h"
#include "synth/generator.h"

namespace ss::testing_support {

struct HeldOut {
  SyntheticShop shop;
  EventTable train;
  std::vector<uint32_t> held_out;                 // per user, kNone if none
  std::vector<std::vector<uint32_t>> hist_items;  // training history per user, time order
  std::vector<std::vector<Behavior>> hist_types;
};

inline HeldOut make_held_out(uint64_t users, uint64_t items, uint64_t seed) {
  GeneratorConfig c;
  c.users = users;
  c.items = items;
  c.categories = 10;
  c.brands = 20;
  c.days = 40;
  c.bot_fraction = 0;
  c.seed = seed;
  HeldOut s{generate_shop(c), {}, {}, {}, {}};
  const EventTable& ev = s.shop.data.events;  // sorted by time
  const size_t nu = s.shop.data.num_users();
  std::vector<int64_t> cut(nu, INT64_MAX);
  s.held_out.assign(nu, kNone);
  for (size_t e = 0; e < ev.size(); ++e)
    if (ev.type[e] == Behavior::kPurchase && ev.user[e] < nu) s.held_out[ev.user[e]] = ev.item[e];
  for (size_t e = 0; e < ev.size(); ++e)
    if (ev.user[e] < nu && ev.item[e] == s.held_out[ev.user[e]] && cut[ev.user[e]] == INT64_MAX) cut[ev.user[e]] = ev.ts_ms[e];
  s.hist_items.resize(nu);
  s.hist_types.resize(nu);
  for (size_t e = 0; e < ev.size(); ++e) {
    const uint32_t u = ev.user[e];
    if (u >= nu || ev.ts_ms[e] >= cut[u]) continue;
    s.train.push_back(ev.row(e));
    if (ev.item[e] != kNone) s.hist_items[u].push_back(ev.item[e]), s.hist_types[u].push_back(ev.type[e]);
  }
  return s;
}

// Share of users whose held-out purchase is in the model's top 10.
inline double hit_rate(const Recommender& m, const HeldOut& s) {
  size_t users = 0, hits = 0;
  for (uint32_t u = 0; u < s.held_out.size(); ++u) {
    if (s.held_out[u] == kNone || s.hist_items[u].empty()) continue;
    RecommendRequest req;
    req.user = u;
    req.history.items = s.hist_items[u];
    req.history.types = s.hist_types[u];
    req.k = 10;
    ++users;
    for (const auto& r : m.recommend(req)) hits += r.item == s.held_out[u];
  }
  return double(hits) / double(std::max<size_t>(users, 1));
}

// Share of the top-10 items (for users with a history) in the user's planted favourite
// categories: the tastes the generator hid, which a model should recover.
inline double category_share(const Recommender& m, const HeldOut& s) {
  size_t liked = 0, shown = 0;
  for (uint32_t u = 0; u < s.hist_items.size(); ++u) {
    if (s.hist_items[u].size() < 5) continue;
    const auto& fav = s.shop.truth.users[u].categories;
    RecommendRequest req;
    req.history.items = s.hist_items[u];
    req.history.types = s.hist_types[u];
    req.k = 10;
    for (const auto& r : m.recommend(req)) {
      liked += std::find(fav.begin(), fav.end(), s.shop.truth.item_category[r.item]) != fav.end();
      ++shown;
    }
  }
  return double(liked) / double(std::max<size_t>(shown, 1));
}

}  // namespace ss::testing_support
