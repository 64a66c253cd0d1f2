#include "analytics/overview.h"

#include <nlohmann/json.hpp>

#include "core/timeutil.h"

namespace ss::analytics {

Overview compute_overview(const View& v, Context& ctx) {
  Overview o;
  const EventTable& e = v.events();
  o.events = e.size();
  if (e.empty()) return o;
  o.first_ms = v.min_ts;
  o.last_ms = v.max_ts;
  o.first_day = day_of(v.min_ts);
  const size_t days = static_cast<size_t>(day_of(v.max_ts) - o.first_day + 1);
  struct Local {
    std::array<uint64_t, kNumBehaviors> by_type{};
    std::array<std::array<uint64_t, 24>, 7> wh{};
    std::vector<uint64_t> daily_events, daily_users;
    uint64_t users = 0, sessions = 0;
    std::vector<double> session_events, session_minutes;
  };
  std::vector<Local> locals(ctx.threads() * 8 + 1);
  for_user_chunks(v, ctx, [&](size_t slot, uint32_t ub, uint32_t ue) {
    Local& L = locals[slot];
    L.daily_events.assign(days, 0);
    L.daily_users.assign(days, 0);
    for (uint32_t u = ub; u < ue; ++u) {
      if (v.begin(u) == v.end(u)) continue;
      ++L.users;
      int64_t last_day = -1;
      uint64_t s_begin = v.begin(u);
      for (uint64_t i = v.begin(u); i < v.end(u); ++i) {
        const int64_t t = e.ts_ms[i];
        L.by_type[static_cast<int>(e.type[i])]++;
        L.wh[weekday_of(t)][hour_of(t)]++;
        const int64_t d = day_of(t) - o.first_day;
        L.daily_events[d]++;
        if (d != last_day) L.daily_users[d]++, last_day = d;
        if (i + 1 == v.end(u) || v.session_start(i + 1)) {
          ++L.sessions;
          L.session_events.push_back(static_cast<double>(i + 1 - s_begin));
          L.session_minutes.push_back(static_cast<double>(e.ts_ms[i] - e.ts_ms[s_begin]) / 60000.0);
          s_begin = i + 1;
        }
      }
    }
  });
  o.daily_events.assign(days, 0);
  o.daily_users.assign(days, 0);
  std::vector<double> sev, smin;
  for (const Local& L : locals) {
    o.users += L.users;
    o.sessions += L.sessions;
    for (int b = 0; b < kNumBehaviors; ++b) o.by_type[b] += L.by_type[b];
    for (int w = 0; w < 7; ++w)
      for (int h = 0; h < 24; ++h) o.weekday_hour[w][h] += L.wh[w][h];
    for (size_t d = 0; d < L.daily_events.size(); ++d) {
      o.daily_events[d] += L.daily_events[d];
      o.daily_users[d] += L.daily_users[d];
    }
    sev.insert(sev.end(), L.session_events.begin(), L.session_events.end());
    smin.insert(smin.end(), L.session_minutes.begin(), L.session_minutes.end());
  }
  double sum = 0;
  for (double x : sev) sum += x;
  o.session_events_mean = sev.empty() ? 0 : sum / static_cast<double>(sev.size());
  o.session_events_median = median(sev);
  o.session_minutes_median = median(smin);
  o.session_minutes_p90 = quantile(smin, 0.9);
  // Distinct items overall and per day: packed (day, item) keys, adjacent repeats dropped
  // first (a user's consecutive rows often share both), then sorted once.
  std::vector<uint8_t> seen_items(v.num_items(), 0);
  o.daily_items.assign(days, 0);
  std::vector<uint64_t> keys;
  keys.reserve(e.size() / 4);
  uint64_t prev = ~0ull;
  for (size_t i = 0; i < e.size(); ++i) {
    const uint32_t it = e.item[i];
    if (it >= v.num_items()) continue;
    if (!seen_items[it]) seen_items[it] = 1, ++o.items;
    const uint64_t k = (static_cast<uint64_t>(day_of(e.ts_ms[i]) - o.first_day) << 32) | it;
    if (k != prev) keys.push_back(k), prev = k;
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  for (uint64_t k : keys) o.daily_items[k >> 32]++;
  return o;
}

nlohmann::json to_json(const Overview& o) {
  nlohmann::json j;
  j["events"] = o.events;
  j["users"] = o.users;
  j["items"] = o.items;
  j["sessions"] = o.sessions;
  nlohmann::json types = nlohmann::json::object();
  for (int b = 0; b < kNumBehaviors; ++b)
    if (o.by_type[b]) types[std::string(behavior_name(static_cast<Behavior>(b)))] = o.by_type[b];
  j["by_type"] = types;
  j["first_event"] = o.events ? format_datetime_ms(o.first_ms) : "";
  j["last_event"] = o.events ? format_datetime_ms(o.last_ms) : "";
  j["span_days"] = static_cast<double>(o.last_ms - o.first_ms) / kMsPerDay;
  nlohmann::json daily = nlohmann::json::array();
  for (size_t d = 0; d < o.daily_events.size(); ++d)
    daily.push_back({{"day", format_date((o.first_day + static_cast<int64_t>(d)) * kMsPerDay)},
                     {"events", o.daily_events[d]}, {"users", o.daily_users[d]}, {"items", o.daily_items[d]}});
  j["daily"] = daily;
  j["weekday_hour"] = o.weekday_hour;
  j["session_events_mean"] = o.session_events_mean;
  j["session_events_median"] = o.session_events_median;
  j["session_minutes_median"] = o.session_minutes_median;
  j["session_minutes_p90"] = o.session_minutes_p90;
  return j;
}

}  // namespace ss::analytics
