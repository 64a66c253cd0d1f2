// Items and categories: view->cart and cart->purchase rates (with a minimum count before a
// rate is trusted), best and worst converters, trending items (velocity and acceleration of
// the last windows of activity) and repurchase intervals per category.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include "analytics/view.h"

namespace ss::analytics {

struct ItemOptions {
  uint64_t min_views = 30;    // rates of items with fewer views are not ranked
  int trend_window_days = 7;  // velocity: last window vs the one before
  int top = 10;
  int64_t repurchase_min_gap_ms = 24 * 3600 * 1000LL;  // closer purchases are one occasion
};

struct Funnel3 {
  uint64_t views = 0, carts = 0, purchases = 0;
  double view_to_cart() const { return views ? static_cast<double>(carts) / static_cast<double>(views) : 0.0; }
  double cart_to_purchase() const { return carts ? static_cast<double>(purchases) / static_cast<double>(carts) : 0.0; }
  double view_to_purchase() const { return views ? static_cast<double>(purchases) / static_cast<double>(views) : 0.0; }
};

struct Trend {
  uint32_t item = kNone;
  uint64_t last = 0, previous = 0, before = 0;  // events in the last three windows
  double velocity = 0;      // (last - previous) / window days: events/day gained
  double acceleration = 0;  // change of velocity between the two latest window pairs
};

struct ItemResult {
  std::vector<Funnel3> items, categories;  // by item id / category id
  std::vector<uint32_t> best, worst;        // items by view->purchase rate, min_views applied
  std::vector<Trend> trending;              // highest velocity first
  // Per category: days between repeat purchases of the same item by the same user.
  std::vector<uint64_t> repurchases;
  std::vector<double> repurchase_median_days;
};

ItemResult compute_items(const View& v, const ItemOptions& options, Context& ctx);
nlohmann::json to_json(const ItemResult& r, const View& v, const ItemOptions& options);

}  // namespace ss::analytics
