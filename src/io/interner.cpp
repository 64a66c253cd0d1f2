#include "io/interner.h"

#include "io/pseudonym.h"
#include "io/text.h"

namespace ss::io {
namespace {
constexpr uint64_t kEmpty = ~0ull;  // canonical numbers have <= 19 digits, so never this
inline size_t slot_of(uint64_t key, int shift) { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> shift); }
}  // namespace

Interner::Interner(Dictionary& dict, const Pseudonymiser* pseudo) : dict_(&dict), pseudo_(pseudo) { clear_cache(); }

void Interner::clear_cache() {
  slots_.assign(1 << 12, Slot{kEmpty, 0});
  used_ = 0;
  shift_ = 64 - 12;
}

void Interner::expect(size_t n) {
  dict_->reserve(dict_->size() + n);
  while (slots_.size() < 2 * (used_ + n)) grow();
}

void Interner::grow() {
  std::vector<Slot> old(slots_.size() * 2, Slot{kEmpty, 0});
  old.swap(slots_);
  --shift_;
  const size_t mask = slots_.size() - 1;
  for (const Slot& o : old) {
    if (o.key == kEmpty) continue;
    size_t s = slot_of(o.key, shift_);
    while (slots_[s].key != kEmpty) s = (s + 1) & mask;
    slots_[s] = o;
  }
}

uint32_t Interner::intern_string(std::string_view external) {
  if (!pseudo_) return dict_->intern(external);
  return dict_->intern((*pseudo_)(external));
}

uint32_t Interner::operator()(std::string_view external) {
  const auto num = canonical_number(external);
  if (!num) return intern_string(external);
  const size_t mask = slots_.size() - 1;
  size_t s = slot_of(*num, shift_);
  while (slots_[s].key != kEmpty) {
    if (slots_[s].key == *num) return slots_[s].id;
    s = (s + 1) & mask;
  }
  const uint32_t id = intern_string(external);
  slots_[s] = Slot{*num, id};
  if (++used_ * 2 > slots_.size()) grow();
  return id;
}

}  // namespace ss::io
