#include "prep/dedup.h"

#include <algorithm>
#include <atomic>
#include <cstring>

namespace ss::prep {
namespace {

// Floats compare by bit pattern so NaN (a missing value) equals NaN.
bool same_float(const std::vector<float>& c, size_t a, size_t b) {
  return c.empty() || std::memcmp(&c[a], &c[b], sizeof(float)) == 0;
}
template <typename T>
bool same(const std::vector<T>& c, size_t a, size_t b) {
  return c.empty() || c[a] == c[b];
}

}  // namespace

bool same_event(const EventTable& e, size_t a, size_t b) {
  return e.user[a] == e.user[b] && e.item[a] == e.item[b] && e.ts_ms[a] == e.ts_ms[b] && e.type[a] == e.type[b] &&
         same(e.session, a, b) && same(e.query, a, b) && same(e.category, a, b) && same(e.ref, a, b) &&
         same(e.context, a, b) && same_float(e.quantity, a, b) && same_float(e.price, a, b) &&
         same_float(e.value, a, b);
}

DedupCounts remove_duplicates(const EventTable& e, const UserIndex& idx, const DedupOptions& o, RemovalMask& mask,
                              Context& ctx) {
  std::atomic<uint64_t> exact{0}, repeated{0};
  ctx.pool->parallel_for(idx.num_users(), [&](size_t lo, size_t hi) {
    uint64_t my_exact = 0, my_repeated = 0;
    std::vector<std::pair<uint32_t, uint32_t>> views;  // (item, row), reused across users
    for (size_t u = lo; u < hi; ++u) {
      const auto rows = idx.of(static_cast<uint32_t>(u));
      if (o.exact) {
        // Copies share the timestamp, so compare each row with the earlier rows of its tie run.
        size_t run = 0;
        for (size_t j = 0; j < rows.size(); ++j) {
          if (e.ts_ms[rows[j]] != e.ts_ms[rows[run]]) run = j;
          if (!mask.kept(rows[j])) continue;
          for (size_t k = run; k < j; ++k) {
            if (mask.reason[rows[k]] == Reason::kExactDuplicate || !same_event(e, rows[k], rows[j])) continue;
            mask.remove(rows[j], Reason::kExactDuplicate);
            ++my_exact;
            break;
          }
        }
      }
      if (o.view_window_ms > 0) {
        views.clear();
        for (uint32_t r : rows)
          if (e.type[r] == Behavior::kView && e.item[r] != kNone) views.emplace_back(e.item[r], r);
        // Stable by item keeps each item's views in (ts, row) order.
        std::stable_sort(views.begin(), views.end(), [](auto& a, auto& b) { return a.first < b.first; });
        for (size_t j = 1; j < views.size(); ++j) {
          if (views[j].first != views[j - 1].first) continue;
          const uint32_t r = views[j].second, prev = views[j - 1].second;
          if (e.ts_ms[r] - e.ts_ms[prev] <= o.view_window_ms && mask.kept(r)) {
            mask.remove(r, Reason::kRepeatedView);
            ++my_repeated;
          }
        }
      }
    }
    exact += my_exact;
    repeated += my_repeated;
  }, 512);
  return {exact.load(), repeated.load()};
}

}  // namespace ss::prep
