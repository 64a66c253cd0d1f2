// Held-out scores for the models list: how well a model fitted on older events predicts the
// items each user turned to in the newest events.
#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "serve/model_manager.h"

namespace ss::serve {

Json evaluate_holdout(const Recommender& model, const Dataset& shop, const EventTable& train, const EventTable& test,
                      size_t max_users, size_t history_len) {
  constexpr size_t kK = 10;
  const BehaviorWeights weights;
  // Relevant items per user: positive test events.
  std::vector<std::vector<uint32_t>> relevant(shop.num_users());
  for (size_t i = 0; i < test.size(); ++i)
    if (test.item[i] != kNone && weights[test.type[i]] > 0) relevant[test.user[i]].push_back(test.item[i]);
  EventTable hist = train;
  hist.sort_by_user_time();
  std::vector<size_t> begin(shop.num_users() + 1, 0);
  for (size_t i = 0; i < hist.size(); ++i) ++begin[hist.user[i] + 1];
  for (size_t u = 0; u < shop.num_users(); ++u) begin[u + 1] += begin[u];

  double hr = 0, recall = 0, ndcg = 0;
  size_t users = 0;
  for (uint32_t u = 0; u < shop.num_users() && users < max_users; ++u) {
    const size_t b = begin[u], e = begin[u + 1];
    if (relevant[u].empty() || b == e) continue;
    const size_t from = e - std::min(e - b, history_len);
    std::vector<uint32_t> items(hist.item.begin() + from, hist.item.begin() + e);
    std::vector<Behavior> types(hist.type.begin() + from, hist.type.begin() + e);
    std::vector<int64_t> ts(hist.ts_ms.begin() + from, hist.ts_ms.begin() + e);
    std::unordered_set<uint32_t> seen(hist.item.begin() + b, hist.item.begin() + e);
    std::unordered_set<uint32_t> rel;
    for (uint32_t it : relevant[u])
      if (!seen.count(it)) rel.insert(it);
    if (rel.empty()) continue;
    // Drop item-less rows (searches) from the history the model sees.
    std::vector<uint32_t> hi;
    std::vector<Behavior> ht;
    std::vector<int64_t> hts;
    for (size_t i = 0; i < items.size(); ++i)
      if (items[i] != kNone) hi.push_back(items[i]), ht.push_back(types[i]), hts.push_back(ts[i]);
    RecommendRequest req;
    req.user = u;
    req.history = History{hi, ht, hts};
    req.k = kK;
    const auto recs = model.recommend(req);
    size_t hits = 0;
    double dcg = 0, idcg = 0;
    for (size_t r = 0; r < recs.size() && r < kK; ++r)
      if (rel.count(recs[r].item)) ++hits, dcg += 1.0 / std::log2(r + 2.0);
    for (size_t r = 0; r < std::min(rel.size(), kK); ++r) idcg += 1.0 / std::log2(r + 2.0);
    hr += hits > 0;
    recall += static_cast<double>(hits) / std::min(rel.size(), kK);
    ndcg += dcg / idcg;
    ++users;
  }
  if (users == 0) return Json();
  return {{"hr@10", hr / users}, {"recall@10", recall / users}, {"ndcg@10", ndcg / users}, {"users", users},
          {"split", "newest 10% of events by time"}};
}

}  // namespace ss::serve
