#include <gtest/gtest.h>

#include <atomic>

#include "core/behavior.h"
#include "core/catalogue.h"
#include "core/dictionary.h"
#include "core/error.h"
#include "core/events.h"
#include "core/spec.h"
#include "core/thread_pool.h"
#include "core/timeutil.h"

using namespace ss;

TEST(Behavior, ParsesAliases) {
  EXPECT_EQ(parse_behavior("pv"), Behavior::kView);
  EXPECT_EQ(parse_behavior("BUY"), Behavior::kPurchase);
  EXPECT_EQ(parse_behavior("add-to-cart"), Behavior::kAddToCart);
  EXPECT_EQ(parse_behavior("fav"), Behavior::kFavorite);
  EXPECT_FALSE(parse_behavior("teleport").has_value());
  for (int i = 0; i < kNumBehaviors; ++i)
    EXPECT_EQ(parse_behavior(behavior_name(static_cast<Behavior>(i))), static_cast<Behavior>(i));
}

TEST(Dictionary, DenseStableIdsAndRollback) {
  Dictionary d;
  EXPECT_EQ(d.intern("a"), 0u);
  EXPECT_EQ(d.intern("b"), 1u);
  EXPECT_EQ(d.intern("a"), 0u);
  d.mark_committed();
  EXPECT_EQ(d.intern("c"), 2u);
  d.rollback_uncommitted();
  EXPECT_EQ(d.size(), 2u);
  EXPECT_EQ(d.find("c"), kNone);
  EXPECT_EQ(d.intern("d"), 2u);
  // Many names force new arena blocks; earlier views must stay valid.
  for (int i = 0; i < 200000; ++i) d.intern("user-" + std::to_string(i));
  EXPECT_EQ(d.name(0), "a");
  EXPECT_EQ(d.find("user-199999"), d.size() - 1);
  d.rename(0, "pseudo");
  EXPECT_EQ(d.find("a"), kNone);
  EXPECT_EQ(d.find("pseudo"), 0u);
}

TEST(EventTable, OptionalColumnsMaterialiseLazily) {
  EventTable t;
  t.push_back({.user = 1, .item = 2, .ts_ms = 10});
  EXPECT_FALSE(t.has_price());
  t.push_back({.user = 3, .item = 4, .ts_ms = 5, .type = Behavior::kPurchase, .price = 9.5f});
  ASSERT_TRUE(t.has_price());
  EXPECT_TRUE(std::isnan(t.price[0]));
  EXPECT_FLOAT_EQ(t.price[1], 9.5f);
  t.sort_by_time();
  EXPECT_EQ(t.user[0], 3u);
  EXPECT_FLOAT_EQ(t.price[0], 9.5f);
  t.filter({false, true});
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t.user[0], 1u);
  EventTable u;
  u.push_back({.user = 7, .item = 8, .ts_ms = 1, .session = 3});
  t.append(u);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t.session[0], kNone);
  EXPECT_EQ(t.session[1], 3u);
}

TEST(Catalogue, UpsertFindRemove) {
  Catalogue c;
  c.upsert({.item = 5, .title = "red mug", .category = 1, .price = 3.f});
  c.upsert({.item = 2, .title = "blue mug", .category = 1});
  c.upsert({.item = 5, .title = "red mug v2", .category = 2});
  EXPECT_EQ(c.size(), 2u);
  EXPECT_EQ(c.find(5)->title, "red mug v2");
  EXPECT_EQ(c.category_by_item(6)[5], 2u);
  EXPECT_TRUE(c.remove(5));
  EXPECT_EQ(c.find(5), nullptr);
  EXPECT_EQ(c.find(2)->title, "blue mug");
}

TEST(Spec, ParsesAndRoundTrips) {
  Spec s = Spec::parse("ials: factors=64, reg=0.01");
  EXPECT_EQ(s.name, "ials");
  EXPECT_EQ(s.params.at("factors"), "64");
  EXPECT_EQ(Spec::parse(s.to_string()), s);
  EXPECT_THROW(Spec::parse("ials:factors"), Error);
  EXPECT_THROW(Spec::parse(":x=1"), Error);
}

TEST(Params, ValidatesAndListsValidKeys) {
  Params p("ials", {{"factors", ParamKind::kInt, "64", "latent dimensions", 1, 4096},
                    {"reg", ParamKind::kFloat, "0.01", "L2 regularisation", 0, 1e6}});
  p.configure({{"factors", "32"}});
  EXPECT_EQ(p.get_int("factors"), 32);
  EXPECT_DOUBLE_EQ(p.get_float("reg"), 0.01);
  EXPECT_EQ(p.non_default().size(), 1u);
  try {
    p.configure({{"fators", "3"}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("valid: factors, reg"), std::string::npos);
  }
  EXPECT_THROW(p.configure({{"factors", "0"}}), Error);
  EXPECT_THROW(p.configure({{"factors", "1.5"}}), Error);
  EXPECT_THROW(p.configure({{"reg", "abc"}}), Error);
}

TEST(Time, ParsesCommonFormats) {
  EXPECT_EQ(parse_datetime_ms("1970-01-02"), kMsPerDay);
  EXPECT_EQ(parse_datetime_ms("2017-11-26T01:00:00Z"), 1511658000000LL);
  EXPECT_EQ(parse_datetime_ms("12/1/2010 8:26"), parse_datetime_ms("2010-12-01 08:26:00"));
  EXPECT_EQ(parse_datetime_ms("2010-12-01 08:26:00.5").value() % 1000, 500);
  EXPECT_FALSE(parse_datetime_ms("2010-13-01").has_value());
  EXPECT_FALSE(parse_datetime_ms("yesterday").has_value());
  EXPECT_EQ(format_datetime_ms(1511658000123LL), "2017-11-26T01:00:00.123Z");
  EXPECT_EQ(weekday_of(1511658000000LL), 6);  // a Sunday
  EXPECT_EQ(hour_of(1511658000000LL), 1);
}

TEST(Time, ParsesDurations) {
  EXPECT_EQ(parse_duration_ms("14d"), 14 * kMsPerDay);
  EXPECT_EQ(parse_duration_ms("1.5h"), 90 * 60000);
  EXPECT_EQ(parse_duration_ms("30"), 30000);
  EXPECT_EQ(parse_duration_ms("250ms"), 250);
  EXPECT_FALSE(parse_duration_ms("d").has_value());
  EXPECT_FALSE(parse_duration_ms("3 parsecs").has_value());
}

TEST(ThreadPool, ParallelForCoversRangeAndPropagates) {
  ThreadPool pool(3);
  std::vector<std::atomic<int>> hits(1000);
  pool.parallel_for(hits.size(), [&](size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) hits[i]++;
  });
  for (auto& h : hits) EXPECT_EQ(h.load(), 1);
  EXPECT_THROW(pool.parallel_tasks(4, [](size_t i) { if (i == 2) throw Error("boom"); }), Error);
}

TEST(ThreadPool, HelpersDequeuedAfterTheCallReturnedFindNoWork) {
  // The caller often finishes every task before a helper wakes up; the helper's queued
  // closure then runs after parallel_tasks has returned and must not touch its stack.
  ThreadPool pool(2);
  size_t total = 0;
  for (int round = 0; round < 20000; ++round) {
    std::vector<size_t> out(2, 0);
    pool.parallel_tasks(2, [&](size_t i) { out[i] = i + 1; });
    total += out[0] + out[1];
  }
  EXPECT_EQ(total, 20000u * 3);
}
