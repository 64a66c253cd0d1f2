// A model trained elsewhere, served here: the trainer numbered users and items in its own
// dataset's order, this replica in the order events reached it. MappedRecommender translates
// ids by external name on the way in (user, history, exclusions, filter) and on the way out
// (recommended items), so a snapshot works on every replica whatever its local numbering.
// Items the replica does not know are never returned; items the model does not know are
// dropped from the history (as the single-process server drops items newer than a model).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "models/recommender.h"

namespace ss::serve {

class LiveState;

struct IdMap {
  std::vector<uint32_t> local_to_model_item, model_to_local_item, local_to_model_user;
  // Built from the model's external ids and the replica's committed dictionaries.
  static std::shared_ptr<const IdMap> build(const std::vector<std::string>& model_items,
                                            const std::vector<std::string>& model_users, const LiveState& live);
};

class MappedRecommender : public Recommender {
 public:
  MappedRecommender(std::shared_ptr<const Recommender> inner, std::shared_ptr<const IdMap> map)
      : inner_(std::move(inner)), map_(std::move(map)) {}
  Spec spec() const override { return inner_->spec(); }
  // Served models are immutable: fitting or loading one through the wrapper is a bug.
  void fit(const TrainData&, Context&) override;
  void load(std::istream&) override;
  void save(std::ostream& out) const override { inner_->save(out); }
  std::vector<Recommendation> recommend(const RecommendRequest& req) const override;
  const std::shared_ptr<const Recommender>& inner() const { return inner_; }

 protected:
  std::vector<Recommendation> to_local(std::vector<Recommendation> recs, size_t k) const;
  std::shared_ptr<const Recommender> inner_;
  std::shared_ptr<const IdMap> map_;
};

// The same for models with item-to-item similarity, so callers still find the ability.
class MappedSimilarRecommender final : public MappedRecommender, public ItemSimilarity {
 public:
  using MappedRecommender::MappedRecommender;
  std::vector<Recommendation> similar_items(uint32_t item, size_t k) const override;
};

// Wraps `inner`, keeping its optional abilities.
std::shared_ptr<const Recommender> map_model(std::shared_ptr<const Recommender> inner, std::shared_ptr<const IdMap> map);

}  // namespace ss::serve
