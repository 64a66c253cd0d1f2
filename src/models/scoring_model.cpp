#include "models/scoring_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "models/interactions.h"

namespace ss {
namespace {
constexpr char kMagic[8] = {'S', 'S', 'M', 'O', 'D', 'E', 'L', '\0'};
constexpr float kNegInf = -std::numeric_limits<float>::infinity();
}  // namespace

void ShopInfo::fit(const TrainData& data) {
  num_users = static_cast<uint32_t>(data.num_users());
  num_items = static_cast<uint32_t>(data.num_items());
  weights = data.weights;
  item_name.assign(num_items, "");
  for (uint32_t i = 0; i < num_items; ++i) item_name[i] = std::string(data.shop.dicts.items.name(i));
  for (const auto& ci : data.shop.catalogue.items())
    if (ci.item < num_items && !ci.title.empty()) item_name[ci.item] = ci.title;
  item_category = data.shop.item_categories();
  item_category.resize(num_items, kNone);
  category_name.resize(data.shop.dicts.categories.size());
  for (uint32_t c = 0; c < category_name.size(); ++c) category_name[c] = std::string(data.shop.dicts.categories.name(c));
  popularity.assign(num_items, 0.0f);
  trending.assign(num_items, 0.0f);
  const EventTable& ev = data.events;
  int64_t last = std::numeric_limits<int64_t>::min();
  for (int64_t t : ev.ts_ms) last = std::max(last, t);
  const double half_life_ms = 7.0 * 86400e3;
  for (size_t e = 0; e < ev.size(); ++e) {
    const uint32_t i = ev.item[e];
    if (i >= num_items || is_negative(ev.type[e])) continue;
    const float w = weights[ev.type[e]] + 0.01f;  // views with weight 0 still break ties
    popularity[i] += w;
    trending[i] += w * static_cast<float>(std::exp2(-static_cast<double>(last - ev.ts_ms[e]) / half_life_ms));
  }
  order_trending();
}

void ShopInfo::order_trending() {
  trending_order.resize(trending.size());
  for (uint32_t i = 0; i < trending_order.size(); ++i) trending_order[i] = i;
  std::stable_sort(trending_order.begin(), trending_order.end(),
                   [&](uint32_t a, uint32_t b) { return trending[a] > trending[b]; });
}

void ShopInfo::save(BinWriter& w) const {
  w.pod(num_users);
  w.pod(num_items);
  w.pod(weights);
  w.strs(item_name);
  w.vec(item_category);
  w.strs(category_name);
  w.vec(popularity);
  w.vec(trending);
}

void ShopInfo::load(BinReader& r) {
  num_users = r.pod<uint32_t>();
  num_items = r.pod<uint32_t>();
  weights = r.pod<BehaviorWeights>();
  r.strs(item_name);
  r.vec(item_category);
  r.strs(category_name);
  r.vec(popularity);
  r.vec(trending);
  order_trending();
}

std::string ShopInfo::name(uint32_t item) const {
  return item < item_name.size() ? item_name[item] : "item " + std::to_string(item);
}

std::string ShopInfo::popular_reason(uint32_t item) const {
  const uint32_t c = item < item_category.size() ? item_category[item] : kNone;
  if (c < category_name.size()) return "popular in " + category_name[c];
  return "popular now";
}

std::string history_verb(const History& h, uint32_t item) {
  int best = -1;  // 0 viewed, 1 favourited, 2 added to cart, 3 bought
  for (size_t i = 0; i < h.items.size(); ++i) {
    if (h.items[i] != item) continue;
    int rank = 0;
    if (!h.types.empty()) {
      switch (h.types[i]) {
        case Behavior::kPurchase: rank = 3; break;
        case Behavior::kAddToCart: rank = 2; break;
        case Behavior::kFavorite: rank = 1; break;
        default: rank = 0;
      }
    }
    best = std::max(best, rank);
  }
  static const char* verbs[] = {"viewed", "favourited", "added to cart", "bought"};
  return verbs[std::max(best, 0)];
}

ScoringModel::ScoringModel(std::string name, std::vector<ParamDef> defs, const Spec& spec)
    : name_(std::move(name)), params_(name_, std::move(defs)) {
  if (!spec.name.empty() && spec.name != name_)
    throw Error("spec names '" + spec.name + "' but this is the '" + name_ + "' model");
  params_.configure(spec.params);
}

void ScoringModel::fit(const TrainData& data, Context& ctx) {
  info_.fit(data);
  fit_model(data, ctx);
  fitted_ = true;
}

void ScoringModel::require_fitted() const {
  if (!fitted_) throw Error("model '" + name_ + "' is not trained; call fit() or load a model file first");
}

std::string ScoringModel::explain(const RecommendRequest&, uint32_t item) const { return info_.popular_reason(item); }

std::vector<std::string> ScoringModel::explain_many(const RecommendRequest& req,
                                                   std::span<const uint32_t> items) const {
  std::vector<std::string> out;
  for (uint32_t i : items) out.push_back(explain(req, i));
  return out;
}

std::vector<std::pair<uint32_t, float>> top_k(std::span<const float> scores, size_t k, bool positive_only,
                                              const std::function<bool(uint32_t)>& allow) {
  std::vector<std::pair<float, uint32_t>> heap;  // min-heap on score (ties: larger id is worse)
  heap.reserve(k + 1);
  auto worse = [](const std::pair<float, uint32_t>& a, const std::pair<float, uint32_t>& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); };
  if (k == 0) return {};
  for (uint32_t i = 0; i < scores.size(); ++i) {
    const float s = scores[i];
    if (s == kNegInf || std::isnan(s) || (positive_only && s <= 0.0f)) continue;
    if (heap.size() == k && !worse(std::pair<float, uint32_t>{s, i}, heap.front())) continue;
    if (allow && !allow(i)) continue;
    heap.emplace_back(s, i);
    std::push_heap(heap.begin(), heap.end(), worse);
    if (heap.size() > k) {
      std::pop_heap(heap.begin(), heap.end(), worse);
      heap.pop_back();
    }
  }
  std::sort_heap(heap.begin(), heap.end(), worse);
  std::vector<std::pair<uint32_t, float>> out;
  out.reserve(heap.size());
  for (const auto& [s, i] : heap) out.emplace_back(i, s);
  return out;
}

