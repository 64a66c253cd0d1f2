// Prometheus metrics without a client library: every series is created when the server
// starts (one per route), so recording is a few relaxed atomic adds and never locks.
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace ss::serve {

// Latency buckets in seconds, Prometheus-style (cumulative when exported).
inline constexpr std::array<double, 14> kLatencyBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                             0.025,  0.05,    0.1,    0.25,  0.5,    1.0,  2.5};

struct RouteMetrics {
  std::string method, path;
  std::array<std::atomic<uint64_t>, 6> by_class{};  // index = status / 100 (1xx..5xx)
  std::array<std::atomic<uint64_t>, kLatencyBuckets.size() + 1> buckets{};
  std::atomic<uint64_t> sum_us{0};
  void record(int status, double seconds);
};

class Metrics {
 public:
  // Stable address for the server's lifetime (deque never moves its elements).
  RouteMetrics& add_route(const std::string& method, const std::string& path);
  std::atomic<uint64_t> events_ingested{0}, items_ingested{0}, users_ingested{0};
  std::atomic<uint64_t> commits{0}, commit_failures{0};
  std::atomic<uint64_t> recommendations_served{0}, attributed_events{0};
  // The HTTP front stopped accepting for a moment: out of file descriptors (EMFILE/ENFILE).
  std::atomic<uint64_t> accept_pauses{0};
  // Gauges computed at scrape time (model ages, queue depth, ...): name -> lines.
  void add_gauge_source(std::function<void(std::string& out)> source);
  std::string render() const;

 private:
  std::deque<RouteMetrics> routes_;
  std::vector<std::function<void(std::string&)>> gauges_;
};

}  // namespace ss::serve
