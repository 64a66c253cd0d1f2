// Behaviour transitions within sessions: a Markov chain of the next action given the last
// one or two (with "start" and "end" states), and P(purchase later in the session | path so
// far), where the path is the session's sequence of action types before its first
// purchase with repeats collapsed ("view>cart>view"), up to a maximum length.
#pragma once
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "analytics/view.h"

namespace ss::analytics {

// States 0..kNumBehaviors-1 are actions; then start and end.
inline constexpr int kStart = kNumBehaviors, kEnd = kNumBehaviors + 1, kNumStates = kNumBehaviors + 2;

struct TransitionOptions {
  int max_path = 4;  // path states longer than this are truncated (prefix kept)
};

struct TransitionResult {
  // first[a][b]: transitions a -> b. second[a][b][c]: after a, b comes c.
  std::vector<uint64_t> first;   // kNumStates^2
  std::vector<uint64_t> second;  // kNumStates^3
  // Path (e.g. "view>cart") -> sessions that showed it before their first purchase, and how
  // many of those then purchased.
  std::map<std::string, std::pair<uint64_t, uint64_t>> paths;
  uint64_t sessions = 0, purchasing_sessions = 0;
  double p_next(int a, int b) const;
  double p_next2(int a, int b, int c) const;
};

TransitionResult compute_transitions(const View& v, const TransitionOptions& options, Context& ctx);
std::string state_name(int s);
nlohmann::json to_json(const TransitionResult& r, uint64_t min_sessions);

}  // namespace ss::analytics
