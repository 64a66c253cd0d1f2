// The model factory the server trains with: the registry of src/models (and src/deep's
// models when that layer is built), or none when this build has no models layer.
#include "serve/model_manager.h"

#if SHOPSENSE_HAVE_MODELS
#include "models/registry.h"
#endif
#if SHOPSENSE_HAVE_DEEP
#include "deep/register.h"
#endif

namespace ss::serve {

ModelManager::Factory builtin_model_factory() {
#if SHOPSENSE_HAVE_MODELS
  auto registry = std::make_shared<RecommenderRegistry>();
  register_builtin_models(*registry);
#if SHOPSENSE_HAVE_DEEP
  register_deep_models(*registry);
#endif
  return [registry](const std::string& spec) { return registry->create(spec); };
#else
  return nullptr;
#endif
}

}  // namespace ss::serve
