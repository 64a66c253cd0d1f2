#include "prep/impute.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

namespace ss::prep {
namespace {

bool parse_number(const std::string& s, float& out) {
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && p == end && std::isfinite(out);
}

// Imputes only the rows with at least one observed field; returns fields filled.
size_t impute_partial_rows(Matrix& m, const KMeansOptions& o, Context& ctx) {
  std::vector<size_t> keep;
  for (size_t r = 0; r < m.rows; ++r) {
    bool any = false;
    for (size_t c = 0; c < m.cols; ++c) any |= !std::isnan(m.at(r, c));
    if (any) keep.push_back(r);
  }
  Matrix sub(keep.size(), m.cols);
  for (size_t i = 0; i < keep.size(); ++i)
    for (size_t c = 0; c < m.cols; ++c) sub.at(i, c) = m.at(keep[i], c);
  const ImputeReport rep = kmeans_impute(sub, o, ctx);
  for (size_t i = 0; i < keep.size(); ++i)
    for (size_t c = 0; c < m.cols; ++c) m.at(keep[i], c) = sub.at(i, c);
  return rep.filled;
}

}  // namespace

size_t kmeans_impute_events(EventTable& e, const std::vector<EventColumn>& columns, const KMeansOptions& o,
                            Context& ctx) {
  std::vector<std::vector<float>*> cols;
  for (EventColumn c : columns)
    if (!event_column(e, c).empty()) cols.push_back(&event_column(e, c));
  if (cols.empty()) return 0;
  Matrix m(e.size(), cols.size());
  for (size_t r = 0; r < e.size(); ++r)
    for (size_t c = 0; c < cols.size(); ++c) m.at(r, c) = (*cols[c])[r];
  const size_t filled = impute_partial_rows(m, o, ctx);
  for (size_t r = 0; r < e.size(); ++r)
    for (size_t c = 0; c < cols.size(); ++c) (*cols[c])[r] = m.at(r, c);
  return filled;
}

CatalogueImputeReport kmeans_impute_catalogue(Catalogue& cat, const KMeansOptions& o, Context& ctx) {
  std::map<std::string, bool> numeric;  // key -> every value is a number
  for (const CatalogueItem& it : cat.items())
    for (const auto& [k, v] : it.attributes) {
      float x;
      auto [pos, fresh] = numeric.emplace(k, true);
      pos->second = pos->second && parse_number(v, x);
    }
  CatalogueImputeReport rep;
  rep.columns.push_back("price");
  for (const auto& [k, ok] : numeric)
    if (ok) rep.columns.push_back(k);
  const auto& items = cat.items();
  Matrix m(items.size(), rep.columns.size());
  for (size_t r = 0; r < items.size(); ++r) {
    m.at(r, 0) = items[r].price;
    for (const auto& [k, v] : items[r].attributes) {
      const auto c = std::find(rep.columns.begin() + 1, rep.columns.end(), k);
      if (c != rep.columns.end()) parse_number(v, m.at(r, static_cast<size_t>(c - rep.columns.begin())));
    }
  }
  const Matrix before = m;
  rep.filled = impute_partial_rows(m, o, ctx);
  std::vector<CatalogueItem> updates;
  for (size_t r = 0; r < items.size(); ++r) {
    bool changed = false;
    CatalogueItem copy = items[r];
    for (size_t c = 0; c < m.cols; ++c) {
      if (!std::isnan(before.at(r, c)) || std::isnan(m.at(r, c))) continue;
      changed = true;
      if (c == 0) {
        copy.price = m.at(r, 0);
      } else {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", static_cast<double>(m.at(r, c)));
        copy.attributes.emplace_back(rep.columns[c], buf);
      }
    }
    if (changed) updates.push_back(std::move(copy));
  }
  for (auto& u : updates) cat.upsert(std::move(u));
  return rep;
}

}  // namespace ss::prep
