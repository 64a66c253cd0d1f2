#include "serve/service.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

namespace ss::serve {
namespace {
int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}
int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
const BehaviorWeights kWeights{};
constexpr const char* kLiveModel = "covisit";
}  // namespace

Service::Service(ServeConfig cfg, ModelManager::Factory factory)
    : config(std::move(cfg)), live(config), attribution(config.response_log, std::random_device{}()), started_ms(wall_ms()) {
  store_ = Store::open(config.data_dir, StoreOptions{.create_if_missing = true, .read_only = false, .sync = config.sync});
  // Where start-up time goes (printed below): at a million users it is minutes, not seconds.
  std::string phases;
  auto phase = [&, t = std::chrono::steady_clock::now()](const char* name) mutable {
    const auto now = std::chrono::steady_clock::now();
    phases += fmt::format("{}{} {:.1f}s", phases.empty() ? "" : ", ", name, std::chrono::duration<double>(now - t).count());
    t = now;
  };
  {
    Context ctx(config.work_threads, 42, true);
    Dataset shop = store_->load(ctx);
    phase("load store");
    live.bootstrap(shop);
    phase("live state");
    segments.bootstrap(shop, config.work_threads);
    phase("segments");
    insights = std::make_unique<Insights>([this] { return load_snapshot(); }, config.work_threads);
    insights->search.build(shop, config.data_dir + "/synonyms.txt");
    phase("search index");
    insights->analytics.seed(std::move(shop));
  }
  committer_ = std::make_unique<Committer>(*store_, config, metrics, [this](const CommitDelta& d) {
    live.apply(d);
    insights->on_commit(d);
    if (d.events) {
      const auto t = live.items();
      segments.apply(*d.events, [&](uint32_t it) { return it < t->size() ? t->price[it] : NAN; });
    }
    if (d.events && d.events->has_ref())
      for (size_t i = 0; i < d.events->size(); ++i)
        if (d.events->ref[i] != kNone && attribution.on_event(d.store_dicts->refs.name(d.events->ref[i]), d.events->type[i]))
          metrics.attributed_events.fetch_add(1);
  });
  models = std::make_unique<ModelManager>(config.data_dir + "/models", config.work_threads, std::move(factory), *committer_);
  const size_t loaded = models->load_saved();
  phase("saved models");
  if (!config.default_model.empty()) models->set_default(config.default_model);
  if (!config.quiet)
    std::fprintf(stderr, "serve: %zu users, %zu items, %llu events, %zu saved models loaded from %s (%s)\n",
                 live.num_users(), live.num_items(), static_cast<unsigned long long>(live.events_seen()), loaded,
                 config.data_dir.c_str(), phases.c_str());
  metrics.add_gauge_source([this](std::string& out) {
    out += "# HELP shopsense_model_age_seconds Time since each served model was trained.\n";
    out += "# TYPE shopsense_model_age_seconds gauge\n";
    for (const auto& m : models->list())
      out += fmt::format("shopsense_model_age_seconds{{model=\"{}\"}} {}\n", m["name"].get<std::string>(),
                         m["age_seconds"].get<double>());
    out += fmt::format("# TYPE shopsense_commit_queue gauge\nshopsense_commit_queue {}\n", committer_->queued());
    out += fmt::format("# TYPE shopsense_users gauge\nshopsense_users {}\n", live.num_users());
    out += fmt::format("# TYPE shopsense_items gauge\nshopsense_items {}\n", live.num_items());
    out += fmt::format("# TYPE shopsense_uptime_seconds gauge\nshopsense_uptime_seconds {}\n",
                       (wall_ms() - started_ms) / 1000.0);
  });
}

Service::~Service() { shutdown(); }

void Service::shutdown() {
  if (committer_) committer_->stop();
}

Rules Service::global_rules() const {
  std::lock_guard lk(rules_mu_);
  return rules_;
}

void Service::set_global_rules(Rules r) {
  std::lock_guard lk(rules_mu_);
  rules_ = std::move(r);
}

void Service::delete_user(uint32_t user) {
  std::string blank;
  committer_->exclusive([&](Store& s) {
    Context ctx(config.work_threads, 42, true);
    s.delete_user(user, ctx);
    blank = std::string(s.dicts().users.name(user));
  });
  live.forget_user(user, blank);
  insights->analytics.invalidate();
}

Dataset Service::load_snapshot() {
  Dataset shop;
  committer_->exclusive([&](Store& s) {
    Context ctx(config.work_threads, 42, true);
    shop = s.load(ctx);
  });
  return shop;
}

