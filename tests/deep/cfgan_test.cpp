// CFGAN: network shapes, the adversarial step's behaviour on generated data, model-file
// round trips, recovery of planted tastes, and synthetic users that are new people.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <sstream>

#include "core/error.h"
#include "core/rng.h"
#include "deep/cfgan_net.h"
#include "deep/gan_sampler.h"
#include "deep/register.h"
#include "models/interactions.h"
#include "synth/generator.h"
#include "../support/small_shop.h"

namespace ss {
namespace {

SyntheticShop shop_of(uint64_t users, uint64_t seed) { return testing_support::small_shop(users, seed); }

std::vector<std::vector<uint32_t>> histories(const Dataset& d) {
  std::vector<std::vector<uint32_t>> h(d.num_users());
  for (size_t i = 0; i < d.events.size(); ++i)
    if (d.events.item[i] != kNone) h[d.events.user[i]].push_back(d.events.item[i]);
  return h;
}

RecommendRequest request_for(const std::vector<uint32_t>& history, uint32_t u, size_t k) {
  RecommendRequest r;
  r.user = u;
  r.history.items = history;
  r.k = k;
  return r;
}

TEST(Cfgan, NetShapes) {
  torch::manual_seed(1);
  deep::CfganConfig c{.num_items = 30, .hidden = 16, .noise = 4};
  deep::CfganGenerator g(c);
  deep::CfganDiscriminator d(c);
  auto cond = torch::zeros({5, 30});
  auto out = g->forward(cond, torch::randn({5, 4}));
  EXPECT_EQ(out.sizes(), (std::vector<int64_t>{5, 30}));
  EXPECT_TRUE(((out > 0) & (out < 1)).all().item<bool>());
  EXPECT_EQ(d->forward(out, cond).sizes(), (std::vector<int64_t>{5}));
  // The condition keeps a share of each user's items and never invents one.
  auto real = (torch::rand({64, 30}) < 0.3).to(torch::kFloat32);
  auto kept = deep::drop_condition(real, 0.8);
  EXPECT_TRUE((kept <= real).all().item<bool>());
  EXPECT_LT(kept.sum().item<double>(), real.sum().item<double>());
  EXPECT_GT(kept.sum().item<double>(), 0.0);
}

TEST(Cfgan, AdversarialStepsLearnTheUsersItemsOnGeneratedData) {
  const auto shop = shop_of(300, 7);
  Context ctx(1, 1, true);
  const Csr m = user_item_matrix({shop.data, shop.data.events, {}}, true, ctx);
  const int64_t I = int64_t(shop.data.num_items());
  auto real = torch::zeros({int64_t(m.rows), I});
  for (uint32_t u = 0; u < m.rows; ++u)
    for (uint32_t i : m.cols_of(u)) real[u][i] = 1.0f;
  torch::manual_seed(3);
  deep::CfganConfig c{.num_items = I, .hidden = 64, .noise = 8};
  deep::CfganGenerator g(c);
  deep::CfganDiscriminator d(c);
  torch::optim::Adam go(g->parameters(), torch::optim::AdamOptions(2e-3)), dop(d->parameters(), torch::optim::AdamOptions(2e-3));
  // Gap between the generator's mean score on users' items and on the rest, full condition.
  auto gap = [&] {
    torch::NoGradGuard ng;
    auto s = g->forward(real, torch::zeros({real.size(0), 8}));
    return ((s * real).sum() / real.sum() - (s * (1 - real)).sum() / (1 - real).sum()).item<double>();
  };
  const double gap_before = gap();
  deep::CfganOptions o;
  double zr_first = 0, zr_last = 0, d_last = 0;
  for (int step = 0; step < 150; ++step) {
    auto batch = real.index_select(0, torch::randint(real.size(0), {64}, torch::kInt64));
    const auto l = deep::cfgan_step(g, d, go, dop, batch, o, 8);
    if (step < 10) zr_first += l.g_zr / 10;
    if (step >= 140) zr_last += l.g_zr / 10, d_last += l.d / 10;
    ASSERT_TRUE(std::isfinite(l.d) && std::isfinite(l.g_adv) && std::isfinite(l.g_zr));
  }
  EXPECT_LT(std::abs(gap_before), 0.05);
  EXPECT_GT(gap(), 0.3) << "generator does not separate the users' items from the rest";
  EXPECT_LT(zr_last, 0.5 * zr_first) << "zero reconstruction does not fall";
  // The discriminator has not simply won (log 4 = 1.386 is a perfect stand-off).
  EXPECT_GT(d_last, 0.05);
}

TEST(Cfgan, SaveLoadRoundTripAndPlantedTastes) {
  const auto shop = shop_of(300, 7);
  const auto h = histories(shop.data);
  Context ctx(1, 9, true);
  auto model = make_deep_model(Spec::parse("cfgan:hidden=64,noise=8,epochs=40,batch=32,lr=0.002,eval_every=5,val_users=60"));
  model->fit({shop.data, shop.data.events, {}}, ctx);
  std::stringstream buf;
  model->save(buf);
  auto loaded = make_deep_model(Spec::parse("cfgan"));
  loaded->load(buf);
  EXPECT_EQ(loaded->spec(), model->spec());
  for (uint32_t u = 0; u < 20; ++u) {
    const auto a = model->recommend(request_for(h[u], u, 10)), b = loaded->recommend(request_for(h[u], u, 10));
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].item, b[i].item);
      EXPECT_FLOAT_EQ(a[i].score, b[i].score);
    }
  }
  std::stringstream bad("SSDEEP1 not a gan");
  EXPECT_THROW(make_deep_model(Spec::parse("cfgan"))->load(bad), Error);

  // Share of the top 10 in the user's planted favourite categories, against popularity.
  std::vector<double> pop(shop.data.num_items(), 0);
  for (const auto& hu : h)
    for (uint32_t i : std::set<uint32_t>(hu.begin(), hu.end())) pop[i] += 1;
  std::vector<uint32_t> by_pop(pop.size());
  std::iota(by_pop.begin(), by_pop.end(), 0u);
  std::stable_sort(by_pop.begin(), by_pop.end(), [&](uint32_t a, uint32_t b) { return pop[a] > pop[b]; });
  double gan_hits = 0, pop_hits = 0, n = 0;
  for (uint32_t u = 0; u < shop.data.num_users(); ++u) {
    if (h[u].size() < 5) continue;
    const auto& fav = shop.truth.users[u].categories;
    auto liked = [&](uint32_t item) { return std::find(fav.begin(), fav.end(), shop.truth.item_category[item]) != fav.end(); };
    for (const auto& r : loaded->recommend(request_for(h[u], u, 10))) gan_hits += liked(r.item);
    const std::set<uint32_t> seen(h[u].begin(), h[u].end());
    size_t taken = 0;
    for (uint32_t i : by_pop)
      if (!seen.count(i) && taken < 10) pop_hits += liked(i), ++taken;
    n += 10;
  }
  ASSERT_GT(n, 500);
  EXPECT_GT(gan_hits / n, pop_hits / n + 0.1) << "cfgan " << gan_hits / n << " popularity " << pop_hits / n;

  // Synthetic users: the requested number, distinct valid items, sizes like real baskets,
  // and the same result for the same seed.
  auto* sampler = dynamic_cast<const GanSampler*>(loaded.get());
  ASSERT_NE(sampler, nullptr);
  const auto synth = sampler->sample_users(50, 4);
  ASSERT_EQ(synth.size(), 50u);
  for (const auto& s : synth) {
    ASSERT_FALSE(s.items.empty());
    EXPECT_EQ(std::set<uint32_t>(s.items.begin(), s.items.end()).size(), s.items.size());
    EXPECT_EQ(s.types.size(), s.items.size());
    EXPECT_TRUE(std::is_sorted(s.ts_ms.begin(), s.ts_ms.end()));
    for (uint32_t i : s.items) EXPECT_LT(i, shop.data.num_items());
  }
  const auto again = sampler->sample_users(50, 4);
  for (size_t u = 0; u < 50; ++u) EXPECT_EQ(again[u].items, synth[u].items);

  // Taste structure: synthetic users' main-category share is close to the real users' and
  // far above that of baskets of the same sizes filled by popularity alone (what the
  // one-item-seed sampler produced: 0.35 against 0.66 real on a 10-category shop).
  const auto category = shop.data.item_categories();
  auto main_share = [&](const std::vector<std::vector<uint32_t>>& baskets) {
    double sum = 0, n = 0;
    for (const auto& b : baskets) {
      const std::set<uint32_t> items(b.begin(), b.end());
      if (items.empty()) continue;
      std::map<uint32_t, double> per;
      for (uint32_t i : items) per[category[i]] += 1;
      double top = 0;
      for (const auto& [c, k] : per) top = std::max(top, k);
      sum += top / double(items.size()), n += 1;
    }
    return sum / n;
  };
  std::vector<std::vector<uint32_t>> synthetic, random;
  std::vector<double> cum(pop);
  std::partial_sum(cum.begin(), cum.end(), cum.begin());
  Rng rng(11);
  for (const auto& s : sampler->sample_users(300, 8)) {
    synthetic.push_back(s.items);
    std::set<uint32_t> r;
    while (r.size() < s.items.size())
      r.insert(uint32_t(std::upper_bound(cum.begin(), cum.end(), rng.uniform() * cum.back()) - cum.begin()));
    random.emplace_back(r.begin(), r.end());
  }
  const double real_share = main_share(h), synth_share = main_share(synthetic), random_share = main_share(random);
  EXPECT_NEAR(synth_share, real_share, 0.06) << "random " << random_share;
  EXPECT_GT(synth_share, random_share + 0.15) << "real " << real_share;
}

}  // namespace
}  // namespace ss
