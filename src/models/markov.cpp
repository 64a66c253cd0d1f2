// Next-item Markov chain for sessions: P(next = j | current = i) estimated from consecutive
// distinct items within training sessions, smoothed by `smoothing` in the denominator. A
// request is scored from its last `order` distinct items, the latest weighing most
// (decay^steps back), so it follows what the shopper is doing right now.
#include <algorithm>
#include <map>

#include "models/builtin.h"
#include "models/neighbor_model.h"
#include "models/sequences.h"

namespace ss {
namespace {

class Markov final : public NeighborModel {
 public:
  explicit Markov(const Spec& s)
      : NeighborModel("markov",
                      {{"order", ParamKind::kInt, "3", "how many recent distinct items vote", 1, 100},
                       {"decay", ParamKind::kFloat, "0.5", "weight multiplier per step back in the history", 0, 1},
                       {"smoothing", ParamKind::kFloat, "5", "added to each item's transition total", 0},
                       {"neighbors", ParamKind::kInt, "100", "successors kept per item", 1, 100000},
                       {"gap_minutes", ParamKind::kFloat, "30", "session cut without a session column", 0}},
                      s) {}

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
    nb_ = from_pair_counts(counts, total, static_cast<float>(params_.get_float("smoothing")),
                           static_cast<size_t>(params_.get_int("neighbors")), ctx);
  }
  std::string reason(const RecommendRequest&, uint32_t source) const override {
    return "often chosen after " + info_.name(source);
  }
  std::string similar_reason(uint32_t item) const override { return "often chosen after " + info_.name(item); }
  // The last `order` distinct items, the latest weighing most.
  std::vector<std::pair<uint32_t, float>> sources(const RecommendRequest& req) const override {
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
};

}  // namespace

std::unique_ptr<ScoringModel> make_markov(const Spec& s) { return std::make_unique<Markov>(s); }

}  // namespace ss
