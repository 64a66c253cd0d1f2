// Hand-made event tables for the prep tests.
#pragma once
#include "core/events.h"

namespace ss::prep::testing {

inline void add(EventTable& t, uint32_t user, uint32_t item, int64_t ts, Behavior b = Behavior::kView,
                float price = kNoValue) {
  EventRow r;
  r.user = user;
  r.item = item;
  r.ts_ms = ts;
  r.type = b;
  r.price = price;
  t.push_back(r);
}

}  // namespace ss::prep::testing
