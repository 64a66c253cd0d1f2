#include "serve/rec_response.h"

#include <cmath>

#include "serve/json_out.h"

namespace ss::serve {

std::string result_body(const Service& s, const RecResult& r) {
  const auto t = s.live.items();
  std::string out;
  out.reserve(256 + 160 * r.items.size());
  // Keys in nlohmann's (sorted) order, so both writers give the same document.
  out += '{';
  if (!r.experiment.empty()) {
    json_key(out, "experiment");
    json_string(out, r.experiment);
    out += ',';
  }
  json_key(out, "id");
  json_string(out, r.id);
  out += ",\"items\":[";
  s.live.read_names([&](const Dictionaries& ids, const Catalogue& catalogue) {
    for (size_t n = 0; n < r.items.size(); ++n) {
      const Candidate& c = r.items[n];
      if (n) out += ',';
      out += '{';
      const bool known = c.item < t->size();
      if (known && t->category[c.item] != kNone) {
        json_key(out, "category");
        json_string(out, t->category[c.item] < ids.categories.size() ? ids.categories.name(t->category[c.item]) : "");
        out += ',';
      }
      json_key(out, "item");
      json_string(out, c.item < ids.items.size() ? ids.items.name(c.item) : "");
      if (known && !std::isnan(t->price[c.item])) {
        out += ',';
        json_key(out, "price");
        json_number(out, t->price[c.item]);
      }
      out += ',';
      json_key(out, "reason");
      json_string(out, c.reason);
      out += ',';
      json_key(out, "score");
      json_number(out, c.score);
      const CatalogueItem* entry = catalogue.find(c.item);
      if (entry && !entry->title.empty()) {
        out += ',';
        json_key(out, "title");
        json_string(out, entry->title);
      }
      out += '}';
    }
  });
  out += "],";
  json_key(out, "model");
  json_string(out, r.model);
  if (!r.experiment.empty()) {
    out += ',';
    json_key(out, "variant");
    json_string(out, r.variant);
  }
  out += '}';
  return out;
}

}  // namespace ss::serve
