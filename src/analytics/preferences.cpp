#include "analytics/preferences.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/spec.h"
#include "core/timeutil.h"

namespace ss::analytics {
namespace {

// Dense scores with a list of touched slots, so a user costs O(its events), not O(catalogue).
struct Sparse {
  std::vector<double> score;
  std::vector<uint32_t> touched;
  void init(size_t n) { score.assign(n, 0.0); }
  void add(uint32_t k, double w) {
    if (k >= score.size()) return;
    if (score[k] == 0.0) touched.push_back(k);
    score[k] += w;
    if (score[k] == 0.0) score[k] = 1e-300;  // stays "touched"
  }
  // Writes the top n positive shares to out[0..n) and clears.
  void take_top(int n, Scored* out, std::vector<double>* share_sink) {
    double total = 0;
    for (uint32_t k : touched) total += std::max(0.0, score[k]);
    std::partial_sort(touched.begin(), touched.begin() + std::min<size_t>(n, touched.size()), touched.end(),
                      [&](uint32_t a, uint32_t b) { return score[a] > score[b] || (score[a] == score[b] && a < b); });
    for (int k = 0; k < n; ++k) {
      if (k < static_cast<int>(touched.size()) && score[touched[k]] > 0 && total > 0)
        out[k] = {touched[k], static_cast<float>(score[touched[k]] / total)};
      else
        out[k] = {};
    }
    for (uint32_t k : touched) {
      if (share_sink && total > 0 && score[k] > 0) (*share_sink)[k] += score[k] / total;
      score[k] = 0;
    }
    touched.clear();
  }
};

}  // namespace

void parse_weights(const std::string& text, PreferenceOptions& o) {
  if (text.empty()) return;
  const Spec spec = Spec::parse("w:" + text);
  for (const auto& [k, val] : spec.params) {
    auto b = parse_behavior(k);
    if (!b) throw Error("weight for unknown behaviour '" + k + "' (use view, cart, purchase, favorite, ...)");
    try {
      o.weights[static_cast<int>(*b)] = std::stof(val);
    } catch (const std::exception&) {
      throw Error("weight for '" + k + "' must be a number, got '" + val + "'");
    }
  }
}

PreferenceResult compute_preferences(const View& v, const PreferenceOptions& o, Context& ctx) {
  PreferenceResult r;
  r.top_n = o.top_n;
  const size_t U = v.num_users();
  const EventTable& e = v.events();
  r.top_category.assign(U * o.top_n, {});
  r.top_brand.assign(U * o.top_n, {});
  r.top_band.assign(U * o.top_n, {});
  const int64_t as_of = o.as_of_ms != kNoTime ? o.as_of_ms : v.max_ts;
  const double decay_per_ms = std::log(2.0) / (o.half_life_days * kMsPerDay);
  const size_t G = o.group_names.size();
  std::vector<std::vector<std::vector<double>>> group_share(ctx.threads() * 8 + 1);
  std::vector<std::vector<uint64_t>> group_users(group_share.size());
  for_user_chunks(v, ctx, [&](size_t slot, uint32_t ub, uint32_t ue) {
    Sparse cat, brand, band;
    cat.init(v.num_categories);
    brand.init(v.num_brands);
    band.init(kNumPriceBands);
    auto& gs = group_share[slot];
    gs.assign(G, std::vector<double>(v.num_categories, 0.0));
    group_users[slot].assign(G, 0);
    for (uint32_t u = ub; u < ue; ++u) {
      for (uint64_t i = v.begin(u); i < v.end(u); ++i) {
        const uint32_t it = e.item[i];
        const float w = o.weights[static_cast<int>(e.type[i])];
        if (it >= v.num_items() || w == 0.f) continue;
        const double dw = w * std::exp(-decay_per_ms * static_cast<double>(std::max<int64_t>(0, as_of - e.ts_ms[i])));
        cat.add(v.item_category[it], dw);
        brand.add(v.item_brand[it], dw);
        if (v.item_price_band[it] != kNoBand) band.add(v.item_price_band[it], dw);
      }
      const uint32_t g = u < o.user_group.size() ? o.user_group[u] : kNone;
      std::vector<double>* sink = g < G ? &gs[g] : nullptr;
      if (sink && !cat.touched.empty()) group_users[slot][g]++;
      cat.take_top(o.top_n, &r.top_category[static_cast<size_t>(u) * o.top_n], sink);
      brand.take_top(o.top_n, &r.top_brand[static_cast<size_t>(u) * o.top_n], nullptr);
      band.take_top(o.top_n, &r.top_band[static_cast<size_t>(u) * o.top_n], nullptr);
    }
  });
  r.group_names = o.group_names;
  r.group_of_user = o.user_group;
  r.group_category_share.assign(G, std::vector<double>(v.num_categories, 0.0));
  r.group_users.assign(G, 0);
  for (size_t s = 0; s < group_share.size(); ++s) {
    if (group_share[s].empty()) continue;
    for (size_t g = 0; g < G; ++g) {
      r.group_users[g] += group_users[s][g];
      for (size_t c = 0; c < v.num_categories; ++c) r.group_category_share[g][c] += group_share[s][g][c];
    }
  }
  for (size_t g = 0; g < G; ++g)
    for (double& x : r.group_category_share[g]) x = r.group_users[g] ? x / static_cast<double>(r.group_users[g]) : 0.0;
  return r;
}

nlohmann::json to_json(const PreferenceResult& r, const View& v, const std::vector<uint32_t>& sample_users) {
  auto list = [&](const std::vector<Scored>& top, uint32_t u, auto name) {
    nlohmann::json a = nlohmann::json::array();
    for (int k = 0; k < r.top_n; ++k) {
      const Scored& s = top[static_cast<size_t>(u) * r.top_n + k];
      if (s.id != kNone) a.push_back({{"name", name(s.id)}, {"score", s.score}});
    }
    return a;
  };
  auto cat_name = [&](uint32_t id) { return std::string(v.dicts->categories.name(id)); };
  auto brand_name = [&](uint32_t id) { return std::string(v.dicts->brands.name(id)); };
  auto band_name = [&](uint32_t id) { return std::string(kPriceBandNames[id]); };
  nlohmann::json users = nlohmann::json::array();
  for (uint32_t u : sample_users) {
    if (u >= v.num_users()) continue;
    users.push_back({{"user", std::string(v.dicts->users.name(u))}, {"categories", list(r.top_category, u, cat_name)},
                     {"brands", list(r.top_brand, u, brand_name)}, {"price_bands", list(r.top_band, u, band_name)}});
  }
  nlohmann::json groups = nlohmann::json::array();
  for (size_t g = 0; g < r.group_names.size(); ++g) {
    if (!r.group_users[g]) continue;
    std::vector<uint32_t> order(r.group_category_share[g].size());
    for (uint32_t c = 0; c < order.size(); ++c) order[c] = c;
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      return r.group_category_share[g][a] > r.group_category_share[g][b];
    });
    nlohmann::json top = nlohmann::json::array();
    for (size_t k = 0; k < std::min<size_t>(order.size(), r.top_n); ++k)
      top.push_back({{"name", cat_name(order[k])}, {"share", r.group_category_share[g][order[k]]}});
    groups.push_back({{"group", r.group_names[g]}, {"users", r.group_users[g]}, {"categories", top}});
  }
  return {{"top_n", r.top_n}, {"users", users}, {"groups", groups}};
}

}  // namespace ss::analytics
