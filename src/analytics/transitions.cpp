#include "analytics/transitions.h"

#include <nlohmann/json.hpp>
#include <unordered_map>

namespace ss::analytics {

std::string state_name(int s) {
  if (s == kStart) return "start";
  if (s == kEnd) return "end";
  return std::string(behavior_name(static_cast<Behavior>(s)));
}

double TransitionResult::p_next(int a, int b) const {
  uint64_t row = 0;
  for (int x = 0; x < kNumStates; ++x) row += first[a * kNumStates + x];
  return row ? static_cast<double>(first[a * kNumStates + b]) / static_cast<double>(row) : 0.0;
}

double TransitionResult::p_next2(int a, int b, int c) const {
  uint64_t row = 0;
  const size_t base = (static_cast<size_t>(a) * kNumStates + b) * kNumStates;
  for (int x = 0; x < kNumStates; ++x) row += second[base + x];
  return row ? static_cast<double>(second[base + c]) / static_cast<double>(row) : 0.0;
}

TransitionResult compute_transitions(const View& v, const TransitionOptions& o, Context& ctx) {
  const EventTable& e = v.events();
  struct Local {
    std::vector<uint64_t> first, second;
    // Paths are encoded as base-(kNumBehaviors+1) digits: at most max_path <= 12 actions.
    std::unordered_map<uint64_t, std::pair<uint64_t, uint64_t>> paths;
    uint64_t sessions = 0, purchasing = 0;
  };
  std::vector<Local> locals(ctx.threads() * 8 + 1);
  const int max_path = std::min(o.max_path, 12);
  for_user_chunks(v, ctx, [&](size_t slot, uint32_t ub, uint32_t ue) {
    Local& L = locals[slot];
    L.first.assign(kNumStates * kNumStates, 0);
    L.second.assign(kNumStates * kNumStates * kNumStates, 0);
    std::vector<uint64_t> seen_paths;  // this session's distinct path codes before a purchase
    for (uint32_t u = ub; u < ue; ++u) {
      int p1 = kStart, p2 = kStart;  // last and second-to-last states
      uint64_t code = 0;
      int len = 0, last_action = -1;
      bool purchased = false;
      auto close = [&] {
        L.first[p1 * kNumStates + kEnd]++;
        L.second[(static_cast<size_t>(p2) * kNumStates + p1) * kNumStates + kEnd]++;
        for (uint64_t c : seen_paths) {
          auto& cell = L.paths[c];
          cell.first++;
          cell.second += purchased;
        }
        L.sessions++;
        L.purchasing += purchased;
        seen_paths.clear();
      };
      for (uint64_t i = v.begin(u); i < v.end(u); ++i) {
        if (v.session_start(i) && i != v.begin(u)) {
          close();
          p1 = p2 = kStart;
          code = 0, len = 0, last_action = -1, purchased = false;
        }
        const int s = static_cast<int>(e.type[i]);
        L.first[p1 * kNumStates + s]++;
        L.second[(static_cast<size_t>(p2) * kNumStates + p1) * kNumStates + s]++;
        p2 = p1;
        p1 = s;
        if (purchased) continue;
        if (e.type[i] == Behavior::kPurchase) {
          purchased = true;
          continue;
        }
        if (s != last_action && len < max_path) {
          code = code * (kNumBehaviors + 1) + static_cast<uint64_t>(s + 1);
          ++len;
          last_action = s;
          seen_paths.push_back(code);
        }
      }
      if (v.begin(u) != v.end(u)) close();
    }
  });
  TransitionResult r;
  r.first.assign(kNumStates * kNumStates, 0);
  r.second.assign(kNumStates * kNumStates * kNumStates, 0);
  std::unordered_map<uint64_t, std::pair<uint64_t, uint64_t>> paths;
  for (const Local& L : locals) {
    if (L.first.empty()) continue;
    for (size_t k = 0; k < L.first.size(); ++k) r.first[k] += L.first[k];
    for (size_t k = 0; k < L.second.size(); ++k) r.second[k] += L.second[k];
    for (const auto& [c, n] : L.paths) {
      paths[c].first += n.first;
      paths[c].second += n.second;
    }
    r.sessions += L.sessions;
    r.purchasing_sessions += L.purchasing;
  }
  for (const auto& [c, n] : paths) {
    std::vector<int> digits;
    for (uint64_t x = c; x; x /= (kNumBehaviors + 1)) digits.push_back(static_cast<int>(x % (kNumBehaviors + 1)) - 1);
    std::string name;
    for (size_t k = digits.size(); k-- > 0;) name += (name.empty() ? "" : ">") + state_name(digits[k]);
    r.paths[name] = n;
  }
  return r;
}

nlohmann::json to_json(const TransitionResult& r, uint64_t min_sessions) {
  nlohmann::json j;
  std::vector<int> used;
  for (int a = 0; a < kNumStates; ++a) {
    uint64_t n = 0;
    for (int b = 0; b < kNumStates; ++b) n += r.first[a * kNumStates + b] + r.first[b * kNumStates + a];
    if (n) used.push_back(a);
  }
  nlohmann::json states = nlohmann::json::array(), matrix = nlohmann::json::array();
  for (int a : used) states.push_back(state_name(a));
  for (int a : used) {
    nlohmann::json row = nlohmann::json::array();
    for (int b : used) row.push_back(r.p_next(a, b));
    matrix.push_back(row);
  }
  j["states"] = states;
  j["next_given_last"] = matrix;
  nlohmann::json second = nlohmann::json::array();
  for (int a : used)
    for (int b : used) {
      uint64_t row = 0;
      for (int c = 0; c < kNumStates; ++c) row += r.second[(static_cast<size_t>(a) * kNumStates + b) * kNumStates + c];
      if (row < min_sessions || b == kEnd) continue;
      nlohmann::json p = nlohmann::json::object();
      for (int c : used)
        if (double x = r.p_next2(a, b, c); x > 0) p[state_name(c)] = x;
      second.push_back({{"last_two", state_name(a) + ">" + state_name(b)}, {"count", row}, {"next", p}});
    }
  j["next_given_last_two"] = second;
  nlohmann::json paths = nlohmann::json::array();
  for (const auto& [name, n] : r.paths) {
    if (n.first < min_sessions) continue;
    paths.push_back({{"path", name}, {"sessions", n.first},
                     {"p_purchase", static_cast<double>(n.second) / static_cast<double>(n.first)}});
  }
  j["p_purchase_given_path"] = paths;
  j["sessions"] = r.sessions;
  j["purchase_rate"] = r.sessions ? static_cast<double>(r.purchasing_sessions) / static_cast<double>(r.sessions) : 0.0;
  return j;
}

}  // namespace ss::analytics
