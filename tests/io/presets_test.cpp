// Each preset on a small sample of its format, generated here with known contents.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/timeutil.h"
#include "io_test_util.h"

namespace ss::io::test {
namespace {

TEST(Presets, TaobaoCountsCategoriesAndTheBadTimestamp) {
  TempDir dir("taobao");
  std::string text;
  std::map<std::string, int> per_type;
  std::set<int> users, items;
  const char* kTypes[] = {"pv", "pv", "pv", "pv", "fav", "cart", "pv", "buy"};
  const int n = 500;
  for (int i = 0; i < n - 1; ++i) {
    const int u = 100 + (i * 7) % 37, it = 5000 + (i * 13) % 101;
    text += std::to_string(u) + "," + std::to_string(it) + "," + std::to_string(it % 9) + "," + kTypes[i % 8] + "," +
            std::to_string(1511658000 + i) + "\n";
    per_type[kTypes[i % 8]]++;
    users.insert(u), items.insert(it);
  }
  text += "301780,543546,4181361,pv,15\n";  // the real file's artefact, on line 500
  Collected c;
  ingest_into(c, {dir.write("UserBehavior.csv", text)}, preset(Preset::kTaobao));
  EXPECT_EQ(c.report.rows_read, 500u);
  EXPECT_EQ(c.report.rows_accepted, 499u);
  EXPECT_EQ(c.report.rejected_total(), 1u);
  ASSERT_EQ(rejected(c.report, Reject::kTimeRange), 1u);
  EXPECT_EQ(c.report.examples[static_cast<size_t>(Reject::kTimeRange)][0].line, 500u);
  EXPECT_TRUE(c.accepted);
  ASSERT_EQ(c.events.size(), 499u);
  std::map<Behavior, int> got;
  for (auto b : c.events.type) got[b]++;
  EXPECT_EQ(got[Behavior::kView], per_type["pv"]);
  EXPECT_EQ(got[Behavior::kFavorite], per_type["fav"]);
  EXPECT_EQ(got[Behavior::kAddToCart], per_type["cart"]);
  EXPECT_EQ(got[Behavior::kPurchase], per_type["buy"]);
  EXPECT_EQ(c.dicts.users.size(), users.size());
  EXPECT_EQ(c.dicts.items.size(), items.size());  // the rejected row's item was never interned
  EXPECT_EQ(c.events.ts_ms[0], 1511658000000);
  // A derived catalogue: each item once, with the category seen on its events.
  ASSERT_EQ(c.items.size(), items.size());
  for (const auto& it : c.items) {
    const int external = std::stoi(std::string(c.dicts.items.name(it.item)));
    EXPECT_EQ(c.dicts.categories.name(it.category), std::to_string(external % 9));
  }
  ASSERT_TRUE(c.events.has_category());
  EXPECT_EQ(c.dicts.categories.name(c.events.category[1]), std::to_string((5000 + 13) % 9));
}

std::string retail_sample() {
  return "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
         "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850.0,United Kingdom\n"
         "536365,71053,\"LANTERN, WHITE METAL\",6,12/1/2010 8:26,3.39,17850.0,United Kingdom\n"
         "536366,22633,HAND WARMER UNION JACK,6,2010-12-01 08:28:00,1.85,17850,United Kingdom\n"
         "C536379,85123A,WHITE HANGING HEART T-LIGHT HOLDER,-2,12/1/2010 9:41,2.55,14527.0,United Kingdom\n"
         "536414,22139,,56,12/1/2010 11:52,0,,United Kingdom\n"
         "536544,21773,DECORATIVE ROSE BATHROOM BOTTLE,1,12/1/2010 14:32,2.51,,United Kingdom\n"
         "536545,21774,BOTTLE,two,12/1/2010 14:32,2.51,12583.0,France\n";
}

TEST(Presets, OnlineRetailReturnsCustomersAndCatalogue) {
  TempDir dir("retail");
  Collected c;
  ingest_into(c, {dir.write("online_retail.csv", retail_sample())}, preset(Preset::kOnlineRetail));
  EXPECT_EQ(c.report.rows_read, 7u);
  EXPECT_EQ(c.report.rows_accepted, 4u);
  EXPECT_EQ(rejected(c.report, Reject::kNoCustomer), 2u);
  EXPECT_EQ(rejected(c.report, Reject::kBadNumber), 1u);
  EXPECT_EQ(c.report.examples[static_cast<size_t>(Reject::kBadNumber)][0].line, 8u);
  EXPECT_EQ(c.report.returns, 1u);
  ASSERT_EQ(c.events.size(), 4u);
  EXPECT_EQ(c.dicts.users.size(), 2u);  // 17850.0 and 17850 are one customer
  EXPECT_EQ(c.dicts.users.name(c.events.user[0]), "17850");
  EXPECT_EQ(c.events.type[0], Behavior::kPurchase);
  EXPECT_EQ(c.events.type[3], Behavior::kReturn);
  EXPECT_FLOAT_EQ(c.events.quantity[3], 2.0f);
  EXPECT_FLOAT_EQ(c.events.price[1], 3.39f);
  EXPECT_EQ(c.events.ts_ms[0], *parse_datetime_ms("2010-12-01 08:26:00"));
  EXPECT_EQ(c.events.ts_ms[2], *parse_datetime_ms("2010-12-01 08:28:00"));
  // Baskets: the invoice number is the session.
  EXPECT_EQ(c.events.session[0], c.events.session[1]);
  EXPECT_NE(c.events.session[0], c.events.session[2]);
  ASSERT_EQ(c.items.size(), 3u);
  EXPECT_EQ(c.items[1].title, "LANTERN, WHITE METAL");
  EXPECT_FLOAT_EQ(c.items[1].price, 3.39f);
  EXPECT_EQ(c.dicts.contexts.name(c.events.context[0]), "country=United Kingdom");

  IngestOptions keep = preset(Preset::kOnlineRetail);
  keep.keep_anonymous = true;
  Collected k;
  ingest_into(k, {dir.write("online_retail.csv", retail_sample())}, keep);
  EXPECT_EQ(k.report.rows_accepted, 6u);
  EXPECT_EQ(k.report.anonymous_rows, 2u);
  EXPECT_NE(k.dicts.users.find("anonymous"), kNone);
}

TEST(Presets, DigineticaViewsPurchasesAndProductCategories) {
  TempDir dir("digi");
  const auto views = dir.write("train-item-views.csv",
                               "session_id;user_id;item_id;timeframe;eventdate\n"
                               "1;NA;81766;526309;2016-05-09\n"
                               "1;NA;31331;1031018;2016-05-09\n"
                               "2;NA;32118;243569;2016-05-09\n"
                               "3;18278;9654;0;2016-05-06\n");
  const auto buys = dir.write("train-purchases.csv",
                              "sessionId;userId;timeframe;eventdate;ordernumber;itemId\n"
                              "3;18278;17100868;2016-05-06;16421;9654\n"
                              "4;NA;6454547;2016-05-06;16290;175874\n");
  const auto cats = dir.write("product-categories.csv", "itemId;categoryId\n81766;1096\n9654;1096\n31331;7\n");
  Collected c;
  ingest_into(c, {views, buys}, preset(Preset::kDiginetica), {cats});
  EXPECT_EQ(c.report.rows_read, 6u);
  EXPECT_EQ(c.report.rows_accepted, 6u);
  EXPECT_EQ(c.catalogue_report.rows_accepted, 3u);
  EXPECT_EQ(c.report.anonymous_rows, 4u);
  ASSERT_EQ(c.events.size(), 6u);
  // NA users are one anonymous user per session.
  EXPECT_EQ(c.events.user[0], c.events.user[1]);
  EXPECT_NE(c.events.user[0], c.events.user[2]);
  EXPECT_EQ(c.events.user[3], c.events.user[4]);  // user 18278 viewed then bought
  EXPECT_EQ(c.events.type[3], Behavior::kView);
  EXPECT_EQ(c.events.type[4], Behavior::kPurchase);
  EXPECT_EQ(c.events.ts_ms[0], *parse_datetime_ms("2016-05-09") + 526309);
  EXPECT_EQ(c.events.session[0], 1u);
  ASSERT_EQ(c.items.size(), 3u);
  EXPECT_EQ(c.dicts.categories.name(c.items[0].category), "1096");
  EXPECT_EQ(c.items[0].category, c.items[1].category);
}

TEST(Presets, S3RecSequencesGetIncreasingTimes) {
  TempDir dir("s3rec");
  Collected c;
  ingest_into(c, {dir.write("Beauty.txt", "1 1 2 3 4 5\n2 6 7 8 9 10 4 11\n3 4\n")}, preset(Preset::kS3Rec));
  EXPECT_EQ(c.report.rows_read, 3u);
  EXPECT_EQ(c.report.rows_accepted, 3u);
  ASSERT_EQ(c.events.size(), 13u);
  EXPECT_EQ(c.dicts.users.size(), 3u);
  EXPECT_EQ(c.dicts.items.size(), 11u);
  for (size_t i = 1; i < 5; ++i) EXPECT_LT(c.events.ts_ms[i - 1], c.events.ts_ms[i]);
  EXPECT_EQ(c.events.type[0], Behavior::kPurchase);
  EXPECT_EQ(c.dicts.items.name(c.events.item[11]), "11");
}

TEST(Presets, MovieLensColonsAndTabs) {
  TempDir dir("ml");
  Collected a, b;
  ingest_into(a, {dir.write("ratings.dat", "1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n")},
              preset(Preset::kMovieLens));
  ingest_into(b, {dir.write("u.data", "196\t242\t3\t881250949\n186\t302\t3\t891717742\n")}, preset(Preset::kMovieLens));
  ASSERT_EQ(a.events.size(), 3u);
  EXPECT_FLOAT_EQ(a.events.value[0], 5.0f);
  EXPECT_EQ(a.events.ts_ms[1], 978302109000);
  EXPECT_EQ(a.events.item[0], a.events.item[2]);
  ASSERT_EQ(b.events.size(), 2u);
  EXPECT_EQ(b.dicts.items.name(b.events.item[1]), "302");
  EXPECT_FLOAT_EQ(b.events.value[1], 3.0f);
}

TEST(Presets, ShopsenseEventsAndCatalogue) {
  TempDir dir("shop");
  const auto events = dir.write(
      "events.csv",
      "user_id,item_id,behavior,timestamp,session_id,query,quantity,price\n"
      "u1,i1,view,2024-01-01T10:00:00.000Z,s1,,,\n"
      "u1,,search,2024-01-01T10:00:05.000Z,s1,\"red, shoes\",,\n"
      "u1,i1,purchase,2024-01-01T10:01:00.000Z,s1,,2,9.99\n"
      "u1,i1,view\n");
  const auto cat = dir.write("catalogue.csv",
                             "item_id,title,description,category_path,brand,price,created_at,in_stock\n"
                             "i1,Red shoe,\"A shoe, red\",Fashion > Shoes,Acme,9.99,2023-06-01T00:00:00.000Z,true\n");
  Collected c;
  ingest_into(c, {events}, preset(Preset::kShopsense), {cat});
  EXPECT_EQ(c.report.rows_read, 4u);
  EXPECT_EQ(c.report.rows_accepted, 3u);
  EXPECT_EQ(rejected(c.report, Reject::kColumnCount), 1u);
  EXPECT_EQ(c.report.examples[static_cast<size_t>(Reject::kColumnCount)][0].line, 5u);
  ASSERT_EQ(c.events.size(), 3u);
  EXPECT_EQ(c.events.item[1], kNone);
  EXPECT_EQ(c.dicts.queries.name(c.events.query[1]), "red, shoes");
  EXPECT_FLOAT_EQ(c.events.quantity[2], 2.0f);
  ASSERT_EQ(c.items.size(), 1u);
  EXPECT_EQ(c.items[0].description, "A shoe, red");
  EXPECT_EQ(c.dicts.categories.name(c.items[0].category), "Shoes");
  EXPECT_EQ(c.dicts.brands.name(c.items[0].brand), "Acme");
  EXPECT_EQ(c.items[0].created_ms, *parse_datetime_ms("2023-06-01"));
}

}  // namespace
}  // namespace ss::io::test
