#include "prep/clean.h"

namespace ss::prep {

RemovalMask plan_cleaning(const EventTable& e, const CleanOptions& o, CleanReport& rep, Context& ctx) {
  RemovalMask mask(e.size());
  rep.events_in = e.size();
  if (o.from_ms != INT64_MIN || o.to_ms != INT64_MAX) filter_time_range(e, o.from_ms, o.to_ms, mask);
  if (o.dedup.exact || o.dedup.view_window_ms > 0 || o.bots) {
    const UserIndex idx = build_user_index(e, ctx);
    rep.dedup = remove_duplicates(e, idx, o.dedup, mask, ctx);
    if (o.bots) rep.bots = detect_bots(e, idx, *o.bots, mask, ctx);
  }
  if (o.kcore > 0) rep.kcore = kcore_filter(e, o.kcore, mask);
  rep.removed_by_reason = mask.counts();
  rep.removed_by_reason[0] = 0;
  rep.events_out = rep.events_in - mask.removed();
  return mask;
}

CleanReport clean_events(EventTable& e, const CleanOptions& o, Context& ctx) {
  CleanReport rep;
  const RemovalMask mask = plan_cleaning(e, o, rep, ctx);
  mask.apply(e);
  if (o.session_gap_ms > 0) {
    const UserIndex idx = build_user_index(e, ctx);
    rep.sessions = assign_sessions(e, idx, o.session_gap_ms, ctx);
  }
  return rep;
}

}  // namespace ss::prep
