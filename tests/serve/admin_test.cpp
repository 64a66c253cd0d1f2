// Models: train in the background, list with held-out scores, swap under load without a
// failed request, reload after restart; A/B routing is deterministic and reported.
#include <algorithm>
#include <atomic>

#include "shop_server.h"

namespace ss::serve::testing {
namespace {

class AdminTest : public ShopServerTest {
 protected:
  void SetUp() override { start("admin", GeneratorConfig{.users = 400, .items = 150, .days = 20}); }
};

TEST_F(AdminTest, TrainListAndServeAModel) {
  auto c = server().client();
  EXPECT_EQ(c->Post("/v1/admin/models", R"({"name":"pop","spec":"nosuchmodel"})", "application/json")->status, 400);
  EXPECT_EQ(c->Post("/v1/admin/models", R"({"name":"../etc","spec":"testpop"})", "application/json")->status, 400);
  auto r = c->Post("/v1/admin/models", R"({"name":"pop","spec":"testpop:boost=1"})", "application/json");
  ASSERT_EQ(r->status, 202) << r->body;
  const Json job = wait_job(*c, body_of(r)["job"]);
  ASSERT_EQ(job["state"], "done") << job.dump();
  const Json models = body_of(c->Get("/v1/admin/models"));
  ASSERT_EQ(models["models"].size(), 1u);
  const Json& m = models["models"][0];
  EXPECT_EQ(m["name"], "pop");
  EXPECT_GT(m["eval"]["users"].get<int>(), 0);
  EXPECT_GE(m["eval"]["hr@10"].get<double>(), 0.0);
  const Json rec = body_of(c->Get("/v1/users/" + user(0) + "/recommendations?k=5"));
  EXPECT_EQ(rec["model"], "pop");  // the newest trained model is the default
  EXPECT_EQ(rec["items"].size(), 5u);
  EXPECT_NE(c->Get("/metrics")->body.find("shopsense_model_age_seconds{model=\"pop\"}"), std::string::npos);
  // Saved and loaded again by a restarted server.
  restart();
  EXPECT_EQ(body_of(server().client()->Get("/v1/admin/models"))["models"][0]["name"], "pop");
}

TEST_F(AdminTest, SwapUnderLoadFailsNoRequest) {
  auto c = server().client();
  ASSERT_EQ(wait_job(*c, body_of(c->Post("/v1/admin/models", R"({"name":"pop","spec":"testpop:boost=1","evaluate":false})", "application/json"))["job"])["state"], "done");
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, failed{0};
  std::atomic<int> saw_new{0};
  std::vector<std::thread> load;
  for (int t = 0; t < 4; ++t)
    load.emplace_back([&, t] {
      auto cl = server().client(kRead);
      for (int i = 0; i < 5000 && !stop; ++i) {  // bounded
        auto r = cl->Get("/v1/users/" + user(static_cast<size_t>(t * 7 + i) % shop().data.events.size()) + "/recommendations?k=5&model=pop");
        if (r && r->status == 200) {
          ++ok;
          const Json j = Json::parse(r->body);
          if (!j["items"].empty() && j["items"][0]["score"].get<double>() > 1000) ++saw_new;
        } else {
          ++failed;
        }
      }
    });
  // Retrain twice with a different version while the load runs.
  for (const char* spec : {R"({"name":"pop","spec":"testpop:boost=10000","evaluate":false})",
                           R"({"name":"pop","spec":"testpop:boost=20000","evaluate":false})"})
    ASSERT_EQ(wait_job(*c, body_of(c->Post("/v1/admin/models", spec, "application/json"))["job"])["state"], "done");
  // Let the readers see the last version (however slow the machine), then stop them.
  const int ok_after_swaps = ok.load();
  EXPECT_TRUE(wait_until([&] { return saw_new.load() > 0 && ok.load() > std::max(20, ok_after_swaps + 8); }));
  stop = true;
  for (auto& t : load) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_GT(ok.load(), 20);
  EXPECT_GT(saw_new.load(), 0);  // the swapped-in model served
  EXPECT_NE(body_of(c->Get("/v1/admin/models"))["models"][0]["spec"].get<std::string>().find("20000"), std::string::npos);
}

TEST_F(AdminTest, ExperimentRoutesUsersDeterministically) {
  auto c = server().client();
  ASSERT_EQ(wait_job(*c, body_of(c->Post("/v1/admin/models", R"({"name":"pop","spec":"testpop","evaluate":false})", "application/json"))["job"])["state"], "done");
  EXPECT_EQ(c->Put("/v1/admin/experiment", R"({"name":"e1","variants":[{"name":"A","model":"covisit"},{"name":"B","model":"ghost"}]})", "application/json")->status, 400);
  ASSERT_EQ(c->Put("/v1/admin/experiment", R"({"name":"e1","variants":[{"name":"A","model":"covisit"},{"name":"B","model":"pop"}]})", "application/json")->status, 200);
  std::map<std::string, int> variants;
  for (size_t i = 0; i < 60; ++i) {
    const std::string u = user(i * 13 % shop().data.events.size());
    const Json a = body_of(c->Get("/v1/users/" + u + "/recommendations?k=3"));
    const Json b = body_of(c->Get("/v1/users/" + u + "/recommendations?k=3"));
    ASSERT_EQ(a["experiment"], "e1");
    EXPECT_EQ(a["variant"], b["variant"]);  // same user, same variant
    EXPECT_EQ(a["model"], a["variant"] == "A" ? "covisit" : "pop");
    ++variants[a["variant"]];
    if (i % 3 == 0)
      c->Post("/v1/events", Json{{"user", u}, {"item", a["items"][0]["item"]}, {"type", "click"}, {"ref", a["id"]}}.dump(), "application/json");
  }
  EXPECT_GT(variants["A"], 0);
  EXPECT_GT(variants["B"], 0);
  const Json rep = body_of(c->Get("/v1/attribution"));
  uint64_t responses = 0, clicked = 0;
  for (const auto& g : rep["groups"])
    if (g["experiment"] == "e1") {
      responses += g["responses"].get<uint64_t>();
      clicked += g["clicked"].get<uint64_t>();
      EXPECT_LE(g["ctr_ci95"][0].get<double>(), g["ctr"].get<double>());
      EXPECT_GE(g["ctr_ci95"][1].get<double>(), g["ctr"].get<double>());
    }
  EXPECT_EQ(responses, 120u);
  EXPECT_EQ(clicked, 20u);
  EXPECT_EQ(c->Delete("/v1/admin/experiment/e1")->status, 200);
  EXPECT_FALSE(body_of(c->Get("/v1/users/" + user(0) + "/recommendations"))
                   .contains("experiment"));
}

TEST(Wilson, IntervalMatchesKnownValues) {
  auto [lo, hi] = wilson_interval(50, 100);
  EXPECT_NEAR(lo, 0.4038, 1e-3);
  EXPECT_NEAR(hi, 0.5962, 1e-3);
  auto [l0, h0] = wilson_interval(0, 10);
  EXPECT_DOUBLE_EQ(l0, 0.0);
  EXPECT_NEAR(h0, 0.2775, 1e-3);
}

}  // namespace
}  // namespace ss::serve::testing
