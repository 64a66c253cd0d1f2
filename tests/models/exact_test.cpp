// Hand-computed values on tiny tables: EASE's closed form, item-kNN cosine, the top-k
// selection, the registry's errors and model-file checks.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/error.h"
#include "models/registry.h"
#include "models/model_file.h"
#include "models/scoring_model.h"

using namespace ss;

namespace {

// Users x items 0/1 rows; each 1 becomes one purchase event.
Dataset tiny(const std::vector<std::vector<int>>& x) {
  Dataset d;
  for (size_t u = 0; u < x.size(); ++u) d.dicts.users.intern("u" + std::to_string(u));
  for (size_t i = 0; i < x[0].size(); ++i) d.dicts.items.intern("i" + std::to_string(i));
  for (size_t u = 0; u < x.size(); ++u)
    for (size_t i = 0; i < x[u].size(); ++i)
      if (x[u][i]) {
        EventRow r;
        r.user = static_cast<uint32_t>(u);
        r.item = static_cast<uint32_t>(i);
        r.type = Behavior::kPurchase;
        r.ts_ms = static_cast<int64_t>(1000 * (u * 10 + i));
        d.events.push_back(r);
      }
  return d;
}

std::unique_ptr<Recommender> trained(const std::string& spec, const Dataset& d) {
  RecommenderRegistry reg;
  register_builtin_models(reg);
  auto m = reg.create(spec);
  Context ctx(1);
  m->fit(TrainData{d, d.events, {}}, ctx);
  return m;
}

float score_of(const std::vector<Recommendation>& recs, uint32_t item) {
  for (const auto& r : recs)
    if (r.item == item) return r.score;
  return NAN;
}

}  // namespace

TEST(Ease, MatchesHandComputedClosedForm) {
  // X^T X = [[2,1,1],[1,2,0],[1,0,1]]; lambda = 1 gives G = [[3,1,1],[1,3,0],[1,0,2]],
  // det G = 13, P = G^-1 = [[6,-2,-3],[-2,5,1],[-3,1,8]] / 13, B_ij = -P_ij / P_jj.
  const Dataset d = tiny({{1, 1, 0}, {1, 0, 1}, {0, 1, 0}});
  auto m = trained("ease:lambda=1", d);
  const uint32_t hist[] = {0};
  RecommendRequest req;
  req.history.items = hist;
  req.k = 3;
  req.exclude_history = false;
  const auto recs = m->recommend(req);
  // Row 0 of B: [0, 2/5, 3/8].
  EXPECT_NEAR(score_of(recs, 1), 2.0f / 5.0f, 1e-5);
  EXPECT_NEAR(score_of(recs, 2), 3.0f / 8.0f, 1e-5);
  EXPECT_NEAR(score_of(recs, 0), 0.0f, 1e-6);
  EXPECT_EQ(recs[0].item, 1u);
  // Two items in history: scores add rows 1 and 2: B_10 + B_20 = 2/6 + 3/6.
  const uint32_t hist2[] = {1, 2};
  req.history.items = hist2;
  EXPECT_NEAR(score_of(m->recommend(req), 0), 5.0f / 6.0f, 1e-5);
}

TEST(ItemKnn, CosineValuesAndReasons) {
  // Item columns: i0 = (1,1,0), i1 = (1,0,1), i2 = (1,1,1). cos(0,2) = 2/sqrt(6),
  // cos(0,1) = 1/2, with shrink 0.
  const Dataset d = tiny({{1, 1, 1}, {1, 0, 1}, {0, 1, 1}});
  auto m = trained("itemknn:shrink=0,binary=true", d);
  auto* sim = dynamic_cast<ItemSimilarity*>(m.get());
  ASSERT_NE(sim, nullptr);
  const auto nb = sim->similar_items(0, 5);
  ASSERT_EQ(nb.size(), 2u);
  EXPECT_EQ(nb[0].item, 2u);
  EXPECT_NEAR(nb[0].score, 2.0 / std::sqrt(6.0), 1e-6);
  EXPECT_NEAR(nb[1].score, 0.5, 1e-6);
  // Asymmetric cosine with alpha = 1: c_ij / n_i.
  auto a = trained("itemknn:shrink=0,binary=true,alpha=1", d);
  EXPECT_NEAR(dynamic_cast<ItemSimilarity*>(a.get())->similar_items(0, 1)[0].score, 1.0, 1e-6);
  // Shrinkage damps: 2 / (sqrt(6) + 10).
  auto s = trained("itemknn:shrink=10,binary=true", d);
  EXPECT_NEAR(dynamic_cast<ItemSimilarity*>(s.get())->similar_items(0, 1)[0].score, 2.0 / (std::sqrt(6.0) + 10), 1e-6);
  // Reason names the history item contributing most.
  const uint32_t hist[] = {0};
  const Behavior types[] = {Behavior::kPurchase};
  RecommendRequest req;
  req.history.items = hist;
  req.history.types = types;
  req.with_reasons = true;
  const auto recs = m->recommend(req);
  ASSERT_FALSE(recs.empty());
  EXPECT_EQ(recs[0].item, 2u);
  EXPECT_EQ(recs[0].reason, "because you bought i0");
}

