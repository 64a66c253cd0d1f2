#include <gtest/gtest.h>

#include "prep/clean.h"
#include "synth/generator.h"
#include "test_util.h"

namespace ss::prep {
namespace {
using testing::add;

TEST(Dedup, ExactCopiesAndViewBursts) {
  EventTable t;
  add(t, 0, 1, 1000);                           // 0 kept
  add(t, 0, 1, 1000);                           // 1 exact copy of 0
  add(t, 0, 1, 1000, Behavior::kView, 5.f);     // 2 differs in price: kept as exact, but a repeated view
  add(t, 0, 1, 20000);                          // 3 19 s after row 2: repeated view
  add(t, 0, 1, 45000);                          // 4 25 s after row 3: repeated (chained)
  add(t, 0, 1, 100000);                         // 5 55 s later: kept
  add(t, 0, 2, 1000, Behavior::kPurchase);      // 6 kept
  add(t, 0, 2, 1000, Behavior::kPurchase);      // 7 exact copy of 6
  add(t, 1, 1, 1000);                           // 8 other user: kept
  Context ctx(2);
  const UserIndex idx = build_user_index(t, ctx);

  RemovalMask exact_only(t.size());
  const DedupCounts c1 = remove_duplicates(t, idx, {.exact = true, .view_window_ms = 0}, exact_only, ctx);
  EXPECT_EQ(c1.exact, 2u);
  EXPECT_EQ(exact_only.reason[1], Reason::kExactDuplicate);
  EXPECT_EQ(exact_only.reason[7], Reason::kExactDuplicate);
  EXPECT_EQ(exact_only.removed(), 2u);

  RemovalMask both(t.size());
  const DedupCounts c2 = remove_duplicates(t, idx, {.exact = true, .view_window_ms = 30000}, both, ctx);
  EXPECT_EQ(c2.exact, 2u);
  EXPECT_EQ(c2.repeated_views, 3u);
  for (size_t r : {2, 3, 4}) EXPECT_EQ(both.reason[r], Reason::kRepeatedView) << r;
  for (size_t r : {0, 5, 6, 8}) EXPECT_TRUE(both.kept(r)) << r;
}

TEST(Dedup, FindsThePlantedDuplicatesOfTheSyntheticShop) {
  GeneratorConfig cfg;
  cfg.users = 400;
  cfg.items = 200;
  cfg.days = 20;
  cfg.duplicate_fraction = 0.01;
  const SyntheticShop shop = generate_shop(cfg);
  ASSERT_GT(shop.truth.duplicates, 10u);
  Context ctx(2);
  CleanOptions o;  // exact duplicates only
  CleanReport rep;
  plan_cleaning(shop.data.events, o, rep, ctx);
  // A planted copy can coincide with an identical event by chance (never in practice with
  // millisecond timestamps), so the counts must match exactly.
  EXPECT_EQ(rep.dedup.exact, shop.truth.duplicates);
  EXPECT_EQ(rep.removed_by_reason[static_cast<int>(Reason::kExactDuplicate)], shop.truth.duplicates);
}

}  // namespace
}  // namespace ss::prep
