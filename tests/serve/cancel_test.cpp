// Cancelling background training: an admin's DELETE and the server's own shutdown stop a
// long job within about a step; the job ends "cancelled", nothing of it is saved or
// served, and the model it would have replaced keeps serving.
#include "shop_server.h"

namespace ss::serve::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Hundreds of ALS epochs at 128 factors: minutes of work on this shop, while one step (a
// chunk of rows of a half-epoch) takes milliseconds.
constexpr const char* kLongTraining = R"({"name":"mf","spec":"ials:iters=1000,factors=128,cg_steps=20","evaluate":false})";

class CancelTest : public ShopServerTest {
 protected:
  void SetUp() override {
    if (!builtin_model_factory()) GTEST_SKIP() << "this build has no model registry";
    start("cancel", GeneratorConfig{.users = 400, .items = 150, .days = 20}, builtin_model_factory());
    auto c = server().client();
    // The model a cancelled retrain must leave in place.
    ASSERT_EQ(wait_job(*c, body_of(c->Post("/v1/admin/models", R"({"name":"mf","spec":"pop","evaluate":false})",
                                           "application/json"))["job"])["state"],
              "done");
  }
  // Starts the long job and returns its id once it is fitting.
  std::string start_long_job() {
    auto c = server().client();
    auto r = c->Post("/v1/admin/models", kLongTraining, "application/json");
    EXPECT_EQ(r->status, 202) << r->body;
    const std::string id = body_of(r)["job"];
    Json j;
    EXPECT_TRUE(wait_until([&] {
      j = body_of(c->Get("/v1/admin/jobs/" + id));
      return j["state"] == "training" || j["state"] == "done" || j["state"] == "failed";
    }));
    EXPECT_EQ(j["state"], "training") << j.dump();
    return id;
  }
  std::string mf_spec() {
    const Json list = body_of(server().client()->Get("/v1/admin/models"));
    for (const auto& m : list["models"])
      if (m["name"] == "mf") return m["spec"];
    return "";
  }
};

TEST_F(CancelTest, DeleteStopsAJobAndTheOldModelKeepsServing) {
  const std::string before = mf_spec();
  ASSERT_EQ(before.rfind("pop", 0), 0u) << before;
  const std::string id = start_long_job();
  auto c = server().client();
  EXPECT_EQ(server().client(kRead)->Delete("/v1/admin/jobs/" + id)->status, 403);  // admin only
  const auto t0 = Clock::now();
  auto r = c->Delete("/v1/admin/jobs/" + id);
  ASSERT_EQ(r->status, 202) << r->body;
  EXPECT_EQ(body_of(r)["cancel_requested"], true);
  const Json j = wait_job(*c, id, 60s);
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_EQ(j["state"], "cancelled") << j.dump();
  EXPECT_FALSE(j.contains("error"));
  EXPECT_LT(secs, 5.0) << "a cancelled job stops at its next step, not at the end of training";
  EXPECT_EQ(c->Delete("/v1/admin/jobs/" + id)->status, 409);  // already finished
  EXPECT_EQ(c->Delete("/v1/admin/jobs/no-such-job")->status, 404);

  EXPECT_EQ(mf_spec(), before);
  const Json rec = body_of(server().client(kRead)->Get("/v1/users/" + user(0) + "/recommendations?k=5&model=mf"));
  EXPECT_EQ(rec["model"], "mf");
  EXPECT_EQ(rec["items"].size(), 5u);
  restart();  // and what is saved is the old model too
  EXPECT_EQ(mf_spec(), before);
}

TEST_F(CancelTest, ShutdownCancelsTrainingInsteadOfWaitingForIt) {
  const std::string before = mf_spec();
  ASSERT_EQ(before.rfind("pop", 0), 0u) << before;
  const std::string id = start_long_job();
  ModelManager& models = *server().service->models;
  const auto t0 = Clock::now();
  models.shutdown();  // what the server does when it stops
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_LT(secs, 5.0) << "shutdown waited for training";
  EXPECT_EQ(models.job(id)["state"], "cancelled") << models.job(id).dump();
  try {
    models.train("late", "pop", false);
    ADD_FAILURE() << "a stopping server accepted a training job";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status(), 503);
  }
  restart();
  EXPECT_EQ(mf_spec(), before) << "nothing half-trained was saved";
  EXPECT_FALSE(fs::exists(served->dir.path / "models" / "mf.model.tmp"));
}

// Stopping the whole in-process server (HTTP front, committer, models) while a job trains.
TEST_F(CancelTest, ServerStopsPromptlyDuringTraining) {
  start_long_job();
  const auto t0 = Clock::now();
  served.reset();
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - t0).count(), 5.0);
}

}  // namespace
}  // namespace ss::serve::testing
