// Tiny deterministic recommenders defined only for the evaluation tests, so the loop is
// checked against hand-computed rankings without depending on the real models.
#pragma once
#include <algorithm>
#include <functional>
#include <map>
#include <vector>

#include "models/recommender.h"

namespace ss::eval::testing {

// Recommends items in a fixed order (ascending id unless `order` is given), skipping the
// history when asked and honouring `allow`.
class FixedOrder : public Recommender {
 public:
  explicit FixedOrder(size_t num_items, std::vector<uint32_t> order = {}) : order_(std::move(order)) {
    if (order_.empty())
      for (uint32_t i = 0; i < num_items; ++i) order_.push_back(i);
  }
  Spec spec() const override { return Spec{"fixed", {}}; }
  void fit(const TrainData& data, Context&) override { fitted_events = data.events.size(); }
  std::vector<Recommendation> recommend(const RecommendRequest& req) const override {
    std::vector<Recommendation> out;
    for (uint32_t i : order_) {
      if (out.size() == req.k) break;
      if (req.exclude_history &&
          std::find(req.history.items.begin(), req.history.items.end(), i) != req.history.items.end())
        continue;
      if (req.allow && !req.allow(i)) continue;
      out.push_back({i, float(order_.size() - out.size()), ""});
    }
    return out;
  }
  void save(std::ostream&) const override {}
  void load(std::istream&) override {}
  size_t fitted_events = 0;

 private:
  std::vector<uint32_t> order_;
};

// Recommends the item after the user's most recent one (last + 1): right only when the
// loop hands over the history oldest first.
class NextAfterLast : public Recommender {
 public:
  explicit NextAfterLast(size_t num_items) : n_(num_items) {}
  Spec spec() const override { return Spec{"next", {}}; }
  void fit(const TrainData&, Context&) override {}
  std::vector<Recommendation> recommend(const RecommendRequest& req) const override {
    if (req.history.items.empty()) return {};
    return {{static_cast<uint32_t>((req.history.items.back() + 1) % n_), 1.0f, ""}};
  }
  void save(std::ostream&) const override {}
  void load(std::istream&) override {}

 private:
  size_t n_;
};

// Recommends for each user the item a lookup table names, chosen by the spec's "mode":
// the tuning test uses it to build candidates that differ only on test data.
class Lookup : public Recommender {
 public:
  Lookup(Spec spec, std::map<uint32_t, uint32_t> item_of_user)
      : spec_(std::move(spec)), item_of_user_(std::move(item_of_user)) {}
  Spec spec() const override { return spec_; }
  void fit(const TrainData&, Context&) override {}
  std::vector<Recommendation> recommend(const RecommendRequest& req) const override {
    auto it = item_of_user_.find(req.user);
    if (it == item_of_user_.end()) return {};
    return {{it->second, 1.0f, ""}};
  }
  void save(std::ostream&) const override {}
  void load(std::istream&) override {}

 private:
  Spec spec_;
  std::map<uint32_t, uint32_t> item_of_user_;
};

inline void add_event(EventTable& t, uint32_t user, uint32_t item, int64_t ts) {
  EventRow r;
  r.user = user;
  r.item = item;
  r.ts_ms = ts;
  t.push_back(r);
}

}  // namespace ss::eval::testing
