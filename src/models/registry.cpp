#include "models/registry.h"

#include "core/error.h"

namespace ss {

void RecommenderRegistry::add(const std::string& name, std::string help, Factory factory) {
  entries_[name] = Entry{std::move(help), std::move(factory)};
}

std::unique_ptr<Recommender> RecommenderRegistry::create(const std::string& spec_text) const {
  return create(Spec::parse(spec_text));
}

std::unique_ptr<Recommender> RecommenderRegistry::create(const Spec& spec) const {
  auto it = entries_.find(spec.name);
  if (it == entries_.end()) {
    std::string valid;
    for (const auto& [name, e] : entries_) valid += (valid.empty() ? "" : ", ") + name;
    throw Error("unknown model '" + spec.name + "'; valid models: " + (valid.empty() ? "(none registered)" : valid),
                ErrorCode::kNotFound);
  }
  return it->second.factory(spec);
}

std::vector<std::string> RecommenderRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, e] : entries_) out.push_back(name);
  return out;
}

const std::string& RecommenderRegistry::help(const std::string& name) const {
  auto it = entries_.find(name);
  if (it == entries_.end()) throw Error("unknown model '" + name + "'", ErrorCode::kNotFound);
  return it->second.help;
}

}  // namespace ss
