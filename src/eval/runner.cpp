#include "eval/runner.h"

#include <chrono>
#include <cmath>

#include "core/error.h"

namespace ss::eval {

FittedModel fit_model(const ModelFactory& factory, const Spec& spec, const RunSetup& setup, const EventTable& train,
                      Context& ctx) {
  FittedModel f{factory(spec)};
  const auto t0 = std::chrono::steady_clock::now();
  f.model->fit(TrainData{setup.shop, train, setup.weights}, ctx);
  f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return f;
}

EvalResult fit_and_evaluate(const ModelFactory& factory, const Spec& spec, const RunSetup& setup,
                            const EventTable& train, const EventTable& test, Context& ctx) {
  const FittedModel f = fit_model(factory, spec, setup, train, ctx);
  EvalResult r = evaluate(*f.model, setup.shop.num_items(), train, test, setup.eval, ctx);
  r.fit_seconds = f.seconds;
  return r;
}

EvalResult combine_folds(const std::vector<EvalResult>& folds) {
  if (folds.empty()) throw Error("no folds to combine", ErrorCode::kInternal);
  if (folds.size() == 1) return folds[0];
  EvalResult r = folds[0];
  const double k = double(folds.size());
  r.folds = folds.size();
  r.users = r.cold_users = r.warm_users = 0;
  r.coverage = r.novelty = r.popularity_pct = r.fit_seconds = r.eval_seconds = 0;
  for (MetricValue& m : r.metrics) m = MetricValue{m.name};
  for (const EvalResult& f : folds) {
    r.users += f.users, r.cold_users += f.cold_users, r.warm_users += f.warm_users;
    r.coverage += f.coverage / k, r.novelty += f.novelty / k, r.popularity_pct += f.popularity_pct / k;
    r.fit_seconds += f.fit_seconds, r.eval_seconds += f.eval_seconds;
    for (size_t j = 0; j < r.metrics.size(); ++j) {
      MetricValue& m = r.metrics[j];
      const MetricValue& v = f.metrics[j];
      m.mean += v.mean / k, m.ci_low += v.ci_low / k, m.ci_high += v.ci_high / k;
      m.cold_mean += v.cold_mean / k, m.warm_mean += v.warm_mean / k;
    }
  }
  for (size_t j = 0; j < r.metrics.size(); ++j) {
    double ss = 0;
    for (const EvalResult& f : folds) ss += std::pow(f.metrics[j].mean - r.metrics[j].mean, 2);
    r.metrics[j].std_over_folds = std::sqrt(ss / (k - 1));
  }
  return r;
}

EvalResult run_model(const ModelFactory& factory, const Spec& spec, const RunSetup& setup,
                     const std::vector<EvalSplit>& splits, Context& ctx) {
  std::vector<EvalResult> per_split;
  for (const EvalSplit& s : splits) {
    const EventTable train = s.validation.empty() ? s.train : s.train_and_validation();
    per_split.push_back(fit_and_evaluate(factory, spec, setup, train, s.test, ctx));
  }
  EvalResult r = combine_folds(per_split);
  r.model = spec.to_string();
  r.protocol = splits.size() > 1 ? splits[0].label.substr(0, splits[0].label.find(' ')) +
                                       " (" + std::to_string(splits.size()) + " folds)"
                                 : splits[0].label;
  if (r.sampled) r.protocol += " (sampled: " + std::to_string(r.sampled_negatives) + " negatives)";
  return r;
}

}  // namespace ss::eval
