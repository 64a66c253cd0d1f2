// Next-item Markov chain for sessions: P(next = j | current = i) estimated from consecutive
// distinct items within training sessions, smoothed by `smoothing` in the denominator. A
// request is scored from its last `order` distinct items, the latest weighing most
// (decay^steps back), so it follows what the shopper is doing right now.
#include <algorithm>
#include <map>

#include "models/builtin.h"
#include "models/item_neighbors.h"
#include "models/sequences.h"

namespace ss {
namespace {

class Markov final : public ScoringModel, public ItemSimilarity {
 public:
  explicit Markov(const Spec& s)
      : ScoringModel("markov",
                     {{"order", ParamKind::kInt, "3", "how many recent distinct items vote", 1, 100},
                      {"decay", ParamKind::kFloat, "0.5", "weight multiplier per step back in the history", 0, 1},
                      {"smoothing", ParamKind::kFloat, "5", "added to each item's transition total", 0},
                      {"neighbors", ParamKind::kInt, "100", "successors kept per item", 1, 100000},
                      {"gap_minutes", ParamKind::kFloat, "30", "session cut without a session column", 0}},
                     s) {}

  bool score(const RecommendRequest& req, std::span<float> scores) const override {
    const auto src = sources(req);
    if (src.empty()) return false;
    nb_.score(src, scores);
    return true;
  }
  bool sparse_scores() const override { return true; }
  std::optional<bool> score_sparse(const RecommendRequest& req, std::span<float> scores,
                                   std::vector<uint32_t>& touched) const override {
    const auto src = sources(req);
    if (src.empty()) return false;
    nb_.score(src, scores, &touched);
    return true;
  }
  std::string explain(const RecommendRequest& req, uint32_t item) const override {
    const uint32_t s = nb_.best_source(sources(req), item);
    if (s == kNone) return info_.popular_reason(item);
    return "often chosen after " + info_.name(s);
  }
  std::vector<Recommendation> similar_items(uint32_t item, size_t k) const override {
    std::vector<Recommendation> out;
    for (const auto& [j, w] : nb_.neighbours(item, k)) out.push_back({j, w, "often chosen after " + info_.name(item)});
    return out;
  }

 protected:
  void fit_model(const TrainData& data, Context& ctx) override {
    const EventTable& ev = data.events;
    const uint32_t n = info_.num_items;
    std::vector<std::map<uint32_t, float>> counts(n);
    std::vector<float> total(n, 0.0f);
    for_each_session(ev, static_cast<int64_t>(params_.get_float("gap_minutes") * 60000), [&](std::span<const uint32_t> rows) {
      uint32_t prev = kNone;
      for (uint32_t r : rows) {
        const uint32_t i = ev.item[r];
        if (i >= n || is_negative(ev.type[r]) || i == prev) continue;
        if (prev != kNone) counts[prev][i] += 1.0f, total[prev] += 1.0f;
        prev = i;
      }
    });
    const float smooth = static_cast<float>(params_.get_float("smoothing"));
    nb_ = ItemNeighbors::build(n, static_cast<size_t>(params_.get_int("neighbors")), ctx,
                               [&](uint32_t i, std::span<float> acc, std::vector<uint32_t>& touched) {
                                 for (const auto& [j, c] : counts[i]) acc[j] = c, touched.push_back(j);
                               },
                               [&](uint32_t i, uint32_t, float c) { return c / (total[i] + smooth); });
  }
  void save_model(BinWriter& w) const override { nb_.save(w); }
  void load_model(BinReader& r) override { nb_.load(r); }

 private:
  std::vector<std::pair<uint32_t, float>> sources(const RecommendRequest& req) const {
    std::vector<std::pair<uint32_t, float>> out;
    const size_t order = static_cast<size_t>(params_.get_int("order"));
    const float decay = static_cast<float>(params_.get_float("decay"));
    float w = 1.0f;
    const auto& h = req.history;
    for (size_t k = h.items.size(); k-- > 0 && out.size() < order;) {
      const uint32_t i = h.items[k];
      if (i >= info_.num_items || (!h.types.empty() && is_negative(h.types[k]))) continue;
      if (std::any_of(out.begin(), out.end(), [&](const auto& p) { return p.first == i; })) continue;
      out.emplace_back(i, w);
      w *= decay;
    }
    return out;
  }

  ItemNeighbors nb_;
};

}  // namespace

std::unique_ptr<ScoringModel> make_markov(const Spec& s) { return std::make_unique<Markov>(s); }

}  // namespace ss
