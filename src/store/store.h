// The embedded, durable store in a local data directory.
//
// Layout: DIR/log.ssl is an append-only sequence of checksummed records. Each record is one
// acknowledged batch: the dictionary entries it introduced, its events as compressed
// columns, catalogue upserts/deletes, user attributes, or a user deletion. An append is
// acknowledged only after fsync; on open, a torn or corrupt tail is dropped with a warning
// (and truncated on the next write), so every acknowledged batch survives kill -9.
// `compact()` rewrites the log into large sorted segments (and physically removes deleted
// users), atomically via rename.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/context.h"
#include "core/events.h"

namespace ss {

struct StoreOptions {
  bool create_if_missing = true;
  bool read_only = false;
  // fsync each append (the default). Off only for benchmarks that say so.
  bool sync = true;
};

struct StoreStats {
  uint64_t records = 0, event_batches = 0, events = 0;
  uint64_t bytes_on_disk = 0;
  uint64_t dropped_tail_bytes = 0;  // torn tail found at open
};

class Store {
 public:
  // Opens (or creates) DIR. Throws ss::Error if the directory is unusable or locked by
  // another writer.
  static std::unique_ptr<Store> open(const std::string& dir, const StoreOptions& options = {});
  virtual ~Store() = default;

  // The dictionaries: intern new external ids here before append(); entries added since the
  // last successful append are written with the next one (or rolled back if it fails).
  virtual Dictionaries& dicts() = 0;
  virtual const Catalogue& catalogue() const = 0;
  virtual const std::vector<UserAttributes>& users() const = 0;

  // Appends one batch atomically and durably. Throws ss::Error (after rolling back the
  // uncommitted dictionary entries) if it cannot be made durable.
  virtual void append(const EventTable& events, const std::vector<CatalogueItem>& items = {},
                      const std::vector<UserAttributes>& users = {}) = 0;
  virtual void remove_items(const std::vector<uint32_t>& items) = 0;
  // Privacy: removes every event and attribute of the user and blanks its external id,
  // then compacts so the data is physically gone.
  virtual void delete_user(uint32_t user, Context& ctx) = 0;

  virtual uint64_t num_events() const = 0;
  // Decompresses all events (in parallel) into one table, in append order (or user/time
  // order after compact()).
  virtual EventTable scan_events(Context& ctx) const = 0;
  // Everything as a Dataset (dictionaries copied).
  virtual Dataset load(Context& ctx) const = 0;

  // Rewrites the log into large segments sorted by (user, time).
  virtual void compact(Context& ctx) = 0;
  virtual StoreStats stats() const = 0;
  virtual const std::string& dir() const = 0;
};

}  // namespace ss