std::vector<uint32_t> Service::fresh_items() const {
  std::lock_guard lk(fresh_mu_);
  if (fresh_at_ && steady_ms() - fresh_at_ < 5000) return fresh_;
  auto t = live.items();
  const int64_t newest = live.now_ms(), horizon = int64_t{config.fresh_days} * 86'400'000;
  fresh_.clear();
  for (uint32_t i = 0; i < t->size(); ++i) {
    if (!t->listed[i] || !t->in_stock[i] || t->removed[i]) continue;
    const bool is_new = t->created_ms[i] != kNoTime && newest - t->created_ms[i] <= horizon;
    if (is_new || live.item_events(i) <= config.fresh_max_events) fresh_.push_back(i);
  }
  fresh_at_ = steady_ms();
  return fresh_;
}

bool Service::allowed(const RecQuery& q, const ItemTable& t, uint32_t it) const {
  if (it >= t.size()) return false;
  if (t.removed[it]) return false;
  if (q.in_stock_only && !t.in_stock[it]) return false;
  if (!q.categories.empty() && std::find(q.categories.begin(), q.categories.end(), t.category[it]) == q.categories.end())
    return false;
  if (q.min_price > -1e30f || q.max_price < 1e30f) {
    const float p = t.price[it];
    if (std::isnan(p) || p < q.min_price || p > q.max_price) return false;
  }
  return true;
}

