#include "analytics/anomalies.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace ss::analytics {
namespace {

// median + k * MAD of the positive values, and at least `floor`.
double robust_threshold(std::vector<double> xs, double k, double floor) {
  std::erase_if(xs, [](double x) { return x <= 0; });
  if (xs.empty()) return floor;
  const double med = median(xs);
  for (double& x : xs) x = std::abs(x - med);
  const double mad = median(xs);
  return std::max(floor, med + k * std::max(mad, 1.0));
}

}  // namespace

AnomalyResult compute_anomalies(const View& v, const AnomalyOptions& o, Context& ctx) {
  const EventTable& e = v.events();
  const size_t U = v.num_users(), I = v.num_items();
  AnomalyResult r;
  r.user_flagged.assign(U, 0);
  std::vector<double> burst(U, 0), views_only(U, 0), blind_buys(U, 0), buys(U, 0);
  bool log_has_views = false;
  for (size_t i = 0; i < e.size() && !log_has_views; ++i) log_has_views = e.type[i] == Behavior::kView;
  for_user_chunks(v, ctx, [&](size_t, uint32_t ub, uint32_t ue) {
    std::vector<uint32_t> seen;  // items the user viewed or carted so far
    for (uint32_t u = ub; u < ue; ++u) {
      uint64_t lo = v.begin(u), views = 0, other = 0;
      size_t best = 0;
      seen.clear();
      for (uint64_t i = v.begin(u); i < v.end(u); ++i) {
        while (e.ts_ms[i] - e.ts_ms[lo] > o.burst_window_ms) ++lo;  // two-pointer sliding window
        best = std::max<size_t>(best, i - lo + 1);
        const Behavior b = e.type[i];
        if (b == Behavior::kView) ++views;
        else ++other;
        if (b == Behavior::kView || b == Behavior::kClick || b == Behavior::kAddToCart) {
          seen.push_back(e.item[i]);
        } else if (b == Behavior::kPurchase) {
          buys[u]++;
          if (std::find(seen.begin(), seen.end(), e.item[i]) == seen.end()) blind_buys[u]++;
        }
      }
      burst[u] = static_cast<double>(best);
      views_only[u] = other == 0 ? static_cast<double>(views) : 0.0;
    }
  });
  const double burst_t = robust_threshold(burst, o.mad_k, o.burst_floor);
  const double views_t = robust_threshold(views_only, o.mad_k, o.burst_floor);
  for (uint32_t u = 0; u < U; ++u) {
    if (burst[u] > burst_t) r.users.push_back({u, "burst: events within the window", burst[u], burst_t});
    else if (views_only[u] > views_t) r.users.push_back({u, "many views and no other action", views_only[u], views_t});
    else if (log_has_views && blind_buys[u] >= 3 && blind_buys[u] > 0.5 * buys[u])
      r.users.push_back({u, "purchases of items never viewed or carted", blind_buys[u], 3});
  }
  for (const Anomaly& a : r.users) r.user_flagged[a.id] = 1;
  std::sort(r.users.begin(), r.users.end(), [](const Anomaly& a, const Anomaly& b) { return a.value > b.value; });

  std::vector<double> views(I, 0), carts(I, 0), purchases(I, 0);
  for (size_t i = 0; i < e.size(); ++i) {
    const uint32_t it = e.item[i];
    if (it >= I) continue;
    views[it] += e.type[i] == Behavior::kView;
    carts[it] += e.type[i] == Behavior::kAddToCart;
    purchases[it] += e.type[i] == Behavior::kPurchase;
  }
  const double item_views_t = robust_threshold(views, o.mad_k, 100);
  for (uint32_t it = 0; it < I; ++it) {
    if (log_has_views && purchases[it] >= static_cast<double>(o.min_item_purchases) && purchases[it] > views[it])
      r.items.push_back({it, "more purchases than views", purchases[it], views[it]});
    else if (views[it] > item_views_t && carts[it] + purchases[it] == 0)
      r.items.push_back({it, "very many views and no cart or purchase", views[it], item_views_t});
  }
  std::sort(r.items.begin(), r.items.end(), [](const Anomaly& a, const Anomaly& b) { return a.value > b.value; });
  return r;
}

nlohmann::json to_json(const AnomalyResult& r, const View& v, size_t max_rows) {
  auto rows = [&](const std::vector<Anomaly>& xs, const Dictionary& d) {
    nlohmann::json a = nlohmann::json::array();
    for (size_t k = 0; k < std::min(max_rows, xs.size()); ++k)
      a.push_back({{"id", std::string(d.name(xs[k].id))}, {"reason", xs[k].reason}, {"value", xs[k].value},
                   {"threshold", xs[k].threshold}});
    return a;
  };
  return {{"users_flagged", r.users.size()}, {"items_flagged", r.items.size()},
          {"users", rows(r.users, v.dicts->users)}, {"items", rows(r.items, v.dicts->items)}};
}

}  // namespace ss::analytics
