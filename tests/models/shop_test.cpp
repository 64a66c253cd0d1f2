// Every registered model on a generated shop with planted tastes: it must recover them
// better than popularity, round-trip its spec, and score identically after save/load.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

#include "models/registry.h"
#include "synth/generator.h"
#include "../support/held_out.h"

using namespace ss;

namespace {

// Each user's last purchased item is held out; training sees only the events before it.
using Split = testing_support::HeldOut;

const Split& split() {
  static const Split s = testing_support::make_held_out(400, 300, 11);
  return s;
}

struct Quality {
  double hit_rate = 0;        // held-out purchase in the top 10
  double category_share = 0;  // top-10 items in the user's planted favourite category
};

Quality evaluate(const Recommender& m, const Split& s) {
  Quality q;
  size_t users = 0, hits = 0, in_cat = 0, recs = 0;
  for (uint32_t u = 0; u < s.held_out.size(); ++u) {
    const auto& truth = s.shop.truth.users[u];
    if (s.held_out[u] == kNone || s.hist_items[u].empty() || truth.bot) continue;
    RecommendRequest req;
    req.user = u;
    req.history.items = s.hist_items[u];
    req.history.types = s.hist_types[u];
    req.k = 10;
    const auto out = m.recommend(req);
    ++users;
    for (const auto& r : out) {
      hits += r.item == s.held_out[u];
      in_cat += s.shop.truth.item_category[r.item] == truth.categories[0];
      ++recs;
    }
  }
  q.hit_rate = static_cast<double>(hits) / std::max<size_t>(users, 1);
  q.category_share = static_cast<double>(in_cat) / std::max<size_t>(recs, 1);
  return q;
}

const std::vector<std::string>& specs() {
  static const std::vector<std::string> v = {
      "pop",     "pop:mode=trending", "pop:mode=category", "itemknn", "userknn", "ease",  "rp3beta",
      "ials:iters=8", "bpr",  "content", "markov", "fbt", "hybrid:models=ease+content,weights=0.7+0.3",
      "ials:iters=8,ann=true"};
  return v;
}

std::unique_ptr<Recommender> train(const std::string& spec) {
  RecommenderRegistry reg;
  register_builtin_models(reg);
  auto m = reg.create(spec);
  Context ctx(2, 7);
  m->fit(TrainData{split().shop.data, split().train, {}}, ctx);
  return m;
}

// Trained once per spec and shared by the tests (training dominates the test time).
const Recommender& cached(const std::string& spec) {
  static std::map<std::string, std::unique_ptr<Recommender>> models;
  auto& m = models[spec];
  if (!m) m = train(spec);
  return *m;
}

const Quality& popularity() {
  static const Quality q = evaluate(cached("pop"), split());
  return q;
}

class EveryModel : public ::testing::TestWithParam<std::string> {};

}  // namespace

TEST_P(EveryModel, RecoversPlantedTastesBetterThanPopularity) {
  const Recommender* m = &cached(GetParam());
  const Quality q = evaluate(*m, split());
  std::printf("%-45s HR@10 %.3f  favourite-category share %.3f  (pop %.3f / %.3f)\n", GetParam().c_str(), q.hit_rate,
              q.category_share, popularity().hit_rate, popularity().category_share);
  if (GetParam() == "pop" || GetParam() == "pop:mode=trending") return;  // the baselines themselves
  if (GetParam() == "fbt") {
    // Bought-together answers carts, not tastes: it must find the planted complements.
    auto* sim = dynamic_cast<const ItemSimilarity*>(m);
    ASSERT_NE(sim, nullptr);
    size_t found = 0, asked = 0;
    for (uint32_t i = 0; i < split().shop.truth.complement.size(); ++i) {
      const uint32_t c = split().shop.truth.complement[i];
      if (c == kNone) continue;
      ++asked;
      for (const auto& r : sim->similar_items(i, 10)) found += r.item == c;
    }
    std::printf("fbt finds the planted complement in the top 10 for %zu of %zu items\n", found, asked);
    const double chance = static_cast<double>(asked) * 10.0 / split().shop.data.num_items();
    EXPECT_GT(static_cast<double>(found), 3.0 * chance);
  }
  EXPECT_GT(q.category_share, popularity().category_share + 0.1);
  // The strongest ones also find the held-out purchase clearly more often.
  for (const char* strong : {"ease", "rp3beta", "markov", "userknn", "hybrid"})
    if (GetParam().rfind(strong, 0) == 0) {
      EXPECT_GT(q.hit_rate, popularity().hit_rate + 0.05);
    }
}

