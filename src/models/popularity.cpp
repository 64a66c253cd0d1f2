// Popularity: global counts, trending (time-decayed) or per category (the user's favourite
// categories first). The baseline every other model must beat, and the cold-start answer.
#include <algorithm>
#include <cmath>

#include "models/builtin.h"
#include "models/interactions.h"

namespace ss {
namespace {

class Popularity final : public ScoringModel {
 public:
  explicit Popularity(const Spec& s)
      : ScoringModel("pop", {{"mode", ParamKind::kString, "global", "global | trending | category"},
                            {"half_life_days", ParamKind::kFloat, "7", "trending: weight halves every this many days", 0.01}},
                     s) {
    mode_ = params_.get_string("mode");
    if (mode_ != "global" && mode_ != "trending" && mode_ != "category")
      throw Error("'pop' parameter mode=" + mode_ + ": valid: global, trending, category");
  }

  bool score(const RecommendRequest& req, std::span<float> scores) const override {
    const float top = *std::max_element(base_.begin(), base_.end());
    const float norm = top > 0 ? 1.0f / top : 1.0f;
    if (mode_ != "category") {
      for (size_t i = 0; i < scores.size(); ++i) scores[i] += base_[i] * norm;
      return true;
    }
    // Category affinity from the history; popularity breaks ties inside a category and
    // ranks the rest.
    std::vector<float> affinity(info_.category_name.size() + 1, 0.0f);
    for (const auto& [item, w] : history_weights(req.history, info_.weights, info_.num_items)) {
      const uint32_t c = info_.item_category[item];
      affinity[c < info_.category_name.size() ? c : info_.category_name.size()] += w;
    }
    for (size_t i = 0; i < scores.size(); ++i) {
      const uint32_t c = info_.item_category[i];
      const float a = c < info_.category_name.size() ? affinity[c] : 0.0f;
      scores[i] += a + base_[i] * norm;
    }
    return true;
  }

 protected:
  void fit_model(const TrainData& data, Context&) override {
    if (mode_ == "global") {
      base_ = info_.popularity;
      return;
    }
    base_.assign(info_.num_items, 0.0f);
    const EventTable& ev = data.events;
    int64_t last = 0;
    for (int64_t t : ev.ts_ms) last = std::max(last, t);
    const double half_ms = (mode_ == "trending" ? params_.get_float("half_life_days") : 1e9) * 86400e3;
    for (size_t e = 0; e < ev.size(); ++e) {
      if (ev.item[e] >= info_.num_items || is_negative(ev.type[e])) continue;
      base_[ev.item[e]] += (data.weights[ev.type[e]] + 0.01f) *
                           static_cast<float>(std::exp2(-static_cast<double>(last - ev.ts_ms[e]) / half_ms));
    }
  }
  void save_model(BinWriter& w) const override { w.vec(base_); }
  void load_model(BinReader& r) override {
    mode_ = params_.get_string("mode");
    r.vec(base_);
  }

 private:
  std::string mode_;
  std::vector<float> base_;
};

}  // namespace

std::unique_ptr<ScoringModel> make_popularity(const Spec& s) { return std::make_unique<Popularity>(s); }

}  // namespace ss
