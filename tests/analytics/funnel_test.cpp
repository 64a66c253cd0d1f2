// Funnel counts against a brute-force search over every possible start event.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "analytics/funnel.h"
#include "core/error.h"
#include "test_data.h"

namespace ss::analytics {
namespace {
using testing::Hand;

// Deepest step reached by any chain in `rows` (indices into e), trying every start and
// taking the earliest match for each next step (optimal for a fixed start).
int brute_level(const EventTable& e, const std::vector<size_t>& rows, const std::vector<Behavior>& steps,
                int64_t window) {
  int best = 0;
  for (size_t s = 0; s < rows.size(); ++s) {
    if (e.type[rows[s]] != steps[0]) continue;
    int level = 1;
    size_t cur = s;
    for (size_t k = 1; k < steps.size(); ++k) {
      size_t j = cur + 1;
      while (j < rows.size() && !(e.type[rows[j]] == steps[k] &&
                                  (window <= 0 || e.ts_ms[rows[j]] - e.ts_ms[rows[s]] <= window)))
        ++j;
      if (j >= rows.size()) break;
      ++level, cur = j;
    }
    best = std::max(best, level);
  }
  return best;
}

TEST(Funnel, MatchesBruteForceOnRandomSequences) {
  Hand h(300, {0, 1, 2});
  std::mt19937 rng(3);
  const Behavior kinds[] = {Behavior::kView, Behavior::kAddToCart, Behavior::kPurchase, Behavior::kFavorite};
  for (uint32_t u = 0; u < 300; ++u) {
    int64_t t = 0;
    const int n = static_cast<int>(rng() % 25);
    for (int k = 0; k < n; ++k) {
      t += rng() % 40;
      h.add(u, rng() % 3, kinds[rng() % 4], t);
    }
  }
  h.data.events.sort_by_time();
  Context ctx(2);
  const View v = View::build(h.data, {}, ctx);
  for (const std::string spec : {"view>cart>purchase", "view>view>purchase", "cart>view>cart>purchase"}) {
    for (int64_t window : {int64_t{0}, 60 * testing::kMin}) {
      FunnelOptions o;
      o.steps = parse_funnel_steps(spec, h.data.dicts);
      o.window_ms = window;
      const FunnelResult f = compute_funnel(v, o, ctx);
      std::vector<Behavior> steps;
      for (const auto& s : o.steps) steps.push_back(static_cast<Behavior>(s.id));
      std::vector<uint64_t> expect(steps.size(), 0);
      const EventTable& e = h.data.events;
      for (uint32_t u = 0; u < 300; ++u) {
        std::vector<size_t> rows;
        for (size_t i = 0; i < e.size(); ++i)
          if (e.user[i] == u) rows.push_back(i);
        const int level = brute_level(e, rows, steps, window);
        for (int k = 0; k < level; ++k) expect[k]++;
      }
      EXPECT_EQ(f.all.reached, expect) << spec << " window " << window;
      EXPECT_GT(expect.back(), 0u) << spec;
    }
  }
}

TEST(Funnel, MedianTimesConversionAndCategoryBreakdown) {
  Hand h(3, {0, 1});
  h.add(0, 0, Behavior::kView, 0).add(0, 0, Behavior::kAddToCart, 10).add(0, 0, Behavior::kPurchase, 30);
  h.add(1, 1, Behavior::kView, 0).add(1, 1, Behavior::kAddToCart, 4);
  h.add(2, 1, Behavior::kView, 5);
  Context ctx(1);
  const View v = View::build(h.data, {}, ctx);
  FunnelOptions o;
  o.steps = parse_funnel_steps("view>cart>purchase", h.data.dicts);
  o.breakdown = Breakdown::kCategory;
  const FunnelResult f = compute_funnel(v, o, ctx);
  EXPECT_EQ(f.all.reached, (std::vector<uint64_t>{3, 2, 1}));
  EXPECT_DOUBLE_EQ(f.all.median_seconds[1], 7 * 60.0);  // median of 10 and 4 minutes
  EXPECT_DOUBLE_EQ(f.all.median_seconds[2], 20 * 60.0);
  ASSERT_EQ(f.groups.size(), 2u);
  EXPECT_EQ(f.groups[0].name, "c1");  // two users entered
  EXPECT_EQ(f.groups[0].reached, (std::vector<uint64_t>{2, 1, 0}));
  EXPECT_EQ(f.groups[1].reached, (std::vector<uint64_t>{1, 1, 1}));
  // A 5-minute window cuts user 0 after the view.
  o.window_ms = 5 * testing::kMin;
  o.breakdown = Breakdown::kNone;
  EXPECT_EQ(compute_funnel(v, o, ctx).all.reached, (std::vector<uint64_t>{3, 1, 0}));
  // Category steps.
  o.steps = parse_funnel_steps("category:c0>purchase", h.data.dicts);
  o.window_ms = 0;
  EXPECT_EQ(compute_funnel(v, o, ctx).all.reached, (std::vector<uint64_t>{1, 1}));
  EXPECT_THROW(parse_funnel_steps("view>teleport", h.data.dicts), Error);
}

TEST(Funnel, PerSessionOnGeneratedShopMatchesBruteForce) {
  const auto& s = testing::shop();
  Context ctx(2);
  const View v = View::build(s.data, {}, ctx);
  FunnelOptions o;
  o.steps = parse_funnel_steps("view>cart>purchase", s.data.dicts);
  o.per_session = true;
  const FunnelResult f = compute_funnel(v, o, ctx);
  // Independent: a session is a maximal run of one session id in a user's time-ordered
  // rows (a session interleaved with another one of the same user continues as a new run).
  EventTable e = s.data.events;
  e.sort_by_user_time();
  std::map<uint64_t, std::vector<size_t>> sessions;
  uint64_t run = 0;
  for (size_t i = 0; i < e.size(); ++i) {
    if (i && (e.user[i] != e.user[i - 1] || e.session[i] != e.session[i - 1])) ++run;
    sessions[run].push_back(i);
  }
  std::set<uint32_t> ids(e.session.begin(), e.session.end());
  EXPECT_LT(static_cast<double>(sessions.size()), 1.01 * static_cast<double>(ids.size()));
  const std::vector<Behavior> steps = {Behavior::kView, Behavior::kAddToCart, Behavior::kPurchase};
  std::vector<uint64_t> expect(3, 0);
  for (auto& [sid, rows] : sessions) {
    std::stable_sort(rows.begin(), rows.end(), [&](size_t a, size_t b) { return e.ts_ms[a] < e.ts_ms[b]; });
    const int level = brute_level(e, rows, steps, 0);
    for (int k = 0; k < level; ++k) expect[k]++;
  }
  EXPECT_EQ(f.all.reached, expect);
  // The planted funnel: views >> carts > purchases.
  EXPECT_GT(expect[0], 2 * expect[1]);
  EXPECT_GT(expect[1], expect[2]);
}

}  // namespace
}  // namespace ss::analytics
