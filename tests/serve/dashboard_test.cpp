// The search and dashboard endpoints against a server over a generated shop: answers match
// counts computed here from the same data, the index follows catalogue ingest, analytics
// follow new events, the static files are served, and bad input gets a 4xx.
#include <fstream>
#include <set>

#include "serve/routes.h"
#include "shop_server.h"

namespace ss::serve::testing {
namespace {

class DashboardTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    web = new TempDir("dashboard_web");
    fs::create_directories(web->path / "assets");
    std::ofstream(web->path / "index.html") << "<!doctype html><title>ShopSense</title>";
    std::ofstream(web->path / "assets" / "app-1.js") << "console.log(1)";
    ServeConfig c;
    c.web_dir = web->path.string();
    served = new ServedShop("dashboard", GeneratorConfig{.users = 400, .items = 150, .categories = 8, .days = 60}, c);
    shop = &served->shop;
    server = served->server.get();
  }
  static void TearDownTestSuite() {
    delete served;
    delete web;
  }
  static Json get(const std::string& path, int want = 200) {
    auto r = server->client(kRead)->Get(path);
    EXPECT_TRUE(r);
    if (!r) return Json();
    EXPECT_EQ(r->status, want) << path << ": " << r->body;
    return Json::parse(r->body, nullptr, false);
  }
  static const Dataset& data() { return shop->data; }
  static std::string user_name(uint32_t u) { return std::string(data().dicts.users.name(u)); }
  // A word from an item title, for search.
  static std::string title_word() {
    const std::string& t = data().catalogue.items().at(0).title;
    return t.substr(0, t.find(' '));
  }
  static inline TempDir* web = nullptr;
  static inline ServedShop* served = nullptr;
  static inline const SyntheticShop* shop = nullptr;
  static inline TestServer* server = nullptr;
};

TEST_F(DashboardTest, SearchFindsTitlesWithFacetsAndAnId) {
  const std::string word = title_word();
  const Json j = get("/v1/search?q=" + word + "&k=5");
  ASSERT_FALSE(j["items"].empty());
  EXPECT_LE(j["items"].size(), 5u);
  EXPECT_GE(j["total"].get<size_t>(), j["items"].size());
  EXPECT_FALSE(j["id"].get<std::string>().empty());
  EXPECT_EQ(j["model"], "bm25f");
  for (const char* f : {"category", "brand"}) ASSERT_TRUE(j["facets"].contains(f)) << f;
  size_t in_facets = 0;
  for (const auto& c : j["facets"]["category"]) in_facets += c["count"].get<size_t>();
  EXPECT_EQ(in_facets, j["total"].get<size_t>());
  // Scores come best first.
  for (size_t i = 1; i < j["items"].size(); ++i)
    EXPECT_GE(j["items"][i - 1]["score"].get<double>(), j["items"][i]["score"].get<double>());
}

TEST_F(DashboardTest, SearchFiltersSortsPersonalisesAndExplains) {
  const std::string word = title_word();
  const Json all = get("/v1/search?q=" + word + "&k=50");
  const std::string cat = all["items"][0]["category"];
  const Json filtered = get("/v1/search?q=" + word + "&k=50&filters=category=" + cat);
  ASSERT_FALSE(filtered["items"].empty());
  for (const auto& it : filtered["items"]) EXPECT_EQ(it["category"], cat);
  const Json cheap = get("/v1/search?q=" + word + "&k=50&sort=price");
  for (size_t i = 1; i < cheap["items"].size(); ++i)
    EXPECT_LE(cheap["items"][i - 1]["price"].get<double>(), cheap["items"][i]["price"].get<double>());
  const std::string user = user_name(data().events.user[0]);
  const Json mine = get("/v1/search?q=" + word + "&user=" + user + "&explain=true");
  EXPECT_EQ(mine["personalized"], true);
  EXPECT_EQ(mine["model"], "bm25f+profile");
  EXPECT_NE(mine["items"][0]["reason"].get<std::string>().find("bm25f"), std::string::npos);
  const Json off = get("/v1/search?q=" + word + "&user=" + user + "&personalize=false");
  EXPECT_EQ(off["personalized"], false);
}

TEST_F(DashboardTest, SearchRejectsBadInput) {
  get("/v1/search", 400);
  get("/v1/search?q=%20", 400);
  get("/v1/search?q=a&sort=sideways", 400);
  get("/v1/search?q=a&k=0", 400);
  get("/v1/search?q=a&filters=price=abc", 400);
  get("/v1/search?q=a&match=some", 400);
  get("/v1/search?q=a&user=nobody-here", 404);
  EXPECT_EQ(server->client("")->Get("/v1/search?q=a")->status, 401);
}

