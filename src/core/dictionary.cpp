#include "core/dictionary.h"

#include <cstring>

namespace ss {
namespace {
constexpr size_t kBlockSize = 1 << 20;
}

std::string_view Dictionary::store(std::string_view s) {
  if (s.empty()) return {};
  if (s.size() > kBlockSize / 4) {  // big names get a block of their own
    big_blocks_.push_back(std::make_unique<char[]>(s.size()));
    std::memcpy(big_blocks_.back().get(), s.data(), s.size());
    return {big_blocks_.back().get(), s.size()};
  }
  if (blocks_.empty() || block_used_ + s.size() > kBlockSize) {
    blocks_.push_back(std::make_unique<char[]>(kBlockSize));
    block_used_ = 0;
  }
  char* p = blocks_.back().get() + block_used_;
  std::memcpy(p, s.data(), s.size());
  block_used_ += s.size();
  return {p, s.size()};
}

uint32_t Dictionary::intern(std::string_view key) {
  if (auto it = index_.find(key); it != index_.end()) return it->second;
  const auto id = static_cast<uint32_t>(names_.size());
  names_.push_back(store(key));
  index_.emplace(names_.back(), id);
  return id;
}

uint32_t Dictionary::find(std::string_view key) const {
  auto it = index_.find(key);
  return it == index_.end() ? kNone : it->second;
}

std::string_view Dictionary::name(uint32_t id) const { return names_[id]; }

void Dictionary::rollback_uncommitted() {
  // The arena space of rolled-back names is not reclaimed; failed batches are rare.
  for (size_t i = committed_; i < names_.size(); ++i) index_.erase(names_[i]);
  names_.resize(committed_);
}

void Dictionary::rename(uint32_t id, std::string_view new_name) {
  auto it = index_.find(names_[id]);
  if (it != index_.end() && it->second == id) index_.erase(it);
  names_[id] = store(new_name);
  index_.emplace(names_[id], id);
}

void Dictionary::reserve(size_t n) {
  names_.reserve(n);
  index_.reserve(n);
}

}  // namespace ss
