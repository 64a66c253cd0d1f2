#include "serve/metrics.h"

#include <fmt/format.h>

namespace ss::serve {

void RouteMetrics::record(int status, double seconds) {
  const int cls = status / 100;
  by_class[cls >= 1 && cls <= 5 ? cls : 5].fetch_add(1, std::memory_order_relaxed);
  size_t b = 0;
  while (b < kLatencyBuckets.size() && seconds > kLatencyBuckets[b]) ++b;
  buckets[b].fetch_add(1, std::memory_order_relaxed);
  sum_us.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

RouteMetrics& Metrics::add_route(const std::string& method, const std::string& path) {
  auto& r = routes_.emplace_back();
  r.method = method;
  r.path = path;
  return r;
}

void Metrics::add_gauge_source(std::function<void(std::string& out)> source) { gauges_.push_back(std::move(source)); }

std::string Metrics::render() const {
  std::string out;
  out += "# HELP shopsense_http_requests_total HTTP requests by route and status class.\n";
  out += "# TYPE shopsense_http_requests_total counter\n";
  for (const auto& r : routes_)
    for (int c = 1; c <= 5; ++c)
      if (uint64_t n = r.by_class[c].load(std::memory_order_relaxed))
        out += fmt::format("shopsense_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}xx\"}} {}\n", r.method,
                           r.path, c, n);
  out += "# HELP shopsense_http_request_duration_seconds Time to answer a request.\n";
  out += "# TYPE shopsense_http_request_duration_seconds histogram\n";
  for (const auto& r : routes_) {
    uint64_t cum = 0;
    for (size_t b = 0; b <= kLatencyBuckets.size(); ++b) {
      cum += r.buckets[b].load(std::memory_order_relaxed);
      const std::string le = b < kLatencyBuckets.size() ? fmt::format("{}", kLatencyBuckets[b]) : "+Inf";
      out += fmt::format("shopsense_http_request_duration_seconds_bucket{{method=\"{}\",route=\"{}\",le=\"{}\"}} {}\n",
                         r.method, r.path, le, cum);
    }
    out += fmt::format("shopsense_http_request_duration_seconds_sum{{method=\"{}\",route=\"{}\"}} {}\n", r.method, r.path,
                       r.sum_us.load(std::memory_order_relaxed) / 1e6);
    out += fmt::format("shopsense_http_request_duration_seconds_count{{method=\"{}\",route=\"{}\"}} {}\n", r.method,
                       r.path, cum);
  }
  auto counter = [&](const char* name, const char* help, const std::atomic<uint64_t>& v) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} counter\n{0} {2}\n", name, help, v.load(std::memory_order_relaxed));
  };
  counter("shopsense_events_ingested_total", "Events acknowledged (durable).", events_ingested);
  counter("shopsense_items_ingested_total", "Catalogue items added or updated.", items_ingested);
  counter("shopsense_users_ingested_total", "User attribute records stored.", users_ingested);
  counter("shopsense_commits_total", "Group commits (one fsync each).", commits);
  counter("shopsense_commit_failures_total", "Group commits that could not be made durable.", commit_failures);
  counter("shopsense_accept_pauses_total", "Times the HTTP front paused accepting: out of file descriptors.", accept_pauses);
  counter("shopsense_recommendations_served_total", "Recommendation and search responses.", recommendations_served);
  counter("shopsense_attributed_events_total", "Events citing an earlier response id.", attributed_events);
  for (const auto& g : gauges_) g(out);
  return out;
}

}  // namespace ss::serve
