// The sequence models' hnsw graph in the model file (body version 2): a round trip answers
// exactly as the trained model without rebuilding the graph, a version-1 file (no graph)
// still loads and serves through a rebuilt one, a damaged graph is rebuilt, and files of
// models without ann stay version 1, byte for byte.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>
#include <sstream>

#include "core/behavior.h"
#include "core/rng.h"
#include "deep/ann.h"
#include "models/binary_io.h"
#include "deep/register.h"
#include "models/recommender.h"
#include "synth/generator.h"

namespace ss {
namespace {

const std::string kSpec = "sasrec:dim=16,layers=1,epochs=1,batch=64,val_users=0,max_len=10,ann_ef=10";

struct Trained {
  SyntheticShop shop;
  std::vector<std::vector<uint32_t>> h;  // each user's items
  std::unique_ptr<Recommender> model;
};

Trained train(const std::string& spec) {
  GeneratorConfig c;
  c.users = 300;
  c.items = 2000;
  c.categories = 8;
  c.days = 30;
  c.bot_fraction = 0;
  c.seed = 11;
  Trained t{generate_shop(c), {}, make_deep_model(Spec::parse(spec))};
  t.h.resize(t.shop.data.num_users());
  for (size_t i = 0; i < t.shop.data.events.size(); ++i)
    if (t.shop.data.events.item[i] != kNone) t.h[t.shop.data.events.user[i]].push_back(t.shop.data.events.item[i]);
  Context ctx(3, 5, true);  // the graph is built in parallel: a serial rebuild gives another one
  t.model->fit({t.shop.data, t.shop.data.events, {}}, ctx);
  return t;
}

std::string saved(const Recommender& m) {
  std::ostringstream out;
  m.save(out);
  return out.str();
}

std::unique_ptr<Recommender> loaded(const std::string& bytes, const std::string& spec) {
  auto m = make_deep_model(Spec::parse(spec));
  std::istringstream in(bytes);
  m->load(in);
  return m;
}

// Where the body (its magic) starts and where the network ends, i.e. where a version-2
// file's graph block starts.
std::pair<size_t, size_t> body_and_net_end(const std::string& file) {
  size_t at = file.find("SSDEEP");
  EXPECT_NE(at, std::string::npos);
  const size_t body = at;
  auto u64 = [&](size_t pos) {
    uint64_t v = 0;
    std::memcpy(&v, file.data() + pos, sizeof v);
    return v;
  };
  at += 8;
  at += 8 + u64(at);                             // spec
  const uint64_t items = u64(at);                // then behaviour weights and popularity
  at += 8 + sizeof(float) * (kNumBehaviors + items);
  at += 8 + u64(at);                             // the network's archive
  return {body, at};
}

void expect_same_lists(const Trained& t, const Recommender& a, const Recommender& b) {
  for (uint32_t u = 0; u < 100; ++u) {
    RecommendRequest r;
    r.history.items = t.h[u];
    const auto x = a.recommend(r), y = b.recommend(r);
    ASSERT_EQ(x.size(), y.size());
    for (size_t k = 0; k < x.size(); ++k) {
      EXPECT_EQ(x[k].item, y[k].item) << "user " << u << " rank " << k;
      EXPECT_EQ(x[k].score, y[k].score);
    }
  }
}

TEST(AnnModelFile, GraphSavedWithTheModelAndOldFilesStillServe) {
  const std::string spec = kSpec + ",ann=true";
  const Trained t = train(spec);
  const std::string v2 = saved(*t.model);
  const auto [body, net_end] = body_and_net_end(v2);
  ASSERT_EQ(v2.compare(body, 8, std::string("SSDEEP2\0", 8)), 0);
  ASSERT_GT(v2.size(), net_end + 12);  // the graph block: dimension, length, hnswlib's bytes

  // Read, not rebuilt: the same answers, and saved again the same bytes (a serial rebuild
  // inserts in another order than fit()'s parallel build and gives another graph).
  const auto back = loaded(v2, spec);
  expect_same_lists(t, *t.model, *back);
  EXPECT_TRUE(saved(*back) == v2);

  // The same model as version 1 wrote it: no graph. It loads, rebuilds one and serves.
  std::string v1 = v2.substr(0, net_end);
  v1[body + 6] = '1';
  const auto old = loaded(v1, spec);
  const std::string old_resaved = saved(*old);
  EXPECT_EQ(old_resaved.compare(body, 8, std::string("SSDEEP2\0", 8)), 0);  // gained a graph
  EXPECT_FALSE(old_resaved == v2);
  double hits = 0, total = 0;
  for (uint32_t u = 0; u < 100; ++u) {
    RecommendRequest r;
    r.history.items = t.h[u];
    const auto a = t.model->recommend(r), c = old->recommend(r);
    ASSERT_EQ(c.size(), a.size());
    std::set<uint32_t> want;
    for (const auto& x : a) want.insert(x.item);
    for (const auto& x : c) hits += double(want.count(x.item));
    total += double(a.size());
  }
  EXPECT_GT(hits / total, 0.9);

  // A graph of other vectors (one stored coordinate changed) is rebuilt, not served.
  // hnswlib's header is 96 bytes; element 0's vector follows its 2m+1 link words (m = 16).
  std::string damaged = v2;
  damaged[net_end + 12 + 96 + 4 * 33 + 2] ^= 0x40;
  const auto fixed = loaded(damaged, spec);
  EXPECT_FALSE(saved(*fixed) == damaged);
  EXPECT_FALSE(saved(*fixed) == v2);
  RecommendRequest r;
  r.history.items = t.h[0];
  EXPECT_EQ(fixed->recommend(r).size(), 10u);
}

TEST(AnnModelFile, WithoutAnnTheFileIsVersionOneAsBefore) {
  const Trained t = train(kSpec);
  const std::string file = saved(*t.model);
  const auto [body, net_end] = body_and_net_end(file);
  EXPECT_EQ(file.compare(body, 8, std::string("SSDEEP1\0", 8)), 0);
  EXPECT_EQ(net_end, file.size());  // nothing after the network
  const auto back = loaded(file, kSpec);
  expect_same_lists(t, *t.model, *back);
  EXPECT_TRUE(saved(*back) == file);
}

TEST(AnnModelFile, IndexBlockReadOnlyForTheVectorsItWasBuiltFrom) {
  const size_t n = 1500, dim = 12;
  Rng rng(2);
  std::vector<float> v(n * dim), other(n * dim);
  for (auto& x : v) x = float(rng.normal());
  for (auto& x : other) x = float(rng.normal());
  Context ctx(3);
  const deep::AnnIndex built(v.data(), n, dim, {}, &ctx);
  std::ostringstream out;
  BinWriter w(out);
  built.save(w);
  auto reload = [&](const std::vector<float>& vectors) {
    std::istringstream in(out.str());
    BinReader r(in);
    return std::make_unique<deep::AnnIndex>(vectors.data(), n, dim, deep::AnnOptions{}, r);
  };
  const auto same = reload(v);
  EXPECT_TRUE(same->from_file());
  for (size_t q = 0; q < 50; ++q) {
    const auto a = built.search(v.data() + q * dim, 10), b = same->search(v.data() + q * dim, 10);
    ASSERT_EQ(a.size(), b.size());
    for (size_t k = 0; k < a.size(); ++k) EXPECT_EQ(a[k], b[k]);
  }
  // Another model's vectors (same count and size): the block is not theirs, so rebuilt.
  const auto rebuilt = reload(other);
  EXPECT_FALSE(rebuilt->from_file());
  const auto got = rebuilt->search(other.data(), 10);  // scores are inner products with `other`'s rows
  ASSERT_EQ(got.size(), 10u);
  for (const auto& [item, score] : got) {
    ASSERT_LT(item, n);
    float ip = 0;
    for (size_t j = 0; j < dim; ++j) ip += other[item * dim + j] * other[j];
    EXPECT_NEAR(score, ip, 1e-3f * std::max(1.0f, std::abs(ip)));
  }
}

}  // namespace
}  // namespace ss
