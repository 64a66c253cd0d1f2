// Shared by the analytics route files: the time-range filter every report takes, a view of
// the snapshot for it, and the cache key of a request.
#pragma once
#include <optional>

#include "analytics/rfm.h"
#include "serve/routes.h"

namespace ss::serve {

struct RangedView {
  std::optional<analytics::View> owned;  // set when a time range applies
  const analytics::View* view = nullptr;
  int64_t from_ms = kNoTime, to_ms = kNoTime;
  const analytics::View& operator*() const { return *view; }
};

// `from` / `to` (ms since the epoch, or ISO dates/times) as [from, to); 400 if from >= to.
inline std::pair<int64_t, int64_t> time_range(const Json& p) {
  const int64_t from = get_time_ms(p, "from", "request", kNoTime), to = get_time_ms(p, "to", "request", kNoTime);
  if (from != kNoTime && to != kNoTime && from >= to) throw bad_request("'from' must be before 'to'");
  return {from, to};
}

inline RangedView ranged_view(const Snapshot& snap, const Json& p, Context& ctx) {
  RangedView r;
  std::tie(r.from_ms, r.to_ms) = time_range(p);
  if (r.from_ms == kNoTime && r.to_ms == kNoTime) {
    r.view = &snap.view;
    return r;
  }
  analytics::Filter f;
  f.from_ms = r.from_ms;
  f.to_ms = r.to_ms;
  r.owned = analytics::View::build(snap.data, f, ctx);
  r.view = &*r.owned;
  return r;
}

// A text parameter that may have been typed as a number by the query-string parser ("0").
inline std::string text_param(const Json& p, const char* key, size_t max_len, std::string fallback) {
  if (const Json* v = field(p, key); v && v->is_number_integer()) return std::to_string(v->get<int64_t>());
  return get_string(p, key, "request", max_len, false, std::move(fallback));
}

inline std::string cache_key(const char* report, const Json& p) { return std::string(report) + p.dump(); }

inline std::vector<std::string> segment_names() {
  return {analytics::kSegmentNames.begin(), analytics::kSegmentNames.end()};
}

}  // namespace ss::serve
