// Internal to src/synth: the hidden model of a synthetic shop (catalogue, tastes,
// rhythms) and the per-user behaviour simulator. Public entry points are in generator.h.
#pragma once
#include <string>
#include <vector>

#include "core/rng.h"
#include "synth/generator.h"

namespace ss::synth {

struct CategoryInfo {
  std::string name, department;
  double popularity = 1;
  double base_price = 20;
  bool consumable = false;             // bought again every few weeks
  std::vector<uint32_t> items;         // items in this category
  std::vector<double> cumulative_pop;  // cumulative item popularity, for sampling
  std::vector<uint32_t> brands;        // brands selling here
};

// Builds the catalogue and the users' hidden tastes, then simulates users one at a time.
class ShopModel {
 public:
  ShopModel(const GeneratorConfig& config, SyntheticShop& shop);
  // Appends user u's events (time-ordered) to `out`; fills shop.truth.users[u].
  void simulate_user(uint32_t u, EventTable& out);
  // Adds users beyond config.users (for files sized by event count).
  void add_user(uint32_t u);

 private:
  void build_categories();
  void build_brands();
  void build_items();
  void build_queries_vocabulary();
  uint32_t pick_category(Rng& rng) const;
  // An item already launched at `now_ms`, fitting the user's taste more often than not.
  uint32_t pick_item(Rng& rng, uint32_t category, const UserTruth& taste, int64_t now_ms) const;
  int64_t session_start(Rng& rng, int64_t from_ms, int64_t to_ms) const;
  void simulate_session(Rng& rng, uint32_t u, int64_t t, EventTable& out);
  void simulate_bot(Rng& rng, uint32_t u, EventTable& out);
  void emit(Rng& rng, EventTable& out, const EventRow& row);

  const GeneratorConfig& cfg_;
  SyntheticShop& shop_;
  Rng rng_;
  std::vector<CategoryInfo> cats_;
  std::vector<double> cat_cumulative_;
  std::vector<std::string> brand_names_;
  std::vector<float> item_price_;
  std::vector<int64_t> item_created_;
  std::vector<std::vector<std::string>> item_words_;  // words usable in queries
  uint32_t next_session_ = 0;
};

}  // namespace ss::synth
