#include "analytics/funnel.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/error.h"

namespace ss::analytics {
namespace {

// The best chain ending at each level so far: its first-step time and last-step time.
struct Chain {
  std::array<int64_t, kMaxFunnelSteps> start{}, reach{};
  std::array<bool, kMaxFunnelSteps> has{};
  int level = 0;
  void reset() { has.fill(false), level = 0; }
};

struct Acc {
  std::vector<uint64_t> reached;              // [group * K + k]
  std::vector<std::vector<double>> deltas;    // [group * K + k], seconds
};

}  // namespace

std::vector<FunnelStep> parse_funnel_steps(const std::string& text, const Dictionaries& dicts) {
  std::vector<FunnelStep> steps;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t end = std::min(text.find('>', pos), text.size());
    std::string tok = text.substr(pos, end - pos);
    pos = end + 1;
    if (tok.empty()) throw Error("funnel step is empty in '" + text + "' (write steps like view>cart>purchase)");
    FunnelStep s;
    s.label = tok;
    if (tok.rfind("category:", 0) == 0 || tok.rfind("item:", 0) == 0) {
      const bool cat = tok[0] == 'c';
      const std::string name = tok.substr(cat ? 9 : 5);
      const uint32_t id = cat ? dicts.categories.find(name) : dicts.items.find(name);
      if (id == kNone) throw Error("funnel step '" + tok + "': no such " + (cat ? "category" : "item") + " in the data");
      s.kind = cat ? FunnelStep::Kind::kCategory : FunnelStep::Kind::kItem;
      s.id = id;
    } else {
      auto b = parse_behavior(tok);
      if (!b) {
        std::string names;
        for (auto n : kBehaviorNames) names += std::string(names.empty() ? "" : ", ") + std::string(n);
        throw Error("funnel step '" + tok + "' is not a behaviour (" + names + ") nor category:NAME / item:ID");
      }
      s.id = static_cast<uint32_t>(*b);
    }
    steps.push_back(std::move(s));
  }
  if (steps.size() > kMaxFunnelSteps) throw Error("a funnel has at most 8 steps");
  return steps;
}

Breakdown parse_breakdown(const std::string& name) {
  if (name.empty() || name == "none") return Breakdown::kNone;
  if (name == "category") return Breakdown::kCategory;
  if (name == "brand") return Breakdown::kBrand;
  if (name == "price_band") return Breakdown::kPriceBand;
  if (name == "segment") return Breakdown::kUserGroup;
  throw Error("unknown breakdown '" + name + "' (none, category, brand, price_band, segment)");
}

static std::vector<FunnelGroup> run(const View& v, const FunnelOptions& o, Breakdown by, size_t num_groups,
                                    Context& ctx) {
  const EventTable& e = v.events();
  const size_t K = o.steps.size();
  std::vector<Acc> accs(ctx.threads() * 8 + 1);
  auto matches = [&](const FunnelStep& s, uint64_t i) {
    switch (s.kind) {
      case FunnelStep::Kind::kBehavior: return static_cast<uint32_t>(e.type[i]) == s.id;
      case FunnelStep::Kind::kItem: return e.item[i] == s.id;
      case FunnelStep::Kind::kCategory: return e.item[i] < v.num_items() && v.item_category[e.item[i]] == s.id;
    }
    return false;
  };
  auto group_of = [&](uint32_t u, uint64_t i) -> uint32_t {
    const uint32_t it = e.item[i];
    switch (by) {
      case Breakdown::kNone: return 0;
      case Breakdown::kUserGroup: return u < o.user_group.size() ? o.user_group[u] : kNone;
      case Breakdown::kCategory: return it < v.num_items() ? v.item_category[it] : kNone;
      case Breakdown::kBrand: return it < v.num_items() ? v.item_brand[it] : kNone;
      case Breakdown::kPriceBand: return it < v.num_items() && v.item_price_band[it] != kNoBand ? v.item_price_band[it] : kNone;
    }
    return kNone;
  };
  // Steps that are all behaviour types (the common case): one table lookup per event says
  // which steps it can advance.
  bool all_behavior = true;
  std::array<uint32_t, kNumBehaviors> step_mask{};
  for (size_t k = 0; k < K; ++k) {
    if (o.steps[k].kind != FunnelStep::Kind::kBehavior) all_behavior = false;
    else if (o.steps[k].id < kNumBehaviors) step_mask[o.steps[k].id] |= 1u << k;
  }
  for_user_chunks(v, ctx, [&](size_t slot, uint32_t ub, uint32_t ue) {
    Acc& A = accs[slot];
    A.reached.assign(num_groups * K, 0);
    A.deltas.resize(num_groups * K);
    // A unit's chains per group it touched; few groups per unit, so a small linear list.
    std::vector<std::pair<uint32_t, Chain>> chains;
    auto flush = [&] {
      for (auto& [g, c] : chains)
        for (int k = 0; k < c.level; ++k) A.reached[g * K + k]++;
      chains.clear();
    };
    for (uint32_t u = ub; u < ue; ++u) {
      for (uint64_t i = v.begin(u); i < v.end(u); ++i) {
        if (o.per_session && v.session_start(i)) flush();
        if (all_behavior && step_mask[static_cast<int>(e.type[i])] == 0) continue;
        const uint32_t g = group_of(u, i);
        if (g == kNone || g >= num_groups) continue;
        Chain* c = nullptr;
        for (auto& [cg, cc] : chains)
          if (cg == g) c = &cc;
        const int64_t t = e.ts_ms[i];
        for (size_t k = K; k-- > 0;) {
          if (all_behavior ? !(step_mask[static_cast<int>(e.type[i])] >> k & 1u) : !matches(o.steps[k], i)) continue;
          if (!c) {
            if (k != 0) continue;
            chains.emplace_back(g, Chain{});
            c = &chains.back().second;
          }
          if (k == 0) {
            c->start[0] = c->reach[0] = t;
            c->has[0] = true;
            c->level = std::max(c->level, 1);
          } else if (c->has[k - 1] && (o.window_ms <= 0 || t - c->start[k - 1] <= o.window_ms)) {
            c->start[k] = c->start[k - 1];
            c->reach[k] = t;
            if (static_cast<int>(k) + 1 > c->level) {
              c->level = static_cast<int>(k) + 1;
              A.deltas[g * K + k].push_back(static_cast<double>(t - c->reach[k - 1]) / 1000.0);
            }
            c->has[k] = true;
          }
        }
      }
      flush();
    }
  });
  std::vector<FunnelGroup> out(num_groups);
  for (size_t g = 0; g < num_groups; ++g) {
    out[g].reached.assign(K, 0);
    out[g].median_seconds.assign(K, std::nan(""));
    for (size_t k = 0; k < K; ++k) {
      std::vector<double> d;
      for (Acc& A : accs) {
        if (A.reached.empty()) continue;
        out[g].reached[k] += A.reached[g * K + k];
        d.insert(d.end(), A.deltas[g * K + k].begin(), A.deltas[g * K + k].end());
      }
      if (k > 0) out[g].median_seconds[k] = median(d);
    }
  }
  return out;
}

