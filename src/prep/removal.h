// Why a row was removed. Cleaning steps mark rows in one shared mask instead of copying the
// table after each step, so a pipeline of steps costs one final filter; a step skips rows
// an earlier step removed, and the first reason to remove a row is the one reported.
#pragma once
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/events.h"

namespace ss::prep {

enum class Reason : uint8_t {
  kKept = 0,
  kExactDuplicate,
  kRepeatedView,
  kBot,
  kTimeRange,
  kKCore,
  kMissingValue,
};
inline constexpr int kNumReasons = 7;
inline constexpr std::array<std::string_view, kNumReasons> kReasonNames = {
    "kept", "exact_duplicate", "repeated_view", "bot", "time_range", "k_core", "missing_value"};
constexpr std::string_view reason_name(Reason r) { return kReasonNames[static_cast<int>(r)]; }

struct RemovalMask {
  std::vector<Reason> reason;  // one per row

  explicit RemovalMask(size_t rows = 0) : reason(rows, Reason::kKept) {}
  bool kept(size_t row) const { return reason[row] == Reason::kKept; }
  // Marks the row unless an earlier step already removed it.
  void remove(size_t row, Reason why) {
    if (reason[row] == Reason::kKept) reason[row] = why;
  }
  std::array<uint64_t, kNumReasons> counts() const;
  uint64_t removed() const;
  // Drops the removed rows from the table (which must be the one the mask was built on).
  void apply(EventTable& events) const;
};

}  // namespace ss::prep
