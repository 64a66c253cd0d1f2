// Each user's RFM segment and churn risk for the profile endpoint, from src/analytics.
// At start: the RFM scores of every purchaser (analytics::compute_rfm over the whole log),
// and a churn rate per segment measured as a backtest: users segmented as of `horizon`
// days before the end of the log, churned = no activity in those last `horizon` days
// (analytics::compute_churn). Afterwards every committed event updates that user's
// activity, orders and spend, and a user who bought since the start is re-scored against
// the start-up distributions (binary searches), so the profile follows new orders at once.
#pragma once
#include <array>
#include <cmath>
#include <cstdint>
#include <shared_mutex>
#include <vector>

#include "core/catalogue.h"
#include "core/events.h"
#include "serve/http_error.h"

namespace ss::serve {

class UserSegments {
 public:
  static constexpr double kHorizonDays = 14;

  void bootstrap(const Dataset& shop, size_t threads);
  // A committed batch; `price(item)` the catalogue price (NaN when unknown).
  template <typename Price>
  void apply(const EventTable& events, Price&& price);
  // {"segment", "r", "f", "m", "orders", "spend", "days_since_purchase"} (segment null for
  // users without purchases) and {"churn": {"risk", "basis", "days_inactive", "churned"}}.
  Json describe(uint32_t user, int64_t now_ms) const;

 private:
  struct User {
    int64_t last_ms = kNoTime, session_begin_ms = kNoTime, last_purchase_ms = kNoTime;
    float orders = 0;
    double spend = 0;
    uint8_t r = 0, f = 0, m = 0;  // start-up scores (0: none)
    bool changed = false;         // bought since start: scored live
  };
  void add_event(uint32_t user, int64_t ts, Behavior type, float amount);
  int score(const std::vector<double>& sorted, double value) const;

  mutable std::shared_mutex mu_;
  std::vector<User> users_;
  // Start-up distributions (ascending) the live scores rank against.
  std::vector<double> last_purchase_, orders_, spend_;
  std::array<double, 11> churn_rate_{};  // per segment; [10] = users without a purchase
  std::array<uint64_t, 11> churn_judged_{};
  bool monetary_from_price_ = false;
};

template <typename Price>
void UserSegments::apply(const EventTable& e, Price&& price) {
  std::unique_lock lk(mu_);
  for (size_t i = 0; i < e.size(); ++i) {
    float amount = 1.0f;
    if (monetary_from_price_ && e.type[i] == Behavior::kPurchase) {
      const float p = e.has_price() && !std::isnan(e.price[i]) ? e.price[i] : price(e.item[i]);
      const float q = e.has_quantity() && !std::isnan(e.quantity[i]) ? e.quantity[i] : 1.0f;
      amount = std::isnan(p) ? 0.0f : p * q;
    }
    add_event(e.user[i], e.ts_ms[i], e.type[i], amount);
  }
}

}  // namespace ss::serve
