#include <gtest/gtest.h>

#include "search/porter.h"
#include "search/synonyms.h"
#include "search/tokenizer.h"
#include "search/vocabulary.h"

using namespace ss::search;

TEST(Tokenizer, AsciiLowercasesAndSplits) {
  Tokenizer t;
  EXPECT_EQ(t.tokenize("Cordless DRILL, 18V (2-pack)"), (std::vector<std::string>{"cordless", "drill", "18v", "2", "pack"}));
}

TEST(Tokenizer, FoldsAccentsAndCase) {
  Tokenizer t;
  EXPECT_EQ(t.tokenize("Crème BRÛLÉE Straße"), (std::vector<std::string>{"creme", "brulee", "strasse"}));
  EXPECT_EQ(t.tokenize("Ｆｕｌｌ width"), (std::vector<std::string>{"full", "width"}));
}

TEST(Tokenizer, SegmentsChineseAndJapanese) {
  Tokenizer t;
  const auto zh = t.tokenize("苹果手机壳");
  ASSERT_GE(zh.size(), 2u);
  EXPECT_NE(std::find(zh.begin(), zh.end(), "手机"), zh.end());
  EXPECT_NE(std::find(zh.begin(), zh.end(), "苹果"), zh.end());
  const auto ja = t.tokenize("東京のコーヒー");
  EXPECT_NE(std::find(ja.begin(), ja.end(), "コーヒー"), ja.end());
  EXPECT_NE(std::find(ja.begin(), ja.end(), "東京"), ja.end());
}

TEST(Porter, StemsLikeThePaper) {
  auto stem = [](std::string w) { porter_stem(w); return w; };
  EXPECT_EQ(stem("caresses"), "caress");
  EXPECT_EQ(stem("ponies"), "poni");
  EXPECT_EQ(stem("running"), "run");
  EXPECT_EQ(stem("drills"), "drill");
  EXPECT_EQ(stem("relational"), "relat");
  EXPECT_EQ(stem("hopeful"), "hope");
  EXPECT_EQ(stem("adjustment"), "adjust");
  EXPECT_EQ(stem("generalization"), "gener");
  EXPECT_EQ(stem("controlling"), "control");
  EXPECT_EQ(stem("x2"), "x2");
  EXPECT_EQ(stem_word("手机"), "手机");
}

TEST(Vocabulary, FuzzyAndPrefix) {
  Vocabulary v;
  v.add("drill", 0);
  v.add("grill", 1);
  v.add("driller", 2);
  v.add("refrigerator", 3);
  auto m = v.fuzzy("drils", 1);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(v.word(m[0].word), "drill");
  EXPECT_EQ(m[0].distance, 1);
  EXPECT_TRUE(v.fuzzy("dirll", 1).size() == 1);  // swapped neighbours count as one edit
  EXPECT_TRUE(v.fuzzy("refridgerater", 1).empty());
  auto m2 = v.fuzzy("refridgerater", 2);
  ASSERT_EQ(m2.size(), 1u);
  EXPECT_EQ(v.word(m2[0].word), "refrigerator");
  auto p = v.with_prefix("dri");
  EXPECT_EQ(p.size(), 2u);
  EXPECT_TRUE(v.with_prefix("x").empty());
}

TEST(Synonyms, EquivalentAndOneWay) {
  Synonyms s = Synonyms::parse("# comment\ntv, Television\nsofa => couch\n");
  EXPECT_EQ(s.expand("tv"), std::vector<std::string>{"television"});
  EXPECT_EQ(s.expand("television"), std::vector<std::string>{"tv"});
  EXPECT_EQ(s.expand("sofa"), std::vector<std::string>{"couch"});
  EXPECT_TRUE(s.expand("couch").empty());
}
