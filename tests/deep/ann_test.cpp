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

// A generated 300-user shop and each user's item history.
struct ShopWithHistories {
  SyntheticShop shop;
  std::vector<std::vector<uint32_t>> h;
};
ShopWithHistories shop_with_histories(uint32_t items, uint64_t seed) {
  GeneratorConfig c;
  c.users = 300;
  c.items = items;
  c.categories = 8;
  c.days = 30;
  c.bot_fraction = 0;
  c.seed = seed;
  ShopWithHistories s{generate_shop(c), {}};
  s.h.resize(s.shop.data.num_users());
  for (size_t i = 0; i < s.shop.data.events.size(); ++i)
    if (s.shop.data.events.item[i] != kNone) s.h[s.shop.data.events.user[i]].push_back(s.shop.data.events.item[i]);
  return s;
}

TEST(AnnIndex, TransformerServedThroughTheIndex) {
  const auto [shop, h] = shop_with_histories(400, 7);
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

// Exact top-k of a dense scorer for the request: history excluded, filter applied.
std::vector<uint32_t> exact_filtered(const DenseScorer& m, const RecommendRequest& r, size_t items) {
  std::vector<float> s(items, 0.0f);
  if (!m.score(r, s)) return {};
  std::vector<uint32_t> cand;
  for (uint32_t i = 0; i < items; ++i)
    if (std::count(r.history.items.begin(), r.history.items.end(), i) == 0 && r.allow(i)) cand.push_back(i);
  const size_t k = std::min(r.k, cand.size());
  std::partial_sort(cand.begin(), cand.begin() + long(k), cand.end(), [&](uint32_t a, uint32_t b) { return s[a] > s[b]; });
  cand.resize(k);
  return cand;
}

TEST(AnnIndex, FilteredRequestsThroughTheIndex) {
  const auto [shop, h] = shop_with_histories(2000, 9);
  Context ctx(1, 5, true);
  auto ann = make_deep_model(Spec::parse("sasrec:dim=16,layers=1,epochs=1,batch=64,val_users=0,max_len=10,ann=true"));
  ann->fit({shop.data, shop.data.events, {}}, ctx);
  const auto& exact = dynamic_cast<const DenseScorer&>(*ann);  // the same model, every item scored
  const size_t items = shop.data.num_items();
  double hits = 0, n = 0;
  size_t full_lists = 0, users = 0;
  for (uint32_t u = 0; u < 100; ++u) {
    if (h[u].empty()) continue;
    ++users;
    RecommendRequest r;
    r.history.items = h[u];
    r.k = 10;
    r.allow = [](uint32_t i) { return i % 3 == 0; };  // a third of the catalogue
    const auto got = ann->recommend(r);
    const auto truth = exact_filtered(exact, r, items);
    ASSERT_EQ(got.size(), truth.size());
    for (const auto& x : got) {
      EXPECT_EQ(x.item % 3, 0u) << "filter ignored";
      EXPECT_EQ(std::count(h[u].begin(), h[u].end(), x.item), 0) << "history item returned";
      hits += double(std::count(truth.begin(), truth.end(), x.item));
    }
    n += double(truth.size());
    // Only 14 items pass: the index's candidates hold too few, exact scoring answers.
    RecommendRequest rare = r;
    rare.allow = [&](uint32_t i) { return i % 150 == 7 && std::count(h[u].begin(), h[u].end(), i) == 0; };
    const auto few = ann->recommend(rare);
    const auto few_truth = exact_filtered(exact, rare, items);
    full_lists += few.size() == 10;
    ASSERT_EQ(few.size(), few_truth.size());
    for (size_t k = 0; k < few.size(); ++k) EXPECT_EQ(few[k].item, few_truth[k]);
  }
  EXPECT_GE(hits / n, 0.95);
  EXPECT_EQ(full_lists, users);  // 14 allowed minus the history's: at least 10 here
}

}  // namespace
}  // namespace ss
