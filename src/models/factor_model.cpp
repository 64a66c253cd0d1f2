#include "models/factor_model.h"

#include "models/interactions.h"

namespace ss {
namespace {

std::vector<ParamDef> with_ann_params(std::vector<ParamDef> defs) {
  defs.push_back({"ann", ParamKind::kBool, "false", "answer with an hnswlib inner-product index (approximate)"});
  defs.push_back({"ann_m", ParamKind::kInt, "16", "hnsw graph degree", 4, 128});
  // 40: recall@10 0.991 against exact scoring on the 200k-user serving store at half the
  // search time of 100 (bench/models/ann_recall, docs/BENCHMARKS.md "MF index: recall vs ef").
  // The beam is never below the over-fetch (2k + history) anyway: hnswlib uses max(ef, k).
  defs.push_back({"ann_ef", ParamKind::kInt, "40", "hnsw search breadth (higher = better recall, slower)", 10, 10000});
  return defs;
}

}  // namespace

FactorModel::FactorModel(std::string name, std::vector<ParamDef> defs, const Spec& spec)
    : ScoringModel(std::move(name), with_ann_params(std::move(defs)), spec) {}

bool FactorModel::score(const RecommendRequest& req, std::span<float> scores) const {
  Eigen::VectorXf x;
  if (!user_vector(req, x)) return false;
  items_.score(x.data(), scores);
  return true;
}

std::string FactorModel::explain(const RecommendRequest& req, uint32_t item) const {
  const uint32_t src = items_.most_similar(history_weights(req.history, info_.weights, info_.num_items), item);
  if (src == kNone) return info_.popular_reason(item);
  return "because you " + history_verb(req.history, src) + " " + info_.name(src);
}

std::vector<std::string> FactorModel::explain_many(const RecommendRequest& req, std::span<const uint32_t> items) const {
  const auto hist = history_weights(req.history, info_.weights, info_.num_items);
  std::vector<std::string> out;
  out.reserve(items.size());
  const auto best = items_.most_similar_many(hist, items);
  for (size_t k = 0; k < items.size(); ++k) {
    const uint32_t src = best[k];
    out.push_back(src == kNone ? info_.popular_reason(items[k])
                               : "because you " + history_verb(req.history, src) + " " + info_.name(src));
  }
  return out;
}

std::vector<Recommendation> FactorModel::similar_items(uint32_t item, size_t k) const {
  std::vector<Recommendation> out;
  for (const auto& [j, w] : items_.similar(item, k)) out.push_back({j, w, "similar to " + info_.name(item)});
  return out;
}

bool FactorModel::candidates(const RecommendRequest& req, size_t n, std::vector<std::pair<uint32_t, float>>& out) const {
  if (!index_.built()) return false;
  Eigen::VectorXf x;
  if (!user_vector(req, x)) return false;
  out = index_.search(x.data(), n);
  return true;
}

void FactorModel::set_ann_ef(int ef) {
  params_.set("ann_ef", std::to_string(ef));
  index_.set_ef(ef);
}

void FactorModel::save_index(BinWriter& w) const { index_.save(w); }

void FactorModel::finish_load(BinReader& r) {
  on_items_ready();
  const bool ann = params_.get_bool("ann");
  const int ef = static_cast<int>(params_.get_int("ann_ef"));
  // Version 2 files always carry the index block (empty without ann); load() consumes it.
  const bool loaded = format_version_ >= 2 && index_.load(r, items_, ef);
  if (!ann) index_.clear();
  else if (!loaded) index_.build(items_, static_cast<int>(params_.get_int("ann_m")), 200, ef, nullptr);
}

void FactorModel::prepare(Context* ctx) {
  on_items_ready();
  index_.clear();
  if (params_.get_bool("ann"))
    index_.build(items_, static_cast<int>(params_.get_int("ann_m")), 200, static_cast<int>(params_.get_int("ann_ef")), ctx);
}

}  // namespace ss
