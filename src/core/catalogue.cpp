#include "core/catalogue.h"

namespace ss {

void Catalogue::upsert(CatalogueItem item) {
  if (item.item >= slot_.size()) slot_.resize(item.item + 1, kNone);
  uint32_t& s = slot_[item.item];
  if (s == kNone) {
    s = static_cast<uint32_t>(items_.size());
    items_.push_back(std::move(item));
  } else {
    items_[s] = std::move(item);
  }
}

bool Catalogue::remove(uint32_t item) {
  if (item >= slot_.size() || slot_[item] == kNone) return false;
  const uint32_t s = slot_[item];
  if (s + 1 != items_.size()) {
    items_[s] = std::move(items_.back());
    slot_[items_[s].item] = s;
  }
  items_.pop_back();
  slot_[item] = kNone;
  return true;
}

const CatalogueItem* Catalogue::find(uint32_t item) const {
  if (item >= slot_.size() || slot_[item] == kNone) return nullptr;
  return &items_[slot_[item]];
}

std::vector<uint32_t> Catalogue::category_by_item(size_t n) const {
  std::vector<uint32_t> out(n, kNone);
  for (const auto& it : items_)
    if (it.item < n) out[it.item] = it.category;
  return out;
}

std::vector<uint32_t> Catalogue::brand_by_item(size_t n) const {
  std::vector<uint32_t> out(n, kNone);
  for (const auto& it : items_)
    if (it.item < n) out[it.item] = it.brand;
  return out;
}

std::vector<float> Catalogue::price_by_item(size_t n) const {
  std::vector<float> out(n, kNoValue);
  for (const auto& it : items_)
    if (it.item < n) out[it.item] = it.price;
  return out;
}

std::vector<uint32_t> Dataset::item_categories() const {
  std::vector<uint32_t> out = catalogue.category_by_item(num_items());
  if (events.has_category()) {
    for (size_t i = 0; i < events.size(); ++i) {
      const uint32_t it = events.item[i];
      if (it != kNone && it < out.size() && out[it] == kNone) out[it] = events.category[i];
    }
  }
  return out;
}

}  // namespace ss
