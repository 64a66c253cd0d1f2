// Does learning from every behaviour type (views, favourites, carts, purchases) beat
// learning from purchases alone? One split, the same sequence model trained twice
// (behaviors=all vs behaviors=purchase), scored on the SAME test users, compared per user
// (paired bootstrap interval of the difference and an exact sign test).
//
// Protocol: leave-last-out per user WITHOUT a protocol validation event (the models hold out
// their own validation tokens inside fit()): the user's last event whose type is in
// --targets is the test target, later events are dropped, earlier ones are training history.
//   --targets cart,favorite,purchase   the last conversion-intent action (default)
//   --targets all                      the next item of any behaviour
//   --targets purchase                 the last purchase (few users on the Taobao sample)
// Ranking is over all items, the user's training items excluded; users whose target item is
// already in their history (a cart after a view of the same item) are left out. With
// --keep-history nothing is excluded and every user counts: carting or buying an item viewed
// earlier is most of what shoppers do, and only a model that reads views can anticipate it.
//
// Data: --taobao FILE (UserBehavior CSV), or --synthetic (src/synth generate_shop, whose
// views carry the users' planted tastes; then also the share of the top 10 that falls in
// the user's planted favourite categories).
#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/context.h"
#include "deep/register.h"
#include "eval/evaluator.h"
#include "eval/paired.h"
#include "eval/sequence_file.h"
#include "models/registry.h"
#include "prep/split.h"
#include "synth/generator.h"

namespace {

struct Args {
  std::string taobao, targets = "cart,favorite,purchase";
  bool synthetic = false, keep_history = false;
  uint64_t users = 3000, items = 400, days = 30;
  size_t min_interactions = 2, threads = 2;
  uint64_t seed = 42;
  std::string model = "sasrec:dim=32,layers=1,max_len=20,loss=sampled,negatives=512,batch=128,lr=0.002,dropout=0.3,epochs=8,eval_every=2,val_users=2000,patience=2";
};

void print_paired(const char* what, const ss::eval::PairedComparison& c) {
  std::printf("  %-44s n=%zu  %.4f vs %.4f  diff %+.4f [95%% CI %+.4f, %+.4f]  users better/worse/tied %zu/%zu/%zu  sign-test p=%.2g\n",
              what, c.users, c.mean_a, c.mean_b, c.diff, c.low, c.high, c.wins, c.losses, c.ties, c.sign_p);
}

std::vector<double> column(const ss::eval::UserScores& s, size_t metric, size_t metrics, const std::vector<bool>* keep = nullptr) {
  std::vector<double> v;
  for (size_t i = 0; i < s.users.size(); ++i)
    if (!keep || (*keep)[i]) v.push_back(s.values[i * metrics + metric]);
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    auto next = [&] { return std::string(i + 1 < argc ? argv[++i] : ""); };
    if (k == "--taobao") a.taobao = next();
    else if (k == "--synthetic") a.synthetic = true;
    else if (k == "--keep-history") a.keep_history = true;
    else if (k == "--targets") a.targets = next();
    else if (k == "--users") a.users = std::stoull(next());
    else if (k == "--items") a.items = std::stoull(next());
    else if (k == "--days") a.days = std::stoull(next());
    else if (k == "--min-interactions") a.min_interactions = std::stoul(next());
    else if (k == "--model") a.model = next();
    else if (k == "--seed") a.seed = std::stoull(next());
    else if (k == "--threads") a.threads = std::stoul(next());
    else {
      std::fprintf(stderr, "usage: behaviors_bench (--taobao FILE | --synthetic [--users N --items N --days N]) "
                           "[--targets LIST] [--keep-history] [--model SPEC] [--seed N] [--threads N]\n");
      return 2;
    }
  }
  if (a.taobao.empty() == !a.synthetic) {
    std::fprintf(stderr, "give exactly one of --taobao FILE and --synthetic\n");
    return 2;
  }
  ss::Context ctx(a.threads > 0 ? a.threads - 1 : 0, a.seed, true);
  ss::SyntheticShop synth;
  ss::Dataset shop;
  if (a.synthetic) {
    ss::GeneratorConfig c;
    c.users = a.users, c.items = a.items, c.days = uint32_t(a.days), c.categories = 12, c.brands = 30;
    c.bot_fraction = 0, c.seed = a.seed;
    synth = ss::generate_shop(c);
    shop = std::move(synth.data);
  } else {
    shop = ss::eval::load_taobao_csv(a.taobao);
  }
  size_t by_type[ss::kNumBehaviors] = {};
  for (ss::Behavior t : shop.events.type) ++by_type[size_t(t)];
  std::printf("data: %zu events, %zu users, %zu items; views %zu, favourites %zu, carts %zu, purchases %zu\n",
              shop.events.size(), shop.num_users(), shop.num_items(), by_type[size_t(ss::Behavior::kView)],
              by_type[size_t(ss::Behavior::kFavorite)], by_type[size_t(ss::Behavior::kAddToCart)],
              by_type[size_t(ss::Behavior::kPurchase)]);

