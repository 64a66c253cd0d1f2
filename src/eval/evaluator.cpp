#include "eval/evaluator.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/error.h"
#include "core/rng.h"
#include "eval/beyond_accuracy.h"
#include "eval/bootstrap.h"
#include "eval/user_groups.h"

namespace ss::eval {
namespace {

// Each user's held-out items, sorted and unique.
struct Targets {
  std::vector<uint64_t> offsets;
  std::vector<uint32_t> items;
  std::span<const uint32_t> of(uint32_t u) const {
    return {items.data() + offsets[u], static_cast<size_t>(offsets[u + 1] - offsets[u])};
  }
};

Targets held_out_items(const UserGroups& test, const UserGroups& train, bool new_items_only) {
  Targets t;
  t.offsets.assign(test.num_users() + 1, 0);
  std::vector<uint32_t> seen;
  for (uint32_t u = 0; u < test.num_users(); ++u) {
    const size_t begin = t.items.size();
    for (size_t j = test.offsets[u]; j < test.offsets[u + 1]; ++j) t.items.push_back(test.item[j]);
    std::sort(t.items.begin() + begin, t.items.end());
    t.items.erase(std::unique(t.items.begin() + begin, t.items.end()), t.items.end());
    if (new_items_only) {
      const auto h = train.history(u).items;
      seen.assign(h.begin(), h.end());
      std::sort(seen.begin(), seen.end());
      auto keep = std::remove_if(t.items.begin() + begin, t.items.end(), [&](uint32_t i) {
        return std::binary_search(seen.begin(), seen.end(), i);
      });
      t.items.erase(keep, t.items.end());
    }
    t.offsets[u + 1] = t.items.size();
  }
  return t;
}

// N random items the user never touched, sorted together with the held-out items: the
// candidate list a sampled protocol ranks.
std::vector<uint32_t> sampled_candidates(uint32_t user, std::span<const uint32_t> history,
                                         std::span<const uint32_t> relevant, size_t negatives,
                                         size_t num_items, uint64_t seed) {
  std::vector<uint32_t> touched(history.begin(), history.end());
  touched.insert(touched.end(), relevant.begin(), relevant.end());
  std::sort(touched.begin(), touched.end());
  std::vector<uint32_t> cand(relevant.begin(), relevant.end());
  const size_t available = num_items > touched.size() ? num_items - touched.size() : 0;
  const size_t want = std::min(negatives, available);
  Rng rng(seed ^ (0x9E3779B97F4A7C15ull * (uint64_t(user) + 1)));
  std::vector<uint32_t> picked;
  for (size_t tries = 0; picked.size() < want && tries < want * 50 + 100; ++tries) {
    const uint32_t i = static_cast<uint32_t>(rng.below(num_items));
    if (std::binary_search(touched.begin(), touched.end(), i)) continue;
    if (std::find(picked.begin(), picked.end(), i) != picked.end()) continue;
    picked.push_back(i);
  }
  cand.insert(cand.end(), picked.begin(), picked.end());
  std::sort(cand.begin(), cand.end());
  return cand;
}

}  // namespace

const MetricValue* EvalResult::find(const std::string& metric) const {
  for (const MetricValue& m : metrics)
    if (m.name == metric) return &m;
  return nullptr;
}

UserScores score_users(const Recommender& model, size_t num_items, const EventTable& train,
                       const EventTable& test, const EvalOptions& opt, Context& ctx) {
  if (opt.metrics.empty()) throw Error("evaluation needs at least one metric");
  const size_t nu = user_universe({&train, &test});
  const UserGroups hist = group_by_user(train, nu);
  const UserGroups held = group_by_user(test, nu);
  const Targets targets = held_out_items(held, hist, opt.new_items_only);

  UserScores s;
  s.k = max_cutoff(opt.metrics);
  for (uint32_t u = 0; u < nu; ++u)
    if (!targets.of(u).empty()) s.users.push_back(u);
  if (opt.max_users && s.users.size() > opt.max_users) {
    Rng rng(opt.seed);
    for (size_t i = s.users.size() - 1; i > 0; --i) std::swap(s.users[i], s.users[rng.below(i + 1)]);
    s.users.resize(opt.max_users);
    std::sort(s.users.begin(), s.users.end());
  }
  const size_t n = s.users.size(), m = opt.metrics.size();
  s.train_events.resize(n);
  s.values.assign(n * m, 0.0);
  s.top.assign(n * s.k, kNone);

  ctx.pool->parallel_for(n, [&](size_t begin, size_t end) {
    for (size_t idx = begin; idx < end; ++idx) {
      const uint32_t u = s.users[idx];
      RecommendRequest req;
      req.user = u;
      req.history = hist.history(u);
      req.k = s.k;
      req.exclude_history = opt.exclude_history;
      std::vector<uint32_t> cand;
      if (opt.sampled_negatives) {
        cand = sampled_candidates(u, req.history.items, targets.of(u), opt.sampled_negatives,
                                  num_items, opt.seed);
        req.allow = [&cand](uint32_t item) { return std::binary_search(cand.begin(), cand.end(), item); };
      }
      const std::vector<Recommendation> recs = model.recommend(req);
      const size_t got = std::min(recs.size(), s.k);
      std::vector<uint32_t> ranked(got);
      for (size_t r = 0; r < got; ++r) ranked[r] = s.top[idx * s.k + r] = recs[r].item;
      s.train_events[idx] = static_cast<uint32_t>(hist.count(u));
      for (size_t j = 0; j < m; ++j) s.values[idx * m + j] = metric_value(opt.metrics[j], ranked, targets.of(u));
    }
  }, 16);
  return s;
}

EvalResult summarise(const UserScores& s, const EventTable& train, size_t num_items,
                     const EvalOptions& opt) {
  EvalResult r;
  const size_t n = s.users.size(), m = opt.metrics.size();
  r.users = n;
  r.num_items = num_items;
  r.sampled = opt.sampled_negatives > 0;
  r.sampled_negatives = opt.sampled_negatives;
  const std::vector<Interval> ci = bootstrap_means(s.values, n, m, opt.bootstrap, opt.confidence, opt.seed);
  std::vector<double> cold(m, 0), warm(m, 0);
  for (size_t i = 0; i < n; ++i) {
    const bool is_cold = s.train_events[i] < opt.cold_max_events;
    (is_cold ? r.cold_users : r.warm_users)++;
    for (size_t j = 0; j < m; ++j) (is_cold ? cold : warm)[j] += s.values[i * m + j];
  }
  for (size_t j = 0; j < m; ++j) {
    MetricValue v;
    v.name = opt.metrics[j].name();
    v.mean = ci[j].mean;
    v.ci_low = ci[j].low;
    v.ci_high = ci[j].high;
    v.cold_mean = r.cold_users ? cold[j] / double(r.cold_users) : 0.0;
    v.warm_mean = r.warm_users ? warm[j] / double(r.warm_users) : 0.0;
    r.metrics.push_back(v);
  }
  const BeyondAccuracy b = beyond_accuracy(s.top, train, num_items);
  r.coverage = b.coverage;
  r.novelty = b.novelty;
  r.popularity_pct = b.popularity_pct;
  return r;
}

EvalResult evaluate(const Recommender& model, size_t num_items, const EventTable& train,
                    const EventTable& test, const EvalOptions& options, Context& ctx) {
  const auto t0 = std::chrono::steady_clock::now();
  const UserScores s = score_users(model, num_items, train, test, options, ctx);
  EvalResult r = summarise(s, train, num_items, options);
  r.model = model.spec().to_string();
  r.eval_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace ss::eval
