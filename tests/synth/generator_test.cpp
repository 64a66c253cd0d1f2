#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/error.h"
#include "synth/generator.h"

using namespace ss;

namespace {
GeneratorConfig small() {
  GeneratorConfig c;
  c.users = 300;
  c.items = 200;
  c.categories = 10;
  c.brands = 20;
  c.days = 30;
  c.bot_fraction = 0.02;
  c.duplicate_fraction = 0.01;
  return c;
}
}  // namespace

TEST(Generator, DeterministicForSeed) {
  auto a = generate_shop(small()), b = generate_shop(small());
  ASSERT_EQ(a.data.events.size(), b.data.events.size());
  EXPECT_EQ(a.data.events.item, b.data.events.item);
  EXPECT_EQ(a.data.events.ts_ms, b.data.events.ts_ms);
  auto c = small();
  c.seed = 7;
  EXPECT_NE(generate_shop(c).data.events.item, a.data.events.item);
}

TEST(Generator, RealisticFunnelAndTimeOrder) {
  auto shop = generate_shop(small());
  const auto& e = shop.data.events;
  std::map<Behavior, size_t> n;
  for (auto t : e.type) n[t]++;
  EXPECT_GT(n[Behavior::kView], 4 * n[Behavior::kAddToCart]);
  EXPECT_GT(n[Behavior::kAddToCart], n[Behavior::kPurchase]);
  EXPECT_GT(n[Behavior::kPurchase], 0u);
  EXPECT_GT(n[Behavior::kSearch], 0u);
  EXPECT_TRUE(std::is_sorted(e.ts_ms.begin(), e.ts_ms.end()));
  EXPECT_EQ(shop.data.catalogue.size(), 200u);
  EXPECT_EQ(shop.data.num_users(), 300u);
}

TEST(Generator, PlantedTastesShowInBehaviour) {
  auto shop = generate_shop(small());
  const auto& e = shop.data.events;
  size_t in_top = 0, views = 0;
  for (size_t i = 0; i < e.size(); ++i) {
    if (e.type[i] != Behavior::kView || shop.truth.users[e.user[i]].bot) continue;
    ++views;
    in_top += shop.truth.item_category[e.item[i]] == shop.truth.users[e.user[i]].categories[0];
  }
  // 55% of sessions are in the top category, plus chance hits from the others.
  EXPECT_GT(static_cast<double>(in_top) / views, 0.45);
}

TEST(Generator, BotsAreHeavyAndNeverBuy) {
  auto shop = generate_shop(small());
  std::vector<size_t> count(shop.data.num_users());
  std::vector<bool> bought(shop.data.num_users());
  for (size_t i = 0; i < shop.data.events.size(); ++i) {
    count[shop.data.events.user[i]]++;
    if (shop.data.events.type[i] == Behavior::kPurchase) bought[shop.data.events.user[i]] = true;
  }
  int bots = 0;
  for (size_t u = 0; u < count.size(); ++u) {
    if (!shop.truth.users[u].bot) continue;
    ++bots;
    EXPECT_GE(count[u], 300u);
    EXPECT_FALSE(bought[u]);
  }
  EXPECT_GT(bots, 0);
}

TEST(Generator, PlantedDuplicatesAreExact) {
  auto shop = generate_shop(small());
  const auto& e = shop.data.events;
  std::set<std::tuple<uint32_t, uint32_t, int64_t, Behavior>> seen;
  uint64_t dups = 0;
  for (size_t i = 0; i < e.size(); ++i)
    if (!seen.insert({e.user[i], e.item[i], e.ts_ms[i], e.type[i]}).second) ++dups;
  EXPECT_EQ(dups, shop.truth.duplicates);
  EXPECT_GT(dups, 0u);
}

TEST(Generator, ChurnersStopEarly) {
  auto shop = generate_shop(small());
  const auto& e = shop.data.events;
  for (size_t i = 0; i < e.size(); ++i) {
    const auto& t = shop.truth.users[e.user[i]];
    if (t.churner) {
      EXPECT_LE(e.ts_ms[i], t.churn_ms + 3 * 3600 * 1000LL);
    }
  }
}

TEST(Generator, WritesFilesWithDirtyRows) {
  const auto dir = std::filesystem::temp_directory_path() / "ss_gen_test";
  std::filesystem::remove_all(dir);
  const uint64_t rows = write_shop_files(small(), dir.string(), 5);
  std::ifstream f(dir / "events.csv");
  std::string line;
  uint64_t lines = 0, teleports = 0;
  std::getline(f, line);
  EXPECT_EQ(line, "user_id,item_id,behavior,timestamp,session_id,query,quantity,price");
  while (std::getline(f, line)) {
    ++lines;
    teleports += line.find("teleport") != std::string::npos;
  }
  EXPECT_EQ(lines, rows);
  EXPECT_EQ(rows, generate_shop(small()).data.events.size() + 5);
  EXPECT_TRUE(std::filesystem::exists(dir / "catalogue.csv"));
  EXPECT_TRUE(std::filesystem::exists(dir / "truth.json"));
  const auto taobao = dir / "taobao.csv";
  EXPECT_EQ(write_taobao_file(small(), taobao.string(), 5000), 5000u);
  std::filesystem::remove_all(dir);
}

TEST(Generator, FewerItemsThanCategoriesIsAClearError) {
  GeneratorConfig c = small();
  c.items = 10;
  c.categories = 20;
  try {
    generate_shop(c);
    FAIL() << "expected an error";
  } catch (const ss::Error& e) {
    EXPECT_NE(std::string(e.what()).find("--categories"), std::string::npos) << e.what();
  }
  c.categories = 10;  // the smallest valid shop of that size still generates
  EXPECT_EQ(generate_shop(c).data.num_items(), 10u);
}
