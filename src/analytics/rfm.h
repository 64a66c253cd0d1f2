// RFM: for every user with a purchase, recency (days since the last purchase, at the
// reference time), frequency (purchase orders: distinct sessions with a purchase), monetary
// value (sum of price * quantity; purchase count when the log has no prices), 1-5 quantile
// scores and the usual named segments.
#pragma once
#include <array>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "analytics/view.h"

namespace ss::analytics {

// The common R x F segment grid (R and F scores 1..5): 5[4-5] champions, [3-4][4-5] loyal,
// [4-5][2-3] potential loyalist, 51 new, 41 promising, 33 need attention, 3[1-2] about to
// sleep, [1-2]5 cannot lose, [1-2][3-4] at risk, [1-2][1-2] hibernating.
enum class Segment : uint8_t {
  kChampions, kLoyal, kPotentialLoyalist, kNew, kPromising, kNeedAttention, kAboutToSleep,
  kAtRisk, kCannotLose, kHibernating
};
inline constexpr int kNumSegments = 10;
inline constexpr std::array<const char*, kNumSegments> kSegmentNames = {
    "champions", "loyal", "potential_loyalist", "new", "promising", "need_attention", "about_to_sleep",
    "at_risk", "cannot_lose", "hibernating"};
Segment segment_of(int r_score, int f_score);

struct RfmOptions {
  int64_t as_of_ms = kNoTime;  // reference time; default: last event + 1 ms
  int bins = 5;
};

struct RfmResult {
  int64_t as_of_ms = 0;
  bool monetary_from_price = false;
  std::vector<uint32_t> users;  // users with a purchase, ascending id
  std::vector<double> recency_days, frequency, monetary;
  std::vector<uint8_t> r, f, m;  // scores 1..bins
  std::vector<Segment> segment;
  std::array<uint64_t, kNumSegments> segment_users{};
  std::array<double, kNumSegments> segment_value{};
  // Segment per user id (kNone for users without purchases), for breakdowns.
  std::vector<uint32_t> segment_by_user(size_t num_users) const;
};

RfmResult compute_rfm(const View& v, const RfmOptions& options, Context& ctx);
// Scores 1..bins by rank: the value's position in ascending (value, user) order, as
// 1 + floor(bins * rank / n). Exposed for tests and for the pandas cross-check definition.
std::vector<uint8_t> quantile_scores(const std::vector<double>& values, int bins);
nlohmann::json to_json(const RfmResult& r, size_t max_users);

}  // namespace ss::analytics
