// Hyperparameter search that selects on the VALIDATION split only. The selection step is
// given train and validation and nothing else, so the test events cannot influence which
// parameters win; the winner is then fitted on train + validation and scored on test once.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "eval/runner.h"

namespace ss::eval {

// "ials:factors=32|64,reg=0.01|0.1": a model name and, per parameter, the values to try.
struct SearchSpace {
  std::string model;
  std::vector<std::pair<std::string, std::vector<std::string>>> axes;

  static SearchSpace parse(const std::string& text);
  size_t size() const;         // number of grid points
  Spec at(size_t index) const; // grid point `index` (mixed radix over the axes)
};

struct TuneOptions {
  bool random = false;  // random search: `trials` distinct grid points drawn with `seed`
  size_t trials = 10;
  std::string select = "ndcg@10";  // the metric maximised on validation
  uint64_t seed = 42;
};

struct Trial {
  Spec spec;
  double validation = 0;
  double fit_seconds = 0;
};

struct Selection {
  Spec best;
  std::vector<Trial> trials;  // in the order tried
};

// Fits each candidate on `train`, scores it on `validation`, returns the best.
Selection select_on_validation(const ModelFactory& factory, const SearchSpace& space,
                               const RunSetup& setup, const EventTable& train,
                               const EventTable& validation, const TuneOptions& options, Context& ctx);

struct TuneResult {
  Selection selection;
  EvalResult test;  // the chosen spec on test; note says what was chosen and how
};

// Selection on split.validation, then one final fit on train + validation, scored on test.
TuneResult tune(const ModelFactory& factory, const SearchSpace& space, const RunSetup& setup,
                const EvalSplit& split, const TuneOptions& options, Context& ctx);

}  // namespace ss::eval
