#include <gtest/gtest.h>

#include "prep/clean.h"
#include "test_util.h"

namespace ss::prep {
namespace {
using testing::add;

TEST(Sessions, SplitByInactivityGap) {
  EventTable t;
  add(t, 1, 0, 0);        // 0
  add(t, 0, 0, 100);      // 1
  add(t, 1, 0, 1000);     // 2 gap 1000 > 500: new session
  add(t, 1, 0, 1400);     // 3
  add(t, 0, 0, 600);      // 4 gap exactly 500: same session
  add(t, kNone, 0, 0);    // 5 no user
  Context ctx(2);
  const UserIndex idx = build_user_index(t, ctx);
  EXPECT_EQ(assign_sessions(t, idx, 500, ctx), 3u);
  EXPECT_EQ(t.session, (std::vector<uint32_t>{1, 0, 2, 2, 0, kNone}));
}

TEST(Filters, TimeRange) {
  EventTable t;
  for (int i = 0; i < 10; ++i) add(t, 0, 0, 100 * i);
  RemovalMask mask(t.size());
  EXPECT_EQ(filter_time_range(t, 200, 500, mask), 7u);
  EXPECT_TRUE(mask.kept(2));
  EXPECT_TRUE(mask.kept(4));
  EXPECT_EQ(mask.reason[5], Reason::kTimeRange);
}

TEST(Filters, KCoreIteratesUntilStable) {
  EventTable t;
  // Users 0,1 each touch items 0,1: a 2-core. User 2 touches item 0 and item 2 (item 2 has
  // one event, so it goes; then user 2 is left with one event and goes too, in round 2).
  add(t, 0, 0, 1); add(t, 0, 1, 2);
  add(t, 1, 0, 3); add(t, 1, 1, 4);
  add(t, 2, 0, 5); add(t, 2, 2, 6);
  add(t, 2, kNone, 7, Behavior::kSearch);  // leaves with its user
  add(t, 0, kNone, 8, Behavior::kSearch);  // stays with its user
  RemovalMask mask(t.size());
  const KCoreResult r = kcore_filter(t, 2, mask);
  EXPECT_EQ(r.events_removed, 3u);
  EXPECT_EQ(r.users_removed, 1u);
  EXPECT_EQ(r.items_removed, 1u);
  EXPECT_EQ(r.rounds, 3);  // two removing rounds and one that confirms
  for (size_t i : {0, 1, 2, 3, 7}) EXPECT_TRUE(mask.kept(i)) << i;
  for (size_t i : {4, 5, 6}) EXPECT_EQ(mask.reason[i], Reason::kKCore) << i;
}

TEST(Clean, PipelineReportsPerReasonAndAppliesOnce) {
  EventTable t;
  add(t, 0, 0, 1000); add(t, 0, 0, 1000);  // exact copy
  add(t, 0, 1, 2000); add(t, 0, 1, 9000);  // repeated view within 10 s
  add(t, 1, 0, 3000); add(t, 1, 1, 4000);
  add(t, 1, 2, 99000000);                  // outside the range
  CleanOptions o;
  o.to_ms = 50000000;
  o.dedup.view_window_ms = 10000;
  o.kcore = 2;
  o.session_gap_ms = 1800000;
  Context ctx(1);
  const CleanReport rep = clean_events(t, o, ctx);
  EXPECT_EQ(rep.events_in, 7u);
  EXPECT_EQ(rep.events_out, 4u);
  EXPECT_EQ(rep.removed_by_reason[static_cast<int>(Reason::kTimeRange)], 1u);
  EXPECT_EQ(rep.removed_by_reason[static_cast<int>(Reason::kExactDuplicate)], 1u);
  EXPECT_EQ(rep.removed_by_reason[static_cast<int>(Reason::kRepeatedView)], 1u);
  EXPECT_EQ(rep.removed_by_reason[static_cast<int>(Reason::kKCore)], 0u);
  EXPECT_EQ(rep.sessions, 2u);
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t.session, (std::vector<uint32_t>{0, 0, 1, 1}));
}

}  // namespace
}  // namespace ss::prep
