#include "deep/top_k.h"

#include <algorithm>
#include <limits>

namespace ss::deep {

std::vector<Recommendation> top_k_from_scores(std::vector<float>& scores, const RecommendRequest& req,
                                              const std::string& reason) {
  constexpr float kOut = -std::numeric_limits<float>::infinity();
  if (req.exclude_history)
    for (uint32_t i : req.history.items)
      if (i < scores.size()) scores[i] = kOut;
  for (uint32_t i : req.exclude)
    if (i < scores.size()) scores[i] = kOut;
  std::vector<uint32_t> cand;
  cand.reserve(scores.size());
  for (uint32_t i = 0; i < scores.size(); ++i)
    if (scores[i] != kOut && (!req.allow || req.allow(i))) cand.push_back(i);
  const size_t k = std::min(req.k, cand.size());
  std::partial_sort(cand.begin(), cand.begin() + long(k), cand.end(), [&](uint32_t a, uint32_t b) {
    return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
  });
  std::vector<Recommendation> out;
  out.reserve(k);
  for (size_t i = 0; i < k; ++i) out.push_back({cand[i], scores[cand[i]], req.with_reasons ? reason : std::string()});
  return out;
}

}  // namespace ss::deep
