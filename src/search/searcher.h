// Runs a search request against an index: BM25F retrieval over the query plan, filters,
// facet counts, sorting, personal re-ranking of the top results, the "no results"
// fall-back and explanations.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "search/index.h"
#include "search/query.h"
#include "search/signals.h"
#include "search/synonyms.h"

namespace ss::search {

struct Filter {
  std::vector<uint32_t> categories, brands;  // any of them; empty = no constraint
  float price_min = -1e30f, price_max = 1e30f;
  bool in_stock_only = false;
  std::vector<AttrPair> attributes;  // all of them (ids in the index's attribute tables)
  bool impossible = false;           // a filter named something the index never saw
  bool active() const {
    return !categories.empty() || !brands.empty() || price_min > -1e30f || price_max < 1e30f || in_stock_only ||
           !attributes.empty() || impossible;
  }
};

enum class SortBy { kRelevance, kPriceAsc, kPriceDesc, kPopularity, kNewest };
// "relevance", "price", "price_desc", "popularity", "newest"; nullopt if unknown.
std::optional<SortBy> parse_sort(const std::string& s);

enum class MatchMode {
  kAllThenRelax,  // every query word must match; if nothing does, drop words one by one
  kAny,           // any word may match; coverage of the query weighs in the score
};

struct SearchRequest {
  std::string query;
  uint32_t user = kNone;
  Filter filter;
  SortBy sort = SortBy::kRelevance;
  size_t limit = 10, offset = 0;
  std::vector<std::string> facets;  // "category", "brand", "price", or an attribute key
  MatchMode match = MatchMode::kAllThenRelax;
  QueryOptions query_options;
  bool personalize = true;
  float personal_boost = 1.0f;  // score *= 1 + boost * affinity
  size_t rerank_window = 100;
  bool explain = false;
  bool fallback = true;  // popular items of the closest category when nothing matches
  // Text score *= (idf-weighted share of query words matched) ^ coverage_power.
  float coverage_power = 2.0f;
};

struct Hit {
  uint32_t item = kNone;
  float score = 0, text_score = 0, personal = 0;
  std::string explanation;
};

struct FacetCount {
  std::string value;   // attribute value or price range text
  uint32_t id = kNone; // category / brand id
  uint32_t count = 0;
};

struct SearchResponse {
  std::vector<Hit> hits;
  size_t total = 0;  // matching documents after filters
  std::map<std::string, std::vector<FacetCount>> facets;
  size_t dropped_words = 0;   // words relaxed away to find anything
  std::string fallback;       // non-empty when the results are a fall-back, says which
  uint32_t fallback_category = kNone;
};

// Per-call working memory, reusable across calls (one per thread).
struct SearchScratch {
  std::vector<float> score, group_score;
  std::vector<float> covered;
  std::vector<uint32_t> stamp, group_stamp, matched_groups;
  std::vector<uint32_t> touched, group_touched;
  uint32_t epoch = 0, group_epoch = 0;
  Tokenizer tokenizer;
};

// Per-document match details, for explanations and ranking features.
struct DocMatch {
  float field_bm25[kNumFields] = {};
  float bm25 = 0;
  float coverage = 0;  // idf-weighted share of query words matched
  int groups_matched = 0, typo_groups = 0, exact_groups = 0;
  std::vector<std::string> notes;  // "drils~drill (typo)"
};

class Searcher {
 public:
  explicit Searcher(const SearchIndex& index, Bm25fParams params = {}) : index_(index), params_(params) {}
  void set_synonyms(const Synonyms* s) { synonyms_ = s; }
  void set_signals(const ItemSignals* s) { signals_ = s; }
  void set_profiles(const UserProfiles* p) { profiles_ = p; }
  // An extra user-item score (e.g. a recommender's), added to the profile affinity with
  // `weight`; it should lie in [0, 1].
  void set_model_score(AffinityFn fn, float weight) { model_ = std::move(fn), model_weight_ = weight; }

  SearchResponse search(const SearchRequest& request, SearchScratch& scratch) const;
  SearchResponse search(const SearchRequest& request) const {
    SearchScratch s;
    return search(request, s);
  }
  DocMatch match(const QueryPlan& plan, uint32_t doc) const;
  // match() for many documents at once (one pass over each posting list), without notes.
  std::vector<DocMatch> match_many(const QueryPlan& plan, const std::vector<uint32_t>& docs) const;
  float affinity(uint32_t user, uint32_t item) const;
  const SearchIndex& index() const { return index_; }
  const Bm25fParams& params() const { return params_; }
  const Synonyms* synonyms() const { return synonyms_; }

 private:
  const SearchIndex& index_;
  Bm25fParams params_;
  const Synonyms* synonyms_ = nullptr;
  const ItemSignals* signals_ = nullptr;
  const UserProfiles* profiles_ = nullptr;
  AffinityFn model_;
  float model_weight_ = 0;

  void score_plan(const QueryPlan& plan, SearchScratch& s) const;
  bool passes(const Filter& f, uint32_t doc) const;
  void count_facets(const SearchRequest& r, const std::vector<uint32_t>& docs, SearchResponse& out) const;
  std::vector<uint32_t> fallback_docs(const SearchRequest& r, const QueryPlan& plan, std::string& why) const;
  std::string explain(const QueryPlan& plan, uint32_t doc, const Hit& hit, uint32_t user) const;
};

}  // namespace ss::search
