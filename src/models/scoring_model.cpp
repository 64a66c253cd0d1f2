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

std::vector<Recommendation> ScoringModel::recommend(const RecommendRequest& req) const {
  require_fitted();
  const size_t n = info_.num_items;
  auto excluded = [&](uint32_t item) {
    if (req.exclude_history && std::find(req.history.items.begin(), req.history.items.end(), item) != req.history.items.end())
      return true;
    return std::find(req.exclude.begin(), req.exclude.end(), item) != req.exclude.end();
  };
  std::vector<std::pair<uint32_t, float>> picked;
  bool from_model = false;
  // Fast path: an ANN index proposes candidates; exclusions are filtered afterwards.
  if (!req.allow && candidates(req, req.k + req.history.items.size() + req.exclude.size(), picked)) {
    std::erase_if(picked, [&](const auto& p) { return excluded(p.first); });
    if (picked.size() > req.k) picked.resize(req.k);
    from_model = true;
  } else {
    std::vector<float> scores(n, 0.0f);
    from_model = score(req, scores);
    const bool sparse = from_model && sparse_scores();
    if (!from_model) std::copy(info_.trending.begin(), info_.trending.end(), scores.begin());
    if (req.exclude_history)
      for (uint32_t i : req.history.items)
        if (i < n) scores[i] = kNegInf;
    for (uint32_t i : req.exclude)
      if (i < n) scores[i] = kNegInf;
    picked = top_k(scores, req.k, sparse, req.allow);
    if (sparse && picked.size() < req.k) {
      // Not enough related items: fill with trending ones, scored below the model's.
      for (const auto& [i, s] : picked) scores[i] = kNegInf;
      std::vector<float> fill(info_.trending);
      for (uint32_t i = 0; i < n; ++i)
        if (scores[i] == kNegInf || scores[i] > 0.0f) fill[i] = kNegInf;
      for (const auto& [i, s] : top_k(fill, req.k - picked.size(), false, req.allow)) picked.emplace_back(i, 0.0f);
      return finish(req, picked, true);
    }
  }
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

Spec read_model_header(BinReader& r) {
  const auto magic = r.pod<std::array<char, 8>>();
  if (!std::equal(magic.begin(), magic.end(), kMagic))
    throw Error("not a ShopSense model file (bad magic); train one with `shopsense train`", ErrorCode::kCorrupt);
  const auto version = r.pod<uint32_t>();
  if (version != kModelFormatVersion)
    throw Error("model file format version " + std::to_string(version) + " but this build reads version " +
                    std::to_string(kModelFormatVersion) + "; retrain the model with this build",
                ErrorCode::kUnsupported);
  return Spec::parse(r.str());
}

void ScoringModel::load(std::istream& in) {
  BinReader r(in);
  const Spec s = read_model_header(r);
  if (s.name != name_)
    throw Error("model file holds a '" + s.name + "' model, not '" + name_ + "'", ErrorCode::kInvalidArgument);
  params_.configure(s.params);
  info_.load(r);
  load_model(r);
  fitted_ = true;
}

}  // namespace ss
