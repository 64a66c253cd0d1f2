// Replicated serving, in process: the partitioning ring (agreeing with nginx's), snapshot
// publishing and loading, id mapping between a trainer's and a replica's numbering, merging
// replicas' stores, and a snapshot swap under request load that fails no request.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/error.h"
#include "fixture.h"
#include "models/registry.h"
#include "serve/dataset_merge.h"
#include "serve/mapped_model.h"
#include "serve/nginx_config.h"
#include "serve/partition.h"
#include "serve/replica.h"
#include "serve/snapshot.h"
#include "synth/generator.h"
#include "wait.h"

namespace ss::serve::testing {
namespace {

TEST(HashRing, Crc32MatchesTheStandardCheckValue) {
  EXPECT_EQ(crc32_ieee("123456789"), 0xCBF43926u);  // the CRC-32/IEEE check value
  EXPECT_EQ(crc32_ieee(""), 0u);
  EXPECT_EQ(crc32_ieee("6789", crc32_ieee("12345")), 0xCBF43926u);  // continuing = concatenating
}

TEST(HashRing, SplitsUsersEvenlyAndMovesFewWhenAReplicaJoins) {
  const HashRing two({"10.0.0.1:8080", "10.0.0.2:8080"});
  const HashRing three({"10.0.0.1:8080", "10.0.0.2:8080", "10.0.0.3:8080"});
  size_t on_first = 0, moved = 0, moved_elsewhere = 0;
  const size_t n = 20000;
  for (size_t u = 0; u < n; ++u) {
    const std::string key = "user" + std::to_string(u);
    const size_t a = two.owner(key), b = three.owner(key);
    on_first += a == 0;
    if (a != b) ++moved, moved_elsewhere += b != 2;  // a move may only go to the new replica
  }
  EXPECT_NEAR(static_cast<double>(on_first) / n, 0.5, 0.08);
  EXPECT_NEAR(static_cast<double>(moved) / n, 1.0 / 3, 0.08);  // ~1/N move, not ~all as with modulo
  EXPECT_EQ(moved_elsewhere, 0u);
  const auto shares = three.shares();
  EXPECT_NEAR(shares[0] + shares[1] + shares[2], 1.0, 1e-9);
  for (double s : shares) EXPECT_NEAR(s, 1.0 / 3, 0.1);
}

TEST(HashRing, PreferenceStartsAtTheOwnerAndListsEveryReplicaOnce) {
  const HashRing ring({"a:1", "b:2", "c:3"});
  for (const char* key : {"alice", "bob", "", "x/y"}) {
    const auto order = ring.preference(key);
    ASSERT_EQ(order.size(), 3u);
    EXPECT_EQ(order[0], ring.owner(key));
    EXPECT_EQ(std::set<size_t>(order.begin(), order.end()).size(), 3u);
  }
  EXPECT_THROW(HashRing({"a:1", "a:1"}), Error);
  EXPECT_THROW(HashRing(std::vector<std::string>{}), Error);
}

TEST(NginxConfig, ListsEveryReplicaInBothUpstreamsWithFailover) {
  NginxOptions o;
  o.replicas = {"127.0.0.1:9001", "127.0.0.1:9002"};
  o.listen = "127.0.0.1:9000";
  o.prefix = "/tmp/x";
  o.foreground = true;
  const std::string c = nginx_config(o);
  EXPECT_NE(c.find("hash $ss_user consistent;"), std::string::npos);
  EXPECT_NE(c.find("listen 127.0.0.1:9000;"), std::string::npos);
  EXPECT_NE(c.find("daemon off;"), std::string::npos);
  EXPECT_NE(c.find("pid /tmp/x/nginx.pid;"), std::string::npos);
  size_t servers = 0;
  for (size_t p = 0; (p = c.find("server 127.0.0.1:900", p)) != std::string::npos; ++p) ++servers;
  EXPECT_EQ(servers, 4u);  // two replicas in each of the two upstreams
  EXPECT_EQ(c.find("{{"), std::string::npos) << "unfilled placeholder";
  o.replicas = {"no-port"};
  EXPECT_THROW(nginx_config(o), Error);
}

// The same shop with users and items numbered in reverse: another replica's numbering.
Dataset renumbered(const Dataset& d) {
  Dataset r;
  std::vector<uint32_t> users(d.num_users()), items(d.num_items());
  for (size_t i = d.num_users(); i-- > 0;) users[i] = r.dicts.users.intern(d.dicts.users.name(static_cast<uint32_t>(i)));
  for (size_t i = d.num_items(); i-- > 0;) items[i] = r.dicts.items.intern(d.dicts.items.name(static_cast<uint32_t>(i)));
  r.dicts.categories = d.dicts.categories;
  r.dicts.brands = d.dicts.brands;
  r.dicts.queries = d.dicts.queries;
  r.events = d.events;
  for (auto& u : r.events.user) u = users[u];
  for (auto& it : r.events.item)
    if (it != kNone) it = items[it];
  for (CatalogueItem c : d.catalogue.items()) {
    c.item = items[c.item];
    r.catalogue.upsert(std::move(c));
  }
  return r;
}

std::vector<std::string> names(const Dataset& d, const std::vector<Recommendation>& recs) {
  std::vector<std::string> out;
  for (const auto& r : recs) out.emplace_back(d.dicts.items.name(r.item));
  return out;
}

class ReplicaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    GeneratorConfig g;
    g.users = 300;
    g.items = 120;
    g.days = 20;
    shop = generate_shop(g).data;
    register_builtin_models(registry);
    factory = [this](const std::string& spec) { return registry.create(spec); };
  }
  Dataset shop;
  RecommenderRegistry registry;
  ModelFactory factory;
};

