// Baskets: items frequently bought together. A basket is the set of items purchased in one
// session (an order/invoice when the log's session ids are orders) or, with by_day, by one
// user on one day. Frequent pairs are counted Apriori-style (items below the minimum
// support are pruned before pairs are counted) and turned into rules a -> b with support,
// confidence and lift. Only pairs: longer itemsets are not mined.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include "analytics/view.h"

namespace ss::analytics {

struct BasketOptions {
  bool by_day = false;
  uint64_t min_pair_count = 5;  // baskets containing both items
  double min_confidence = 0.0;
  int top = 20;
};

struct Rule {
  uint32_t a = kNone, b = kNone;
  uint64_t count = 0;
  double support = 0, confidence = 0, lift = 0;
};

struct BasketResult {
  uint64_t baskets = 0, multi_item_baskets = 0;
  std::vector<Rule> rules;  // by lift, then count
};

BasketResult compute_baskets(const View& v, const BasketOptions& options, Context& ctx);
nlohmann::json to_json(const BasketResult& r, const View& v);

}  // namespace ss::analytics
