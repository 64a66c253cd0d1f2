// The cleaning pipeline the CLI and later layers run: time range, duplicates, bots, k-core
// (in that order, each on what the previous left), one removal mask, one report saying
// what was removed and why. Sessions are then assigned on the cleaned table if asked.
#pragma once
#include <array>
#include <cstdint>
#include <optional>

#include "prep/bots.h"
#include "prep/dedup.h"
#include "prep/filters.h"

namespace ss::prep {

struct CleanOptions {
  int64_t from_ms = INT64_MIN, to_ms = INT64_MAX;  // keep [from, to)
  DedupOptions dedup;
  std::optional<BotOptions> bots;                   // off when empty
  uint32_t kcore = 0;                               // 0 = off
  int64_t session_gap_ms = 0;                       // > 0: refill the session column
};

struct CleanReport {
  uint64_t events_in = 0, events_out = 0;
  std::array<uint64_t, kNumReasons> removed_by_reason{};
  DedupCounts dedup;
  BotReport bots;
  KCoreResult kcore;
  uint64_t sessions = 0;
};

// Computes the mask only (for a "what would be removed" report).
RemovalMask plan_cleaning(const EventTable& events, const CleanOptions& options, CleanReport& report, Context& ctx);
// Cleans in place (rows removed, sessions assigned) and reports.
CleanReport clean_events(EventTable& events, const CleanOptions& options, Context& ctx);

}  // namespace ss::prep
