#include "analytics/baskets.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "core/timeutil.h"

namespace ss::analytics {
namespace {

// Calls fn(items) for each basket of users [ub, ue): distinct purchased items, sorted.
template <typename F>
void for_each_basket(const View& v, const BasketOptions& o, uint32_t ub, uint32_t ue, std::vector<uint32_t>& buf,
                     F&& fn) {
  const EventTable& e = v.events();
  for (uint32_t u = ub; u < ue; ++u) {
    buf.clear();
    int64_t day = kNoTime;
    for (uint64_t i = v.begin(u); i < v.end(u); ++i) {
      const bool boundary = o.by_day ? day_of(e.ts_ms[i]) != day : v.session_start(i);
      if (boundary) {
        if (!buf.empty()) {
          std::sort(buf.begin(), buf.end());
          buf.erase(std::unique(buf.begin(), buf.end()), buf.end());
          fn(buf);
          buf.clear();
        }
        day = day_of(e.ts_ms[i]);
      }
      if (e.type[i] == Behavior::kPurchase && e.item[i] < v.num_items()) buf.push_back(e.item[i]);
    }
    if (!buf.empty()) {
      std::sort(buf.begin(), buf.end());
      buf.erase(std::unique(buf.begin(), buf.end()), buf.end());
      fn(buf);
    }
  }
}

}  // namespace

BasketResult compute_baskets(const View& v, const BasketOptions& o, Context& ctx) {
  BasketResult r;
  const size_t I = v.num_items();
  const size_t slots = ctx.threads() * 8 + 1;
  // Pass 1: item supports and basket counts.
  std::vector<std::vector<uint32_t>> item_count(slots);
  std::vector<uint64_t> baskets(slots, 0), multi(slots, 0);
  for_user_chunks(v, ctx, [&](size_t slot, uint32_t ub, uint32_t ue) {
    auto& cnt = item_count[slot];
    cnt.assign(I, 0);
    std::vector<uint32_t> buf;
    for_each_basket(v, o, ub, ue, buf, [&](const std::vector<uint32_t>& items) {
      baskets[slot]++;
      multi[slot] += items.size() > 1;
      for (uint32_t it : items) cnt[it]++;
    });
  });
  std::vector<uint64_t> support(I, 0);
  for (size_t s = 0; s < slots; ++s) {
    r.baskets += baskets[s];
    r.multi_item_baskets += multi[s];
    if (item_count[s].empty()) continue;
    for (size_t i = 0; i < I; ++i) support[i] += item_count[s][i];
    std::vector<uint32_t>().swap(item_count[s]);
  }
  // Pass 2: pairs of frequent items only (a pair is never more frequent than its items).
  std::vector<std::unordered_map<uint64_t, uint32_t>> pairs(slots);
  for_user_chunks(v, ctx, [&](size_t slot, uint32_t ub, uint32_t ue) {
    auto& P = pairs[slot];
    std::vector<uint32_t> buf, freq;
    for_each_basket(v, o, ub, ue, buf, [&](const std::vector<uint32_t>& items) {
      if (items.size() < 2) return;
      freq.clear();
      for (uint32_t it : items)
        if (support[it] >= o.min_pair_count) freq.push_back(it);
      for (size_t a = 0; a < freq.size(); ++a)
        for (size_t b = a + 1; b < freq.size(); ++b) P[(static_cast<uint64_t>(freq[a]) << 32) | freq[b]]++;
    });
  });
  std::unordered_map<uint64_t, uint64_t> all;
  for (auto& P : pairs)
    for (const auto& [k, n] : P) all[k] += n;
  const double N = static_cast<double>(std::max<uint64_t>(1, r.baskets));
  for (const auto& [k, n] : all) {
    if (n < o.min_pair_count) continue;
    const uint32_t x = static_cast<uint32_t>(k >> 32), y = static_cast<uint32_t>(k);
    for (int dir = 0; dir < 2; ++dir) {
      const uint32_t a = dir ? y : x, b = dir ? x : y;
      Rule rule{a, b, n, n / N, static_cast<double>(n) / static_cast<double>(support[a]), 0};
      rule.lift = rule.confidence / (static_cast<double>(support[b]) / N);
      if (rule.confidence >= o.min_confidence) r.rules.push_back(rule);
    }
  }
  std::sort(r.rules.begin(), r.rules.end(), [](const Rule& p, const Rule& q) {
    if (p.lift != q.lift) return p.lift > q.lift;
    if (p.count != q.count) return p.count > q.count;
    return std::pair(p.a, p.b) < std::pair(q.a, q.b);
  });
  return r;
}

nlohmann::json to_json(const BasketResult& r, const View& v) {
  nlohmann::json rules = nlohmann::json::array();
  for (size_t k = 0; k < std::min<size_t>(r.rules.size(), 50); ++k) {
    const Rule& x = r.rules[k];
    rules.push_back({{"if", std::string(v.dicts->items.name(x.a))}, {"then", std::string(v.dicts->items.name(x.b))},
                     {"baskets", x.count}, {"support", x.support}, {"confidence", x.confidence}, {"lift", x.lift}});
  }
  return {{"baskets", r.baskets}, {"multi_item_baskets", r.multi_item_baskets}, {"rules_found", r.rules.size()},
          {"rules", rules}};
}

}  // namespace ss::analytics
