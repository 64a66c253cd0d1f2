// How faithful and how private a synthetic user population is, measured against the real
// one it imitates (no torch here; works for any generator's output).
//   fidelity  Jensen-Shannon divergence of item popularity, category mix and behaviour mix,
//             Wasserstein-1 distance of basket sizes; each next to the same number between
//             two random halves of the real users (the sampling-noise floor); per-user
//             category spread (categories a user's items span, share of them in the user's
//             main category), which marginal distances miss: category-random baskets can
//             match every marginal.
//   privacy   Jaccard distance from each synthetic user to the nearest "reference" real user,
//             against the same distance for held-out real users (a synthetic population that
//             sits closer to the reference users than fresh real users do has memorised
//             them); exact copies of a reference user's basket.
//   utility   train-on-synthetic, test-on-real (TSTR): a classical model fitted on the
//             synthetic users ranks held-out real users' last item, next to the same model
//             fitted on the reference users (TRTR) and popularity.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/catalogue.h"
#include "core/context.h"
#include "deep/gan_sampler.h"

namespace ss {

struct FidelityOptions {
  std::string tstr_model = "itemknn";  // any built-in model spec
  double holdout_share = 0.5;          // share of real users held out when `holdout` is empty
  std::vector<uint32_t> holdout;       // real users the generator did not learn from, if known
  size_t min_copy_size = 3;            // baskets this large or larger count as copies when equal
  size_t max_nn_users = 3000;          // users compared per side in the nearest-neighbour check
  uint64_t seed = 42;
};

struct FidelityReport {
  size_t real_users = 0, reference_users = 0, holdout_users = 0, synthetic_users = 0;
  double js_items = 0, js_items_floor = 0;          // item popularity
  double js_categories = 0, js_categories_floor = 0;
  double js_behaviors = 0, js_behaviors_floor = 0;
  double w1_basket = 0, w1_basket_floor = 0;        // basket size (distinct items per user)
  double mean_basket_real = 0, mean_basket_synthetic = 0;
  // Per-user category spread (means over users): categories spanned, main-category share,
  // for real users, synthetic users and baskets of the synthetic sizes filled with items
  // drawn by popularity regardless of the user (the category-random level).
  double categories_real = 0, categories_synthetic = 0, categories_random = 0;
  double main_share_real = 0, main_share_synthetic = 0, main_share_random = 0;
  double nn_synthetic_median = 0, nn_holdout_median = 0;  // Jaccard distance to nearest reference user
  double nn_synthetic_mean = 0, nn_holdout_mean = 0;
  size_t exact_copies = 0, copy_candidates = 0;           // synthetic baskets equal to a reference one
  size_t holdout_exact = 0, holdout_candidates = 0;       // the same among held-out real users
  double tstr_hr10 = 0, tstr_ndcg10 = 0, trtr_hr10 = 0, trtr_ndcg10 = 0, pop_hr10 = 0, pop_ndcg10 = 0;
  size_t tstr_users = 0;
  std::vector<std::pair<std::string, bool>> checks;  // named pass/fail verdicts
  bool passed() const;
  nlohmann::json to_json() const;
  std::string to_text() const;
};

FidelityReport fidelity_report(const Dataset& real, const std::vector<SyntheticUser>& synthetic,
                               const FidelityOptions& options, Context& ctx);

}  // namespace ss
