// An in-process server on a free loopback port over a temporary store, and a client for it.
#pragma once
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <thread>

#include "serve/http_server.h"
#include "serve/service.h"
#include "store/store.h"

namespace ss::serve::testing {

namespace fs = std::filesystem;
inline constexpr const char* kAdmin = "admin-secret";
inline constexpr const char* kRead = "read-secret";

// A recommender for tests: weighted popularity, scaled by `boost`, so two trained versions
// are told apart by their scores. Real training, real save/load.
std::unique_ptr<Recommender> make_test_model(const std::string& spec);

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() / ("ss_serve_" + name + "_" + std::to_string(getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

// Writes a whole dataset (ids interned in order, so they match) into a new store.
inline void write_store(const std::string& dir, const Dataset& d) {
  auto store = Store::open(dir);
  Dictionaries& sd = store->dicts();
  for (size_t i = 0; i < d.dicts.users.size(); ++i) sd.users.intern(d.dicts.users.name(i));
  for (size_t i = 0; i < d.dicts.items.size(); ++i) sd.items.intern(d.dicts.items.name(i));
  for (size_t i = 0; i < d.dicts.categories.size(); ++i) sd.categories.intern(d.dicts.categories.name(i));
  for (size_t i = 0; i < d.dicts.brands.size(); ++i) sd.brands.intern(d.dicts.brands.name(i));
  for (size_t i = 0; i < d.dicts.queries.size(); ++i) sd.queries.intern(d.dicts.queries.name(i));
  store->append(d.events, d.catalogue.items());
}

class TestServer {
 public:
  explicit TestServer(const std::string& dir, ServeConfig c = {}, ModelManager::Factory factory = make_test_model) {
    c.data_dir = dir;
    c.port = 0;
    c.host = "127.0.0.1";
    c.http_threads = 16;
    c.quiet = true;
    c.work_threads = 2;
    if (c.admin_key.empty()) c.admin_key = kAdmin;
    if (c.read_key.empty()) c.read_key = kRead;
    service = std::make_unique<Service>(c, std::move(factory));
    http = std::make_unique<HttpServer>(*service);
    port = http->bind();
    thread = std::thread([this] { http->run(); });
  }
  ~TestServer() {
    http->stop();
    thread.join();
    service->shutdown();
  }
  // A client carrying `key` (admin by default; "" for none).
  std::unique_ptr<httplib::Client> client(const std::string& key = kAdmin) const {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port);
    if (!key.empty()) c->set_default_headers({{"X-API-Key", key}});
    c->set_read_timeout(30, 0);
    return c;
  }

  std::unique_ptr<Service> service;
  std::unique_ptr<HttpServer> http;
  std::thread thread;
  int port = 0;
};

inline Json body_of(const httplib::Result& r) {
  EXPECT_TRUE(r) << "no response";
  if (!r) return Json();
  return Json::parse(r->body, nullptr, false);
}

inline std::vector<std::string> item_names(const Json& rec) {
  std::vector<std::string> out;
  for (const auto& it : rec["items"]) out.push_back(it["item"].get<std::string>());
  return out;
}

}  // namespace ss::serve::testing