void ScoringModel::fill_trending(const RecommendRequest& req, std::span<const float> blocked,
                                 std::vector<std::pair<uint32_t, float>>& picked) const {
  for (uint32_t i : info_.trending_order) {
    if (picked.size() >= req.k) break;
    if (blocked[i] == kNegInf || std::isnan(info_.trending[i]) || (req.allow && !req.allow(i))) continue;
    picked.emplace_back(i, 0.0f);
  }
}

std::vector<Recommendation> ScoringModel::recommend(const RecommendRequest& req) const {
  require_fitted();
  const size_t n = info_.num_items;
  std::vector<std::pair<uint32_t, float>> picked;
  // Fast path: an ANN index proposes candidates (over-fetched); exclusions and filters are
  // applied afterwards, and exact scoring takes over when too few survive.
  // When the filter drops too many, one wider search (4x) before scoring every item.
  const size_t fetch = 2 * req.k + req.history.items.size() + req.exclude.size();
  for (size_t n : {fetch, 4 * fetch}) {
    if (!candidates(req, n, picked)) break;
    const size_t found = picked.size();
    auto drop = [&](const std::pair<uint32_t, float>& p) {
      if (req.exclude_history && std::find(req.history.items.begin(), req.history.items.end(), p.first) != req.history.items.end())
        return true;
      return std::find(req.exclude.begin(), req.exclude.end(), p.first) != req.exclude.end() ||
             (req.allow && !req.allow(p.first));
    };
    std::erase_if(picked, drop);
    if (picked.size() >= req.k) {
      picked.resize(req.k);
      return finish(req, picked, true);
    }
    picked.clear();
    if (found < n) break;  // the index holds no more
  }
  // One zeroed score vector per thread, reused: no 100k-float allocation per request.
  // Invariant: all zero between calls.
  thread_local std::vector<float> scratch;
  thread_local std::vector<uint32_t> touched;
  if (scratch.size() < n) scratch.assign(n, 0.0f);
  const std::span<float> scores(scratch.data(), n);
  touched.clear();
  auto block = [&](uint32_t i) {
    if (i < n) scores[i] = kNegInf;
  };
  auto unblock = [&](std::span<const uint32_t> items) {
    for (uint32_t i : items)
      if (i < n) scores[i] = 0.0f;
  };
  bool from_model = false;
  if (const std::optional<bool> sparse = score_sparse(req, scores, touched)) {
    // Sparse: only the touched items are candidates; each is read once and cleared.
    from_model = *sparse;
    if (req.exclude_history)
      for (uint32_t i : req.history.items) block(i);
    for (uint32_t i : req.exclude) block(i);
    thread_local std::vector<std::pair<float, uint32_t>> cand;
    cand.clear();
    for (uint32_t j : touched) {
      const float s = scores[j];
      if (s == kNegInf) continue;
      scores[j] = 0.0f;
      if (s > 0.0f) cand.emplace_back(s, j);
    }
    // The filter runs only on the best candidates, in order, until k pass (thousands are
    // touched, ~k are needed): sort a prefix a little larger than what is still missing,
    // take the allowed ones, repeat on the rest. Same result as filtering everything first.
    auto better = [](const auto& x, const auto& y) { return x.first > y.first || (x.first == y.first && x.second < y.second); };
    for (size_t done = 0; picked.size() < req.k && done < cand.size();) {
      const size_t end = std::min(cand.size(), done + std::max<size_t>(2 * (req.k - picked.size()), 16));
      std::partial_sort(cand.begin() + static_cast<long>(done), cand.begin() + static_cast<long>(end), cand.end(), better);
      for (; done < end && picked.size() < req.k; ++done)
        if (!req.allow || req.allow(cand[done].second)) picked.emplace_back(cand[done].second, cand[done].first);
    }
  } else {
    from_model = score(req, scores);
    if (from_model) {
      if (req.exclude_history)
        for (uint32_t i : req.history.items) block(i);
      for (uint32_t i : req.exclude) block(i);
      picked = top_k(scores, req.k, sparse_scores(), req.allow);
    }
    std::fill(scores.begin(), scores.end(), 0.0f);
    if (req.exclude_history)
      for (uint32_t i : req.history.items) block(i);
    for (uint32_t i : req.exclude) block(i);
  }
  // Too few model candidates (or none): trending items, below the model's.
  if (picked.size() < req.k) {
    for (const auto& [i, s] : picked) scores[i] = kNegInf;
    fill_trending(req, scores, picked);
    for (const auto& [i, s] : picked) scores[i] = 0.0f;
  }
  unblock(req.history.items);
  unblock(req.exclude);
  return finish(req, picked, from_model);
}

