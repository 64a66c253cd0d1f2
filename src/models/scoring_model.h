// The shared skeleton of every built-in recommender: a model fills a dense score vector for
// a request, and this class turns it into top-k recommendations (history, exclusions and
// filters skipped; a heap, not a full sort), falls back to trending items for users with
// nothing to go on, attaches reasons, and writes/reads the versioned model file.
#pragma once
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "models/binary_io.h"
#include "models/recommender.h"

namespace ss {

// Model file format. Version 2: factor models (iALS, BPR) append their hnsw graph. Files of every version from
// kOldestModelFormatVersion on are read; `version` (when given) receives the file's.
inline constexpr uint32_t kModelFormatVersion = 2;
inline constexpr uint32_t kOldestModelFormatVersion = 1;

// What every model keeps from the shop for fallbacks and reasons.
struct ShopInfo {
  uint32_t num_users = 0, num_items = 0;
  BehaviorWeights weights;
  std::vector<std::string> item_name;      // catalogue title, else the external id
  std::vector<uint32_t> item_category;     // kNone where unknown
  std::vector<std::string> category_name;
  std::vector<float> popularity;           // summed behaviour weight
  std::vector<float> trending;             // the same, decayed with a 7-day half-life
  std::vector<uint32_t> trending_order;    // items by trending desc (ties: smaller id); derived, not saved

  void order_trending();
  void fit(const TrainData& data);
  void save(BinWriter& w) const;
  void load(BinReader& r);
  std::string name(uint32_t item) const;
  // "popular in Z" (or "popular now" without a category).
  std::string popular_reason(uint32_t item) const;
};

// The verb for the strongest thing the user did with `item` in the history: "bought",
// "added to cart", "favourited", "viewed".
std::string history_verb(const History& h, uint32_t item);

class ScoringModel : public Recommender, public DenseScorer {
 public:
  ScoringModel(std::string name, std::vector<ParamDef> defs, const Spec& spec);
  Spec spec() const override { return params_.to_spec(name_); }
  void fit(const TrainData& data, Context& ctx) final;
  std::vector<Recommendation> recommend(const RecommendRequest& req) const final;
  void save(std::ostream& out) const final;
  void load(std::istream& in) final;

  // Adds the model's scores for the request to `scores` (num_items long, zeroed). Returns
  // false when the model has nothing to go on (e.g. empty history), so the caller falls back.
  bool score(const RecommendRequest& req, std::span<float> scores) const override = 0;
  // Why `item` is recommended to this request; the default is the popularity reason.
  std::string explain(const RecommendRequest& req, uint32_t item) const override;
  // Reasons for several items at once (models that share work across items override it).
  virtual std::vector<std::string> explain_many(const RecommendRequest& req, std::span<const uint32_t> items) const;
  // Sparse models leave unrelated items at exactly 0: those are not candidates, and free
  // slots are filled with trending items instead.
  virtual bool sparse_scores() const { return false; }
  // Sparse models that can also list the items they scored (possibly repeated) implement
  // this, so recommend() never scans or clears the whole catalogue: nullopt = not
  // implemented, otherwise what score() would return.
  virtual std::optional<bool> score_sparse(const RecommendRequest& req, std::span<float> scores,
                                           std::vector<uint32_t>& touched) const {
    return std::nullopt;
  }
  const ShopInfo& info() const { return info_; }
  const std::string& name() const { return name_; }
  std::string params_help() const { return params_.help(); }
  bool fitted() const { return fitted_; }

 protected:
  virtual void fit_model(const TrainData& data, Context& ctx) = 0;
  virtual void save_model(BinWriter& w) const = 0;
  virtual void load_model(BinReader& r) = 0;
  // Optional fast path (ANN): the top candidates with scores, best first, possibly more
  // than k; the caller filters them. Returns false to use exhaustive scoring.
  virtual bool candidates(const RecommendRequest& req, size_t n, std::vector<std::pair<uint32_t, float>>& out) const {
    return false;
  }
  void require_fitted() const;
  std::vector<Recommendation> finish(const RecommendRequest& req, const std::vector<std::pair<uint32_t, float>>& picked,
                                     bool from_model) const;
  // Appends trending items (score 0) until `picked` holds k, skipping items whose entry in
  // `blocked` is -inf and those the request does not allow.
  void fill_trending(const RecommendRequest& req, std::span<const float> blocked,
                     std::vector<std::pair<uint32_t, float>>& picked) const;

  std::string name_;
  Params params_;
  ShopInfo info_;
  bool fitted_ = false;
  uint32_t format_version_ = kModelFormatVersion;  // of the file being loaded (valid in load_model)
};

// Top-k of `scores` (best first), skipping -inf and, when `positive_only`, scores <= 0.
std::vector<std::pair<uint32_t, float>> top_k(std::span<const float> scores, size_t k, bool positive_only,
                                              const std::function<bool(uint32_t)>& allow = {});

// Model file header: magic, format version, spec. Returns the spec without consuming the
// body; used by load_model_file() to build the right model before loading it. Files of
// every version from kOldestModelFormatVersion on are read; `version` receives the file's.
Spec read_model_header(BinReader& r, uint32_t* version = nullptr);

}  // namespace ss
