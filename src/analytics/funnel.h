// Funnel: how many users (or sessions) go through an ordered list of steps within a
// conversion window. Steps are behaviour types ("view"), categories ("category:Shoes") or
// items ("item:i42"). Counting follows the window-funnel rule: a unit reaches step k when
// steps 1..k happen in that order with step k no later than `window` after step 1.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "analytics/view.h"

namespace ss::analytics {

struct FunnelStep {
  enum class Kind { kBehavior, kCategory, kItem } kind = Kind::kBehavior;
  uint32_t id = 0;
  std::string label;
};
inline constexpr size_t kMaxFunnelSteps = 8;

enum class Breakdown { kNone, kCategory, kBrand, kPriceBand, kUserGroup };

struct FunnelOptions {
  std::vector<FunnelStep> steps;
  bool per_session = false;
  int64_t window_ms = 0;  // 0: no limit
  Breakdown breakdown = Breakdown::kNone;
  // For kUserGroup: a group per user id (kNone = leave out) and the groups' names.
  std::vector<uint32_t> user_group;
  std::vector<std::string> group_names;
};

struct FunnelGroup {
  std::string name;
  std::vector<uint64_t> reached;         // units reaching at least step k
  std::vector<double> median_seconds;    // from step k-1 to step k (NaN for k = 0)
};

struct FunnelResult {
  std::vector<std::string> steps;
  bool per_session = false;
  int64_t window_ms = 0;
  FunnelGroup all;
  std::vector<FunnelGroup> groups;  // the breakdown, largest first
};

// "view>cart>purchase", "category:Shoes>purchase", "item:i1>item:i2". Throws ss::Error for
// unknown names, listing the valid behaviour names.
std::vector<FunnelStep> parse_funnel_steps(const std::string& text, const Dictionaries& dicts);
Breakdown parse_breakdown(const std::string& name);

FunnelResult compute_funnel(const View& v, const FunnelOptions& options, Context& ctx);
nlohmann::json to_json(const FunnelResult& f);

}  // namespace ss::analytics
