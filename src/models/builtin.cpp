// register_builtin_models(): every model in this folder, by name, with its help text made
// from its parameter declarations.
#include "models/builtin.h"

#include <map>

#include "models/registry.h"

namespace ss {
namespace {

struct Builtin {
  const char* name;
  const char* summary;
  std::unique_ptr<ScoringModel> (*make)(const Spec&);
};

const std::vector<Builtin>& builtins() {
  static const std::vector<Builtin> list = {
      {"pop", "popularity: global, trending (time-decayed) or per category", make_popularity},
      {"itemknn", "item-based kNN, cosine / asymmetric cosine with shrinkage", make_item_knn},
      {"userknn", "user-based kNN, cosine with shrinkage", make_user_knn},
      {"ease", "EASE closed-form linear autoencoder (dense items x items)", make_ease},
      {"rp3beta", "RP3beta graph random walk with popularity penalty", make_rp3beta},
      {"ials", "implicit ALS, conjugate-gradient solver, confidence from behaviour weights", make_ials},
      {"bpr", "BPR matrix factorisation, SGD with sampled negatives", make_bpr},
      {"content", "content-based TF-IDF over title, description, category, brand, price band", make_content},
      {"markov", "next-item Markov chain over sessions", make_markov},
      {"fbt", "frequently bought together (co-purchase in a session)", make_fbt},
      {"hybrid", "weighted hybrid of other models", make_hybrid},
  };
  return list;
}

}  // namespace

std::unique_ptr<ScoringModel> make_builtin(const Spec& s) {
  for (const auto& b : builtins())
    if (s.name == b.name) return b.make(s);
  std::string valid;
  for (const auto& b : builtins()) valid += (valid.empty() ? "" : ", ") + std::string(b.name);
  throw Error("unknown model '" + s.name + "'; valid models: " + valid, ErrorCode::kNotFound);
}

void register_builtin_models(RecommenderRegistry& registry) {
  for (const auto& b : builtins()) {
    Spec defaults;
    defaults.name = b.name;
    const auto model = b.make(defaults);
    // The parameter help comes from the model's own declarations.
    std::string help = std::string(b.summary) + "\n";
    RecommenderRegistry::Factory factory = [make = b.make](const Spec& s) -> std::unique_ptr<Recommender> { return make(s); };
    // The hybrid builds its parts through this registry, so models registered later (the
    // deep ones) can take part too.
    if (std::string(b.name) == "hybrid")
      factory = [&registry](const Spec& s) -> std::unique_ptr<Recommender> {
        return make_hybrid(s, [&registry](const Spec& part) { return registry.create(part); });
      };
    registry.add(b.name, help + model->params_help(), std::move(factory));
  }
}

}  // namespace ss
