#include <gtest/gtest.h>

#include "fixture.h"
#include "search/searcher.h"
#include "search/suggest.h"
#include "synth/generator.h"

using namespace ss;
using namespace ss::search;

namespace {

struct Fixture {
  fixture::Shop shop = fixture::tools_shop();
  SearchIndex index;
  Fixture() { index.sync(shop.data.catalogue, shop.data.dicts); }
  uint32_t id(const std::string& s) const { return shop.data.dicts.items.find(s); }
  std::vector<std::string> names(const SearchResponse& r) const {
    std::vector<std::string> out;
    for (const Hit& h : r.hits) out.emplace_back(shop.data.dicts.items.name(h.item));
    return out;
  }
};

SearchRequest req(const std::string& q) {
  SearchRequest r;
  r.query = q;
  return r;
}

}  // namespace

TEST(Searcher, RanksTitleMatchesFirstAndMatchesAllWords) {
  Fixture f;
  Searcher s(f.index);
  auto r = s.search(req("bosch drill"));
  EXPECT_EQ(r.total, 2u);  // both Bosch drills; other drills lack "bosch"
  EXPECT_EQ(r.dropped_words, 0u);
  auto all = s.search(req("drill"));
  EXPECT_EQ(all.total, 4u);
  EXPECT_EQ(f.names(all).back(), "d4");  // the bit set: "drill" in title only, not in category
}

TEST(Searcher, ToleratesTyposButScoresThemLower) {
  Fixture f;
  Searcher s(f.index);
  auto r = s.search(req("refridgerator"));
  ASSERT_EQ(r.total, 1u);
  EXPECT_EQ(f.names(r)[0], "r1");
  SearchRequest e = req("refridgerator");
  e.explain = true;
  EXPECT_NE(s.search(e).hits[0].explanation.find("typo"), std::string::npos);
  EXPECT_LT(s.search(req("refridgerator")).hits[0].score, s.search(req("refrigerator")).hits[0].score);
  SearchRequest off = req("refridgerator");
  off.query_options.typos = false;
  off.fallback = false;
  EXPECT_EQ(s.search(off).total, 0u);
  EXPECT_EQ(s.search(req("tvs")).total, 1u);  // 3 letters: no typo budget, but the category word matches
}

TEST(Searcher, PrefixForTheLastWordWhenTyping) {
  Fixture f;
  Searcher s(f.index);
  SearchRequest r = req("samsung telev");
  auto before = s.search(r);
  EXPECT_EQ(before.total, 2u);  // both Samsung items, "telev" relaxed away
  EXPECT_EQ(before.dropped_words, 1u);
  r.query_options.prefix_last = true;
  auto res = s.search(r);
  ASSERT_EQ(res.total, 1u);
  EXPECT_EQ(f.names(res)[0], "t1");
}

TEST(Searcher, Synonyms) {
  Fixture f;
  Searcher s(f.index);
  Synonyms syn = Synonyms::parse("fridge, refrigerator\n");
  SearchRequest r = req("fridge");
  r.query_options.typos = false;
  r.fallback = false;
  EXPECT_EQ(s.search(r).total, 1u);  // the category path says "fridges"
  s.set_synonyms(&syn);
  SearchRequest t = req("tv");
  EXPECT_EQ(s.search(req("refrigerator")).total, 1u);
  Synonyms syn2 = Synonyms::parse("tv => television\n");
  s.set_synonyms(&syn2);
  SearchRequest tv = req("telly");
  tv.fallback = false;
  EXPECT_EQ(s.search(tv).total, 0u);
  auto res = s.search(req("tv"));
  ASSERT_EQ(res.total, 1u);
  EXPECT_EQ(f.names(res)[0], "t1");
}

TEST(Searcher, FiltersAndFacetCounts) {
  Fixture f;
  Searcher s(f.index);
  SearchRequest r = req("drill");
  r.facets = {"brand", "category", "colour", "price"};
  auto res = s.search(r);
  const uint32_t bosch = f.shop.data.dicts.brands.find("Bosch");
  ASSERT_FALSE(res.facets["brand"].empty());
  EXPECT_EQ(res.facets["brand"][0].id, bosch);
  EXPECT_EQ(res.facets["brand"][0].count, 2u);
  EXPECT_EQ(res.facets["category"][0].count, 3u);  // drills 3, accessories 1
  EXPECT_EQ(res.facets["colour"][0].value, "blue");
  EXPECT_EQ(res.facets["colour"][0].count, 2u);
  uint32_t priced = 0;
  for (const auto& c : res.facets["price"]) priced += c.count;
  EXPECT_EQ(priced, 4u);

  r.filter.brands = {bosch};
  EXPECT_EQ(s.search(r).total, 2u);
  r.filter.in_stock_only = true;
  EXPECT_EQ(f.names(s.search(r)), std::vector<std::string>{"d1"});
  SearchRequest p = req("drill");
  p.filter.price_min = 50;
  p.filter.price_max = 100;
  EXPECT_EQ(s.search(p).total, 2u);
  SearchRequest a = req("drill");
  a.filter.attributes = {{f.index.attr_keys().find("colour"), f.index.attr_values().find("teal")}};
  EXPECT_EQ(f.names(s.search(a)), std::vector<std::string>{"d2"});
}

