// Builds a large synthetic store for the serving benchmark, streaming users so memory
// stays flat: serve_make_store DIR USERS ITEMS [DAYS] [SESSIONS_PER_USER]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "store/store.h"
#include "synth/generator.h"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s DIR USERS ITEMS [DAYS] [SESSIONS_PER_USER]\n", argv[0]);
    return 2;
  }
  ss::GeneratorConfig g;
  g.users = std::strtoull(argv[2], nullptr, 10);
  g.items = std::strtoull(argv[3], nullptr, 10);
  g.categories = 200;
  g.brands = 500;
  g.days = argc > 4 ? static_cast<uint32_t>(std::atoi(argv[4])) : 30;
  g.sessions_per_user = argc > 5 ? std::atof(argv[5]) : 3;
  const auto t0 = std::chrono::steady_clock::now();
  std::filesystem::remove_all(argv[1]);
  auto store = ss::Store::open(argv[1], {.create_if_missing = true, .read_only = false, .sync = false});
  ss::SyntheticShop shop;
  ss::EventTable pending;
  bool dicts_done = false;
  auto flush = [&] {
    if (!dicts_done) {
      // Ids in the generated dictionaries are interned in the same order here.
      auto& d = store->dicts();
      for (size_t i = 0; i < shop.data.dicts.users.size(); ++i) d.users.intern(shop.data.dicts.users.name(i));
      for (size_t i = 0; i < shop.data.dicts.items.size(); ++i) d.items.intern(shop.data.dicts.items.name(i));
      for (size_t i = 0; i < shop.data.dicts.categories.size(); ++i) d.categories.intern(shop.data.dicts.categories.name(i));
      for (size_t i = 0; i < shop.data.dicts.brands.size(); ++i) d.brands.intern(shop.data.dicts.brands.name(i));
      for (size_t i = 0; i < shop.data.dicts.queries.size(); ++i) d.queries.intern(shop.data.dicts.queries.name(i));
      store->append({}, shop.data.catalogue.items());
      dicts_done = true;
    }
    auto& d = store->dicts();
    auto extend = [](ss::Dictionary& mine, const ss::Dictionary& theirs) {
      for (size_t i = mine.size(); i < theirs.size(); ++i) mine.intern(theirs.name(static_cast<uint32_t>(i)));
    };
    extend(d.users, shop.data.dicts.users);
    extend(d.items, shop.data.dicts.items);
    extend(d.queries, shop.data.dicts.queries);
    store->append(pending);
    pending.clear();
  };
  uint64_t events = 0;
  ss::generate_shop_streaming(g, shop, [&](const ss::EventTable& t) {
    pending.append(t);
    events += t.size();
    if (pending.size() >= 1'000'000) flush();
  });
  flush();
  std::printf("store %s: %llu users, %llu items, %llu events in %.1f s\n", argv[1],
              static_cast<unsigned long long>(g.users), static_cast<unsigned long long>(g.items),
              static_cast<unsigned long long>(events),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}
