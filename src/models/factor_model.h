// The shared shell of the matrix-factorisation recommenders (iALS, BPR): item factors,
// exact scoring or the optional hnswlib inner-product index (ann=true), "because you
// viewed X" from factor similarity, and similar items. A model supplies only its training
// and how a request becomes a user vector. Internal to src/models (it exposes Eigen).
#pragma once
#include <Eigen/Dense>

#include "models/factors.h"
#include "models/scoring_model.h"

namespace ss {

class FactorModel : public ScoringModel, public ItemSimilarity {
 public:
  // `defs` are the model's own parameters; the ANN ones are appended here.
  FactorModel(std::string name, std::vector<ParamDef> defs, const Spec& spec);

  bool score(const RecommendRequest& req, std::span<float> scores) const override;
  std::string explain(const RecommendRequest& req, uint32_t item) const override;
  // The history's weights once, not once per item.
  std::vector<std::string> explain_many(const RecommendRequest& req, std::span<const uint32_t> items) const override;
  std::vector<Recommendation> similar_items(uint32_t item, size_t k) const override;
  // The hnsw search beam of a loaded or trained index (ann=true); not while serving
  // (hnswlib keeps it in the shared index). For benchmarks and tuning: bench/models/ann_recall.
  void set_ann_ef(int ef);
  bool has_ann_index() const { return index_.built(); }

 protected:
  // The user's vector for this request; false when there is nothing to go on.
  virtual bool user_vector(const RecommendRequest& req, Eigen::VectorXf& x) const = 0;
  // Called once the item factors are final (after fit or load), before the index is built.
  virtual void on_items_ready() {}

  bool candidates(const RecommendRequest& req, size_t n, std::vector<std::pair<uint32_t, float>>& out) const override;
  // Finishes training: derived state, then the ANN index if asked for.
  void prepare(Context* ctx);
  // The index after the factors in a model file (format 2), written by save_index().
  void save_index(BinWriter& w) const;
  // Finishes loading: derived state, then the saved index, or a new one when the file
  // predates saved indexes (or its index does not match).
  void finish_load(BinReader& r);

  ItemFactors items_;

 private:
  FactorIndex index_;
};

}  // namespace ss
