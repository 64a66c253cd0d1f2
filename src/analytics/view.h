// The shape every analytics report reads: the behaviour log grouped by user in time order
// (one CSR offset array), item attributes as flat arrays and session boundaries. Built once
// per command; every report then makes one or two counting passes over it, in parallel
// over users through ctx.pool.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/context.h"
#include "core/events.h"

namespace ss::analytics {

// Which events a report sees. Times are inclusive-exclusive [from, to).
struct Filter {
  int64_t from_ms = kNoTime;
  int64_t to_ms = kNoTime;
  uint32_t category = kNone;  // keep only events on items of this leaf category
  std::vector<uint8_t> users;  // when not empty: keep only users u with users[u] != 0
  bool active() const { return from_ms != kNoTime || to_ms != kNoTime || category != kNone || !users.empty(); }
};

// Sessions: the log's own session ids when present, else a new session after this gap.
inline constexpr int64_t kDefaultSessionGapMs = 30 * 60 * 1000;

class View {
 public:
  // Groups `data.events` by (user, time). When the events are already in that order (as
  // after Store::compact) and no filter applies, no copy is made; otherwise the filtered
  // rows are copied once with a stable counting sort on user.
  static View build(const Dataset& data, const Filter& filter, Context& ctx,
                    int64_t session_gap_ms = kDefaultSessionGapMs);

  const EventTable& events() const { return owned_ ? *owned_ : *events_; }
  size_t num_users() const { return offsets_.size() - 1; }
  size_t num_items() const { return item_category.size(); }
  // Events of user u are rows [begin(u), end(u)) of events(), in time order.
  uint64_t begin(uint32_t u) const { return offsets_[u]; }
  uint64_t end(uint32_t u) const { return offsets_[u + 1]; }
  // True when row i starts a new session of its user (first row of a user included).
  bool session_start(uint64_t i) const { return session_start_[i] != 0; }

  int64_t min_ts = 0, max_ts = 0;  // over the kept events
  uint32_t num_categories = 0, num_brands = 0;
  // Per item id: leaf category, brand, price (catalogue, else last seen on events) and
  // price band (0 cheap, 1 mid, 2 premium: tercile of price within the item's category).
  std::vector<uint32_t> item_category, item_brand;
  std::vector<float> item_price;
  std::vector<uint8_t> item_price_band;  // 255 when the price is unknown
  const Dictionaries* dicts = nullptr;

 private:
  const EventTable* events_ = nullptr;
  std::shared_ptr<EventTable> owned_;
  std::vector<uint64_t> offsets_;
  std::vector<uint8_t> session_start_;
};

inline constexpr uint8_t kNoBand = 255;
inline constexpr int kNumPriceBands = 3;
inline constexpr const char* kPriceBandNames[kNumPriceBands] = {"cheap", "mid", "premium"};

// Runs fn(u_begin, u_end) over users in parallel chunks; each chunk is given its own slot
// index in [0, slots) so workers can accumulate into private state merged afterwards.
// Returns the number of slots used.
size_t for_user_chunks(const View& v, Context& ctx,
                       const std::function<void(size_t slot, uint32_t u_begin, uint32_t u_end)>& fn);

// Median of a vector (reorders it); NaN when empty.
double median(std::vector<double>& xs);
// Quantile q in [0,1] by linear interpolation (reorders it); NaN when empty.
double quantile(std::vector<double>& xs, double q);

}  // namespace ss::analytics
