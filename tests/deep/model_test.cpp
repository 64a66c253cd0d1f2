// The LibTorch sequence models: shapes, causality, falling losses, checkpoint round trips
// and recovery of the synthetic shop's planted tastes. Tiny models, few steps.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <numeric>
#include <set>
#include <sstream>

#include "core/error.h"
#include "deep/nets.h"
#include "deep/register.h"
#include "deep/sequences.h"
#include "models/registry.h"
#include "synth/generator.h"
#include "../support/small_shop.h"

namespace ss {
namespace {

SyntheticShop small_shop() { return testing_support::small_shop(300, 7); }

deep::SeqBatch batch_of(std::vector<std::vector<int64_t>> rows) {
  const int64_t B = int64_t(rows.size()), L = int64_t(rows[0].size());
  auto items = torch::zeros({B, L}, torch::kInt64);
  for (int64_t r = 0; r < B; ++r)
    for (int64_t j = 0; j < L; ++j) items[r][j] = rows[size_t(r)][size_t(j)];
  return {items, torch::full({B, L}, int64_t(Behavior::kPurchase)), torch::ones({B, L}, torch::kInt64)};
}

TEST(DeepNets, ShapesAndCausality) {
  torch::manual_seed(1);
  for (std::string kind : {"sasrec", "caser", "gru4rec"}) {
    deep::NetConfig c{.kind = kind, .num_items = 20, .max_len = 6, .dim = 8, .heads = 2};
    auto net = deep::make_net(c);
    net->eval();
    auto b = batch_of({{0, 0, 3, 4, 5, 6}, {1, 2, 3, 4, 5, 6}, {0, 0, 0, 0, 0, 9}});
    auto h = net->encode(b);
    if (net->all_positions()) EXPECT_EQ(h.sizes(), (std::vector<int64_t>{3, 6, 8})) << kind;
    else EXPECT_EQ(h.sizes(), (std::vector<int64_t>{3, 8})) << kind;
    EXPECT_EQ(net->encode_last(batch_of({{3, 4, 5}})).sizes(), (std::vector<int64_t>{1, 8})) << kind;
    EXPECT_EQ(net->output_embeddings().sizes(), (std::vector<int64_t>{21, 8})) << kind;
    EXPECT_TRUE(torch::isfinite(h).all().item<bool>()) << kind;
  }
  // The transformer is causal: changing the newest token leaves earlier positions alone.
  auto net = deep::make_net({.kind = "sasrec", .num_items = 20, .max_len = 6, .dim = 8});
  net->eval();
  auto a = net->encode(batch_of({{0, 1, 2, 3, 4, 5}})), b = net->encode(batch_of({{0, 1, 2, 3, 4, 17}}));
  EXPECT_TRUE(torch::allclose(a.slice(1, 0, 5), b.slice(1, 0, 5)));
  EXPECT_FALSE(torch::allclose(a.select(1, 5), b.select(1, 5)));
  // Padding does not leak: a left-padded window equals the same window without padding.
  auto padded = net->encode_last(batch_of({{0, 0, 3, 4, 5, 6}})), bare = net->encode_last(batch_of({{3, 4, 5, 6}}));
  EXPECT_TRUE(torch::allclose(padded, bare, 1e-5, 1e-5));
}

TEST(DeepNets, LossFallsOnGeneratedData) {
  const auto shop = small_shop();
  const auto seqs = deep::build_sequences(shop.data.events, BehaviorWeights{}, shop.data.num_users());
  // One fixed batch of the 64 longest windows: input tokens and next-token targets.
  std::vector<std::vector<int64_t>> in, out;
  for (uint32_t u = 0; u < seqs.num_users() && in.size() < 64; ++u) {
    const auto it = seqs.items_of(u);
    if (it.size() < 11) continue;
    std::vector<int64_t> x, y;
    for (size_t j = it.size() - 11; j + 1 < it.size(); ++j) x.push_back(it[j] + 1), y.push_back(it[j + 1] + 1);
    in.push_back(x), out.push_back(y);
  }
  ASSERT_GE(in.size(), 32u);
  const auto batch = batch_of(in);
  auto targets = batch_of(out).items;
  for (std::string loss : {"ce", "sampled", "bce"}) {
    torch::manual_seed(3);
    auto net = deep::make_net({.kind = "sasrec", .num_items = int64_t(shop.data.num_items()), .max_len = 10,
                               .dim = 16, .layers = 1, .dropout = 0.0, .emb_dropout = 0.0});
    torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(5e-3));
    auto eval_loss = [&] {
      torch::manual_seed(11);  // same negatives before and after
      torch::NoGradGuard ng;
      return deep::sequence_loss(*net, net->encode(batch), targets, loss, 64).item<double>();
    };
    const double before = eval_loss();
    for (int step = 0; step < 40; ++step) {
      opt.zero_grad();
      deep::sequence_loss(*net, net->encode(batch), targets, loss, 64).backward();
      opt.step();
    }
    const double after = eval_loss();
    EXPECT_LT(after, 0.7 * before) << loss << " before " << before << " after " << after;
  }
}

struct Split {
  EventTable train;
  std::vector<std::vector<uint32_t>> history;  // per user, item events in time order (all used for training)
  std::vector<std::vector<Behavior>> types;
};

Split history_of_everyone(const Dataset& d) {
  Split s;
  s.history.resize(d.num_users());
  s.types.resize(d.num_users());
  for (size_t i = 0; i < d.events.size(); ++i) {
    s.train.push_back(d.events.row(i));
    if (d.events.item[i] == kNone) continue;
    s.history[d.events.user[i]].push_back(d.events.item[i]);
    s.types[d.events.user[i]].push_back(d.events.type[i]);
  }
  return s;
}

RecommendRequest request_for(const Split& s, uint32_t u, size_t k) {
  RecommendRequest r;
  r.user = u;
  r.history = {s.history[u], s.types[u], {}};
  r.k = k;
  return r;
}

TEST(DeepModels, CheckpointRoundTripGivesIdenticalScores) {
  const auto shop = small_shop();
  const Split s = history_of_everyone(shop.data);
  Context ctx(1, 5, true);
  const std::string dir = testing::TempDir() + "/deep_ckpt";
  std::filesystem::remove_all(dir);
  for (std::string kind : {"sasrec", "caser"}) {
    auto model = make_deep_model(Spec::parse(kind + ":dim=16,layers=1,epochs=1,batch=64,val_users=50,max_len=8,checkpoint=" + dir));
    model->fit({shop.data, s.train, {}}, ctx);
    EXPECT_TRUE(std::filesystem::exists(dir + "/best.ssm"));
    EXPECT_TRUE(std::filesystem::exists(dir + "/last.pt"));
    std::stringstream buf;
    model->save(buf);
    auto loaded = make_deep_model(Spec::parse(kind));
    loaded->load(buf);
    EXPECT_EQ(loaded->spec(), model->spec());
    for (uint32_t u = 0; u < 20; ++u) {
      const auto a = model->recommend(request_for(s, u, 10)), b = loaded->recommend(request_for(s, u, 10));
      ASSERT_EQ(a.size(), b.size());
      for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].item, b[i].item);
        EXPECT_FLOAT_EQ(a[i].score, b[i].score);
      }
    }
    // Resume continues from last.pt (one epoch done) to the second.
    auto resumed = make_deep_model(Spec::parse(kind + ":dim=16,layers=1,epochs=2,batch=64,val_users=50,max_len=8,resume=true,checkpoint=" + dir));
    resumed->fit({shop.data, s.train, {}}, ctx);
    EXPECT_EQ(resumed->recommend(request_for(s, 0, 5)).size(), 5u);
    std::filesystem::remove_all(dir);
  }
  EXPECT_THROW(make_deep_model(Spec::parse("sasrec:loss=hinge")), Error);
  EXPECT_THROW(make_deep_model(Spec::parse("transformerxl")), Error);
}

