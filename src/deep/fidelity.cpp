#include "deep/fidelity.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <span>
#include <string>
#include <unordered_map>

#include "core/error.h"
#include "core/rng.h"
#include "models/builtin.h"

namespace ss {
namespace {

// One user as the checks see them: distinct items (sorted) plus the time-ordered sequence.
struct Basket {
  std::vector<uint32_t> set;
  std::vector<uint32_t> seq;
  std::vector<Behavior> types;
};

std::vector<Basket> real_baskets(const Dataset& d, const BehaviorWeights& w) {
  std::vector<std::vector<size_t>> rows(d.num_users());
  for (size_t e = 0; e < d.events.size(); ++e)
    if (d.events.item[e] != kNone && w[d.events.type[e]] > 0) rows[d.events.user[e]].push_back(e);
  std::vector<Basket> out(d.num_users());
  for (uint32_t u = 0; u < d.num_users(); ++u) {
    auto& r = rows[u];
    std::stable_sort(r.begin(), r.end(), [&](size_t a, size_t b) { return d.events.ts_ms[a] < d.events.ts_ms[b]; });
    for (size_t e : r) out[u].seq.push_back(d.events.item[e]), out[u].types.push_back(d.events.type[e]);
    out[u].set = out[u].seq;
    std::sort(out[u].set.begin(), out[u].set.end());
    out[u].set.erase(std::unique(out[u].set.begin(), out[u].set.end()), out[u].set.end());
  }
  return out;
}

double js_divergence(std::vector<double> p, std::vector<double> q) {
  const double sp = std::accumulate(p.begin(), p.end(), 0.0), sq = std::accumulate(q.begin(), q.end(), 0.0);
  if (sp <= 0 || sq <= 0) return 1.0;
  double js = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    const double a = p[i] / sp, b = q[i] / sq, m = 0.5 * (a + b);
    if (a > 0) js += 0.5 * a * std::log2(a / m);
    if (b > 0) js += 0.5 * b * std::log2(b / m);
  }
  return js;
}

// Wasserstein-1 between two samples of non-negative integers (difference of the CDFs).
double wasserstein1(const std::vector<size_t>& a, const std::vector<size_t>& b) {
  if (a.empty() || b.empty()) return 0;
  const size_t top = std::max(*std::max_element(a.begin(), a.end()), *std::max_element(b.begin(), b.end())) + 1;
  std::vector<double> ca(top + 1, 0), cb(top + 1, 0);
  for (size_t x : a) ca[x] += 1.0 / double(a.size());
  for (size_t x : b) cb[x] += 1.0 / double(b.size());
  double fa = 0, fb = 0, w = 0;
  for (size_t x = 0; x < top; ++x) fa += ca[x], fb += cb[x], w += std::abs(fa - fb);
  return w;
}

struct Profile {
  std::vector<double> items, categories, behaviors;
  std::vector<size_t> sizes;
};

Profile profile_of(const std::vector<const Basket*>& users, const std::vector<uint32_t>& category, size_t num_items,
                   size_t num_categories) {
  Profile p{std::vector<double>(num_items, 0), std::vector<double>(num_categories + 1, 0),
            std::vector<double>(kNumBehaviors, 0), {}};
  for (const Basket* b : users) {
    for (uint32_t i : b->set) {
      p.items[i] += 1;
      const uint32_t c = category[i];
      p.categories[c == kNone || c >= num_categories ? num_categories : c] += 1;
    }
    for (Behavior t : b->types) p.behaviors[size_t(t)] += 1;
    p.sizes.push_back(b->set.size());
  }
  return p;
}

// Jaccard distance from each query to its nearest reference basket, via an inverted index.
std::vector<double> nearest_distances(const std::vector<const Basket*>& queries, const std::vector<const Basket*>& refs,
                                      size_t num_items) {
  std::vector<std::vector<uint32_t>> postings(num_items);
  for (uint32_t r = 0; r < refs.size(); ++r)
    for (uint32_t i : refs[r]->set) postings[i].push_back(r);
  std::vector<uint32_t> inter(refs.size(), 0), touched;
  std::vector<double> out;
  for (const Basket* q : queries) {
    touched.clear();
    for (uint32_t i : q->set)
      for (uint32_t r : postings[i])
        if (inter[r]++ == 0) touched.push_back(r);
    double best = 1.0;
    for (uint32_t r : touched) {
      const double uni = double(q->set.size() + refs[r]->set.size() - inter[r]);
      best = std::min(best, 1.0 - double(inter[r]) / uni);
      inter[r] = 0;
    }
    out.push_back(best);
  }
  return out;
}

struct Spread {
  double categories = 0, main_share = 0;
};

// Mean over users of the categories their items span and the share in their main category.
Spread spread_of(const std::vector<const Basket*>& users, const std::vector<uint32_t>& category) {
  Spread s;
  std::unordered_map<uint32_t, size_t> counts;
  size_t n = 0;
  for (const Basket* b : users) {
    if (b->set.empty()) continue;
    counts.clear();
    size_t top = 0;
    for (uint32_t i : b->set) top = std::max(top, ++counts[category[i]]);
    s.categories += double(counts.size()), s.main_share += double(top) / double(b->set.size()), ++n;
  }
  if (n > 0) s.categories /= double(n), s.main_share /= double(n);
  return s;
}

// Baskets of the given sizes filled by popularity-weighted draws without regard to the
// user: what a generator that lost the users' tastes would produce.
std::vector<Basket> popularity_baskets(const std::vector<const Basket*>& like, const std::vector<double>& popularity,
                                       Rng& rng) {
  std::vector<double> cum(popularity);
  std::partial_sum(cum.begin(), cum.end(), cum.begin());
  std::vector<Basket> out;
  if (cum.empty() || cum.back() <= 0) return out;
  for (const Basket* b : like) {
    Basket r;
    const size_t want = std::min(b->set.size(), cum.size());
    for (size_t tries = 0; r.set.size() < want && tries < 50 * want + 100; ++tries) {
      const auto i = uint32_t(std::upper_bound(cum.begin(), cum.end(), rng.uniform() * cum.back()) - cum.begin());
      if (i < cum.size() && std::find(r.set.begin(), r.set.end(), i) == r.set.end()) r.set.push_back(i);
    }
    out.push_back(std::move(r));
  }
  return out;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + long(v.size() / 2), v.end());
  return v[v.size() / 2];
}
double mean(const std::vector<double>& v) { return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size()); }

