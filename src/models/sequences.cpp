#include "models/sequences.h"

#include <algorithm>
#include <numeric>

namespace ss {

void for_each_session(const EventTable& ev, int64_t gap_ms, const std::function<void(std::span<const uint32_t>)>& fn) {
  std::vector<uint32_t> order(ev.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return ev.user[a] != ev.user[b] ? ev.user[a] < ev.user[b] : ev.ts_ms[a] < ev.ts_ms[b];
  });
  size_t start = 0;
  for (size_t k = 1; k <= order.size(); ++k) {
    bool cut = k == order.size();
    if (!cut) {
      const uint32_t a = order[k - 1], b = order[k];
      cut = ev.user[a] != ev.user[b] ||
            (ev.has_session() ? ev.session[a] != ev.session[b] : ev.ts_ms[b] - ev.ts_ms[a] > gap_ms);
    }
    if (cut) {
      if (k > start) fn(std::span<const uint32_t>(order.data() + start, k - start));
      start = k;
    }
  }
}

}  // namespace ss
