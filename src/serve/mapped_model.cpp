#include "serve/mapped_model.h"

#include "core/error.h"
#include "serve/live_state.h"

namespace ss::serve {

std::shared_ptr<const IdMap> IdMap::build(const std::vector<std::string>& model_items,
                                          const std::vector<std::string>& model_users, const LiveState& live) {
  auto m = std::make_shared<IdMap>();
  m->model_to_local_item.assign(model_items.size(), kNone);
  m->local_to_model_item.assign(live.num_items(), kNone);
  for (uint32_t i = 0; i < model_items.size(); ++i) {
    const uint32_t local = live.find_item(model_items[i]);
    m->model_to_local_item[i] = local;
    if (local != kNone && local < m->local_to_model_item.size()) m->local_to_model_item[local] = i;
  }
  m->local_to_model_user.assign(live.num_users(), kNone);
  for (uint32_t u = 0; u < model_users.size(); ++u) {
    const uint32_t local = live.find_user(model_users[u]);
    if (local != kNone && local < m->local_to_model_user.size()) m->local_to_model_user[local] = u;
  }
  return m;
}

void MappedRecommender::fit(const TrainData&, Context&) {
  throw Error("a snapshot model is served as published; train with `shopsense publish`", ErrorCode::kUnsupported);
}

void MappedRecommender::load(std::istream&) {
  throw Error("a snapshot model is loaded by the snapshot watcher", ErrorCode::kUnsupported);
}

std::vector<Recommendation> MappedRecommender::to_local(std::vector<Recommendation> recs, size_t k) const {
  std::vector<Recommendation> out;
  out.reserve(std::min(k, recs.size()));
  for (auto& r : recs) {
    if (out.size() >= k) break;
    const uint32_t local = r.item < map_->model_to_local_item.size() ? map_->model_to_local_item[r.item] : kNone;
    if (local == kNone) continue;
    r.item = local;
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<Recommendation> MappedRecommender::recommend(const RecommendRequest& req) const {
  const auto& l2m = map_->local_to_model_item;
  std::vector<uint32_t> items;
  std::vector<Behavior> types;
  std::vector<int64_t> ts;
  items.reserve(req.history.items.size());
  for (size_t i = 0; i < req.history.items.size(); ++i) {
    const uint32_t it = req.history.items[i];
    const uint32_t m = it < l2m.size() ? l2m[it] : kNone;
    if (m == kNone) continue;
    items.push_back(m);
    if (!req.history.types.empty()) types.push_back(req.history.types[i]);
    if (!req.history.ts_ms.empty()) ts.push_back(req.history.ts_ms[i]);
  }
  std::vector<uint32_t> exclude;
  for (uint32_t it : req.exclude)
    if (it < l2m.size() && l2m[it] != kNone) exclude.push_back(l2m[it]);
  RecommendRequest inner = req;
  inner.user = req.user < map_->local_to_model_user.size() ? map_->local_to_model_user[req.user] : kNone;
  inner.history = History{items, types, ts};
  inner.exclude = exclude;
  const auto& m2l = map_->model_to_local_item;
  // Items this replica does not know cannot be shown (no catalogue entry): filter them here.
  inner.allow = [&](uint32_t it) {
    const uint32_t local = it < m2l.size() ? m2l[it] : kNone;
    return local != kNone && (!req.allow || req.allow(local));
  };
  return to_local(inner_->recommend(inner), req.k);
}

std::shared_ptr<const Recommender> map_model(std::shared_ptr<const Recommender> inner, std::shared_ptr<const IdMap> map) {
  if (dynamic_cast<const ItemSimilarity*>(inner.get()))
    return std::make_shared<MappedSimilarRecommender>(std::move(inner), std::move(map));
  return std::make_shared<MappedRecommender>(std::move(inner), std::move(map));
}

std::vector<Recommendation> MappedSimilarRecommender::similar_items(uint32_t item, size_t k) const {
  const auto* sim = dynamic_cast<const ItemSimilarity*>(inner().get());
  const auto& l2m = map_->local_to_model_item;
  if (!sim || item >= l2m.size() || l2m[item] == kNone) return {};
  // Ask for a few more: some may be unknown here.
  return to_local(sim->similar_items(l2m[item], k + k / 2 + 5), k);
}

}  // namespace ss::serve
