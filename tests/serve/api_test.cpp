// Each endpoint answers; auth is enforced; bad input gets a clear 4xx, never a crash.
#include "shop_server.h"

namespace ss::serve::testing {
namespace {

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    served = new ServedShop("api", GeneratorConfig{.users = 300, .items = 120, .categories = 8, .days = 20});
    shop = &served->shop;
    server = served->server.get();
  }
  static void TearDownTestSuite() { delete served; }
  static std::string user0() { return std::string(shop->data.dicts.users.name(shop->data.events.user[0])); }
  static std::string item0() { return std::string(shop->data.dicts.items.name(shop->data.events.item[0])); }
  static inline ServedShop* served = nullptr;
  static inline const SyntheticShop* shop = nullptr;
  static inline TestServer* server = nullptr;
};

TEST_F(ApiTest, HealthIsOpenAndCountsTheStore) {
  auto r = server->client("")->Get("/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  const Json j = body_of(r);
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["users"].get<size_t>(), shop->data.num_users());
  EXPECT_GE(j["events"].get<size_t>(), shop->data.events.size());
}

TEST_F(ApiTest, ReadEndpointsNeedTheReadOrAdminKey) {
  const std::string path = "/v1/users/" + user0() + "/recommendations?k=5";
  auto none = server->client("")->Get(path);
  EXPECT_EQ(none->status, 401);
  EXPECT_TRUE(body_of(none).contains("error"));
  EXPECT_EQ(server->client("wrong")->Get(path)->status, 403);
  EXPECT_EQ(server->client(kRead)->Get(path)->status, 200);
  EXPECT_EQ(server->client(kAdmin)->Get(path)->status, 200);
  EXPECT_EQ(server->client("")->Get("/metrics")->status, 401);
}

TEST_F(ApiTest, IngestAndAdminRefuseWithoutTheAdminKey) {
  const std::string ev = R"({"user":"u-auth","item":"i-auth","type":"view"})";
  EXPECT_EQ(server->client("")->Post("/v1/events", ev, "application/json")->status, 401);
  EXPECT_EQ(server->client(kRead)->Post("/v1/events", ev, "application/json")->status, 403);
  EXPECT_EQ(server->client(kRead)->Get("/v1/admin/models")->status, 403);
  EXPECT_EQ(server->client(kRead)->Delete("/v1/users/" + user0())->status, 403);
  // Bearer works as well as X-API-Key.
  auto c = server->client("");
  c->set_default_headers({{"Authorization", std::string("Bearer ") + kAdmin}});
  EXPECT_EQ(c->Post("/v1/events", ev, "application/json")->status, 200);
  // Nothing refused was stored: only the one accepted event.
  EXPECT_NE(server->service->live.find_user("u-auth"), kNone);
}

