// What the server knows right now, updated on every durable commit so that the next request
// sees it: the committed id dictionaries, each user's recent history, per-item co-visitation
// and bought-together counts, a time-decayed trending score, and a flat snapshot of the
// catalogue fields that filters need. Reads take short shard locks; nothing here blocks on
// disk.
#pragma once
#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/events.h"
#include "serve/config.h"

namespace ss::serve {

// The catalogue fields filters and rules read, copied on write so readers never lock.
struct ItemTable {
  std::vector<uint32_t> category, brand;
  std::vector<float> price;
  std::vector<int64_t> created_ms;
  std::vector<uint8_t> listed;    // has a catalogue entry
  std::vector<uint8_t> in_stock;  // items without an entry count as in stock
  std::vector<uint8_t> removed;   // deleted from the catalogue: never recommended
  size_t size() const { return category.size(); }
};

struct Neighbour {
  uint32_t item;
  float weight;
};

// A user's recent history copied out for one request, oldest first.
struct HistoryBuf {
  std::vector<uint32_t> items;
  std::vector<Behavior> types;
  std::vector<int64_t> ts_ms;
  void clear() { items.clear(); types.clear(); ts_ms.clear(); }
};

// What one durable commit changed, in ids the store assigned.
struct CommitDelta {
  const Dictionaries* store_dicts = nullptr;  // names of new ids are read from here
  const EventTable* events = nullptr;
  const std::vector<CatalogueItem>* items = nullptr;
  const std::vector<uint32_t>* removed_items = nullptr;
};

class LiveState {
 public:
  explicit LiveState(const ServeConfig& config);
  ~LiveState();
  // Loads everything from the store's dataset (events are replayed in user/time order).
  void bootstrap(Dataset& shop);
  void apply(const CommitDelta& delta);
  // After Store::delete_user: forget the user's history and blank the external id.
  void forget_user(uint32_t user, std::string_view new_name);

  // Committed ids only: an id is visible once the batch that introduced it is durable.
  uint32_t find_user(std::string_view name) const;
  uint32_t find_item(std::string_view name) const;
  uint32_t find_category(std::string_view name) const;
  std::string user_name(uint32_t id) const;
  std::string item_name(uint32_t id) const;
  std::string category_name(uint32_t id) const;
  std::string brand_name(uint32_t id) const;
  std::string item_title(uint32_t id) const;  // empty when the item has no catalogue entry
  // Reads names and titles of many ids under one lock, without copying them: `f` gets the
  // committed dictionaries and catalogue, valid only during the call (keep it short).
  void read_names(const std::function<void(const Dictionaries&, const Catalogue&)>& f) const;
  size_t num_users() const;
  size_t num_items() const;

  void copy_history(uint32_t user, HistoryBuf& out) const;
  std::shared_ptr<const ItemTable> items() const;
  // Up to `max` neighbours by weight; `bought_together` selects the basket counts.
  void neighbours(uint32_t item, bool bought_together, std::vector<Neighbour>& out, bool sorted = true) const;
  uint32_t item_events(uint32_t item) const;
  // Items by time-decayed interest at the newest event time seen, best first; `category`
  // kNone for all.
  std::vector<Neighbour> trending(size_t k, uint32_t category) const;
  int64_t now_ms() const { return newest_ts_.load(std::memory_order_relaxed); }
  uint64_t events_seen() const { return events_seen_.load(std::memory_order_relaxed); }

 private:
  struct UserSlot;
  struct ItemSlot;
  template <typename T>
  struct Chunked;
  void apply_event(const EventRow& e, bool lock);
  void apply_catalogue(const std::vector<CatalogueItem>& items, const std::vector<uint32_t>& removed, size_t num_items);
  void add_pair(uint32_t a, uint32_t b, float w, bool bought, bool lock);
  double trend_weight(int64_t ts);

  ServeConfig config_;
  mutable std::shared_mutex ids_mu_;
  Dictionaries ids_;
  Catalogue catalogue_;  // titles, under ids_mu_
  std::shared_ptr<const ItemTable> item_table_;
  mutable std::mutex item_table_mu_;
  std::unique_ptr<Chunked<UserSlot>> users_;
  std::unique_ptr<Chunked<ItemSlot>> item_slots_;
  static constexpr size_t kShards = 256;
  mutable std::array<std::mutex, kShards> user_mu_, item_mu_;
  std::atomic<int64_t> newest_ts_{kNoTime};
  std::atomic<uint64_t> events_seen_{0};
  std::atomic<int64_t> trend_landmark_{kNoTime};  // forward-decay landmark; fixed after the first event
  // The shop-wide top list, rebuilt by one request at a time while the others keep reading
  // the previous one (a rebuild scans every item: never make requests queue behind it).
  mutable std::mutex trending_mu_;
  mutable std::shared_ptr<const std::vector<Neighbour>> trending_cache_;
  mutable int64_t trending_cache_at_ = 0;  // steady-clock ms
  mutable std::atomic<bool> trending_refreshing_{false};
};

}  // namespace ss::serve
