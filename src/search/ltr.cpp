#include "search/ltr.h"

#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "core/error.h"

namespace ss::search {
namespace {

void check(int rc, const char* what) {
  if (rc != 0) throw Error(std::string("xgboost ") + what + ": " + XGBGetLastError());
}

struct DMatrix {
  DMatrixHandle h = nullptr;
  DMatrix(const std::vector<float>& rows) {
    check(XGDMatrixCreateFromMat(rows.data(), rows.size() / kNumLtrFeatures, kNumLtrFeatures, NAN, &h), "matrix");
  }
  ~DMatrix() { XGDMatrixFree(h); }
};

float label_of(Behavior b) {
  switch (b) {
    case Behavior::kView: case Behavior::kClick: case Behavior::kFavorite: return 1.f;
    case Behavior::kAddToCart: return 2.f;
    case Behavior::kPurchase: return 3.f;
    default: return 0.f;
  }
}

// NDCG@10 and reciprocal rank of `ranked` items against the purchased set (gain 1).
std::pair<double, double> purchase_ndcg(const std::vector<uint32_t>& ranked, const std::vector<uint32_t>& bought) {
  double dcg = 0, idcg = 0, rr = 0;
  for (size_t i = 0; i < std::min<size_t>(10, bought.size()); ++i) idcg += 1.0 / std::log2(i + 2.0);
  for (size_t i = 0; i < ranked.size(); ++i) {
    if (std::find(bought.begin(), bought.end(), ranked[i]) == bought.end()) continue;
    if (i < 10) dcg += 1.0 / std::log2(i + 2.0);
    if (rr == 0) rr = 1.0 / static_cast<double>(i + 1);
  }
  return {dcg / idcg, rr};
}

}  // namespace

std::vector<LoggedSearch> logged_searches(const Dataset& data) {
  const EventTable& e = data.events;
  std::vector<LoggedSearch> out;
  if (!e.has_query()) return out;
  std::vector<uint32_t> order(e.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return e.user[a] != e.user[b] ? e.user[a] < e.user[b] : e.ts_ms[a] < e.ts_ms[b];
  });
  size_t open = SIZE_MAX;  // index in out of the search still collecting outcomes
  uint32_t open_user = kNone, open_session = kNone;
  for (uint32_t i : order) {
    const uint32_t session = e.has_session() ? e.session[i] : kNone;
    if (e.user[i] != open_user || session != open_session) open = SIZE_MAX;
    if (e.type[i] == Behavior::kSearch && e.query[i] != kNone) {
      out.push_back({e.user[i], e.ts_ms[i], std::string(data.dicts.queries.name(e.query[i])), {}});
      open = out.size() - 1, open_user = e.user[i], open_session = session;
      continue;
    }
    if (open == SIZE_MAX || e.item[i] == kNone) continue;
    const float label = label_of(e.type[i]);
    if (label == 0) continue;
    auto& oc = out[open].outcomes;
    auto it = std::find_if(oc.begin(), oc.end(), [&](const auto& p) { return p.first == e.item[i]; });
    if (it == oc.end()) oc.emplace_back(e.item[i], label);
    else it->second = std::max(it->second, label);
  }
  std::stable_sort(out.begin(), out.end(), [](const LoggedSearch& a, const LoggedSearch& b) { return a.ts_ms < b.ts_ms; });
  return out;
}

void ltr_features(const Searcher& searcher, const DocMatch& m, const QueryPlan& plan, uint32_t doc, uint32_t user,
                  size_t text_rank, const ItemSignals& signals, const UserProfiles& profiles,
                  const std::vector<int8_t>& bands, float* f) {
  const DocInfo& d = searcher.index().doc(doc);
  for (int k = 0; k < kNumFields; ++k) f[k] = m.field_bm25[k];
  const float groups = plan.groups.empty() ? 1.f : static_cast<float>(plan.groups.size());
  f[5] = m.bm25;
  f[6] = m.coverage;
  f[7] = static_cast<float>(m.groups_matched) / groups;
  f[8] = static_cast<float>(m.typo_groups);
  f[9] = static_cast<float>(m.exact_groups) / groups;
  f[10] = std::log1p(signals.pop(d.item));
  f[11] = signals.conv(d.item);
  f[12] = std::isnan(d.price) ? NAN : std::log1p(std::max(0.f, d.price));
  f[13] = d.item < bands.size() ? static_cast<float>(bands[d.item]) : NAN;
  const UserProfiles::Parts p = profiles.parts(user, d.item);
  f[14] = profiles.affinity(user, d.item);
  f[15] = p.category;
  f[16] = p.brand;
  f[17] = p.price_band;
  f[18] = static_cast<float>(text_rank);
}

