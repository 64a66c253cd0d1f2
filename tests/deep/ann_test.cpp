// The hnswlib index over item embeddings: top-k recall against exact inner-product scoring,
// on clustered embeddings of uneven norms (the case plain HNSW-on-IP handles worst), and a
// transformer served through it returning (nearly) the same lists as exact scoring.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <set>

#include "core/rng.h"
#include "deep/ann.h"
#include "deep/register.h"
#include "synth/generator.h"

namespace ss {
namespace {

std::vector<uint32_t> exact_top(const std::vector<float>& v, size_t dim, const float* q, size_t k) {
  const size_t n = v.size() / dim;
  std::vector<float> s(n, 0);
  for (size_t r = 0; r < n; ++r)
    for (size_t j = 0; j < dim; ++j) s[r] += v[r * dim + j] * q[j];
  std::vector<uint32_t> idx(n);
  std::iota(idx.begin(), idx.end(), 0u);
  std::partial_sort(idx.begin(), idx.begin() + long(k), idx.end(), [&](uint32_t a, uint32_t b) { return s[a] > s[b]; });
  idx.resize(k);
  return idx;
}

TEST(AnnIndex, TopKRecallAgainstExactInnerProduct) {
  const size_t n = 6000, dim = 32, k = 10, queries = 200;
  Rng rng(5);
  std::vector<float> centres(40 * dim), v(n * dim);
  for (auto& x : centres) x = float(rng.normal());
  for (size_t r = 0; r < n; ++r) {
    const size_t c = rng.below(40);
    const float scale = float(0.3 + rng.uniform() * 1.5);  // uneven norms, like popular items
    for (size_t j = 0; j < dim; ++j) v[r * dim + j] = scale * (centres[c * dim + j] + 0.5f * float(rng.normal()));
  }
  deep::AnnIndex index(v.data(), n, dim);
  ASSERT_EQ(index.size(), n);
  double hits = 0;
  for (size_t i = 0; i < queries; ++i) {
    std::vector<float> q(dim);
    const size_t c = rng.below(40);
    for (size_t j = 0; j < dim; ++j) q[j] = centres[c * dim + j] + float(rng.normal());
    const auto truth = exact_top(v, dim, q.data(), k);
    const auto got = index.search(q.data(), k);
    ASSERT_EQ(got.size(), k);
    for (size_t a = 1; a < got.size(); ++a) EXPECT_GE(got[a - 1].second, got[a].second - 1e-4f);
    const std::set<uint32_t> t(truth.begin(), truth.end());
    for (const auto& [item, score] : got) hits += t.count(item);
  }
  const double recall = hits / double(queries * k);
  EXPECT_GE(recall, 0.95) << "recall@10 " << recall;
  // The score returned is the inner product itself.
  const auto top = index.search(v.data(), 1);
  float ip = 0;
  for (size_t j = 0; j < dim; ++j) ip += v[top[0].first * dim + j] * v[j];
  EXPECT_NEAR(top[0].second, ip, 1e-3f * std::max(1.0f, std::abs(ip)));
}

TEST(AnnIndex, TransformerServedThroughTheIndex) {
  GeneratorConfig c;
  c.users = 300;
  c.items = 400;
  c.categories = 8;
  c.days = 30;
  c.bot_fraction = 0;
  c.seed = 7;
  const auto shop = generate_shop(c);
  std::vector<std::vector<uint32_t>> h(shop.data.num_users());
  for (size_t i = 0; i < shop.data.events.size(); ++i)
    if (shop.data.events.item[i] != kNone) h[shop.data.events.user[i]].push_back(shop.data.events.item[i]);
  const std::string base = "sasrec:dim=16,layers=1,epochs=2,batch=64,val_users=0,max_len=10";
  Context ctx1(1, 5, true), ctx2(1, 5, true);
  auto exact = make_deep_model(Spec::parse(base));
  auto ann = make_deep_model(Spec::parse(base + ",ann=true"));
  exact->fit({shop.data, shop.data.events, {}}, ctx1);
  ann->fit({shop.data, shop.data.events, {}}, ctx2);
  double hits = 0, n = 0;
  for (uint32_t u = 0; u < 100; ++u) {
    RecommendRequest r;
    r.history.items = h[u];
    r.k = 10;
    const auto a = exact->recommend(r), b = ann->recommend(r);
    std::set<uint32_t> t;
    for (const auto& x : a) t.insert(x.item);
    for (const auto& x : b) {
      hits += t.count(x.item);
      EXPECT_EQ(std::count(h[u].begin(), h[u].end(), x.item), 0) << "history item returned";
    }
    n += double(a.size());
  }
  EXPECT_GE(hits / n, 0.95);
}

}  // namespace
}  // namespace ss
