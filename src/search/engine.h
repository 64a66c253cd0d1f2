// Everything search needs for one shop, put together from a Dataset: the index (loaded from
// its file and synced with the catalogue, or built), item signals and user profiles from
// the events, query suggestions, synonyms, and a Searcher over them.
#pragma once
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "search/index.h"
#include "search/searcher.h"
#include "search/signals.h"
#include "search/suggest.h"
#include "search/synonyms.h"

namespace ss::search {

struct EngineOptions {
  std::string index_path;     // load/save here when non-empty
  std::string synonyms_path;  // optional synonyms file
  // Behaviour before this time feeds popularity, profiles and suggestions (held-out
  // evaluation passes the split time).
  int64_t until_ms = std::numeric_limits<int64_t>::max();
  Bm25fParams bm25;
};

class SearchEngine {
 public:
  SearchEngine(const Dataset& data, const EngineOptions& options);
  const Searcher& searcher() const { return *searcher_; }
  const SearchIndex& index() const { return index_; }
  const UserProfiles& profiles() const { return profiles_; }
  const ItemSignals& signals() const { return signals_; }
  const QuerySuggester& suggester() const { return suggester_; }
  size_t synced_docs() const { return synced_; }  // documents (re)indexed at start-up

 private:
  SearchIndex index_;
  ItemSignals signals_;
  UserProfiles profiles_;
  QuerySuggester suggester_;
  Synonyms synonyms_;
  std::unique_ptr<Searcher> searcher_;
  size_t synced_ = 0;
};

// Parses "--filter" texts: brand=NAME, category=NAME (a leaf category name), price=LO..HI
// (either side may be empty), in_stock=1, and KEY=VALUE for any catalogue attribute.
// Several filters on the same key (brand=a brand=b) mean either. Throws ss::Error on a
// malformed filter.
Filter parse_filters(const std::vector<std::string>& texts, const Dictionaries& dicts, const SearchIndex& index);

}  // namespace ss::search