std::vector<const Basket*> sample(std::vector<const Basket*> v, size_t n, Rng& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
  if (v.size() > n) v.resize(n);
  return v;
}

struct RankScore {
  double hr = 0, ndcg = 0;
};

// Leave-last-out on the held-out real users: history = all but the last item.
RankScore score_holdout(const Recommender& model, const std::vector<const Basket*>& users) {
  RankScore s;
  size_t n = 0;
  for (const Basket* b : users) {
    const uint32_t target = b->seq.back();
    const std::span<const uint32_t> hist(b->seq.data(), b->seq.size() - 1);
    if (std::find(hist.begin(), hist.end(), target) != hist.end()) continue;  // a repeat cannot be ranked
    RecommendRequest req;
    req.history.items = hist;
    req.history.types = std::span<const Behavior>(b->types.data(), b->types.size() - 1);
    req.k = 10;
    const auto recs = model.recommend(req);
    for (size_t r = 0; r < recs.size(); ++r)
      if (recs[r].item == target) s.hr += 1, s.ndcg += 1.0 / std::log2(double(r) + 2.0);
    ++n;
  }
  if (n > 0) s.hr /= double(n), s.ndcg /= double(n);
  return s;
}

}  // namespace

FidelityReport fidelity_report(const Dataset& real, const std::vector<SyntheticUser>& synthetic,
                               const FidelityOptions& o, Context& ctx) {
  if (synthetic.empty()) throw Error("fidelity report: no synthetic users");
  const size_t I = real.num_items();
  const BehaviorWeights weights;
  const auto baskets = real_baskets(real, weights);
  std::vector<Basket> synth(synthetic.size());
  for (size_t s = 0; s < synthetic.size(); ++s) {
    for (uint32_t i : synthetic[s].items)
      if (i >= I) throw Error("fidelity report: synthetic item id out of range; was the model trained on this store?");
    synth[s].seq = synthetic[s].items;
    synth[s].types = synthetic[s].types;
    synth[s].set = synth[s].seq;
    std::sort(synth[s].set.begin(), synth[s].set.end());
    synth[s].set.erase(std::unique(synth[s].set.begin(), synth[s].set.end()), synth[s].set.end());
  }

  // Reference (what the generator may have learnt from) and held-out real users.
  Rng rng(o.seed);
  std::vector<char> is_holdout(real.num_users(), 0);
  if (!o.holdout.empty()) {
    for (uint32_t u : o.holdout)
      if (u < is_holdout.size()) is_holdout[u] = 1;
  } else {
    for (auto& h : is_holdout) h = rng.bernoulli(o.holdout_share);
  }
  FidelityReport r;
  std::vector<const Basket*> all, ref, hold, syn;
  for (uint32_t u = 0; u < real.num_users(); ++u) {
    if (baskets[u].set.empty()) continue;
    all.push_back(&baskets[u]);
    (is_holdout[u] ? hold : ref).push_back(&baskets[u]);
  }
  for (const auto& b : synth) syn.push_back(&b);
  if (ref.empty() || hold.empty()) throw Error("fidelity report: needs real users both in the reference and held-out parts");
  r.real_users = all.size(), r.reference_users = ref.size(), r.holdout_users = hold.size(), r.synthetic_users = syn.size();

  // Fidelity, with the distance between the two real halves as the noise floor.
  const auto category = real.item_categories();
  const size_t C = real.dicts.categories.size();
  const auto pr = profile_of(all, category, I, C), ps = profile_of(syn, category, I, C);
  const auto pa = profile_of(ref, category, I, C), pb = profile_of(hold, category, I, C);
  r.js_items = js_divergence(pr.items, ps.items), r.js_items_floor = js_divergence(pa.items, pb.items);
  r.js_categories = js_divergence(pr.categories, ps.categories);
  r.js_categories_floor = js_divergence(pa.categories, pb.categories);
  r.js_behaviors = js_divergence(pr.behaviors, ps.behaviors);
  r.js_behaviors_floor = js_divergence(pa.behaviors, pb.behaviors);
  r.w1_basket = wasserstein1(pr.sizes, ps.sizes), r.w1_basket_floor = wasserstein1(pa.sizes, pb.sizes);
  r.mean_basket_real = double(std::accumulate(pr.sizes.begin(), pr.sizes.end(), size_t(0))) / double(pr.sizes.size());
  r.mean_basket_synthetic = double(std::accumulate(ps.sizes.begin(), ps.sizes.end(), size_t(0))) / double(ps.sizes.size());

  // Category spread per user, against category-random baskets of the synthetic sizes.
  const Spread sr = spread_of(all, category), ss = spread_of(syn, category);
  Rng random_rng(o.seed ^ 0x5EEDull);  // its own stream: the checks below sample as before
  const auto random = popularity_baskets(syn, pr.items, random_rng);
  std::vector<const Basket*> random_ptrs;
  for (const auto& b : random) random_ptrs.push_back(&b);
  const Spread sx = spread_of(random_ptrs, category);
  r.categories_real = sr.categories, r.categories_synthetic = ss.categories, r.categories_random = sx.categories;
  r.main_share_real = sr.main_share, r.main_share_synthetic = ss.main_share, r.main_share_random = sx.main_share;

  // Privacy: nearest reference user of synthetic vs held-out real users; exact copies.
  const auto syn_nn = nearest_distances(sample(syn, o.max_nn_users, rng), ref, I);
  const auto hold_nn = nearest_distances(sample(hold, o.max_nn_users, rng), ref, I);
  r.nn_synthetic_median = median(syn_nn), r.nn_holdout_median = median(hold_nn);
  r.nn_synthetic_mean = mean(syn_nn), r.nn_holdout_mean = mean(hold_nn);
  std::unordered_map<uint64_t, std::vector<const Basket*>> by_hash;
  auto hash_of = [](const std::vector<uint32_t>& v) {
    uint64_t h = 1469598103934665603ull;
    for (uint32_t x : v) h = (h ^ x) * 1099511628211ull;
    return h;
  };
  for (const Basket* b : ref)
    if (b->set.size() >= o.min_copy_size) by_hash[hash_of(b->set)].push_back(b);
  auto is_copy = [&](const Basket* b) {
    const auto it = by_hash.find(hash_of(b->set));
    if (it == by_hash.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(), [&](const Basket* x) { return x->set == b->set; });
  };
  for (const Basket* b : syn)
    if (b->set.size() >= o.min_copy_size) ++r.copy_candidates, r.exact_copies += is_copy(b);
  for (const Basket* b : hold)
    if (b->set.size() >= o.min_copy_size) ++r.holdout_candidates, r.holdout_exact += is_copy(b);

  // Utility: TSTR vs TRTR vs popularity on held-out users with two or more events.
  std::vector<const Basket*> test;
  for (const Basket* b : hold)
    if (b->seq.size() >= 2) test.push_back(b);
  r.tstr_users = test.size();
  if (!test.empty()) {
    Context quiet(ctx.threads() - 1, ctx.seed, true);
    EventTable ref_events;
    for (size_t e = 0; e < real.events.size(); ++e)
      if (!is_holdout[real.events.user[e]]) ref_events.push_back(real.events.row(e));
    auto trtr = make_builtin(Spec::parse(o.tstr_model));
    trtr->fit({real, ref_events, weights}, quiet);
    Dataset sd;
    sd.dicts.items = real.dicts.items;
    EventTable syn_events;
    for (size_t s = 0; s < synthetic.size(); ++s) {
      const uint32_t u = sd.dicts.users.intern("g" + std::to_string(s));
      for (size_t j = 0; j < synthetic[s].items.size(); ++j)
        syn_events.push_back({.user = u, .item = synthetic[s].items[j], .ts_ms = synthetic[s].ts_ms[j],
                              .type = synthetic[s].types[j]});
    }
    auto tstr = make_builtin(Spec::parse(o.tstr_model));
    tstr->fit({sd, syn_events, weights}, quiet);
    auto pop = make_builtin(Spec::parse("pop"));
    pop->fit({real, ref_events, weights}, quiet);
    const auto a = score_holdout(*tstr, test), b = score_holdout(*trtr, test), c = score_holdout(*pop, test);
    r.tstr_hr10 = a.hr, r.tstr_ndcg10 = a.ndcg, r.trtr_hr10 = b.hr, r.trtr_ndcg10 = b.ndcg;
    r.pop_hr10 = c.hr, r.pop_ndcg10 = c.ndcg;
  }

  // Verdicts. Distances may exceed the noise floor (a model is not the data), but not by
  // an order of magnitude; privacy: no closer to the reference users than fresh real users.
  const double copy_rate = r.copy_candidates ? double(r.exact_copies) / double(r.copy_candidates) : 0;
  const double hold_rate = r.holdout_candidates ? double(r.holdout_exact) / double(r.holdout_candidates) : 0;
  r.checks = {
      {"item popularity JS <= 0.25", r.js_items <= 0.25},
      {"category mix JS <= 0.1", r.js_categories <= 0.1},
      {"basket size W1 <= 0.5 x mean real basket", r.w1_basket <= 0.5 * r.mean_basket_real},
      // Closer to the real users' main-category share than to category-random baskets'.
      {"main-category share nearer real than category-random",
       std::abs(r.main_share_synthetic - r.main_share_real) < std::abs(r.main_share_synthetic - r.main_share_random)},
      {"synthetic-to-real NN distance >= 0.9 x held-out-to-real", r.nn_synthetic_median >= 0.9 * r.nn_holdout_median},
      {"exact copies no more often than held-out users (+1%)", copy_rate <= hold_rate + 0.01},
      {"TSTR NDCG@10 beats popularity", r.tstr_ndcg10 > r.pop_ndcg10},
  };
  return r;
}

