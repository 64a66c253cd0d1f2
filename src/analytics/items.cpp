#include "analytics/items.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/timeutil.h"

namespace ss::analytics {

ItemResult compute_items(const View& v, const ItemOptions& o, Context& ctx) {
  ItemResult r;
  const EventTable& e = v.events();
  const size_t I = v.num_items(), C = v.num_categories;
  r.items.assign(I, {});
  std::vector<std::array<uint64_t, 3>> windows(I, {0, 0, 0});
  const int64_t W = static_cast<int64_t>(o.trend_window_days) * kMsPerDay;
  const int64_t end = v.max_ts + 1;
  // One sequential counting pass: per-thread copies of item-sized arrays would cost more
  // memory traffic than they save.
  for (size_t i = 0; i < e.size(); ++i) {
    const uint32_t it = e.item[i];
    if (it >= I) continue;
    const Behavior b = e.type[i];
    r.items[it].views += b == Behavior::kView;
    r.items[it].carts += b == Behavior::kAddToCart;
    r.items[it].purchases += b == Behavior::kPurchase;
    const int64_t w = (end - 1 - e.ts_ms[i]) / W;
    if (w < 3) windows[it][w]++;
  }
  r.categories.assign(C, {});
  for (size_t it = 0; it < I; ++it) {
    const uint32_t c = v.item_category[it];
    if (c >= C) continue;
    r.categories[c].views += r.items[it].views;
    r.categories[c].carts += r.items[it].carts;
    r.categories[c].purchases += r.items[it].purchases;
  }
  std::vector<uint32_t> ranked;
  for (uint32_t it = 0; it < I; ++it)
    if (r.items[it].views >= o.min_views) ranked.push_back(it);
  std::sort(ranked.begin(), ranked.end(), [&](uint32_t a, uint32_t b) {
    const double x = r.items[a].view_to_purchase(), y = r.items[b].view_to_purchase();
    return x > y || (x == y && a < b);
  });
  const size_t k = std::min<size_t>(o.top, ranked.size());
  r.best.assign(ranked.begin(), ranked.begin() + k);
  r.worst.assign(ranked.rbegin(), ranked.rbegin() + k);
  for (uint32_t it = 0; it < I; ++it) {
    const auto& c = windows[it];
    if (c[0] + c[1] < o.min_views) continue;
    const double wd = o.trend_window_days;
    const double v1 = (static_cast<double>(c[0]) - static_cast<double>(c[1])) / wd;
    const double v0 = (static_cast<double>(c[1]) - static_cast<double>(c[2])) / wd;
    r.trending.push_back({it, c[0], c[1], c[2], v1, v1 - v0});
  }
  std::sort(r.trending.begin(), r.trending.end(), [](const Trend& a, const Trend& b) {
    return a.velocity > b.velocity || (a.velocity == b.velocity && a.item < b.item);
  });
  if (r.trending.size() > static_cast<size_t>(o.top)) r.trending.resize(o.top);

  // Repurchase intervals: each user's purchases sorted by (item, time).
  std::vector<std::vector<std::vector<double>>> gaps(ctx.threads() * 8 + 1);
  for_user_chunks(v, ctx, [&](size_t slot, uint32_t ub, uint32_t ue) {
    auto& G = gaps[slot];
    G.assign(C, {});
    std::vector<std::pair<uint32_t, int64_t>> buys;
    for (uint32_t u = ub; u < ue; ++u) {
      buys.clear();
      for (uint64_t i = v.begin(u); i < v.end(u); ++i)
        if (e.type[i] == Behavior::kPurchase && e.item[i] < I) buys.emplace_back(e.item[i], e.ts_ms[i]);
      std::sort(buys.begin(), buys.end());
      for (size_t j = 1; j < buys.size(); ++j) {
        if (buys[j].first != buys[j - 1].first) continue;
        const int64_t gap = buys[j].second - buys[j - 1].second;
        const uint32_t c = v.item_category[buys[j].first];
        if (gap >= o.repurchase_min_gap_ms && c < C) G[c].push_back(static_cast<double>(gap) / kMsPerDay);
      }
    }
  });
  r.repurchases.assign(C, 0);
  r.repurchase_median_days.assign(C, std::nan(""));
  for (size_t c = 0; c < C; ++c) {
    std::vector<double> all;
    for (auto& G : gaps)
      if (!G.empty()) all.insert(all.end(), G[c].begin(), G[c].end());
    r.repurchases[c] = all.size();
    r.repurchase_median_days[c] = median(all);
  }
  return r;
}

nlohmann::json to_json(const ItemResult& r, const View& v, const ItemOptions& o) {
  auto item_json = [&](uint32_t it) {
    const Funnel3& f = r.items[it];
    return nlohmann::json{{"item", std::string(v.dicts->items.name(it))},
                          {"category", v.item_category[it] < v.num_categories ? std::string(v.dicts->categories.name(v.item_category[it])) : ""},
                          {"views", f.views}, {"carts", f.carts}, {"purchases", f.purchases},
                          {"view_to_cart", f.view_to_cart()}, {"cart_to_purchase", f.cart_to_purchase()},
                          {"view_to_purchase", f.view_to_purchase()}};
  };
  nlohmann::json j;
  j["min_views"] = o.min_views;
  nlohmann::json best = nlohmann::json::array(), worst = nlohmann::json::array(), trend = nlohmann::json::array();
  for (uint32_t it : r.best) best.push_back(item_json(it));
  for (uint32_t it : r.worst) worst.push_back(item_json(it));
  for (const Trend& t : r.trending) {
    auto x = item_json(t.item);
    x["last_window"] = t.last;
    x["previous_window"] = t.previous;
    x["velocity_per_day"] = t.velocity;
    x["acceleration"] = t.acceleration;
    trend.push_back(x);
  }
  j["best_converters"] = best;
  j["worst_converters"] = worst;
  j["trending"] = trend;
  nlohmann::json cats = nlohmann::json::array();
  for (size_t c = 0; c < r.categories.size(); ++c) {
    const Funnel3& f = r.categories[c];
    if (!f.views && !f.purchases) continue;
    cats.push_back({{"category", std::string(v.dicts->categories.name(c))}, {"views", f.views}, {"carts", f.carts},
                    {"purchases", f.purchases}, {"view_to_cart", f.view_to_cart()},
                    {"cart_to_purchase", f.cart_to_purchase()}, {"repurchases", r.repurchases[c]},
                    {"repurchase_median_days", std::isnan(r.repurchase_median_days[c]) ? nlohmann::json() : nlohmann::json(r.repurchase_median_days[c])}});
  }
  std::sort(cats.begin(), cats.end(), [](const auto& a, const auto& b) { return a["purchases"] > b["purchases"]; });
  j["categories"] = cats;
  std::vector<uint32_t> top(r.items.size());
  for (uint32_t i = 0; i < top.size(); ++i) top[i] = i;
  const size_t k = std::min<size_t>(o.top, top.size());
  std::partial_sort(top.begin(), top.begin() + k, top.end(), [&](uint32_t a, uint32_t b) {
    return r.items[a].purchases > r.items[b].purchases || (r.items[a].purchases == r.items[b].purchases && a < b);
  });
  nlohmann::json tops = nlohmann::json::array();
  for (size_t i = 0; i < k; ++i) tops.push_back(item_json(top[i]));
  j["top_items"] = tops;
  return j;
}

}  // namespace ss::analytics
