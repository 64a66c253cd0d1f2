// The recommend hot path: the direct JSON writer against nlohmann's dump(), the written
// recommendation body against the document result_json() builds, and response ids kept in
// a ring (attributed while remembered, forgotten oldest first).
#include "fixture.h"
#include "serve/json_out.h"
#include "serve/rec_response.h"
#include "serve/routes.h"
#include "synth/generator.h"

namespace ss::serve::testing {
namespace {

std::string nlohmann_dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

TEST(JsonOut, StringsAreEscapedExactlyAsNlohmannDumpsThem) {
  const std::string cases[] = {"",
                               "plain text",
                               "quote \" backslash \\ slash /",
                               std::string("controls \x01\x1f\n\t\r\b\f end"),
                               "kept: caf\xC3\xA9 \xE2\x80\x93 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80 \x7F",
                               std::string("nul \0 inside", 12)};
  for (const auto& s : cases) {
    std::string out;
    json_string(out, s);
    EXPECT_EQ(out, nlohmann_dump(Json(s))) << s;
  }
  // Invalid UTF-8 never reaches the client: each bad byte becomes U+FFFD and the result parses.
  for (const std::string bad : {"a\xFF" "b", "cut \xE2\x80", "\xC0\xAF overlong", "\xED\xA0\x80 surrogate"}) {
    std::string out;
    json_string(out, bad);
    const Json back = Json::parse(out);
    EXPECT_NE(back.get<std::string>().find("\xEF\xBF\xBD"), std::string::npos) << out;
  }
}

TEST(JsonOut, NumbersReadBackToTheSameDoubleInNlohmannsLayout) {
  for (const double v : {0.0, -0.0, 1.0, -3.25, 100000.0, 1e-5, 0.0001, 0.00123, 1e21, 1e15, 1e16, 123456789.125,
                         static_cast<double>(0.1f), static_cast<double>(12.34f), static_cast<double>(3.3e-7f),
                         1.7976931348623157e308}) {
    std::string out;
    json_number(out, v);
    const Json back = Json::parse(out);
    EXPECT_TRUE(back.is_number_float()) << out;
    EXPECT_EQ(back.get<double>(), v) << out;
    EXPECT_EQ(out, nlohmann_dump(Json(v)));  // and laid out the same way
  }
  std::string out;
  json_number(out, std::nan(""));
  json_number(out, INFINITY);
  EXPECT_EQ(out, "nullnull");
}

TEST(JsonOut, RecommendationBodyEqualsTheNlohmannDocument) {
  TempDir dir("json_out");
  GeneratorConfig g;
  g.users = 200;
  g.items = 80;
  g.categories = 6;
  g.days = 10;
  SyntheticShop shop = generate_shop(g);
  // A title that needs escaping, and an item without a catalogue entry or price.
  auto items = shop.data.catalogue.items();
  items[0].title = "Kettle \"Deluxe\" \\ 1.7l\tcaf\xC3\xA9";
  shop.data.catalogue = Catalogue();
  for (size_t i = 1; i + 1 < items.size(); ++i) shop.data.catalogue.upsert(items[i]);
  shop.data.catalogue.upsert(items[0]);
  write_store(dir.path.string(), shop.data);
  ServeConfig c;
  c.data_dir = dir.path.string();
  c.quiet = true;
  c.work_threads = 1;
  Service s(c, make_test_model);
  size_t compared = 0;
  for (uint32_t u = 0; u < 40; ++u) {
    RecQuery q;
    q.k = 12;
    q.user = u;
    q.user_name = std::string(shop.data.dicts.users.name(u));
    s.live.copy_history(u, q.history);
    const RecResult r = s.recommend(q);
    ASSERT_FALSE(r.items.empty());
    // The same document (parsed: the digits of a double may differ in nlohmann's rare
    // non-shortest cases, the value never does).
    EXPECT_EQ(Json::parse(result_body(s, r)), result_json(s, r));
    compared += r.items.size();
  }
  // An experiment adds its name and variant around the items.
  RecResult r;
  r.id = "r1";
  r.model = "covisit";
  r.experiment = "exp \"a\"";
  r.variant = "b";
  r.items = {{items[0].item, 0.5f, "because you viewed X"}, {kNone - 1, 0.25f, "unknown id"}};
  EXPECT_EQ(Json::parse(result_body(s, r)), result_json(s, r));
  EXPECT_NE(result_body(s, r).find(R"("title":"Kettle \"Deluxe\" \\ 1.7l\tcaf)"), std::string::npos);
  EXPECT_GT(compared, 100u);
  s.shutdown();
}

TEST(AttributionRing, IdsAreAttributedWhileRememberedAndOnlyExactly) {
  Attribution a(/*capacity=*/3, /*salt=*/0xABCDEF);
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(a.record("user", i % 2 ? "knn" : "mf", "", ""));
  EXPECT_EQ(ids[0], "rabcdef00000000");
  EXPECT_EQ(ids[4], "rabcdef00000004");
  // 0 and 1 were pushed out by 2, 3, 4; unknown, malformed and re-cased ids are ignored.
  EXPECT_FALSE(a.on_event(ids[0], Behavior::kClick));
  EXPECT_FALSE(a.on_event(ids[1], Behavior::kClick));
  EXPECT_FALSE(a.on_event("rabcdef00000009", Behavior::kClick));
  EXPECT_FALSE(a.on_event("rABCDEF00000004", Behavior::kClick));
  EXPECT_FALSE(a.on_event("rabcdef0000004", Behavior::kClick));
  EXPECT_FALSE(a.on_event("rabcdef0000000g", Behavior::kClick));
  EXPECT_TRUE(a.on_event(ids[2], Behavior::kClick));
  EXPECT_TRUE(a.on_event(ids[2], Behavior::kClick));  // counted once
  EXPECT_TRUE(a.on_event(ids[3], Behavior::kPurchase));  // implies a click
  EXPECT_TRUE(a.on_event(ids[4], Behavior::kAddToCart));
  const Json report = a.report();
  ASSERT_EQ(report.size(), 2u);
  for (const auto& g : report) {
    const bool knn = g["model"] == "knn";  // responses 1, 3 (knn) and 0, 2, 4 (mf)
    EXPECT_EQ(g["responses"].get<int>(), knn ? 2 : 3);
    EXPECT_EQ(g["clicked"].get<int>(), knn ? 1 : 2);
    EXPECT_EQ(g["carted"].get<int>(), knn ? 0 : 1);
    EXPECT_EQ(g["purchased"].get<int>(), knn ? 1 : 0);
  }
}

}  // namespace
}  // namespace ss::serve::testing
