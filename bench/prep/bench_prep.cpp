// Cleaning and split kernels on a generated shop: exact dedup, leave-last-out, sessions by
// gap, 5-core, bot detection. Prints the median of `runs` timings per step and, with an
// output path, writes the events as CSV (user,item,ts,type) for the pandas reference.
//   bench_prep USERS [RUNS] [THREADS] [CSV]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

#include "prep/bots.h"
#include "prep/dedup.h"
#include "prep/filters.h"
#include "prep/split.h"
#include "synth/generator.h"

using namespace ss;
using namespace ss::prep;

static double median_secs(int runs, const std::function<void()>& f) {
  std::vector<double> t;
  for (int r = 0; r < runs; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_prep USERS [RUNS] [THREADS] [CSV]\n");
    return 1;
  }
  GeneratorConfig cfg;
  cfg.users = std::strtoull(argv[1], nullptr, 10);
  cfg.items = std::max<uint64_t>(1000, cfg.users / 4);
  cfg.days = 60;
  cfg.duplicate_fraction = 0.002;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 3;
  const size_t threads = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 0;
  const SyntheticShop shop = generate_shop(cfg);
  EventTable e = shop.data.events;
  Context ctx(threads);
  std::printf("events %zu, users %llu, threads %zu, median of %d runs\n", e.size(),
              static_cast<unsigned long long>(cfg.users), ctx.threads(), runs);
  if (argc > 4) {
    FILE* f = std::fopen(argv[4], "w");
    std::fprintf(f, "user,item,ts,type\n");
    for (size_t i = 0; i < e.size(); ++i)
      std::fprintf(f, "%u,%d,%lld,%d\n", e.user[i], e.item[i] == kNone ? -1 : static_cast<int>(e.item[i]),
                   static_cast<long long>(e.ts_ms[i]), static_cast<int>(e.type[i]));
    std::fclose(f);
  }
  uint64_t sink = 0;
  auto report = [&](const char* name, double s) {
    std::printf("%-16s %8.3f s  %7.1f M events/s\n", name, s, static_cast<double>(e.size()) / s / 1e6);
  };
  report("user_index", median_secs(runs, [&] { sink += build_user_index(e, ctx).rows.size(); }));
  report("exact_dedup", median_secs(runs, [&] {
    const UserIndex idx = build_user_index(e, ctx);
    RemovalMask m(e.size());
    sink += remove_duplicates(e, idx, {.exact = true, .view_window_ms = 0}, m, ctx).exact;
  }));
  report("leave_last_out", median_secs(runs, [&] { sink += leave_last_out(e, {}, ctx).test.size(); }));
  EventTable work = e;  // assign_sessions rewrites the session column
  report("sessions_30m", median_secs(runs, [&] {
    sink += assign_sessions(work, build_user_index(work, ctx), 30 * 60000, ctx);
  }));
  report("kcore_5", median_secs(runs, [&] {
    RemovalMask m(e.size());
    sink += kcore_filter(e, 5, m).events_removed;
  }));
  report("bots", median_secs(runs, [&] {
    const UserIndex idx = build_user_index(e, ctx);
    RemovalMask m(e.size());
    sink += detect_bots(e, idx, {}, m, ctx).flagged.size();
  }));
  std::printf("(checksum %llu)\n", static_cast<unsigned long long>(sink));
}