TEST_F(ReplicaTest, SnapshotModelAnswersInTheReplicasOwnIds) {
  TempDir dir("replica_map");
  const Dataset other = renumbered(shop);  // the replica's numbering differs from the trainer's
  write_store((dir.path / "data").string(), other);
  auto model = factory("itemknn");
  Context ctx(2, 42, true);
  model->fit(TrainData{shop, shop.events, {}}, ctx);
  const std::shared_ptr<const Recommender> trained = std::move(model);
  publish_snapshot((dir.path / "snap").string(), {{"knn", "itemknn", trained, 1, 0.1, nullptr}}, shop.dicts, "knn", Json::object());
  const auto info = read_current((dir.path / "snap").string());
  ASSERT_TRUE(info);
  EXPECT_EQ(info->version, 1u);
  const LoadedSnapshot snap = load_snapshot((dir.path / "snap").string(), *info, factory);
  ASSERT_EQ(snap.models.size(), 1u);
  EXPECT_EQ(snap.default_model, "knn");

  TestServer server((dir.path / "data").string());
  // (A request also makes sure the server thread is up before the fixture stops it.)
  ASSERT_EQ(body_of(server.client()->Get("/health"))["users"], shop.num_users());
  const LiveState& live = server.service->live;
  const auto map = IdMap::build(snap.items, snap.users, live);
  const auto mapped = map_model(snap.models[0].model, map);
  ASSERT_NE(dynamic_cast<const ItemSimilarity*>(mapped.get()), nullptr) << "item similarity must survive the wrapper";
  size_t compared = 0;
  for (uint32_t u = 0; u < shop.num_users() && compared < 25; u += 7) {
    const std::string name(shop.dicts.users.name(u));
    std::vector<uint32_t> hist_t, hist_r;  // the user's items in trainer ids and in replica ids
    for (size_t e = 0; e < shop.events.size(); ++e)
      if (shop.events.user[e] == u && shop.events.item[e] != kNone) {
        hist_t.push_back(shop.events.item[e]);
        hist_r.push_back(live.find_item(shop.dicts.items.name(shop.events.item[e])));
      }
    if (hist_t.empty()) continue;
    RecommendRequest a, b;
    a.k = b.k = 10;
    a.user = u;
    a.history.items = hist_t;
    b.user = live.find_user(name);
    b.history.items = hist_r;
    ASSERT_NE(b.user, u) << "the test needs a different numbering";
    std::vector<std::string> via_replica;
    for (const auto& r : mapped->recommend(b)) via_replica.push_back(live.item_name(r.item));
    EXPECT_EQ(via_replica, names(shop, snap.models[0].model->recommend(a))) << "user " << name;
    ++compared;
  }
  EXPECT_GE(compared, 10u);
}

TEST_F(ReplicaTest, PublishingKeepsTheNewestVersionsAndRejectsNothingPublished) {
  TempDir dir("replica_versions");
  const std::string snap = (dir.path / "snap").string();
  EXPECT_FALSE(read_current(snap));
  auto m = factory("pop");
  Context ctx(2, 42, true);
  m->fit(TrainData{shop, shop.events, {}}, ctx);
  const std::shared_ptr<const Recommender> pop = std::move(m);
  for (int v = 1; v <= 4; ++v) publish_snapshot(snap, {{"pop", "pop", pop, 0, 0, nullptr}}, shop.dicts, "", Json::object(), 2);
  EXPECT_EQ(read_current(snap)->version, 4u);
  EXPECT_TRUE(fs::is_directory(dir.path / "snap" / "v000004"));
  EXPECT_TRUE(fs::is_directory(dir.path / "snap" / "v000003"));
  EXPECT_FALSE(fs::exists(dir.path / "snap" / "v000002"));
  EXPECT_THROW(publish_snapshot(snap, {}, shop.dicts, "", Json::object()), Error);
  std::ofstream(dir.path / "snap" / "CURRENT") << "{not json";
  EXPECT_THROW(read_current(snap), Error);
}

