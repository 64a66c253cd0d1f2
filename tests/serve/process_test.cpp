// The real binary: kill -9 during heavy ingest loses no acknowledged event; SIGTERM stops
// it cleanly (exit 0) after finishing in-flight work.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "core/context.h"
#include "store/store.h"

namespace {
namespace fs = std::filesystem;

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
  std::vector<std::thread> writers;
  for (int t = 0; t < 6; ++t)
    writers.emplace_back([&, t] {
      httplib::Client cl("127.0.0.1", c.port);
      cl.set_default_headers({{"X-API-Key", "k"}});
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
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  kill(c.pid, SIGKILL);
  int status = 0;
  waitpid(c.pid, &status, 0);
  stop = true;
  for (auto& w : writers) w.join();
  ASSERT_GT(acked.size(), 500u) << "too little ingest to test anything";

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

}  // namespace
