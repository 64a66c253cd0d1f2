// What one log record holds and how it is encoded: dictionary additions, event columns,
// catalogue changes, user attributes and deletions, as typed sections applied together.
#pragma once
#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/catalogue.h"

namespace ss::store {

inline constexpr int kNumEventColumns = 12;

// An event batch still compressed inside the log: decoded only when scanned.
struct EventBatchRef {
  uint64_t rows = 0;
  std::array<std::string_view, kNumEventColumns> data{};  // empty view: column absent
  std::array<uint64_t, kNumEventColumns> raw_size{};
};

struct BatchContents {
  const EventTable* events = nullptr;
  const std::vector<CatalogueItem>* items = nullptr;
  std::vector<uint32_t> removed_items;
  const std::vector<UserAttributes>* users = nullptr;
  std::vector<uint32_t> deleted_users;
  bool all_dictionary_entries = false;  // compaction writes every entry, not just new ones
  int zstd_level = 1;
};

// Encodes the dictionaries' uncommitted entries plus `contents` into one record payload.
std::string encode_batch(Dictionaries& dicts, const BatchContents& contents);

// The state a replay of the log rebuilds.
struct StoreState {
  Dictionaries dicts;
  Catalogue catalogue;
  std::vector<UserAttributes> users;
  std::unordered_map<uint32_t, size_t> user_slot;  // user id -> index in users
  std::vector<bool> deleted;                       // by user id
  std::vector<EventBatchRef> batches;
  uint64_t events = 0;

  void set_user_attributes(UserAttributes attrs);
  void delete_user(uint32_t user);
};

// Applies one record. With `dictionaries_applied`, the record's dictionary entries are
// known to be in memory already (the writer's own append) and are only checked. Throws
// ss::Error(kCorrupt) if the payload does not decode.
void replay_batch(std::string_view payload, StoreState& state, bool dictionaries_applied = false);

// Decodes a batch into rows [offset, offset + ref.rows) of `out`, whose columns are
// already sized; absent optional columns are filled with their "absent" value.
void decode_events(const EventBatchRef& ref, EventTable& out, size_t offset);

}  // namespace ss::store
