// Attribution and A/B testing. Every recommendation response gets an id and is remembered
// (placement, model, variant); later events that cite it in `ref` mark it clicked, carted or
// bought. Users are routed between an experiment's variants by a hash of (experiment, user),
// so a user always sees the same variant, and each variant's click-through and conversion
// are reported with Wilson 95% confidence intervals.
#pragma once
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/behavior.h"
#include "serve/http_error.h"

namespace ss::serve {

struct Variant {
  std::string name, model;  // model: a served model's name, "" for the default
  double weight = 1;
};

struct Experiment {
  std::string name;
  std::vector<Variant> variants;
  // Deterministic: the same (experiment, user) always gets the same variant.
  const Variant& route(std::string_view user) const;
  static Experiment from_json(const Json& j);
  Json to_json() const;
};

// Lower and upper bound of the Wilson score interval for k successes in n trials.
std::pair<double, double> wilson_interval(uint64_t k, uint64_t n, double z = 1.96);

class Attribution {
 public:
  explicit Attribution(size_t capacity, uint64_t salt);
  // Remembers a response and returns its id.
  std::string record(const std::string& placement, const std::string& model, const std::string& experiment,
                     const std::string& variant);
  // An event citing a response id; unknown (or forgotten) ids are ignored. True if attributed.
  bool on_event(std::string_view ref, Behavior type);
  // Per (placement, model, experiment, variant): responses, clicked, carted, purchased, with
  // CTR and conversion intervals.
  Json report() const;

  void set_experiment(Experiment e);
  bool remove_experiment(const std::string& name);
  // nullptr-free copy of the active experiment, if any.
  bool experiment(Experiment& out) const;

 private:
  struct Key {
    std::string placement, model, experiment, variant;
    auto operator<=>(const Key&) const = default;
  };
  struct Counts {
    uint64_t responses = 0, clicked = 0, carted = 0, purchased = 0;
  };
  struct Response {
    uint64_t number = ~uint64_t{0};  // which response this slot holds (ids carry it)
    std::pair<const Key, Counts>* group = nullptr;  // its entry in counts_ (map nodes stay put)
    uint8_t flags = 0;  // 1 clicked, 2 carted, 4 purchased: each counted once per response
  };
  mutable std::mutex mu_;
  size_t capacity_;
  uint64_t salt_, next_ = 0;
  std::string prefix_;  // "r" + the salt in hex: every id of this process starts with it
  std::map<Key, Counts> counts_;
  std::pair<const Key, Counts>* last_ = nullptr;  // most responses repeat the previous one's key
  // Response number n lives in slot n % capacity_ until a newer one takes it: no
  // allocation per response and eviction of the oldest for free.
  std::vector<Response> ring_;
  bool has_experiment_ = false;
  Experiment experiment_;
};

}  // namespace ss::serve
