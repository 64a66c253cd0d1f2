// RP3beta (Paudel et al. 2017): a 3-step random walk item -> user -> item, with each step's
// transition probability raised to alpha, divided by the target's popularity^beta so the
// walk does not always end on best-sellers. Top `neighbors` per item are kept.
#include <cmath>

#include "models/builtin.h"
#include "models/neighbor_model.h"

namespace ss {
namespace {

class Rp3Beta final : public NeighborModel {
 public:
  explicit Rp3Beta(const Spec& s)
      : NeighborModel("rp3beta",
                      {{"alpha", ParamKind::kFloat, "1", "exponent on each transition probability", 0, 5},
                       {"beta", ParamKind::kFloat, "0.5", "popularity penalty exponent of the target item", 0, 2},
                       {"neighbors", ParamKind::kInt, "100", "neighbours kept per item", 1, 100000},
                       {"binary", ParamKind::kBool, "true", "use 1 per interaction instead of behaviour weights"}},
                      s) {}

 protected:
  void fit_model(const TrainData& data, Context& ctx) override {
    const Csr ui = user_item_matrix(data, params_.get_bool("binary"), ctx);
    const Csr iu = transpose(ui);
    std::vector<float> user_sum(ui.rows, 0.0f), item_sum(iu.rows, 0.0f);
    for (uint32_t u = 0; u < ui.rows; ++u)
      for (float x : ui.vals_of(u)) user_sum[u] += x;
    for (uint32_t i = 0; i < iu.rows; ++i)
      for (float x : iu.vals_of(i)) item_sum[i] += x;
    const float alpha = static_cast<float>(params_.get_float("alpha"));
    const float beta = static_cast<float>(params_.get_float("beta"));
    std::vector<float> penalty(iu.rows, 0.0f);
    for (uint32_t j = 0; j < iu.rows; ++j) penalty[j] = item_sum[j] > 0 ? std::pow(item_sum[j], -beta) : 0.0f;
    auto p = [alpha](float x) { return alpha == 1.0f ? x : std::pow(x, alpha); };
    nb_ = ItemNeighbors::from_cooccurrence(
        ui, iu, static_cast<size_t>(params_.get_int("neighbors")), ctx,
        [&](uint32_t, uint32_t j, float raw) { return raw * penalty[j]; },
        [&](uint32_t, uint32_t i, float x) { return p(x / item_sum[i]); },
        [&](uint32_t u, uint32_t, float x) { return p(x / user_sum[u]); });
  }
};

}  // namespace

std::unique_ptr<ScoringModel> make_rp3beta(const Spec& s) { return std::make_unique<Rp3Beta>(s); }

}  // namespace ss
