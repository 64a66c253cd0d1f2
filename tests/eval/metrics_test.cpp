#include "eval/metrics.h"

#include <cmath>

#include <gtest/gtest.h>

#include "core/error.h"

namespace ss::eval {
namespace {

double m(const char* name, std::vector<uint32_t> ranked, std::vector<uint32_t> rel) {
  return metric_value(MetricSpec::parse(name), ranked, rel);
}

TEST(Metrics, SingleHitAtRankThree) {
  const std::vector<uint32_t> ranked{5, 7, 3, 9};
  EXPECT_EQ(m("hr@2", ranked, {3}), 0.0);
  EXPECT_EQ(m("hr@3", ranked, {3}), 1.0);
  EXPECT_DOUBLE_EQ(m("ndcg@3", ranked, {3}), 0.5);  // 1 / log2(3 + 1)
  EXPECT_DOUBLE_EQ(m("ndcg@10", ranked, {3}), 0.5);
  EXPECT_EQ(m("ndcg@2", ranked, {3}), 0.0);
  EXPECT_DOUBLE_EQ(m("mrr", ranked, {3}), 1.0 / 3);
  EXPECT_EQ(m("mrr@2", ranked, {3}), 0.0);
  EXPECT_DOUBLE_EQ(m("precision@3", ranked, {3}), 1.0 / 3);
  EXPECT_DOUBLE_EQ(m("precision@10", ranked, {3}), 0.1);  // divides by k, not the list length
  EXPECT_DOUBLE_EQ(m("recall@3", ranked, {3}), 1.0);
  EXPECT_DOUBLE_EQ(m("map@3", ranked, {3}), 1.0 / 3);
}

TEST(Metrics, TwoRelevantItems) {
  const std::vector<uint32_t> ranked{5, 7, 3, 9};
  const std::vector<uint32_t> rel{3, 7};  // sorted
  const double dcg = 1 / std::log2(3.0) + 1 / std::log2(4.0);
  const double idcg = 1 + 1 / std::log2(3.0);
  EXPECT_NEAR(m("ndcg@4", ranked, rel), dcg / idcg, 1e-12);
  EXPECT_NEAR(m("ndcg@4", ranked, rel), 0.693426, 1e-6);
  // With k = 1 the ideal holds one hit only.
  EXPECT_EQ(m("ndcg@1", ranked, rel), 0.0);
  EXPECT_DOUBLE_EQ(m("ndcg@2", ranked, rel), (1 / std::log2(3.0)) / idcg);
  EXPECT_DOUBLE_EQ(m("recall@2", ranked, rel), 0.5);
  EXPECT_DOUBLE_EQ(m("precision@2", ranked, rel), 0.5);
  EXPECT_DOUBLE_EQ(m("map@4", ranked, rel), (1.0 / 2 + 2.0 / 3) / 2);
  EXPECT_DOUBLE_EQ(m("mrr", ranked, rel), 0.5);
  EXPECT_DOUBLE_EQ(m("hr@2", ranked, rel), 1.0);
}

TEST(Metrics, PerfectAndEmpty) {
  EXPECT_DOUBLE_EQ(m("ndcg@5", {1, 2}, {1, 2}), 1.0);
  EXPECT_DOUBLE_EQ(m("map@5", {1, 2}, {1, 2}), 1.0);
  EXPECT_EQ(m("ndcg@5", {}, {1}), 0.0);
  EXPECT_EQ(m("hr@5", {1}, {}), 0.0);
}

TEST(Metrics, NamesRoundTripAndFailuresListValidNames) {
  for (const char* n : {"hr@5", "recall@20", "precision@10", "ndcg@10", "mrr", "mrr@5", "map@10", "map"})
    EXPECT_EQ(MetricSpec::parse(n).name(), n);
  EXPECT_EQ(MetricSpec::parse("hitrate@3").name(), "hr@3");
  try {
    MetricSpec::parse("auc@5");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("ndcg@K"), std::string::npos) << e.what();
  }
  EXPECT_THROW(MetricSpec::parse("ndcg"), Error);    // needs a cut-off
  EXPECT_THROW(MetricSpec::parse("ndcg@0"), Error);
  EXPECT_THROW(MetricSpec::parse("ndcg@x"), Error);
  const auto list = parse_metric_list("hr@5, ndcg@20,mrr");
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(max_cutoff(list), 20u);
  EXPECT_EQ(max_cutoff(parse_metric_list("mrr")), 10u);
}

}  // namespace
}  // namespace ss::eval
