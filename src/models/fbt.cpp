// Frequently bought together: pairs of distinct items carted or bought in the same
// session (or order). w(i, j) = c_ij / (c_i + shrink), the share of baskets with i that
// also hold j, damped for rare items. Scores a cart from its carted/bought items (or the
// whole history when nothing is in the cart yet).
#include <algorithm>
#include <map>

#include "models/builtin.h"
#include "models/neighbor_model.h"
#include "models/sequences.h"

namespace ss {
namespace {

bool is_basket(Behavior b) { return b == Behavior::kAddToCart || b == Behavior::kPurchase; }

class BoughtTogether final : public NeighborModel {
 public:
  explicit BoughtTogether(const Spec& s)
      : NeighborModel("fbt",
                      {{"shrink", ParamKind::kFloat, "2", "added to an item's basket count", 0},
                       {"neighbors", ParamKind::kInt, "50", "companions kept per item", 1, 100000},
                       {"gap_minutes", ParamKind::kFloat, "60", "basket cut without a session column", 0}},
                      s) {}

 protected:
  void fit_model(const TrainData& data, Context& ctx) override {
    const EventTable& ev = data.events;
    const uint32_t n = info_.num_items;
    std::vector<std::map<uint32_t, float>> pairs(n);
    std::vector<float> baskets(n, 0.0f);
    std::vector<uint32_t> basket;
    for_each_session(ev, static_cast<int64_t>(params_.get_float("gap_minutes") * 60000), [&](std::span<const uint32_t> rows) {
      basket.clear();
      for (uint32_t r : rows)
        if (ev.item[r] < n && is_basket(ev.type[r])) basket.push_back(ev.item[r]);
      std::sort(basket.begin(), basket.end());
      basket.erase(std::unique(basket.begin(), basket.end()), basket.end());
      for (uint32_t a : basket) {
        baskets[a] += 1.0f;
        for (uint32_t b : basket)
          if (a != b) pairs[a][b] += 1.0f;
      }
    });
    nb_ = from_pair_counts(pairs, baskets, static_cast<float>(params_.get_float("shrink")),
                           static_cast<size_t>(params_.get_int("neighbors")), ctx);
  }
  std::string reason(const RecommendRequest&, uint32_t source) const override {
    return "bought together with " + info_.name(source);
  }
  std::string similar_reason(uint32_t item) const override { return "bought together with " + info_.name(item); }
  // The cart (carted or bought items); the whole history when nothing is in it yet.
  std::vector<std::pair<uint32_t, float>> sources(const RecommendRequest& req) const override {
    std::vector<std::pair<uint32_t, float>> out;
    const auto& h = req.history;
    for (int pass = 0; pass < 2 && out.empty(); ++pass)
      for (size_t k = 0; k < h.items.size(); ++k) {
        const uint32_t i = h.items[k];
        if (i >= info_.num_items) continue;
        if (pass == 0 && (h.types.empty() || !is_basket(h.types[k]))) continue;
        if (std::none_of(out.begin(), out.end(), [&](const auto& p) { return p.first == i; })) out.emplace_back(i, 1.0f);
      }
    return out;
  }
};

}  // namespace

std::unique_ptr<ScoringModel> make_fbt(const Spec& s) { return std::make_unique<BoughtTogether>(s); }

}  // namespace ss
