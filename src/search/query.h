// A query as the index sees it: one group per query word, each group a set of index terms
// that count as that word (its own stem, synonyms, typo corrections, completions of the
// last word when typing), each with a weight below 1 for anything but the exact word.
#pragma once
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "search/index.h"
#include "search/synonyms.h"

namespace ss::search {

// BM25F: per-field weights and length normalisation, one saturation k1.
struct Bm25fParams {
  float k1 = 1.2f;
  float weight[kNumFields] = {3.0f, 2.0f, 1.5f, 1.0f, 1.0f};  // title brand category description attributes
  float b[kNumFields] = {0.75f, 0.3f, 0.3f, 0.75f, 0.5f};
};

struct QueryOptions {
  bool typos = true;            // edit distance 1 for words of 4-7 letters, 2 for longer
  bool prefix_last = false;     // treat the last word as a prefix (search-as-you-type)
  bool synonyms = true;
  bool split_join = true;       // "storm door" also matches "stormdoor", "stormdoor" "storm door"
  float typo_weight1 = 0.7f, typo_weight2 = 0.5f, prefix_weight = 0.8f, synonym_weight = 0.85f, join_weight = 0.8f;
  size_t max_prefix_terms = 30;
  // A word that is in the vocabulary is still typo-corrected when it is this rare
  // (documents), towards words at least `rare_ratio` times as frequent.
  uint32_t rare_df = 2;
  uint32_t rare_ratio = 20;
};

enum class VariantKind : uint8_t { kExact, kStem, kSynonym, kTypo, kPrefix, kJoined };
inline constexpr const char* kVariantNames[] = {"exact", "stem", "synonym", "typo", "prefix", "joined"};

struct Variant {
  uint32_t term = 0;
  float weight = 1.0f;
  float idf = 0.0f;
  VariantKind kind = VariantKind::kExact;
  std::string matched;  // the vocabulary word this came from, for explanations
};

struct TermGroup {
  std::string word;  // the query word as normalised
  std::vector<Variant> variants;
  float idf = 0.0f;  // largest idf among its variants (weights query-word coverage)
};

struct QueryPlan {
  std::vector<TermGroup> groups;
  size_t words = 0;  // query words (groups without any index term included)
};

QueryPlan plan_query(std::string_view query, const SearchIndex& index, const Synonyms* synonyms,
                     const QueryOptions& options, Tokenizer& tokenizer);

inline float bm25_idf(uint32_t df, uint32_t n) {
  return static_cast<float>(std::log(1.0 + (n - static_cast<double>(df) + 0.5) / (df + 0.5)));
}

}  // namespace ss::search
