// Retention cohorts and RFM against independent recomputation.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "analytics/cohorts.h"
#include "analytics/rfm.h"
#include "core/timeutil.h"
#include "test_data.h"

namespace ss::analytics {
namespace {
using testing::Hand;

TEST(Cohorts, PeriodsAndLabels) {
  const int64_t mon = *parse_datetime_ms("2024-01-01");  // a Monday
  EXPECT_EQ(period_of(mon, Period::kWeek), period_of(mon + 6 * kMsPerDay + 1, Period::kWeek));
  EXPECT_EQ(period_of(mon, Period::kWeek) + 1, period_of(mon + 7 * kMsPerDay, Period::kWeek));
  EXPECT_EQ(period_label(period_of(mon + 3 * kMsPerDay, Period::kWeek), Period::kWeek), "2024-01-01");
  EXPECT_EQ(period_label(period_of(*parse_datetime_ms("2011-12-09"), Period::kMonth), Period::kMonth), "2011-12");
}

TEST(Cohorts, MatchIndependentSetsOnGeneratedShop) {
  const auto& s = testing::shop();
  const EventTable& e = s.data.events;
  Context ctx(2);
  const View v = View::build(s.data, {}, ctx);
  for (bool purchases : {false, true}) {
    CohortOptions o;
    o.period = Period::kWeek;
    o.cohort_by_first_purchase = purchases;
    o.purchases_only = purchases;
    const CohortResult r = compute_cohorts(v, o, ctx);
    std::map<uint32_t, std::set<int64_t>> weeks;  // user -> active weeks (purchases only if asked)
    for (size_t i = 0; i < e.size(); ++i)
      if (!purchases || e.type[i] == Behavior::kPurchase) weeks[e.user[i]].insert(period_of(e.ts_ms[i], Period::kWeek));
    std::map<std::pair<int64_t, int64_t>, uint64_t> expect;  // (cohort, offset) -> users
    for (const auto& [u, ws] : weeks)
      for (int64_t w : ws) expect[{*ws.begin(), w - *ws.begin()}]++;
    uint64_t checked = 0;
    for (size_t c = 0; c < r.active.size(); ++c)
      for (size_t k = 0; k < r.active[c].size(); ++k) {
        const auto it = expect.find({r.first_period + static_cast<int64_t>(c), static_cast<int64_t>(k)});
        EXPECT_EQ(r.active[c][k], it == expect.end() ? 0u : it->second) << c << "," << k;
        checked += r.active[c][k];
      }
    uint64_t total = 0;
    for (const auto& [key, n] : expect) total += n;
    EXPECT_EQ(checked, total);
    EXPECT_GT(r.sizes[0], 100u);
  }
}

TEST(Cohorts, PurchaseRetentionCountsOnlyPurchasesAfterTheCohortPeriod) {
  Hand h(2, {0});
  h.add(0, 0, Behavior::kView, 0).add(0, 0, Behavior::kView, 8 * 24 * 60).add(0, 0, Behavior::kPurchase, 15 * 24 * 60);
  h.add(1, 0, Behavior::kView, 60);
  Context ctx(1);
  const View v = View::build(h.data, {}, ctx);
  CohortOptions o;
  o.purchases_only = true;
  const CohortResult r = compute_cohorts(v, o, ctx);
  ASSERT_EQ(r.active.size(), 3u);
  EXPECT_EQ(r.active[0], (std::vector<uint64_t>{2, 0, 1}));
  o.purchases_only = false;
  EXPECT_EQ(compute_cohorts(v, o, ctx).active[0], (std::vector<uint64_t>{2, 1, 1}));
}

TEST(Rfm, HandMadeScoresAndSegments) {
  // 10 buyers: user k buys k+1 orders (one session each), the last one k days before the end.
  Hand h(11, {0});
  for (uint32_t u = 0; u < 10; ++u)
    for (uint32_t o = 0; o <= u; ++o)
      h.add(u, 0, Behavior::kPurchase, (30 - u - o) * 24 * 60, u * 100 + o, 10.f, 2.f);
  h.add(10, 0, Behavior::kView, 30 * 24 * 60);  // the last event; a viewer, not a customer
  Context ctx(2);
  const View v = View::build(h.data, {}, ctx);
  const RfmResult r = compute_rfm(v, {}, ctx);
  ASSERT_EQ(r.users.size(), 10u);
  for (uint32_t u = 0; u < 10; ++u) {
    EXPECT_NEAR(r.recency_days[u], u, 1e-6);
    EXPECT_EQ(r.frequency[u], u + 1.0);
    EXPECT_FLOAT_EQ(r.monetary[u], 20.f * (u + 1));
    // Ranks: recency best for u=0, frequency best for u=9; 2 users per score.
    EXPECT_EQ(r.r[u], 5 - u / 2);
    EXPECT_EQ(r.f[u], 1 + u / 2);
  }
  EXPECT_EQ(r.segment[0], Segment::kNew);           // R5 F1
  EXPECT_EQ(r.segment[4], Segment::kNeedAttention);  // R3 F3
  EXPECT_EQ(r.segment[9], Segment::kCannotLose);     // R1 F5
  EXPECT_EQ(r.segment_users[static_cast<int>(Segment::kHibernating)], 0u);
  EXPECT_EQ(segment_of(5, 5), Segment::kChampions);
  EXPECT_EQ(segment_of(1, 1), Segment::kHibernating);
}

TEST(Rfm, GeneratedShopMonetaryAndOrdersMatchIndependentSums) {
  const auto& s = testing::shop();
  const EventTable& e = s.data.events;
  Context ctx(2);
  const View v = View::build(s.data, {}, ctx);
  const RfmResult r = compute_rfm(v, {}, ctx);
  std::map<uint32_t, double> money;
  std::map<uint32_t, std::set<uint32_t>> orders;
  for (size_t i = 0; i < e.size(); ++i) {
    if (e.type[i] != Behavior::kPurchase) continue;
    money[e.user[i]] += static_cast<double>(e.price[i]) * e.quantity[i];
    orders[e.user[i]].insert(e.session[i]);
  }
  ASSERT_EQ(r.users.size(), money.size());
  size_t order_mismatch = 0;
  for (size_t k = 0; k < r.users.size(); ++k) {
    EXPECT_NEAR(r.monetary[k], money[r.users[k]], 1e-6 * money[r.users[k]]);
    order_mismatch += r.frequency[k] != static_cast<double>(orders[r.users[k]].size());
  }
  // Sessions that interleave in time split into more runs; it must stay rare.
  EXPECT_LE(order_mismatch, r.users.size() / 100);
  uint64_t total = 0;
  for (auto n : r.segment_users) total += n;
  EXPECT_EQ(total, r.users.size());
  // 5 equal R bins.
  std::array<int, 6> bins{};
  for (uint8_t x : r.r) bins[x]++;
  for (int b = 1; b <= 5; ++b) EXPECT_NEAR(bins[b], r.users.size() / 5.0, 1.0);
}

}  // namespace
}  // namespace ss::analytics
