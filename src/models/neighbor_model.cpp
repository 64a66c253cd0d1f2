#include "models/neighbor_model.h"

namespace ss {

bool NeighborModel::score(const RecommendRequest& req, std::span<float> scores) const {
  const auto src = sources(req);
  if (src.empty()) return false;
  nb_.score(src, scores);
  return true;
}

std::optional<bool> NeighborModel::score_sparse(const RecommendRequest& req, std::span<float> scores,
                                                std::vector<uint32_t>& touched) const {
  const auto src = sources(req);
  if (src.empty()) return false;
  nb_.score(src, scores, &touched);
  return true;
}

std::vector<std::string> NeighborModel::explain_many(const RecommendRequest& req, std::span<const uint32_t> items) const {
  const auto src = sources(req);
  std::vector<std::string> out;
  out.reserve(items.size());
  const auto best = nb_.best_sources(src, items);
  for (size_t k = 0; k < items.size(); ++k)
    out.push_back(best[k] == kNone ? info_.popular_reason(items[k]) : reason(req, best[k]));
  return out;
}

std::string NeighborModel::explain(const RecommendRequest& req, uint32_t item) const {
  const uint32_t src = nb_.best_source(sources(req), item);
  if (src == kNone) return info_.popular_reason(item);
  return reason(req, src);
}

std::vector<Recommendation> NeighborModel::similar_items(uint32_t item, size_t k) const {
  std::vector<Recommendation> out;
  for (const auto& [j, w] : nb_.neighbours(item, k)) out.push_back({j, w, similar_reason(item)});
  return out;
}

std::vector<std::pair<uint32_t, float>> NeighborModel::sources(const RecommendRequest& req) const {
  return history_weights(req.history, info_.weights, info_.num_items);
}

std::string NeighborModel::reason(const RecommendRequest& req, uint32_t source) const {
  return "because you " + history_verb(req.history, source) + " " + info_.name(source);
}

ItemNeighbors NeighborModel::from_pair_counts(const std::vector<std::map<uint32_t, float>>& counts,
                                              const std::vector<float>& totals, float smooth, size_t k, Context& ctx) {
  return ItemNeighbors::build(
      static_cast<uint32_t>(counts.size()), k, ctx,
      [&](uint32_t i, std::span<float> acc, std::vector<uint32_t>& touched) {
        for (const auto& [j, c] : counts[i]) acc[j] = c, touched.push_back(j);
      },
      [&](uint32_t i, uint32_t, float c) { return c / (totals[i] + smooth); });
}

}  // namespace ss
