#include "analytics/rfm.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <nlohmann/json.hpp>

#include "core/timeutil.h"

namespace ss::analytics {

Segment segment_of(int r, int f) {
  if (r >= 5 && f >= 4) return Segment::kChampions;
  if (r >= 3 && f >= 4) return Segment::kLoyal;
  if (r >= 4 && f >= 2) return Segment::kPotentialLoyalist;
  if (r == 5 && f == 1) return Segment::kNew;
  if (r == 4 && f == 1) return Segment::kPromising;
  if (r == 3 && f == 3) return Segment::kNeedAttention;
  if (r == 3) return Segment::kAboutToSleep;
  if (f == 5) return Segment::kCannotLose;
  if (f >= 3) return Segment::kAtRisk;
  return Segment::kHibernating;
}

std::vector<uint8_t> quantile_scores(const std::vector<double>& values, int bins) {
  const size_t n = values.size();
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return values[a] < values[b]; });
  std::vector<uint8_t> s(n);
  for (size_t rank = 0; rank < n; ++rank)
    s[order[rank]] = static_cast<uint8_t>(1 + rank * static_cast<size_t>(bins) / n);
  return s;
}

RfmResult compute_rfm(const View& v, const RfmOptions& o, Context& ctx) {
  RfmResult r;
  const EventTable& e = v.events();
  r.as_of_ms = o.as_of_ms != kNoTime ? o.as_of_ms : v.max_ts + 1;
  r.monetary_from_price = e.has_price();
  const size_t U = v.num_users();
  std::vector<int64_t> last(U, kNoTime);
  std::vector<double> freq(U, 0), money(U, 0);
  for_user_chunks(v, ctx, [&](size_t, uint32_t ub, uint32_t ue) {
    for (uint32_t u = ub; u < ue; ++u) {
      int64_t session_begin = 0;
      for (uint64_t i = v.begin(u); i < v.end(u); ++i) {
        if (v.session_start(i)) session_begin = e.ts_ms[i];
        if (e.type[i] != Behavior::kPurchase || e.ts_ms[i] >= r.as_of_ms) continue;
        // A new order: the first purchase of a session.
        const bool new_order = last[u] == kNoTime || last[u] < session_begin;
        if (new_order) freq[u] += 1;
        last[u] = e.ts_ms[i];
        if (r.monetary_from_price) {
          const float p = std::isnan(e.price[i]) ? (e.item[i] < v.num_items() ? v.item_price[e.item[i]] : 0.f) : e.price[i];
          const float q = e.has_quantity() && !std::isnan(e.quantity[i]) ? e.quantity[i] : 1.f;
          if (!std::isnan(p)) money[u] += static_cast<double>(p) * q;
        } else {
          money[u] += 1;
        }
      }
    }
  });
  for (uint32_t u = 0; u < U; ++u) {
    if (last[u] == kNoTime) continue;
    r.users.push_back(u);
    r.recency_days.push_back(static_cast<double>(r.as_of_ms - last[u]) / kMsPerDay);
    r.frequency.push_back(freq[u]);
    r.monetary.push_back(money[u]);
  }
  // Recency: more recent is better, so score the negated value.
  std::vector<double> neg(r.recency_days.size());
  for (size_t i = 0; i < neg.size(); ++i) neg[i] = -r.recency_days[i];
  r.r = quantile_scores(neg, o.bins);
  r.f = quantile_scores(r.frequency, o.bins);
  r.m = quantile_scores(r.monetary, o.bins);
  r.segment.resize(r.users.size());
  for (size_t i = 0; i < r.users.size(); ++i) {
    r.segment[i] = segment_of(r.r[i], r.f[i]);
    r.segment_users[static_cast<int>(r.segment[i])]++;
    r.segment_value[static_cast<int>(r.segment[i])] += r.monetary[i];
  }
  return r;
}

std::vector<uint32_t> RfmResult::segment_by_user(size_t num_users) const {
  std::vector<uint32_t> s(num_users, kNone);
  for (size_t i = 0; i < users.size(); ++i) s[users[i]] = static_cast<uint32_t>(segment[i]);
  return s;
}

nlohmann::json to_json(const RfmResult& r, size_t max_users) {
  nlohmann::json j;
  j["as_of"] = format_datetime_ms(r.as_of_ms);
  j["monetary"] = r.monetary_from_price ? "price*quantity" : "purchase count";
  j["customers"] = r.users.size();
  nlohmann::json segs = nlohmann::json::array();
  double total = 0;
  for (double x : r.segment_value) total += x;
  for (int s = 0; s < kNumSegments; ++s) {
    const double n = static_cast<double>(r.segment_users[s]);
    segs.push_back({{"segment", kSegmentNames[s]}, {"users", r.segment_users[s]},
                    {"share", r.users.empty() ? 0.0 : n / static_cast<double>(r.users.size())},
                    {"value", r.segment_value[s]}, {"value_share", total > 0 ? r.segment_value[s] / total : 0.0},
                    {"value_per_user", n > 0 ? r.segment_value[s] / n : 0.0}});
  }
  j["segments"] = segs;
  nlohmann::json users = nlohmann::json::array();
  for (size_t i = 0; i < std::min(max_users, r.users.size()); ++i)
    users.push_back({{"user", r.users[i]}, {"recency_days", r.recency_days[i]}, {"frequency", r.frequency[i]},
                     {"monetary", r.monetary[i]}, {"r", r.r[i]}, {"f", r.f[i]}, {"m", r.m[i]},
                     {"segment", kSegmentNames[static_cast<int>(r.segment[i])]}});
  j["users"] = users;
  return j;
}

}  // namespace ss::analytics