TEST_F(ApiTest, ServerWithoutAdminKeyDisablesIngest) {
  TempDir d("nokey");
  ServeConfig explicit_none;  // no keys at all
  explicit_none.data_dir = d.path.string();
  explicit_none.port = 0;
  explicit_none.quiet = true;
  Service svc(explicit_none, nullptr);
  HttpServer http(svc);
  const int port = http.bind();
  std::thread t([&] { http.run(); });
  httplib::Client cl("127.0.0.1", port);
  auto r = cl.Post("/v1/events", R"({"user":"a","item":"b","type":"view"})", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_NE(body_of(r)["error"].get<std::string>().find("SHOPSENSE_ADMIN_KEY"), std::string::npos);
  EXPECT_EQ(cl.Get("/v1/recommend/trending")->status, 200);  // no read key: reads are open
  http.stop();
  t.join();
}

TEST_F(ApiTest, BadInputGetsFourHundredsWithAMessage) {
  auto c = server->client();
  struct Case {
    std::string body;
    int status;
    std::string mention;
  };
  const std::vector<Case> cases = {
      {"{not json", 400, "malformed JSON"},
      {"", 400, "empty"},
      {"[1,2]", 400, "object"},
      {R"({"user":["x"],"item":"i","type":"view"})", 400, "expected a string"},
      {R"({"user":"u","item":"i","type":"teleport"})", 400, "unknown behaviour"},
      {R"({"user":"u","item":"i"})", 400, "type"},
      {R"({"user":"u","item":"i","type":"view","ts":"yesterday-ish"})", 400, "time"},
      {R"({"user":"u","item":"i","type":"view","price":"cheap"})", 400, "expected a number"},
      {R"({"events":"lots"})", 400, "array"},
      {R"({"events":[]})", 400, "empty"},
      {R"({"events":[{"user":"u","item":"i","type":"view"}, 7]})", 400, "events[1]"},
  };
  for (const auto& k : cases) {
    auto r = c->Post("/v1/events", k.body, "application/json");
    ASSERT_TRUE(r) << k.body;
    EXPECT_EQ(r->status, k.status) << k.body;
    const Json j = body_of(r);
    ASSERT_TRUE(j.contains("error")) << r->body;
    EXPECT_NE(j["error"].get<std::string>().find(k.mention), std::string::npos) << j["error"] << " for " << k.body;
  }
  EXPECT_EQ(server->service->live.find_user("u"), kNone);  // none of it was stored
}

TEST_F(ApiTest, LimitsOnBatchKAndBody) {
  auto c = server->client();
  Json big = {{"events", Json::array()}};
  for (size_t i = 0; i <= server->service->config.max_batch; ++i) big["events"].push_back({{"user", "u"}, {"item", "i"}, {"type", "view"}});
  EXPECT_EQ(c->Post("/v1/events", big.dump(), "application/json")->status, 413);
  EXPECT_EQ(c->Get("/v1/users/" + user0() + "/recommendations?k=100000")->status, 400);
  EXPECT_EQ(c->Get("/v1/users/" + user0() + "/recommendations?k=0")->status, 400);
  EXPECT_EQ(c->Get("/v1/users/" + user0() + "/recommendations?k=abc")->status, 400);
  const std::string huge(server->service->config.max_body_bytes + 10, ' ');
  auto r = c->Post("/v1/events", huge, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  const std::string long_id(1000, 'x');
  EXPECT_EQ(c->Post("/v1/events", Json{{"user", long_id}, {"item", "i"}, {"type", "view"}}.dump(), "application/json")->status, 400);
}

TEST_F(ApiTest, UnknownIdsAndEndpointsAreNotFound) {
  auto c = server->client();
  auto r = c->Get("/v1/users/nobody-here/recommendations");
  EXPECT_EQ(r->status, 404);
  EXPECT_NE(body_of(r)["error"].get<std::string>().find("unknown user"), std::string::npos);
  EXPECT_EQ(c->Get("/v1/items/no-such-item/similar")->status, 404);
  EXPECT_EQ(c->Get("/v1/users/nobody-here/profile")->status, 404);
  EXPECT_EQ(c->Delete("/v1/items/no-such-item")->status, 404);
  EXPECT_EQ(c->Get("/v1/users/" + user0() + "/recommendations?model=nope")->status, 404);
  EXPECT_EQ(c->Get("/v1/recommend/trending?category=NoSuchCategory")->status, 400);
  EXPECT_EQ(c->Get("/v1/admin/jobs/train-999")->status, 404);
  auto u = c->Get("/v1/nothing");
  EXPECT_EQ(u->status, 404);
  EXPECT_TRUE(body_of(u).contains("error"));
  EXPECT_EQ(c->Post("/v1/users/" + user0() + "/recommendations", R"({"rules":{"pin":["ghost"]}})", "application/json")->status, 400);
}

TEST_F(ApiTest, RecommendForUserHonoursKFiltersAndExclusions) {
  auto c = server->client(kRead);
  const std::string u = user0();
  Json j = body_of(c->Get("/v1/users/" + u + "/recommendations?k=7"));
  ASSERT_EQ(j["items"].size(), 7u);
  EXPECT_EQ(j["id"].get<std::string>()[0], 'r');
  // Excluding seen items: none of the user's history comes back.
  HistoryBuf h;
  server->service->live.copy_history(server->service->live.find_user(u), h);
  for (const auto& it : j["items"]) {
    const uint32_t id = server->service->live.find_item(it["item"].get<std::string>());
    EXPECT_EQ(std::count(h.items.begin(), h.items.end(), id), 0);
    EXPECT_FALSE(it["reason"].get<std::string>().empty());
  }
  // Category and price filters.
  const std::string cat = std::string(shop->data.dicts.categories.name(shop->data.catalogue.items()[0].category));
  Json f = body_of(c->Get("/v1/users/" + u + "/recommendations?k=5&category=" + httplib::detail::encode_query_param(cat) + "&max_price=1e9"));
  for (const auto& it : f["items"]) EXPECT_EQ(it["category"], cat);
  Json p = body_of(c->Get("/v1/users/" + u + "/recommendations?k=10&min_price=20&max_price=60"));
  for (const auto& it : p["items"]) {
    EXPECT_GE(it["price"].get<double>(), 20);
    EXPECT_LE(it["price"].get<double>(), 60);
  }
}

TEST_F(ApiTest, SessionSimilarTogetherTrendingAnswer) {
  auto c = server->client(kRead);
  const std::string it = item0();
  Json s = body_of(c->Post("/v1/recommend/session", Json{{"items", {it}}, {"k", 5}}.dump(), "application/json"));
  ASSERT_EQ(s["items"].size(), 5u);
  for (const auto& x : s["items"]) EXPECT_NE(x["item"], it);
  Json sim = body_of(c->Get("/v1/items/" + it + "/similar?k=4&model=covisit"));
  ASSERT_EQ(sim["items"].size(), 4u);
  EXPECT_EQ(sim["model"], "covisit");
  Json tog = body_of(c->Get("/v1/recommend/together?items=" + it + "&k=3"));
  ASSERT_EQ(tog["items"].size(), 3u);
  Json tr = body_of(c->Get("/v1/recommend/trending?k=6"));
  ASSERT_EQ(tr["items"].size(), 6u);
  for (size_t i = 1; i < tr["items"].size(); ++i)
    EXPECT_GE(tr["items"][i - 1]["score"].get<double>(), tr["items"][i]["score"].get<double>());
  Json prof = body_of(c->Get("/v1/users/" + user0() + "/profile"));
  EXPECT_GT(prof["events_in_memory"].get<size_t>(), 0u);
  EXPECT_FALSE(prof["preferences"]["top_categories"].empty());
  ASSERT_FALSE(prof["preferences"]["top_brands"].empty());
  EXPECT_NE(shop->data.dicts.brands.find(prof["preferences"]["top_brands"][0]["brand"].get<std::string>()), kNone);
  EXPECT_EQ(c->Get("/v1/recommend/together")->status, 400);  // no cart
}

TEST_F(ApiTest, MetricsCountRequestsAndIngest) {
  auto c = server->client(kAdmin);
  c->Get("/v1/recommend/trending?k=3");
  const std::string m = c->Get("/metrics")->body;
  EXPECT_NE(m.find("shopsense_http_requests_total{method=\"GET\",route=\"/v1/recommend/trending\",status=\"2xx\"}"), std::string::npos);
  EXPECT_NE(m.find("shopsense_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(m.find("shopsense_events_ingested_total"), std::string::npos);
  EXPECT_EQ(m.find(kAdmin), std::string::npos);  // keys never appear
}

}  // namespace
}  // namespace ss::serve::testing