  ss::prep::LeaveLastOutOptions lo;
  lo.targets = ss::prep::BehaviorSet::parse(a.targets);
  lo.validation = false;
  lo.min_interactions = a.min_interactions;
  ss::prep::Split split = ss::prep::materialise(shop.events, ss::prep::leave_last_out(shop.events, lo, ctx));
  split.train.sort_by_user_time();
  std::printf("split: leave-last-out, targets %s, min %zu events: train %zu events, test %zu events\n",
              a.targets.c_str(), a.min_interactions, split.train.size(), split.test.size());

  ss::RecommenderRegistry reg;
  ss::register_builtin_models(reg);
  ss::register_deep_models(reg);
  ss::eval::EvalOptions eo;
  eo.metrics = ss::eval::parse_metric_list("hr@5,hr@10,hr@20,ndcg@5,ndcg@10,ndcg@20");
  // The user's history is excluded from every ranking, so a target the user already had
  // can never be hit: those users are left out rather than counted as misses.
  eo.new_items_only = !a.keep_history;
  eo.exclude_history = !a.keep_history;
  std::printf("ranking: all items, %s\n", a.keep_history ? "nothing excluded, every test user counted"
                                                           : "the user's training items excluded, repeat targets left out");
  const size_t M = eo.metrics.size(), kHr10 = 1, kNdcg10 = 4;
  // The Markov chain (all events) is a classical reference: it also learns "view X, then cart X".
  const std::vector<std::string> specs = {"pop", a.model, a.model + ",behaviors=purchase", "markov"};
  const char* labels[] = {"popularity (all events)", "sequence model, all behaviour types", "sequence model, purchases only",
                          "markov chain (all events), reference"};
  std::vector<ss::eval::UserScores> scores;
  std::printf("\n| model | test users | HR@5 | HR@10 | HR@20 | NDCG@5 | NDCG@10 | NDCG@20 | fit s |\n|---|---|---|---|---|---|---|---|---|\n");
  for (size_t m = 0; m < specs.size(); ++m) {
    auto model = reg.create(specs[m]);
    const auto t0 = std::chrono::steady_clock::now();
    model->fit({shop, split.train, {}}, ctx);
    const double fit_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    at::set_num_threads(1);  // scoring runs one user per pool thread
    scores.push_back(ss::eval::score_users(*model, shop.num_items(), split.train, split.test, eo, ctx));
    const auto& s = scores.back();
    std::printf("| %s | %zu |", labels[m], s.users.size());
    for (size_t j = 0; j < M; ++j) {
      double sum = 0;
      for (size_t i = 0; i < s.users.size(); ++i) sum += s.values[i * M + j];
      std::printf(" %.4f |", s.users.empty() ? 0.0 : sum / double(s.users.size()));
    }
    std::printf(" %.1f |\n", fit_s);
  }
  if (scores[1].users != scores[2].users || scores[0].users != scores[1].users) {
    std::fprintf(stderr, "the models were scored on different users\n");
    return 1;
  }
  std::printf("\npaired, per test user (all behaviour types minus purchases only):\n");
  print_paired("NDCG@10", ss::eval::compare_paired(column(scores[1], kNdcg10, M), column(scores[2], kNdcg10, M)));
  print_paired("HR@10", ss::eval::compare_paired(column(scores[1], kHr10, M), column(scores[2], kHr10, M)));
  print_paired("NDCG@10, all behaviour types minus popularity",
               ss::eval::compare_paired(column(scores[1], kNdcg10, M), column(scores[0], kNdcg10, M)));
  print_paired("NDCG@10, all behaviour types minus markov",
               ss::eval::compare_paired(column(scores[1], kNdcg10, M), column(scores[3], kNdcg10, M)));
  // The purchases-only model knows nothing about a user without a training purchase; the
  // users who have one are where it has a fair chance.
  std::vector<size_t> purchases(shop.num_users(), 0);
  for (size_t e = 0; e < split.train.size(); ++e)
    if (split.train.type[e] == ss::Behavior::kPurchase) ++purchases[split.train.user[e]];
  std::vector<bool> buyer(scores[1].users.size());
  for (size_t i = 0; i < buyer.size(); ++i) buyer[i] = purchases[scores[1].users[i]] > 0;
  print_paired("NDCG@10, only users with a training purchase",
               ss::eval::compare_paired(column(scores[1], kNdcg10, M, &buyer), column(scores[2], kNdcg10, M, &buyer)));