struct LtrRanker::Impl {
  BoosterHandle booster = nullptr;
  ~Impl() {
    if (booster) XGBoosterFree(booster);
  }
};

LtrRanker::LtrRanker() : impl_(std::make_unique<Impl>()) {}
LtrRanker::~LtrRanker() = default;
LtrRanker::LtrRanker(LtrRanker&&) noexcept = default;
bool LtrRanker::trained() const { return impl_->booster != nullptr; }

void LtrRanker::train(const std::vector<float>& rows, const std::vector<float>& labels,
                      const std::vector<unsigned>& group_sizes, const LtrParams& p) {
  if (rows.empty()) throw Error("learning to rank: no training searches with an engaged candidate");
  DMatrix dtrain(rows);
  check(XGDMatrixSetFloatInfo(dtrain.h, "label", labels.data(), labels.size()), "labels");
  check(XGDMatrixSetUIntInfo(dtrain.h, "group", group_sizes.data(), group_sizes.size()), "groups");
  if (impl_->booster) XGBoosterFree(impl_->booster), impl_->booster = nullptr;
  check(XGBoosterCreate(&dtrain.h, 1, &impl_->booster), "create");
  const std::vector<std::pair<std::string, std::string>> params = {
      {"objective", "rank:ndcg"}, {"eval_metric", "ndcg@10"}, {"eta", std::to_string(p.eta)},
      {"max_depth", std::to_string(p.max_depth)}, {"subsample", std::to_string(p.subsample)},
      {"nthread", std::to_string(p.threads)}, {"seed", std::to_string(p.seed)}, {"verbosity", "0"},
      {"tree_method", "hist"}};
  for (const auto& [k, v] : params) check(XGBoosterSetParam(impl_->booster, k.c_str(), v.c_str()), "param");
  for (int it = 0; it < p.rounds; ++it) check(XGBoosterUpdateOneIter(impl_->booster, it, dtrain.h), "update");
}

std::vector<float> LtrRanker::predict(const std::vector<float>& rows) const {
  if (!impl_->booster) throw Error("learning to rank: model not trained or loaded");
  if (rows.empty()) return {};
  DMatrix d(rows);
  bst_ulong len = 0;
  const float* out = nullptr;
  check(XGBoosterPredict(impl_->booster, d.h, 0, 0, 0, &len, &out), "predict");
  return std::vector<float>(out, out + len);
}

void LtrRanker::save(const std::string& path) const {
  if (!impl_->booster) throw Error("learning to rank: nothing to save");
  check(XGBoosterSaveModel(impl_->booster, path.c_str()), "save");
}

void LtrRanker::load(const std::string& path) {
  if (impl_->booster) XGBoosterFree(impl_->booster), impl_->booster = nullptr;
  check(XGBoosterCreate(nullptr, 0, &impl_->booster), "create");
  check(XGBoosterLoadModel(impl_->booster, path.c_str()), "load");
}

