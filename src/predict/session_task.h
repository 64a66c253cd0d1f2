// In-session predictions: P(purchase in this session | the path so far), and cart
// completion (will a cart with these items be bought in its session?). Every prefix of a
// session up to (not including) its first purchase is one example; features use only the
// prefix and the user's history before the session. Folds are blocks of session start
// time: fold k trains on sessions that start before block k and tests on block k.
#pragma once
#include <vector>

#include "core/context.h"
#include "core/events.h"
#include "predict/estimator.h"
#include "predict/metrics.h"

namespace ss::predict {

struct SessionExamples {
  Matrix x;
  std::vector<float> y;
  std::vector<int64_t> session_start_ms;  // per example, for time-aware folds
  std::vector<uint32_t> last_action;      // behaviour of the prefix's last event (for the Markov baseline)
  std::vector<uint32_t> user;             // per example
  std::vector<int64_t> last_ms;           // time of the prefix's last event
  std::vector<std::vector<uint32_t>> cart;  // open_sessions only: the items carted so far
};

// Session ids from the events' session column, or by a 30-minute inactivity gap when absent.
std::vector<uint32_t> session_of_events(const EventTable& e, const std::vector<uint32_t>& order_by_user_time,
                                        int64_t gap_ms = 30 * 60000LL);

// cart_only: one example per session, at its first add-to-cart (cart completion).
SessionExamples session_examples(const EventTable& events, bool cart_only);

// For scoring: one row per OPEN session (no purchase yet, last event within `open_within_ms`
// of `now_ms`; events at or after now_ms are ignored) with the whole path so far; cart_only
// keeps the sessions with something in the cart. Labels are unknown (y is all 0).
SessionExamples open_sessions(const EventTable& events, bool cart_only, int64_t now_ms, int64_t open_within_ms);

struct SessionReport {
  int folds = 0;
  BinaryMetrics model;
  BinaryMetrics markov_baseline;  // P(purchase | last action) counted on the training folds
  size_t examples = 0;
};

SessionReport evaluate_session_task(const SessionExamples& ex, const std::string& model_spec, int folds, Context& ctx);

}  // namespace ss::predict
