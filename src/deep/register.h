// The LibTorch models as ordinary ss::Recommender objects. No torch in this header: the
// rest of ShopSense builds them by spec ("sasrec:dim=64,loss=ce") and never sees a tensor.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "models/recommender.h"

namespace ss {

class RecommenderRegistry;

// Adds sasrec, caser, gru4rec (and cfgan where built) to the registry.
void register_deep_models(RecommenderRegistry& registry);

// Builds an unfitted deep model directly (what the registry factories call).
std::unique_ptr<Recommender> make_deep_model(const Spec& spec);
std::vector<std::string> deep_model_names();
// Parameter help for one deep model name.
std::string deep_model_help(const std::string& name);

}  // namespace ss