RankingEval evaluate_search_ranking(const Dataset& data, const RankingEvalOptions& o) {
  const std::vector<LoggedSearch> searches = logged_searches(data);
  if (searches.size() < 20) throw Error("too few logged searches (with a query) to evaluate search ranking");
  const int64_t split = searches[static_cast<size_t>(o.train_fraction * static_cast<double>(searches.size()))].ts_ms;
  SearchIndex index;
  index.sync(data.catalogue, data.dicts);
  const ItemSignals signals = compute_item_signals(data.events, data.num_items(), split);
  const UserProfiles profiles(data.events, data.catalogue, data.num_users(), data.num_items(), split);
  const std::vector<int8_t> bands = price_bands(data.catalogue, data.num_items());
  Searcher searcher(index);
  searcher.set_signals(&signals);
  searcher.set_profiles(&profiles);
  SearchScratch scratch;
  Tokenizer tok;

  struct Prepared {
    std::vector<uint32_t> items;  // text order
    std::vector<float> rows;      // features per candidate
    const LoggedSearch* log;
  };
  auto prepare = [&](const LoggedSearch& s) {
    Prepared p{{}, {}, &s};
    SearchRequest r;
    r.query = s.query;
    r.limit = o.candidates;
    r.match = MatchMode::kAny;
    r.personalize = false;
    r.fallback = false;
    const QueryPlan plan = plan_query(s.query, index, nullptr, r.query_options, tok);
    const SearchResponse res = searcher.search(r, scratch);
    p.rows.resize(res.hits.size() * kNumLtrFeatures);
    std::vector<uint32_t> docs;
    for (const Hit& h : res.hits) docs.push_back(index.doc_of_item(h.item)), p.items.push_back(h.item);
    const std::vector<DocMatch> matches = searcher.match_many(plan, docs);
    for (size_t k = 0; k < docs.size(); ++k)
      ltr_features(searcher, matches[k], plan, docs[k], s.user, k, signals, profiles, bands, &p.rows[k * kNumLtrFeatures]);
    return p;
  };
  auto without_personal = [](std::vector<float> rows) {
    for (size_t i = 0; i < rows.size(); i += kNumLtrFeatures)
      for (int k = 14; k <= 17; ++k) rows[i + static_cast<size_t>(k)] = 0.f;
    return rows;
  };

  RankingEval ev;
  std::vector<float> rows, labels;
  std::vector<unsigned> groups;
  std::vector<Prepared> tests;
  for (const LoggedSearch& s : searches) {
    if (s.ts_ms < split) {
      Prepared p = prepare(s);
      std::vector<float> lab(p.items.size(), 0.f);
      bool any = false;
      for (size_t k = 0; k < p.items.size(); ++k)
        for (const auto& [item, l] : s.outcomes)
          if (item == p.items[k]) lab[k] = l, any = true;
      if (!any) continue;
      rows.insert(rows.end(), p.rows.begin(), p.rows.end());
      labels.insert(labels.end(), lab.begin(), lab.end());
      groups.push_back(static_cast<unsigned>(p.items.size()));
      ++ev.train_searches;
    } else if (std::any_of(s.outcomes.begin(), s.outcomes.end(), [](const auto& x) { return x.second >= 3.f; })) {
      tests.push_back(prepare(s));
    }
  }
  LtrRanker ltr, ltr_plain;
  ltr.train(rows, labels, groups, o.ltr);
  ltr_plain.train(without_personal(rows), labels, groups, o.ltr);
  for (const Prepared& p : tests) {
    std::vector<uint32_t> bought;
    for (const auto& [item, l] : p.log->outcomes)
      if (l >= 3.f) bought.push_back(item);
    auto [n_text, r_text] = purchase_ndcg(p.items, bought);
    SearchRequest r;
    r.query = p.log->query;
    r.limit = o.candidates;
    r.match = MatchMode::kAny;
    r.fallback = false;
    r.user = p.log->user;
    r.personal_boost = o.personal_boost;
    r.rerank_window = o.candidates;
    std::vector<uint32_t> personal;
    for (const Hit& h : searcher.search(r, scratch).hits) personal.push_back(h.item);
    auto [n_pers, r_pers] = purchase_ndcg(personal, bought);
    auto order_by = [&](const std::vector<float>& score) {
      std::vector<uint32_t> idx(p.items.size());
      std::iota(idx.begin(), idx.end(), 0u);
      std::stable_sort(idx.begin(), idx.end(), [&](uint32_t a, uint32_t b) { return score[a] > score[b]; });
      std::vector<uint32_t> items;
      for (uint32_t i : idx) items.push_back(p.items[i]);
      return items;
    };
    auto [n_ltr, r_ltr] = purchase_ndcg(order_by(ltr.predict(p.rows)), bought);
    auto [n_ltr0, r_ltr0] = purchase_ndcg(order_by(ltr_plain.predict(without_personal(p.rows))), bought);
    ev.ndcg_text += n_text, ev.mrr_text += r_text;
    ev.ndcg_personal += n_pers, ev.mrr_personal += r_pers;
    ev.ndcg_ltr += n_ltr, ev.mrr_ltr += r_ltr;
    ev.ndcg_ltr_no_personal += n_ltr0;
    ++ev.test_searches;
  }
  if (ev.test_searches) {
    const double n = static_cast<double>(ev.test_searches);
    ev.ndcg_text /= n, ev.ndcg_personal /= n, ev.ndcg_ltr /= n, ev.ndcg_ltr_no_personal /= n;
    ev.mrr_text /= n, ev.mrr_personal /= n, ev.mrr_ltr /= n;
  }
  return ev;
}

}  // namespace ss::search