bool FidelityReport::passed() const {
  return std::all_of(checks.begin(), checks.end(), [](const auto& c) { return c.second; });
}

nlohmann::json FidelityReport::to_json() const {
  nlohmann::json checks_json = nlohmann::json::object();
  for (const auto& [name, ok] : checks) checks_json[name] = ok;
  return {
      {"users", {{"real", real_users}, {"reference", reference_users}, {"holdout", holdout_users}, {"synthetic", synthetic_users}}},
      {"fidelity",
       {{"js_item_popularity", js_items}, {"js_item_popularity_real_halves", js_items_floor},
        {"js_category_mix", js_categories}, {"js_category_mix_real_halves", js_categories_floor},
        {"js_behavior_mix", js_behaviors}, {"js_behavior_mix_real_halves", js_behaviors_floor},
        {"wasserstein_basket_size", w1_basket}, {"wasserstein_basket_size_real_halves", w1_basket_floor},
        {"mean_basket_real", mean_basket_real}, {"mean_basket_synthetic", mean_basket_synthetic},
        {"categories_per_user_real", categories_real}, {"categories_per_user_synthetic", categories_synthetic},
        {"categories_per_user_random", categories_random}, {"main_category_share_real", main_share_real},
        {"main_category_share_synthetic", main_share_synthetic}, {"main_category_share_random", main_share_random}}},
      {"privacy",
       {{"nn_jaccard_synthetic_median", nn_synthetic_median}, {"nn_jaccard_holdout_median", nn_holdout_median},
        {"nn_jaccard_synthetic_mean", nn_synthetic_mean}, {"nn_jaccard_holdout_mean", nn_holdout_mean},
        {"exact_copies", exact_copies}, {"copy_candidates", copy_candidates},
        {"holdout_exact_matches", holdout_exact}, {"holdout_candidates", holdout_candidates}}},
      {"tstr",
       {{"test_users", tstr_users}, {"synthetic_hr10", tstr_hr10}, {"synthetic_ndcg10", tstr_ndcg10},
        {"real_hr10", trtr_hr10}, {"real_ndcg10", trtr_ndcg10}, {"popularity_hr10", pop_hr10},
        {"popularity_ndcg10", pop_ndcg10}}},
      {"checks", checks_json},
      {"passed", passed()},
  };
}

