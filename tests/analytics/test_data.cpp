#include "test_data.h"

namespace ss::analytics::testing {

const SyntheticShop& shop() {
  static const SyntheticShop s = [] {
    GeneratorConfig c;
    c.users = 1500;
    c.items = 400;
    c.categories = 16;
    c.brands = 30;
    c.days = 60;
    c.seed = 7;
    return generate_shop(c);
  }();
  return s;
}

Hand::Hand(size_t users, const std::vector<uint32_t>& item_cat, size_t brands) {
  for (size_t u = 0; u < users; ++u) data.dicts.users.intern("u" + std::to_string(u));
  uint32_t max_cat = 0;
  for (uint32_t c : item_cat) max_cat = std::max(max_cat, c);
  for (uint32_t c = 0; c <= max_cat; ++c) data.dicts.categories.intern("c" + std::to_string(c));
  for (size_t b = 0; b < brands; ++b) data.dicts.brands.intern("b" + std::to_string(b));
  for (size_t i = 0; i < item_cat.size(); ++i) {
    CatalogueItem it;
    it.item = data.dicts.items.intern("i" + std::to_string(i));
    it.category = item_cat[i];
    it.brand = static_cast<uint32_t>(i % brands);
    it.price = 10.f + static_cast<float>(i);
    data.catalogue.upsert(it);
  }
}

Hand& Hand::add(uint32_t user, uint32_t item, Behavior b, int64_t t_min, uint32_t session, float price, float qty) {
  EventRow r{.user = user, .item = item, .ts_ms = kT0 + t_min * kMin, .type = b, .session = session};
  r.price = price;
  r.quantity = qty;
  data.events.push_back(r);
  return *this;
}

}  // namespace ss::analytics::testing