TEST(DeepModels, TimeCapStopsInsideAnEpoch) {
  // An epoch over a big catalogue can outlast the whole budget, so the cap is checked per
  // batch: with a cap far below one batch's time, training stops after its first step.
  const auto shop = small_shop();
  const Split s = history_of_everyone(shop.data);
  Context ctx(1, 5, true);
  const std::string dir = testing::TempDir() + "/deep_cap";
  std::filesystem::remove_all(dir);
  auto model = make_deep_model(Spec::parse("sasrec:dim=16,layers=1,epochs=1000,batch=8,val_users=50,max_len=8,"
                                           "max_minutes=0.000001,checkpoint=" + dir));
  model->fit({shop.data, s.train, {}}, ctx);
  torch::serialize::InputArchive ar;
  ar.load_from(dir + "/last.pt");
  torch::Tensor meta;
  ar.read("meta", meta);
  EXPECT_EQ(meta[0].item<double>(), 1.0);  // epochs begun
  EXPECT_EQ(meta[1].item<double>(), 1.0);  // optimiser steps taken: one batch of many
  EXPECT_EQ(model->recommend(request_for(s, 0, 5)).size(), 5u);
  std::filesystem::remove_all(dir);
}

TEST(DeepModels, RecoversPlantedTastesBetterThanPopularity) {
  const auto shop = small_shop();
  const Split s = history_of_everyone(shop.data);
  Context ctx(1, 9, true);
  auto model = make_deep_model(Spec::parse("sasrec:dim=32,layers=1,epochs=8,batch=32,lr=0.005,val_users=100,dropout=0.1,max_len=20"));
  model->fit({shop.data, s.train, {}}, ctx);
  // Popularity ranking over the same events, as the baseline.
  std::vector<double> pop(shop.data.num_items(), 0);
  for (const auto& h : s.history)
    for (uint32_t i : h) pop[i] += 1;
  std::vector<uint32_t> by_pop(pop.size());
  std::iota(by_pop.begin(), by_pop.end(), 0u);
  std::stable_sort(by_pop.begin(), by_pop.end(), [&](uint32_t a, uint32_t b) { return pop[a] > pop[b]; });
  // Share of the top 10 in the user's planted favourite categories.
  double deep_hits = 0, pop_hits = 0, n = 0;
  for (uint32_t u = 0; u < shop.data.num_users(); ++u) {
    if (s.history[u].size() < 5) continue;
    const auto& fav = shop.truth.users[u].categories;
    auto liked = [&](uint32_t item) {
      return std::find(fav.begin(), fav.end(), shop.truth.item_category[item]) != fav.end();
    };
    for (const auto& r : model->recommend(request_for(s, u, 10))) deep_hits += liked(r.item);
    const std::set<uint32_t> seen(s.history[u].begin(), s.history[u].end());
    size_t taken = 0;
    for (uint32_t i : by_pop)
      if (!seen.count(i) && taken < 10) pop_hits += liked(i), ++taken;
    n += 10;
  }
  ASSERT_GT(n, 500);
  EXPECT_GT(deep_hits / n, pop_hits / n + 0.1) << "sasrec " << deep_hits / n << " popularity " << pop_hits / n;

  // A new event changes the next recommendation without retraining.
  auto req = request_for(s, 3, 10);
  const auto before = model->recommend(req);
  std::vector<uint32_t> more = s.history[3];
  std::vector<Behavior> more_types = s.types[3];
  for (uint32_t i = 0; i < 3; ++i) more.push_back(by_pop.back() - i), more_types.push_back(Behavior::kPurchase);
  req.history = {more, more_types, {}};
  const auto after = model->recommend(req);
  ASSERT_EQ(before.size(), after.size());
  bool changed = false;
  for (size_t i = 0; i < before.size(); ++i) changed |= before[i].item != after[i].item;
  EXPECT_TRUE(changed);
}

