// The surface words seen in the catalogue, each mapped to its index term (its stem), with a
// byte trie over them for typo-tolerant and prefix lookups.
//
// Typo lookup walks the trie once while keeping one row of the (optimal string alignment)
// edit-distance table per depth, pruning a branch as soon as the row's minimum exceeds the
// budget: a bounded Levenshtein automaton in effect, a few microseconds per query word.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ss::search {

struct WordMatch {
  uint32_t word = 0;  // word id
  int distance = 0;
};

class Vocabulary {
 public:
  Vocabulary();
  // Id of `word`, adding it (mapped to `term`) if new.
  uint32_t add(std::string_view word, uint32_t term);
  // Word id or UINT32_MAX.
  uint32_t find(std::string_view word) const;
  uint32_t term_of(uint32_t word) const { return terms_[word]; }
  const std::string& word(uint32_t id) const { return words_[id]; }
  size_t size() const { return words_.size(); }

  // Words within `max_distance` edits (insert, delete, substitute, swap of neighbours) of
  // `query`, excluding `query` itself, nearest first, at most `limit`.
  std::vector<WordMatch> fuzzy(std::string_view query, int max_distance, size_t limit = 16) const;
  // Words that start with `prefix` (including `prefix` itself), visiting at most
  // `max_visit` trie nodes so a one-letter prefix stays cheap.
  std::vector<uint32_t> with_prefix(std::string_view prefix, size_t max_visit = 20000) const;

 private:
  struct Node {
    uint32_t first_child = UINT32_MAX, next_sibling = UINT32_MAX;
    uint32_t word = UINT32_MAX;
    char c = 0;
  };
  std::vector<Node> nodes_;
  std::vector<std::string> words_;
  std::vector<uint32_t> terms_;
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> ids_;
  uint32_t child(uint32_t node, char c) const;
};

}  // namespace ss::search
