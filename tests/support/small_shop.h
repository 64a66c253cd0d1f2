// The small generated shop that model tests train on in seconds: 120 items in 8 categories
// and 10 brands over 30 days, planted tastes, no bots. One definition, so tests that compare
// numbers (or processes that must build identical data) agree on it.
#pragma once
#include <cstdint>

#include "synth/generator.h"

namespace ss::testing_support {

inline SyntheticShop small_shop(uint64_t users, uint64_t seed) {
  GeneratorConfig c;
  c.users = users;
  c.items = 120;
  c.categories = 8;
  c.brands = 10;
  c.days = 30;
  c.bot_fraction = 0;
  c.seed = seed;
  return generate_shop(c);
}

}  // namespace ss::testing_support