TEST_F(DashboardTest, SearchFollowsCatalogueIngestAndAttributesClicks) {
  auto admin = server->client(kAdmin);
  const Json item = {{"id", "new-gizmo"}, {"title", "Zyxqwv gizmo deluxe"}, {"category", "Gadgets"}, {"brand", "Qbrand"}, {"price", 12.5}};
  ASSERT_EQ(admin->Post("/v1/items", item.dump(), "application/json")->status, 200);
  const Json found = get("/v1/search?q=zyxqwv&filters=brand=Qbrand");
  ASSERT_EQ(found["items"].size(), 1u);
  EXPECT_EQ(found["items"][0]["item"], "new-gizmo");
  EXPECT_EQ(found["items"][0]["brand"], "Qbrand");
  // A click citing the search response is attributed to the search placement.
  const Json click = {{"user", "searcher-1"}, {"item", "new-gizmo"}, {"type", "click"}, {"ref", found["id"]}};
  ASSERT_EQ(admin->Post("/v1/events", click.dump(), "application/json")->status, 200);
  bool attributed = false;
  const Json report = get("/v1/attribution");
  for (const auto& g : report["groups"])
    if (g.value("placement", "") == "search") attributed |= g.value("clicked", 0) >= 1;
  EXPECT_TRUE(attributed) << report.dump();
  ASSERT_EQ(admin->Delete("/v1/items/new-gizmo")->status, 200);
  EXPECT_TRUE(get("/v1/search?q=zyxqwv&fallback=false")["items"].empty());
}

TEST_F(DashboardTest, OverviewCountsMatchTheLog) {
  const Json j = get("/v1/analytics/overview?bucket=day");
  const auto& e = data().events;
  size_t views = 0;
  std::set<uint32_t> users;
  for (size_t i = 0; i < e.size(); ++i) views += e.type[i] == Behavior::kView, users.insert(e.user[i]);
  EXPECT_GE(j["events"].get<size_t>(), e.size());  // other tests may have added a few
  EXPECT_GE(j["by_type"]["view"].get<size_t>(), views);
  EXPECT_GE(j["users"].get<size_t>(), users.size());
  uint64_t series_total = 0;
  for (const auto& [type, counts] : j["series"]["events"].items())
    for (const auto& c : counts) series_total += c.get<uint64_t>();
  EXPECT_EQ(series_total, j["events"].get<uint64_t>());
  EXPECT_EQ(j["series"]["t"].size(), j["series"]["active_users"].size());
  EXPECT_EQ(j["bucket_ms"], 86'400'000);
  EXPECT_FALSE(j["top_items"].empty());
  // A range keeps exactly the events inside it.
  const int64_t from = e.ts_ms[0] - 1, to = from + 7 * 86'400'000LL;
  size_t in_range = 0;
  for (size_t i = 0; i < e.size(); ++i) in_range += e.ts_ms[i] >= from && e.ts_ms[i] < to;
  const Json week = get("/v1/analytics/overview?from=" + std::to_string(from) + "&to=" + std::to_string(to));
  EXPECT_EQ(week["events"].get<size_t>(), in_range);
  get("/v1/analytics/overview?from=" + std::to_string(to) + "&to=" + std::to_string(from), 400);
  get("/v1/analytics/overview?bucket=fortnight", 400);
  get("/v1/analytics/overview?from=yesterday-ish", 400);
}

TEST_F(DashboardTest, FunnelCountsUsersThroughTheSteps) {
  const Json j = get("/v1/analytics/funnel?steps=view>cart>purchase&per=user");
  const auto& steps = j["all"]["steps"];
  ASSERT_EQ(steps.size(), 3u);
  std::set<uint32_t> viewers;
  const auto& e = data().events;
  for (size_t i = 0; i < e.size(); ++i)
    if (e.type[i] == Behavior::kView) viewers.insert(e.user[i]);
  EXPECT_GE(steps[0]["reached"].get<size_t>(), viewers.size());
  EXPECT_LE(steps[0]["reached"].get<size_t>(), viewers.size() + 2);  // events other tests add
  EXPECT_GE(steps[0]["reached"], steps[1]["reached"]);
  EXPECT_GE(steps[1]["reached"], steps[2]["reached"]);
  EXPECT_GT(steps[2]["reached"].get<size_t>(), 0u);
  // A window can only lose conversions; a breakdown by segment lists segments.
  get("/v1/analytics/funnel?steps=view,purchase&window=0");  // typed as a number by the query parser
  const Json hour = get("/v1/analytics/funnel?steps=view,purchase&window=1h");
  const Json any = get("/v1/analytics/funnel?steps=view,purchase");
  EXPECT_LE(hour["all"]["steps"][1]["reached"], any["all"]["steps"][1]["reached"]);
  const Json seg = get("/v1/analytics/funnel?steps=view>purchase&by=segment");
  EXPECT_FALSE(seg["breakdown"].empty());
  get("/v1/analytics/funnel?steps=view>teleport", 400);
  get("/v1/analytics/funnel?steps=view", 400);
  get("/v1/analytics/funnel?steps=view>cart&window=soon", 400);
  get("/v1/analytics/funnel?steps=view>cart&by=horoscope", 400);
  get("/v1/analytics/funnel?steps=view>cart&per=planet", 400);
}

