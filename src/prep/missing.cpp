#include "prep/missing.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/error.h"

namespace ss::prep {

FillMethod parse_fill_method(const std::string& name) {
  if (name == "constant") return FillMethod::kConstant;
  if (name == "mean") return FillMethod::kMean;
  if (name == "median") return FillMethod::kMedian;
  if (name == "mode") return FillMethod::kMode;
  throw Error("unknown fill method '" + name + "' (use constant, mean, median or mode)");
}

float column_statistic(std::span<const float> values, FillMethod method) {
  std::vector<float> seen;
  seen.reserve(values.size());
  for (float v : values)
    if (!std::isnan(v)) seen.push_back(v);
  if (seen.empty()) return kNoValue;
  switch (method) {
    case FillMethod::kConstant:
    case FillMethod::kMean: {
      double s = 0;
      for (float v : seen) s += v;
      return static_cast<float>(s / static_cast<double>(seen.size()));
    }
    case FillMethod::kMedian: {
      const size_t mid = seen.size() / 2;
      std::nth_element(seen.begin(), seen.begin() + static_cast<ptrdiff_t>(mid), seen.end());
      const float hi = seen[mid];
      if (seen.size() % 2) return hi;
      const float lo = *std::max_element(seen.begin(), seen.begin() + static_cast<ptrdiff_t>(mid));
      return static_cast<float>((static_cast<double>(lo) + hi) / 2);
    }
    case FillMethod::kMode: {
      std::sort(seen.begin(), seen.end());
      float best = seen[0];
      size_t best_n = 0;
      for (size_t i = 0; i < seen.size();) {
        size_t j = i;
        while (j < seen.size() && seen[j] == seen[i]) ++j;
        if (j - i > best_n) best = seen[i], best_n = j - i;
        i = j;
      }
      return best;
    }
  }
  return kNoValue;
}

size_t fill_missing(std::span<float> values, FillMethod method, float constant) {
  const float fill = method == FillMethod::kConstant ? constant : column_statistic(values, method);
  if (std::isnan(fill)) return 0;
  size_t n = 0;
  for (float& v : values)
    if (std::isnan(v)) v = fill, ++n;
  return n;
}

size_t fill_missing(Matrix& m, FillMethod method, float constant) {
  size_t n = 0;
  std::vector<float> col(m.rows);
  for (size_t c = 0; c < m.cols; ++c) {
    for (size_t r = 0; r < m.rows; ++r) col[r] = m.at(r, c);
    n += fill_missing(col, method, constant);
    for (size_t r = 0; r < m.rows; ++r) m.at(r, c) = col[r];
  }
  return n;
}

std::vector<size_t> drop_missing_rows(Matrix& m) {
  std::vector<size_t> kept;
  size_t w = 0;
  for (size_t r = 0; r < m.rows; ++r) {
    bool complete = true;
    for (size_t c = 0; c < m.cols; ++c) complete &= !std::isnan(m.at(r, c));
    if (!complete) continue;
    std::copy_n(m.data.begin() + static_cast<ptrdiff_t>(r * m.cols), m.cols, m.data.begin() + static_cast<ptrdiff_t>(w * m.cols));
    kept.push_back(r);
    ++w;
  }
  m.rows = w;
  m.data.resize(w * m.cols);
  return kept;
}

size_t interpolate_linear(std::span<const int64_t> ts, std::span<float> v) {
  if (ts.size() != v.size()) throw Error("interpolate_linear: timestamps and values differ in length");
  size_t prev = v.size();  // last observed index, none yet
  size_t filled = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    if (std::isnan(v[i])) continue;
    if (prev == v.size()) {
      for (size_t j = 0; j < i; ++j) v[j] = v[i];  // leading gap
      filled += i;
    } else if (i > prev + 1) {
      const double span = static_cast<double>(ts[i] - ts[prev]);
      for (size_t j = prev + 1; j < i; ++j) {
        const double w = span > 0 ? static_cast<double>(ts[j] - ts[prev]) / span : 0.5;
        v[j] = static_cast<float>(v[prev] + w * (static_cast<double>(v[i]) - v[prev]));
      }
      filled += i - prev - 1;
    }
    prev = i;
  }
  if (prev == v.size()) return 0;
  for (size_t j = prev + 1; j < v.size(); ++j) v[j] = v[prev], ++filled;  // trailing gap
  return filled;
}