TEST_P(EveryModel, SpecRoundTripsAndSaveLoadGivesIdenticalScores) {
  RecommenderRegistry reg;
  register_builtin_models(reg);
  const Recommender* m = &cached(GetParam());
  const Spec spec = m->spec();
  EXPECT_EQ(reg.create(spec.to_string())->spec(), spec);
  EXPECT_EQ(Spec::parse(spec.to_string()), spec);
  std::stringstream buf;
  m->save(buf);
  auto loaded = reg.create(spec);
  loaded->load(buf);
  EXPECT_EQ(loaded->spec(), spec);
  for (uint32_t u : {3u, 17u, 42u, 99u}) {
    RecommendRequest req;
    req.user = u;
    req.history.items = split().hist_items[u];
    req.history.types = split().hist_types[u];
    req.with_reasons = true;
    const auto a = m->recommend(req), b = loaded->recommend(req);
    ASSERT_EQ(a.size(), 10u);
    ASSERT_EQ(a.size(), b.size());
    for (size_t k = 0; k < a.size(); ++k) {
      EXPECT_EQ(a[k].item, b[k].item);
      EXPECT_EQ(a[k].score, b[k].score);
      EXPECT_EQ(a[k].reason, b[k].reason);
      EXPECT_FALSE(a[k].reason.empty());
      EXPECT_EQ(std::count(req.history.items.begin(), req.history.items.end(), a[k].item), 0);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Models, EveryModel, ::testing::ValuesIn(specs()),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

TEST(ColdStart, EmptyHistoryGetsTrendingAndNewItemsGetContentNeighbours) {
  const Recommender* m = &cached("ease");
  RecommendRequest req;  // anonymous, nothing seen
  req.with_reasons = true;
  const auto recs = m->recommend(req);
  ASSERT_EQ(recs.size(), 10u);
  EXPECT_EQ(recs[0].reason.rfind("popular", 0), 0u) << recs[0].reason;
  // Filters and exclusions are honoured.
  const uint32_t ex[] = {recs[0].item};
  req.exclude = ex;
  req.allow = [&](uint32_t i) { return split().shop.truth.item_category[i] == 2; };
  for (const auto& r : m->recommend(req)) {
    EXPECT_NE(r.item, recs[0].item);
    EXPECT_EQ(split().shop.truth.item_category[r.item], 2u);
  }
  // An item nobody has touched: content neighbours share its category.
  const Recommender* content = &cached("content");
  const auto& shop = split().shop;
  std::vector<size_t> seen(shop.data.num_items(), 0);
  for (uint32_t i : split().train.item)
    if (i != kNone) seen[i]++;
  const auto fresh = std::find(seen.begin(), seen.end(), 0u);
  if (fresh == seen.end()) GTEST_SKIP() << "every item has events";
  const uint32_t item = static_cast<uint32_t>(fresh - seen.begin());
  const auto nb = dynamic_cast<const ItemSimilarity*>(content)->similar_items(item, 5);
  ASSERT_EQ(nb.size(), 5u);
  for (const auto& r : nb) EXPECT_EQ(shop.truth.item_category[r.item], shop.truth.item_category[item]);
}

TEST(Ann, HnswRecallAgainstExactScoring) {
  // The same training without the index scores every item exactly: the same factors (fixed
  // seed), so the two top-10 lists differ only by what the index misses.
  const Recommender& m = cached("ials:iters=8,ann=true");
  const Recommender& exact_model = cached("ials:iters=8");
  double hits = 0, total = 0, identical_lists = 0, users = 0;
  for (uint32_t u = 0; u < split().hist_items.size(); ++u) {
    if (split().hist_items[u].empty()) continue;
    RecommendRequest req;
    req.history.items = split().hist_items[u];
    req.history.types = split().hist_types[u];
    const auto ann = m.recommend(req);
    const auto exact = exact_model.recommend(req);
    for (const auto& a : ann)
      hits += std::any_of(exact.begin(), exact.end(), [&](const auto& e) { return e.item == a.item; });
    total += static_cast<double>(exact.size());
    identical_lists += std::equal(ann.begin(), ann.end(), exact.begin(), exact.end(),
                                  [](const auto& a, const auto& b) { return a.item == b.item; });
    ++users;
  }
  ASSERT_GT(total, 100);
  std::printf("identical top-10 lists: %.0f of %.0f users\n", identical_lists, users);
  std::printf("hnsw recall@10 vs exact scoring: %.3f over %.0f recommendations\n", hits / total, total);
  EXPECT_GT(hits / total, 0.9);
}
