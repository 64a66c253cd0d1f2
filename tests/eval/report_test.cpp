#include "eval/report.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/error.h"

namespace ss::eval {
namespace {

EvalResult result(const std::string& model, double hr, bool sampled) {
  EvalResult r;
  r.model = model;
  r.protocol = sampled ? "leave-last-out (sampled: 99 negatives)" : "leave-last-out";
  r.sampled = sampled;
  r.sampled_negatives = sampled ? 99 : 0;
  r.users = 1000;
  r.num_items = 500;
  r.metrics.push_back({"hr@10", hr, hr - 0.01, hr + 0.01, hr / 2, hr * 2, 0});
  r.coverage = 0.5;
  return r;
}

TEST(Report, MarkdownCsvJson) {
  const std::vector<EvalResult> rs{result("pop", 0.0141, false), result("ease:lambda=500", 0.0734, false)};
  const std::string md = format_table(rs, TableFormat::kMarkdown);
  EXPECT_NE(md.find("full ranking over all 500 items"), std::string::npos) << md;
  EXPECT_NE(md.find("| model | hr@10 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| ease:lambda=500 | 0.0734 [0.0634, 0.0834] |"), std::string::npos) << md;
  EXPECT_NE(md.find("hr@10 cold"), std::string::npos);

  const std::string csv = format_table(rs, TableFormat::kCsv);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);
  EXPECT_EQ(csv.rfind("model,protocol,ranking,users,hr@10,hr@10_low,hr@10_high,hr@10_cold", 0), 0u) << csv;
  EXPECT_NE(csv.find("ease:lambda=500,leave-last-out,all-items,1000,0.073400"), std::string::npos) << csv;

  const auto j = nlohmann::json::parse(format_table(rs, TableFormat::kJson));
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[1]["model"], "ease:lambda=500");
  EXPECT_EQ(j[1]["ranking"], "all-items");
  EXPECT_DOUBLE_EQ(j[1]["metrics"]["hr@10"]["mean"].get<double>(), 0.0734);
  EXPECT_EQ(parse_table_format("md"), TableFormat::kMarkdown);
  EXPECT_THROW(parse_table_format("xlsx"), Error);
}

TEST(Report, SampledIsSaidEverywhere) {
  const std::vector<EvalResult> rs{result("pop", 0.3, true)};
  EXPECT_NE(format_table(rs, TableFormat::kMarkdown).find("SAMPLED"), std::string::npos);
  EXPECT_NE(format_table(rs, TableFormat::kCsv).find("sampled-99"), std::string::npos);
  const auto j = nlohmann::json::parse(format_table(rs, TableFormat::kJson));
  EXPECT_EQ(j[0]["ranking"], "sampled");
  EXPECT_EQ(j[0]["sampled_negatives"], 99);
}

}  // namespace
}  // namespace ss::eval
