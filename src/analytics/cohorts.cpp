#include "analytics/cohorts.h"

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/timeutil.h"

namespace ss::analytics {

Period parse_period(const std::string& name) {
  if (name == "day") return Period::kDay;
  if (name == "week") return Period::kWeek;
  if (name == "month") return Period::kMonth;
  throw Error("unknown period '" + name + "' (day, week, month)");
}

int64_t period_of(int64_t ts_ms, Period p) {
  const int64_t d = day_of(ts_ms);
  switch (p) {
    case Period::kDay: return d;
    case Period::kWeek: return (d + 3) >= 0 ? (d + 3) / 7 : (d + 3 - 6) / 7;  // 1970-01-01 was a Thursday
    case Period::kMonth: {
      int y;
      unsigned m, dd;
      civil_from_days(d, y, m, dd);
      return static_cast<int64_t>(y - 1970) * 12 + (m - 1);
    }
  }
  return d;
}

std::string period_label(int64_t index, Period p) {
  switch (p) {
    case Period::kDay: return format_date(index * kMsPerDay);
    case Period::kWeek: return format_date((index * 7 - 3) * kMsPerDay);  // the Monday
    case Period::kMonth: {
      const int64_t y = 1970 + (index >= 0 ? index / 12 : (index - 11) / 12);
      const int64_t m = index - (y - 1970) * 12 + 1;
      char buf[48];
      std::snprintf(buf, sizeof buf, "%04lld-%02lld", static_cast<long long>(y), static_cast<long long>(m));
      return buf;
    }
  }
  return {};
}

CohortResult compute_cohorts(const View& v, const CohortOptions& o, Context& ctx) {
  CohortResult r;
  r.period = o.period;
  r.by_first_purchase = o.cohort_by_first_purchase;
  r.purchases_only = o.purchases_only;
  const EventTable& e = v.events();
  if (e.empty()) return r;
  r.first_period = period_of(v.min_ts, o.period);
  const size_t P = static_cast<size_t>(period_of(v.max_ts, o.period) - r.first_period + 1);
  if (P > 5000) {
    throw Error("the log spans " + std::to_string(P) + " periods (" + period_label(r.first_period, o.period) + " .. " +
                period_label(r.first_period + static_cast<int64_t>(P) - 1, o.period) +
                "); use a coarser --period or limit it with --from/--to (stray timestamps?)");
  }
  // Month boundaries are irregular; a per-day lookup table makes period_of a load.
  const int64_t day0 = day_of(v.min_ts);
  std::vector<uint32_t> period_of_day(static_cast<size_t>(day_of(v.max_ts) - day0 + 1));
  for (size_t d = 0; d < period_of_day.size(); ++d)
    period_of_day[d] = static_cast<uint32_t>(period_of((day0 + static_cast<int64_t>(d)) * kMsPerDay, o.period) - r.first_period);
  std::vector<std::vector<uint64_t>> locals(ctx.threads() * 8 + 1);
  for_user_chunks(v, ctx, [&](size_t slot, uint32_t ub, uint32_t ue) {
    auto& M = locals[slot];  // [cohort * P + offset], cohort 0 row also holds sizes via offset 0
    M.assign(P * P, 0);
    for (uint32_t u = ub; u < ue; ++u) {
      // Cohort: first event (or first purchase). Rows are in time order, so one pass.
      int64_t cohort = -1, last = -1;
      for (uint64_t i = v.begin(u); i < v.end(u); ++i) {
        const bool purchase = e.type[i] == Behavior::kPurchase;
        const int64_t p = period_of_day[day_of(e.ts_ms[i]) - day0];
        if (cohort < 0) {
          if (o.cohort_by_first_purchase && !purchase) continue;
          cohort = p;
        }
        if (o.purchases_only && !purchase && p != cohort) continue;
        if (p != last) {
          // The cohort's own period always counts: it defines the cohort size.
          if (p == cohort || !o.purchases_only || purchase) M[cohort * P + (p - cohort)]++;
          last = p;
        }
      }
    }
  });
  r.sizes.assign(P, 0);
  r.active.assign(P, {});
  for (size_t c = 0; c < P; ++c) r.active[c].assign(P - c, 0);
  for (const auto& M : locals) {
    if (M.empty()) continue;
    for (size_t c = 0; c < P; ++c)
      for (size_t k = 0; c + k < P; ++k) r.active[c][k] += M[c * P + k];
  }
  for (size_t c = 0; c < P; ++c) r.sizes[c] = r.active[c][0];
  return r;
}

nlohmann::json to_json(const CohortResult& r) {
  nlohmann::json j;
  static const char* kNames[] = {"day", "week", "month"};
  j["period"] = kNames[static_cast<int>(r.period)];
  j["cohort_by"] = r.by_first_purchase ? "first_purchase" : "first_activity";
  j["active"] = r.purchases_only ? "purchases" : "any";
  nlohmann::json rows = nlohmann::json::array();
  for (size_t c = 0; c < r.sizes.size(); ++c) {
    if (r.sizes[c] == 0) continue;
    nlohmann::json rate = nlohmann::json::array();
    for (uint64_t a : r.active[c]) rate.push_back(static_cast<double>(a) / static_cast<double>(r.sizes[c]));
    rows.push_back({{"cohort", period_label(r.first_period + static_cast<int64_t>(c), r.period)},
                    {"users", r.sizes[c]}, {"active", r.active[c]}, {"retention", rate}});
  }
  j["cohorts"] = rows;
  return j;
}

}  // namespace ss::analytics
