#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "core/error.h"
#include "store/store.h"
#include "synth/generator.h"

using namespace ss;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name) : path(fs::temp_directory_path() / ("ss_store_" + name + "_" + std::to_string(getpid()))) {
    fs::remove_all(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string str() const { return path.string(); }
};

// A batch of `n` events for user "k<batch>", items "item<j>", timestamps encoding both.
EventTable make_batch(Store& s, int batch, int n) {
  EventTable t;
  const uint32_t u = s.dicts().users.intern("k" + std::to_string(batch));
  for (int j = 0; j < n; ++j)
    t.push_back({.user = u, .item = s.dicts().items.intern("item" + std::to_string(j)),
                 .ts_ms = batch * 1000LL + j, .type = j % 7 == 0 ? Behavior::kPurchase : Behavior::kView});
  return t;
}

void expect_tables_equal(const EventTable& a, const EventTable& b) {
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.user, b.user);
  EXPECT_EQ(a.item, b.item);
  EXPECT_EQ(a.ts_ms, b.ts_ms);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.session, b.session);
  EXPECT_EQ(a.query, b.query);
  ASSERT_EQ(a.price.size(), b.price.size());
  for (size_t i = 0; i < a.price.size(); ++i)
    EXPECT_TRUE(a.price[i] == b.price[i] || (std::isnan(a.price[i]) && std::isnan(b.price[i])));
}

}  // namespace

TEST(Store, RoundTripsAShopAcrossReopen) {
  TempDir dir("roundtrip");
  Context ctx(2);
  GeneratorConfig cfg;
  cfg.users = 200;
  cfg.items = 100;
  auto shop = generate_shop(cfg);
  {
    auto s = Store::open(dir.str());
    // Re-intern the shop's ids so they match the store's (both dense, in order).
    shop.data.dicts.for_each([&](const char* name, Dictionary& d) {
      Dictionary* target = nullptr;
      s->dicts().for_each([&](const char* n2, Dictionary& d2) { if (std::string(n2) == name) target = &d2; });
      for (uint32_t i = 0; i < d.size(); ++i) target->intern(d.name(i));
    });
    // Two batches: ids introduced by the first stay valid in the second.
    EventTable first, second;
    for (size_t i = 0; i < shop.data.events.size(); ++i)
      (i < shop.data.events.size() / 2 ? first : second).push_back(shop.data.events.row(i));
    s->append(first, shop.data.catalogue.items(), {{.user = 3, .attributes = {{"tier", "gold"}}}});
    s->append(second);
  }
  auto s = Store::open(dir.str(), {.read_only = true});
  EXPECT_EQ(s->num_events(), shop.data.events.size());
  Dataset d = s->load(ctx);
  expect_tables_equal(d.events, shop.data.events);
  EXPECT_EQ(d.catalogue.size(), shop.data.catalogue.size());
  EXPECT_EQ(d.catalogue.find(5)->title, shop.data.catalogue.find(5)->title);
  EXPECT_EQ(d.dicts.users.name(7), "u7");
  EXPECT_EQ(d.dicts.items.find("i42"), 42u);
  ASSERT_EQ(d.users.size(), 1u);
  EXPECT_EQ(d.users[0].attributes[0].second, "gold");
}

TEST(Store, IncrementalAppendsKeepIdsStable) {
  TempDir dir("incremental");
  Context ctx(1);
  {
    auto s = Store::open(dir.str());
    s->append(make_batch(*s, 0, 10));
  }
  {
    auto s = Store::open(dir.str());
    EXPECT_EQ(s->dicts().users.find("k0"), 0u);
    s->append(make_batch(*s, 1, 20));
    EXPECT_EQ(s->dicts().items.find("item15"), 15u);
  }
  auto s = Store::open(dir.str());
  EXPECT_EQ(s->num_events(), 30u);
  EXPECT_EQ(s->dicts().users.find("k1"), 1u);
}

TEST(Store, DropsATornTailAndKeepsWorking) {
  TempDir dir("torn");
  Context ctx(1);
  uint64_t good_size;
  {
    auto s = Store::open(dir.str());
    s->append(make_batch(*s, 0, 50));
    s->append(make_batch(*s, 1, 50));
    good_size = s->stats().bytes_on_disk;
    s->append(make_batch(*s, 2, 50));
  }
  // Cut the last record in half, as a crash during write would.
  const auto log = dir.path / "log.ssl";
  fs::resize_file(log, good_size + (fs::file_size(log) - good_size) / 2);
  {
    auto s = Store::open(dir.str());
    EXPECT_EQ(s->num_events(), 100u);
    EXPECT_GT(s->stats().dropped_tail_bytes, 0u);
    EXPECT_EQ(s->dicts().users.find("k2"), kNone);  // its dictionary entries went with it
    s->append(make_batch(*s, 3, 50));
  }
  auto s = Store::open(dir.str());
  EXPECT_EQ(s->num_events(), 150u);
  EXPECT_EQ(s->stats().dropped_tail_bytes, 0u);
  EXPECT_EQ(s->dicts().users.find("k3"), 2u);
}

