// Learning from every behaviour type beats learning from purchases alone on a generated
// shop whose views carry the users' planted tastes: same transformer, same split, same test
// users, compared per user. Also the padded batch layout every sequence model reads.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/context.h"
#include "deep/register.h"
#include "deep/sequences.h"
#include "eval/evaluator.h"
#include "eval/paired.h"
#include "prep/split.h"
#include "synth/generator.h"

namespace ss {
namespace {

TEST(DeepSequences, PaddedBatchesAreLeftPaddedWithShiftedTargets) {
  EventTable ev;
  for (uint32_t j = 0; j < 5; ++j) ev.push_back({.user = 0, .item = 10 + j, .ts_ms = int64_t(j) * 60000, .type = Behavior::kView});
  ev.push_back({.user = 1, .item = 7, .ts_ms = 0, .type = Behavior::kPurchase});
  ev.push_back({.user = 1, .item = 8, .ts_ms = 1000, .type = Behavior::kAddToCart});
  const auto s = deep::build_sequences(ev, BehaviorWeights{}, 2);
  const std::vector<uint32_t> users = {0, 1}, ends = {4, 1};
  // max_len 3: user 0 keeps tokens 1..3 (items 11..13), user 1 its first token, padded left.
  const auto b = deep::pad_windows(s, users, ends, 3, true);
  ASSERT_EQ(b.rows, 2);
  ASSERT_EQ(b.width, 3);
  EXPECT_EQ(b.items, (std::vector<int64_t>{12, 13, 14, 0, 0, 8}));
  EXPECT_EQ(b.targets, (std::vector<int64_t>{13, 14, 15, 0, 0, 9}));
  EXPECT_EQ(b.types[5], int64_t(Behavior::kPurchase));
  EXPECT_EQ(b.types[0], int64_t(Behavior::kView));
  EXPECT_EQ(b.gaps[0], deep::gap_bucket(0, 60000));
  EXPECT_TRUE(deep::pad_windows(s, users, ends, 3, false).targets.empty());
  // One serving window: no padding.
  deep::TokenWindow w{{4, 5}, {uint8_t(Behavior::kView), uint8_t(Behavior::kPurchase)}, {0, 3}};
  const auto one = deep::pad_window(w);
  EXPECT_EQ(one.width, 2);
  EXPECT_EQ(one.items, (std::vector<int64_t>{5, 6}));
  EXPECT_EQ(one.gaps, (std::vector<int64_t>{0, 3}));
}

TEST(DeepModels, AllBehaviourTypesBeatPurchasesOnly) {
  GeneratorConfig c;
  c.users = 400, c.items = 150, c.categories = 8, c.brands = 10, c.days = 30, c.bot_fraction = 0, c.seed = 11;
  const SyntheticShop shop = generate_shop(c);
  Context ctx(1, 3, true);
  // Held out: each user's last event, scored only where it is an item new to the user (here
  // carts and purchases follow views of the same item, which history exclusion hides).
  prep::LeaveLastOutOptions lo;
  lo.validation = false;
  lo.min_interactions = 2;
  prep::Split split = prep::materialise(shop.data.events, prep::leave_last_out(shop.data.events, lo, ctx));
  split.train.sort_by_user_time();
  eval::EvalOptions eo;
  eo.metrics = eval::parse_metric_list("ndcg@10");
  eo.new_items_only = true;
  const std::string m = "sasrec:dim=32,layers=1,max_len=20,epochs=6,batch=64,lr=0.005,dropout=0.1,val_users=0";
  std::vector<eval::UserScores> scores;
  for (const std::string& spec : {m, m + ",behaviors=purchase"}) {
    auto model = make_deep_model(Spec::parse(spec));
    model->fit({shop.data, split.train, {}}, ctx);
    scores.push_back(eval::score_users(*model, shop.data.num_items(), split.train, split.test, eo, ctx));
  }
  ASSERT_EQ(scores[0].users, scores[1].users);
  ASSERT_GE(scores[0].users.size(), 100u);
  const auto ndcg = eval::compare_paired(scores[0].values, scores[1].values, 500, 0.95, 1);
  EXPECT_GT(ndcg.low, 0.0) << "all " << ndcg.mean_a << " purchases only " << ndcg.mean_b;
  // Planted truth: more of the top 10 in the user's favourite categories.
  std::vector<double> taste[2];
  for (int v = 0; v < 2; ++v)
    for (size_t i = 0; i < scores[v].users.size(); ++i) {
      const auto& fav = shop.truth.users[scores[v].users[i]].categories;
      double hits = 0;
      for (size_t r = 0; r < 10; ++r) {
        const uint32_t item = scores[v].top[i * scores[v].k + r];
        hits += item != kNone && std::find(fav.begin(), fav.end(), shop.truth.item_category[item]) != fav.end();
      }
      taste[v].push_back(hits / 10);
    }
  const auto t = eval::compare_paired(taste[0], taste[1], 500, 0.95, 1);
  EXPECT_GT(t.diff, 0.2) << "all " << t.mean_a << " purchases only " << t.mean_b;
  EXPECT_LT(t.sign_p, 1e-6);
}

}  // namespace
}  // namespace ss
