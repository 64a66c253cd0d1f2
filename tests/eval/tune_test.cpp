#include "eval/tune.h"

#include <set>

#include <gtest/gtest.h>

#include "../support/small_shop.h"
#include "core/error.h"
#include "models/builtin.h"
#include "toy_models.h"

namespace ss::eval {
namespace {

using testing::add_event;

// Users 0..9: train item u, validation item 10+u, test item 20+u (times 1, 2, 3).
struct Fixture {
  Dataset shop;
  EvalSplit split;
  Context ctx{2};
  Fixture() {
    for (int i = 0; i < 40; ++i) shop.dicts.items.intern(std::to_string(i));
    EventTable e;
    for (uint32_t u = 0; u < 10; ++u) {
      add_event(e, u, u, 1);
      add_event(e, u, 30, 1);  // a shared item so every user has 3+ events
      add_event(e, u, 10 + u, 2);
      add_event(e, u, 20 + u, 3);
    }
    split = make_splits(e, ProtocolOptions{}, ctx).at(0);
  }
  // "lookup:mode=validation" recommends each user's validation item, "mode=test" the test
  // item: two candidates whose only difference is how they do on test.
  ModelFactory factory() const {
    return [](const Spec& s) {
      std::map<uint32_t, uint32_t> item;
      const uint32_t base = s.params.at("mode") == "test" ? 20 : 10;
      for (uint32_t u = 0; u < 10; ++u) item[u] = base + u;
      return std::make_unique<testing::Lookup>(s, item);
    };
  }
};

TEST(Tune, SelectsOnValidationNeverOnTest) {
  Fixture f;
  RunSetup setup{f.shop, {}, {}};
  setup.eval.metrics = parse_metric_list("hr@1");
  TuneOptions o;
  o.select = "hr@1";
  // The test-oracle candidate comes first, so a tie or a peek at test would pick it.
  const SearchSpace space = SearchSpace::parse("lookup:mode=test|validation");
  ASSERT_EQ(space.size(), 2u);
  const TuneResult t = tune(f.factory(), space, setup, f.split, o, f.ctx);
  EXPECT_EQ(t.selection.best.params.at("mode"), "validation");
  ASSERT_EQ(t.selection.trials.size(), 2u);
  EXPECT_EQ(t.selection.trials[0].validation, 0.0);  // mode=test on validation
  EXPECT_EQ(t.selection.trials[1].validation, 1.0);
  // The final test numbers are those of the chosen model: it misses every test item,
  // while the rejected candidate would have scored 1.0 on test.
  EXPECT_EQ(t.test.find("hr@1")->mean, 0.0);
  EXPECT_EQ(t.test.users, 10u);
  EXPECT_NE(t.test.note.find("grid search, 2 trials"), std::string::npos) << t.test.note;

  // Replacing the test part changes nothing about the selection.
  EvalSplit other = f.split;
  for (auto& i : other.test.item) i = 35;
  const TuneResult t2 = tune(f.factory(), space, setup, other, o, f.ctx);
  EXPECT_EQ(t2.selection.best, t.selection.best);
  EXPECT_EQ(t2.selection.trials[0].validation, t.selection.trials[0].validation);
}

TEST(Tune, GridAndSeededRandomSearch) {
  const SearchSpace space = SearchSpace::parse("ials:factors=16|32|64,reg=0.01|0.1,iters=5");
  EXPECT_EQ(space.size(), 6u);
  std::set<std::string> all;
  for (size_t i = 0; i < space.size(); ++i) all.insert(space.at(i).to_string());
  EXPECT_EQ(all.size(), 6u);
  EXPECT_TRUE(all.count("ials:factors=64,iters=5,reg=0.1"));
  EXPECT_THROW(SearchSpace::parse("ials:factors=16||32"), Error);

  Fixture f;
  RunSetup setup{f.shop, {}, {}};
  setup.eval.metrics = parse_metric_list("hr@1");
  TuneOptions o;
  o.random = true;
  o.trials = 3;
  o.select = "hr@1";
  const SearchSpace modes = SearchSpace::parse("lookup:mode=test|validation,pad=1|2|3|4");
  const Selection a = select_on_validation(f.factory(), modes, setup, f.split.train, f.split.validation, o, f.ctx);
  const Selection b = select_on_validation(f.factory(), modes, setup, f.split.train, f.split.validation, o, f.ctx);
  ASSERT_EQ(a.trials.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(a.trials[i].spec, b.trials[i].spec);
  std::set<std::string> distinct;
  for (const Trial& t : a.trials) distinct.insert(t.spec.to_string());
  EXPECT_EQ(distinct.size(), 3u);
  // No validation part: tuning refuses rather than falling back to test.
  EXPECT_THROW(select_on_validation(f.factory(), modes, setup, f.split.train, EventTable{}, o, f.ctx), Error);
}

TEST(Tune, HybridWeightsShareOneFitAndScoreAsIfRefitted) {
  const SyntheticShop shop = testing_support::small_shop(150, 7);
  Context ctx{2};
  const EvalSplit split = make_splits(shop.data.events, ProtocolOptions{}, ctx).at(0);
  RunSetup setup{shop.data, {}, {}};
  setup.eval.metrics = parse_metric_list("ndcg@10");
  setup.eval.bootstrap = 0;
  TuneOptions o;
  const ModelFactory hybrids = [](const Spec& s) -> std::unique_ptr<Recommender> { return make_hybrid(s); };
  // Two parts lists (interleaved in grid order) times three weightings.
  const SearchSpace space = SearchSpace::parse("hybrid:models=pop+markov|itemknn+markov,weights=1+0|0+1|1+1");
  const Selection sel = select_on_validation(hybrids, space, setup, split.train, split.validation, o, ctx);
  ASSERT_EQ(sel.trials.size(), 6u);
  std::set<double> values;
  for (size_t t = 0; t < sel.trials.size(); ++t) {
    const Trial& trial = sel.trials[t];
    // Each parts list is fitted once, for its first weighting; the next two retune it.
    EXPECT_EQ(trial.fit_seconds > 0, t % 3 == 0) << trial.spec.to_string();
    if (t % 3) {
      EXPECT_EQ(trial.spec.params.at("models"), sel.trials[t - 1].spec.params.at("models"));
    }
    // A retuned model scores exactly what a model fitted with those weights scores.
    const EvalResult fresh = fit_and_evaluate(hybrids, trial.spec, setup, split.train, split.validation, ctx);
    EXPECT_DOUBLE_EQ(fresh.find("ndcg@10")->mean, trial.validation) << trial.spec.to_string();
    values.insert(trial.validation);
  }
  EXPECT_GE(values.size(), 3u);  // the weightings really differ, so the check above has teeth
  // Models without the ability are fitted for every candidate, in grid order.
  Fixture f;
  RunSetup toy{f.shop, {}, {}};
  toy.eval.metrics = parse_metric_list("hr@1");
  o.select = "hr@1";
  const Selection plain = select_on_validation(f.factory(), SearchSpace::parse("lookup:mode=test|validation"), toy,
                                               f.split.train, f.split.validation, o, f.ctx);
  EXPECT_EQ(plain.trials[0].spec.params.at("mode"), "test");
}

}  // namespace
}  // namespace ss::eval
