#include "predict/session_task.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_set>

#include "core/error.h"
#include "core/timeutil.h"

namespace ss::predict {

std::vector<uint32_t> session_of_events(const EventTable& e, const std::vector<uint32_t>& order, int64_t gap_ms) {
  std::vector<uint32_t> sess(e.size(), kNone);
  uint32_t next = 0;
  for (size_t k = 0; k < order.size(); ++k) {
    const uint32_t i = order[k];
    const bool new_user = k == 0 || e.user[order[k - 1]] != e.user[i];
    bool new_session;
    if (e.has_session()) new_session = new_user || e.session[order[k - 1]] != e.session[i];
    else new_session = new_user || e.ts_ms[i] - e.ts_ms[order[k - 1]] > gap_ms;
    sess[i] = new_session ? next++ : sess[order[k - 1]];
  }
  return sess;
}

namespace {

const std::vector<std::string> kNames = {
    "events_so_far", "views", "carts", "favorites", "removes", "searches", "distinct_items", "seconds_in_session",
    "seconds_since_last", "last_is_cart", "last_is_view", "last_is_search", "cart_value", "hour",
    "user_prior_purchases", "user_prior_sessions", "user_prior_purchase_sessions"};

}  // namespace

namespace {

struct OpenWindow {
  int64_t now_ms, open_within_ms;
};

// One walk over every session in (user, time) order. Training (open == nullptr): a row per
// prefix before the first purchase (cart_only: the prefix ending at the first add-to-cart).
// Scoring: a row for the full path of each open session.
SessionExamples build_examples(const EventTable& e, bool cart_only, const OpenWindow* open) {
  std::vector<uint32_t> order(e.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return e.user[a] != e.user[b] ? e.user[a] < e.user[b] : e.ts_ms[a] < e.ts_ms[b];
  });
  const auto sess = session_of_events(e, order);
  SessionExamples ex;
  ex.x.names = kNames;
  ex.x.cols = kNames.size();
  ex.x.missing.assign(ex.x.cols, Missing::kZero);  // every feature is a count or a flag of the prefix
  std::unordered_set<uint32_t> items;
  double prior_purchases = 0, prior_sessions = 0, prior_buy_sessions = 0;
  for (size_t k = 0; k < order.size();) {
    size_t end = k;  // [k, end) is one session
    while (end < order.size() && sess[order[end]] == sess[order[k]]) ++end;
    if (k > 0 && e.user[order[k - 1]] != e.user[order[k]]) prior_purchases = prior_sessions = prior_buy_sessions = 0;
    bool has_purchase = false;
    for (size_t j = k; j < end; ++j) has_purchase |= e.type[order[j]] == Behavior::kPurchase;
    size_t stop = end;  // scoring: only events before now, and only sessions still open then
    if (open) {
      while (stop > k && e.ts_ms[order[stop - 1]] >= open->now_ms) --stop;
      bool bought = false;
      for (size_t j = k; j < stop; ++j) bought |= e.type[order[j]] == Behavior::kPurchase;
      if (stop == k || bought || e.ts_ms[order[stop - 1]] < open->now_ms - open->open_within_ms) stop = k;
    }
    std::vector<uint32_t> carted;
    double c[kNumBehaviors] = {}, cart_value = 0;
    items.clear();
    const int64_t start = e.ts_ms[order[k]];
    bool emitted_cart = false;
    for (size_t j = k; j < (open ? stop : end); ++j) {
      const uint32_t i = order[j];
      if (e.type[i] == Behavior::kPurchase) break;  // the prefix ends at the first purchase
      if (open && e.type[i] == Behavior::kAddToCart && e.item[i] != kNone) carted.push_back(e.item[i]);
      c[static_cast<int>(e.type[i])] += 1;
      if (e.item[i] != kNone) items.insert(e.item[i]);
      if (e.type[i] == Behavior::kAddToCart && e.has_price() && !std::isnan(e.price[i])) cart_value += e.price[i];
      const bool is_cart = e.type[i] == Behavior::kAddToCart;
      if (open) {
        if (j + 1 != stop || (cart_only && carted.empty())) continue;  // the whole path so far, once
      } else {
        if (cart_only && (!is_cart || emitted_cart)) continue;
        emitted_cart |= is_cart;
      }
      const float row[] = {static_cast<float>(j - k + 1), static_cast<float>(c[0]), static_cast<float>(c[3]),
                           static_cast<float>(c[5]), static_cast<float>(c[4]), static_cast<float>(c[2]),
                           static_cast<float>(items.size()), static_cast<float>((e.ts_ms[i] - start) / 1000.0),
                           j > k ? static_cast<float>((e.ts_ms[i] - e.ts_ms[order[j - 1]]) / 1000.0) : 0.f,
                           static_cast<float>(is_cart), static_cast<float>(e.type[i] == Behavior::kView),
                           static_cast<float>(e.type[i] == Behavior::kSearch), static_cast<float>(cart_value),
                           static_cast<float>(hour_of(e.ts_ms[i])), static_cast<float>(prior_purchases),
                           static_cast<float>(prior_sessions), static_cast<float>(prior_buy_sessions)};
      ex.x.data.insert(ex.x.data.end(), std::begin(row), std::end(row));
      ex.x.rows++;
      ex.y.push_back(has_purchase ? 1.f : 0.f);
      ex.session_start_ms.push_back(start);
      ex.last_action.push_back(static_cast<uint32_t>(e.type[i]));
      ex.user.push_back(e.user[i]);
      ex.last_ms.push_back(e.ts_ms[i]);
      if (open) {
        ex.y.back() = 0.f;  // unknown: the session is still open
        std::sort(carted.begin(), carted.end());
        carted.erase(std::unique(carted.begin(), carted.end()), carted.end());
        ex.cart.push_back(carted);
      }
    }
    for (size_t j = k; j < end; ++j) prior_purchases += e.type[order[j]] == Behavior::kPurchase;
    prior_sessions += 1;
    prior_buy_sessions += has_purchase;
    k = end;
  }
  return ex;
}

}  // namespace

