// Two real `shopsense serve` replicas behind a real nginx on loopback: nginx routes each
// user to the replica the ring says; mixed batches are split; one replica is killed -9 under
// ingest and read traffic, reads keep being answered (failover), and after a restart every
// acknowledged event is there; a published snapshot reaches both replicas.
#include <gtest/gtest.h>
#include <httplib.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <climits>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "serve/nginx_config.h"
#include "serve/partition.h"
#include "store/store.h"
#include "wait.h"

namespace {
namespace fs = std::filesystem;
using ss::serve::testing::wait_until;
using Json = nlohmann::json;
using namespace std::chrono_literals;

int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    close(fd);
    return 0;
  }
  close(fd);
  return ntohs(a.sin_port);
}

std::string find_nginx() {
  for (const char* p : {"/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"})
    if (access(p, X_OK) == 0) return p;
  return "";
}

pid_t spawn(const std::vector<std::string>& args) {
  const pid_t pid = fork();
  if (pid == 0) {
    setenv("SHOPSENSE_ADMIN_KEY", "k", 1);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const int devnull = ::open("/dev/null", O_WRONLY);
    dup2(devnull, 1);  // the port is known in advance; stdout is not needed
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

bool wait_ready(int port, const std::string& path, std::chrono::milliseconds limit = 60s) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    httplib::Client c("127.0.0.1", port);
    c.set_connection_timeout(0, 200000);
    if (auto r = c.Get(path); r && r->status == 200) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

void stop(pid_t pid, int sig = SIGTERM) {
  if (pid <= 0) return;
  kill(pid, sig);
  int status = 0;
  waitpid(pid, &status, 0);
}

class ClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nginx = find_nginx();
    if (nginx.empty()) GTEST_SKIP() << "nginx is not installed (bash scripts/install-deps.sh adds it)";
    dir = fs::temp_directory_path() / ("ss_cluster_" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "nginx");
    for (int i = 0; i < 2; ++i) {
      port[i] = free_port();
      name[i] = "127.0.0.1:" + std::to_string(port[i]);
    }
    nginx_port = free_port();
    ASSERT_TRUE(port[0] && port[1] && nginx_port);
    for (int i = 0; i < 2; ++i) start_replica(i);
    const std::string conf = (dir / "nginx" / "nginx.conf").string();
    // The config `shopsense cluster nginx-config` writes (same function, in process: one
    // binary start less, and a start costs seconds on a loaded machine).
    ss::serve::NginxOptions o;
    o.replicas = {name[0], name[1]};
    o.listen = "127.0.0.1:" + std::to_string(nginx_port);
    o.prefix = (dir / "nginx").string();
    o.foreground = true;
    o.workers = 1;
    o.fail_timeout_s = 1;
    std::ofstream(conf) << ss::serve::nginx_config(o);
    nginx_pid = spawn({nginx, "-p", (dir / "nginx").string(), "-c", conf, "-e", (dir / "nginx" / "error.log").string()});
    for (int i = 0; i < 2; ++i) ASSERT_TRUE(wait_ready(port[i], "/health")) << "replica " << i << " did not start";
    ASSERT_TRUE(wait_ready(nginx_port, "/health")) << "nginx did not start";
  }
  void TearDown() override {
    stop(nginx_pid, SIGQUIT);
    for (pid_t p : pid) stop(p);
    if (!dir.empty()) fs::remove_all(dir);
  }
  void start_replica(int i) {
    pid[i] = spawn({SHOPSENSE_BINARY, "--quiet", "--threads", "1", "--data", (dir / ("data" + std::to_string(i))).string(),
                    "serve", "--host", "127.0.0.1", "--port", std::to_string(port[i]), "--http-threads", "16", "--models",
                    (dir / "snap").string(), "--poll-ms", "100", "--cluster", name[0] + "," + name[1], "--self", name[i]});
  }
  httplib::Client via_nginx() const {
    httplib::Client c("127.0.0.1", nginx_port);
    c.set_default_headers({{"X-API-Key", "k"}});
    c.set_read_timeout(10, 0);
    return c;
  }
  Json health(int i) const {
    httplib::Client c("127.0.0.1", port[i]);
    auto r = c.Get("/health");
    return r && r->status == 200 ? Json::parse(r->body) : Json();
  }

  std::string nginx;
  fs::path dir;
  int port[2] = {0, 0}, nginx_port = 0;
  std::string name[2];
  pid_t pid[2] = {-1, -1}, nginx_pid = -1;
};

