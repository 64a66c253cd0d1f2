// The real binary: kill -9 during heavy ingest loses no acknowledged event; SIGTERM stops
// it cleanly (exit 0) after finishing in-flight work, cancelling a running training job.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>
#include <thread>

#include "core/context.h"
#include "store/store.h"
#include "wait.h"

namespace {
namespace fs = std::filesystem;
using ss::serve::testing::wait_until;

struct Child {
  pid_t pid = -1;
  int port = 0;
};

// Starts `shopsense serve` on a free loopback port and reads the port from its first line.
Child start_server(const std::string& data) {
  int out[2];
  if (pipe(out) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    close(out[0]);
    close(out[1]);
    setenv("SHOPSENSE_ADMIN_KEY", "k", 1);
    execl(SHOPSENSE_BINARY, SHOPSENSE_BINARY, "--quiet", "--data", data.c_str(), "serve", "--port", "0", "--http-threads", "16",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string line;
  char ch;
  while (read(out[0], &ch, 1) == 1 && ch != '\n' && line.size() < 200) line += ch;
  close(out[0]);
  Child c;
  c.pid = pid;
  const size_t colon = line.rfind(':');
  if (line.rfind("listening on", 0) == 0 && colon != std::string::npos) c.port = std::stoi(line.substr(colon + 1));
  return c;
}

TEST(ServeProcess, KillNineDuringIngestKeepsEveryAcknowledgedEvent) {
  const fs::path dir = fs::temp_directory_path() / ("ss_serve_crash_" + std::to_string(getpid()));
  fs::remove_all(dir);
  Child c = start_server(dir.string());
  ASSERT_GT(c.port, 0) << "server did not start";
  std::mutex mu;
  std::set<std::string> acked;  // item ids of acknowledged events (unique per event)
  std::atomic<bool> stop{false};
  std::atomic<int> writers_done{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 6; ++t)
    writers.emplace_back([&, t] {
      struct Done {
        std::atomic<int>& n;
        ~Done() { ++n; }
      } done{writers_done};
      httplib::Client cl("127.0.0.1", c.port);
      cl.set_default_headers({{"X-API-Key", "k"}});
      cl.set_read_timeout(60, 0);  // a loaded machine may take seconds per fsync; only the kill ends a writer
      for (int b = 0; b < 100000 && !stop; ++b) {  // bounded
        std::string body = "{\"events\":[";
        std::vector<std::string> ids;
        for (int e = 0; e < 50; ++e) {
          ids.push_back("t" + std::to_string(t) + "b" + std::to_string(b) + "e" + std::to_string(e));
          body += (e ? "," : "") + std::string("{\"user\":\"u") + std::to_string(t) + "\",\"item\":\"" + ids.back() + "\",\"type\":\"view\"}";
        }
        body += "]}";
        auto r = cl.Post("/v1/events", body, "application/json");
        if (!r) return;  // the server died
        if (r->status == 200) {
          std::lock_guard lk(mu);
          acked.insert(ids.begin(), ids.end());
        }
      }
    });
  // Kill while ingest is in full swing: once a good number of batches are acknowledged
  // (however long a loaded machine takes to get there), not after a fixed time.
  auto acked_count = [&] {
    std::lock_guard lk(mu);
    return acked.size();
  };
  wait_until([&] { return acked_count() >= 2000 || writers_done > 0; }, std::chrono::seconds(90), std::chrono::milliseconds(5));
  const size_t acked_before_kill = acked_count();
  const bool writing = writers_done == 0;
  kill(c.pid, SIGKILL);
  int status = 0;
  waitpid(c.pid, &status, 0);
  stop = true;
  for (auto& w : writers) w.join();
  ASSERT_TRUE(writing) << "a writer stopped before the kill (the server failed?)";
  ASSERT_GE(acked_before_kill, 2000u) << "too little ingest acknowledged within 90 s to test anything";

  {
    auto store = ss::Store::open(dir.string(), {.create_if_missing = false, .read_only = true});
    size_t missing = 0;
    for (const auto& id : acked) missing += store->dicts().items.find(id) == ss::kNone;
    EXPECT_EQ(missing, 0u) << "of " << acked.size() << " acknowledged events";
    EXPECT_GE(store->num_events(), acked.size());
  }

  // Restart on the same data: it serves, and SIGTERM ends it cleanly.
  Child again = start_server(dir.string());
  ASSERT_GT(again.port, 0);
  httplib::Client cl("127.0.0.1", again.port);
  cl.set_read_timeout(60, 0);
  auto h = cl.Get("/health");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, 200);
  EXPECT_GE(nlohmann::json::parse(h->body)["events"].get<size_t>(), acked.size());
  kill(again.pid, SIGTERM);
  waitpid(again.pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  fs::remove_all(dir);
}

// A config file's mistakes are errors that name the key, before anything starts.
TEST(ServeProcess, ConfigFileErrorsNameTheKey) {
  const fs::path dir = fs::temp_directory_path() / ("ss_serve_config_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto run_with = [&](const std::string& json) {
    std::ofstream(dir / "serve.json") << json;
    const std::string cmd = std::string(SHOPSENSE_BINARY) + " --quiet --data " + (dir / "data").string() + " serve --port 0 --config " +
                            (dir / "serve.json").string() + " 2> " + (dir / "err.txt").string();
    const int rc = std::system(cmd.c_str());
    std::ifstream in(dir / "err.txt");
    return std::make_pair(rc, std::string(std::istreambuf_iterator<char>(in), {}));
  };
  const auto [rc1, err1] = run_with(R"({"prot": 8080})");
  EXPECT_NE(rc1, 0);
  EXPECT_NE(err1.find("unknown key \"prot\""), std::string::npos) << err1;
  const auto [rc2, err2] = run_with(R"({"port": "eighty"})");
  EXPECT_NE(rc2, 0);
  EXPECT_NE(err2.find("\"port\" has the wrong type"), std::string::npos) << err2;
  fs::remove_all(dir);
}

// SIGTERM while an admin-started training job has minutes to go: the job is cancelled, the
// process exits cleanly within seconds, and nothing of the job is published.
TEST(ServeProcess, SigtermCancelsTrainingInsteadOfWaitingForIt) {
  const fs::path dir = fs::temp_directory_path() / ("ss_serve_sigterm_" + std::to_string(getpid()));
  fs::remove_all(dir);
  Child c = start_server(dir.string());
  ASSERT_GT(c.port, 0) << "server did not start";
  httplib::Client cl("127.0.0.1", c.port);
  cl.set_default_headers({{"X-API-Key", "k"}});
  cl.set_read_timeout(60, 0);
  for (int batch = 0; batch < 6; ++batch) {  // 3,000 events: 300 users x 10 of 150 items
    nlohmann::json ev = {{"events", nlohmann::json::array()}};
    for (int u = batch * 50; u < batch * 50 + 50; ++u)
      for (int j = 0; j < 10; ++j)
        ev["events"].push_back({{"user", "u" + std::to_string(u)}, {"item", "i" + std::to_string((u * 7 + j * 13) % 150)},
                                {"type", j % 4 == 3 ? "purchase" : "view"}});
    auto r = cl.Post("/v1/events", ev.dump(), "application/json");
    ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
  }
  // 1000 ALS epochs at 128 factors: minutes; one step: milliseconds.
  auto r = cl.Post("/v1/admin/models", R"({"name":"mf","spec":"ials:iters=1000,factors=128,cg_steps=20","evaluate":false})",
                   "application/json");
  ASSERT_TRUE(r && r->status == 202) << (r ? r->body : "no answer");
  const std::string job = nlohmann::json::parse(r->body)["job"];
  std::string state;
  wait_until([&] {
    auto j = cl.Get("/v1/admin/jobs/" + job);
    state = j && j->status == 200 ? nlohmann::json::parse(j->body)["state"].get<std::string>() : "no answer";
    return state != "queued" && state != "loading";
  });
  ASSERT_EQ(state, "training");

  const auto t0 = std::chrono::steady_clock::now();
  kill(c.pid, SIGTERM);
  int status = 0;
  waitpid(c.pid, &status, 0);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_LT(secs, 10.0) << "SIGTERM waited for the training job";
  EXPECT_FALSE(fs::exists(dir / "models" / "mf.model"));

  // Restarted, it serves no trace of the cancelled model.
  Child again = start_server(dir.string());
  ASSERT_GT(again.port, 0);
  httplib::Client cl2("127.0.0.1", again.port);
  cl2.set_default_headers({{"X-API-Key", "k"}});
  cl2.set_read_timeout(60, 0);
  auto m = cl2.Get("/v1/admin/models");
  ASSERT_TRUE(m && m->status == 200);
  EXPECT_TRUE(nlohmann::json::parse(m->body)["models"].empty()) << m->body;
  kill(again.pid, SIGTERM);
  waitpid(again.pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status));
  fs::remove_all(dir);
}

}  // namespace
