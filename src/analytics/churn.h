// Churn: a user has churned when their last activity is more than `horizon` before the end
// of the log. Only users first seen at least `horizon` before the end are judged (newer
// ones have not had the chance). Churn rate per first-activity cohort and per segment.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "analytics/cohorts.h"
#include "analytics/view.h"

namespace ss::analytics {

struct ChurnOptions {
  double horizon_days = 14;
  int64_t as_of_ms = kNoTime;  // default: last event + 1 ms
  Period cohort_period = Period::kWeek;
  std::vector<uint32_t> user_group;  // e.g. RFM segment per user (kNone: none)
  std::vector<std::string> group_names;
};

struct ChurnRate {
  std::string name;
  uint64_t users = 0, churned = 0;
  double rate() const { return users ? static_cast<double>(churned) / static_cast<double>(users) : 0.0; }
};

struct ChurnResult {
  int64_t as_of_ms = 0;
  double horizon_days = 0;
  std::vector<uint8_t> judged, churned;  // per user id
  ChurnRate all;
  std::vector<ChurnRate> by_cohort, by_group;
};

ChurnResult compute_churn(const View& v, const ChurnOptions& options, Context& ctx);
nlohmann::json to_json(const ChurnResult& r);

}  // namespace ss::analytics