std::vector<float>& event_column(EventTable& e, EventColumn c) {
  switch (c) {
    case EventColumn::kPrice: return e.price;
    case EventColumn::kQuantity: return e.quantity;
    case EventColumn::kValue: return e.value;
  }
  return e.value;
}

const std::vector<float>& event_column(const EventTable& e, EventColumn c) {
  return event_column(const_cast<EventTable&>(e), c);  // same column, read-only view
}

size_t drop_missing_events(const EventTable& e, EventColumn c, const std::vector<Behavior>& types, RemovalMask& mask) {
  const auto& col = event_column(e, c);
  size_t n = 0;
  for (size_t i = 0; i < e.size(); ++i) {
    if (!types.empty() && std::find(types.begin(), types.end(), e.type[i]) == types.end()) continue;
    if ((col.empty() || std::isnan(col[i])) && mask.kept(i)) mask.remove(i, Reason::kMissingValue), ++n;
  }
  return n;
}

size_t fill_event_column(EventTable& e, EventColumn c, FillMethod method, float constant) {
  auto& col = event_column(e, c);
  if (col.empty()) {
    if (method != FillMethod::kConstant) return 0;  // nothing observed to compute a statistic from
    col.assign(e.size(), constant);
    return e.size();
  }
  return fill_missing(col, method, constant);
}

size_t fill_event_prices_from_items(EventTable& e, const std::vector<float>& item_price) {
  if (e.price.empty()) e.price.assign(e.size(), kNoValue);
  std::unordered_map<uint32_t, std::vector<float>> observed;
  for (size_t i = 0; i < e.size(); ++i)
    if (!std::isnan(e.price[i]) && e.item[i] != kNone) observed[e.item[i]].push_back(e.price[i]);
  std::unordered_map<uint32_t, float> median;
  for (auto& [item, prices] : observed) median[item] = column_statistic(prices, FillMethod::kMedian);
  size_t n = 0;
  for (size_t i = 0; i < e.size(); ++i) {
    if (!std::isnan(e.price[i]) || e.item[i] == kNone) continue;
    const uint32_t it = e.item[i];
    float p = it < item_price.size() ? item_price[it] : kNoValue;
    if (std::isnan(p)) {
      const auto m = median.find(it);
      if (m != median.end()) p = m->second;
    }
    if (!std::isnan(p)) e.price[i] = p, ++n;
  }
  return n;
}

size_t fill_catalogue_prices(Catalogue& cat, FillMethod method) {
  if (method == FillMethod::kConstant) throw Error("catalogue prices: use mean, median or mode (a constant price is rarely right)");
  std::unordered_map<uint32_t, std::vector<float>> by_category;
  std::vector<float> all;
  for (const CatalogueItem& it : cat.items())
    if (!std::isnan(it.price)) by_category[it.category].push_back(it.price), all.push_back(it.price);
  const float global = column_statistic(all, method);
  std::unordered_map<uint32_t, float> stat;
  for (auto& [c, prices] : by_category) stat[c] = column_statistic(prices, method);
  std::vector<CatalogueItem> updates;
  for (const CatalogueItem& it : cat.items()) {
    if (!std::isnan(it.price)) continue;
    const auto s = stat.find(it.category);
    const float p = s != stat.end() ? s->second : global;
    if (std::isnan(p)) continue;
    CatalogueItem copy = it;
    copy.price = p;
    updates.push_back(std::move(copy));
  }
  for (auto& u : updates) cat.upsert(std::move(u));
  return updates.size();
}

}  // namespace ss::prep
