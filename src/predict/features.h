// Point-in-time user features: everything is computed from events strictly before the
// cutoff, so a model trained on them never sees the future it predicts (a test checks this
// by adding future events and comparing).
#pragma once
#include <cstdint>
#include <vector>

#include "core/context.h"
#include "core/events.h"
#include "predict/estimator.h"
#include "prep/user_index.h"

namespace ss::predict {

// Each user's event rows in time order: prep's shared index, padded with empty groups up to
// `num_users` so every user id of the dictionary can be looked up.
using UserIndex = prep::UserIndex;
UserIndex index_by_user(const EventTable& events, size_t num_users, Context& ctx);

struct FeatureContext {
  const EventTable& events;
  const UserIndex& index;
  const std::vector<uint32_t>& item_category;  // by item id; kNone when unknown
  const std::vector<uint32_t>& item_brand;
  uint32_t target_category = kNone;  // adds affinity features for a campaign's category
  uint32_t target_brand = kNone;
};

// One row per user in `users`, features as of `cutoff_ms`. Missing values are NaN.
Matrix user_features(const FeatureContext& fc, const std::vector<uint32_t>& users, int64_t cutoff_ms);

// Users with at least one event (of `activity`, or any when activity is empty) in
// [from_ms, to_ms).
std::vector<uint32_t> active_users(const FeatureContext& fc, int64_t from_ms, int64_t to_ms,
                                   const std::vector<Behavior>& activity = {});

// Whether each user has an event of one of `types` (any type when empty) in [from, to),
// optionally only on items of `category`.
std::vector<float> has_event_in(const FeatureContext& fc, const std::vector<uint32_t>& users, int64_t from_ms,
                                int64_t to_ms, const std::vector<Behavior>& types, uint32_t category = kNone);

}  // namespace ss::predict
