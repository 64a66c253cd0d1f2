#include "eval/tune.h"

#include <algorithm>
#include <map>
#include <cstdio>

#include "core/error.h"
#include "core/rng.h"

namespace ss::eval {

SearchSpace SearchSpace::parse(const std::string& text) {
  // Spec::parse would reject nothing here, but '|' lists are ours to split.
  const Spec spec = Spec::parse(text);
  SearchSpace s;
  s.model = spec.name;
  for (const auto& [key, value] : spec.params) {
    std::vector<std::string> values;
    size_t start = 0;
    while (true) {
      const size_t bar = value.find('|', start);
      const std::string v = value.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
      if (v.empty()) throw Error("tune space '" + text + "': empty value for '" + key + "'");
      values.push_back(v);
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
    s.axes.emplace_back(key, std::move(values));
  }
  return s;
}

size_t SearchSpace::size() const {
  size_t n = 1;
  for (const auto& axis : axes) n *= axis.second.size();
  return n;
}

Spec SearchSpace::at(size_t index) const {
  Spec spec;
  spec.name = model;
  for (const auto& [key, values] : axes) {
    spec.params[key] = values[index % values.size()];
    index /= values.size();
  }
  return spec;
}

Selection select_on_validation(const ModelFactory& factory, const SearchSpace& space,
                               const RunSetup& setup, const EventTable& train,
                               const EventTable& validation, const TuneOptions& o, Context& ctx) {
  if (validation.empty())
    throw Error("tuning needs a validation split; use --protocol leave-last-out, temporal or holdout");
  const MetricSpec target = MetricSpec::parse(o.select);
  RunSetup s = setup;
  if (std::find(s.eval.metrics.begin(), s.eval.metrics.end(), target) == s.eval.metrics.end())
    s.eval.metrics.push_back(target);
  s.eval.bootstrap = 0;  // selection needs only the means

  std::vector<size_t> order(space.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (o.random) {
    Rng rng(o.seed);
    for (size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);
    order.resize(std::min(order.size(), o.trials));
  }
  // Candidates that differ only in parameters a fitted model can change in place (a
  // hybrid's weights) share one fit: group them (in order of first appearance), fit the
  // first of each group and retune the model for the rest.
  std::vector<std::string> in_place;
  if (!order.empty())
    if (const auto probe = factory(space.at(order[0])); const auto* r = dynamic_cast<const Retunable*>(probe.get()))
      in_place = r->retunable_params();
  std::map<size_t, std::string> fit_key;  // per candidate: its spec without those parameters
  for (size_t idx : order) {
    Spec spec = space.at(idx);
    for (const auto& name : in_place) spec.params.erase(name);
    fit_key[idx] = spec.to_string();
  }
  if (!in_place.empty()) {
    std::map<std::string, size_t> group;  // fit key -> rank of its first appearance
    for (size_t idx : order) group.emplace(fit_key[idx], group.size());
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return group[fit_key[a]] < group[fit_key[b]]; });
  }

  Selection sel;
  double best = -1;
  std::unique_ptr<Recommender> model;
  std::string model_key;
  for (size_t idx : order) {
    const Spec spec = space.at(idx);
    double fit_seconds = 0;  // 0: the previous candidate's fit, retuned
    if (!model || in_place.empty() || fit_key[idx] != model_key) {
      model.reset();  // one fitted model alive at a time
      FittedModel f = fit_model(factory, spec, s, train, ctx);
      model = std::move(f.model);
      fit_seconds = f.seconds;
      model_key = fit_key[idx];
    } else {
      dynamic_cast<Retunable&>(*model).retune(spec);
    }
    const EvalResult r = evaluate(*model, s.shop.num_items(), train, validation, s.eval, ctx);
    const double v = r.find(target.name())->mean;
    sel.trials.push_back({spec, v, fit_seconds});
    if (!ctx.quiet) std::fprintf(stderr, "tune %s: validation %s = %.4f\n", spec.to_string().c_str(), target.name().c_str(), v);
    if (v > best) best = v, sel.best = spec;  // ties keep the earlier candidate
  }
  return sel;
}

TuneResult tune(const ModelFactory& factory, const SearchSpace& space, const RunSetup& setup,
                const EvalSplit& split, const TuneOptions& o, Context& ctx) {
  TuneResult t;
  t.selection = select_on_validation(factory, space, setup, split.train, split.validation, o, ctx);
  t.test = run_model(factory, t.selection.best, setup, {split}, ctx);
  char buf[160];
  std::snprintf(buf, sizeof buf, "tuned: %s search, %zu trials, best validation %s = %.4f",
                o.random ? "random" : "grid", t.selection.trials.size(), o.select.c_str(),
                [&] {
                  for (const Trial& tr : t.selection.trials)
                    if (tr.spec == t.selection.best) return tr.validation;
                  return 0.0;
                }());
  t.test.note = buf;
  return t;
}

}  // namespace ss::eval