TEST(Store, AFlippedByteEndsTheLogThere) {
  TempDir dir("flip");
  uint64_t first_size;
  {
    auto s = Store::open(dir.str());
    s->append(make_batch(*s, 0, 50));
    first_size = s->stats().bytes_on_disk;
    s->append(make_batch(*s, 1, 50));
  }
  {
    std::fstream f(dir.path / "log.ssl", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(first_size + 40));
    f.put('\x5a');
  }
  auto s = Store::open(dir.str(), {.read_only = true});
  EXPECT_EQ(s->num_events(), 50u);
}

TEST(Store, OneWriterAtATime) {
  TempDir dir("lock");
  auto a = Store::open(dir.str());
  EXPECT_THROW(Store::open(dir.str()), Error);
  EXPECT_NO_THROW(Store::open(dir.str(), {.read_only = true}));
  EXPECT_THROW(Store::open((dir.path / "missing").string(), {.read_only = true}), Error);
}

TEST(Store, DeleteUserRemovesDataPhysically) {
  TempDir dir("delete");
  Context ctx(1);
  auto s = Store::open(dir.str());
  s->append(make_batch(*s, 0, 30), {}, {{.user = 0, .attributes = {{"email", "a@b.c"}}}});
  s->append(make_batch(*s, 1, 30));
  s->delete_user(s->dicts().users.find("k0"), ctx);
  EXPECT_EQ(s->num_events(), 30u);
  EXPECT_TRUE(s->users().empty());
  EXPECT_EQ(s->dicts().users.find("k0"), kNone);
  std::ifstream f(dir.path / "log.ssl", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  EXPECT_EQ(bytes.find("a@b.c"), std::string::npos);
  s.reset();
  auto r = Store::open(dir.str());
  EXPECT_EQ(r->num_events(), 30u);
  EXPECT_EQ(r->dicts().users.find("k1"), 1u);  // other ids unchanged
  auto events = r->scan_events(ctx);
  for (auto u : events.user) EXPECT_EQ(u, 1u);
}

TEST(Store, CompactSortsAndPreserves) {
  TempDir dir("compact");
  Context ctx(2);
  auto s = Store::open(dir.str());
  for (int b = 5; b >= 0; --b) s->append(make_batch(*s, b, 40));
  const auto before = s->scan_events(ctx);
  s->compact(ctx);
  auto after = s->scan_events(ctx);
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 1; i < after.size(); ++i) ASSERT_LE(after.user[i - 1], after.user[i]);
  auto sorted = before;
  sorted.sort_by_user_time();
  expect_tables_equal(after, sorted);
  EXPECT_EQ(s->stats().event_batches, 1u);
}

// A writer is killed with SIGKILL at random moments, many times. Every batch it reported
// as acknowledged must be there afterwards, complete, and the store must always reopen.
TEST(Store, SurvivesKillNineDuringIngest) {
  TempDir dir("kill");
  std::mt19937 rng(7);
  int acknowledged_total = 0;  // batches acknowledged over all rounds
  for (int round = 0; round < 12; ++round) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      auto s = Store::open(dir.str());
      for (int b = static_cast<int>(s->num_events() / 100);; ++b) {
        s->append(make_batch(*s, b, 100));
        const int32_t ack = b;
        if (write(fds[1], &ack, sizeof ack) != sizeof ack) _exit(1);
      }
    }
    close(fds[1]);
    // Wait for the first acknowledgement (fsync can be slow on a loaded machine), then kill
    // at a random moment of the ingest that follows.
    int32_t first_ack;
    if (read(fds[0], &first_ack, sizeof first_ack) == sizeof first_ack)
      acknowledged_total = std::max(acknowledged_total, first_ack + 1);
    usleep(rng() % 30000);
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    int32_t ack;
    while (read(fds[0], &ack, sizeof ack) == sizeof ack) acknowledged_total = std::max(acknowledged_total, ack + 1);
    close(fds[0]);

    auto s = Store::open(dir.str());
    const uint64_t n = s->num_events();
    ASSERT_EQ(n % 100, 0u) << "a batch was half-applied";
    ASSERT_GE(n / 100, static_cast<uint64_t>(acknowledged_total)) << "an acknowledged batch was lost";
    Context ctx(1);
    auto events = s->scan_events(ctx);
    for (size_t i = 0; i < events.size(); ++i) {
      const int batch = static_cast<int>(events.ts_ms[i] / 1000), j = static_cast<int>(events.ts_ms[i] % 1000);
      ASSERT_EQ(s->dicts().users.name(events.user[i]), "k" + std::to_string(batch));
      ASSERT_EQ(s->dicts().items.name(events.item[i]), "item" + std::to_string(j));
    }
  }
  EXPECT_GT(acknowledged_total, 0);
}
