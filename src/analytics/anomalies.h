// Anomalies: users and items whose behaviour is implausible for a person or a product,
// each with the reason. Thresholds are robust (median + k * MAD over all users/items) with
// absolute floors, so a quiet shop does not flag its busiest humans.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "analytics/view.h"

namespace ss::analytics {

struct AnomalyOptions {
  int64_t burst_window_ms = 10 * 60 * 1000;
  double burst_floor = 60;  // events within the window a human will not reach
  double mad_k = 10;        // robust z threshold
  uint64_t min_item_purchases = 5;
};

struct Anomaly {
  uint32_t id = kNone;  // user or item id
  std::string reason;
  double value = 0, threshold = 0;
};

struct AnomalyResult {
  std::vector<Anomaly> users, items;
  // Flag per user id, for tests and for excluding bots elsewhere.
  std::vector<uint8_t> user_flagged;
};

AnomalyResult compute_anomalies(const View& v, const AnomalyOptions& options, Context& ctx);
nlohmann::json to_json(const AnomalyResult& r, const View& v, size_t max_rows);

}  // namespace ss::analytics
