// Constructors of the built-in models (one file each); registered by builtin.cpp.
#pragma once
#include <functional>
#include <memory>

#include "models/scoring_model.h"

namespace ss {

std::unique_ptr<ScoringModel> make_popularity(const Spec& s);
std::unique_ptr<ScoringModel> make_item_knn(const Spec& s);
std::unique_ptr<ScoringModel> make_user_knn(const Spec& s);
std::unique_ptr<ScoringModel> make_ease(const Spec& s);
std::unique_ptr<ScoringModel> make_rp3beta(const Spec& s);
std::unique_ptr<ScoringModel> make_ials(const Spec& s);
std::unique_ptr<ScoringModel> make_bpr(const Spec& s);
std::unique_ptr<ScoringModel> make_content(const Spec& s);
std::unique_ptr<ScoringModel> make_markov(const Spec& s);
std::unique_ptr<ScoringModel> make_fbt(const Spec& s);
std::unique_ptr<ScoringModel> make_hybrid(const Spec& s);  // parts: built-in models only
// A hybrid whose parts come from `make_part` (the registry: deep models too). make_part is
// kept for load(), so what it refers to must outlive the model's loading.
using PartFactory = std::function<std::unique_ptr<Recommender>(const Spec&)>;
std::unique_ptr<ScoringModel> make_hybrid(const Spec& s, PartFactory make_part);

// Any built-in model by spec (the hybrid builds its parts with it).
std::unique_ptr<ScoringModel> make_builtin(const Spec& s);

}  // namespace ss
