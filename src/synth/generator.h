// A synthetic shop with planted ground truth, deterministic for a seed: catalogue with
// categories, brands, prices and titles; users with hidden category/brand/price-band
// tastes; sessions with a realistic funnel (views >> carts > purchases), daily and weekly
// rhythms, repeat purchases, churners, bots, searches made of catalogue words, exact
// duplicate events, and planted "bought together" item pairs.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/catalogue.h"

namespace ss {

struct GeneratorConfig {
  uint64_t users = 1000;
  uint64_t items = 500;
  uint32_t categories = 20;
  uint32_t brands = 40;
  uint32_t days = 60;
  double sessions_per_user = 6;     // mean over the active period
  double bot_fraction = 0.01;
  double churn_fraction = 0.2;      // users who stop half-way through the period
  double duplicate_fraction = 0.002;
  int64_t start_ms = 1704067200000;  // 2024-01-01T00:00:00Z
  uint64_t seed = 42;
};

struct UserTruth {
  std::vector<uint32_t> categories;  // preferred categories, strongest first (category ids)
  uint32_t brand = kNone;            // preferred brand (brand id)
  int price_band = 1;                // 0 cheap, 1 mid, 2 premium (tercile within category)
  bool churner = false;
  int64_t churn_ms = 0;              // last possible activity for a churner
  bool bot = false;
  double sessions_per_day = 0;       // expected sessions per day while active (planted activity)
  double buy_rate = 0.45;            // chance that a carted item is bought (decisive vs hesitant buyers)
};

struct GroundTruth {
  std::vector<UserTruth> users;          // indexed by user id
  std::vector<uint32_t> item_category;   // indexed by item id
  std::vector<uint32_t> item_brand;
  std::vector<int> item_price_band;
  std::vector<uint32_t> complement;      // item often bought right after this one
  std::vector<double> brand_appeal;      // by brand id: multiplies its items' popularity
  uint64_t duplicates = 0;               // exact duplicate events planted
};

struct SyntheticShop {
  Dataset data;
  GroundTruth truth;
};

// The whole shop in memory, events sorted by time. For tests and small demos.
SyntheticShop generate_shop(const GeneratorConfig& config);

// The catalogue and truth only, with users' events streamed one user at a time (events of
// a user in time order) to `sink`, so 100 million events need no memory. External ids are
// "u<id>", "i<id>"; Dataset dicts in `shop` are filled in.
void generate_shop_streaming(const GeneratorConfig& config, SyntheticShop& shop,
                             const std::function<void(const EventTable&)>& sink);

// Files a shop hands ShopSense, written to DIR:
//   events.csv     header user_id,item_id,behavior,timestamp,session_id,query,quantity,price
//                  (timestamp ISO 8601 UTC with milliseconds); with `dirty_rows` malformed
//                  rows mixed in (wrong column count, bad timestamp, unknown behaviour)
//   catalogue.csv  header item_id,title,description,category_path,brand,price,created_at,in_stock
//   truth.json     the planted truth
// Returns the number of event rows written (dirty ones included).
uint64_t write_shop_files(const GeneratorConfig& config, const std::string& dir, uint64_t dirty_rows);

// A Taobao UserBehavior-format file (user,item,category,pv|cart|fav|buy,unix seconds; no
// header) of about `events` rows, for ingest benchmarks.
uint64_t write_taobao_file(const GeneratorConfig& config, const std::string& path, uint64_t events);

}  // namespace ss
