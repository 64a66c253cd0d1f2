#include "serve/dataset_merge.h"

#include <algorithm>

namespace ss::serve {
namespace {

// other id -> into id for one dictionary, interning names `into` lacks.
std::vector<uint32_t> remap(Dictionary& into, const Dictionary& other) {
  std::vector<uint32_t> m(other.size());
  for (uint32_t i = 0; i < other.size(); ++i) m[i] = into.intern(other.name(i));
  into.mark_committed();
  return m;
}

void translate(std::vector<uint32_t>& col, const std::vector<uint32_t>& m) {
  for (uint32_t& v : col)
    if (v != kNone) v = v < m.size() ? m[v] : kNone;
}

}  // namespace

void merge_dataset(Dataset& into, const Dataset& other) {
  const auto users = remap(into.dicts.users, other.dicts.users), items = remap(into.dicts.items, other.dicts.items),
             cats = remap(into.dicts.categories, other.dicts.categories), brands = remap(into.dicts.brands, other.dicts.brands),
             queries = remap(into.dicts.queries, other.dicts.queries), refs = remap(into.dicts.refs, other.dicts.refs),
             contexts = remap(into.dicts.contexts, other.dicts.contexts);
  EventTable e = other.events;
  translate(e.user, users), translate(e.item, items), translate(e.category, cats);
  translate(e.query, queries), translate(e.ref, refs), translate(e.context, contexts);
  if (e.has_session()) {
    uint32_t offset = 0;
    for (uint32_t s : into.events.session)
      if (s != kNone) offset = std::max(offset, s + 1);
    for (uint32_t& s : e.session)
      if (s != kNone) s += offset;
  }
  into.events.append(e);  // fills optional columns one side lacks with "absent"
  for (CatalogueItem c : other.catalogue.items()) {
    c.item = c.item < items.size() ? items[c.item] : kNone;
    if (c.category != kNone) c.category = cats[c.category];
    if (c.brand != kNone) c.brand = brands[c.brand];
    if (c.item != kNone) into.catalogue.upsert(std::move(c));
  }
  for (UserAttributes u : other.users) {
    u.user = u.user < users.size() ? users[u.user] : kNone;
    if (u.user != kNone) into.users.push_back(std::move(u));
  }
}

}  // namespace ss::serve
