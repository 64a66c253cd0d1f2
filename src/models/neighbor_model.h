// The shared shell of the item-neighbour recommenders (item-kNN, RP3beta, Markov,
// bought-together): a request's weighted source items vote through the top-K neighbour
// lists. A model supplies how it builds the lists, which items of a request vote, and the
// words of its reasons. Internal to src/models.
#pragma once
#include <map>

#include "models/item_neighbors.h"
#include "models/scoring_model.h"

namespace ss {

class NeighborModel : public ScoringModel, public ItemSimilarity {
 public:
  using ScoringModel::ScoringModel;

  bool score(const RecommendRequest& req, std::span<float> scores) const override;
  bool sparse_scores() const override { return true; }
  std::string explain(const RecommendRequest& req, uint32_t item) const override;
  std::vector<Recommendation> similar_items(uint32_t item, size_t k) const override;

 protected:
  // The request's voting items and their weights; by default the history's behaviour weights.
  virtual std::vector<std::pair<uint32_t, float>> sources(const RecommendRequest& req) const;
  // The reason for an item reached through `source`; by default "because you viewed X".
  virtual std::string reason(const RecommendRequest& req, uint32_t source) const;
  // The reason shown for the neighbours of `item`.
  virtual std::string similar_reason(uint32_t item) const { return "similar to " + info_.name(item); }

  void save_model(BinWriter& w) const override { nb_.save(w); }
  void load_model(BinReader& r) override { nb_.load(r); }

  // Neighbour lists from per-item pair counts: w(i, j) = count(i, j) / (total(i) + smooth).
  static ItemNeighbors from_pair_counts(const std::vector<std::map<uint32_t, float>>& counts,
                                        const std::vector<float>& totals, float smooth, size_t k, Context& ctx);

  ItemNeighbors nb_;
};

}  // namespace ss
