#include "analytics/view.h"

#include <algorithm>
#include <cmath>

#include "core/price_bands.h"
#include "prep/user_index.h"

namespace ss::analytics {
// view.h keeps its own names for core's constants (so its many includers need not change).
static_assert(kNoBand == ss::kNoBand && kNumPriceBands == ss::kNumPriceBands);

namespace {

bool sorted_by_user_time(const EventTable& e) {
  for (size_t i = 1; i < e.size(); ++i) {
    if (e.user[i] < e.user[i - 1] || (e.user[i] == e.user[i - 1] && e.ts_ms[i] < e.ts_ms[i - 1])) return false;
  }
  return true;
}

bool kept_by(const Filter& filter, const View& v, const EventTable& src, size_t i) {
  const int64_t t = src.ts_ms[i];
  if (filter.from_ms != kNoTime && t < filter.from_ms) return false;
  if (filter.to_ms != kNoTime && t >= filter.to_ms) return false;
  if (filter.category != kNone) {
    const uint32_t it = src.item[i];
    if (it >= v.item_category.size() || v.item_category[it] != filter.category) return false;
  }
  const uint32_t u = src.user[i];
  return filter.users.empty() || (u < filter.users.size() && filter.users[u]);
}

void fill_item_attributes(const Dataset& data, View& v) {
  const size_t n = data.num_items();
  v.item_category = data.item_categories();
  v.item_category.resize(n, kNone);
  v.item_brand = data.catalogue.brand_by_item(n);
  v.item_price = data.catalogue.price_by_item(n);
  const EventTable& e = data.events;
  if (e.has_price()) {  // items without a catalogue price: the last price seen on events
    for (size_t i = 0; i < e.size(); ++i) {
      const uint32_t it = e.item[i];
      if (it < n && std::isnan(v.item_price[it]) && !std::isnan(e.price[i])) v.item_price[it] = e.price[i];
    }
  }
  v.num_categories = static_cast<uint32_t>(data.dicts.categories.size());
  v.num_brands = static_cast<uint32_t>(data.dicts.brands.size());
  // Price bands by the shared rule (core/price_bands.h), over these prices (catalogue, else
  // last seen on events) and categories (catalogue, else seen on events).
  v.item_price_band = ss::price_bands(v.item_price, v.item_category);
}

}  // namespace

View View::build(const Dataset& data, const Filter& filter, Context& ctx, int64_t session_gap_ms) {
  View v;
  v.dicts = &data.dicts;
  fill_item_attributes(data, v);
  const EventTable& src = data.events;
  const size_t num_users = data.num_users();
  if (!filter.active() && sorted_by_user_time(src)) {
    v.events_ = &src;
    v.offsets_.assign(num_users + 1, 0);
    for (size_t i = 0; i < src.size(); ++i) v.offsets_[src.user[i] + 1]++;
    for (size_t u = 0; u < num_users; ++u) v.offsets_[u + 1] += v.offsets_[u];
  } else {
    std::vector<uint8_t> keep;
    if (filter.active()) {
      keep.assign(src.size(), 0);
      ctx.pool->parallel_for(src.size(), [&](size_t b, size_t e) {
        for (size_t i = b; i < e; ++i) keep[i] = kept_by(filter, v, src, i);
      }, 1 << 16);
    }
    prep::UserIndex idx = prep::build_user_index(src, ctx, num_users, keep);
    v.owned_ = std::make_shared<EventTable>(prep::take_rows(src, idx.rows, &ctx));
    v.offsets_ = std::move(idx.offsets);
  }

  const EventTable& e = v.events();
  const size_t n = e.size();
  v.session_start_.assign(n, 0);
  int64_t lo = n ? e.ts_ms[0] : 0, hi = lo;
  for (size_t i = 0; i < n; ++i) {
    lo = std::min(lo, e.ts_ms[i]);
    hi = std::max(hi, e.ts_ms[i]);
    const bool new_user = i == 0 || e.user[i] != e.user[i - 1];
    bool start = new_user;
    if (!new_user) {
      start = e.has_session() ? e.session[i] != e.session[i - 1] : e.ts_ms[i] - e.ts_ms[i - 1] > session_gap_ms;
    }
    v.session_start_[i] = start;
  }
  v.min_ts = lo;
  v.max_ts = hi;
  return v;
}

size_t for_user_chunks(const View& v, Context& ctx,
                       const std::function<void(size_t, uint32_t, uint32_t)>& fn) {
  const size_t users = v.num_users();
  const size_t slots = std::max<size_t>(1, std::min<size_t>(users, ctx.threads() * 8));
  // Chunk borders balance events, not users: a few heavy users must not serialise the work.
  const uint64_t total = v.begin(static_cast<uint32_t>(users));
  std::vector<uint32_t> border(slots + 1, static_cast<uint32_t>(users));
  border[0] = 0;
  uint32_t u = 0;
  for (size_t s = 1; s < slots; ++s) {
    const uint64_t target = total * s / slots;
    while (u < users && v.begin(u) < target) ++u;
    border[s] = std::max(border[s - 1], u);
  }
  ctx.pool->parallel_tasks(slots, [&](size_t s) {
    if (border[s] < border[s + 1]) fn(s, border[s], border[s + 1]);
  });
  return slots;
}

double quantile(std::vector<double>& xs, double q) {
  if (xs.empty()) return std::nan("");
  const double pos = q * static_cast<double>(xs.size() - 1);
  const size_t k = static_cast<size_t>(pos);
  std::nth_element(xs.begin(), xs.begin() + k, xs.end());
  const double a = xs[k];
  if (k + 1 >= xs.size()) return a;
  const double b = *std::min_element(xs.begin() + k + 1, xs.end());
  return a + (pos - static_cast<double>(k)) * (b - a);
}

double median(std::vector<double>& xs) { return quantile(xs, 0.5); }

}  // namespace ss::analytics
