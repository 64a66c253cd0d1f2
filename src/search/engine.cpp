#include "search/engine.h"

#include <filesystem>

#include "core/error.h"

namespace ss::search {

SearchEngine::SearchEngine(const Dataset& data, const EngineOptions& o) {
  if (!o.index_path.empty() && std::filesystem::exists(o.index_path)) index_ = SearchIndex::load(o.index_path);
  synced_ = index_.sync(data.catalogue, data.dicts);
  if (!o.index_path.empty() && synced_ > 0) index_.save(o.index_path);
  signals_ = compute_item_signals(data.events, data.num_items(), o.until_ms);
  profiles_ = UserProfiles(data.events, data.catalogue, data.num_users(), data.num_items(), o.until_ms);
  suggester_ = QuerySuggester(data.events, data.dicts.queries, o.until_ms);
  if (!o.synonyms_path.empty()) synonyms_ = Synonyms::load(o.synonyms_path);
  searcher_ = std::make_unique<Searcher>(index_, o.bm25);
  searcher_->set_signals(&signals_);
  searcher_->set_profiles(&profiles_);
  searcher_->set_synonyms(&synonyms_);
}

Filter parse_filters(const std::vector<std::string>& texts, const Dictionaries& dicts, const SearchIndex& index) {
  Filter f;
  for (const std::string& t : texts) {
    const size_t eq = t.find('=');
    if (eq == std::string::npos || eq == 0) throw Error("filter '" + t + "' should look like key=value (e.g. brand=acme, price=10..50)");
    const std::string key = t.substr(0, eq), value = t.substr(eq + 1);
    if (key == "brand") {
      const uint32_t id = dicts.brands.find(value);
      if (id == kNone) f.impossible = true;
      else f.brands.push_back(id);
    } else if (key == "category") {
      const uint32_t id = dicts.categories.find(value);
      if (id == kNone) f.impossible = true;
      else f.categories.push_back(id);
    } else if (key == "price") {
      const size_t dots = value.find("..");
      if (dots == std::string::npos) throw Error("price filter '" + value + "' should be LO..HI, e.g. 10..50 or 100..");
      try {
        if (dots > 0) f.price_min = std::stof(value.substr(0, dots));
        if (dots + 2 < value.size()) f.price_max = std::stof(value.substr(dots + 2));
      } catch (const std::exception&) {
        throw Error("price filter '" + value + "' has a bound that is not a number");
      }
    } else if (key == "in_stock") {
      f.in_stock_only = value == "1" || value == "true" || value == "yes";
    } else {
      const uint32_t k = index.attr_keys().find(key), v = index.attr_values().find(value);
      if (k == kNone || v == kNone) f.impossible = true;
      else f.attributes.push_back({k, v});
    }
  }
  return f;
}

}  // namespace ss::search
