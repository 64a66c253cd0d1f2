// Turns external ids into dense dictionary ids fast. Canonical numeric ids (Taobao,
// MovieLens, ...) are looked up in a flat open-addressing table keyed by their value, so
// the common case costs one probe and no string hashing; everything else, and every new
// id, goes through the Dictionary.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/dictionary.h"

namespace ss::io {

class Pseudonymiser;

class Interner {
 public:
  // `pseudo` (may be null) replaces each new external id by its pseudonym before it is
  // stored in the dictionary.
  explicit Interner(Dictionary& dict, const Pseudonymiser* pseudo = nullptr);
  uint32_t operator()(std::string_view external);
  // Forgets the cache (after the dictionary rolled back entries).
  void clear_cache();
  // Sizes the cache and the dictionary for about `n` more distinct ids, so they do not
  // rehash (and fault in fresh pages) again and again while a big file streams in.
  void expect(size_t n);
  Dictionary& dict() { return *dict_; }

 private:
  uint32_t intern_string(std::string_view external);
  void grow();
  Dictionary* dict_;
  const Pseudonymiser* pseudo_;
  struct Slot {
    uint64_t key;  // kEmpty where free
    uint32_t id;
  };
  std::vector<Slot> slots_;  // key and id side by side: one cache miss per lookup
  size_t used_ = 0;
  int shift_ = 0;
};

}  // namespace ss::io
