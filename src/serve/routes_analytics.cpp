// Analytics for the dashboard over the latest store snapshot: overview time series,
// funnels and retention cohorts. Every answer is cached per snapshot and request, and says
// which snapshot (store version) it was computed on.
#include <algorithm>

#include "analytics/cohorts.h"
#include "analytics/funnel.h"
#include "core/timeutil.h"
#include "serve/analytics_params.h"

namespace ss::serve {
namespace {

constexpr int64_t kHour = 3'600'000, kDay = 24 * kHour, kWeek = 7 * kDay;
constexpr size_t kMaxBuckets = 5000;

int64_t bucket_width(const std::string& name, int64_t span_ms) {
  if (name == "hour") return kHour;
  if (name == "day") return kDay;
  if (name == "week") return kWeek;
  if (name != "auto") throw bad_request("bucket must be auto, hour, day or week");
  return span_ms <= 3 * kDay ? kHour : span_ms <= 180 * kDay ? kDay : kWeek;
}

// Bucket start: hours and days on UTC boundaries, weeks starting on Monday.
int64_t bucket_start(int64_t ts, int64_t width) {
  const int64_t shift = width == kWeek ? 4 * kDay : 0;  // 1970-01-01 was a Thursday
  const int64_t t = ts - shift;
  return (t >= 0 ? t / width : (t - width + 1) / width) * width + shift;
}

Json overview(const Snapshot& snap, const Json& p, Context& ctx) {
  const RangedView rv = ranged_view(snap, p, ctx);
  const analytics::View& v = *rv;
  const auto& e = v.events();
  const size_t top = static_cast<size_t>(get_int(p, "top", "request", 10, 1, 100));
  Json out = {{"version", snap.version}, {"events", e.size()}};
  out["data_range"] = {{"from", snap.view.min_ts}, {"to", snap.view.max_ts + 1}};
  if (e.empty()) {
    out.update({{"users", 0}, {"purchasers", 0}, {"conversion", 0.0}, {"series", Json::object()}, {"top_items", Json::array()}});
    return out;
  }
  const int64_t width = bucket_width(get_string(p, "bucket", "request", 8, false, "auto"), v.max_ts - v.min_ts);
  const int64_t first = bucket_start(v.min_ts, width);
  const size_t nb = static_cast<size_t>((bucket_start(v.max_ts, width) - first) / width + 1);
  if (nb > kMaxBuckets) throw bad_request("too many time buckets (" + std::to_string(nb) + "): choose a coarser bucket or a shorter range");
  std::vector<std::vector<uint64_t>> by_type(kNumBehaviors, std::vector<uint64_t>(nb));
  std::vector<uint64_t> active(nb), buyers(nb), type_total(kNumBehaviors);
  std::vector<uint64_t> item_views(v.num_items()), item_buys(v.num_items()), item_events(v.num_items());
  uint64_t users = 0, purchasers = 0, sessions = 0;
  for (uint32_t u = 0; u < v.num_users(); ++u) {
    if (v.begin(u) == v.end(u)) continue;
    ++users;
    size_t last_b = nb, last_buy_b = nb;
    bool bought = false;
    for (uint64_t i = v.begin(u); i < v.end(u); ++i) {
      const size_t b = static_cast<size_t>((e.ts_ms[i] - first) / width);
      const int t = static_cast<int>(e.type[i]);
      ++by_type[t][b], ++type_total[t];
      sessions += v.session_start(i);
      if (b != last_b) ++active[b], last_b = b;
      const bool buy = e.type[i] == Behavior::kPurchase;
      if (buy && b != last_buy_b) ++buyers[b], last_buy_b = b;
      bought |= buy;
      const uint32_t it = e.item[i];
      if (it < item_events.size()) {
        ++item_events[it];
        item_views[it] += e.type[i] == Behavior::kView;
        item_buys[it] += buy;
      }
    }
    purchasers += bought;
  }
  Json t = Json::array(), series = Json::object(), conversion = Json::array();
  for (size_t b = 0; b < nb; ++b) {
    t.push_back(first + static_cast<int64_t>(b) * width);
    conversion.push_back(active[b] ? static_cast<double>(buyers[b]) / static_cast<double>(active[b]) : 0.0);
  }
  Json by_type_total = Json::object();
  for (int k = 0; k < kNumBehaviors; ++k)
    if (type_total[k]) {
      series[std::string(kBehaviorNames[k])] = by_type[k];
      by_type_total[std::string(kBehaviorNames[k])] = type_total[k];
    }
  std::vector<uint32_t> order;
  for (uint32_t it = 0; it < item_events.size(); ++it)
    if (item_events[it]) order.push_back(it);
  const size_t n_top = std::min(top, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n_top), order.end(), [&](uint32_t a, uint32_t b) {
    return std::tie(item_buys[a], item_views[a], item_events[a], b) > std::tie(item_buys[b], item_views[b], item_events[b], a);
  });
  Json top_items = Json::array();
  for (size_t k = 0; k < n_top; ++k) {
    const uint32_t it = order[k];
    Json o = {{"item", std::string(snap.data.dicts.items.name(it))}, {"events", item_events[it]},
              {"views", item_views[it]}, {"purchases", item_buys[it]}};
    if (const CatalogueItem* c = snap.data.catalogue.find(it)) o["title"] = c->title;
    top_items.push_back(std::move(o));
  }
  const uint64_t views = type_total[static_cast<int>(Behavior::kView)], buys = type_total[static_cast<int>(Behavior::kPurchase)];
  out.update({{"range", {{"from", v.min_ts}, {"to", v.max_ts + 1}}},
              {"bucket_ms", width},
              {"users", users},
              {"purchasers", purchasers},
              {"sessions", sessions},
              {"conversion", users ? static_cast<double>(purchasers) / static_cast<double>(users) : 0.0},
              {"purchases_per_view", views ? static_cast<double>(buys) / static_cast<double>(views) : 0.0},
              {"by_type", by_type_total},
              {"series", {{"t", t}, {"events", series}, {"active_users", active}, {"conversion", conversion}}},
              {"top_items", top_items}});
  return out;
}

Json funnel(const Snapshot& snap, const Json& p, Context& ctx) {
  std::string steps = text_param(p, "steps", 2000, "view>cart>purchase");
  if (steps.find('>') == std::string::npos) std::replace(steps.begin(), steps.end(), ',', '>');
  analytics::FunnelOptions f;
  f.steps = analytics::parse_funnel_steps(steps, snap.data.dicts);
  if (f.steps.size() < 2) throw bad_request("a funnel needs at least two steps, e.g. view>cart>purchase");
  const std::string per = get_string(p, "per", "request", 16, false, "user");
  if (per != "user" && per != "session") throw bad_request("per must be 'user' or 'session'");
  f.per_session = per == "session";
  const std::string window = text_param(p, "window", 32, "0");
  if (window != "0") {
    const auto ms = parse_duration_ms(window);
    if (!ms || *ms < 0) throw bad_request("window '" + window + "' is not a duration (e.g. 30m, 24h, 7d; 0 = none)");
    f.window_ms = *ms;
  }
  f.breakdown = analytics::parse_breakdown(get_string(p, "by", "request", 16, false, "none"));
  if (f.breakdown == analytics::Breakdown::kUserGroup) f.user_group = snap.segment_of_user, f.group_names = segment_names();
  const RangedView rv = ranged_view(snap, p, ctx);
  if (rv.owned && f.breakdown == analytics::Breakdown::kUserGroup) f.user_group.resize(rv.view->num_users(), kNone);
  Json out = analytics::to_json(analytics::compute_funnel(*rv, f, ctx));
  out["version"] = snap.version;
  return out;
}

Json cohorts(const Snapshot& snap, const Json& p, Context& ctx) {
  analytics::CohortOptions c;
  c.period = analytics::parse_period(get_string(p, "period", "request", 8, false, "week"));
  const std::string by = get_string(p, "cohort", "request", 16, false, "first_activity");
  if (by != "first_activity" && by != "first_purchase") throw bad_request("cohort must be first_activity or first_purchase");
  c.cohort_by_first_purchase = by == "first_purchase";
  const std::string activity = get_string(p, "activity", "request", 16, false, "any");
  if (activity != "any" && activity != "purchases") throw bad_request("activity must be 'any' or 'purchases'");
  c.purchases_only = activity == "purchases";
  const RangedView rv = ranged_view(snap, p, ctx);
  Json out = analytics::to_json(analytics::compute_cohorts(*rv, c, ctx));
  const size_t max_cohorts = static_cast<size_t>(get_int(p, "max_cohorts", "request", 52, 1, 1000));
  if (out["cohorts"].size() > max_cohorts)  // the newest ones
    out["cohorts"].erase(out["cohorts"].begin(), out["cohorts"].end() - static_cast<std::ptrdiff_t>(max_cohorts));
  out["version"] = snap.version;
  return out;
}

using Report = Json (*)(const Snapshot&, const Json&, Context&);

void run_report(Service& s, const httplib::Request& req, httplib::Response& res, const char* name, Report report) {
  const Json p = request_params(req);
  auto snap = s.insights->analytics.get();
  send_json(res, snap->cached(cache_key(name, p), [&] {
    return s.insights->analytics.compute([&](Context& ctx) { return report(*snap, p, ctx); });
  }));
}

}  // namespace

void h_analytics_overview(Service& s, const httplib::Request& req, httplib::Response& res) {
  run_report(s, req, res, "overview", overview);
}
void h_analytics_funnel(Service& s, const httplib::Request& req, httplib::Response& res) {
  run_report(s, req, res, "funnel", funnel);
}
void h_analytics_cohorts(Service& s, const httplib::Request& req, httplib::Response& res) {
  run_report(s, req, res, "cohorts", cohorts);
}

}  // namespace ss::serve
