#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.h"
#include "fixture.h"
#include "search/index.h"
#include "search/searcher.h"

using namespace ss;
using namespace ss::search;

namespace {

std::vector<std::string> ids(const Searcher& s, const Dataset& d, const std::string& q) {
  SearchRequest r;
  r.query = q;
  r.fallback = false;
  std::vector<std::string> out;
  for (const Hit& h : s.search(r).hits) out.emplace_back(d.dicts.items.name(h.item));
  return out;
}

}  // namespace

TEST(SearchIndex, BuildsPostingsPerField) {
  auto shop = fixture::tools_shop();
  SearchIndex idx;
  EXPECT_EQ(idx.sync(shop.data.catalogue, shop.data.dicts), 8u);
  EXPECT_EQ(idx.live_docs(), 8u);
  const uint32_t t = idx.term("drill");
  ASSERT_NE(t, kNone);
  EXPECT_EQ(idx.doc_freq(t), 4u);  // three drills in title (+category), the bit set
  Posting p;
  ASSERT_TRUE(idx.postings(t).find(idx.doc_of_item(shop.data.dicts.items.find("d1")), p));
  EXPECT_EQ(p.tf[kTitle], 1);
  EXPECT_EQ(p.tf[kCategory], 1);  // "drills" stems to "drill"
  EXPECT_EQ(p.tf[kBrand], 0);
  EXPECT_EQ(idx.sync(shop.data.catalogue, shop.data.dicts), 0u);  // nothing changed
}

TEST(SearchIndex, FollowsCatalogueUpdatesAndDeletes) {
  auto shop = fixture::tools_shop();
  SearchIndex idx;
  idx.sync(shop.data.catalogue, shop.data.dicts);
  Searcher s(idx);
  EXPECT_EQ(ids(s, shop.data, "grill"), std::vector<std::string>{"g1"});
  // Retitle the grill, delete the fridge, add a new item.
  CatalogueItem g = *shop.data.catalogue.find(shop.data.dicts.items.find("g1"));
  g.title = "Charcoal smoker";
  shop.data.catalogue.upsert(g);
  shop.data.catalogue.remove(shop.data.dicts.items.find("r1"));
  shop.add("k1", "Kettle grill", "Weber", "grills", 149);
  EXPECT_EQ(idx.sync(shop.data.catalogue, shop.data.dicts), 3u);
  EXPECT_EQ(idx.live_docs(), 8u);
  EXPECT_EQ(ids(s, shop.data, "grill"), (std::vector<std::string>{"k1", "g1"}));  // g1 still a "grills" category
  EXPECT_EQ(ids(s, shop.data, "smoker"), std::vector<std::string>{"g1"});
  EXPECT_TRUE(ids(s, shop.data, "refrigerator").empty());
  idx.compact();
  EXPECT_EQ(idx.num_docs(), 8u);
  EXPECT_EQ(ids(s, shop.data, "smoker"), std::vector<std::string>{"g1"});
  EXPECT_EQ(ids(s, shop.data, "grill"), (std::vector<std::string>{"k1", "g1"}));
}

TEST(SearchIndex, SaveLoadGivesIdenticalResults) {
  auto shop = fixture::tools_shop();
  SearchIndex idx;
  idx.sync(shop.data.catalogue, shop.data.dicts);
  idx.remove(shop.data.dicts.items.find("d4"));
  const std::string path = (std::filesystem::temp_directory_path() / "ss_search_test.idx").string();
  idx.save(path);
  const SearchIndex back = SearchIndex::load(path);
  std::filesystem::remove(path);
  EXPECT_EQ(back.live_docs(), idx.live_docs());
  EXPECT_EQ(back.stats().terms, idx.stats().terms);
  Searcher a(idx), b(back);
  for (const char* q : {"drill", "samsung black", "dril bosch", "手机"}) {
    SearchRequest r;
    r.query = q;
    const auto ra = a.search(r), rb = b.search(r);
    ASSERT_EQ(ra.hits.size(), rb.hits.size()) << q;
    for (size_t i = 0; i < ra.hits.size(); ++i) {
      EXPECT_EQ(ra.hits[i].item, rb.hits[i].item);
      EXPECT_FLOAT_EQ(ra.hits[i].score, rb.hits[i].score);
    }
  }
  EXPECT_THROW(SearchIndex::load(path), Error);
}