// Attaches reasons: the model's own for items it scored (> 0 for sparse models), the
// popularity reason for fallback items.
std::vector<Recommendation> ScoringModel::finish(const RecommendRequest& req,
                                                 const std::vector<std::pair<uint32_t, float>>& picked,
                                                 bool from_model) const {
  std::vector<Recommendation> out;
  out.reserve(picked.size());
  for (const auto& [i, s] : picked) out.push_back({i, s, {}});
  if (!req.with_reasons) return out;
  std::vector<uint32_t> model_items;
  const bool sparse = sparse_scores();
  for (const auto& r : out)
    if (from_model && (!sparse || r.score > 0.0f)) model_items.push_back(r.item);
  const auto reasons = explain_many(req, model_items);
  size_t next = 0;
  for (auto& r : out)
    r.reason = next < model_items.size() && model_items[next] == r.item ? reasons[next++] : info_.popular_reason(r.item);
  return out;
}

void ScoringModel::save(std::ostream& out) const {
  require_fitted();
  BinWriter w(out);
  out.write(kMagic, sizeof(kMagic));
  w.pod(kModelFormatVersion);
  w.str(spec().to_string());
  info_.save(w);
  save_model(w);
  w.check();
}

Spec read_model_header(BinReader& r, uint32_t* version_out) {
  const auto magic = r.pod<std::array<char, 8>>();
  if (!std::equal(magic.begin(), magic.end(), kMagic))
    throw Error("not a ShopSense model file (bad magic); train one with `shopsense train`", ErrorCode::kCorrupt);
  const auto version = r.pod<uint32_t>();
  if (version < kOldestModelFormatVersion || version > kModelFormatVersion)
    throw Error("model file format version " + std::to_string(version) + " but this build reads versions " +
                    std::to_string(kOldestModelFormatVersion) + " to " + std::to_string(kModelFormatVersion) +
                    "; retrain the model with this build",
                ErrorCode::kUnsupported);
  if (version_out) *version_out = version;
  return Spec::parse(r.str());
}

void ScoringModel::load(std::istream& in) {
  BinReader r(in);
  const Spec s = read_model_header(r, &format_version_);
  if (s.name != name_)
    throw Error("model file holds a '" + s.name + "' model, not '" + name_ + "'", ErrorCode::kInvalidArgument);
  params_.configure(s.params);
  info_.load(r);
  load_model(r);
  fitted_ = true;
}

}  // namespace ss
