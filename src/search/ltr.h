// Learning to rank from the shop's own logs. A logged search is a search event and what the
// same user did next in that session (viewed 1, carted 2, bought 3); its candidates are the
// top results of text retrieval; each (query, item) pair gets the features below, and an
// XGBoost LambdaMART model (objective rank:ndcg) learns to order them.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "search/searcher.h"

namespace ss::search {

struct LoggedSearch {
  uint32_t user = kNone;
  int64_t ts_ms = 0;
  std::string query;
  std::vector<std::pair<uint32_t, float>> outcomes;  // (item, label), label 1 view, 2 cart, 3 purchase
};

// Search events followed, in the same session, by item events (until the next search).
std::vector<LoggedSearch> logged_searches(const Dataset& data);

inline constexpr int kNumLtrFeatures = 19;
inline constexpr std::array<const char*, kNumLtrFeatures> kLtrFeatureNames = {
    "bm25_title", "bm25_brand", "bm25_category", "bm25_description", "bm25_attributes", "bm25f", "coverage",
    "words_matched", "typo_words", "exact_words", "log_popularity", "conversion", "log_price", "price_band",
    "affinity", "affinity_category", "affinity_brand", "affinity_price_band", "text_rank"};

// Features of `doc` for the query `plan` and `user` (kNone: no personal features).
// `m` is searcher.match(plan, doc) (or an entry of match_many).
void ltr_features(const Searcher& searcher, const DocMatch& m, const QueryPlan& plan, uint32_t doc, uint32_t user,
                  size_t text_rank, const ItemSignals& signals, const UserProfiles& profiles,
                  const std::vector<int8_t>& bands, float* out);

struct LtrParams {
  int rounds = 150, max_depth = 6;
  double eta = 0.1, subsample = 0.8;
  int threads = 1;
  uint64_t seed = 42;
};

class LtrRanker {
 public:
  LtrRanker();
  ~LtrRanker();
  LtrRanker(LtrRanker&&) noexcept;
  // rows: features (kNumLtrFeatures per row), grouped consecutively by query; group_sizes
  // sums to the row count.
  void train(const std::vector<float>& rows, const std::vector<float>& labels, const std::vector<unsigned>& group_sizes,
             const LtrParams& params);
  std::vector<float> predict(const std::vector<float>& rows) const;
  void save(const std::string& path) const;
  void load(const std::string& path);
  bool trained() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The personalisation / learning-to-rank evaluation on a shop's log: searches before the
// time quantile `train_fraction` train the ranker (and feed popularity and profiles),
// later ones are held out. NDCG@10 of the items bought after each held-out search.
struct RankingEval {
  size_t train_searches = 0, test_searches = 0;
  double ndcg_text = 0, ndcg_personal = 0, ndcg_ltr = 0, ndcg_ltr_no_personal = 0;
  double mrr_text = 0, mrr_personal = 0, mrr_ltr = 0;
};

struct RankingEvalOptions {
  double train_fraction = 0.8;
  size_t candidates = 200;
  float personal_boost = 1.0f;
  LtrParams ltr;
};

RankingEval evaluate_search_ranking(const Dataset& data, const RankingEvalOptions& options);

}  // namespace ss::search
