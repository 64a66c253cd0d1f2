// The evaluation loop: for each test user, the model sees the user's TRAINING history
// (oldest first), recommends the top k (history excluded), and the list is scored against
// the user's held-out items. Ranking is over ALL items unless sampled negatives are asked
// for, and then every result says "sampled".
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/context.h"
#include "core/events.h"
#include "eval/metrics.h"
#include "models/recommender.h"

namespace ss::eval {

struct EvalOptions {
  std::vector<MetricSpec> metrics = parse_metric_list("hr@10,ndcg@10");
  // 0: rank against every item. N > 0: rank each user's held-out items against N random
  // items the user never touched (a "sampled" protocol; much higher numbers, not comparable).
  size_t sampled_negatives = 0;
  // Users with fewer training events than this are "cold" in the activity breakdown.
  size_t cold_max_events = 5;
  // Bootstrap resamples of the users for the confidence intervals (0: none).
  size_t bootstrap = 500;
  double confidence = 0.95;
  uint64_t seed = 42;
  // Count only held-out items the user has not already had in training (the history items
  // are excluded from the ranking, so repeats can never be hit).
  bool new_items_only = false;
  // Exclude the user's training items from the ranking (the usual protocol). Off for tasks
  // where acting again on an item is the point, e.g. carting an item viewed earlier.
  bool exclude_history = true;
  // Score at most this many test users, a seeded random subset (0: all). For quick tuning.
  size_t max_users = 0;
};

// A metric's mean with its bootstrap interval.
struct MetricValue {
  std::string name;
  double mean = 0, ci_low = 0, ci_high = 0;
  double cold_mean = 0, warm_mean = 0;  // by user activity
  double std_over_folds = 0;            // K-fold only
};

struct EvalResult {
  std::string model;     // the spec, e.g. "ease:lambda=500"
  std::string protocol;  // "leave-last-out", ... plus " (sampled N)" when sampled
  bool sampled = false;
  size_t sampled_negatives = 0;
  size_t users = 0, cold_users = 0, warm_users = 0;
  size_t num_items = 0;
  std::vector<MetricValue> metrics;
  // Beyond accuracy, over the top max-cut-off lists.
  double coverage = 0;        // distinct recommended items / catalogue items
  double novelty = 0;         // mean self-information -log2(share of training users with the item)
  double popularity_pct = 0;  // mean popularity percentile of recommended items (1 = most popular)
  double fit_seconds = 0, eval_seconds = 0;
  size_t folds = 1;
  std::string note;  // e.g. chosen parameters from tuning

  const MetricValue* find(const std::string& metric) const;
};

// Per-user scores before aggregation (the bootstrap and the breakdown read these).
struct UserScores {
  std::vector<uint32_t> users;
  std::vector<uint32_t> train_events;  // per user: number of training events
  std::vector<double> values;          // users x metrics, row-major
  std::vector<uint32_t> top;           // users x k recommended items, kNone-padded
  size_t k = 0;
};

// Scores every user with at least one held-out item in `test`. `train` is what the model
// was fitted on and what each user's history is built from.
UserScores score_users(const Recommender& model, size_t num_items, const EventTable& train,
                       const EventTable& test, const EvalOptions& options, Context& ctx);

// Means, bootstrap intervals, activity breakdown and beyond-accuracy numbers.
EvalResult summarise(const UserScores& scores, const EventTable& train, size_t num_items,
                     const EvalOptions& options);

// score_users + summarise.
EvalResult evaluate(const Recommender& model, size_t num_items, const EventTable& train,
                    const EventTable& test, const EvalOptions& options, Context& ctx);

}  // namespace ss::eval