TEST(TopK, HeapSelectionSkipsExcludedAndOrdersTies) {
  const float s[] = {0.5f, -INFINITY, 2.0f, 2.0f, 0.0f, 1.0f};
  const auto top = top_k(s, 3, false);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].first, 2u);
  EXPECT_EQ(top[1].first, 3u);
  EXPECT_EQ(top[2].first, 5u);
  EXPECT_EQ(top_k(s, 10, true).size(), 4u);
  EXPECT_EQ(top_k(s, 10, false, [](uint32_t i) { return i % 2 == 0; }).size(), 3u);
}

TEST(Registry, UnknownNamesAndKeysAreClearErrors) {
  RecommenderRegistry reg;
  register_builtin_models(reg);
  try {
    reg.create("easy:lambda=3");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("valid models: bpr, content, ease"), std::string::npos) << e.what();
  }
  EXPECT_THROW(reg.create("ease:lamda=3"), Error);
  EXPECT_THROW(reg.create("ials:factors=0"), Error);
  EXPECT_THROW(reg.create("pop:mode=weird"), Error);
  EXPECT_THROW(reg.create("hybrid:models=ease+pop,weights=1"), Error);
  EXPECT_THROW(reg.create("hybrid:models=ease+nope"), Error);
  EXPECT_NE(reg.help("ials").find("factors"), std::string::npos);
}

TEST(ModelFile, MismatchAndTruncationAreClearErrors) {
  const Dataset d = tiny({{1, 1, 0}, {1, 0, 1}, {0, 1, 0}});
  auto m = trained("itemknn", d);
  std::stringstream buf;
  m->save(buf);
  RecommenderRegistry reg;
  register_builtin_models(reg);
  auto other = reg.create("ease");
  std::stringstream copy(buf.str());
  EXPECT_THROW(other->load(copy), Error);
  std::stringstream cut(buf.str().substr(0, buf.str().size() / 2));
  auto same = reg.create("itemknn");
  EXPECT_THROW(same->load(cut), Error);
  std::string bad = buf.str();
  bad[8] = 99;  // format version
  std::stringstream wrong(bad);
  try {
    same->load(wrong);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("format version"), std::string::npos);
  }
  RecommendRequest req;
  EXPECT_THROW(reg.create("pop")->recommend(req), Error);  // not trained
}

TEST(ModelFile, FileRoundTripRebuildsTheRightModel) {
  const Dataset d = tiny({{1, 1, 0}, {1, 0, 1}, {0, 1, 1}});
  auto m = trained("rp3beta:beta=0.3", d);
  const std::string path = ::testing::TempDir() + "ss_models_file_test.bin";
  save_model_file(*m, path);
  RecommenderRegistry reg;
  register_builtin_models(reg);
  auto loaded = load_model_file(path, reg);
  EXPECT_EQ(loaded->spec().to_string(), m->spec().to_string());
  const uint32_t hist[] = {0};
  RecommendRequest req;
  req.history.items = hist;
  const auto a = m->recommend(req), b = loaded->recommend(req);
  ASSERT_EQ(a.size(), b.size());
  for (size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k].item, b[k].item);
    EXPECT_EQ(a[k].score, b[k].score);
  }
  std::remove(path.c_str());
  EXPECT_THROW(load_model_file(path, reg), Error);
}
