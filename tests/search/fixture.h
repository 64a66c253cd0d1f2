// A small hand-made catalogue for the search tests.
#pragma once
#include <string>
#include <vector>

#include "core/catalogue.h"

namespace ss::search::fixture {

struct Shop {
  Dataset data;
  uint32_t add(const std::string& id, const std::string& title, const std::string& brand, const std::string& category,
               float price, std::vector<std::pair<std::string, std::string>> attrs = {}, bool in_stock = true,
               int64_t created_ms = 0) {
    CatalogueItem it;
    it.item = data.dicts.items.intern(id);
    it.title = title;
    it.brand = data.dicts.brands.intern(brand);
    it.category = data.dicts.categories.intern(category);
    it.category_path = "Shop > " + category;
    it.price = price;
    it.attributes = std::move(attrs);
    it.in_stock = in_stock;
    it.created_ms = created_ms;
    data.catalogue.upsert(it);
    return it.item;
  }
};

inline Shop tools_shop() {
  Shop s;
  s.add("d1", "Cordless Drill 18V", "Bosch", "drills", 99, {{"colour", "blue"}}, true, 1);
  s.add("d2", "Hammer Drill with case", "Makita", "drills", 149, {{"colour", "teal"}}, true, 2);
  s.add("d3", "Compact drill driver", "Bosch", "drills", 59, {{"colour", "blue"}}, false, 3);
  s.add("d4", "Drill bit set titanium", "Dewalt", "accessories", 19, {{"colour", "yellow"}}, true, 4);
  s.add("g1", "Gas grill with side burner", "Weber", "grills", 399, {{"colour", "black"}}, true, 5);
  s.add("r1", "French door refrigerator", "Samsung", "fridges", 1299, {{"colour", "steel"}}, true, 6);
  s.add("t1", "Smart television 55 inch", "Samsung", "tvs", 499, {{"colour", "black"}}, true, 7);
  s.add("c1", "苹果手机壳 透明", "Apple", "phone cases", 9, {}, true, 8);
  return s;
}

}  // namespace ss::search::fixture