// The hybrid blends the transformer with classical models through the registry: with the
// classical weight at zero it ranks exactly as the transformer alone; a blend survives a
// save/load round trip through the registry.
TEST(DeepModels, HybridBlendsTransformerWithClassicalModels) {
  const auto shop = small_shop();
  const Split s = history_of_everyone(shop.data);
  RecommenderRegistry registry;
  register_builtin_models(registry);
  register_deep_models(registry);
  const std::string sasrec = "sasrec/dim=16/layers=1/epochs=2/batch=64/val_users=0/max_len=8";
  Context ctx(1, 5, true);
  auto alone = registry.create(Spec::parse("sasrec:dim=16,layers=1,epochs=2,batch=64,val_users=0,max_len=8"));
  alone->fit({shop.data, s.train, {}}, ctx);
  auto only_deep = registry.create("hybrid:models=" + sasrec + "+itemknn,weights=1+0");
  only_deep->fit({shop.data, s.train, {}}, ctx);
  for (uint32_t u = 0; u < 30; ++u) {
    const auto a = alone->recommend(request_for(s, u, 10)), b = only_deep->recommend(request_for(s, u, 10));
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].item, b[i].item) << "user " << u << " rank " << i;
  }

  auto blend = registry.create("hybrid:models=" + sasrec + "+itemknn+markov");
  blend->fit({shop.data, s.train, {}}, ctx);
  std::stringstream buf;
  blend->save(buf);
  auto loaded = registry.create(blend->spec());
  loaded->load(buf);
  size_t differs_from_deep = 0;
  for (uint32_t u = 0; u < 30; ++u) {
    auto req = request_for(s, u, 10);
    req.with_reasons = true;
    const auto a = blend->recommend(req), b = loaded->recommend(req), d = alone->recommend(req);
    ASSERT_EQ(a.size(), 10u);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].item, b[i].item);
      EXPECT_FLOAT_EQ(a[i].score, b[i].score);
      EXPECT_FALSE(a[i].reason.empty());
      differs_from_deep += a[i].item != d[i].item;
    }
  }
  EXPECT_GT(differs_from_deep, 0u) << "the classical parts changed nothing";
  EXPECT_THROW(registry.create("hybrid:models=sasrec+hybrid"), Error);
}

}  // namespace
}  // namespace ss
