// Overview: what the log holds. Events per behaviour type, active users and items per day,
// activity by hour of day x weekday, time span, sessions and their lengths.
#pragma once
#include <array>
#include <nlohmann/json_fwd.hpp>

#include "analytics/view.h"

namespace ss::analytics {

struct Overview {
  uint64_t events = 0, users = 0, items = 0, sessions = 0;
  std::array<uint64_t, kNumBehaviors> by_type{};
  int64_t first_ms = 0, last_ms = 0;
  int64_t first_day = 0;                      // day index (days since epoch) of daily[0]
  std::vector<uint64_t> daily_events, daily_users, daily_items;
  std::array<std::array<uint64_t, 24>, 7> weekday_hour{};  // [0=Mon..6=Sun][hour], events
  double session_events_mean = 0, session_events_median = 0, session_minutes_median = 0,
         session_minutes_p90 = 0;
};

Overview compute_overview(const View& v, Context& ctx);
nlohmann::json to_json(const Overview& o);

}  // namespace ss::analytics
