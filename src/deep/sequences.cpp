#include "deep/sequences.h"

#include <algorithm>
#include <bit>
#include <numeric>

namespace ss::deep {

uint8_t gap_bucket(int64_t prev_ms, int64_t ts_ms) {
  if (prev_ms == kNoTime || ts_ms == kNoTime || ts_ms < prev_ms) return 0;
  const uint64_t minutes = uint64_t(ts_ms - prev_ms) / 60000u;
  const int b = 1 + int(std::bit_width(minutes));  // 0 min -> 1, 1 -> 2, 2..3 -> 3, ...
  return uint8_t(std::min(b, kGapBuckets - 1));
}

static bool useful(uint32_t item, Behavior b, const BehaviorWeights& w) {
  return item != kNone && w[b] > 0.0f;
}

UserSequences build_sequences(const EventTable& ev, const BehaviorWeights& w, size_t num_users) {
  std::vector<uint32_t> order;
  order.reserve(ev.size());
  for (uint32_t i = 0; i < ev.size(); ++i)
    if (ev.user[i] < num_users && useful(ev.item[i], ev.type[i], w)) order.push_back(i);
  const bool timed = !ev.ts_ms.empty();
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (ev.user[a] != ev.user[b]) return ev.user[a] < ev.user[b];
    return timed && ev.ts_ms[a] < ev.ts_ms[b];
  });
  UserSequences s;
  s.offsets.assign(num_users + 1, 0);
  s.items.reserve(order.size());
  s.types.reserve(order.size());
  s.gaps.reserve(order.size());
  uint32_t prev_user = kNone;
  int64_t prev_ts = kNoTime;
  for (uint32_t i : order) {
    const uint32_t u = ev.user[i];
    const int64_t ts = timed ? ev.ts_ms[i] : kNoTime;
    if (u != prev_user) prev_ts = kNoTime;
    s.items.push_back(ev.item[i]);
    s.types.push_back(uint8_t(ev.type[i]));
    s.gaps.push_back(gap_bucket(prev_ts, ts));
    s.offsets[u + 1]++;
    prev_user = u;
    prev_ts = ts;
  }
  std::partial_sum(s.offsets.begin(), s.offsets.end(), s.offsets.begin());
  return s;
}

TokenWindow window_from_history(const History& h, const BehaviorWeights& w, size_t max_len) {
  TokenWindow win;
  int64_t prev_ts = kNoTime;
  for (size_t i = 0; i < h.items.size(); ++i) {
    const Behavior b = h.types.empty() ? Behavior::kPurchase : h.types[i];
    const int64_t ts = h.ts_ms.empty() ? kNoTime : h.ts_ms[i];
    if (!useful(h.items[i], b, w)) continue;
    win.items.push_back(h.items[i]);
    win.types.push_back(uint8_t(b));
    win.gaps.push_back(gap_bucket(prev_ts, ts));
    prev_ts = ts;
  }
  if (win.items.size() > max_len) {
    const auto cut = long(win.items.size() - max_len);
    win.items.erase(win.items.begin(), win.items.begin() + cut);
    win.types.erase(win.types.begin(), win.types.begin() + cut);
    win.gaps.erase(win.gaps.begin(), win.gaps.begin() + cut);
  }
  return win;
}

namespace {

PaddedBatch empty_batch(int64_t rows, int64_t width, bool with_targets) {
  const size_t n = size_t(rows * width);
  PaddedBatch b{rows, width, std::vector<int64_t>(n, 0), std::vector<int64_t>(n, 0), std::vector<int64_t>(n, 0), {}};
  if (with_targets) b.targets.assign(n, 0);
  return b;
}

// Row `r` of `b`: the newest tokens before `end` of one sequence, right-aligned.
void fill_row(PaddedBatch& b, int64_t r, std::span<const uint32_t> items, std::span<const uint8_t> types,
              std::span<const uint8_t> gaps, int64_t end) {
  const int64_t n = std::min(end, b.width), first = end - n, at = r * b.width + (b.width - n);
  for (int64_t j = 0; j < n; ++j) {
    const size_t src = size_t(first + j), dst = size_t(at + j);
    b.items[dst] = int64_t(items[src]) + 1;
    b.types[dst] = types[src];
    b.gaps[dst] = gaps[src];
    if (!b.targets.empty() && src + 1 < items.size()) b.targets[dst] = int64_t(items[src + 1]) + 1;
  }
}

}  // namespace

PaddedBatch pad_windows(const UserSequences& s, std::span<const uint32_t> users, std::span<const uint32_t> ends,
                        size_t max_len, bool with_targets) {
  int64_t width = 1;
  for (size_t r = 0; r < users.size(); ++r) width = std::max<int64_t>(width, std::min<int64_t>(ends[r], int64_t(max_len)));
  PaddedBatch b = empty_batch(int64_t(users.size()), width, with_targets);
  for (size_t r = 0; r < users.size(); ++r)
    fill_row(b, int64_t(r), s.items_of(users[r]), s.types_of(users[r]), s.gaps_of(users[r]), ends[r]);
  return b;
}

PaddedBatch pad_window(const TokenWindow& w) {
  PaddedBatch b = empty_batch(1, std::max<int64_t>(1, int64_t(w.items.size())), false);
  fill_row(b, 0, w.items, w.types, w.gaps, int64_t(w.items.size()));
  return b;
}

}  // namespace ss::deep
