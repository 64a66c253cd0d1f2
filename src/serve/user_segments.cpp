#include "serve/user_segments.h"

#include <algorithm>
#include <cmath>

#include "analytics/churn.h"
#include "analytics/rfm.h"
#include "analytics/view.h"
#include "core/context.h"
#include "core/timeutil.h"

namespace ss::serve {
namespace an = ss::analytics;

void UserSegments::bootstrap(const Dataset& shop, size_t threads) {
  Context ctx(threads, 42, true);
  const an::View v = an::View::build(shop, {}, ctx);
  std::unique_lock lk(mu_);
  users_.assign(shop.num_users(), User{});
  monetary_from_price_ = v.events().has_price();
  if (v.events().size() == 0) return;
  // Scores now, from the whole log.
  const an::RfmResult now = an::compute_rfm(v, {}, ctx);
  for (size_t i = 0; i < now.users.size(); ++i) {
    User& u = users_[now.users[i]];
    u.last_purchase_ms = now.as_of_ms - static_cast<int64_t>(now.recency_days[i] * kMsPerDay);
    u.orders = static_cast<float>(now.frequency[i]);
    u.spend = now.monetary[i];
    u.r = now.r[i], u.f = now.f[i], u.m = now.m[i];
    last_purchase_.push_back(static_cast<double>(u.last_purchase_ms));
  }
  orders_ = now.frequency;
  spend_ = now.monetary;
  std::sort(last_purchase_.begin(), last_purchase_.end());
  std::sort(orders_.begin(), orders_.end());
  std::sort(spend_.begin(), spend_.end());
  for (uint32_t u = 0; u < v.num_users(); ++u) {
    if (v.begin(u) == v.end(u)) continue;
    users_[u].last_ms = v.events().ts_ms[v.end(u) - 1];
    for (uint64_t i = v.end(u); i-- > v.begin(u);)
      if (v.session_start(i)) {
        users_[u].session_begin_ms = v.events().ts_ms[i];
        break;
      }
  }
  // Churn per segment as a backtest: segments as of `horizon` before the end, churned =
  // no activity after that.
  an::RfmOptions past;
  past.as_of_ms = v.max_ts + 1 - static_cast<int64_t>(kHorizonDays * kMsPerDay);
  const an::RfmResult then = an::compute_rfm(v, past, ctx);
  an::ChurnOptions co;
  co.horizon_days = kHorizonDays;
  co.user_group = then.segment_by_user(v.num_users());
  for (uint32_t& g : co.user_group)
    if (g == kNone) g = an::kNumSegments;
  for (const char* n : an::kSegmentNames) co.group_names.push_back(n);
  co.group_names.push_back("no purchase");
  const an::ChurnResult churn = an::compute_churn(v, co, ctx);
  for (size_t g = 0; g < churn.by_group.size() && g < churn_rate_.size(); ++g) {
    churn_rate_[g] = churn.by_group[g].rate();
    churn_judged_[g] = churn.by_group[g].users;
  }
}

void UserSegments::add_event(uint32_t user, int64_t ts, Behavior type, float amount) {
  if (user >= users_.size()) users_.resize(static_cast<size_t>(user) + 1);
  User& u = users_[user];
  if (u.last_ms == kNoTime || ts - u.last_ms > an::kDefaultSessionGapMs) u.session_begin_ms = ts;
  u.last_ms = std::max(u.last_ms, ts);
  if (type != Behavior::kPurchase) return;
  // A new order: the first purchase of a session (as analytics::compute_rfm counts them).
  if (u.last_purchase_ms == kNoTime || u.last_purchase_ms < u.session_begin_ms) u.orders += 1;
  u.last_purchase_ms = std::max(u.last_purchase_ms, ts);
  u.spend += amount;
  u.changed = true;
}

// 1..5 by the value's rank among the start-up values (ties: the middle of their run).
int UserSegments::score(const std::vector<double>& sorted, double value) const {
  if (sorted.empty()) return 3;
  const auto lo = std::lower_bound(sorted.begin(), sorted.end(), value) - sorted.begin();
  const auto hi = std::upper_bound(sorted.begin(), sorted.end(), value) - sorted.begin();
  const size_t rank = static_cast<size_t>(std::min<long>((lo + hi) / 2, static_cast<long>(sorted.size()) - 1));
  return static_cast<int>(1 + rank * 5 / sorted.size());
}

Json UserSegments::describe(uint32_t user, int64_t now_ms) const {
  std::shared_lock lk(mu_);
  const User u = user < users_.size() ? users_[user] : User{};
  Json out;
  constexpr size_t kNoPurchase = an::kNumSegments;
  size_t group = kNoPurchase;
  if (u.last_purchase_ms != kNoTime) {
    int r = u.r, f = u.f, m = u.m;
    if (u.changed || r == 0) {
      r = score(last_purchase_, static_cast<double>(u.last_purchase_ms));
      f = score(orders_, u.orders);
      m = score(spend_, u.spend);
    }
    group = static_cast<size_t>(an::segment_of(r, f));
    out["rfm"] = {{"segment", an::kSegmentNames[group]}, {"r", r}, {"f", f}, {"m", m},
                  {"orders", u.orders}, {"spend", u.spend}, {"monetary", monetary_from_price_ ? "price*quantity" : "purchase count"},
                  {"days_since_purchase", static_cast<double>(now_ms - u.last_purchase_ms) / kMsPerDay}};
  } else {
    out["rfm"] = {{"segment", nullptr}, {"orders", 0}};
  }
  const double inactive = u.last_ms == kNoTime ? 0.0 : static_cast<double>(now_ms - u.last_ms) / kMsPerDay;
  const std::string name = group < kNoPurchase ? an::kSegmentNames[group] : "no purchase";
  out["churn"] = {{"risk", churn_rate_[group]},
                  {"basis", "share of the " + std::to_string(churn_judged_[group]) + " users in segment '" + name + "' " +
                                std::to_string(static_cast<int>(kHorizonDays)) + " days before the end of the log who had no activity since"},
                  {"days_inactive", inactive},
                  {"churned", inactive > kHorizonDays}};
  return out;
}

}  // namespace ss::serve