FunnelResult compute_funnel(const View& v, const FunnelOptions& o, Context& ctx) {
  if (o.steps.empty() || o.steps.size() > kMaxFunnelSteps) throw Error("a funnel needs 1 to 8 steps");
  FunnelResult r;
  for (const auto& s : o.steps) r.steps.push_back(s.label);
  r.per_session = o.per_session;
  r.window_ms = o.window_ms;
  r.all = run(v, o, Breakdown::kNone, 1, ctx)[0];
  r.all.name = "all";
  if (o.breakdown == Breakdown::kNone) return r;
  size_t groups = 0;
  switch (o.breakdown) {
    case Breakdown::kCategory: groups = v.num_categories; break;
    case Breakdown::kBrand: groups = v.num_brands; break;
    case Breakdown::kPriceBand: groups = kNumPriceBands; break;
    case Breakdown::kUserGroup: groups = o.group_names.size(); break;
    case Breakdown::kNone: break;
  }
  r.groups = run(v, o, o.breakdown, groups, ctx);
  for (size_t g = 0; g < groups; ++g) {
    switch (o.breakdown) {
      case Breakdown::kCategory: r.groups[g].name = std::string(v.dicts->categories.name(g)); break;
      case Breakdown::kBrand: r.groups[g].name = std::string(v.dicts->brands.name(g)); break;
      case Breakdown::kPriceBand: r.groups[g].name = kPriceBandNames[g]; break;
      default: r.groups[g].name = o.group_names[g];
    }
  }
  std::erase_if(r.groups, [](const FunnelGroup& g) { return g.reached.empty() || g.reached[0] == 0; });
  std::stable_sort(r.groups.begin(), r.groups.end(),
                   [](const FunnelGroup& a, const FunnelGroup& b) { return a.reached[0] > b.reached[0]; });
  return r;
}

static nlohmann::json group_json(const FunnelGroup& g, const std::vector<std::string>& labels) {
  nlohmann::json steps = nlohmann::json::array();
  for (size_t k = 0; k < g.reached.size(); ++k) {
    nlohmann::json s;
    s["step"] = labels[k];
    s["reached"] = g.reached[k];
    const double prev = k ? static_cast<double>(g.reached[k - 1]) : static_cast<double>(g.reached[0]);
    s["conversion"] = prev > 0 ? static_cast<double>(g.reached[k]) / prev : 0.0;
    s["drop_off"] = prev > 0 ? 1.0 - static_cast<double>(g.reached[k]) / prev : 0.0;
    s["from_first"] = g.reached[0] ? static_cast<double>(g.reached[k]) / static_cast<double>(g.reached[0]) : 0.0;
    s["median_seconds_from_previous"] = std::isnan(g.median_seconds[k]) ? nlohmann::json() : nlohmann::json(g.median_seconds[k]);
    steps.push_back(s);
  }
  return {{"group", g.name}, {"steps", steps}};
}

nlohmann::json to_json(const FunnelResult& f) {
  nlohmann::json j;
  j["steps"] = f.steps;
  j["per"] = f.per_session ? "session" : "user";
  j["window_seconds"] = f.window_ms / 1000;
  j["all"] = group_json(f.all, f.steps);
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& g : f.groups) groups.push_back(group_json(g, f.steps));
  j["breakdown"] = groups;
  return j;
}

}  // namespace ss::analytics
