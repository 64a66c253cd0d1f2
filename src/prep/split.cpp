#include "prep/split.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/rng.h"
#include "prep/user_index.h"

namespace ss::prep {
namespace {

enum Part : uint8_t { kTrain = 0, kValidation = 1, kTest = 2, kDropped = 3 };

SplitIndices collect(const std::vector<uint8_t>& labels) {
  SplitIndices s;
  size_t counts[4] = {0, 0, 0, 0};
  for (uint8_t l : labels) ++counts[l];
  s.train.reserve(counts[kTrain]);
  s.validation.reserve(counts[kValidation]);
  s.test.reserve(counts[kTest]);
  for (size_t i = 0; i < labels.size(); ++i) {
    const auto r = static_cast<uint32_t>(i);
    switch (labels[i]) {
      case kTrain: s.train.push_back(r); break;
      case kValidation: s.validation.push_back(r); break;
      case kTest: s.test.push_back(r); break;
      default: ++s.dropped;
    }
  }
  return s;
}

// Rows without a user id cannot be split per user: they stay in train.
std::vector<uint8_t> initial_labels(const EventTable& e) { return std::vector<uint8_t>(e.size(), kTrain); }

Rng user_rng(uint64_t seed, uint32_t user) {
  Rng r(seed ^ (0xD1B54A32D192ED03ull * (uint64_t{user} + 1)));
  r.next();
  return r;
}

}  // namespace

Split materialise(const EventTable& e, const SplitIndices& s) {
  return {take_rows(e, s.train), take_rows(e, s.validation), take_rows(e, s.test)};
}

BehaviorSet BehaviorSet::only(std::initializer_list<Behavior> types) {
  BehaviorSet s{0};
  for (Behavior b : types) s.bits |= 1u << static_cast<int>(b);
  return s;
}

BehaviorSet BehaviorSet::parse(const std::string& text) {
  if (text.empty() || text == "all") return all();
  BehaviorSet s{0};
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string name = text.substr(start, comma - start);
    const auto b = parse_behavior(name);
    if (!b) throw Error("unknown behaviour type '" + name + "' (use view, click, search, cart, favorite, purchase, ... or all)");
    s.bits |= 1u << static_cast<int>(*b);
    start = comma + 1;
  }
  return s;
}

SplitIndices leave_last_out(const EventTable& e, const LeaveLastOutOptions& o, Context& ctx) {
  const UserIndex idx = build_user_index(e, ctx);
  std::vector<uint8_t> labels = initial_labels(e);
  const size_t needed_targets = o.validation ? 2 : 1;
  ctx.pool->parallel_for(idx.num_users(), [&](size_t lo, size_t hi) {
    for (size_t u = lo; u < hi; ++u) {
      const auto rows = idx.of(static_cast<uint32_t>(u));
      if (rows.size() < std::max<size_t>(o.min_interactions, 2)) continue;
      size_t held[2], found = 0;  // positions within `rows`: test, then validation
      for (size_t j = rows.size(); j-- > 0 && found < needed_targets;)
        if (o.targets.contains(e.type[rows[j]])) held[found++] = j;
      if (found < needed_targets) continue;
      const size_t first_held = held[found - 1];
      if (first_held == 0) continue;  // nothing would be left to train on
      for (size_t j = first_held + 1; j < rows.size(); ++j) labels[rows[j]] = kDropped;
      labels[rows[held[0]]] = kTest;
      if (o.validation) labels[rows[held[1]]] = kValidation;
    }
  }, 1024);
  return collect(labels);
}

SplitIndices temporal_split(const EventTable& e, const TemporalOptions& o) {
  if (o.validation_ms < 0) throw Error("temporal split: the validation window must not be negative");
  std::vector<uint8_t> labels(e.size());
  const int64_t val_from = o.cut_ms - o.validation_ms;
  uint32_t max_user = 0, max_item = 0;
  for (size_t i = 0; i < e.size(); ++i) {
    const int64_t t = e.ts_ms[i];
    labels[i] = t >= o.test_end_ms ? kDropped : t >= o.cut_ms ? kTest : (o.validation_ms > 0 && t >= val_from) ? kValidation : kTrain;
    if (e.user[i] != kNone) max_user = std::max(max_user, e.user[i]);
    if (e.item[i] != kNone) max_item = std::max(max_item, e.item[i]);
  }
  if (o.drop_cold_users || o.drop_cold_items) {
    std::vector<bool> seen_user(size_t{max_user} + 1), seen_item(size_t{max_item} + 1);
    for (size_t i = 0; i < e.size(); ++i) {
      if (labels[i] != kTrain) continue;
      if (e.user[i] != kNone) seen_user[e.user[i]] = true;
      if (e.item[i] != kNone) seen_item[e.item[i]] = true;
    }
    for (size_t i = 0; i < e.size(); ++i) {
      if (labels[i] != kValidation && labels[i] != kTest) continue;
      const bool cold_user = e.user[i] == kNone || !seen_user[e.user[i]];
      const bool cold_item = e.item[i] == kNone || !seen_item[e.item[i]];
      if ((o.drop_cold_users && cold_user) || (o.drop_cold_items && cold_item)) labels[i] = kDropped;
    }
  }
  return collect(labels);
}

int64_t time_quantile(const EventTable& e, double q) {
  if (e.empty()) throw Error("time_quantile: the event table is empty");
  if (!(q >= 0.0 && q <= 1.0)) throw Error("time_quantile: q must be in [0, 1]");
  std::vector<int64_t> ts = e.ts_ms;
  const size_t k = static_cast<size_t>(std::floor(q * static_cast<double>(ts.size())));
  if (k >= ts.size()) return *std::max_element(ts.begin(), ts.end()) + 1;
  std::nth_element(ts.begin(), ts.begin() + static_cast<ptrdiff_t>(k), ts.end());
  return ts[k];
}