TEST_F(ClusterTest, TwoReplicasBehindNginxSurviveAKilledReplicaAndShareSnapshots) {
  const ss::serve::HashRing ring({name[0], name[1]});
  auto cl = via_nginx();
  // nginx and the replicas agree on every user's owner.
  std::vector<std::string> users;
  for (int u = 0; u < 40; ++u) users.push_back("u" + std::to_string(u));
  for (const auto& u : users) {
    auto r = cl.Get("/v1/cluster?user=" + u);
    ASSERT_TRUE(r && r->status == 200);
    const Json j = Json::parse(r->body);
    EXPECT_EQ(j["replica"], name[ring.owner(u)]) << "nginx sent " << u << " elsewhere";
    EXPECT_EQ(j["user"]["owner"], name[ring.owner(u)]);
  }
  // The catalogue goes to every replica.
  Json items = Json::array();
  for (int i = 0; i < 20; ++i) items.push_back({{"id", "c" + std::to_string(i)}, {"title", "Item " + std::to_string(i)}});
  auto ri = cl.Post("/v1/items", Json{{"items", items}}.dump(), "application/json");
  ASSERT_TRUE(ri && ri->status == 200) << (ri ? ri->body : "no answer");
  EXPECT_EQ(health(0)["items"], 20);
  EXPECT_EQ(health(1)["items"], 20);

  std::mutex mu;
  std::map<std::string, std::string> acked;  // unique item id of each acknowledged event -> user
  auto record = [&](const Json& batch, const std::set<std::string>& failed) {
    std::lock_guard lk(mu);
    for (const auto& e : batch)
      if (!failed.count(e["user"].get<std::string>())) acked[e["item"]] = e["user"];
  };
  // Every user gets a first event, in one mixed batch the receiving replica splits.
  Json first = Json::array();
  for (const auto& u : users) first.push_back({{"user", u}, {"item", "first-" + u}, {"type", "view"}});
  auto rf = cl.Post("/v1/events", Json{{"events", first}}.dump(), "application/json");
  ASSERT_TRUE(rf && rf->status == 200) << (rf ? rf->body : "no answer");
  EXPECT_EQ(Json::parse(rf->body)["events"], 40);
  record(first, {});

  std::vector<std::string> read_errors;
  std::atomic<bool> stop_all{false}, killed{false};
  std::atomic<size_t> reads_ok{0}, reads_failed{0}, reads_after_kill{0}, writes_ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t)
    threads.emplace_back([&, t] {
      auto c = via_nginx();
      for (int b = 0; b < 100000 && !stop_all; ++b) {
        Json batch = Json::array();
        const bool single = b % 2 == 0;  // alternate single-user (X-User) and mixed batches
        for (int e = 0; e < 10; ++e) {
          const std::string& u = users[(t * 7 + b * 3 + (single ? 0 : e)) % users.size()];
          batch.push_back({{"user", u}, {"item", "t" + std::to_string(t) + "b" + std::to_string(b) + "e" + std::to_string(e)},
                           {"type", e % 5 ? "view" : "cart"}});
        }
        httplib::Headers h;
        if (single) h.emplace("X-User", batch[0]["user"].get<std::string>());
        auto r = c.Post("/v1/events", h, Json{{"events", batch}}.dump(), "application/json");
        if (!r) continue;
        if (r->status == 200) record(batch, {}), ++writes_ok;
        else if (r->status == 503) {  // a split batch: everything but failed_users is stored
          const Json j = Json::parse(r->body, nullptr, false);
          std::set<std::string> failed;
          if (j.contains("failed_users")) {
            for (const auto& u : j["failed_users"]) failed.insert(u.get<std::string>());
            record(batch, failed);
          }
        }
      }
    });
  // A read fails only if it was cut off by the kill itself (its answer was being written
  // when the process died, so nginx cannot retry it): tolerated, a few at most. Any other
  // failure, before or after, counts.
  std::atomic<int64_t> killed_at_us{INT64_MAX};
  std::atomic<size_t> reads_cut_by_kill{0};
  const auto t_start = std::chrono::steady_clock::now();
  auto now_us = [&] { return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t_start).count(); };
  for (int t = 0; t < 2; ++t)
    threads.emplace_back([&, t] {
      auto c = via_nginx();
      for (int i = 0; !stop_all; ++i) {
        const int64_t began = now_us();
        auto r = c.Get("/v1/users/" + users[(i * 2 + t) % users.size()] + "/recommendations?k=5");
        const bool ok = r && r->status == 200;
        const int64_t k = killed_at_us.load();
        if (!ok && k != INT64_MAX && began <= k + 300'000 && now_us() >= k) {
          ++reads_cut_by_kill;
          continue;
        }
        (ok ? reads_ok : reads_failed)++;
        if (ok && killed) ++reads_after_kill;
        if (!ok) {
          std::lock_guard lk(mu);
          if (read_errors.size() < 5)
            read_errors.push_back(r ? std::to_string(r->status) + " " + r->body.substr(0, 200) : httplib::to_string(r.error()));
        }
      }
    });
  // Kill mid-traffic: after a second and once both kinds of traffic flow (however loaded the
  // machine); then keep going long enough for many reads to need the failover.
  // (EXPECT, not ASSERT: the traffic threads must be joined either way.)
  std::this_thread::sleep_for(1000ms);
  EXPECT_TRUE(wait_until([&] { return writes_ok > 20 && reads_ok > 20; })) << "traffic did not start";
  killed_at_us = now_us();
  stop(pid[1], SIGKILL);  // replica 2 dies mid-traffic
  killed = true;
  std::this_thread::sleep_for(1500ms);
  wait_until([&] { return reads_after_kill > 10; });
  stop_all = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(reads_failed.load(), 0u) << "every read is answered, also while a replica is down; first: "
                                     << (read_errors.empty() ? "" : read_errors[0]);
  EXPECT_LE(reads_cut_by_kill.load(), 4u);
  EXPECT_GT(reads_after_kill.load(), 10u);
  EXPECT_GT(writes_ok.load(), 20u);

  // Restart on the same data: the log is replayed; nothing acknowledged is missing.
  start_replica(1);
  ASSERT_TRUE(wait_ready(port[1], "/health"));
  size_t per_replica[2] = {0, 0};
  for (const auto& [item, user] : acked) ++per_replica[ring.owner(user)];
  ASSERT_GT(per_replica[0], 50u);
  ASSERT_GT(per_replica[1], 50u);
  for (int i = 0; i < 2; ++i) EXPECT_GE(health(i)["events"].get<size_t>(), per_replica[i]) << "replica " << i;
  size_t missing = 0, misplaced = 0;
  for (int i = 0; i < 2; ++i) {
    auto store = ss::Store::open((dir / ("data" + std::to_string(i))).string(), {.create_if_missing = false, .read_only = true});
    for (const auto& [item, user] : acked) {
      const bool here = store->dicts().items.find(item) != ss::kNone;
      if (ring.owner(user) == static_cast<size_t>(i)) missing += !here;
      else misplaced += here;
    }
  }
  std::printf("acknowledged events: %zu (%zu on replica 1, %zu on replica 2); reads %zu ok (%zu while a replica was down), %zu cut off by the kill, %zu failed\n",
              acked.size(), per_replica[0], per_replica[1], reads_ok.load(), reads_after_kill.load(), reads_cut_by_kill.load(),
              reads_failed.load());
  EXPECT_EQ(missing, 0u) << "of " << acked.size() << " acknowledged events";
  EXPECT_EQ(misplaced, 0u) << "events stored on a replica that does not own their user";

  // A snapshot trained on both replicas' stores reaches both.
  const std::string publish = std::string(SHOPSENSE_BINARY) + " --quiet --threads 1 publish --to " + (dir / "snap").string() +
                              " --from " + (dir / "data0").string() + "," + (dir / "data1").string() +
                              " --model pop=pop --default pop > /dev/null";
  ASSERT_EQ(std::system(publish.c_str()), 0) << publish;
  const bool both = wait_until(
      [&] { return health(0)["cluster"]["snapshot"]["version"] == 1 && health(1)["cluster"]["snapshot"]["version"] == 1; },
      60s, 50ms);
  EXPECT_TRUE(both) << health(0).dump() << health(1).dump();
  for (const auto& u : {users[0], users[1], users[2]}) {
    auto r = cl.Get("/v1/users/" + u + "/recommendations?k=3");
    ASSERT_TRUE(r && r->status == 200);
    EXPECT_EQ(Json::parse(r->body)["model"], "pop");
  }
}

}  // namespace
