// Turns external ids into dense dictionary ids fast. Canonical numeric ids below 2^32
// (Taobao, MovieLens, Online Retail customers, ...) are looked up in a flat open-addressing
// table keyed by their value, so the common case costs one probe and no string hashing;
// everything else, and every new id, goes through the Dictionary. The table lives on
// transparent huge pages when it is big: a random probe then costs one cache miss instead
// of a cache miss plus a TLB miss.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "core/dictionary.h"

namespace ss::io {

class Pseudonymiser;

class Interner {
 public:
  // `pseudo` (may be null) replaces each new external id by its pseudonym before it is
  // stored in the dictionary.
  explicit Interner(Dictionary& dict, const Pseudonymiser* pseudo = nullptr);
  Interner(Interner&&) = default;
  Interner& operator=(Interner&&) = default;
  uint32_t operator()(std::string_view external);
  // The same for an id already parsed as a canonical number: `key` stands for its decimal
  // text, so number(17850) == (*this)("17850").
  uint32_t number(uint32_t key);
  // Starts loading the table slot of `key` into cache, for a number(key) a few rows later
  // (a big item table costs a cache miss per row otherwise).
  void prefetch(uint32_t key) const { __builtin_prefetch(&slots_[slot_of(key)]); }
  // Forgets the cache (after the dictionary rolled back entries).
  void clear_cache();
  // Sizes the dictionary for about `n` more distinct ids, so it does not rehash again and
  // again while a big file streams in.
  void expect(size_t n);
  Dictionary& dict() { return *dict_; }

 private:
  struct Slot {
    uint32_t key;  // kEmpty where free
    uint32_t id;
  };
  struct Free {
    void operator()(Slot* p) const { std::free(p); }
  };
  size_t slot_of(uint32_t key) const { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_); }
  uint32_t intern_string(std::string_view external);
  // Probes the table for `key` (< kEmpty); on a miss interns `external`, or the decimal
  // text of `key` when `external` is empty.
  uint32_t lookup(uint32_t key, std::string_view external);
  void resize(size_t slots);
  Dictionary* dict_;
  const Pseudonymiser* pseudo_;
  std::unique_ptr<Slot[], Free> slots_;
  size_t capacity_ = 0, used_ = 0;
  int shift_ = 0;
  uint32_t last_key_ = 0xFFFFFFFFu;  // logs often repeat the previous row's id (a session)
  uint32_t last_id_ = 0;
};

}  // namespace ss::io
