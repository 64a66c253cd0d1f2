// Business rules applied after a model ranks: pin items to the top, boost or bury items and
// categories, at most N per category (diversity), and a share of slots for fresh items so
// cold items can earn their place (exploration).
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "serve/http_error.h"
#include "serve/live_state.h"

namespace ss::serve {

struct Candidate {
  uint32_t item;
  float score;
  std::string reason;
};

struct Rules {
  std::vector<uint32_t> pin_items;                     // shown first, in this order
  std::unordered_map<uint32_t, float> boost_items;     // score multipliers (>0)
  std::unordered_map<uint32_t, float> boost_categories;
  std::unordered_set<uint32_t> bury_items, bury_categories;  // ranked after everything else
  size_t max_per_category = 0;                         // 0 = no limit
  bool empty() const {
    return pin_items.empty() && boost_items.empty() && boost_categories.empty() && bury_items.empty() &&
           bury_categories.empty() && max_per_category == 0;
  }
  // Adds `other`'s rules to these (request rules on top of the shop-wide ones).
  void merge(const Rules& other);
};

// {"pin":["i1"],"boost":{"items":{"i2":2},"categories":{"Knives":1.5}},
//  "bury":{"items":["i3"],"categories":["Toys"]},"max_per_category":2}
// Unknown item or category names -> 400 (a typo must not silently do nothing).
Rules parse_rules(const Json& j, const LiveState& live);
Json rules_to_json(const Rules& r, const LiveState& live);

// Re-ranks `ranked` (best first) under the rules and returns at most k. `allowed` says
// whether a pinned item passes the request's filters.
template <typename Allowed>
std::vector<Candidate> apply_rules(std::vector<Candidate> ranked, const Rules& rules, const ItemTable& items,
                                   size_t k, Allowed&& allowed);

// Puts fresh items into about share*k slots spread over the list (never the first), drawn
// from `fresh` deterministically by `seed`, skipping items already shown.
void explore(std::vector<Candidate>& list, const std::vector<uint32_t>& fresh, double share, size_t k, uint64_t seed);

template <typename Allowed>
std::vector<Candidate> apply_rules(std::vector<Candidate> ranked, const Rules& rules, const ItemTable& items, size_t k,
                                   Allowed&& allowed) {
  auto category = [&](uint32_t it) { return it < items.size() ? items.category[it] : kNone; };
  std::vector<Candidate> top, buried;
  for (auto& c : ranked) {
    if (auto b = rules.boost_items.find(c.item); b != rules.boost_items.end()) c.score *= b->second;
    if (auto b = rules.boost_categories.find(category(c.item)); b != rules.boost_categories.end()) c.score *= b->second;
    const bool bury = rules.bury_items.count(c.item) || rules.bury_categories.count(category(c.item));
    (bury ? buried : top).push_back(std::move(c));
  }
  auto by_score = [](const Candidate& a, const Candidate& b) { return a.score > b.score; };
  std::stable_sort(top.begin(), top.end(), by_score);
  std::stable_sort(buried.begin(), buried.end(), by_score);
  std::vector<Candidate> out;
  out.reserve(k);
  // k is small (<= max_k): linear scans beat hashing here and allocate nothing.
  auto used = [&](uint32_t it) {
    for (const auto& c : out)
      if (c.item == it) return true;
    return false;
  };
  auto category_full = [&](uint32_t cat) {
    if (!rules.max_per_category || cat == kNone) return false;
    size_t n = 0;
    for (const auto& c : out) n += category(c.item) == cat;
    return n >= rules.max_per_category;
  };
  for (uint32_t p : rules.pin_items)
    if (out.size() < k && allowed(p) && !used(p)) out.push_back({p, 0.0f, "pinned by a business rule"});
  for (auto* list : {&top, &buried})
    for (auto& c : *list) {
      if (out.size() >= k) break;
      if (used(c.item) || category_full(category(c.item))) continue;
      out.push_back(std::move(c));
    }
  return out;
}

}  // namespace ss::serve
