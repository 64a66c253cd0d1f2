// Recommenders by name. Filled explicitly by register_builtin_models() (and by
// register_deep_models() from src/deep when built with LibTorch): no static-init tricks.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/recommender.h"

namespace ss {

class RecommenderRegistry {
 public:
  using Factory = std::function<std::unique_ptr<Recommender>(const Spec& spec)>;
  RecommenderRegistry() = default;
  // Not copyable: the hybrid's factory builds its parts through the registry it was added to.
  RecommenderRegistry(const RecommenderRegistry&) = delete;
  RecommenderRegistry& operator=(const RecommenderRegistry&) = delete;
  void add(const std::string& name, std::string help, Factory factory);
  // Builds an unfitted model from "name:k=v,...". Throws ss::Error listing the valid names
  // when the name is unknown, or naming the bad key/value.
  std::unique_ptr<Recommender> create(const std::string& spec_text) const;
  std::unique_ptr<Recommender> create(const Spec& spec) const;
  std::vector<std::string> names() const;
  const std::string& help(const std::string& name) const;

 private:
  struct Entry {
    std::string help;
    Factory factory;
  };
  std::map<std::string, Entry> entries_;
};

void register_builtin_models(RecommenderRegistry& registry);

}  // namespace ss
