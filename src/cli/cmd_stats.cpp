// shopsense stats: what is in a data directory, and how clean it is.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/timeutil.h"
#include "store/store.h"

namespace ss::cli {
namespace {

size_t count_distinct(const std::vector<uint32_t>& ids, size_t universe) {
  std::vector<bool> seen(universe + 1, false);
  size_t n = 0;
  for (uint32_t id : ids) {
    if (id == kNone || id > universe) continue;
    if (!seen[id]) seen[id] = true, ++n;
  }
  return n;
}

nlohmann::json compute_stats(Store& store, Context& ctx, double open_secs) {
  const auto t0 = std::chrono::steady_clock::now();
  const EventTable e = store.scan_events(ctx);
  const double scan_secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const Dictionaries& d = store.dicts();
  nlohmann::json j;
  std::array<uint64_t, kNumBehaviors> per_type{};
  int64_t first = e.empty() ? 0 : e.ts_ms[0], last = first;
  uint64_t no_item = 0, missing_price = 0, priced_rows = 0;
  for (size_t i = 0; i < e.size(); ++i) {
    per_type[static_cast<int>(e.type[i])]++;
    first = std::min(first, e.ts_ms[i]);
    last = std::max(last, e.ts_ms[i]);
    if (e.item[i] == kNone && e.type[i] != Behavior::kSearch) ++no_item;
  }
  if (e.has_price()) {
    for (size_t i = 0; i < e.size(); ++i) {
      if (e.type[i] != Behavior::kPurchase) continue;
      ++priced_rows;
      missing_price += std::isnan(e.price[i]);
    }
  }
  nlohmann::json types = nlohmann::json::object();
  for (int b = 0; b < kNumBehaviors; ++b)
    if (per_type[b]) types[std::string(behavior_name(static_cast<Behavior>(b)))] = per_type[b];
  std::vector<uint32_t> item_cats = store.catalogue().category_by_item(d.items.size());
  if (e.has_category()) item_cats.insert(item_cats.end(), e.category.begin(), e.category.end());
  const StoreStats st = store.stats();
  j["events"] = e.size();
  j["by_type"] = types;
  j["users"] = count_distinct(e.user, d.users.size());
  j["items"] = count_distinct(e.item, d.items.size());
  j["categories"] = count_distinct(item_cats, d.categories.size());
  j["catalogue_items"] = store.catalogue().size();
  j["users_with_attributes"] = store.users().size();
  uint32_t max_session = 0;
  for (uint32_t s : e.session)
    if (s != kNone) max_session = std::max(max_session, s);
  j["sessions"] = count_distinct(e.session, max_session);
  j["first_event"] = e.empty() ? "" : format_datetime_ms(first);
  j["last_event"] = e.empty() ? "" : format_datetime_ms(last);
  j["span_days"] = e.empty() ? 0.0 : static_cast<double>(last - first) / kMsPerDay;
  j["quality"] = {{"events_without_item", no_item},
                  {"purchases_without_price", missing_price},
                  {"purchases_with_price_column", priced_rows},
                  {"dropped_tail_bytes_at_open", st.dropped_tail_bytes}};
  j["storage"] = {{"bytes_on_disk", st.bytes_on_disk},
                  {"bytes_per_event", e.empty() ? 0.0 : static_cast<double>(st.bytes_on_disk) / e.size()},
                  {"records", st.records},
                  {"event_batches", st.event_batches},
                  {"open_seconds", open_secs},
                  {"scan_seconds", scan_secs}};
  return j;
}

void print_human(const nlohmann::json& j, const std::string& dir) {
  std::printf("data directory %s\n", dir.c_str());
  std::printf("  events      %llu\n", j["events"].get<unsigned long long>());
  for (const auto& [k, v] : j["by_type"].items()) std::printf("    %-16s %llu\n", k.c_str(), v.get<unsigned long long>());
  std::printf("  users       %llu\n  items       %llu\n  categories  %llu\n  catalogue   %llu items\n  sessions    %llu\n",
              j["users"].get<unsigned long long>(), j["items"].get<unsigned long long>(),
              j["categories"].get<unsigned long long>(), j["catalogue_items"].get<unsigned long long>(),
              j["sessions"].get<unsigned long long>());
  std::printf("  time span   %s .. %s (%.1f days)\n", j["first_event"].get<std::string>().c_str(),
              j["last_event"].get<std::string>().c_str(), j["span_days"].get<double>());
  std::printf("  quality     %llu events without item, %llu of %llu purchases without price\n",
              j["quality"]["events_without_item"].get<unsigned long long>(),
              j["quality"]["purchases_without_price"].get<unsigned long long>(),
              j["quality"]["purchases_with_price_column"].get<unsigned long long>());
  const auto& s = j["storage"];
  std::printf("  storage     %.1f MB on disk, %.2f bytes/event, %llu records; open %.3fs, full scan %.3fs\n",
              s["bytes_on_disk"].get<double>() / 1e6, s["bytes_per_event"].get<double>(),
              s["records"].get<unsigned long long>(), s["open_seconds"].get<double>(), s["scan_seconds"].get<double>());
}

}  // namespace

void add_stats_command(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("stats", "Counts per behaviour type, users, items, time span, data quality, storage");
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, "Machine-readable output");
  cmd->callback([json, &g] {
    Context ctx(g.threads, g.seed, g.quiet);
    const auto t0 = std::chrono::steady_clock::now();
    auto store = Store::open(g.data_dir, {.read_only = true});
    const double open_secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto j = compute_stats(*store, ctx, open_secs);
    if (*json) std::printf("%s\n", j.dump(2).c_str());
    else print_human(j, g.data_dir);
  });
}

}  // namespace ss::cli
