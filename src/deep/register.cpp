// Kept apart from the models so that code using make_deep_model() alone does not need the
// registry's implementation at link time.
#include "deep/register.h"

#include "models/registry.h"

namespace ss {

void register_deep_models(RecommenderRegistry& registry) {
  for (const auto& name : deep_model_names())
    registry.add(name, deep_model_help(name), [](const Spec& spec) { return make_deep_model(spec); });
}

}  // namespace ss
