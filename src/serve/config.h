// Everything `shopsense serve` can be told: address, keys, limits and real-time settings.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace ss::serve {

struct ServeConfig {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 = pick a free port (tests)
  std::string data_dir = "data";
  size_t http_loops = 0;     // event-loop threads answering fast routes inline (0 = hardware threads)
  size_t http_threads = 16;  // worker threads for handlers that may block (ingest, admin, analytics)
  size_t work_threads = 0;   // background training / loading (0 = all cores)

  // Keys. An empty read key leaves read endpoints open; an empty admin key disables the
  // admin and ingest endpoints (they answer 403) rather than leaving them open.
  std::string read_key, admin_key;

  // Limits: every request is bounded.
  size_t max_body_bytes = 16u << 20;
  size_t max_batch = 100000;       // events (or items/users) per request
  size_t max_k = 500;
  size_t max_query_len = 512;
  size_t max_id_len = 256;
  int read_timeout_s = 5, write_timeout_s = 5, keep_alive_s = 30;
  size_t keep_alive_max = 100000;

  // Real time.
  size_t history_len = 50;         // recent events kept per user in memory
  size_t covisit_window = 5;       // each event pairs with this many previous events of the user
  size_t covisit_neighbours = 64;  // co-visited items kept per item
  double trending_half_life_h = 24;
  int64_t basket_window_ms = 3'600'000;  // carts/purchases this close count as one basket

  // Group commit: the committer takes whatever is queued, up to this many events, per fsync.
  size_t commit_max_events = 500000;
  bool sync = true;  // fsync each commit (off only for benchmarks that say so)

  // Exploration: this share of slots goes to fresh items (created within fresh_days, or
  // with fewer than fresh_max_events interactions).
  double explore_share = 0.0;
  int fresh_days = 14;
  uint32_t fresh_max_events = 5;

  size_t response_log = 1'000'000;  // recommendation responses remembered for attribution
  std::string default_model;        // empty = the first model trained, else the live co-visit one
  std::string web_dir;              // the dashboard's static files served at /; empty = none
  bool quiet = false;
};

// Reads SHOPSENSE_API_KEY / SHOPSENSE_ADMIN_KEY into the config where they are set.
void apply_env_keys(ServeConfig& config);

}  // namespace ss::serve
