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

Dictionary::Dictionary(const Dictionary& o) { *this = o; }

Dictionary& Dictionary::operator=(const Dictionary& o) {
  if (this == &o) return *this;
  size_t total = 0;
  std::vector<uint32_t> lengths;
  lengths.reserve(o.names_.size());
  for (auto n : o.names_) {
    total += n.size();
    lengths.push_back(static_cast<uint32_t>(n.size()));
  }
  auto blob = std::make_unique<char[]>(std::max<size_t>(total, 1));
  size_t pos = 0;
  for (auto n : o.names_) {
    if (!n.empty()) std::memcpy(blob.get() + pos, n.data(), n.size());
    pos += n.size();
  }
  blocks_.clear();
  big_blocks_.clear();
  block_used_ = 0;
  names_.clear();
  index_.clear();
  indexed_ = 0;
  append_bulk(std::move(blob), lengths);
  committed_ = o.committed_;
  return *this;
}

Dictionary::Dictionary(Dictionary&& o) noexcept { *this = std::move(o); }

Dictionary& Dictionary::operator=(Dictionary&& o) noexcept {
  blocks_ = std::move(o.blocks_);
  big_blocks_ = std::move(o.big_blocks_);
  block_used_ = o.block_used_;
  names_ = std::move(o.names_);
  index_ = std::move(o.index_);
  indexed_ = o.indexed_;
  committed_ = o.committed_;
  o.names_.clear();
  o.index_.clear();
  o.indexed_ = o.committed_ = o.block_used_ = 0;
  return *this;
}

void Dictionary::append_bulk(std::unique_ptr<char[]> blob, const std::vector<uint32_t>& lengths) {
  const char* p = blob.get();
  names_.reserve(names_.size() + lengths.size());
  for (uint32_t len : lengths) {
    names_.emplace_back(p, len);
    p += len;
  }
  big_blocks_.push_back(std::move(blob));
}

void Dictionary::ensure_index() const {
  std::lock_guard lock(*index_mu_);
  if (indexed_ == names_.size()) return;
  index_.reserve(names_.size());
  for (size_t i = indexed_; i < names_.size(); ++i) index_.emplace(names_[i], static_cast<uint32_t>(i));
  indexed_ = names_.size();
}

uint32_t Dictionary::intern(std::string_view key) {
  if (indexed_ != names_.size()) ensure_index();
  if (auto it = index_.find(key); it != index_.end()) return it->second;
  const auto id = static_cast<uint32_t>(names_.size());
  names_.push_back(store(key));
  index_.emplace(names_.back(), id);
  indexed_ = names_.size();
  return id;
}

uint32_t Dictionary::find(std::string_view key) const {
  ensure_index();
  auto it = index_.find(key);
  return it == index_.end() ? kNone : it->second;
}

std::string_view Dictionary::name(uint32_t id) const { return names_[id]; }

void Dictionary::rollback_uncommitted() {
  // The arena space of rolled-back names is not reclaimed; failed batches are rare.
  ensure_index();
  for (size_t i = committed_; i < names_.size(); ++i) index_.erase(names_[i]);
  names_.resize(committed_);
  indexed_ = names_.size();
}

void Dictionary::rename(uint32_t id, std::string_view new_name) {
  ensure_index();
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
