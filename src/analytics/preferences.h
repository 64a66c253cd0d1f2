// Purchase preferences: per user, a time-decayed, behaviour-weighted affinity to
// categories, brands and price bands. Each event on an item adds weight(type) *
// 0.5^(age / half_life) to the item's category, brand and price band; scores are shares of
// the user's total (they sum to 1 per dimension). Also the mean profile per segment.
#pragma once
#include <array>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "analytics/view.h"

namespace ss::analytics {

struct PreferenceOptions {
  // Weight per behaviour type (index = Behavior); negative types subtract.
  std::array<float, kNumBehaviors> weights = {1, 1, 0, 3, -1, 2, 5, -2, -3};
  double half_life_days = 30;
  int64_t as_of_ms = kNoTime;  // default: last event
  int top_n = 3;
  // Optional per-user group (e.g. RFM segment) for per-group mean profiles.
  std::vector<uint32_t> user_group;
  std::vector<std::string> group_names;
};
// "purchase=5,cart=3,view=1": overrides of the default weights. Throws ss::Error.
void parse_weights(const std::string& text, PreferenceOptions& o);

struct Scored {
  uint32_t id = kNone;
  float score = 0;
};

struct PreferenceResult {
  int top_n = 3;
  // [user * top_n + k], id kNone where the user has fewer than k+1 positive entries.
  std::vector<Scored> top_category, top_brand, top_band;
  std::vector<uint32_t> group_of_user;  // copy of options.user_group (may be empty)
  std::vector<std::string> group_names;
  std::vector<std::vector<double>> group_category_share;  // [group][category]
  std::vector<uint64_t> group_users;
  const Scored* categories_of(uint32_t u) const { return &top_category[static_cast<size_t>(u) * top_n]; }
};

PreferenceResult compute_preferences(const View& v, const PreferenceOptions& options, Context& ctx);
// `sample_users`: which users to list in full.
nlohmann::json to_json(const PreferenceResult& r, const View& v, const std::vector<uint32_t>& sample_users);

}  // namespace ss::analytics
