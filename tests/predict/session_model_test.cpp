#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "core/timeutil.h"
#include "predict/popularity_task.h"
#include "predict/session_model.h"
#include "synth/generator.h"

using namespace ss;
using namespace ss::predict;

namespace {

// Hand-made shop: buyers (even users) search, view and cart item "a" then also cart and
// buy "b" with it; browsers (odd users) view and cart "c" and leave. One session each.
Dataset cart_shop(int users) {
  Dataset d;
  const uint32_t a = d.dicts.items.intern("a"), b = d.dicts.items.intern("b"), c = d.dicts.items.intern("c");
  for (int u = 0; u < users; ++u) {
    const uint32_t user = d.dicts.users.intern("u" + std::to_string(u));
    int64_t t = u * 2 * kMsPerHour;
    auto add = [&](uint32_t item, Behavior type) {
      d.events.push_back({.user = user, .item = item, .ts_ms = t, .type = type});
      t += 60000;
    };
    if (u % 2 == 0) {
      add(kNone, Behavior::kSearch);
      add(a, Behavior::kView);
      add(a, Behavior::kAddToCart);
      add(b, Behavior::kAddToCart);
      add(a, Behavior::kPurchase);
      add(b, Behavior::kPurchase);
    } else {
      add(c, Behavior::kView);
      add(c, Behavior::kAddToCart);
    }
  }
  return d;
}

std::string temp_path(const char* name) { return (std::filesystem::temp_directory_path() / name).string(); }

}  // namespace

TEST(CartModel, ScoresOpenCartsAndSuggestsTheItemsThatCompleteThem) {
  Dataset shop = cart_shop(120);
  Context ctx(1);
  const auto trained = train_session_model(shop, shop.events, /*cart=*/true, "logreg", "fbt", ctx);
  const std::string path = temp_path("ss_cart_model_test.bin");
  save_session_model(trained, path);
  const SessionModel m = load_session_model(path);  // score reuses the saved file
  std::filesystem::remove(path);
  ASSERT_TRUE(m.cart);
  ASSERT_TRUE(m.fbt);
  // Two carts open now: a buyer-like one holding "a", a browser-like one holding "c".
  const uint32_t a = shop.dicts.items.find("a"), b = shop.dicts.items.find("b"), c = shop.dicts.items.find("c");
  const int64_t now = 1000 * kMsPerHour;
  EventTable live = shop.events;
  const uint32_t buyer = shop.dicts.users.intern("new1"), browser = shop.dicts.users.intern("new2");
  live.push_back({.user = buyer, .item = kNone, .ts_ms = now - 300000, .type = Behavior::kSearch});
  live.push_back({.user = buyer, .item = a, .ts_ms = now - 240000, .type = Behavior::kView});
  live.push_back({.user = buyer, .item = a, .ts_ms = now - 180000, .type = Behavior::kAddToCart});
  live.push_back({.user = browser, .item = c, .ts_ms = now - 120000, .type = Behavior::kView});
  live.push_back({.user = browser, .item = c, .ts_ms = now - 60000, .type = Behavior::kAddToCart});
  live.push_back({.user = browser, .item = a, .ts_ms = now + 60000, .type = Behavior::kPurchase});  // the future: ignored
  const auto scored = score_sessions(live, m, now, 30 * 60000, 0, 3);
  ASSERT_EQ(scored.size(), 2u);  // the training sessions are long closed
  EXPECT_EQ(scored[0].user, buyer);
  EXPECT_GT(scored[0].probability, 0.9f);
  EXPECT_LT(scored[1].probability, 0.1f);
  EXPECT_EQ(scored[0].cart, std::vector<uint32_t>{a});
  // Every basket with "a" (60 buyers) also held "b": share 60 / (60 + shrink 2).
  ASSERT_FALSE(scored[0].complete_with.empty());
  EXPECT_EQ(scored[0].complete_with[0].item, b);
  EXPECT_NEAR(scored[0].complete_with[0].score, 60.0 / 62.0, 1e-4);
  EXPECT_TRUE(scored[1].complete_with.empty());  // "c" was never bought with anything
}

TEST(SessionModel, TrainsOnThePastAndScoresOpenSessions) {
  Dataset shop = cart_shop(60);
  Context ctx(1);
  const auto m = train_session_model(shop, shop.events, /*cart=*/false, "xgboost:rounds=20,depth=3", "fbt", ctx);
  EXPECT_FALSE(m.fbt);
  // As of just after the last user's purchase-free session, that session is still open.
  const int64_t last = shop.events.ts_ms.back();
  const auto scored = score_sessions(shop.events, m, last + 1, 30 * 60000, 0, 0);
  ASSERT_EQ(scored.size(), 1u);
  EXPECT_EQ(shop.dicts.users.name(scored[0].user), "u59");
  EXPECT_LT(scored[0].probability, 0.2f);
}

TEST(PopularityModel, ForecastsTheLaunchesStillInTheirFirstWeek) {
  GeneratorConfig g;
  g.users = 800;
  g.items = 1500;
  g.days = 60;
  g.bot_fraction = 0;
  const SyntheticShop s = generate_shop(g);
  Context ctx(1);
  PopularityConfig cfg;
  cfg.model = "xgboost:rounds=60,depth=3";
  cfg.now_ms = g.start_ms + 50 * kMsPerDay;  // as of day 50: launches after day 43 are pending
  const auto ex = launch_examples(s.data, cfg);
  ASSERT_GT(ex.complete, 20u);
  ASSERT_GT(ex.x.rows, ex.complete);
  for (size_t i = ex.complete; i < ex.x.rows; ++i) {
    EXPECT_GT(ex.launch_ms[i] + cfg.window_ms, cfg.now_ms);
    EXPECT_TRUE(std::isnan(ex.views[i]));
  }
  const std::string path = temp_path("ss_popularity_model_test.bin");
  save_popularity_model(train_popularity_model(ex, cfg, ctx), path);
  const auto m = load_popularity_model(path);
  std::filesystem::remove(path);
  const auto f = forecast_popularity(ex, m);
  ASSERT_EQ(f.size(), ex.x.rows - ex.complete);
  for (size_t i = 1; i < f.size(); ++i) EXPECT_GE(f[i - 1].views, f[i].views);
  EXPECT_GT(f.front().views, f.back().views);
  EXPECT_GE(f.back().purchases, 0.f);
}
