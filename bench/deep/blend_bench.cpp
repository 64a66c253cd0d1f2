// Blend weights for a deep model and classical models, chosen on validation and scored on
// test once, on an Amazon "user item1 item2 ..." file under the S3-Rec protocol.
//
// A transformer takes half an hour to train on Sports, so it is trained twice, outside this
// program (beauty_bench --save): once on all but each user's last two items (--deep-val,
// for choosing weights on the second-last item) and once on all but the last item
// (--deep-test). The classical parts (--part, any registry spec) are fitted here on the same
// two splits. Each part's scores are divided by their largest absolute value, as the
// `hybrid` model does, and every weight vector on a simplex grid (--step) is scored on
// validation at once: per user, each part scores every item once and each weight vector
// only re-ranks. The weights with the best validation NDCG@10, with and without the deep
// part, are then scored on test, with a paired bootstrap interval of their difference.
//
//   blend_bench FILE --deep-val V.ssm --deep-test T.ssm --part 'markov:order=5' --part itemknn
#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <mutex>
#include <string>
#include <vector>

#include "amazon_sequences.h"
#include "core/context.h"
#include "deep/register.h"
#include "eval/bootstrap.h"
#include "eval/paired.h"
#include "models/model_file.h"
#include "models/registry.h"

namespace {

using Weights = std::vector<float>;
constexpr size_t kCuts[3] = {5, 10, 20};

// Every weight vector with `parts` entries in multiples of `step` summing to 1.
std::vector<Weights> simplex_grid(size_t parts, double step) {
  const int units = std::max(1, int(std::lround(1.0 / step)));
  std::vector<Weights> out;
  std::vector<int> w(parts, 0);
  auto rec = [&](auto&& self, size_t p, int left) -> void {
    if (p + 1 == parts) {
      w[p] = left;
      Weights v;
      for (int x : w) v.push_back(float(x) / float(units));
      out.push_back(v);
      return;
    }
    for (int x = left; x >= 0; --x) {
      w[p] = x;
      self(self, p + 1, left - x);
    }
  };
  rec(rec, 0, units);
  return out;
}

struct Split {
  std::vector<std::unique_ptr<ss::Recommender>> parts;  // deep part first
  std::vector<const ss::DenseScorer*> scorers;
  size_t held_out;  // 2: validation item is the target; 1: test item
};

// For each user (rows) and weight vector (columns): the 0-based rank of the target item
// among the items not in the user's history (score descending, ties by training popularity;
// capped at the largest cut-off), or SIZE_MAX when the target is in the history and so
// cannot be recommended.
std::vector<size_t> target_ranks(const Split& split, const std::vector<std::vector<uint32_t>>& seqs,
                                 const std::vector<uint32_t>& users, const std::vector<Weights>& grid,
                                 size_t num_items, ss::Context& ctx) {
  // Level scores are ordered as the models' own top-k fills them: the split's most popular
  // items first (never the file order, which has seen the test items), then by id.
  std::vector<uint32_t> popularity(num_items, 0);
  for (uint32_t u = 0; u < seqs.size(); ++u)
    for (size_t j = 0; j + split.held_out < seqs[u].size(); ++j) ++popularity[seqs[u][j]];
  auto first_when_level = [&](uint32_t a, uint32_t b) {
    return popularity[a] > popularity[b] || (popularity[a] == popularity[b] && a < b);
  };
  const size_t P = split.scorers.size(), G = grid.size();
  std::vector<size_t> ranks(users.size() * G, std::numeric_limits<size_t>::max());
  ctx.pool->parallel_for(users.size(), [&](size_t begin, size_t end) {
    std::vector<std::vector<float>> scores(P, std::vector<float>(num_items));
    std::vector<uint8_t> excluded(num_items, 0);
    std::vector<uint32_t> rivals;  // items that may rank above the target under some weighting
    for (size_t k = begin; k < end; ++k) {
      const auto& s = seqs[users[k]];
      const size_t n = s.size() + 1 - split.held_out;  // history length + the target
      const uint32_t target = s[n - 1];
      ss::RecommendRequest req;
      req.user = users[k];
      req.history.items = std::span<const uint32_t>(s.data(), n - 1);
      for (size_t j = 0; j + 1 < n; ++j) excluded[s[j]] = 1;
      if (!excluded[target]) {
        for (size_t p = 0; p < P; ++p) {
          auto& v = scores[p];
          std::fill(v.begin(), v.end(), 0.0f);
          if (!split.scorers[p]->score(req, v)) continue;
          float top = 0.0f;
          for (float x : v) top = std::max(top, std::fabs(x));
          if (top > 0.0f)
            for (float& x : v) x /= top;
        }
        // An item behind the target in every part stays behind it under every weighting
        // (non-negative, summing to 1). One level with it in some part can tie when the
        // other parts weigh 0, and a tie goes to the more popular item.
        rivals.clear();
        for (uint32_t i = 0; i < num_items; ++i) {
          if (excluded[i] || i == target) continue;
          const bool wins_ties = first_when_level(i, target);
          bool may_pass = false;
          for (size_t p = 0; p < P && !may_pass; ++p)
            may_pass = scores[p][i] > scores[p][target] || (wins_ties && scores[p][i] == scores[p][target]);
          if (may_pass) rivals.push_back(i);
        }
        for (size_t g = 0; g < G; ++g) {
          float t = 0.0f;
          for (size_t p = 0; p < P; ++p) t += grid[g][p] * scores[p][target];
          size_t rank = 0;
          for (uint32_t i : rivals) {
            float x = 0.0f;
            for (size_t p = 0; p < P; ++p) x += grid[g][p] * scores[p][i];
            rank += x > t || (x == t && first_when_level(i, target));
            if (rank == kCuts[2]) break;  // past every cut-off: the exact rank no longer matters
          }
          ranks[k * G + g] = rank;
        }
      }
      for (size_t j = 0; j + 1 < n; ++j) excluded[s[j]] = 0;
    }
  });
  return ranks;
}

double ndcg_at(size_t rank, size_t cut) { return rank < cut ? 1.0 / std::log2(double(rank) + 2.0) : 0.0; }

std::string weights_text(const Weights& w) {
  std::string out;
  for (float x : w) out += (out.empty() ? "" : "+") + std::to_string(x).substr(0, 4);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path, deep_val, deep_test;
  std::vector<std::string> part_specs;
  double step = 0.1;
  uint64_t seed = 42;
  size_t threads = 2;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return std::string(i + 1 < argc ? argv[++i] : ""); };
    if (a == "--deep-val") deep_val = next();
    else if (a == "--deep-test") deep_test = next();
    else if (a == "--part") part_specs.push_back(next());
    else if (a == "--step") step = std::stod(next());
    else if (a == "--seed") seed = std::stoull(next());
    else if (a == "--threads") threads = std::stoul(next());
    else path = a;
  }
  if (path.empty() || deep_val.empty() || deep_test.empty() || part_specs.empty() || !(step > 0 && step <= 1)) {
    std::fprintf(stderr,
                 "usage: blend_bench FILE --deep-val MODEL_FILE --deep-test MODEL_FILE --part SPEC [--part SPEC ...] "
                 "[--step 0.1] [--seed N] [--threads N]\n");
    return 2;
  }
  try {
    ss::Dataset shop;
    const auto seqs = ss::bench::read_amazon_sequences(path, shop);
    ss::RecommenderRegistry registry;
    ss::register_builtin_models(registry);
    ss::register_deep_models(registry);
    ss::Context ctx(threads > 0 ? threads - 1 : 0, seed, true);
    at::set_num_threads(1);  // users run in parallel on the pool; one LibTorch thread each
    const auto grid = simplex_grid(part_specs.size() + 1, step);
    std::printf("data: %zu users, %zu items; %zu weight vectors (deep + %zu classical parts, step %.2f)\n",
                seqs.size(), shop.num_items(), grid.size(), part_specs.size(), step);

    auto make_split = [&](size_t held_out, const std::string& deep_file) {
      Split split{{}, {}, held_out};
      split.parts.push_back(ss::load_model_file(deep_file, registry));
      const ss::EventTable train = ss::bench::training_events(seqs, held_out);
      ss::TrainData data{shop, train, {}};
      for (const auto& spec : part_specs) {
        split.parts.push_back(registry.create(ss::Spec::parse(spec)));
        split.parts.back()->fit(data, ctx);
      }
      for (const auto& p : split.parts) {
        split.scorers.push_back(dynamic_cast<const ss::DenseScorer*>(p.get()));
        if (!split.scorers.back()) throw ss::Error(p->spec().name + " cannot score every item, so it cannot be blended");
      }
      return split;
    };
    auto users_with = [&](size_t min_len) {
      std::vector<uint32_t> users;
      for (uint32_t u = 0; u < seqs.size(); ++u)
        if (seqs[u].size() >= min_len) users.push_back(u);
      return users;
    };

    // Validation: every weight vector, NDCG@10 on the second-last item.
    auto t0 = std::chrono::steady_clock::now();
    const auto val_users = users_with(3);
    const auto val_ranks = [&] {
      const Split split = make_split(2, deep_val);
      return target_ranks(split, seqs, val_users, grid, shop.num_items(), ctx);
    }();
    std::vector<double> val_ndcg(grid.size(), 0.0);
    for (size_t k = 0; k < val_users.size(); ++k)
      for (size_t g = 0; g < grid.size(); ++g) val_ndcg[g] += ndcg_at(val_ranks[k * grid.size() + g], 10);
    for (double& v : val_ndcg) v /= double(val_users.size());
    size_t best = 0, best_classical = 0, deep_alone = 0;
    bool have_classical = false;
    for (size_t g = 0; g < grid.size(); ++g) {
      if (val_ndcg[g] > val_ndcg[best]) best = g;
      if (grid[g][0] == 0.0f && (!have_classical || val_ndcg[g] > val_ndcg[best_classical]))
        best_classical = g, have_classical = true;
      if (grid[g][0] == 1.0f) deep_alone = g;
    }
    std::vector<size_t> order(grid.size());
    for (size_t g = 0; g < grid.size(); ++g) order[g] = g;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return val_ndcg[a] > val_ndcg[b]; });
    std::printf("validation (%zu users, second-last item, %.0f s): best weights (deep+%s) by NDCG@10\n",
                val_users.size(), std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
                [&] {
                  std::string names;
                  for (const auto& s : part_specs) names += (names.empty() ? "" : "+") + ss::Spec::parse(s).name;
                  return names;
                }().c_str());
    for (size_t r = 0; r < std::min<size_t>(8, order.size()); ++r)
      std::printf("  %-16s %.4f\n", weights_text(grid[order[r]]).c_str(), val_ndcg[order[r]]);
    std::printf("  best without the deep part: %s %.4f; deep part alone: %.4f\n", weights_text(grid[best_classical]).c_str(),
                val_ndcg[best_classical], val_ndcg[deep_alone]);

    // Test: the chosen weight vectors only, scored once on the last item.
    t0 = std::chrono::steady_clock::now();
    std::vector<Weights> chosen = {grid[best], grid[best_classical]};
    std::vector<std::string> names = {"blend (deep + classical), chosen on validation", "classical only, chosen on validation"};
    for (size_t p = 0; p < grid[0].size(); ++p) {  // each part alone, then equal weights fixed in advance
      chosen.emplace_back(grid[0].size(), 0.0f);
      chosen.back()[p] = 1.0f;
      names.push_back(p == 0 ? "deep part alone" : ss::Spec::parse(part_specs[p - 1]).name + " alone");
    }
    chosen.emplace_back(grid[0].size(), 1.0f / float(grid[0].size()));
    names.push_back("equal weights (fixed in advance)");
    const auto test_users = users_with(2);
    const auto test_ranks = [&] {
      const Split split = make_split(1, deep_test);
      return target_ranks(split, seqs, test_users, chosen, shop.num_items(), ctx);
    }();
    std::printf("test (%zu users, last item, %.0f s):\n", test_users.size(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    std::printf("| model | weights | HR@5 | HR@10 | HR@20 | NDCG@5 | NDCG@10 | NDCG@20 | NDCG@10 95%% CI |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|\n");
    std::vector<std::vector<double>> ndcg10(chosen.size(), std::vector<double>(test_users.size()));
    for (size_t c = 0; c < chosen.size(); ++c) {
      std::vector<double> per_user(test_users.size() * 6);
      for (size_t k = 0; k < test_users.size(); ++k) {
        const size_t rank = test_ranks[k * chosen.size() + c];
        for (size_t m = 0; m < 3; ++m) {
          per_user[k * 6 + m] = rank < kCuts[m] ? 1.0 : 0.0;
          per_user[k * 6 + 3 + m] = ndcg_at(rank, kCuts[m]);
        }
        ndcg10[c][k] = per_user[k * 6 + 4];
      }
      const auto ci = ss::eval::bootstrap_means(per_user, test_users.size(), 6, 1000, 0.95, seed);
      std::printf("| %s | %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | [%.4f, %.4f] |\n", names[c].c_str(),
                  weights_text(chosen[c]).c_str(), ci[0].mean, ci[1].mean, ci[2].mean, ci[3].mean, ci[4].mean,
                  ci[5].mean, ci[4].low, ci[4].high);
    }
    const auto diff = ss::eval::compare_paired(ndcg10[0], ndcg10[1], 2000, 0.95, seed);
    std::printf("blend - classical, NDCG@10 per user: %+.4f [95%% CI %+.4f, %+.4f]; wins %zu, losses %zu, sign test p = %.2g\n",
                diff.diff, diff.low, diff.high, diff.wins, diff.losses, diff.sign_p);
    std::string cmd = "blend_bench " + path + " --deep-val " + deep_val + " --deep-test " + deep_test;
    for (const auto& s : part_specs) cmd += " --part '" + s + "'";
    std::printf("command: %s --step %.2f --seed %lu --threads %zu\n", cmd.c_str(), step, (unsigned long)seed, threads);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "blend_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
