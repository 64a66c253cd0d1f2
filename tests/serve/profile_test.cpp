// The profile's RFM segment and churn risk: at start they equal src/analytics' own results
// on the same log, and a new purchase moves the user at once (no restart).
#include "analytics/churn.h"
#include "analytics/rfm.h"
#include "analytics/view.h"
#include "core/timeutil.h"
#include "shop_server.h"

namespace ss::serve::testing {
namespace {

class ProfileTest : public ShopServerTest {
 protected:
  void SetUp() override { start("profile", GeneratorConfig{.users = 500, .items = 120, .days = 60}); }
  Json profile(const std::string& user) { return body_of(server().client(kRead)->Get("/v1/users/" + user + "/profile")); }
};

TEST_F(ProfileTest, SegmentAndChurnRiskMatchAnalytics) {
  Context ctx(2, 42, true);
  Dataset d = shop().data;
  d.events.sort_by_user_time();
  const auto v = analytics::View::build(d, {}, ctx);
  const auto rfm = analytics::compute_rfm(v, {}, ctx);
  ASSERT_GT(rfm.users.size(), 20u);
  // The backtest the server uses: segments 14 days before the end, churn after.
  analytics::RfmOptions past;
  past.as_of_ms = v.max_ts + 1 - 14 * kMsPerDay;
  const auto then = analytics::compute_rfm(v, past, ctx);
  analytics::ChurnOptions co;
  co.user_group = then.segment_by_user(v.num_users());
  for (auto& g : co.user_group)
    if (g == kNone) g = analytics::kNumSegments;
  co.group_names.assign(analytics::kNumSegments + 1, "");
  const auto churn = analytics::compute_churn(v, co, ctx);
  for (size_t i = 0; i < rfm.users.size(); i += 7) {
    const std::string user(d.dicts.users.name(rfm.users[i]));
    const Json p = profile(user);
    ASSERT_TRUE(p.contains("rfm")) << p.dump();
    EXPECT_EQ(p["rfm"]["segment"], analytics::kSegmentNames[static_cast<int>(rfm.segment[i])]) << user;
    EXPECT_EQ(p["rfm"]["r"], rfm.r[i]);
    EXPECT_EQ(p["rfm"]["f"], rfm.f[i]);
    EXPECT_EQ(p["rfm"]["m"], rfm.m[i]);
    EXPECT_NEAR(p["rfm"]["orders"].get<double>(), rfm.frequency[i], 1e-9);
    EXPECT_NEAR(p["churn"]["risk"].get<double>(), churn.by_group[static_cast<size_t>(rfm.segment[i])].rate(), 1e-12);
  }
  // Rates differ between segments (the risk says something), and all are probabilities.
  double lo = 1, hi = 0;
  for (const auto& g : churn.by_group)
    if (g.users >= 10) lo = std::min(lo, g.rate()), hi = std::max(hi, g.rate());
  EXPECT_GT(hi, lo);
}

TEST_F(ProfileTest, ANewPurchaseUpdatesTheSegmentAtOnce) {
  auto c = server().client();
  const int64_t t = shop().data.events.ts_ms.back() + 3600'000;
  const std::string item(shop().data.dicts.items.name(0));
  auto post = [&](int64_t ts, const char* type) {
    Json e = {{"user", "newcomer"}, {"item", item}, {"type", type}, {"ts", ts}};
    ASSERT_EQ(c->Post("/v1/events", e.dump(), "application/json")->status, 200);
  };
  post(t, "view");
  Json p = profile("newcomer");
  EXPECT_TRUE(p["rfm"]["segment"].is_null()) << p.dump();
  EXPECT_EQ(p["churn"]["churned"], false);
  post(t + 60'000, "purchase");
  p = profile("newcomer");
  ASSERT_FALSE(p["rfm"]["segment"].is_null()) << p.dump();
  EXPECT_EQ(p["rfm"]["orders"], 1.0);
  EXPECT_EQ(p["rfm"]["r"], 5);  // the newest purchase of the shop
  post(t + 60'000 + 3 * 3600'000, "purchase");  // a later session: a second order
  p = profile("newcomer");
  EXPECT_EQ(p["rfm"]["orders"], 2.0);
  EXPECT_GE(p["churn"]["risk"].get<double>(), 0.0);
  EXPECT_LE(p["churn"]["risk"].get<double>(), 1.0);
}

}  // namespace
}  // namespace ss::serve::testing
