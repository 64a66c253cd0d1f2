#include "analytics/churn.h"

#include <map>
#include <nlohmann/json.hpp>

#include "core/timeutil.h"

namespace ss::analytics {

ChurnResult compute_churn(const View& v, const ChurnOptions& o, Context& ctx) {
  ChurnResult r;
  const EventTable& e = v.events();
  const size_t U = v.num_users();
  r.as_of_ms = o.as_of_ms != kNoTime ? o.as_of_ms : v.max_ts + 1;
  r.horizon_days = o.horizon_days;
  const int64_t cutoff = r.as_of_ms - static_cast<int64_t>(o.horizon_days * kMsPerDay);
  r.judged.assign(U, 0);
  r.churned.assign(U, 0);
  std::vector<int64_t> first(U, kNoTime);
  ctx.pool->parallel_for(U, [&](size_t b, size_t end) {
    for (size_t u = b; u < end; ++u) {
      const uint32_t uu = static_cast<uint32_t>(u);
      if (v.begin(uu) == v.end(uu)) continue;
      // Rows are in time order: the first and the last row are the user's span; events
      // after as_of are ignored.
      int64_t last = kNoTime;
      for (uint64_t i = v.end(uu); i-- > v.begin(uu);)
        if (e.ts_ms[i] < r.as_of_ms) { last = e.ts_ms[i]; break; }
      first[u] = e.ts_ms[v.begin(uu)];
      if (last == kNoTime || first[u] >= cutoff) continue;
      r.judged[u] = 1;
      r.churned[u] = last < cutoff;
    }
  }, 1024);
  r.all.name = "all";
  std::map<int64_t, ChurnRate> cohorts;
  const size_t G = o.group_names.size();
  r.by_group.resize(G);
  for (size_t g = 0; g < G; ++g) r.by_group[g].name = o.group_names[g];
  for (size_t u = 0; u < U; ++u) {
    if (!r.judged[u]) continue;
    r.all.users++, r.all.churned += r.churned[u];
    auto& c = cohorts[period_of(first[u], o.cohort_period)];
    c.users++, c.churned += r.churned[u];
    const uint32_t g = u < o.user_group.size() ? o.user_group[u] : kNone;
    if (g < G) r.by_group[g].users++, r.by_group[g].churned += r.churned[u];
  }
  for (auto& [p, c] : cohorts) {
    c.name = period_label(p, o.cohort_period);
    r.by_cohort.push_back(c);
  }
  return r;
}

nlohmann::json to_json(const ChurnResult& r) {
  auto rate = [](const ChurnRate& c) {
    return nlohmann::json{{"name", c.name}, {"users", c.users}, {"churned", c.churned}, {"rate", c.rate()}};
  };
  nlohmann::json cohorts = nlohmann::json::array(), groups = nlohmann::json::array();
  for (const auto& c : r.by_cohort) cohorts.push_back(rate(c));
  for (const auto& c : r.by_group)
    if (c.users) groups.push_back(rate(c));
  return {{"as_of", format_datetime_ms(r.as_of_ms)}, {"horizon_days", r.horizon_days}, {"all", rate(r.all)},
          {"by_cohort", cohorts}, {"by_segment", groups}};
}

}  // namespace ss::analytics
