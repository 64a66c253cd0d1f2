#include "core/events.h"

#include <algorithm>
#include <cassert>
#include <numeric>

namespace ss {
namespace {

// Adds a value to an optional column, materialising the column (filled with the
// "absent" value) the first time a row carries it.
template <typename T>
void push_optional(std::vector<T>& col, size_t rows_before, T v, T absent) {
  if (col.empty()) {
    if (v == absent || (std::is_floating_point_v<T> && std::isnan(static_cast<double>(v)))) return;
    col.assign(rows_before, absent);
  }
  col.push_back(v);
}

}  // namespace

void EventTable::push_back(const EventRow& r) {
  const size_t n = size();
  push_optional(session, n, r.session, kNone);
  push_optional(query, n, r.query, kNone);
  push_optional(category, n, r.category, kNone);
  push_optional(ref, n, r.ref, kNone);
  push_optional(context, n, r.context, kNone);
  push_optional(quantity, n, r.quantity, kNoValue);
  push_optional(price, n, r.price, kNoValue);
  push_optional(value, n, r.value, kNoValue);
  user.push_back(r.user);
  item.push_back(r.item);
  ts_ms.push_back(r.ts_ms);
  type.push_back(r.type);
}

EventRow EventTable::row(size_t i) const {
  EventRow r;
  r.user = user[i];
  r.item = item[i];
  r.ts_ms = ts_ms[i];
  r.type = type[i];
  if (has_session()) r.session = session[i];
  if (has_query()) r.query = query[i];
  if (has_category()) r.category = category[i];
  if (has_ref()) r.ref = ref[i];
  if (has_context()) r.context = context[i];
  if (has_quantity()) r.quantity = quantity[i];
  if (has_price()) r.price = price[i];
  if (has_value()) r.value = value[i];
  return r;
}

void EventTable::reserve(size_t n) {
  user.reserve(n);
  item.reserve(n);
  ts_ms.reserve(n);
  type.reserve(n);
}

void EventTable::clear() {
  for_each_column([](auto& col) { col.clear(); });
}

void EventTable::append(const EventTable& o) {
  const size_t n = size(), m = o.size();
  auto merge = [&](auto& mine, const auto& theirs, auto absent) {
    if (mine.empty() && theirs.empty()) return;
    if (mine.empty()) mine.assign(n, absent);
    if (theirs.empty()) mine.insert(mine.end(), m, absent);
    else mine.insert(mine.end(), theirs.begin(), theirs.end());
  };
  merge(session, o.session, kNone);
  merge(query, o.query, kNone);
  merge(category, o.category, kNone);
  merge(ref, o.ref, kNone);
  merge(context, o.context, kNone);
  merge(quantity, o.quantity, kNoValue);
  merge(price, o.price, kNoValue);
  merge(value, o.value, kNoValue);
  user.insert(user.end(), o.user.begin(), o.user.end());
  item.insert(item.end(), o.item.begin(), o.item.end());
  ts_ms.insert(ts_ms.end(), o.ts_ms.begin(), o.ts_ms.end());
  type.insert(type.end(), o.type.begin(), o.type.end());
}

void EventTable::filter(const std::vector<bool>& keep) {
  assert(keep.size() == size());
  for_each_column([&](auto& col) {
    if (col.empty()) return;
    size_t w = 0;
    for (size_t i = 0; i < col.size(); ++i)
      if (keep[i]) col[w++] = col[i];
    col.resize(w);
  });
}

void EventTable::permute(const std::vector<uint32_t>& order) {
  assert(order.size() == size());
  for_each_column([&](auto& col) {
    if (col.empty()) return;
    std::remove_reference_t<decltype(col)> out(col.size());
    for (size_t i = 0; i < order.size(); ++i) out[i] = col[order[i]];
    col.swap(out);
  });
}

void EventTable::sort_by_user_time() {
  std::vector<uint32_t> order(size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return user[a] != user[b] ? user[a] < user[b] : ts_ms[a] < ts_ms[b];
  });
  permute(order);
}

void EventTable::sort_by_time() {
  std::vector<uint32_t> order(size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return ts_ms[a] < ts_ms[b]; });
  permute(order);
}

}  // namespace ss
