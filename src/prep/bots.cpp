#include "prep/bots.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ss::prep {
namespace {

double median_of(std::vector<double> v) {
  if (v.empty()) return 0;
  const size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<ptrdiff_t>(mid), v.end());
  return v[mid];
}

std::string fmt(const char* f, double a, double b = 0) {
  char buf[160];
  std::snprintf(buf, sizeof buf, f, a, b);
  return buf;
}

// The features the outlier scores look at: larger means more bot-like for each. A user with
// one event has no gaps: that feature is NaN and not scored.
constexpr int kScored = 3;
void scored(const UserFeatures& f, double out[kScored]) {
  out[0] = std::log1p(static_cast<double>(f.events));
  out[1] = std::log1p(f.peak_per_minute);
  out[2] = f.events > 1 ? -std::log1p(f.median_gap_ms / 1000.0) : std::nan("");
}
constexpr const char* kScoredNames[kScored] = {"event count", "peak events per minute", "shortness of gaps"};

}  // namespace

UserFeatures user_features(const EventTable& e, std::span<const uint32_t> rows, const RemovalMask& mask) {
  UserFeatures f;
  std::vector<int64_t> ts;
  std::vector<uint32_t> items;
  ts.reserve(rows.size());
  for (uint32_t r : rows) {
    if (!mask.kept(r)) continue;
    ts.push_back(e.ts_ms[r]);
    ++f.events;
    const Behavior b = e.type[r];
    f.views += b == Behavior::kView;
    f.engaged += b == Behavior::kAddToCart || b == Behavior::kFavorite || b == Behavior::kPurchase;
    if (e.item[r] != kNone) items.push_back(e.item[r]);
  }
  size_t lo = 0, peak = 0;
  for (size_t hi = 0; hi < ts.size(); ++hi) {
    while (ts[hi] - ts[lo] >= 60000) ++lo;
    peak = std::max(peak, hi - lo + 1);
  }
  f.peak_per_minute = static_cast<double>(peak);
  if (ts.size() > 1) {
    std::vector<double> gaps(ts.size() - 1);
    for (size_t i = 1; i < ts.size(); ++i) gaps[i - 1] = static_cast<double>(ts[i] - ts[i - 1]);
    f.median_gap_ms = median_of(std::move(gaps));
  }
  if (!items.empty()) {
    std::sort(items.begin(), items.end());
    f.distinct_item_share = static_cast<double>(std::unique(items.begin(), items.end()) - items.begin()) /
                            static_cast<double>(items.size());
  }
  return f;
}

BotReport detect_bots(const EventTable& e, const UserIndex& idx, const BotOptions& o, RemovalMask& mask,
                      Context& ctx) {
  const size_t users = idx.num_users();
  std::vector<UserFeatures> feats(users);
  ctx.pool->parallel_for(users, [&](size_t lo, size_t hi) {
    for (size_t u = lo; u < hi; ++u) feats[u] = user_features(e, idx.of(static_cast<uint32_t>(u)), mask);
  }, 256);

  // Robust centre and spread of each scored feature over users with events.
  double med[kScored] = {}, mad[kScored] = {};
  for (int j = 0; j < kScored; ++j) {
    std::vector<double> xs;
    for (const auto& f : feats) {
      if (f.events == 0) continue;
      double s[kScored];
      scored(f, s);
      if (!std::isnan(s[j])) xs.push_back(s[j]);
    }
    med[j] = median_of(xs);
    for (double& x : xs) x = std::abs(x - med[j]);
    mad[j] = std::max(median_of(std::move(xs)), 1e-6);
  }

  BotReport rep;
  for (size_t u = 0; u < users; ++u) {
    const UserFeatures& f = feats[u];
    if (f.events == 0) continue;
    FlaggedUser fl;
    if (f.peak_per_minute > o.max_events_per_minute)
      fl.reasons.push_back(fmt("rate: %.0f events within one minute (limit %.0f)", f.peak_per_minute, o.max_events_per_minute));
    if (f.views >= o.view_only_min_views && f.engaged == 0)
      fl.reasons.push_back(fmt("%.0f views without any cart, favourite or purchase", static_cast<double>(f.views)));
    if (f.events >= o.min_events_for_gap && f.median_gap_ms < o.min_median_gap_ms)
      fl.reasons.push_back(fmt("median gap between events %.0f ms (limit %.0f ms)", f.median_gap_ms, o.min_median_gap_ms));
    double s[kScored];
    scored(f, s);
    for (int j = 0; j < kScored; ++j) {
      if (std::isnan(s[j])) continue;
      const double z = 0.6745 * (s[j] - med[j]) / mad[j];
      fl.max_z = std::max(fl.max_z, z);
      if (o.outlier_z > 0 && f.events >= o.min_events_for_outlier && z > o.outlier_z)
        fl.reasons.push_back(std::string("outlier: ") + kScoredNames[j] + fmt(" robust z = %.1f", z));
    }
    if (fl.reasons.empty()) continue;
    fl.user = static_cast<uint32_t>(u);
    fl.features = f;
    rep.flagged.push_back(std::move(fl));
  }
  for (const FlaggedUser& fl : rep.flagged)
    for (uint32_t r : idx.of(fl.user))
      if (mask.kept(r)) mask.remove(r, Reason::kBot), ++rep.events_removed;
  return rep;
}

}  // namespace ss::prep
