// Train / validation / test splits of a behaviour log, deterministic for a seed.
//
// Every split returns row numbers into the input table (ascending, so each part keeps the
// table's row order); `materialise()` turns them into tables. A row is in at most one part;
// rows in none of them are counted in `dropped` (see each protocol for when that happens).
// Per-user protocols order a user's events by (timestamp, row number), so ties break by
// position in the table. Randomness comes from ss::Rng seeded with (seed, user id), so
// results do not depend on the thread count.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/context.h"
#include "core/events.h"

namespace ss::prep {

struct SplitIndices {
  std::vector<uint32_t> train, validation, test;
  uint64_t dropped = 0;
};

struct Split {
  EventTable train, validation, test;
};

Split materialise(const EventTable& events, const SplitIndices& split);

// A set of behaviour types, e.g. purchases only. Default: every type.
struct BehaviorSet {
  uint32_t bits = (1u << kNumBehaviors) - 1;
  static BehaviorSet all() { return {}; }
  static BehaviorSet only(std::initializer_list<Behavior> types);
  // "all" or a comma list of names/aliases ("purchase,cart"); throws ss::Error on unknown names.
  static BehaviorSet parse(const std::string& text);
  bool contains(Behavior b) const { return bits >> static_cast<int>(b) & 1u; }
};

// Leave-last-out per user (S3-Rec / SASRec style). For each eligible user, among the
// events whose type is in `targets`: the last one is test and (with `validation`) the
// second last is validation. Train holds the user's other events strictly before the
// earliest held-out event. Events after it that are not held out (non-target events
// between or after the targets, possible only when targets is not every type) are dropped,
// so nothing from the held-out period leaks into train.
// A user is eligible when they have >= min_interactions events (all types), enough target
// events (2 with validation, else 1), and at least one event before the first held-out
// one; otherwise all their events stay in train.
struct LeaveLastOutOptions {
  BehaviorSet targets;
  bool validation = true;
  size_t min_interactions = 3;
};
SplitIndices leave_last_out(const EventTable& events, const LeaveLastOutOptions& options, Context& ctx);

// Global temporal cut at `cut_ms`: test = [cut_ms, test_end_ms), validation =
// [cut_ms - validation_ms, cut_ms) when validation_ms > 0, train = everything earlier.
// Rows at or after test_end_ms are dropped. With drop_cold_users / drop_cold_items,
// validation and test rows whose user / item never appears in train are dropped too.
struct TemporalOptions {
  int64_t cut_ms = 0;
  int64_t validation_ms = 0;
  int64_t test_end_ms = INT64_MAX;
  bool drop_cold_users = false;
  bool drop_cold_items = false;
};
SplitIndices temporal_split(const EventTable& events, const TemporalOptions& options);
// The timestamp t such that the fraction q (0..1) of events have ts < t (a cut that puts
// about 1-q of the events in test).
int64_t time_quantile(const EventTable& events, double q);

// Random per-user holdout: of each user with >= min_interactions events, round(n *
// test_fraction) events go to test and round(n * validation_fraction) to validation, drawn
// at random (seeded per user); at least one event always stays in train. With `latest`, the
// held-out events are the user's most recent ones instead (test the very latest, validation
// just before) and train is only what precedes them. Users with fewer events stay in train.
struct HoldoutOptions {
  double test_fraction = 0.2;
  double validation_fraction = 0.0;
  size_t min_interactions = 2;
  bool latest = false;
  uint64_t seed = 42;
};
SplitIndices holdout_split(const EventTable& events, const HoldoutOptions& options, Context& ctx);

// K folds by user: the users present are shuffled with `seed` and dealt round-robin into
// `folds` folds; fold_of[u] is user u's fold (-1 for users without events). Fold k's split
// has all events of fold-k users in test and everyone else's in train (no validation).
std::vector<int> user_folds(const EventTable& events, int folds, uint64_t seed);
SplitIndices user_fold_split(const EventTable& events, const std::vector<int>& fold_of, int fold);

// Time-aware (rolling-origin) folds for prediction tasks. The time span is cut into
// folds+1 consecutive blocks, of equal event counts (equal_counts) or equal duration. Fold
// k (0-based) trains on blocks [max(0, k+1-max_train_blocks), k] (all earlier blocks when
// max_train_blocks == 0, an expanding window) and tests on block k+1, leaving out the
// first gap_ms of the test block (an embargo against leakage across the boundary).
struct TimeFoldOptions {
  int folds = 5;
  bool equal_counts = true;
  int max_train_blocks = 0;
  int64_t gap_ms = 0;
};
struct TimeFold {
  int64_t train_from, train_to;  // [train_from, train_to)
  int64_t test_from, test_to;    // [test_from, test_to); last fold's test_to is INT64_MAX
};
std::vector<TimeFold> time_folds(const EventTable& events, const TimeFoldOptions& options);
SplitIndices time_fold_split(const EventTable& events, const TimeFold& fold);

}  // namespace ss::prep
