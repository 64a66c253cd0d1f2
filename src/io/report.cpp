#include "io/report.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace ss::io {

uint64_t IngestReport::rejected_total() const {
  uint64_t n = 0;
  for (uint64_t r : rejected) n += r;
  return n;
}

void IngestReport::reject(Reject why, std::string_view file, uint64_t line, std::string_view detail,
                          std::string_view text, size_t max_examples) {
  const auto k = static_cast<size_t>(why);
  ++rejected[k];
  if (examples[k].size() >= max_examples) return;
  RejectExample ex;
  ex.file = file;
  ex.line = line;
  ex.detail = detail;
  ex.text = text.substr(0, 200);
  while (!ex.text.empty() && (ex.text.back() == '\n' || ex.text.back() == '\r')) ex.text.pop_back();
  examples[k].push_back(std::move(ex));
}

void IngestReport::merge(const IngestReport& o) {
  rows_read += o.rows_read;
  rows_accepted += o.rows_accepted;
  events += o.events;
  catalogue_items += o.catalogue_items;
  batches += o.batches;
  blank_lines += o.blank_lines;
  bytes += o.bytes;
  anonymous_rows += o.anonymous_rows;
  returns += o.returns;
  for (size_t k = 0; k < kNumRejects; ++k) {
    rejected[k] += o.rejected[k];
    examples[k].insert(examples[k].end(), o.examples[k].begin(), o.examples[k].end());
  }
  stopped_early |= o.stopped_early;
  seconds += o.seconds;
}

std::string IngestReport::to_json() const {
  nlohmann::json j;
  j["rows_read"] = rows_read;
  j["rows_accepted"] = rows_accepted;
  j["rows_rejected"] = rejected_total();
  j["events"] = events;
  j["catalogue_items"] = catalogue_items;
  j["batches"] = batches;
  j["blank_lines"] = blank_lines;
  j["anonymous_rows"] = anonymous_rows;
  j["returns"] = returns;
  j["bytes"] = bytes;
  j["seconds"] = seconds;
  j["rows_per_second"] = seconds > 0 ? static_cast<double>(rows_read) / seconds : 0.0;
  j["stopped_early"] = stopped_early;
  nlohmann::json rej = nlohmann::json::object();
  for (size_t k = 0; k < kNumRejects; ++k) {
    if (!rejected[k]) continue;
    nlohmann::json ex = nlohmann::json::array();
    for (const auto& e : examples[k])
      ex.push_back({{"file", e.file}, {"line", e.line}, {"detail", e.detail}, {"text", e.text}});
    rej[std::string(kRejectNames[k])] = {{"count", rejected[k]}, {"examples", ex}};
  }
  j["rejected"] = rej;
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string IngestReport::to_text() const {
  std::string s;
  char buf[512];
  auto add = [&](const char* fmt, auto... args) {
    std::snprintf(buf, sizeof buf, fmt, args...);
    s += buf;
  };
  using ull = unsigned long long;
  add("rows read      %llu\n", static_cast<ull>(rows_read));
  add("rows accepted  %llu (%llu events", static_cast<ull>(rows_accepted), static_cast<ull>(events));
  if (catalogue_items) add(", %llu catalogue items", static_cast<ull>(catalogue_items));
  add(", %llu batches)\n", static_cast<ull>(batches));
  if (anonymous_rows) add("anonymous      %llu rows kept under an anonymous user\n", static_cast<ull>(anonymous_rows));
  if (returns) add("returns        %llu cancellation lines stored as return events\n", static_cast<ull>(returns));
  add("rows rejected  %llu\n", static_cast<ull>(rejected_total()));
  for (size_t k = 0; k < kNumRejects; ++k) {
    if (!rejected[k]) continue;
    add("  %-24s %llu\n", std::string(kRejectNames[k]).c_str(), static_cast<ull>(rejected[k]));
    for (const auto& e : examples[k])
      add("    %s:%llu: %s: %.120s\n", e.file.c_str(), static_cast<ull>(e.line), e.detail.c_str(), e.text.c_str());
  }
  if (stopped_early) s += "stopped early: --max-errors reached\n";
  if (seconds > 0)
    add("time           %.3f s, %.2f M rows/s, %.1f MB/s\n", seconds, rows_read / seconds / 1e6, bytes / seconds / 1e6);
  return s;
}

}  // namespace ss::io
