// Dense model scores to a request's top-k recommendations: history and exclusions
// removed, the request's filter applied, ties broken by item id.
#pragma once
#include <string>
#include <vector>

#include "models/recommender.h"

namespace ss::deep {

// `scores` is overwritten where items are excluded. Each item carries `reason` when the
// request asks for reasons.
std::vector<Recommendation> top_k_from_scores(std::vector<float>& scores, const RecommendRequest& req,
                                              const std::string& reason);

}  // namespace ss::deep
