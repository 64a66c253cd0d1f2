// Preferences: recovery of the planted tastes and an exact recomputation for hand rows.
#include <gtest/gtest.h>

#include <cmath>

#include "analytics/preferences.h"
#include "analytics/rfm.h"
#include "core/timeutil.h"
#include "core/error.h"
#include "test_data.h"

namespace ss::analytics {
namespace {
using testing::Hand;

TEST(Preferences, RecoverPlantedTopCategoryBrandAndBand) {
  const auto& s = testing::shop();
  Context ctx(2);
  const View v = View::build(s.data, {}, ctx);
  PreferenceOptions o;
  const PreferenceResult r = compute_preferences(v, o, ctx);
  std::vector<uint32_t> sessions(v.num_users(), 0);
  for (uint32_t u = 0; u < v.num_users(); ++u)
    for (uint64_t i = v.begin(u); i < v.end(u); ++i) sessions[u] += v.session_start(i);
  size_t users = 0, cat_hits = 0, brand_hits = 0, band_hits = 0, active = 0, active_hits = 0;
  for (uint32_t u = 0; u < s.truth.users.size(); ++u) {
    const UserTruth& t = s.truth.users[u];
    if (t.bot || r.categories_of(u)[0].id == kNone) continue;
    ++users;
    cat_hits += r.categories_of(u)[0].id == t.categories[0];
    if (sessions[u] >= 5) active++, active_hits += r.categories_of(u)[0].id == t.categories[0];
    brand_hits += r.top_brand[u * o.top_n].id == t.brand;
    band_hits += r.top_band[u * o.top_n].id == static_cast<uint32_t>(t.price_band);
  }
  const double cat_acc = static_cast<double>(cat_hits) / users;
  const double brand_acc = static_cast<double>(brand_hits) / users;
  const double band_acc = static_cast<double>(band_hits) / users;
  const double active_acc = static_cast<double>(active_hits) / active;
  std::printf("top-1 agreement with planted truth over %zu users: category %.3f (%.3f over %zu users with 5+ "
              "sessions) brand %.3f price band %.3f\n", users, cat_acc, active_acc, active, brand_acc, band_acc);
  // A user with one or two sessions often shows only the second taste (45% of sessions).
  EXPECT_GT(cat_acc, 0.6);             // chance is ~1/16
  EXPECT_GT(active_acc, 0.7);
  EXPECT_GT(brand_acc, 0.25);          // 30 brands
  EXPECT_GT(band_acc, 0.45);           // chance 1/3
  // Scores are shares: positive, descending, summing to at most 1.
  const Scored* top = r.categories_of(0);
  EXPECT_GE(top[0].score, top[1].score);
  EXPECT_LE(top[0].score + top[1].score + top[2].score, 1.0001f);
}

TEST(Preferences, DecayAndWeightsExactOnHandRows) {
  Hand h(1, {0, 1, 2});
  const int64_t day = 24 * 60;
  h.add(0, 0, Behavior::kView, 0).add(0, 0, Behavior::kView, 0).add(0, 0, Behavior::kView, 0);
  h.add(0, 1, Behavior::kPurchase, 30 * day);  // one purchase today beats 3 views a month ago
  h.add(0, 2, Behavior::kAddToCart, 60 * day);
  Context ctx(1);
  const View v = View::build(h.data, {}, ctx);
  PreferenceOptions o;
  o.half_life_days = 30;
  parse_weights("purchase=5,cart=3,view=1", o);
  const PreferenceResult r = compute_preferences(v, o, ctx);
  const double w0 = 3 * 0.25, w1 = 5 * 0.5, w2 = 3;
  const double total = w0 + w1 + w2;
  const Scored* top = r.categories_of(0);
  EXPECT_EQ(top[0].id, 2u);
  EXPECT_NEAR(top[0].score, w2 / total, 1e-6);
  EXPECT_EQ(top[1].id, 1u);
  EXPECT_NEAR(top[1].score, w1 / total, 1e-6);
  EXPECT_EQ(top[2].id, 0u);
  EXPECT_NEAR(top[2].score, w0 / total, 1e-6);
  EXPECT_THROW(parse_weights("teleport=2", o), Error);
}

TEST(Preferences, PerSegmentProfilesAverageUserShares) {
  const auto& s = testing::shop();
  Context ctx(2);
  const View v = View::build(s.data, {}, ctx);
  const RfmResult rfm = compute_rfm(v, {}, ctx);
  PreferenceOptions o;
  o.user_group = rfm.segment_by_user(v.num_users());
  o.group_names.assign(kSegmentNames.begin(), kSegmentNames.end());
  const PreferenceResult r = compute_preferences(v, o, ctx);
  uint64_t users = 0;
  for (size_t g = 0; g < r.group_users.size(); ++g) {
    users += r.group_users[g];
    double sum = 0;
    for (double x : r.group_category_share[g]) sum += x;
    if (r.group_users[g]) {
      EXPECT_NEAR(sum, 1.0, 1e-6) << r.group_names[g];
    }
  }
  EXPECT_EQ(users, rfm.users.size());
}

}  // namespace
}  // namespace ss::analytics
