// Retention cohorts: users grouped by the period (day, week or month) of their first
// activity or first purchase; cell [c][k] counts the cohort's users active (any event, or
// purchases only) in period c + k.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "analytics/view.h"

namespace ss::analytics {

enum class Period { kDay, kWeek, kMonth };
Period parse_period(const std::string& name);
// Period index of a timestamp: days since epoch, ISO weeks (Monday start) since epoch, or
// months since 1970-01.
int64_t period_of(int64_t ts_ms, Period p);
std::string period_label(int64_t index, Period p);

struct CohortOptions {
  Period period = Period::kWeek;
  bool cohort_by_first_purchase = false;
  bool purchases_only = false;  // what counts as "active" in later periods
};

struct CohortResult {
  Period period = Period::kWeek;
  bool by_first_purchase = false, purchases_only = false;
  int64_t first_period = 0;                 // period index of cohort 0
  std::vector<uint64_t> sizes;              // users per cohort
  std::vector<std::vector<uint64_t>> active;  // [cohort][offset] (offset 0 = own period)
};

CohortResult compute_cohorts(const View& v, const CohortOptions& options, Context& ctx);
nlohmann::json to_json(const CohortResult& r);

}  // namespace ss::analytics
