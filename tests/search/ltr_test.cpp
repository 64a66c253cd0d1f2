#include <gtest/gtest.h>

#include "search/ltr.h"
#include "synth/generator.h"

using namespace ss;
using namespace ss::search;

TEST(LoggedSearches, CollectsOutcomesOfTheSameSession) {
  Dataset d;
  const uint32_t u = d.dicts.users.intern("u"), a = d.dicts.items.intern("a"), b = d.dicts.items.intern("b");
  const uint32_t q = d.dicts.queries.intern("red kettle");
  d.events.push_back({.user = u, .item = kNone, .ts_ms = 1, .type = Behavior::kSearch, .session = 1, .query = q});
  d.events.push_back({.user = u, .item = a, .ts_ms = 2, .type = Behavior::kView, .session = 1, .query = kNone});
  d.events.push_back({.user = u, .item = a, .ts_ms = 3, .type = Behavior::kPurchase, .session = 1, .query = kNone});
  d.events.push_back({.user = u, .item = b, .ts_ms = 4, .type = Behavior::kView, .session = 2, .query = kNone});
  const auto s = logged_searches(d);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].query, "red kettle");
  ASSERT_EQ(s[0].outcomes.size(), 1u);  // b was in another session
  EXPECT_EQ(s[0].outcomes[0].first, a);
  EXPECT_EQ(s[0].outcomes[0].second, 3.f);
}

TEST(SearchRanking, PersonalAndLearnedRankingBeatTextOnHeldOutSearches) {
  GeneratorConfig cfg;
  cfg.users = 500;
  cfg.items = 300;
  cfg.categories = 10;
  cfg.brands = 20;
  cfg.days = 40;
  const SyntheticShop shop = generate_shop(cfg);
  RankingEvalOptions o;
  o.candidates = 60;
  o.ltr.rounds = 40;
  const RankingEval ev = evaluate_search_ranking(shop.data, o);
  EXPECT_GT(ev.test_searches, 20u);
  EXPECT_GT(ev.ndcg_personal, ev.ndcg_text);
  EXPECT_GT(ev.ndcg_ltr, ev.ndcg_text);
}
