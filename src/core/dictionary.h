// A dense id <-> external string id mapping. External ids are strings; everything inside
// ShopSense works on dense uint32 ids handed out in order of first appearance.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ss {

inline constexpr uint32_t kNone = 0xFFFFFFFFu;

class Dictionary {
 public:
  Dictionary() = default;
  // Copies share nothing with the original; the copy's hash index is built on first use.
  Dictionary(const Dictionary& other);
  Dictionary& operator=(const Dictionary& other);
  Dictionary(Dictionary&& other) noexcept;
  Dictionary& operator=(Dictionary&& other) noexcept;

  // Returns the id of `key`, adding it if new.
  uint32_t intern(std::string_view key);
  // kNone when absent.
  uint32_t find(std::string_view key) const;
  std::string_view name(uint32_t id) const;
  size_t size() const { return names_.size(); }

  // Entries from `committed()` on were added since the last mark_committed(); the store
  // persists exactly those with the batch that introduced them, and rolls them back if the
  // batch fails, so ids stay stable and dense.
  size_t committed() const { return committed_; }
  void mark_committed() { committed_ = size(); }
  void rollback_uncommitted();

  // Replaces the name of an id (pseudonymisation or deletion of a user's external id).
  void rename(uint32_t id, std::string_view new_name);
  void reserve(size_t n);
  // Appends `lengths.size()` names stored back to back in `blob` (taking ownership) without
  // hashing them: loading a store with millions of ids stays fast, and the index is built
  // only when a lookup needs it.
  void append_bulk(std::unique_ptr<char[]> blob, const std::vector<uint32_t>& lengths);

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  // Names live in fixed blocks that never move, so the index can key on string_views.
  std::vector<std::unique_ptr<char[]>> blocks_, big_blocks_;
  size_t block_used_ = 0;
  std::vector<std::string_view> names_;
  // Built lazily (see append_bulk); guarded so concurrent const lookups are safe.
  mutable std::unordered_map<std::string_view, uint32_t, Hash, std::equal_to<>> index_;
  mutable size_t indexed_ = 0;  // names_[0, indexed_) are in index_
  mutable std::unique_ptr<std::mutex> index_mu_ = std::make_unique<std::mutex>();
  size_t committed_ = 0;
  void ensure_index() const;
  std::string_view store(std::string_view s);
};

}  // namespace ss
