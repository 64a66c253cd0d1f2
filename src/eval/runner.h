// Fitting and scoring one model over a protocol's splits: the model is fitted on train +
// validation (everything before the test events) and scored on test with that same data
// as each user's history. For K folds the numbers are means over folds, with their std.
#pragma once
#include <functional>
#include <memory>
#include <vector>

#include "core/catalogue.h"
#include "core/context.h"
#include "eval/evaluator.h"
#include "eval/protocols.h"
#include "models/recommender.h"

namespace ss::eval {

// Builds an unfitted model from a spec (the registry's create, or a test's own models).
using ModelFactory = std::function<std::unique_ptr<Recommender>(const Spec&)>;

struct RunSetup {
  const Dataset& shop;  // catalogue and dictionaries (its events are not what models fit on)
  BehaviorWeights weights;
  EvalOptions eval;
};

// Builds `spec` and fits it on `train`; `seconds` is the fit's wall time.
struct FittedModel {
  std::unique_ptr<Recommender> model;
  double seconds = 0;
};
FittedModel fit_model(const ModelFactory& factory, const Spec& spec, const RunSetup& setup, const EventTable& train,
                      Context& ctx);

// Fits `spec` on `train` and scores it on `test` (histories from `train`).
EvalResult fit_and_evaluate(const ModelFactory& factory, const Spec& spec, const RunSetup& setup,
                            const EventTable& train, const EventTable& test, Context& ctx);

// Over every split (one, or K folds), on the test parts; the result's protocol names the
// split and says "sampled" when it was.
EvalResult run_model(const ModelFactory& factory, const Spec& spec, const RunSetup& setup,
                     const std::vector<EvalSplit>& splits, Context& ctx);

// Mean over fold results, with the std of each metric's fold means.
EvalResult combine_folds(const std::vector<EvalResult>& folds);

}  // namespace ss::eval
