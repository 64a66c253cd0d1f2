#include "predict/features.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/timeutil.h"

namespace ss::predict {

UserIndex index_by_user(const EventTable& e, size_t num_users, Context& ctx) {
  UserIndex idx = prep::build_user_index(e, ctx);
  if (idx.offsets.empty()) idx.offsets.push_back(0);
  if (idx.num_users() < num_users) idx.offsets.resize(num_users + 1, idx.offsets.back());
  return idx;
}

namespace {

// The user's rows before the cutoff: a prefix of their time-ordered slice.
std::pair<const uint32_t*, const uint32_t*> rows_before(const FeatureContext& fc, uint32_t u, int64_t cutoff) {
  const uint32_t* b = fc.index.rows.data() + fc.index.offsets[u];
  const uint32_t* e = fc.index.rows.data() + fc.index.offsets[u + 1];
  const uint32_t* end = std::partition_point(b, e, [&](uint32_t r) { return fc.events.ts_ms[r] < cutoff; });
  return {b, end};
}

// Each feature with what a missing value means (estimator.h): counts are zero when there
// is no history; recencies get a "never happened" indicator; ratios over an empty
// denominator stay NaN for XGBoost and take the training median elsewhere.
constexpr Missing Z = Missing::kZero, N = Missing::kNative, M = Missing::kMedian, I = Missing::kIndicator;
const std::vector<std::pair<std::string, Missing>> kFeatures = {
    {"recency_days", I}, {"recency_purchase_days", I}, {"tenure_days", I}, {"events", Z}, {"views", Z},
    {"carts", Z}, {"favorites", Z}, {"purchases", Z}, {"searches", Z}, {"returns", Z}, {"events_7d", Z},
    {"events_30d", Z}, {"purchases_30d", Z}, {"purchases_90d", Z}, {"views_7d", Z}, {"active_days", Z},
    {"sessions", Z}, {"events_per_session", N}, {"spend", Z}, {"avg_order_value", M}, {"cart_per_view", N},
    {"purchase_per_cart", N}, {"top_category_share", N}, {"category_entropy", N}, {"distinct_items", Z},
    {"trend_7d_vs_30d", N}, {"mean_gap_days", N}, {"target_category_share", N}, {"target_category_purchases", Z},
    {"target_brand_share", N}, {"active_day_gap", N}, {"recency_over_active_day_gap", N}};

}  // namespace

Matrix user_features(const FeatureContext& fc, const std::vector<uint32_t>& users, int64_t cutoff) {
  Matrix m;
  for (const auto& [name, missing] : kFeatures) m.names.push_back(name), m.missing.push_back(missing);
  m.cols = kFeatures.size();
  m.rows = users.size();
  m.data.assign(m.rows * m.cols, std::nanf(""));
  const EventTable& e = fc.events;
  const double day = static_cast<double>(kMsPerDay);
  std::unordered_map<uint32_t, uint32_t> cat_count;
  std::vector<int64_t> days;
  std::vector<uint32_t> items;
  for (size_t r = 0; r < users.size(); ++r) {
    auto [b, end] = rows_before(fc, users[r], cutoff);
    float* f = m.row(r);
    const size_t n = static_cast<size_t>(end - b);
    if (n == 0) continue;  // no history: every feature stays missing
    cat_count.clear();
    days.clear();
    items.clear();
    double c[9] = {};  // counts by behaviour
    double ev7 = 0, ev30 = 0, pu30 = 0, pu90 = 0, vw7 = 0, spend = 0, priced_orders = 0;
    double tgt_cat = 0, tgt_cat_buy = 0, tgt_brand = 0;
    int64_t last_purchase = kNoTime;
    uint32_t sessions = 0, last_session = kNone;
    for (const uint32_t* p = b; p != end; ++p) {
      const uint32_t i = *p;
      const Behavior t = e.type[i];
      c[static_cast<int>(t)] += 1;
      const double age = (cutoff - e.ts_ms[i]) / day;
      ev7 += age < 7;
      ev30 += age < 30;
      if (t == Behavior::kView) vw7 += age < 7;
      if (t == Behavior::kPurchase) {
        pu30 += age < 30;
        pu90 += age < 90;
        last_purchase = e.ts_ms[i];
        if (e.has_price() && !std::isnan(e.price[i])) {
          const float q = e.has_quantity() && !std::isnan(e.quantity[i]) ? e.quantity[i] : 1.f;
          spend += e.price[i] * q;
          priced_orders += 1;
        }
      }
      days.push_back(day_of(e.ts_ms[i]));
      const uint32_t it = e.item[i];
      if (it != kNone) {
        items.push_back(it);
        const uint32_t cat = it < fc.item_category.size() ? fc.item_category[it] : kNone;
        if (cat != kNone) {
          cat_count[cat]++;
          if (cat == fc.target_category) {
            tgt_cat += 1;
            tgt_cat_buy += t == Behavior::kPurchase;
          }
        }
        if (fc.target_brand != kNone && it < fc.item_brand.size() && fc.item_brand[it] == fc.target_brand) tgt_brand += 1;
      }
      if (e.has_session() && e.session[i] != last_session) ++sessions, last_session = e.session[i];
    }
    const int64_t first_ts = e.ts_ms[*b], last_ts = e.ts_ms[*(end - 1)];
    std::sort(days.begin(), days.end());
    const double active_days = static_cast<double>(std::unique(days.begin(), days.end()) - days.begin());
    std::sort(items.begin(), items.end());
    const double distinct_items = static_cast<double>(std::unique(items.begin(), items.end()) - items.begin());
    double top = 0, entropy = 0, with_cat = 0;
    for (auto& [k, v] : cat_count) with_cat += v, top = std::max<double>(top, v);
    for (auto& [k, v] : cat_count) entropy -= (v / with_cat) * std::log(v / with_cat);
    const double views = c[static_cast<int>(Behavior::kView)], carts = c[static_cast<int>(Behavior::kAddToCart)];
    const double buys = c[static_cast<int>(Behavior::kPurchase)];
    size_t k = 0;
    f[k++] = static_cast<float>((cutoff - last_ts) / day);
    f[k++] = last_purchase == kNoTime ? std::nanf("") : static_cast<float>((cutoff - last_purchase) / day);
    f[k++] = static_cast<float>((cutoff - first_ts) / day);
    f[k++] = static_cast<float>(n);
    f[k++] = static_cast<float>(views);
    f[k++] = static_cast<float>(carts);
    f[k++] = static_cast<float>(c[static_cast<int>(Behavior::kFavorite)]);
    f[k++] = static_cast<float>(buys);
    f[k++] = static_cast<float>(c[static_cast<int>(Behavior::kSearch)]);
    f[k++] = static_cast<float>(c[static_cast<int>(Behavior::kReturn)]);
    f[k++] = static_cast<float>(ev7);
    f[k++] = static_cast<float>(ev30);
    f[k++] = static_cast<float>(pu30);
    f[k++] = static_cast<float>(pu90);
    f[k++] = static_cast<float>(vw7);
    f[k++] = static_cast<float>(active_days);
    f[k++] = e.has_session() ? static_cast<float>(sessions) : std::nanf("");
    f[k++] = e.has_session() && sessions ? static_cast<float>(n / static_cast<double>(sessions)) : std::nanf("");
    f[k++] = e.has_price() ? static_cast<float>(spend) : std::nanf("");
    f[k++] = priced_orders > 0 ? static_cast<float>(spend / priced_orders) : std::nanf("");
    f[k++] = views > 0 ? static_cast<float>(carts / views) : std::nanf("");
    f[k++] = carts > 0 ? static_cast<float>(buys / carts) : std::nanf("");
    f[k++] = with_cat > 0 ? static_cast<float>(top / with_cat) : std::nanf("");
    f[k++] = with_cat > 0 ? static_cast<float>(entropy) : std::nanf("");
    f[k++] = static_cast<float>(distinct_items);
    f[k++] = ev30 > 0 ? static_cast<float>(ev7 / ev30) : std::nanf("");
    f[k++] = n > 1 ? static_cast<float>((last_ts - first_ts) / day / (n - 1)) : std::nanf("");
    f[k++] = fc.target_category != kNone && with_cat > 0 ? static_cast<float>(tgt_cat / with_cat) : std::nanf("");
    f[k++] = fc.target_category != kNone ? static_cast<float>(tgt_cat_buy) : std::nanf("");
    f[k++] = fc.target_brand != kNone ? static_cast<float>(tgt_brand / n) : std::nanf("");
    // How long the user has been away relative to their own rhythm: the usual churn signal.
    const double day_gap = active_days > 1 ? (days[static_cast<size_t>(active_days) - 1] - days[0]) / (active_days - 1)
                                           : std::nan("");
    f[k++] = static_cast<float>(day_gap);
    f[k++] = static_cast<float>((cutoff - last_ts) / day / (std::isnan(day_gap) ? (cutoff - first_ts) / day + 1 : day_gap + 1));
  }
  return m;
}

std::vector<uint32_t> active_users(const FeatureContext& fc, int64_t from, int64_t to,
                                   const std::vector<Behavior>& activity) {
  std::vector<uint32_t> out;
  const auto flags = has_event_in(fc, [&] {
    std::vector<uint32_t> all(fc.index.num_users());
    for (uint32_t u = 0; u < all.size(); ++u) all[u] = u;
    return all;
  }(), from, to, activity);
  for (uint32_t u = 0; u < flags.size(); ++u)
    if (flags[u] > 0.5f) out.push_back(u);
  return out;
}

std::vector<float> has_event_in(const FeatureContext& fc, const std::vector<uint32_t>& users, int64_t from, int64_t to,
                                const std::vector<Behavior>& types, uint32_t category) {
  std::vector<float> out(users.size(), 0.f);
  const EventTable& e = fc.events;
  for (size_t r = 0; r < users.size(); ++r) {
    const uint32_t u = users[r];
    const uint32_t* b = fc.index.rows.data() + fc.index.offsets[u];
    const uint32_t* end = fc.index.rows.data() + fc.index.offsets[u + 1];
    b = std::partition_point(b, end, [&](uint32_t i) { return e.ts_ms[i] < from; });
    for (const uint32_t* p = b; p != end && e.ts_ms[*p] < to; ++p) {
      if (!types.empty() && std::find(types.begin(), types.end(), e.type[*p]) == types.end()) continue;
      if (category != kNone) {
        const uint32_t it = e.item[*p];
        if (it == kNone || it >= fc.item_category.size() || fc.item_category[it] != category) continue;
      }
      out[r] = 1.f;
      break;
    }
  }
  return out;
}

}  // namespace ss::predict
