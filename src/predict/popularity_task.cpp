#include "predict/popularity_task.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "core/error.h"
#include "core/timeutil.h"

namespace ss::predict {
namespace {

const std::vector<std::string> kNames = {"category_prior_views", "category_prior_launches", "brand_prior_views",
                                         "brand_prior_launches", "price", "price_vs_category_median",
                                         "title_words", "in_stock", "launch_hour", "launch_weekday",
                                         "early_views", "early_carts", "brand_views_per_item_before",
                                         "category_views_per_item_before"};

// What a missing value means, per feature above: a first launch in its category or brand
// has no prior (flagged); unknown prices take the median; traffic ratios stay native.
const std::vector<Missing> kMissing = {Missing::kIndicator, Missing::kZero,   Missing::kIndicator, Missing::kZero,
                                       Missing::kMedian,    Missing::kNative, Missing::kZero,      Missing::kZero,
                                       Missing::kZero,      Missing::kZero,   Missing::kNative,    Missing::kNative,
                                       Missing::kNative,    Missing::kNative};

// Running mean of a target per key, updated in launch order (point-in-time encoding).
struct RunningMean {
  std::unordered_map<uint32_t, std::pair<double, double>> sums;
  float mean(uint32_t key) const {
    auto it = sums.find(key);
    return it == sums.end() || it->second.second == 0 ? std::nanf("") : static_cast<float>(it->second.first / it->second.second);
  }
  float count(uint32_t key) const {
    auto it = sums.find(key);
    return it == sums.end() ? 0.f : static_cast<float>(it->second.second);
  }
  void add(uint32_t key, double v) {
    auto& s = sums[key];
    s.first += v;
    s.second += 1;
  }
};

}  // namespace

LaunchExamples launch_examples(const Dataset& shop, const PopularityConfig& cfg) {
  const EventTable& e = shop.events;
  if (e.empty()) throw Error("no events");
  const auto [lo, hi] = std::minmax_element(e.ts_ms.begin(), e.ts_ms.end());
  const int64_t first = *lo, now = cfg.now_ms > 0 ? cfg.now_ms : *hi + 1;
  std::vector<const CatalogueItem*> launched;
  for (const auto& it : shop.catalogue.items())
    if (it.created_ms != kNoTime && it.created_ms >= first && it.created_ms < now) launched.push_back(&it);
  std::sort(launched.begin(), launched.end(), [](auto* a, auto* b) { return a->created_ms < b->created_ms; });
  // First-week (and early) counts per launched item.
  std::unordered_map<uint32_t, size_t> slot;
  for (size_t k = 0; k < launched.size(); ++k) slot[launched[k]->item] = k;
  std::vector<double> views(launched.size()), buys(launched.size()), early_views(launched.size()), early_carts(launched.size());
  for (size_t i = 0; i < e.size(); ++i) {
    auto it = slot.find(e.item[i]);
    if (it == slot.end()) continue;
    const int64_t age = e.ts_ms[i] - launched[it->second]->created_ms;
    if (age < 0 || age >= cfg.window_ms || e.ts_ms[i] >= now) continue;
    views[it->second] += e.type[i] == Behavior::kView;
    buys[it->second] += e.type[i] == Behavior::kPurchase;
    if (cfg.early_ms > 0 && age < cfg.early_ms) {
      early_views[it->second] += e.type[i] == Behavior::kView;
      early_carts[it->second] += e.type[i] == Behavior::kAddToCart;
    }
  }
  // Category median prices from the whole catalogue (prices are known at launch).
  std::unordered_map<uint32_t, std::vector<float>> cat_prices;
  for (const auto& it : shop.catalogue.items())
    if (!std::isnan(it.price)) cat_prices[it.category].push_back(it.price);
  std::unordered_map<uint32_t, float> cat_median;
  for (auto& [c, v] : cat_prices) {
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    cat_median[c] = v[v.size() / 2];
  }
  // Views per existing item of the item's brand and category, from events before its launch.
  std::vector<uint32_t> by_time(e.size());
  std::iota(by_time.begin(), by_time.end(), 0u);
  std::stable_sort(by_time.begin(), by_time.end(), [&](uint32_t a, uint32_t b) { return e.ts_ms[a] < e.ts_ms[b]; });
  std::vector<const CatalogueItem*> all_items;
  for (const auto& it : shop.catalogue.items()) all_items.push_back(&it);
  std::sort(all_items.begin(), all_items.end(), [](auto* a, auto* b) { return a->created_ms < b->created_ms; });
  const auto brand_of = shop.catalogue.brand_by_item(shop.num_items());
  const auto cat_of = shop.catalogue.category_by_item(shop.num_items());
  std::unordered_map<uint32_t, double> brand_views, cat_views, brand_items, cat_items;
  std::vector<float> brand_traffic(launched.size()), cat_traffic(launched.size());
  size_t ev = 0, made = 0;
  for (size_t k = 0; k < launched.size(); ++k) {
    const int64_t t = launched[k]->created_ms;
    for (; ev < by_time.size() && e.ts_ms[by_time[ev]] < std::min(t, now); ++ev) {
      const uint32_t i = by_time[ev], item = e.item[i];
      if (e.type[i] != Behavior::kView || item == kNone || item >= brand_of.size()) continue;
      if (brand_of[item] != kNone) brand_views[brand_of[item]] += 1;
      if (cat_of[item] != kNone) cat_views[cat_of[item]] += 1;
    }
    for (; made < all_items.size() && all_items[made]->created_ms < t; ++made) {
      brand_items[all_items[made]->brand] += 1;
      cat_items[all_items[made]->category] += 1;
    }
    const uint32_t b = launched[k]->brand, c = launched[k]->category;
    brand_traffic[k] = brand_items[b] > 0 ? static_cast<float>(brand_views[b] / brand_items[b]) : std::nanf("");
    cat_traffic[k] = cat_items[c] > 0 ? static_cast<float>(cat_views[c] / cat_items[c]) : std::nanf("");
  }
  LaunchExamples ex;
  ex.x.names = kNames;
  ex.x.cols = kNames.size();
  ex.x.missing = kMissing;
  RunningMean by_cat, by_brand;
  for (size_t k = 0; k < launched.size(); ++k) {
    const CatalogueItem& it = *launched[k];
    const float median = cat_median.count(it.category) ? cat_median[it.category] : std::nanf("");
    const float words = static_cast<float>(std::count(it.title.begin(), it.title.end(), ' ') + !it.title.empty());
    const float row[] = {by_cat.mean(it.category), by_cat.count(it.category), by_brand.mean(it.brand),
                         by_brand.count(it.brand), it.price, median > 0 ? it.price / median : std::nanf(""), words,
                         it.in_stock ? 1.f : 0.f, static_cast<float>(hour_of(it.created_ms)),
                         static_cast<float>(weekday_of(it.created_ms)),
                         cfg.early_ms > 0 ? static_cast<float>(early_views[k]) : std::nanf(""),
                         cfg.early_ms > 0 ? static_cast<float>(early_carts[k]) : std::nanf(""), brand_traffic[k],
                         cat_traffic[k]};
    ex.x.data.insert(ex.x.data.end(), std::begin(row), std::end(row));
    ex.x.rows++;
    ex.items.push_back(it.item);
    ex.launch_ms.push_back(it.created_ms);
    if (it.created_ms + cfg.window_ms > now) {  // still in its first week: to forecast, not to learn from
      ex.views.push_back(std::nanf(""));
      ex.purchases.push_back(std::nanf(""));
      continue;
    }
    ex.complete = ex.x.rows;
    ex.views.push_back(static_cast<float>(std::log1p(views[k])));
    ex.purchases.push_back(static_cast<float>(std::log1p(buys[k])));
    // Only once this item's first week is over would its outcome be known; launches are
    // ordered, and the encodings above were read before adding it.
    by_cat.add(it.category, ex.views.back());
    if (it.brand != kNone) by_brand.add(it.brand, ex.views.back());
  }
  return ex;
}

PopularityReport evaluate_popularity(const LaunchExamples& ex, const PopularityConfig& cfg, Context& ctx) {
  const size_t n = ex.complete;
  if (n < 20) throw Error("only " + std::to_string(n) + " items were launched during the log; need at least 20");
  const size_t split = static_cast<size_t>(n * (1 - cfg.test_fraction));
  std::vector<size_t> train(split), test(n - split);
  std::iota(train.begin(), train.end(), 0);
  std::iota(test.begin(), test.end(), split);
  PopularityReport r;
  r.train_items = train.size();
  r.test_items = test.size();
  const Matrix xtr = ex.x.select_rows(train), xte = ex.x.select_rows(test);
  auto targets = [&](const std::vector<float>& y, const std::vector<size_t>& idx) {
    std::vector<float> out;
    for (size_t i : idx) out.push_back(y[i]);
    return out;
  };
  auto views_model = make_estimator(cfg.model, Objective::kRegression);
  views_model->fit(xtr, targets(ex.views, train), {}, ctx);
  r.views = evaluate_regression(views_model->predict(xte), targets(ex.views, test));
  auto buys_model = make_estimator(cfg.model, Objective::kRegression);
  buys_model->fit(xtr, targets(ex.purchases, train), {}, ctx);
  r.purchases = evaluate_regression(buys_model->predict(xte), targets(ex.purchases, test));
  std::vector<float> baseline;
  for (size_t i : test) baseline.push_back(std::isnan(ex.x.at(i, 0)) ? 0.f : ex.x.at(i, 0));
  r.views_baseline = evaluate_regression(baseline, targets(ex.views, test));
  const auto imp = views_model->importances();
  double total = std::accumulate(imp.begin(), imp.end(), 0.0);
  for (size_t c = 0; c < imp.size(); ++c) r.importances.emplace_back(ex.x.names[c], total > 0 ? imp[c] / total : 0);
  std::sort(r.importances.begin(), r.importances.end(), [](auto& a, auto& b) { return a.second > b.second; });
  return r;
}

}  // namespace ss::predict
