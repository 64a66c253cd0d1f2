// Model files on disk: a versioned header (magic, format version, spec) and the model's
// body. Loading reads the spec first, so the caller needs no idea which model it holds.
#pragma once
#include <memory>
#include <string>

#include "models/registry.h"

namespace ss {

void save_model_file(const Recommender& model, const std::string& path);
std::unique_ptr<Recommender> load_model_file(const std::string& path, const RecommenderRegistry& registry);

}  // namespace ss
