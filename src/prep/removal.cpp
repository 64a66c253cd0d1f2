#include "prep/removal.h"

#include <cassert>

namespace ss::prep {

std::array<uint64_t, kNumReasons> RemovalMask::counts() const {
  std::array<uint64_t, kNumReasons> c{};
  for (Reason r : reason) ++c[static_cast<int>(r)];
  return c;
}

uint64_t RemovalMask::removed() const {
  uint64_t n = 0;
  for (Reason r : reason) n += r != Reason::kKept;
  return n;
}

void RemovalMask::apply(EventTable& events) const {
  assert(events.size() == reason.size());
  std::vector<bool> keep(reason.size());
  for (size_t i = 0; i < reason.size(); ++i) keep[i] = reason[i] == Reason::kKept;
  events.filter(keep);
}

}  // namespace ss::prep