std::vector<Candidate> Service::live_covisit(const RecQuery& q, size_t want, const ItemTable& t) const {
  // Score co-visited neighbours of the recent history, newer and stronger events weighing
  // more. Dense per-thread accumulators: no allocation per request once warm.
  thread_local std::vector<float> score, best;
  thread_local std::vector<uint32_t> source, touched;
  thread_local std::vector<Neighbour> nb;
  thread_local std::vector<uint8_t> blocked;  // seen or excluded: O(1) checks instead of scans
  if (score.size() < t.size()) {
    score.resize(t.size(), 0.0f), best.resize(t.size(), 0.0f), source.resize(t.size(), kNone);
    blocked.resize(t.size(), 0);
  }
  auto block = [&](uint32_t it) {
    if (it < blocked.size()) blocked[it] = 1;
  };
  if (q.exclude_seen)
    for (uint32_t it : q.history.items) block(it);
  for (uint32_t it : q.exclude) block(it);
  touched.clear();
  const size_t n = q.history.items.size();
  uint32_t done[20];
  size_t num_done = 0;
  float recency = 1.0f;
  for (size_t back = 1; back <= n && num_done < 20; ++back) {
    const uint32_t h = q.history.items[n - back];
    const float w = q.history.types.empty() ? 1.0f : kWeights[q.history.types[n - back]];
    if (h == kNone || w <= 0 || std::find(done, done + num_done, h) != done + num_done) continue;
    done[num_done++] = h;
    live.neighbours(h, false, nb, /*sorted=*/false);
    const float norm = 1.0f / std::sqrt(1.0f + static_cast<float>(live.item_events(h)));
    for (const auto& x : nb) {
      if (x.item >= t.size()) continue;
      const float s = recency * w * x.weight * norm;
      if (score[x.item] == 0.0f) touched.push_back(x.item);
      score[x.item] += s;
      if (s > best[x.item]) best[x.item] = s, source[x.item] = h;
    }
    recency *= 0.85f;
  }
  std::vector<std::pair<float, uint32_t>> ranked;
  ranked.reserve(touched.size());
  for (uint32_t it : touched)
    if (!blocked[it] && allowed(q, t, it)) ranked.push_back({score[it], it});
  for (uint32_t it : q.history.items)
    if (it < blocked.size()) blocked[it] = 0;
  for (uint32_t it : q.exclude)
    if (it < blocked.size()) blocked[it] = 0;
  const size_t m = std::min(want, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + m, ranked.end(),
                    [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  std::vector<Candidate> out;
  out.reserve(m);
  for (size_t i = 0; i < m; ++i) {
    const uint32_t src = source[ranked[i].second];
    std::string title = live.item_title(src);
    out.push_back({ranked[i].second, ranked[i].first, "viewed together with " + (title.empty() ? live.item_name(src) : title)});
  }
  for (uint32_t it : touched) score[it] = 0.0f, best[it] = 0.0f, source[it] = kNone;
  return out;
}

void Service::fill_trending(const RecQuery& q, const ItemTable& t, std::vector<Candidate>& list, size_t want) const {
  if (list.size() >= want) return;
  std::unordered_set<uint32_t> used(q.exclude.begin(), q.exclude.end());
  if (q.exclude_seen) used.insert(q.history.items.begin(), q.history.items.end());
  for (const auto& c : list) used.insert(c.item);
  const uint32_t cat = q.categories.size() == 1 ? q.categories[0] : kNone;
  const float floor = list.empty() ? 0.0f : list.back().score;
  const auto top = live.trending(std::min<size_t>(5000, want * 4 + used.size()), cat);
  const float max_w = top.empty() ? 1.0f : top.front().weight;
  for (const auto& x : top) {
    if (list.size() >= want) break;
    if (used.count(x.item) || !allowed(q, t, x.item)) continue;
    // Below every model candidate, in trending order.
    list.push_back({x.item, floor * 0.5f * (x.weight / max_w), cat == kNone ? "trending now" : "popular in " + live.category_name(cat)});
    used.insert(x.item);
  }
}

RecResult Service::finish(RecQuery& q, std::vector<Candidate> ranked, const std::string& model,
                          const std::string& experiment, const std::string& variant) {
  auto t = live.items();
  // Only pins and exploration ask about items the model did not already filter.
  const bool explores = config.explore_share > 0 && q.placement != "trending";
  std::unordered_set<uint32_t> excluded;
  if (explores || !q.rules.pin_items.empty()) excluded.insert(q.exclude.begin(), q.exclude.end());
  auto ok = [&](uint32_t it) { return allowed(q, *t, it) && !excluded.count(it); };
  RecResult r;
  r.items = apply_rules(std::move(ranked), q.rules, *t, q.k, ok);
  if (explores) {
    std::vector<uint32_t> fresh;
    for (uint32_t it : fresh_items())
      if (ok(it)) fresh.push_back(it);
    explore(r.items, fresh, config.explore_share, q.k, std::hash<std::string>{}(q.user_name) ^ static_cast<uint64_t>(steady_ms() / 60000));
  }
  r.model = model;
  r.experiment = experiment;
  r.variant = variant;
  r.id = attribution.record(q.placement, model, experiment, variant);
  metrics.recommendations_served.fetch_add(1, std::memory_order_relaxed);
  return r;
}

RecResult Service::recommend(RecQuery& q) {
  auto t = live.items();
  std::string name = q.model, experiment, variant;
  if (name.empty() && q.placement == "user" && !q.user_name.empty()) {
    Experiment e;
    if (attribution.experiment(e)) {
      const Variant& v = e.route(q.user_name);
      experiment = e.name;
      variant = v.name;
      name = v.model;
    }
  }
  std::shared_ptr<const ServedModel> m;
  if (name.empty()) m = models->get_default();
  else if (name != kLiveModel && !(m = models->get(name)))
    throw not_found("no model '" + name + "' is served (see GET /v1/admin/models; '" + kLiveModel + "' is always there)");
  Rules rules = global_rules();
  rules.merge(q.rules);
  q.rules = std::move(rules);
  if (q.exclude_bought)
    for (size_t i = 0; i < q.history.items.size(); ++i)
      if (!q.history.types.empty() && q.history.types[i] == Behavior::kPurchase) q.exclude.push_back(q.history.items[i]);
  // Rules and exploration re-rank and drop candidates, so they need spares; without them
  // the model's own top k (already filtered and excluded) is the answer: asking for more
  // would only explain and copy items that are cut.
  const bool reranked = !q.rules.empty() || (config.explore_share > 0 && q.placement != "trending");
  const size_t want = !reranked ? q.k
                                : q.k + q.rules.pin_items.size() + std::max<size_t>(q.k, 20) +
                                      (q.rules.max_per_category || !q.rules.bury_items.empty() ? 2 * q.k : 0);
  std::vector<Candidate> ranked;
  if (m) {
    const HistoryBuf* known = &q.history;  // only items the model knows
    HistoryBuf h;
    if (std::any_of(q.history.items.begin(), q.history.items.end(), [&](uint32_t it) { return it >= m->num_items; })) {
      for (size_t i = 0; i < q.history.items.size(); ++i)
        if (q.history.items[i] < m->num_items) {
          h.items.push_back(q.history.items[i]);
          h.types.push_back(q.history.types[i]);
          h.ts_ms.push_back(q.history.ts_ms[i]);
        }
      known = &h;
    }
    RecommendRequest req;
    req.user = q.user < m->num_users ? q.user : kNone;
    req.history = History{known->items, known->types, known->ts_ms};
    req.k = want;
    req.exclude_history = q.exclude_seen;
    req.exclude = q.exclude;
    struct Filter {
      const Service* s;
      const RecQuery* q;
      const ItemTable* t;
    } f{this, &q, t.get()};
    // One pointer captured: fits std::function's inline buffer (no allocation per request).
    req.allow = [&f](uint32_t it) { return f.s->allowed(*f.q, *f.t, it); };
    req.with_reasons = true;
    auto recs = m->model->recommend(req);
    ranked.reserve(recs.size());
    for (auto& r : recs) ranked.push_back({r.item, r.score, std::move(r.reason)});
    name = m->name;
  } else {
    ranked = live_covisit(q, want, *t);
    name = kLiveModel;
  }
  fill_trending(q, *t, ranked, want);
  return finish(q, std::move(ranked), name, experiment, variant);
}

RecResult Service::similar(uint32_t item, RecQuery& q) {
  auto t = live.items();
  std::shared_ptr<const ServedModel> m = q.model.empty() ? models->get_default() : models->get(q.model);
  if (!q.model.empty() && q.model != kLiveModel && !m) throw not_found("no model '" + q.model + "' is served");
  const size_t want = q.k + std::max<size_t>(q.k, 20);
  std::vector<Candidate> ranked;
  std::string name = kLiveModel;
  const auto* sim = m ? dynamic_cast<const ItemSimilarity*>(m->model.get()) : nullptr;
  if (sim && item < m->num_items) {
    for (auto& r : sim->similar_items(item, want * 2))
      if (r.item != item && allowed(q, *t, r.item)) ranked.push_back({r.item, r.score, std::move(r.reason)});
    name = m->name;
  } else {
    std::vector<Neighbour> nb;
    live.neighbours(item, false, nb);
    const std::string title = live.item_title(item), label = title.empty() ? live.item_name(item) : title;
    for (const auto& x : nb)
      if (x.item != item && allowed(q, *t, x.item)) ranked.push_back({x.item, x.weight, "viewed together with " + label});
  }
  q.exclude.push_back(item);
  if (item < t->size() && t->category[item] != kNone && q.categories.empty()) {
    RecQuery same = q;  // fill from the item's own category first
    same.categories = {t->category[item]};
    fill_trending(same, *t, ranked, want);
  }
  fill_trending(q, *t, ranked, want);
  return finish(q, std::move(ranked), name, "", "");
}

RecResult Service::together(const std::vector<uint32_t>& cart, RecQuery& q) {
  auto t = live.items();
  std::unordered_map<uint32_t, std::pair<float, uint32_t>> score;
  std::vector<Neighbour> nb;
  for (uint32_t c : cart) {
    for (bool bought : {true, false}) {
      live.neighbours(c, bought, nb);
      for (const auto& x : nb) {
        auto& e = score[x.item];
        const float s = bought ? x.weight : 0.01f * x.weight;  // co-views only break ties
        if (s > e.first) e.second = c;
        e.first += s;
      }
    }
  }
  std::unordered_set<uint32_t> in_cart(cart.begin(), cart.end());
  std::vector<Candidate> ranked;
  for (const auto& [it, e] : score)
    if (!in_cart.count(it) && allowed(q, *t, it)) {
      const std::string title = live.item_title(e.second);
      ranked.push_back({it, e.first, "bought together with " + (title.empty() ? live.item_name(e.second) : title)});
    }
  std::sort(ranked.begin(), ranked.end(),
            [](const Candidate& a, const Candidate& b) { return a.score != b.score ? a.score > b.score : a.item < b.item; });
  q.exclude.insert(q.exclude.end(), cart.begin(), cart.end());
  fill_trending(q, *t, ranked, q.k + 20);
  return finish(q, std::move(ranked), kLiveModel, "", "");
}

RecResult Service::trending(RecQuery& q) {
  auto t = live.items();
  std::vector<Candidate> ranked;
  q.exclude_seen = false;
  fill_trending(q, *t, ranked, q.k + 20);
  for (auto& c : ranked) c.score = 0;
  // fill_trending scores relative to a floor; report the trending weight itself instead.
  const uint32_t cat = q.categories.size() == 1 ? q.categories[0] : kNone;
  std::unordered_map<uint32_t, float> w;
  for (const auto& x : live.trending(std::min<size_t>(5000, q.k * 4 + 20), cat)) w[x.item] = x.weight;
  for (auto& c : ranked) c.score = w.count(c.item) ? w[c.item] : 0.0f;
  return finish(q, std::move(ranked), "trending", "", "");
}

}  // namespace ss::serve