TEST_F(ReplicaTest, MergingTwoReplicasStoresGivesTheWholeShop) {
  // Split the shop by the ring as two replicas would hold it, then merge it back.
  const HashRing ring({"r1:1", "r2:2"});
  Dataset part[2];
  for (int p = 0; p < 2; ++p) {
    std::vector<bool> keep(shop.events.size());
    for (size_t e = 0; e < shop.events.size(); ++e)
      keep[e] = ring.owner(shop.dicts.users.name(shop.events.user[e])) == static_cast<size_t>(p);
    part[p] = p ? renumbered(shop) : shop;  // replica 2 numbers everything differently
    part[p].events.filter(keep);
  }
  ASSERT_GT(part[0].events.size(), 0u);
  ASSERT_GT(part[1].events.size(), 0u);
  Dataset merged = part[0];
  merge_dataset(merged, part[1]);
  ASSERT_EQ(merged.events.size(), shop.events.size());
  std::multiset<std::string> want, got;
  for (size_t e = 0; e < shop.events.size(); ++e)
    want.insert(std::string(shop.dicts.users.name(shop.events.user[e])) + "|" +
                (shop.events.item[e] == kNone ? "" : std::string(shop.dicts.items.name(shop.events.item[e]))) + "|" +
                std::to_string(shop.events.ts_ms[e]));
  for (size_t e = 0; e < merged.events.size(); ++e)
    got.insert(std::string(merged.dicts.users.name(merged.events.user[e])) + "|" +
               (merged.events.item[e] == kNone ? "" : std::string(merged.dicts.items.name(merged.events.item[e]))) + "|" +
               std::to_string(merged.events.ts_ms[e]));
  EXPECT_TRUE(want == got);
  EXPECT_EQ(merged.catalogue.size(), shop.catalogue.size());
}

TEST_F(ReplicaTest, ServeSwapsToEachNewVersionWithoutFailingARequest) {
  TempDir dir("replica_swap");
  write_store((dir.path / "data").string(), shop);
  const std::string snap = (dir.path / "snap").string();
  auto publish = [&](float boost) {
    auto m = make_test_model("testpop:boost=" + std::to_string(boost));
    Context ctx(2, 42, true);
    m->fit(TrainData{shop, shop.events, {}}, ctx);
    const std::string spec = m->spec().to_string();
    return publish_snapshot(snap, {{"pop", spec, std::shared_ptr<const Recommender>(std::move(m)), 0, 0, nullptr}},
                            shop.dicts, "pop", Json::object());
  };
  publish(1.0f);
  TestServer server((dir.path / "data").string());
  ReplicaConfig rc;
  rc.models_dir = snap;
  rc.poll_ms = 20;
  Replica replica(*server.service, rc, make_test_model);
  server.service->replica = &replica;
  const std::string user(shop.dicts.users.name(shop.events.user[0]));
  auto top_score = [&] {
    const Json r = body_of(server.client(kRead)->Get("/v1/users/" + user + "/recommendations?k=3"));
    return std::make_pair(r["model"].get<std::string>(), r["items"][0]["score"].get<double>());
  };
  const auto [model1, score1] = top_score();
  EXPECT_EQ(model1, "pop");
  EXPECT_EQ(body_of(server.client()->Get("/health"))["cluster"]["snapshot"]["version"], 1);

  std::atomic<bool> stop{false};
  std::atomic<size_t> ok{0}, failed{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t)
    readers.emplace_back([&] {
      auto c = server.client(kRead);
      while (!stop) {
        auto r = c->Get("/v1/users/" + user + "/recommendations?k=5");
        (r && r->status == 200 ? ok : failed)++;
      }
    });
  publish(2.0f);
  wait_until([&] { return replica.watcher()->version() == 2; });
  const size_t ok_at_swap = ok.load();  // then some answers from the new version, however slow the machine
  wait_until([&] { return ok.load() > std::max<size_t>(20, ok_at_swap + 8); });
  stop = true;
  for (auto& t : readers) t.join();
  server.service->replica = nullptr;
  EXPECT_EQ(replica.watcher()->version(), 2u);
  EXPECT_EQ(failed.load(), 0u);
  EXPECT_GT(ok.load(), 20u);
  const auto [model2, score2] = top_score();
  EXPECT_NEAR(score2, 2 * score1, 1e-3 * score1) << "the new version's model answers";
  const Json models = body_of(server.client()->Get("/v1/admin/models"));
  EXPECT_EQ(models["models"][0]["version"], "2");
}

}  // namespace
}  // namespace ss::serve::testing
