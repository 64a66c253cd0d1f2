#include <gtest/gtest.h>

#include "prep/clean.h"
#include "synth/generator.h"
#include "test_util.h"

namespace ss::prep {
namespace {
using testing::add;

TEST(Bots, RulesOnHandMadeUsers) {
  EventTable t;
  // user 0: a person, a few views a minute apart and a purchase.
  for (int i = 0; i < 10; ++i) add(t, 0, static_cast<uint32_t>(i), 60000LL * i);
  add(t, 0, 3, 700000, Behavior::kPurchase);
  // user 1: 400 views, one every 800 ms, never buys.
  for (int i = 0; i < 400; ++i) add(t, 1, static_cast<uint32_t>(i % 50), 1000000 + 800LL * i);
  // user 2: a burst of 35 views in half a minute, then carts: only the rate rule fires (too
  // few events for the gap rule).
  for (int i = 0; i < 35; ++i) add(t, 2, static_cast<uint32_t>(i), 5000000 + 900LL * i);
  for (int i = 0; i < 10; ++i) add(t, 2, 1, 9000000 + 600000LL * i, Behavior::kAddToCart);
  Context ctx(2);
  const UserIndex idx = build_user_index(t, ctx);
  RemovalMask mask(t.size());
  BotOptions o;
  o.outlier_z = 0;  // rules only
  const BotReport rep = detect_bots(t, idx, o, mask, ctx);
  ASSERT_EQ(rep.flagged.size(), 2u);
  EXPECT_EQ(rep.flagged[0].user, 1u);
  EXPECT_EQ(rep.flagged[0].reasons.size(), 3u);  // rate, views without buying, short gaps
  EXPECT_NE(rep.flagged[0].reasons[1].find("400 views without any cart"), std::string::npos);
  EXPECT_EQ(rep.flagged[1].user, 2u);
  ASSERT_EQ(rep.flagged[1].reasons.size(), 1u);
  EXPECT_NE(rep.flagged[1].reasons[0].find("rate: 35 events within one minute"), std::string::npos);
  EXPECT_EQ(rep.events_removed, 445u);
  EXPECT_TRUE(mask.kept(0));
  EXPECT_EQ(mask.reason[11], Reason::kBot);
  const UserFeatures f = rep.flagged[0].features;
  EXPECT_EQ(f.events, 400u);
  EXPECT_DOUBLE_EQ(f.median_gap_ms, 800);
  EXPECT_DOUBLE_EQ(f.peak_per_minute, 75);  // 60000 / 800
  EXPECT_DOUBLE_EQ(f.distinct_item_share, 50.0 / 400);
}

// Precision and recall against the planted bots of the synthetic shop, for the rules alone
// and for the outlier scores alone.
TEST(Bots, FindsThePlantedBots) {
  GeneratorConfig cfg;
  cfg.users = 3000;
  cfg.items = 400;
  cfg.days = 30;
  cfg.bot_fraction = 0.02;
  const SyntheticShop shop = generate_shop(cfg);
  size_t planted = 0;
  for (const auto& u : shop.truth.users) planted += u.bot;
  ASSERT_GT(planted, 30u);
  Context ctx(2);
  const UserIndex idx = build_user_index(shop.data.events, ctx);
  auto score = [&](const BotOptions& o, double& precision, double& recall) {
    RemovalMask mask(shop.data.events.size());
    const BotReport rep = detect_bots(shop.data.events, idx, o, mask, ctx);
    size_t hit = 0;
    for (const auto& f : rep.flagged) hit += shop.truth.users[f.user].bot;
    precision = rep.flagged.empty() ? 0 : static_cast<double>(hit) / static_cast<double>(rep.flagged.size());
    recall = static_cast<double>(hit) / static_cast<double>(planted);
  };
  double p = 0, r = 0;
  BotOptions rules;
  rules.outlier_z = 0;
  score(rules, p, r);
  EXPECT_GE(p, 0.95);
  EXPECT_GE(r, 0.95);
  BotOptions outliers;
  outliers.max_events_per_minute = 1e9;
  outliers.view_only_min_views = UINT64_MAX;
  outliers.min_median_gap_ms = 0;
  score(outliers, p, r);
  EXPECT_GE(p, 0.9);
  EXPECT_GE(r, 0.9);
}

}  // namespace
}  // namespace ss::prep