std::string FidelityReport::to_text() const {
  char buf[2048];
  std::snprintf(buf, sizeof buf,
                "users: real %zu (reference %zu, held out %zu), synthetic %zu\n"
                "fidelity (synthetic vs real | real half vs half):\n"
                "  item popularity JS  %.4f | %.4f\n  category mix JS     %.4f | %.4f\n"
                "  behaviour mix JS    %.4f | %.4f\n  basket size W1      %.3f | %.3f  (mean basket real %.2f, synthetic %.2f)\n"
                "per-user category spread (real | synthetic | category-random baskets of the synthetic sizes):\n"
                "  categories spanned  %.2f | %.2f | %.2f\n  main-category share %.3f | %.3f | %.3f\n"
                "privacy (Jaccard distance to nearest reference user, median/mean):\n"
                "  synthetic %.3f / %.3f, held-out real %.3f / %.3f\n"
                "  exact copies %zu of %zu synthetic baskets (held-out real users: %zu of %zu)\n"
                "train on synthetic, test on real (held-out users' last item, %zu users):\n"
                "  synthetic HR@10 %.4f NDCG@10 %.4f | real HR@10 %.4f NDCG@10 %.4f | popularity HR@10 %.4f NDCG@10 %.4f\n",
                real_users, reference_users, holdout_users, synthetic_users, js_items, js_items_floor, js_categories,
                js_categories_floor, js_behaviors, js_behaviors_floor, w1_basket, w1_basket_floor, mean_basket_real,
                mean_basket_synthetic, categories_real, categories_synthetic, categories_random, main_share_real,
                main_share_synthetic, main_share_random, nn_synthetic_median, nn_synthetic_mean, nn_holdout_median, nn_holdout_mean,
                exact_copies, copy_candidates, holdout_exact, holdout_candidates, tstr_users, tstr_hr10, tstr_ndcg10,
                trtr_hr10, trtr_ndcg10, pop_hr10, pop_ndcg10);
  std::string s = buf;
  for (const auto& [name, ok] : checks) s += std::string(ok ? "  PASS " : "  FAIL ") + name + "\n";
  return s;
}

}  // namespace ss
