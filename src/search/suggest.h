// Query autocomplete from the shop's past searches: the most frequent earlier queries that
// start with what the user has typed (normalised like catalogue text).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalogue.h"

namespace ss::search {

struct Suggestion {
  std::string query;
  uint32_t count = 0;
};

class QuerySuggester {
 public:
  QuerySuggester() = default;
  // Counts the search events' query texts (events with ts_ms < until_ms).
  QuerySuggester(const EventTable& events, const Dictionary& queries, int64_t until_ms);
  void add(std::string_view query, uint32_t count = 1);
  // Up to k past queries starting with `prefix`, most frequent first.
  std::vector<Suggestion> suggest(std::string_view prefix, size_t k = 5) const;
  size_t size() const { return entries_.size(); }

 private:
  std::vector<Suggestion> entries_;  // sorted by query text once finish() ran
  void finish();
};

}  // namespace ss::search