TEST(Searcher, SortOrders) {
  Fixture f;
  Searcher s(f.index);
  SearchRequest r = req("drill");
  r.sort = SortBy::kPriceAsc;
  EXPECT_EQ(f.names(s.search(r)), (std::vector<std::string>{"d4", "d3", "d1", "d2"}));
  r.sort = SortBy::kPriceDesc;
  EXPECT_EQ(f.names(s.search(r)), (std::vector<std::string>{"d2", "d1", "d3", "d4"}));
  r.sort = SortBy::kNewest;
  EXPECT_EQ(f.names(s.search(r)), (std::vector<std::string>{"d4", "d3", "d2", "d1"}));
  ItemSignals sig;
  sig.popularity.assign(f.shop.data.num_items(), 0.f);
  sig.popularity[f.id("d3")] = 10;
  sig.popularity[f.id("d2")] = 5;
  s.set_signals(&sig);
  r.sort = SortBy::kPopularity;
  EXPECT_EQ(f.names(s.search(r))[0], "d3");
  EXPECT_EQ(f.names(s.search(r))[1], "d2");
  r.offset = 1;
  r.limit = 2;
  EXPECT_EQ(f.names(s.search(r)), (std::vector<std::string>{"d2", "d1"}));
}

TEST(Searcher, ChineseQueryFindsSegmentedTitle) {
  Fixture f;
  Searcher s(f.index);
  auto r = s.search(req("手机"));
  ASSERT_EQ(r.total, 1u);
  EXPECT_EQ(f.names(r)[0], "c1");
}

TEST(Searcher, RelaxesWordsThenFallsBackToClosestCategory) {
  Fixture f;
  Searcher s(f.index);
  auto r = s.search(req("makita drill zzzqqq"));
  EXPECT_EQ(r.dropped_words, 1u);
  EXPECT_EQ(f.names(r)[0], "d2");
  auto fb = s.search(req("grils barbecue"));  // "grils" is one edit from "grill"; "barbecue" relaxed away
  EXPECT_FALSE(fb.hits.empty());
  auto none = s.search(req("accesories"));    // typo -> accessories category
  ASSERT_FALSE(none.hits.empty());
  EXPECT_EQ(f.names(none)[0], "d4");
  auto cat = s.search(req("xyzzy"));
  EXPECT_FALSE(cat.fallback.empty());
}

TEST(Searcher, PersonalisationLiftsTheUsersBrand) {
  Fixture f;
  EventTable ev;
  const uint32_t u = f.shop.data.dicts.users.intern("u1");
  for (int k = 0; k < 5; ++k)
    ev.push_back({.user = u, .item = f.id("d2"), .ts_ms = k, .type = Behavior::kPurchase});  // a Makita fan
  UserProfiles profiles(ev, f.shop.data.catalogue, f.shop.data.num_users(), f.shop.data.num_items(), INT64_MAX);
  EXPECT_GT(profiles.affinity(u, f.id("d2")), profiles.affinity(u, f.id("d1")));
  Searcher s(f.index);
  s.set_profiles(&profiles);
  SearchRequest r = req("drill");
  const auto plain = f.names(s.search(r));
  r.user = u;
  r.explain = true;
  const auto res = s.search(r);
  EXPECT_NE(plain[0], "d2");
  EXPECT_EQ(f.names(res)[0], "d2");
  EXPECT_NE(res.hits[0].explanation.find("personal"), std::string::npos);
  r.personalize = false;
  EXPECT_EQ(f.names(s.search(r)), plain);
}

TEST(QuerySuggester, MostFrequentCompletions) {
  QuerySuggester q;
  q.add("cordless drill", 5);
  q.add("Cordless  Drill", 2);
  q.add("corner shelf", 3);
  q.add("drill bits", 9);
  auto s = q.suggest("cor", 5);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].query, "cordless drill");
  EXPECT_EQ(s[0].count, 7u);
  EXPECT_EQ(q.suggest("drill").size(), 1u);
}

TEST(Searcher, GeneratedShopQueriesFindTheirCategory) {
  GeneratorConfig cfg;
  cfg.users = 200;
  cfg.items = 400;
  cfg.days = 10;
  const SyntheticShop shop = generate_shop(cfg);
  SearchIndex index;
  index.sync(shop.data.catalogue, shop.data.dicts);
  Searcher s(index);
  // Every catalogue title finds its own item in the top 10.
  size_t found = 0, n = 0;
  for (const CatalogueItem& it : shop.data.catalogue.items()) {
    if (++n > 100) break;
    SearchRequest r = req(it.title);
    for (const Hit& h : s.search(r).hits) found += h.item == it.item;
  }
  EXPECT_GE(found, 95u);
}

TEST(Searcher, MatchManyAgreesWithMatch) {
  Fixture f;
  Searcher s(f.index);
  Tokenizer tok;
  const QueryPlan plan = plan_query("bosch drill blue", f.index, nullptr, QueryOptions{}, tok);
  std::vector<uint32_t> docs;
  for (uint32_t d = 0; d < f.index.num_docs(); ++d) docs.push_back(d);
  const auto many = s.match_many(plan, docs);
  for (uint32_t d : docs) {
    const DocMatch one = s.match(plan, d);
    EXPECT_FLOAT_EQ(many[d].bm25, one.bm25);
    EXPECT_FLOAT_EQ(many[d].coverage, one.coverage);
    EXPECT_EQ(many[d].groups_matched, one.groups_matched);
    for (int k = 0; k < kNumFields; ++k) EXPECT_FLOAT_EQ(many[d].field_bm25[k], one.field_bm25[k]);
  }
  EXPECT_EQ(many[f.index.doc_of_item(f.id("d1"))].groups_matched, 3);  // bosch (brand), drill, blue (attribute)
}
