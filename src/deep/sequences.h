// Users' behaviour as token sequences (item, behaviour type, time-gap bucket), oldest first:
// the input of every sequence model, and the padded batches made of them. Built from an
// event table without LibTorch.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "core/behavior.h"
#include "core/events.h"
#include "models/recommender.h"

namespace ss::deep {

inline constexpr int kGapBuckets = 16;  // 0: first event / unknown time; 1..15: log2 of minutes

// Bucket of the time since the previous event: 1 for under a minute, then one per doubling.
uint8_t gap_bucket(int64_t prev_ms, int64_t ts_ms);

struct UserSequences {
  std::vector<uint64_t> offsets{0};  // users + 1
  std::vector<uint32_t> items;
  std::vector<uint8_t> types, gaps;

  size_t num_users() const { return offsets.size() - 1; }
  size_t length(size_t u) const { return offsets[u + 1] - offsets[u]; }
  std::span<const uint32_t> items_of(size_t u) const { return {items.data() + offsets[u], length(u)}; }
  std::span<const uint8_t> types_of(size_t u) const { return {types.data() + offsets[u], length(u)}; }
  std::span<const uint8_t> gaps_of(size_t u) const { return {gaps.data() + offsets[u], length(u)}; }
};

// One sequence per user id (empty for users without events). Events with no item or a
// behaviour weight <= 0 (searches, dislikes, returns) are left out: they say nothing
// about what the user wants next.
UserSequences build_sequences(const EventTable& events, const BehaviorWeights& weights, size_t num_users);

// The same tokens for one request's history, newest `max_len` only.
struct TokenWindow {
  std::vector<uint32_t> items;
  std::vector<uint8_t> types, gaps;
};
TokenWindow window_from_history(const History& h, const BehaviorWeights& weights, size_t max_len);

// Token windows of several rows, left-padded to the longest and laid out row-major
// (rows x width), ready to become the three int64 tensors of a batch: item ids shifted by
// one (0 is padding), behaviour types, gap buckets and, when asked, each position's next
// item (shifted too; 0 where the window's sequence has none). The one place where batches
// of every shape (training, validation, one serving request) are laid out.
struct PaddedBatch {
  int64_t rows = 0, width = 0;
  std::vector<int64_t> items, types, gaps, targets;  // targets empty unless asked for
};

// Row r: the newest `max_len` tokens before position `ends[r]` of user `users[r]`.
PaddedBatch pad_windows(const UserSequences& s, std::span<const uint32_t> users, std::span<const uint32_t> ends,
                        size_t max_len, bool with_targets);
// One row: the whole window (a serving request).
PaddedBatch pad_window(const TokenWindow& w);

}  // namespace ss::deep
