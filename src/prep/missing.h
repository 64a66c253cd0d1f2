// Missing values (NaN in float columns): drop, fill with a constant or a column statistic,
// interpolate a time series linearly. The generic API works on columns (spans) and on a
// row-major numeric matrix; conveniences cover the event price/quantity/value columns and
// catalogue prices. K-means imputation lives in prep/kmeans.h.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "prep/removal.h"

namespace ss::prep {

enum class FillMethod { kConstant, kMean, kMedian, kMode };
// "constant", "mean", "median", "mode"; throws ss::Error otherwise.
FillMethod parse_fill_method(const std::string& name);

// Row-major dense matrix; NaN marks a missing field.
struct Matrix {
  size_t rows = 0, cols = 0;
  std::vector<float> data;
  Matrix() = default;
  Matrix(size_t r, size_t c) : rows(r), cols(c), data(r * c, kNoValue) {}
  float& at(size_t r, size_t c) { return data[r * cols + c]; }
  float at(size_t r, size_t c) const { return data[r * cols + c]; }
};

// The statistic of the observed (non-NaN) values; NaN when there are none. Mode breaks
// ties towards the smaller value; median of an even count is the mean of the middle two.
float column_statistic(std::span<const float> values, FillMethod method);
// Replaces NaNs in place with the statistic (or `constant`); returns how many were filled.
size_t fill_missing(std::span<float> values, FillMethod method, float constant = 0.f);
// Per column of the matrix; returns the number of fields filled.
size_t fill_missing(Matrix& m, FillMethod method, float constant = 0.f);
// Removes rows with any missing field; returns the original indices of the rows kept.
std::vector<size_t> drop_missing_rows(Matrix& m);

// Linear interpolation in time for a series sorted by ts: interior gaps are interpolated
// between the nearest observed neighbours (weighted by time), leading and trailing gaps take
// the nearest observed value. Returns the number filled (0 if nothing is observed).
size_t interpolate_linear(std::span<const int64_t> ts, std::span<float> values);

enum class EventColumn { kPrice, kQuantity, kValue };
std::vector<float>& event_column(EventTable& events, EventColumn column);
const std::vector<float>& event_column(const EventTable& events, EventColumn column);

// Marks rows of `types` (all when empty) whose column is missing (an absent column counts as
// missing everywhere) with Reason::kMissingValue. Returns the number marked.
size_t drop_missing_events(const EventTable& events, EventColumn column, const std::vector<Behavior>& types,
                           RemovalMask& mask);
// Fills an event column over all rows with a statistic or constant (materialising it if absent).
size_t fill_event_column(EventTable& events, EventColumn column, FillMethod method, float constant = 0.f);
// Fills missing event prices from the item's price: `item_price[item]` (e.g. the catalogue's
// price_by_item) when known, else the median price observed on that item's events.
size_t fill_event_prices_from_items(EventTable& events, const std::vector<float>& item_price);
// Fills missing catalogue prices with the statistic of priced items in the same leaf
// category, falling back to all priced items (method mean, median or mode). Returns the
// number filled.
size_t fill_catalogue_prices(Catalogue& catalogue, FillMethod method);

}  // namespace ss::prep
