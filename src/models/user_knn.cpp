// User-based kNN: the request's history (as a weighted item vector) is compared by cosine
// (with shrinkage) to every training user sharing an item; the top `neighbors` users vote
// for their items with their similarity.
#include <algorithm>
#include <cmath>

#include "models/builtin.h"
#include "models/interactions.h"

namespace ss {
namespace {

class UserKnn final : public ScoringModel {
 public:
  explicit UserKnn(const Spec& s)
      : ScoringModel("userknn",
                     {{"neighbors", ParamKind::kInt, "50", "most similar users who vote", 1, 100000},
                      {"shrink", ParamKind::kFloat, "10", "added to the cosine denominator", 0},
                      {"binary", ParamKind::kBool, "false", "use 1 per interaction instead of behaviour weights"}},
                     s) {}

  bool score(const RecommendRequest& req, std::span<float> scores) const override {
    const auto hist = history_weights(req.history, info_.weights, info_.num_items);
    if (hist.empty()) return false;
    const bool binary = params_.get_bool("binary");
    std::vector<float> dot(ui_.rows, 0.0f);  // per-call scratch
    std::vector<uint32_t> touched;
    float qn = 0.0f;
    for (const auto& [h, w0] : hist) {
      const float w = binary ? 1.0f : w0;
      qn += w * w;
      for (uint64_t p = iu_.ptr[h]; p < iu_.ptr[h + 1]; ++p) {
        const uint32_t v = iu_.idx[p];
        if (dot[v] == 0.0f) touched.push_back(v);
        dot[v] += w * iu_.val[p];
      }
    }
    const float shrink = static_cast<float>(params_.get_float("shrink"));
    std::vector<std::pair<float, uint32_t>> sims;
    sims.reserve(touched.size());
    for (uint32_t v : touched) {
      if (v == req.user) continue;  // the user's own training row says nothing new
      sims.emplace_back(dot[v] / (std::sqrt(qn) * norm_[v] + shrink), v);
    }
    const size_t k = std::min(sims.size(), static_cast<size_t>(params_.get_int("neighbors")));
    std::partial_sort(sims.begin(), sims.begin() + static_cast<long>(k), sims.end(), std::greater<>());
    for (size_t n = 0; n < k; ++n) {
      const uint32_t v = sims[n].second;
      for (uint64_t p = ui_.ptr[v]; p < ui_.ptr[v + 1]; ++p) scores[ui_.idx[p]] += sims[n].first * ui_.val[p];
    }
    return k > 0;
  }
  bool sparse_scores() const override { return true; }
  std::string explain(const RecommendRequest&, uint32_t item) const override {
    return "liked by customers with tastes like yours";
  }

 protected:
  void fit_model(const TrainData& data, Context& ctx) override {
    ui_ = user_item_matrix(data, params_.get_bool("binary"), ctx);
    iu_ = transpose(ui_);
    norm_.assign(ui_.rows, 0.0f);
    for (uint32_t u = 0; u < ui_.rows; ++u) {
      for (float x : ui_.vals_of(u)) norm_[u] += x * x;
      norm_[u] = std::sqrt(norm_[u]);
    }
  }
  void save_model(BinWriter& w) const override {
    w.pod(ui_.rows);
    w.pod(ui_.cols);
    w.vec(ui_.ptr);
    w.vec(ui_.idx);
    w.vec(ui_.val);
    w.vec(norm_);
  }
  void load_model(BinReader& r) override {
    ui_.rows = r.pod<uint32_t>();
    ui_.cols = r.pod<uint32_t>();
    r.vec(ui_.ptr);
    r.vec(ui_.idx);
    r.vec(ui_.val);
    r.vec(norm_);
    if (ui_.ptr.size() != ui_.rows + 1ull || ui_.ptr.back() != ui_.idx.size())
      throw Error("userknn model file is inconsistent; retrain it", ErrorCode::kCorrupt);
    iu_ = transpose(ui_);
  }

 private:
  Csr ui_, iu_;
  std::vector<float> norm_;
};

}  // namespace

std::unique_ptr<ScoringModel> make_user_knn(const Spec& s) { return std::make_unique<UserKnn>(s); }

}  // namespace ss