SessionExamples session_examples(const EventTable& e, bool cart_only) { return build_examples(e, cart_only, nullptr); }

SessionExamples open_sessions(const EventTable& e, bool cart_only, int64_t now_ms, int64_t open_within_ms) {
  const OpenWindow w{now_ms, open_within_ms};
  return build_examples(e, cart_only, &w);
}

SessionReport evaluate_session_task(const SessionExamples& ex, const std::string& model_spec, int folds, Context& ctx) {
  if (ex.x.rows == 0) throw Error("no sessions to learn from");
  std::vector<int64_t> starts = ex.session_start_ms;
  std::sort(starts.begin(), starts.end());
  SessionReport report;
  report.examples = ex.x.rows;
  std::vector<float> all_p, all_y, all_base;
  for (int k = 1; k <= folds; ++k) {
    const int64_t lo = starts[starts.size() * k / (folds + 1)];
    const int64_t hi = k == folds ? std::numeric_limits<int64_t>::max() : starts[starts.size() * (k + 1) / (folds + 1)];
    std::vector<size_t> train, test;
    for (size_t i = 0; i < ex.x.rows; ++i) {
      if (ex.session_start_ms[i] < lo) train.push_back(i);
      else if (ex.session_start_ms[i] < hi) test.push_back(i);
    }
    if (train.empty() || test.empty()) continue;
    std::vector<float> ytr;
    for (size_t i : train) ytr.push_back(ex.y[i]);
    auto model = make_estimator(model_spec, Objective::kBinary);
    model->fit(ex.x.select_rows(train), ytr, {}, ctx);
    const auto p = model->predict(ex.x.select_rows(test));
    // The first-order Markov baseline: purchase rate by last action, from training only.
    double num[kNumBehaviors] = {}, den[kNumBehaviors] = {};
    for (size_t i : train) num[ex.last_action[i]] += ex.y[i], den[ex.last_action[i]] += 1;
    for (size_t t = 0; t < test.size(); ++t) {
      const uint32_t a = ex.last_action[test[t]];
      all_p.push_back(p[t]);
      all_y.push_back(ex.y[test[t]]);
      all_base.push_back(den[a] > 0 ? static_cast<float>(num[a] / den[a]) : 0.f);
    }
    ++report.folds;
  }
  report.model = evaluate_binary(all_p, all_y);
  report.markov_baseline = evaluate_binary(all_base, all_y);
  return report;
}

}  // namespace ss::predict