SplitIndices holdout_split(const EventTable& e, const HoldoutOptions& o, Context& ctx) {
  if (!(o.test_fraction >= 0 && o.validation_fraction >= 0 && o.test_fraction + o.validation_fraction < 1))
    throw Error("holdout split: test and validation fractions must be >= 0 and sum to less than 1");
  const UserIndex idx = build_user_index(e, ctx);
  std::vector<uint8_t> labels = initial_labels(e);
  ctx.pool->parallel_for(idx.num_users(), [&](size_t lo, size_t hi) {
    std::vector<uint32_t> pos;
    for (size_t u = lo; u < hi; ++u) {
      const auto rows = idx.of(static_cast<uint32_t>(u));
      const size_t n = rows.size();
      if (n < std::max<size_t>(o.min_interactions, 2)) continue;
      auto n_test = static_cast<size_t>(std::llround(static_cast<double>(n) * o.test_fraction));
      auto n_val = static_cast<size_t>(std::llround(static_cast<double>(n) * o.validation_fraction));
      n_test = std::min(n_test, n - 1);
      n_val = std::min(n_val, n - 1 - n_test);
      if (o.latest) {
        for (size_t j = 0; j < n_test; ++j) labels[rows[n - 1 - j]] = kTest;
        for (size_t j = 0; j < n_val; ++j) labels[rows[n - 1 - n_test - j]] = kValidation;
        continue;
      }
      // Partial Fisher-Yates: the first n_test + n_val positions are a uniform sample.
      pos.resize(n);
      for (size_t j = 0; j < n; ++j) pos[j] = static_cast<uint32_t>(j);
      Rng rng = user_rng(o.seed, static_cast<uint32_t>(u));
      for (size_t j = 0; j < n_test + n_val; ++j) std::swap(pos[j], pos[j + rng.below(n - j)]);
      for (size_t j = 0; j < n_test; ++j) labels[rows[pos[j]]] = kTest;
      for (size_t j = n_test; j < n_test + n_val; ++j) labels[rows[pos[j]]] = kValidation;
    }
  }, 1024);
  return collect(labels);
}

std::vector<int> user_folds(const EventTable& e, int folds, uint64_t seed) {
  if (folds < 2) throw Error("K folds: need at least 2 folds");
  uint32_t max_user = 0;
  for (uint32_t u : e.user)
    if (u != kNone) max_user = std::max(max_user, u);
  std::vector<int> fold_of(e.empty() ? 0 : size_t{max_user} + 1, -1);
  std::vector<uint32_t> present;
  for (uint32_t u : e.user)
    if (u != kNone && fold_of[u] == -1) fold_of[u] = 0, present.push_back(u);
  std::sort(present.begin(), present.end());  // independent of row order
  Rng rng(seed);
  for (size_t i = present.size(); i > 1; --i) std::swap(present[i - 1], present[rng.below(i)]);
  for (size_t i = 0; i < present.size(); ++i) fold_of[present[i]] = static_cast<int>(i % static_cast<size_t>(folds));
  return fold_of;
}

SplitIndices user_fold_split(const EventTable& e, const std::vector<int>& fold_of, int fold) {
  std::vector<uint8_t> labels(e.size(), kTrain);
  for (size_t i = 0; i < e.size(); ++i) {
    const uint32_t u = e.user[i];
    if (u != kNone && u < fold_of.size() && fold_of[u] == fold) labels[i] = kTest;
  }
  return collect(labels);
}

std::vector<TimeFold> time_folds(const EventTable& e, const TimeFoldOptions& o) {
  if (o.folds < 1) throw Error("time folds: need at least 1 fold");
  if (e.empty()) throw Error("time folds: the event table is empty");
  const int blocks = o.folds + 1;
  std::vector<int64_t> bounds(static_cast<size_t>(blocks) + 1);  // block b = [bounds[b], bounds[b+1])
  std::vector<int64_t> ts = e.ts_ms;
  std::sort(ts.begin(), ts.end());
  bounds[0] = INT64_MIN;
  bounds[static_cast<size_t>(blocks)] = INT64_MAX;
  for (int b = 1; b < blocks; ++b) {
    if (o.equal_counts) {
      bounds[static_cast<size_t>(b)] = ts[ts.size() * static_cast<size_t>(b) / static_cast<size_t>(blocks)];
    } else {
      const long double span = static_cast<long double>(ts.back() - ts.front()) + 1;
      bounds[static_cast<size_t>(b)] = ts.front() + static_cast<int64_t>(span * b / blocks);
    }
  }
  std::vector<TimeFold> out;
  for (int k = 0; k < o.folds; ++k) {
    const int first = o.max_train_blocks > 0 ? std::max(0, k + 1 - o.max_train_blocks) : 0;
    TimeFold f;
    f.train_from = bounds[static_cast<size_t>(first)];
    f.train_to = bounds[static_cast<size_t>(k) + 1];
    f.test_from = f.train_to + o.gap_ms;
    f.test_to = bounds[static_cast<size_t>(k) + 2];
    out.push_back(f);
  }
  return out;
}

SplitIndices time_fold_split(const EventTable& e, const TimeFold& f) {
  std::vector<uint8_t> labels(e.size());
  for (size_t i = 0; i < e.size(); ++i) {
    const int64_t t = e.ts_ms[i];
    labels[i] = (t >= f.train_from && t < f.train_to) ? kTrain : (t >= f.test_from && t < f.test_to) ? kTest : kDropped;
  }
  return collect(labels);
}

}  // namespace ss::prep
