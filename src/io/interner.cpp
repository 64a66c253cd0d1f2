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
  keys_.assign(1 << 12, kEmpty);
  ids_.assign(1 << 12, 0);
  used_ = 0;
  shift_ = 64 - 12;
}

void Interner::grow() {
  std::vector<uint64_t> old_keys(keys_.size() * 2, kEmpty);
  std::vector<uint32_t> old_ids(ids_.size() * 2, 0);
  old_keys.swap(keys_);
  old_ids.swap(ids_);
  --shift_;
  const size_t mask = keys_.size() - 1;
  for (size_t i = 0; i < old_keys.size(); ++i) {
    if (old_keys[i] == kEmpty) continue;
    size_t s = slot_of(old_keys[i], shift_);
    while (keys_[s] != kEmpty) s = (s + 1) & mask;
    keys_[s] = old_keys[i];
    ids_[s] = old_ids[i];
  }
}

uint32_t Interner::intern_string(std::string_view external) {
  if (!pseudo_) return dict_->intern(external);
  return dict_->intern((*pseudo_)(external));
}

uint32_t Interner::operator()(std::string_view external) {
  const auto num = canonical_number(external);
  if (!num) return intern_string(external);
  const size_t mask = keys_.size() - 1;
  size_t s = slot_of(*num, shift_);
  while (keys_[s] != kEmpty) {
    if (keys_[s] == *num) return ids_[s];
    s = (s + 1) & mask;
  }
  const uint32_t id = intern_string(external);
  keys_[s] = *num;
  ids_[s] = id;
  if (++used_ * 2 > keys_.size()) grow();
  return id;
}

}  // namespace ss::io
