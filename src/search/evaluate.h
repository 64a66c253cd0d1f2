// Offline evaluation of a ranking against graded judgments (query, item, gain): NDCG@10
// with linear gain, MRR and recall@100, averaged over queries with at least one item of
// gain > 0; unjudged items count as gain 0. Also the SQLite FTS5 reference ranker and the
// Home Depot file readers, so every system is scored by the same code in one run.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace ss::search {

struct Judged {
  uint32_t item = 0;
  float gain = 0;
};

struct JudgedQuery {
  std::string query;
  std::vector<Judged> items;
};

struct EvalResult {
  double ndcg10 = 0, mrr = 0, recall100 = 0;
  size_t queries = 0;
  double ms_per_query = 0;
};

// Ranks the whole collection for a query; returns item ids, best first (100 suffice).
using RankFn = std::function<std::vector<uint32_t>(const std::string& query)>;

EvalResult evaluate_ranking(const std::vector<JudgedQuery>& queries, const RankFn& rank);

// products.csv (product_uid,product_title): uid and title per row, in file order.
struct ProductTitles {
  std::vector<uint32_t> uid;
  std::vector<std::string> title;
};
ProductTitles read_product_titles(const std::string& path);
// judgments CSV (search_term,product_uid,relevance) -> queries with gain = relevance - 1,
// item = the product's row in `products`; judgments of unknown products are skipped.
std::vector<JudgedQuery> read_judgments(const std::string& path, const ProductTitles& products);

// SQLite FTS5 over the titles (tokenizer 'porter unicode61'), the query's alphanumeric
// words OR-ed, ordered by bm25: the published reference configuration.
class Fts5Ranker {
 public:
  explicit Fts5Ranker(const std::vector<std::string>& titles);
  ~Fts5Ranker();
  std::vector<uint32_t> rank(const std::string& query, size_t k = 100);
  // The same with extra SQL constraints is out of scope; see bench/search for latency runs.

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Splits one CSV line (RFC 4180 quotes) into fields.
std::vector<std::string> split_csv_line(const std::string& line);

}  // namespace ss::search
