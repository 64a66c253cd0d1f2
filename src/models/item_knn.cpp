// Item-based kNN: sim(i,j) = c_ij / (n_i^alpha * n_j^(1-alpha) + shrink), where c_ij sums
// x_ui*x_uj over users and n_i = sum_u x_ui^2. alpha = 0.5 is cosine; other values give the
// asymmetric cosine. Keeps the top `neighbors` per item; scores sum a history's neighbours.
#include <cmath>

#include "core/collective.h"

#include "models/builtin.h"
#include "models/neighbor_model.h"

namespace ss {
namespace {

class ItemKnn final : public NeighborModel {
 public:
  explicit ItemKnn(const Spec& s)
      : NeighborModel("itemknn",
                      {{"neighbors", ParamKind::kInt, "100", "neighbours kept per item", 1, 100000},
                       {"shrink", ParamKind::kFloat, "10", "added to the denominator: damps pairs seen by few users", 0},
                       {"alpha", ParamKind::kFloat, "0.5", "0.5 = cosine; otherwise asymmetric cosine weight of the source item", 0, 1},
                       {"binary", ParamKind::kBool, "false", "use 1 per interaction instead of behaviour weights"}},
                      s) {}

 protected:
  void fit_model(const TrainData& data, Context& ctx) override {
    const Csr ui = user_item_matrix(data, params_.get_bool("binary"), ctx);
    const float alpha = static_cast<float>(params_.get_float("alpha"));
    const float shrink = static_cast<float>(params_.get_float("shrink"));
    const size_t k = static_cast<size_t>(params_.get_int("neighbors"));
    std::vector<float> sq(ui.cols, 0.0f);
    auto finalize = [&](uint32_t i, uint32_t j, float c) {
      return c / (std::pow(sq[i], alpha) * std::pow(sq[j], 1.0f - alpha) + shrink);
    };
    if (distributed(data.comm)) {
      // Each rank sums its own block of users; the norms and co-occurrences are reduced.
      const Block users = block_of(ui.rows, data.comm->rank(), data.comm->size());
      for (uint64_t p = ui.ptr[users.begin]; p < ui.ptr[users.end]; ++p) sq[ui.idx[p]] += ui.val[p] * ui.val[p];
      data.comm->allreduce_sum(std::span<float>(sq));
      nb_ = ItemNeighbors::from_cooccurrence_sharded(ui, k, ctx, *data.comm, finalize);
      return;
    }
    const Csr iu = transpose(ui);
    for (uint32_t i = 0; i < iu.rows; ++i)
      for (float x : iu.vals_of(i)) sq[i] += x * x;
    nb_ = ItemNeighbors::from_cooccurrence(ui, iu, k, ctx, finalize);
  }
};

}  // namespace

std::unique_ptr<ScoringModel> make_item_knn(const Spec& s) { return std::make_unique<ItemKnn>(s); }

}  // namespace ss
