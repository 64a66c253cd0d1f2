// The --from-gan report on a small generated shop: a CFGAN trained on half of the users
// produces new users that keep the statistics and are no closer to the training users than
// fresh real users are; a "generator" that copies training users is caught.
#include <gtest/gtest.h>

#include "core/rng.h"
#include "deep/fidelity.h"
#include "deep/gan_sampler.h"
#include "deep/register.h"
#include "synth/generator.h"
#include "../support/small_shop.h"

namespace ss {
namespace {

TEST(GanFidelity, SyntheticUsersKeepStatisticsWithoutCopying) {
  const auto shop = testing_support::small_shop(600, 21);
  // Held-out users: every other user; the GAN learns from the rest only.
  FidelityOptions fo;
  for (uint32_t u = 1; u < shop.data.num_users(); u += 2) fo.holdout.push_back(u);
  EventTable reference;
  for (size_t e = 0; e < shop.data.events.size(); ++e)
    if (shop.data.events.user[e] % 2 == 0) reference.push_back(shop.data.events.row(e));
  Context ctx(1, 3, true);
  auto model = make_deep_model(Spec::parse("cfgan:hidden=64,noise=8,epochs=40,batch=32,lr=0.002,val_users=0"));
  model->fit({shop.data, reference, {}}, ctx);
  const auto* sampler = dynamic_cast<const GanSampler*>(model.get());
  ASSERT_NE(sampler, nullptr);
  const auto synthetic = sampler->sample_users(300, 5);

  const FidelityReport r = fidelity_report(shop.data, synthetic, fo, ctx);
  EXPECT_EQ(r.synthetic_users, 300u);
  EXPECT_EQ(r.holdout_users + r.reference_users, r.real_users);
  EXPECT_LT(r.js_items, 0.25) << r.to_text();
  EXPECT_LT(r.js_categories, 0.1) << r.to_text();
  EXPECT_LT(r.w1_basket, 0.5 * r.mean_basket_real) << r.to_text();
  EXPECT_GE(r.nn_synthetic_median, 0.9 * r.nn_holdout_median) << r.to_text();
  EXPECT_LE(r.exact_copies, r.copy_candidates / 100 + 1) << r.to_text();
  EXPECT_GT(r.tstr_ndcg10, r.pop_ndcg10) << r.to_text();
  // Per-user category spread: like the real users', unlike category-random baskets.
  EXPECT_NEAR(r.main_share_synthetic, r.main_share_real, 0.06) << r.to_text();
  EXPECT_GT(r.main_share_synthetic, r.main_share_random + 0.15) << r.to_text();
  EXPECT_NEAR(r.categories_synthetic, r.categories_real, 0.5) << r.to_text();
  EXPECT_GT(r.categories_random, r.categories_real + 1.0) << r.to_text();
  EXPECT_TRUE(r.passed()) << r.to_text();
  EXPECT_TRUE(r.to_json()["passed"].get<bool>());

  // Control: "synthetic" users that are copies of reference users fail the privacy checks.
  std::vector<SyntheticUser> copies;
  for (uint32_t u = 0; u < shop.data.num_users() && copies.size() < 200; u += 2) {
    SyntheticUser s;
    for (size_t e = 0; e < shop.data.events.size(); ++e)
      if (shop.data.events.user[e] == u && shop.data.events.item[e] != kNone && BehaviorWeights{}[shop.data.events.type[e]] > 0)
        s.items.push_back(shop.data.events.item[e]), s.types.push_back(shop.data.events.type[e]),
            s.ts_ms.push_back(shop.data.events.ts_ms[e]);
    if (!s.items.empty()) copies.push_back(std::move(s));
  }
  const FidelityReport bad = fidelity_report(shop.data, copies, fo, ctx);
  EXPECT_EQ(bad.nn_synthetic_median, 0.0);
  EXPECT_GT(bad.exact_copies, bad.copy_candidates / 2);
  EXPECT_FALSE(bad.passed());
}

}  // namespace
}  // namespace ss
