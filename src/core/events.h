// The behaviour log in memory: one column per field, one row per event. Optional columns
// are either empty (absent for the whole table) or exactly size() long.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/behavior.h"
#include "core/dictionary.h"

namespace ss {

inline constexpr int64_t kNoTime = std::numeric_limits<int64_t>::min();
inline constexpr float kNoValue = std::numeric_limits<float>::quiet_NaN();

// One event as a row, for building tables; hot loops read the columns directly.
struct EventRow {
  uint32_t user = kNone;
  uint32_t item = kNone;  // kNone for events without an item (a search)
  int64_t ts_ms = 0;
  Behavior type = Behavior::kView;
  uint32_t session = kNone;
  uint32_t query = kNone;     // id in Dictionaries::queries
  uint32_t category = kNone;  // id in Dictionaries::categories
  float quantity = kNoValue;
  float price = kNoValue;
  float value = kNoValue;
  uint32_t ref = kNone;      // id of the recommendation/search response that led here
  uint32_t context = kNone;  // id in Dictionaries::contexts (free "k=v;k=v" text)
};

struct EventTable {
  std::vector<uint32_t> user, item;
  std::vector<int64_t> ts_ms;
  std::vector<Behavior> type;
  std::vector<uint32_t> session, query, category, ref, context;
  std::vector<float> quantity, price, value;

  size_t size() const { return user.size(); }
  bool empty() const { return user.empty(); }
  bool has_session() const { return !session.empty(); }
  bool has_query() const { return !query.empty(); }
  bool has_category() const { return !category.empty(); }
  bool has_quantity() const { return !quantity.empty(); }
  bool has_price() const { return !price.empty(); }
  bool has_value() const { return !value.empty(); }
  bool has_ref() const { return !ref.empty(); }
  bool has_context() const { return !context.empty(); }

  void push_back(const EventRow& r);
  EventRow row(size_t i) const;
  void reserve(size_t n);
  void clear();
  // Appends all rows of `other` (ids must already be in the same dictionaries).
  void append(const EventTable& other);
  // Keeps the rows where keep[i] is true, preserving order.
  void filter(const std::vector<bool>& keep);
  // Reorders rows by `order` (a permutation of 0..size-1).
  void permute(const std::vector<uint32_t>& order);
  // Stable sort by (user, ts) or by ts alone.
  void sort_by_user_time();
  void sort_by_time();

  template <typename F>
  void for_each_column(F&& f);
};

template <typename F>
void EventTable::for_each_column(F&& f) {
  f(user); f(item); f(ts_ms); f(type); f(session); f(query); f(category); f(ref); f(context);
  f(quantity); f(price); f(value);
}

}  // namespace ss
