#include "eval/protocols.h"

#include <algorithm>
#include <numeric>

#include "core/error.h"
#include "core/rng.h"
#include "eval/user_groups.h"
#include "prep/split.h"

namespace ss::eval {
namespace {

EvalSplit from_indices(std::string label, const EventTable& events, const prep::SplitIndices& idx) {
  prep::Split s = prep::materialise(events, idx);
  EvalSplit out;
  out.label = std::move(label);
  out.train = std::move(s.train);
  out.validation = std::move(s.validation);
  out.test = std::move(s.test);
  return out;
}

// Per-user random K-fold over events: each user's rows are shuffled (seeded per user) and
// dealt round-robin, so every user with >= K events appears in every fold's test.
std::vector<EvalSplit> kfold_splits(const EventTable& events, const ProtocolOptions& o) {
  if (o.folds < 2) throw Error("kfold needs --folds >= 2");
  const size_t nu = user_universe({&events});
  std::vector<uint64_t> offsets(nu + 1, 0);
  for (uint32_t u : events.user)
    if (u != kNone) ++offsets[u + 1];
  std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
  std::vector<uint32_t> rows(offsets.back());
  std::vector<uint64_t> fill(offsets.begin(), offsets.end() - 1);
  for (size_t i = 0; i < events.size(); ++i)
    if (events.user[i] != kNone) rows[fill[events.user[i]]++] = static_cast<uint32_t>(i);
  std::vector<int> fold_of(events.size(), -1);
  for (size_t u = 0; u < nu; ++u) {
    Rng rng(o.seed ^ (0xD1B54A32D192ED03ull * (u + 1)));
    auto b = rows.begin() + offsets[u], e = rows.begin() + offsets[u + 1];
    for (auto n = e - b; n > 1; --n) std::swap(b[n - 1], b[rng.below(n)]);
    for (auto it = b; it != e; ++it) fold_of[*it] = static_cast<int>((it - b) % o.folds);
  }
  std::vector<EvalSplit> out;
  for (int f = 0; f < o.folds; ++f) {
    prep::SplitIndices idx;
    for (size_t i = 0; i < events.size(); ++i) {
      if (fold_of[i] < 0) ++idx.dropped;
      else (fold_of[i] == f ? idx.test : idx.train).push_back(static_cast<uint32_t>(i));
    }
    out.push_back(from_indices("kfold " + std::to_string(f + 1) + "/" + std::to_string(o.folds), events, idx));
  }
  return out;
}

}  // namespace

Protocol parse_protocol(const std::string& name) {
  if (name == "leave-last-out" || name == "loo" || name == "leave-one-out") return Protocol::kLeaveLastOut;
  if (name == "temporal") return Protocol::kTemporal;
  if (name == "holdout") return Protocol::kHoldout;
  if (name == "kfold" || name == "k-fold") return Protocol::kKFold;
  throw Error("unknown protocol '" + name + "'; valid: leave-last-out, temporal, holdout, kfold");
}

std::string protocol_name(Protocol p) {
  switch (p) {
    case Protocol::kLeaveLastOut: return "leave-last-out";
    case Protocol::kTemporal: return "temporal";
    case Protocol::kHoldout: return "holdout";
    case Protocol::kKFold: return "kfold";
  }
  return "?";
}

EventTable EvalSplit::train_and_validation() const {
  EventTable t = train;
  t.append(validation);
  t.sort_by_user_time();
  return t;
}

std::vector<EvalSplit> make_splits(const EventTable& events, const ProtocolOptions& o, Context& ctx) {
  const std::string name = protocol_name(o.protocol);
  switch (o.protocol) {
    case Protocol::kLeaveLastOut: {
      prep::LeaveLastOutOptions lo;
      lo.targets = prep::BehaviorSet::parse(o.targets);
      lo.validation = true;
      lo.min_interactions = o.min_interactions;
      return {from_indices(name, events, prep::leave_last_out(events, lo, ctx))};
    }
    case Protocol::kTemporal: {
      if (o.test_fraction <= 0 || o.test_fraction + o.validation_fraction >= 1)
        throw Error("temporal: need 0 < test fraction and test + validation fraction < 1");
      prep::TemporalOptions t;
      t.cut_ms = prep::time_quantile(events, 1.0 - o.test_fraction);
      if (o.validation_fraction > 0)
        t.validation_ms = t.cut_ms - prep::time_quantile(events, 1.0 - o.test_fraction - o.validation_fraction);
      // A user with nothing before the cut has no history to recommend from; an item never
      // seen in train stays in test (no model can hit it, which is the honest count).
      t.drop_cold_users = true;
      return {from_indices(name, events, prep::temporal_split(events, t))};
    }
    case Protocol::kHoldout: {
      prep::HoldoutOptions h;
      h.test_fraction = o.test_fraction;
      h.validation_fraction = o.validation_fraction;
      h.min_interactions = o.min_interactions;
      h.seed = o.seed;
      return {from_indices(name, events, prep::holdout_split(events, h, ctx))};
    }
    case Protocol::kKFold:
      return kfold_splits(events, o);
  }
  return {};
}

}  // namespace ss::eval
