// Times funnel, cohorts, RFM and preferences on generated events (median of N runs), checks
// preferences against the planted tastes, and writes the events as raw columns plus our
// numbers so bench/analytics/compare.py can run pandas and SQLite on the same definitions.
//   analytics_bench --users 150000 --out /tmp/ab [--threads 2] [--reps 3] [--store DIR]
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "analytics/cohorts.h"
#include "analytics/funnel.h"
#include "analytics/preferences.h"
#include "analytics/rfm.h"
#include "store/store.h"
#include "synth/generator.h"

using namespace ss;
using namespace ss::analytics;

template <typename T>
void write_column(const std::string& path, const std::vector<T>& v) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
}

double cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Median wall seconds of `reps` runs. The machine is shared, so the median CPU seconds
// (all threads) are kept too, in `cpu`: on an idle machine wall ~ cpu / threads.
template <typename F>
double median_seconds(int reps, F&& f, double* cpu = nullptr) {
  std::vector<double> t, c;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = cpu_seconds();
    f();
    c.push_back(cpu_seconds() - c0);
    t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(t.begin(), t.end());
  std::sort(c.begin(), c.end());
  if (cpu) *cpu = c[c.size() / 2];
  return t[t.size() / 2];
}

int main(int argc, char** argv) {
  uint64_t users = 150000;
  size_t threads = 2;
  int reps = 3;
  std::string out, store_dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--users") users = std::stoull(v);
    else if (a == "--threads") threads = std::stoul(v);
    else if (a == "--reps") reps = std::stoi(v);
    else if (a == "--out") out = v;
    else if (a == "--store") store_dir = v;
    else { std::fprintf(stderr, "unknown option %s\n", a.c_str()); return 2; }
  }
  GeneratorConfig cfg;
  cfg.users = users;
  cfg.items = std::max<uint64_t>(1000, users / 20);
  cfg.categories = 40;
  cfg.brands = 200;
  cfg.days = 90;
  cfg.sessions_per_user = 8;
  SyntheticShop shop;
  EventTable& all = shop.data.events;
  std::unique_ptr<Store> store;
  if (!store_dir.empty()) store = Store::open(store_dir, {.sync = false});
  auto t0 = std::chrono::steady_clock::now();
  generate_shop_streaming(cfg, shop, [&](const EventTable& batch) { all.append(batch); });
  if (store) {
    // The store interns its own ids; the generator's are dense "u<id>"/"i<id>" in order, so
    // interning them in id order reproduces the same ids.
    Dictionaries& d = store->dicts();
    for (size_t k = 0; k < shop.data.dicts.users.size(); ++k) d.users.intern(shop.data.dicts.users.name(k));
    for (size_t k = 0; k < shop.data.dicts.items.size(); ++k) d.items.intern(shop.data.dicts.items.name(k));
    for (size_t k = 0; k < shop.data.dicts.categories.size(); ++k) d.categories.intern(shop.data.dicts.categories.name(k));
    for (size_t k = 0; k < shop.data.dicts.brands.size(); ++k) d.brands.intern(shop.data.dicts.brands.name(k));
    for (size_t k = 0; k < shop.data.dicts.queries.size(); ++k) d.queries.intern(shop.data.dicts.queries.name(k));
    store->append(all, shop.data.catalogue.items());
  }
  const double gen_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  Context ctx(threads);
  std::printf("generated %zu events, %llu users, %zu items in %.1fs; %zu threads, median of %d\n", all.size(),
              static_cast<unsigned long long>(users), shop.data.num_items(), gen_s, ctx.threads(), reps);
  std::optional<View> view;
  const double view_s = median_seconds(reps, [&] { view.emplace(View::build(shop.data, {}, ctx)); });
  const View& v = *view;
  FunnelOptions fo;
  fo.steps = parse_funnel_steps("view>cart>purchase", shop.data.dicts);
  FunnelResult funnel;
  CohortResult cohorts;
  RfmResult rfm;
  PreferenceResult prefs;
  double fc, cc, rc, pc;
  const double funnel_s = median_seconds(reps, [&] { funnel = compute_funnel(v, fo, ctx); }, &fc);
  const double cohort_s = median_seconds(reps, [&] { cohorts = compute_cohorts(v, {}, ctx); }, &cc);
  const double rfm_s = median_seconds(reps, [&] { rfm = compute_rfm(v, {}, ctx); }, &rc);
  const double pref_s = median_seconds(reps, [&] { prefs = compute_preferences(v, {}, ctx); }, &pc);
  size_t n = 0, hits = 0;
  for (uint32_t u = 0; u < shop.truth.users.size(); ++u) {
    if (shop.truth.users[u].bot || prefs.categories_of(u)[0].id == kNone) continue;
    ++n;
    hits += prefs.categories_of(u)[0].id == shop.truth.users[u].categories[0];
  }
  std::printf("group by user (no copy when already in user order): %.3fs\n", view_s);
  std::printf("wall seconds: funnel %.3f  cohorts %.3f  rfm %.3f  preferences %.3f\n", funnel_s, cohort_s, rfm_s, pref_s);
  std::printf("cpu seconds (all threads): funnel %.3f  cohorts %.3f  rfm %.3f  preferences %.3f\n", fc, cc, rc, pc);
  std::printf("preferences: top-1 category agrees with the planted taste for %.1f%% of %zu users\n",
              100.0 * hits / std::max<size_t>(1, n), n);
  if (out.empty()) return 0;
  std::filesystem::create_directories(out);
  // Raw columns for pandas/SQLite, and our numbers to compare against.
  std::vector<uint8_t> type(all.type.size());
  for (size_t i = 0; i < type.size(); ++i) type[i] = static_cast<uint8_t>(all.type[i]);
  std::vector<float> price(all.size()), qty(all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    price[i] = all.has_price() ? all.price[i] : kNoValue;
    qty[i] = all.has_quantity() ? all.quantity[i] : kNoValue;
  }
  write_column(out + "/user.u32", all.user);
  write_column(out + "/item.u32", all.item);
  write_column(out + "/ts.i64", all.ts_ms);
  write_column(out + "/type.u8", type);
  write_column(out + "/session.u32", all.session);
  write_column(out + "/price.f32", price);
  write_column(out + "/qty.f32", qty);
  write_column(out + "/item_category.u32", v.item_category);
  std::vector<uint32_t> top1(v.num_users(), kNone);
  for (uint32_t u = 0; u < v.num_users(); ++u) top1[u] = prefs.categories_of(u)[0].id;
  write_column(out + "/top1.u32", top1);
  nlohmann::json j;
  j["events"] = all.size();
  j["funnel_user"] = funnel.all.reached;
  std::vector<uint64_t> retained;  // users active k weeks after their cohort week, summed
  for (size_t c = 0; c < cohorts.active.size(); ++c)
    for (size_t k = 0; k < cohorts.active[c].size(); ++k) {
      if (retained.size() <= k) retained.resize(k + 1, 0);
      retained[k] += cohorts.active[c][k];
    }
  j["cohort_week_offsets"] = retained;
  j["rfm_segments"] = nlohmann::json::object();
  for (int s = 0; s < kNumSegments; ++s) j["rfm_segments"][kSegmentNames[s]] = rfm.segment_users[s];
  j["rfm_customers"] = rfm.users.size();
  j["as_of_ms"] = rfm.as_of_ms;
  j["pref_as_of_ms"] = v.max_ts;
  j["cpu_seconds"] = {{"funnel", fc}, {"cohorts", cc}, {"rfm", rc}, {"preferences", pc}};
  j["seconds"] = {{"group", view_s}, {"funnel", funnel_s}, {"cohorts", cohort_s}, {"rfm", rfm_s}, {"preferences", pref_s}};
  std::ofstream(out + "/shopsense.json") << j.dump(2);
  std::printf("wrote columns and shopsense.json to %s\n", out.c_str());
  return 0;
}
