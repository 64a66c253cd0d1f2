// Bots and abnormal users. Per-user features come from one pass over each user's events
// in time order; users are flagged by rate rules (too many events in a minute, a huge
// number of views with no cart, favourite or purchase, inhumanly short gaps between
// events) and by robust outlier scores (median/MAD z-scores of the features over all
// users). Every flagged user carries the reasons, in words, and their events are marked
// Reason::kBot.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/context.h"
#include "prep/removal.h"
#include "prep/user_index.h"

namespace ss::prep {

struct BotOptions {
  double max_events_per_minute = 30;  // peak count in any 60 s window
  uint64_t view_only_min_views = 300; // this many views and no cart/favourite/purchase
  double min_median_gap_ms = 1500;    // median gap below this ...
  uint64_t min_events_for_gap = 50;   // ... among users with at least this many events
  double outlier_z = 6;               // robust z-score above which a feature is abnormal; 0 = off
  uint64_t min_events_for_outlier = 50;
};

struct UserFeatures {
  uint64_t events = 0, views = 0, engaged = 0;  // engaged: cart, favourite or purchase
  double peak_per_minute = 0;
  double median_gap_ms = 0;
  double distinct_item_share = 0;               // distinct items / item events
};

struct FlaggedUser {
  uint32_t user = kNone;
  std::vector<std::string> reasons;
  UserFeatures features;
  double max_z = 0;
};

struct BotReport {
  std::vector<FlaggedUser> flagged;  // by user id
  uint64_t events_removed = 0;
};

// Features of one user's rows (in time order), skipping rows the mask already removed.
UserFeatures user_features(const EventTable& events, std::span<const uint32_t> rows, const RemovalMask& mask);

BotReport detect_bots(const EventTable& events, const UserIndex& index, const BotOptions& options,
                      RemovalMask& mask, Context& ctx);

}  // namespace ss::prep