  // Coarser and far less sparse than the item: does the top 10 hold an item of the held-out
  // item's category? (Taobao: 75k items in a 2-hour window, most seen once.)
  const auto category = shop.item_categories();
  std::vector<uint32_t> target_of(shop.num_users(), ss::kNone);
  for (size_t e = 0; e < split.test.size(); ++e) target_of[split.test.user[e]] = split.test.item[e];
  std::vector<std::vector<double>> cat_hit(specs.size());
  for (size_t m = 0; m < specs.size(); ++m) {
    const auto& s = scores[m];
    for (size_t i = 0; i < s.users.size(); ++i) {
      const uint32_t t = target_of[s.users[i]], want = t == ss::kNone ? ss::kNone : category[t];
      double hit = 0;
      for (size_t r = 0; r < 10 && r < s.k && want != ss::kNone; ++r)
        if (s.top[i * s.k + r] != ss::kNone && category[s.top[i * s.k + r]] == want) hit = 1;
      cat_hit[m].push_back(hit);
    }
  }
  std::printf("category HR@10 (an item of the held-out item's category in the top 10):\n");
  print_paired("all behaviour types vs purchases only", ss::eval::compare_paired(cat_hit[1], cat_hit[2]));
  print_paired("all behaviour types vs popularity", ss::eval::compare_paired(cat_hit[1], cat_hit[0]));
  print_paired("purchases only vs popularity", ss::eval::compare_paired(cat_hit[2], cat_hit[0]));

  if (a.synthetic) {
    // Planted truth: share of the top 10 in the user's favourite categories.
    std::vector<std::vector<double>> taste(specs.size());
    for (size_t m = 0; m < specs.size(); ++m) {
      const auto& s = scores[m];
      for (size_t i = 0; i < s.users.size(); ++i) {
        const auto& fav = synth.truth.users[s.users[i]].categories;
        double hits = 0;
        for (size_t r = 0; r < 10 && r < s.k; ++r) {
          const uint32_t item = s.top[i * s.k + r];
          if (item != ss::kNone && std::find(fav.begin(), fav.end(), synth.truth.item_category[item]) != fav.end()) hits += 1;
        }
        taste[m].push_back(hits / 10.0);
      }
    }
    std::printf("planted truth, share of the top 10 in the user's favourite categories:\n");
    print_paired("all behaviour types vs purchases only", ss::eval::compare_paired(taste[1], taste[2]));
    print_paired("all behaviour types vs popularity", ss::eval::compare_paired(taste[1], taste[0]));
  }
  std::printf("\ncommand: behaviors_bench %s%s --targets '%s'%s --model '%s' --seed %llu --threads %zu\n",
              a.synthetic ? "--synthetic" : ("--taobao " + a.taobao).c_str(),
              a.synthetic ? (" --users " + std::to_string(a.users) + " --items " + std::to_string(a.items) +
                             " --days " + std::to_string(a.days)).c_str()
                          : "",
              a.targets.c_str(), a.keep_history ? " --keep-history" : "", a.model.c_str(), (unsigned long long)a.seed,
              a.threads);
  return 0;
}
