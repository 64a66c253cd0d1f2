// The product catalogue and optional user attributes.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/dictionary.h"
#include "core/events.h"

namespace ss {

struct CatalogueItem {
  uint32_t item = kNone;      // id in Dictionaries::items
  std::string title;
  std::string description;
  std::string category_path;  // "Home > Kitchen > Knives"
  uint32_t category = kNone;  // leaf category, id in Dictionaries::categories
  uint32_t brand = kNone;     // id in Dictionaries::brands
  float price = kNoValue;
  std::vector<std::pair<std::string, std::string>> attributes;
  int64_t created_ms = kNoTime;
  bool in_stock = true;
};

class Catalogue {
 public:
  // Adds the item or replaces the entry with the same item id.
  void upsert(CatalogueItem item);
  bool remove(uint32_t item);
  // nullptr when the item has no catalogue entry.
  const CatalogueItem* find(uint32_t item) const;
  const std::vector<CatalogueItem>& items() const { return items_; }
  size_t size() const { return items_.size(); }
  // Leaf category of each item id in [0, num_items), kNone where unknown: the form hot
  // loops want.
  std::vector<uint32_t> category_by_item(size_t num_items) const;
  std::vector<uint32_t> brand_by_item(size_t num_items) const;
  std::vector<float> price_by_item(size_t num_items) const;

 private:
  std::vector<CatalogueItem> items_;
  std::vector<uint32_t> slot_;  // item id -> index in items_, kNone if absent
};

struct UserAttributes {
  uint32_t user = kNone;
  std::vector<std::pair<std::string, std::string>> attributes;
};

struct Dictionaries {
  Dictionary users, items, categories, brands, queries, refs, contexts;

  template <typename F>
  void for_each(F&& f) {
    f("users", users); f("items", items); f("categories", categories); f("brands", brands);
    f("queries", queries); f("refs", refs); f("contexts", contexts);
  }
};

// Everything a shop has fed ShopSense, in memory: what the store loads and what later
// layers (analytics, models, search) consume.
struct Dataset {
  Dictionaries dicts;
  EventTable events;
  Catalogue catalogue;
  std::vector<UserAttributes> users;

  size_t num_users() const { return dicts.users.size(); }
  size_t num_items() const { return dicts.items.size(); }
  // The catalogue's leaf category per item, falling back to the category seen on events.
  std::vector<uint32_t> item_categories() const;
};

}  // namespace ss
