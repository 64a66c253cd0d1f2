// CFGAN as an ss::Recommender (and a GanSampler for `generate --from-gan`). Internal to
// src/deep: make_deep_model() builds it for the spec name "cfgan".
#pragma once
#include <memory>
#include <string>

#include "models/recommender.h"

namespace ss::deep {

std::unique_ptr<Recommender> make_cfgan(const Spec& spec);
std::string cfgan_help();

}  // namespace ss::deep
