// In-session models ready for production: `session` (P(purchase in this session | the path
// so far)) and `cart` (will this cart be bought, and which items complete it). Trained on
// every session before the training time, saved in one file (the cart model carries its
// frequently-bought-together model from src/models inside), and used to score the sessions
// still open at the scoring time.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/context.h"
#include "models/recommender.h"
#include "predict/estimator.h"

namespace ss::predict {

struct SessionModel {
  bool cart = false;  // cart completion (else in-session purchase)
  std::string model_spec;
  std::unique_ptr<Estimator> estimator;
  std::unique_ptr<Recommender> fbt;  // cart only: what completes a cart
};

// `events` are the training events (everything before the training time).
SessionModel train_session_model(const Dataset& shop, const EventTable& events, bool cart, const std::string& model_spec,
                                 const std::string& fbt_spec, Context& ctx);
void save_session_model(const SessionModel& m, const std::string& path);
SessionModel load_session_model(const std::string& path);

struct Completion {
  uint32_t item;
  float score;  // fbt: summed over the cart's items, the share of their baskets that also held this item
  std::string reason;
};

struct ScoredSession {
  uint32_t user;
  int64_t last_ms;
  float probability;               // of a purchase in this session (cart: of buying the cart)
  std::vector<uint32_t> cart;      // carted so far
  std::vector<Completion> complete_with;  // cart model only, best first
};

// The sessions open at `now_ms` (last event within `open_within_ms`, no purchase yet),
// most likely to buy first; `top` = 0 keeps all; `k` completions per cart.
std::vector<ScoredSession> score_sessions(const EventTable& events, const SessionModel& m,
                                          int64_t now_ms, int64_t open_within_ms, size_t top, size_t k);

}  // namespace ss::predict
