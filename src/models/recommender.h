// The one model interface. Every recommender (popularity, kNN, EASE, iALS, BPR, content,
// Markov, the LibTorch sequence models, hybrids) implements it and is built by name from a
// spec string through the registry: "ials:factors=64,reg=0.01,iters=15".
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/behavior.h"
#include "core/catalogue.h"
#include "core/context.h"
#include "core/spec.h"

namespace ss {

class Communicator;  // core/collective.h

// How much each behaviour type says about interest; a purchase says more than a view.
struct BehaviorWeights {
  std::array<float, kNumBehaviors> w{1.0f, 1.0f, 0.0f, 3.0f, 0.0f, 2.0f, 5.0f, 0.0f, 0.0f};
  float operator[](Behavior b) const { return w[static_cast<int>(b)]; }
};

// What fit() learns from: the training events (already split; never the test part) and
// the shop's catalogue and dictionaries for content and reasons.
struct TrainData {
  const Dataset& shop;        // catalogue, dicts (events in it are NOT necessarily the training set)
  const EventTable& events;   // the training events
  BehaviorWeights weights;
  // The other processes of a distributed training job (core/collective.h), not owned; each
  // model that supports it shards its fit over them. Null: this process trains alone.
  Communicator* comm = nullptr;
  size_t num_users() const { return shop.num_users(); }
  size_t num_items() const { return shop.num_items(); }
};

// A user's known behaviour, oldest first, supplied by the caller (evaluation passes the
// training history; serving passes the live history, so new events count at once).
struct History {
  std::span<const uint32_t> items;
  std::span<const Behavior> types;  // empty or items.size()
  std::span<const int64_t> ts_ms;   // empty or items.size()
};

struct RecommendRequest {
  uint32_t user = kNone;  // kNone for an anonymous session
  History history;
  size_t k = 10;
  bool exclude_history = true;               // do not recommend items already in history
  std::span<const uint32_t> exclude;         // further items never to return
  std::function<bool(uint32_t item)> allow;  // optional filter (category, price, in stock)
  bool with_reasons = false;
};

struct Recommendation {
  uint32_t item;
  float score;
  std::string reason;  // "because you viewed X", "bought together with Y", "popular in Z"
};

class Recommender {
 public:
  virtual ~Recommender() = default;
  // The registry name and the full parameter set: Spec::parse(spec().to_string()) rebuilds
  // an identical, unfitted model.
  virtual Spec spec() const = 0;
  virtual void fit(const TrainData& data, Context& ctx) = 0;
  // Top-k items, best first. Must be thread-safe (const, no shared scratch).
  virtual std::vector<Recommendation> recommend(const RecommendRequest& req) const = 0;
  virtual void save(std::ostream& out) const = 0;
  virtual void load(std::istream& in) = 0;
};

// An optional ability, asked for with dynamic_cast: item-to-item similarity.
class ItemSimilarity {
 public:
  virtual ~ItemSimilarity() = default;
  virtual std::vector<Recommendation> similar_items(uint32_t item, size_t k) const = 0;
};

// An optional ability, asked for with dynamic_cast: a score for every item, so that a hybrid
// can blend models of any family (classical and deep) item by item.
class DenseScorer {
 public:
  virtual ~DenseScorer() = default;
  // Adds the model's non-negative scores for the request to `scores` (num_items long,
  // zeroed; higher is better). Returns false when the model has nothing to go on.
  virtual bool score(const RecommendRequest& req, std::span<float> scores) const = 0;
  // Why `item` is recommended to this request.
  virtual std::string explain(const RecommendRequest& req, uint32_t item) const = 0;
};

// An optional ability, asked for with dynamic_cast: parameters that only change how a
// fitted model combines what it has learned (a hybrid's weights), so that a parameter
// search tries their values on one fit instead of fitting again for each.
class Retunable {
 public:
  virtual ~Retunable() = default;
  virtual std::vector<std::string> retunable_params() const = 0;
  // Takes `spec`'s values of those parameters (the defaults where it has none); every other
  // parameter of `spec` must be what the model was fitted with.
  virtual void retune(const Spec& spec) = 0;
};

}  // namespace ss
