// Transitions, items, baskets, anomalies, churn, overview: hand-made answers and planted
// truth of the generated shop.
#include <gtest/gtest.h>

#include "analytics/anomalies.h"
#include "analytics/baskets.h"
#include "analytics/churn.h"
#include "analytics/items.h"
#include "analytics/overview.h"
#include "analytics/transitions.h"
#include "test_data.h"

namespace ss::analytics {
namespace {
using testing::Hand;

Hand sessions_table() {
  // Session 1: view view cart purchase. Session 2: view cart. Session 3: view.
  Hand h(2, {0, 1});
  h.add(0, 0, Behavior::kView, 0, 1).add(0, 1, Behavior::kView, 1, 1).add(0, 1, Behavior::kAddToCart, 2, 1);
  h.add(0, 1, Behavior::kPurchase, 3, 1);
  h.add(0, 0, Behavior::kView, 100, 2).add(0, 0, Behavior::kAddToCart, 101, 2);
  h.add(1, 0, Behavior::kView, 5, 3);
  return h;
}

TEST(Transitions, MarkovAndPurchaseGivenPath) {
  Hand h = sessions_table();
  Context ctx(1);
  const View v = View::build(h.data, {}, ctx);
  const TransitionResult r = compute_transitions(v, {}, ctx);
  const int view = 0, cart = 3, purchase = 6;
  EXPECT_EQ(r.sessions, 3u);
  EXPECT_DOUBLE_EQ(r.p_next(kStart, view), 1.0);
  // view -> view, cart, cart, end.
  EXPECT_DOUBLE_EQ(r.p_next(view, cart), 0.5);
  EXPECT_DOUBLE_EQ(r.p_next(view, view), 0.25);
  EXPECT_DOUBLE_EQ(r.p_next(cart, purchase), 0.5);
  EXPECT_DOUBLE_EQ(r.p_next2(view, cart, purchase), 0.5);
  EXPECT_DOUBLE_EQ(r.p_next2(view, view, cart), 1.0);
  ASSERT_TRUE(r.paths.count("view>cart"));
  EXPECT_EQ(r.paths.at("view").first, 3u);
  EXPECT_EQ(r.paths.at("view").second, 1u);
  EXPECT_EQ(r.paths.at("view>cart").first, 2u);
  EXPECT_EQ(r.paths.at("view>cart").second, 1u);
}

TEST(Items, RatesTrendsAndRepurchase) {
  Hand h(2, {0, 0});
  const int64_t day = 24 * 60;
  for (int k = 0; k < 40; ++k) h.add(0, 0, Behavior::kView, k);
  for (int k = 0; k < 10; ++k) h.add(0, 0, Behavior::kAddToCart, 50 + k);
  for (int k = 0; k < 4; ++k) h.add(0, 0, Behavior::kPurchase, 60 + k * 20 * day);
  for (int k = 0; k < 40; ++k) h.add(1, 1, Behavior::kView, 60 * day + k);  // item 1: recent burst
  Context ctx(1);
  const View v = View::build(h.data, {}, ctx);
  ItemOptions o;
  o.min_views = 30;
  const ItemResult r = compute_items(v, o, ctx);
  EXPECT_DOUBLE_EQ(r.items[0].view_to_cart(), 0.25);
  EXPECT_DOUBLE_EQ(r.items[0].cart_to_purchase(), 0.4);
  EXPECT_EQ(r.best.front(), 0u);
  EXPECT_EQ(r.worst.front(), 1u);
  ASSERT_FALSE(r.trending.empty());
  EXPECT_EQ(r.trending.front().item, 1u);
  EXPECT_DOUBLE_EQ(r.trending.front().velocity, 40.0 / 7);
  EXPECT_EQ(r.repurchases[0], 3u);
  EXPECT_NEAR(r.repurchase_median_days[0], 20.0, 1e-9);
}

TEST(Baskets, HandSupportConfidenceLiftAndPlantedComplements) {
  Hand h(4, {0, 0, 0});
  // Baskets {0,1}, {0,1}, {0,2}, {2}.
  h.add(0, 0, Behavior::kPurchase, 0, 1).add(0, 1, Behavior::kPurchase, 1, 1);
  h.add(1, 0, Behavior::kPurchase, 0, 2).add(1, 1, Behavior::kPurchase, 1, 2);
  h.add(2, 0, Behavior::kPurchase, 0, 3).add(2, 2, Behavior::kPurchase, 1, 3);
  h.add(3, 2, Behavior::kPurchase, 0, 4);
  Context ctx(1);
  BasketOptions o;
  o.min_pair_count = 2;
  const BasketResult r = compute_baskets(View::build(h.data, {}, ctx), o, ctx);
  EXPECT_EQ(r.baskets, 4u);
  ASSERT_EQ(r.rules.size(), 2u);  // 0->1 and 1->0; {0,2} occurs once
  const Rule& one_then_zero = r.rules[0].a == 1 ? r.rules[0] : r.rules[1];
  EXPECT_DOUBLE_EQ(one_then_zero.support, 0.5);
  EXPECT_DOUBLE_EQ(one_then_zero.confidence, 1.0);
  EXPECT_DOUBLE_EQ(one_then_zero.lift, 1.0 / 0.75);

  const auto& s = testing::shop();
  const BasketResult g = compute_baskets(View::build(s.data, {}, ctx), {}, ctx);
  size_t top = 0, planted = 0;
  for (const Rule& rule : g.rules) {
    if (++top > 20) break;
    planted += s.truth.complement[rule.a] == rule.b || s.truth.complement[rule.b] == rule.a;
  }
  EXPECT_GE(planted, 16u) << "of the 20 highest-lift rules";
}

TEST(Anomalies, FindPlantedBots) {
  const auto& s = testing::shop();
  Context ctx(2);
  const AnomalyResult r = compute_anomalies(View::build(s.data, {}, ctx), {}, ctx);
  size_t bots = 0, found = 0;
  for (uint32_t u = 0; u < s.truth.users.size(); ++u) {
    bots += s.truth.users[u].bot;
    found += s.truth.users[u].bot && r.user_flagged[u];
  }
  ASSERT_GT(bots, 5u);
  EXPECT_EQ(found, bots);
  EXPECT_LE(r.users.size(), bots + bots / 5);  // few humans flagged
  EXPECT_EQ(r.users.front().reason.rfind("burst", 0), 0u);
}

TEST(Churn, PlantedChurnersAreFound) {
  const auto& s = testing::shop();
  Context ctx(2);
  ChurnOptions o;
  o.horizon_days = 14;
  const ChurnResult r = compute_churn(View::build(s.data, {}, ctx), o, ctx);
  size_t planted = 0, caught = 0, others = 0, false_alarm = 0;
  for (uint32_t u = 0; u < s.truth.users.size(); ++u) {
    if (!r.judged[u] || s.truth.users[u].bot) continue;
    if (s.truth.users[u].churner) planted++, caught += r.churned[u];
    else others++, false_alarm += r.churned[u];
  }
  const double recall = static_cast<double>(caught) / planted;
  const double fp_rate = static_cast<double>(false_alarm) / others;
  std::printf("churn: recall of planted churners %.3f, churn flag on others %.3f\n", recall, fp_rate);
  EXPECT_GT(recall, 0.9);
  EXPECT_LT(fp_rate, 0.5 * recall);
  uint64_t by_cohort = 0;
  for (const auto& c : r.by_cohort) by_cohort += c.users;
  EXPECT_EQ(by_cohort, r.all.users);
}

TEST(Overview, CountsMatchTheLog) {
  const auto& s = testing::shop();
  Context ctx(2);
  const Overview o = compute_overview(View::build(s.data, {}, ctx), ctx);
  const EventTable& e = s.data.events;
  EXPECT_EQ(o.events, e.size());
  uint64_t purchases = 0, wh = 0, daily = 0;
  for (auto b : e.type) purchases += b == Behavior::kPurchase;
  for (const auto& row : o.weekday_hour)
    for (auto n : row) wh += n;
  for (auto n : o.daily_events) daily += n;
  EXPECT_EQ(o.by_type[static_cast<int>(Behavior::kPurchase)], purchases);
  EXPECT_EQ(wh, e.size());
  EXPECT_EQ(daily, e.size());
  EXPECT_EQ(o.daily_events.size(), 60u);
  // Planted daily rhythm: 20:00 busier than 03:00.
  uint64_t evening = 0, night = 0;
  for (int d = 0; d < 7; ++d) evening += o.weekday_hour[d][20], night += o.weekday_hour[d][3];
  EXPECT_GT(evening, 5 * night);
}

TEST(View, FilterKeepsTimeRangeAndCategory) {
  const auto& s = testing::shop();
  Context ctx(2);
  Filter f;
  f.from_ms = s.data.events.ts_ms.front() + 10 * 86400000LL;
  f.to_ms = f.from_ms + 7 * 86400000LL;
  f.category = 3;
  const View v = View::build(s.data, f, ctx);
  const auto cats = s.data.item_categories();
  size_t expect = 0;
  for (size_t i = 0; i < s.data.events.size(); ++i) {
    const auto t = s.data.events.ts_ms[i];
    const auto it = s.data.events.item[i];
    expect += t >= f.from_ms && t < f.to_ms && it < cats.size() && cats[it] == 3;
  }
  EXPECT_EQ(v.events().size(), expect);
  EXPECT_GT(expect, 100u);
  for (uint32_t u = 0; u < v.num_users(); ++u)
    for (uint64_t i = v.begin(u); i < v.end(u); ++i) {
      ASSERT_EQ(v.events().user[i], u);
      if (i > v.begin(u)) {
        ASSERT_LE(v.events().ts_ms[i - 1], v.events().ts_ms[i]);
      }
    }
}

}  // namespace
}  // namespace ss::analytics