TEST_F(DashboardTest, CohortsAnyActivityAndPurchases) {
  const Json any = get("/v1/analytics/cohorts?period=week&max_cohorts=1000");
  uint64_t users = 0;
  for (const auto& c : any["cohorts"]) {
    users += c["users"].get<uint64_t>();
    EXPECT_DOUBLE_EQ(c["retention"][0].get<double>(), 1.0);  // everyone is active in their own week
  }
  std::set<uint32_t> active(data().events.user.begin(), data().events.user.end());
  EXPECT_EQ(users, active.size());  // every user with an event is in exactly one cohort
  const Json buys = get("/v1/analytics/cohorts?period=week&activity=purchases&cohort=first_purchase");
  EXPECT_EQ(buys["active"], "purchases");
  EXPECT_FALSE(buys["cohorts"].empty());
  get("/v1/analytics/cohorts?period=fortnight", 400);
  get("/v1/analytics/cohorts?activity=some", 400);
}

TEST_F(DashboardTest, RfmSegmentsAndTheirMembers) {
  const Json j = get("/v1/analytics/rfm");
  std::set<uint32_t> buyers;
  const auto& e = data().events;
  for (size_t i = 0; i < e.size(); ++i)
    if (e.type[i] == Behavior::kPurchase) buyers.insert(e.user[i]);
  EXPECT_EQ(j["purchasers"].get<size_t>(), buyers.size());
  uint64_t in_segments = 0;
  std::string biggest;
  uint64_t biggest_n = 0;
  for (const auto& s : j["segments"]) {
    in_segments += s["users"].get<uint64_t>();
    if (s["users"].get<uint64_t>() > biggest_n) biggest_n = s["users"].get<uint64_t>(), biggest = s["segment"].get<std::string>();
  }
  EXPECT_EQ(in_segments, buyers.size());
  const Json members = get("/v1/analytics/segments/" + biggest + "/users?limit=5");
  EXPECT_EQ(members["total"].get<uint64_t>(), biggest_n);
  ASSERT_EQ(members["users"].size(), std::min<size_t>(5, biggest_n));
  for (size_t i = 1; i < members["users"].size(); ++i)
    EXPECT_GE(members["users"][i - 1]["monetary"].get<double>(), members["users"][i]["monetary"].get<double>());
  get("/v1/analytics/segments/vip/users", 404);
  get("/v1/analytics/segments/loyal/users?limit=0", 400);
}

TEST_F(DashboardTest, ChurnRatesAndARiskListFromAModel) {
  const Json j = get("/v1/analytics/churn?horizon_days=14&limit=10");
  EXPECT_GT(j["all"]["users"].get<uint64_t>(), 0u);
  EXPECT_LE(j["all"]["churned"].get<uint64_t>(), j["all"]["users"].get<uint64_t>());
  ASSERT_FALSE(j["risk"].empty()) << j.dump();
  EXPECT_LE(j["risk"].size(), 10u);
  for (size_t i = 1; i < j["risk"].size(); ++i)
    EXPECT_GE(j["risk"][i - 1]["probability"].get<double>(), j["risk"][i]["probability"].get<double>());
  for (const auto& r : j["risk"]) EXPECT_LT(r["days_inactive"].get<double>(), 14.0);  // not churned yet
  const double p0 = j["risk"][0]["probability"];
  EXPECT_GT(p0, 0.0);
  EXPECT_LE(p0, 1.0);
  get("/v1/analytics/churn?horizon_days=0", 400);
  get("/v1/analytics/churn?limit=-3", 400);
}

