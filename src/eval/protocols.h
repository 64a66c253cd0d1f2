// Evaluation protocols: how a behaviour log is cut into what a model learns from
// (train), what tuning selects on (validation) and what is reported (test).
//   leave-last-out  per user: last event test, second last validation (S3-Rec / SASRec)
//   temporal        global time cut: the latest share of events is test, the window before
//                   it validation
//   holdout         per user: a random share of each user's events is test (and validation)
//   kfold           per user: each user's events dealt at random into K folds; every fold is
//                   test once (no validation), results are the mean and std over folds
#pragma once
#include <string>
#include <vector>

#include "core/context.h"
#include "core/events.h"

namespace ss::eval {

enum class Protocol { kLeaveLastOut, kTemporal, kHoldout, kKFold };

struct ProtocolOptions {
  Protocol protocol = Protocol::kLeaveLastOut;
  double test_fraction = 0.2;        // temporal (of events) and holdout (of each user's events)
  double validation_fraction = 0.1;  // temporal and holdout
  int folds = 5;                     // kfold
  size_t min_interactions = 3;       // leave-last-out and holdout: users with fewer stay in train
  std::string targets = "all";       // leave-last-out: behaviour types that can be held out
  uint64_t seed = 42;
};

// "leave-last-out" (also "loo"), "temporal", "holdout", "kfold"; throws listing the names.
Protocol parse_protocol(const std::string& name);
std::string protocol_name(Protocol p);

struct EvalSplit {
  std::string label;  // "leave-last-out", "kfold 2/5", ...
  EventTable train, validation, test;
  // train + validation, ordered by (user, time): what the model is fitted on before the
  // final test (the validation events are the users' latest known history then).
  EventTable train_and_validation() const;
};

// One split, or K for kfold.
std::vector<EvalSplit> make_splits(const EventTable& events, const ProtocolOptions& options,
                                   Context& ctx);

}  // namespace ss::eval
