// Shared by the in-process serving tests: a generated shop served by a TestServer, and a
// wait for a training job that polls against a deadline (wait.h).
#pragma once
#include <chrono>
#include <memory>
#include <string>

#include "fixture.h"
#include "synth/generator.h"
#include "wait.h"

namespace ss::serve::testing {

// A training job's JSON once it has finished (done, failed or cancelled), or null when it
// has not within `limit`.
inline Json wait_job(httplib::Client& c, const std::string& job, std::chrono::milliseconds limit = std::chrono::seconds(120)) {
  Json j;
  const bool ended = wait_until(
      [&] {
        j = body_of(c.Get("/v1/admin/jobs/" + job));
        return j["state"] == "done" || j["state"] == "failed" || j["state"] == "cancelled";
      },
      limit, std::chrono::milliseconds(50));
  return ended ? j : Json();
}

// A generated shop written into a fresh store and served in process: per test (through
// ShopServerTest) or per suite (a static ServedShop* made in SetUpTestSuite).
struct ServedShop {
  ServedShop(const std::string& name, const GeneratorConfig& g, ServeConfig c = {},
             ModelManager::Factory models = make_test_model)
      : dir(name), shop(generate_shop(g)), config(std::move(c)), factory(std::move(models)) {
    write_store(dir.path.string(), shop.data);
    server = std::make_unique<TestServer>(dir.path.string(), config, factory);
  }
  // Stops the server and starts a new one on the same data (saved models are loaded again).
  void restart() {
    server.reset();
    server = std::make_unique<TestServer>(dir.path.string(), config, factory);
  }
  // The user of the i-th generated event (so every name is one the store knows).
  std::string user(size_t i) const { return std::string(shop.data.dicts.users.name(shop.data.events.user[i])); }

  TempDir dir;
  SyntheticShop shop;
  ServeConfig config;
  ModelManager::Factory factory;
  std::unique_ptr<TestServer> server;
};

// A fresh served shop for each test: SetUp calls start() with the test's shop size.
class ShopServerTest : public ::testing::Test {
 protected:
  void start(const std::string& name, const GeneratorConfig& g, ModelManager::Factory models = make_test_model) {
    served = std::make_unique<ServedShop>(name, g, ServeConfig{}, std::move(models));
  }
  TestServer& server() { return *served->server; }
  const SyntheticShop& shop() const { return served->shop; }
  std::string user(size_t i) const { return served->user(i); }
  void restart() { served->restart(); }

  std::unique_ptr<ServedShop> served;
};

}  // namespace ss::serve::testing
