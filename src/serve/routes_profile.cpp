// A user's profile from the live state: recent behaviour, a preference profile
// (categories, brands, price) weighted by how strong each behaviour is, the RFM segment and
// the churn risk (serve/user_segments.h).
#include <algorithm>
#include <map>

#include "core/timeutil.h"
#include "models/recommender.h"
#include "serve/routes.h"

namespace ss::serve {

void h_user_profile(Service& s, const httplib::Request& req, httplib::Response& res) {
  const std::string name = req.matches[1];
  const uint32_t u = require_user(s, name);
  HistoryBuf h;
  s.live.copy_history(u, h);
  auto t = s.live.items();
  const BehaviorWeights weights;
  Json recent = Json::array();
  for (size_t i = h.items.size(); i-- > 0 && recent.size() < 20;)
    recent.push_back({{"item", s.live.item_name(h.items[i])},
                      {"type", std::string(behavior_name(h.types[i]))},
                      {"ts", format_datetime_ms(h.ts_ms[i])}});
  std::map<uint32_t, double> cats, brands;
  std::map<std::string, int> counts;
  std::vector<float> prices;
  double total = 0;
  for (size_t i = 0; i < h.items.size(); ++i) {
    ++counts[std::string(behavior_name(h.types[i]))];
    const double w = weights[h.types[i]];
    if (w <= 0 || h.items[i] >= t->size()) continue;
    total += w;
    if (t->category[h.items[i]] != kNone) cats[t->category[h.items[i]]] += w;
    if (t->brand[h.items[i]] != kNone) brands[t->brand[h.items[i]]] += w;
    if (!std::isnan(t->price[h.items[i]])) prices.push_back(t->price[h.items[i]]);
  }
  auto top = [&](const std::map<uint32_t, double>& m, bool is_cat) {
    std::vector<std::pair<double, uint32_t>> v;
    for (auto [id, w] : m) v.push_back({w, id});
    std::sort(v.rbegin(), v.rend());
    Json out = Json::array();
    for (size_t i = 0; i < v.size() && i < 5; ++i)
      out.push_back({{is_cat ? "category" : "brand", is_cat ? s.live.category_name(v[i].second) : s.live.brand_name(v[i].second)},
                     {"share", total > 0 ? v[i].first / total : 0.0}});
    return out;
  };
  Json profile = {{"top_categories", top(cats, true)}, {"top_brands", top(brands, false)}};
  if (!prices.empty()) {
    std::nth_element(prices.begin(), prices.begin() + prices.size() / 2, prices.end());
    profile["median_price"] = prices[prices.size() / 2];
  }
  Json out = {{"user", name},
              {"events_in_memory", h.items.size()},
              {"behaviour_counts", counts},
              {"recent", recent},
              {"preferences", profile}};
  if (!h.ts_ms.empty()) {
    out["last_seen"] = format_datetime_ms(h.ts_ms.back());
    out["days_since_last_event"] = (s.live.now_ms() - h.ts_ms.back()) / 86'400'000.0;
  }
  const Json seg = s.segments.describe(u, s.live.now_ms());
  out["rfm"] = seg["rfm"];
  out["churn"] = seg["churn"];
  send_json(res, out);
}

}  // namespace ss::serve