TEST_F(DashboardTest, TimelineFollowsNewEvents) {
  const uint32_t u = data().events.user[0];
  size_t n = 0;
  for (size_t i = 0; i < data().events.size(); ++i) n += data().events.user[i] == u;
  const std::string name = user_name(u);
  const Json before = get("/v1/analytics/users/" + name + "/timeline");
  EXPECT_EQ(before["events_total"].get<size_t>(), n);
  EXPECT_LE(before["events"][1]["ts"].get<int64_t>(), before["events"][0]["ts"].get<int64_t>());  // newest first
  const std::string item(data().dicts.items.name(1));
  const Json ev = {{"user", name}, {"item", item}, {"type", "favorite"}, {"ts", before["last_seen"].get<int64_t>() + 1000}};
  ASSERT_EQ(server->client(kAdmin)->Post("/v1/events", ev.dump(), "application/json")->status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // snapshots are at least 1 s apart
  const Json after = get("/v1/analytics/users/" + name + "/timeline");
  EXPECT_EQ(after["events_total"].get<size_t>(), n + 1);
  EXPECT_GT(after["version"].get<uint64_t>(), before["version"].get<uint64_t>());
  EXPECT_EQ(after["events"][0]["type"], "favorite");
  EXPECT_EQ(after["events"][0]["item"], item);
  get("/v1/analytics/users/nobody-at-all/timeline", 404);
  get("/v1/analytics/users/" + name + "/timeline?limit=0", 400);
}

TEST_F(DashboardTest, ServesTheDashboardFilesAndNothingElse) {
  auto c = server->client("");  // the page itself needs no key
  auto index = c->Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_NE(index->body.find("<title>ShopSense</title>"), std::string::npos);
  EXPECT_EQ(index->get_header_value("Content-Type"), "text/html; charset=utf-8");
  auto js = c->Get("/assets/app-1.js");
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_NE(js->get_header_value("Cache-Control").find("immutable"), std::string::npos);
  EXPECT_EQ(c->Get("/assets/missing.js")->status, 404);
  EXPECT_EQ(c->Get("/../../etc/passwd")->status, 404);
  EXPECT_EQ(c->Get("/assets/..%2F..%2Fetc%2Fpasswd")->status, 404);
  EXPECT_EQ(c->Get("/health")->status, 200);  // API routes still win
}

TEST(DashboardStatic, WithoutFilesTheRootSaysHowToBuildThem) {
  TempDir dir("dashboard_nofiles");
  write_store(dir.path.string(), generate_shop(GeneratorConfig{.users = 30, .items = 40, .categories = 4, .brands = 4, .days = 5}).data);
  TestServer server(dir.path.string());
  auto r = server.client("")->Get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("dashboard is not built"), std::string::npos);
  EXPECT_EQ(server.client("")->Get("/assets/x.js")->status, 404);
  EXPECT_TRUE(find_web_dir((dir.path / "nothing-here").string()).empty());
}

TEST(DashboardEmptyStore, EveryReportAnswersOnAnEmptyStoreAndFollowsIngest) {
  TempDir dir("dashboard_empty");
  TestServer server(dir.path.string());
  auto c = server.client(kAdmin);
  for (const char* path : {"/v1/analytics/overview", "/v1/analytics/funnel", "/v1/analytics/cohorts", "/v1/analytics/rfm",
                           "/v1/analytics/churn", "/v1/analytics/segments/loyal/users", "/v1/search?q=kettle"}) {
    auto r = c->Get(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << path << ": " << r->body;
  }
  EXPECT_EQ(body_of(c->Get("/v1/analytics/overview"))["events"], 0);
  // Items and events sent later show up in search at once and in analytics with the next snapshot.
  const Json items = {{"items", {{{"id", "k1"}, {"title", "Copper kettle"}, {"category", "Kitchen"}, {"price", 30}}}}};
  ASSERT_EQ(c->Post("/v1/items", items.dump(), "application/json")->status, 200);
  const Json events = {{"events", {{{"user", "a"}, {"item", "k1"}, {"type", "view"}, {"ts", 1'700'000'000'000}},
                                   {{"user", "a"}, {"item", "k1"}, {"type", "purchase"}, {"ts", 1'700'000'100'000}}}}};
  ASSERT_EQ(c->Post("/v1/events", events.dump(), "application/json")->status, 200);
  EXPECT_EQ(body_of(c->Get("/v1/search?q=kettle"))["items"][0]["item"], "k1");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const Json o = body_of(c->Get("/v1/analytics/overview"));
  EXPECT_EQ(o["events"], 2);
  EXPECT_EQ(o["purchasers"], 1);
  EXPECT_EQ(body_of(c->Get("/v1/analytics/rfm"))["purchasers"], 1);
}

}  // namespace
}  // namespace ss::serve::testing
