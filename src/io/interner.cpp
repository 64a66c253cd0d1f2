#include "io/interner.h"

#include <sys/mman.h>

#include <bit>
#include <charconv>
#include <cstring>
#include <new>

#include "io/pseudonym.h"
#include "io/text.h"

namespace ss::io {
namespace {
constexpr uint32_t kEmpty = 0xFFFFFFFFu;  // also the one 32-bit key that bypasses the table
constexpr size_t kHugePage = 2 << 20;
}  // namespace

Interner::Interner(Dictionary& dict, const Pseudonymiser* pseudo) : dict_(&dict), pseudo_(pseudo) { clear_cache(); }

void Interner::clear_cache() {
  slots_.reset();  // forget every entry (resize would carry them over)
  capacity_ = 0;
  resize(1 << 12);
  used_ = 0;
  last_key_ = kEmpty;
}

void Interner::expect(size_t n) { dict_->reserve(dict_->size() + n); }

void Interner::resize(size_t slots) {
  const size_t bytes = slots * sizeof(Slot);
  const bool huge = bytes >= kHugePage;
  void* mem = std::aligned_alloc(huge ? kHugePage : alignof(Slot), bytes);
  if (!mem) throw std::bad_alloc();
  if (huge) madvise(mem, bytes, MADV_HUGEPAGE);  // advice only: fine if refused
  std::memset(mem, 0xFF, bytes);
  std::unique_ptr<Slot[], Free> old(static_cast<Slot*>(mem));
  old.swap(slots_);
  const size_t old_capacity = capacity_;
  capacity_ = slots;
  shift_ = 64 - std::countr_zero(slots);
  const size_t mask = capacity_ - 1;
  for (size_t i = 0; i < old_capacity; ++i) {
    if (old[i].key == kEmpty) continue;
    size_t s = slot_of(old[i].key);
    while (slots_[s].key != kEmpty) s = (s + 1) & mask;
    slots_[s] = old[i];
  }
}

uint32_t Interner::intern_string(std::string_view external) {
  if (!pseudo_) return dict_->intern(external);
  return dict_->intern((*pseudo_)(external));
}

uint32_t Interner::operator()(std::string_view external) {
  const auto num = canonical_number(external);
  if (!num || *num >= kEmpty) return intern_string(external);
  return lookup(static_cast<uint32_t>(*num), external);
}

uint32_t Interner::number(uint32_t key) {
  if (key != kEmpty) return lookup(key, {});
  char text[16];
  const auto end = std::to_chars(text, text + sizeof text, key).ptr;
  return intern_string(std::string_view(text, static_cast<size_t>(end - text)));
}

uint32_t Interner::lookup(uint32_t key, std::string_view external) {
  if (key == last_key_) return last_id_;
  const size_t mask = capacity_ - 1;
  size_t s = slot_of(key);
  while (slots_[s].key != kEmpty) {
    if (slots_[s].key == key) {
      last_key_ = key;
      return last_id_ = slots_[s].id;
    }
    s = (s + 1) & mask;
  }
  char text[16];
  if (external.empty()) {
    const auto end = std::to_chars(text, text + sizeof text, key).ptr;
    external = std::string_view(text, static_cast<size_t>(end - text));
  }
  const uint32_t id = intern_string(external);
  slots_[s] = Slot{key, id};
  last_key_ = key;
  last_id_ = id;
  if (++used_ * 10 > capacity_ * 7) resize(capacity_ * 2);  // keep the load under 0.7
  return id;
}

}  // namespace ss::io
