// Real time: an event changes the user's next recommendations at once; catalogue and rule
// changes apply to the next request; events citing a response id are attributed.
#include "fixture.h"

namespace ss::serve::testing {
namespace {

// A shop where "a" is always viewed with "b", "c" with "d"; plenty of filler items.
class RealtimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = std::make_unique<TempDir>("rt_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    server = std::make_unique<TestServer>(dir->path.string(), config());
    auto c = server->client();
    Json items = {{"items", Json::array()}};
    for (const char* id : {"a", "b", "c", "d"})
      items["items"].push_back({{"id", id}, {"title", std::string("Item ") + id}, {"category", "Home > Kitchen"}, {"price", 10}});
    for (int i = 0; i < 30; ++i)
      items["items"].push_back({{"id", "f" + std::to_string(i)}, {"category", i % 2 ? "Toys" : "Garden"}, {"price", 5 + i}});
    ASSERT_EQ(c->Post("/v1/items", items.dump(), "application/json")->status, 200);
    Json ev = {{"events", Json::array()}};
    int64_t t = 1'700'000'000'000;
    for (int u = 0; u < 20; ++u) {
      const std::string user = "p" + std::to_string(u);
      ev["events"].push_back({{"user", user}, {"item", "a"}, {"type", "view"}, {"ts", t}});
      ev["events"].push_back({{"user", user}, {"item", "b"}, {"type", "view"}, {"ts", t + 60'000}});
      ev["events"].push_back({{"user", user}, {"item", "c"}, {"type", "view"}, {"ts", t + 3 * 86'400'000LL}});
      ev["events"].push_back({{"user", user}, {"item", "d"}, {"type", "view"}, {"ts", t + 3 * 86'400'000LL + 60'000}});
      ev["events"].push_back({{"user", user}, {"item", "f" + std::to_string(u)}, {"type", "view"}, {"ts", t + 9 * 86'400'000LL}});
      t += 1000;
    }
    ASSERT_EQ(c->Post("/v1/events", ev.dump(), "application/json")->status, 200);
  }
  virtual ServeConfig config() { return {}; }
  Json recs(const std::string& user, const std::string& extra = "") {
    return body_of(server->client(kRead)->Get("/v1/users/" + user + "/recommendations?k=5" + extra));
  }
  void view(const std::string& user, const std::string& item, const std::string& ref = "", const char* type = "view") {
    Json e = {{"user", user}, {"item", item}, {"type", type}, {"ts", 1'700'000'000'000 + 10 * 86'400'000LL}};
    if (!ref.empty()) e["ref"] = ref;
    auto r = server->client()->Post("/v1/events", e.dump(), "application/json");
    ASSERT_EQ(r->status, 200) << r->body;
  }
  std::unique_ptr<TempDir> dir;
  std::unique_ptr<TestServer> server;
};

TEST_F(RealtimeTest, ANewEventChangesTheNextRecommendations) {
  view("x", "c");
  const Json before = recs("x");
  ASSERT_FALSE(before["items"].empty());
  EXPECT_EQ(before["items"][0]["item"], "d");
  const auto names_before = item_names(before);
  EXPECT_EQ(std::count(names_before.begin(), names_before.end(), "b"), 0);
  view("x", "a");  // no retrain: the next request must already reflect it
  const Json after = recs("x");
  EXPECT_EQ(after["items"][0]["item"], "b");
  EXPECT_NE(after["items"][0]["reason"].get<std::string>().find("Item a"), std::string::npos);
  const auto names_after = item_names(after);
  EXPECT_EQ(std::count(names_after.begin(), names_after.end(), "a"), 0);  // seen: excluded
  EXPECT_EQ(std::count(names_after.begin(), names_after.end(), "c"), 0);
}

TEST_F(RealtimeTest, CatalogueChangesApplyAtOnce) {
  view("x", "c");
  EXPECT_EQ(recs("x")["items"][0]["item"], "d");
  auto c = server->client();
  ASSERT_EQ(c->Post("/v1/items", R"({"id":"d","title":"Item d","category":"Home > Kitchen","in_stock":false})", "application/json")->status, 200);
  auto names = item_names(recs("x"));
  EXPECT_EQ(std::count(names.begin(), names.end(), "d"), 0);
  names = item_names(recs("x", "&in_stock=false"));
  EXPECT_EQ(names[0], "d");  // the caller may ask for out-of-stock items explicitly
  ASSERT_EQ(c->Delete("/v1/items/d")->status, 200);
  names = item_names(recs("x", "&in_stock=false"));
  EXPECT_EQ(std::count(names.begin(), names.end(), "d"), 0);  // deleted: never
}

TEST_F(RealtimeTest, BusinessRulesPinBuryBoostAndDiversity) {
  view("x", "c");
  auto c = server->client();
  // Request rules: pin f7, bury d.
  Json r = body_of(server->client(kRead)->Post("/v1/users/x/recommendations",
                                               R"({"k":5,"rules":{"pin":["f7"],"bury":{"items":["d"]}}})", "application/json"));
  auto names = item_names(r);
  ASSERT_EQ(names.size(), 5u);
  EXPECT_EQ(names[0], "f7");
  EXPECT_EQ(r["items"][0]["reason"], "pinned by a business rule");
  EXPECT_TRUE(std::count(names.begin(), names.end(), "d") == 0 || names.back() == "d");
  // Shop-wide rules: at most 1 per category, boost Toys.
  ASSERT_EQ(c->Put("/v1/admin/rules", R"({"max_per_category":1,"boost":{"categories":{"Toys":1000}}})", "application/json")->status, 200);
  r = recs("x");
  std::map<std::string, int> per_cat;
  for (const auto& it : r["items"]) ++per_cat[it.value("category", std::string("?"))];
  for (const auto& [cat, n] : per_cat) EXPECT_LE(n, 1) << cat;
  EXPECT_EQ(r["items"][0]["category"], "Toys");
  EXPECT_EQ(body_of(c->Get("/v1/admin/rules"))["max_per_category"], 1);
  EXPECT_EQ(c->Put("/v1/admin/rules", R"({"max_per_category":"one"})", "application/json")->status, 400);
}

TEST_F(RealtimeTest, SimilarTogetherAndSessionUseLiveCounts) {
  auto c = server->client(kRead);
  EXPECT_EQ(item_names(body_of(c->Get("/v1/items/a/similar?k=3")))[0], "b");
  EXPECT_EQ(item_names(body_of(c->Get("/v1/recommend/session?items=c&k=3")))[0], "d");
  // Bought together: three baskets of (a, f3).
  for (int u = 0; u < 3; ++u) {
    view("buyer" + std::to_string(u), "a", "", "purchase");
    view("buyer" + std::to_string(u), "f3", "", "purchase");
  }
  Json tog = body_of(c->Get("/v1/recommend/together?items=a&k=3"));
  EXPECT_EQ(tog["items"][0]["item"], "f3");
  EXPECT_NE(tog["items"][0]["reason"].get<std::string>().find("bought together"), std::string::npos);
}

TEST_F(RealtimeTest, EventsCitingAResponseAreAttributed) {
  view("x", "c");
  const Json r = recs("x");
  const std::string id = r["id"];
  view("x", r["items"][0]["item"], id, "click");
  view("x", r["items"][0]["item"], id, "click");  // counted once per response
  view("x", r["items"][0]["item"], id, "purchase");
  view("x", "f1", "r-not-a-response", "click");   // unknown ids are ignored
  const Json rep = body_of(server->client(kRead)->Get("/v1/attribution"));
  bool found = false;
  for (const auto& g : rep["groups"])
    if (g["placement"] == "user" && g["model"] == "covisit") {
      found = true;
      EXPECT_EQ(g["responses"], 1);
      EXPECT_EQ(g["clicked"], 1);
      EXPECT_EQ(g["purchased"], 1);
      EXPECT_LE(g["ctr_ci95"][0].get<double>(), 1.0);
    }
  EXPECT_TRUE(found) << rep.dump();
}

TEST_F(RealtimeTest, DeleteUserRemovesEverything) {
  view("x", "c");
  auto c = server->client();
  ASSERT_EQ(c->Get("/v1/users/x/profile")->status, 200);
  ASSERT_EQ(c->Delete("/v1/users/x")->status, 200);
  EXPECT_EQ(c->Get("/v1/users/x/profile")->status, 404);
  EXPECT_EQ(c->Get("/v1/users/x/recommendations")->status, 404);
  // Still serving, and others unaffected.
  EXPECT_EQ(c->Get("/v1/users/p1/recommendations")->status, 200);
}

class ExploreTest : public RealtimeTest {
  ServeConfig config() override {
    ServeConfig c;
    c.explore_share = 0.4;
    c.fresh_max_events = 0;
    return c;
  }
};

TEST_F(ExploreTest, FreshItemsGetAShareOfSlots) {
  auto c = server->client();
  ASSERT_EQ(c->Post("/v1/items", R"({"items":[{"id":"new1","category":"Garden"},{"id":"new2","category":"Garden"}]})", "application/json")->status, 200);
  view("x", "c");
  const Json r = recs("x");
  int explored = 0;
  for (const auto& it : r["items"])
    if (it["reason"].get<std::string>().find("new item") != std::string::npos) {
      ++explored;
      EXPECT_EQ(server->service->live.item_events(server->service->live.find_item(it["item"].get<std::string>())), 0u);
    }
  EXPECT_EQ(explored, 2);
  EXPECT_EQ(r["items"][0]["item"], "d");  // the first slot stays the model's best
}

}  // namespace
}  // namespace ss::serve::testing
