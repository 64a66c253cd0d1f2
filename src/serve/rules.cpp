#include "serve/rules.h"

#include <algorithm>

#include "core/rng.h"

namespace ss::serve {

void Rules::merge(const Rules& o) {
  for (uint32_t p : o.pin_items)
    if (std::find(pin_items.begin(), pin_items.end(), p) == pin_items.end()) pin_items.push_back(p);
  for (auto [i, f] : o.boost_items) boost_items[i] = f;
  for (auto [c, f] : o.boost_categories) boost_categories[c] = f;
  bury_items.insert(o.bury_items.begin(), o.bury_items.end());
  bury_categories.insert(o.bury_categories.begin(), o.bury_categories.end());
  if (o.max_per_category) max_per_category = o.max_per_category;
}

namespace {
uint32_t item_id(const LiveState& live, const std::string& name, const std::string& where) {
  const uint32_t id = live.find_item(name);
  if (id == kNone) throw bad_request(where + ": unknown item '" + name + "'");
  return id;
}
uint32_t category_id(const LiveState& live, const std::string& name, const std::string& where) {
  const uint32_t id = live.find_category(name);
  if (id == kNone) throw bad_request(where + ": unknown category '" + name + "'");
  return id;
}
void factors(const Json& j, const char* key, const std::string& where, const LiveState& live, bool items,
             std::unordered_map<uint32_t, float>& out) {
  const Json* f = field(j, key);
  if (!f) return;
  if (!f->is_object()) throw bad_request(where + "." + key + ": expected an object of name -> factor");
  if (f->size() > 1000) throw bad_request(where + "." + key + ": more than 1000 entries");
  for (auto it = f->begin(); it != f->end(); ++it) {
    if (!it->is_number() || it->get<double>() <= 0 || it->get<double>() > 1000)
      throw bad_request(where + "." + key + "." + it.key() + ": expected a factor in (0, 1000]");
    const uint32_t id = items ? item_id(live, it.key(), where) : category_id(live, it.key(), where);
    out[id] = it->get<float>();
  }
}
}  // namespace

Rules parse_rules(const Json& j, const LiveState& live) {
  Rules r;
  if (j.is_null()) return r;
  if (!j.is_object()) throw bad_request("rules: expected an object");
  for (const auto& p : get_string_list(j, "pin", "rules", 100, 256)) r.pin_items.push_back(item_id(live, p, "rules.pin"));
  if (const Json* b = field(j, "boost")) {
    factors(*b, "items", "rules.boost", live, true, r.boost_items);
    factors(*b, "categories", "rules.boost", live, false, r.boost_categories);
  }
  if (const Json* b = field(j, "bury")) {
    for (const auto& p : get_string_list(*b, "items", "rules.bury", 1000, 256))
      r.bury_items.insert(item_id(live, p, "rules.bury.items"));
    for (const auto& p : get_string_list(*b, "categories", "rules.bury", 1000, 256))
      r.bury_categories.insert(category_id(live, p, "rules.bury.categories"));
  }
  r.max_per_category = static_cast<size_t>(get_int(j, "max_per_category", "rules", 0, 0, 1000));
  return r;
}

Json rules_to_json(const Rules& r, const LiveState& live) {
  Json pin = Json::array(), bi = Json::object(), bc = Json::object(), ui = Json::array(), uc = Json::array();
  for (uint32_t p : r.pin_items) pin.push_back(live.item_name(p));
  for (auto [i, f] : r.boost_items) bi[live.item_name(i)] = f;
  for (auto [c, f] : r.boost_categories) bc[live.category_name(c)] = f;
  for (uint32_t i : r.bury_items) ui.push_back(live.item_name(i));
  for (uint32_t c : r.bury_categories) uc.push_back(live.category_name(c));
  return {{"pin", pin},
          {"boost", {{"items", bi}, {"categories", bc}}},
          {"bury", {{"items", ui}, {"categories", uc}}},
          {"max_per_category", r.max_per_category}};
}

void explore(std::vector<Candidate>& list, const std::vector<uint32_t>& fresh, double share, size_t k, uint64_t seed) {
  if (share <= 0 || fresh.empty() || k < 2) return;
  const size_t slots = std::max<size_t>(1, static_cast<size_t>(share * k + 0.5));
  std::unordered_set<uint32_t> shown;
  for (const auto& c : list) shown.insert(c.item);
  Rng rng(seed);
  std::vector<Candidate> picks;
  for (size_t tries = 0; picks.size() < slots && tries < slots * 8; ++tries) {
    const uint32_t it = fresh[rng.below(fresh.size())];
    if (shown.insert(it).second) picks.push_back({it, 0.0f, "new item: given a chance to be seen"});
  }
  if (picks.empty()) return;
  // Spread the exploration slots evenly over positions 1..k-1.
  if (list.size() > k - picks.size()) list.resize(k - picks.size());
  const size_t step = std::max<size_t>(1, k / picks.size());
  for (size_t i = 0; i < picks.size(); ++i) {
    const size_t pos = std::min(list.size(), 1 + i * step);
    list.insert(list.begin() + static_cast<long>(pos), std::move(picks[i]));
  }
}

}  // namespace ss::serve
