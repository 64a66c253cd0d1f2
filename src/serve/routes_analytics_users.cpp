// Analytics about users for the dashboard: RFM segments and their members, churn rates with
// a churn-risk list from a model trained on the snapshot (predict's time-aware churn task,
// logistic regression, cached per snapshot), and one user's timeline.
#include <algorithm>
#include <map>

#include "analytics/churn.h"
#include "core/timeutil.h"
#include "predict/user_model.h"
#include "serve/analytics_params.h"

namespace ss::serve {
namespace {

uint32_t segment_by_name(const std::string& name) {
  const auto names = segment_names();
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) throw not_found("no RFM segment '" + name + "' (champions, loyal, potential_loyalist, new, promising, need_attention, about_to_sleep, at_risk, cannot_lose, hibernating)");
  return static_cast<uint32_t>(it - names.begin());
}

Json rfm_summary(const Snapshot& snap) {
  const auto& r = snap.rfm;
  struct Sums { double recency = 0, frequency = 0, monetary = 0; };
  std::vector<Sums> sums(analytics::kNumSegments);
  for (size_t i = 0; i < r.users.size(); ++i) {
    auto& s = sums[static_cast<int>(r.segment[i])];
    s.recency += r.recency_days[i], s.frequency += r.frequency[i], s.monetary += r.monetary[i];
  }
  Json segments = Json::array();
  const double total_value = std::max(1e-12, [&] { double t = 0; for (double v : r.segment_value) t += v; return t; }());
  for (int k = 0; k < analytics::kNumSegments; ++k) {
    const double n = static_cast<double>(r.segment_users[k]);
    segments.push_back({{"segment", analytics::kSegmentNames[k]},
                        {"users", r.segment_users[k]},
                        {"value", r.segment_value[k]},
                        {"value_share", r.segment_value[k] / total_value},
                        {"user_share", r.users.empty() ? 0.0 : n / static_cast<double>(r.users.size())},
                        {"mean_recency_days", n ? sums[k].recency / n : 0.0},
                        {"mean_frequency", n ? sums[k].frequency / n : 0.0},
                        {"mean_monetary", n ? sums[k].monetary / n : 0.0}});
  }
  return {{"version", snap.version},
          {"as_of", format_datetime_ms(r.as_of_ms)},
          {"monetary", r.monetary_from_price ? "revenue" : "purchases"},
          {"purchasers", r.users.size()},
          {"users", snap.view.num_users()},
          {"segments", segments}};
}

// The churn model's scores for the whole population at the end of the log, best first.
Json churn_scores(const Snapshot& snap, double horizon_days, Context& ctx) {
  const Dataset& d = snap.data;
  Json out = {{"model", "logreg"}, {"scores", Json::array()}};
  if (d.events.empty()) return out;
  predict::UserTaskConfig cfg;
  cfg.kind = predict::UserTaskConfig::Kind::kChurn;
  cfg.model = "logreg";
  cfg.horizon_ms = static_cast<int64_t>(horizon_days * 86'400'000.0);
  const auto index = predict::index_by_user(d.events, d.num_users(), ctx);
  const auto cats = d.item_categories();
  const auto brands = d.catalogue.brand_by_item(d.num_items());
  predict::FeatureContext fc{d.events, index, cats, brands};
  const int64_t last = snap.view.max_ts + 1;
  try {
    const auto model = predict::train_user_model(fc, cfg, last, ctx);
    for (const auto& su : predict::score_users(fc, model, last, 0, 3)) {
      Json reasons = Json::object();
      for (const auto& [k, v] : su.reasons) reasons[k] = v;
      out["scores"].push_back({{"user", std::string(d.dicts.users.name(su.user))}, {"id", su.user},
                               {"probability", su.probability}, {"reasons", reasons}});
    }
  } catch (const std::exception& e) {  // too little history for a labelled snapshot
    out["note"] = std::string("no churn model: ") + e.what();
  }
  return out;
}

Json cached_churn_scores(Service& s, const Snapshot& snap, double horizon_days) {
  return snap.cached("churn_scores:" + std::to_string(horizon_days), [&] {
    return s.insights->analytics.compute([&](Context& ctx) { return churn_scores(snap, horizon_days, ctx); });
  });
}

Json user_row(const Snapshot& snap, size_t i) {
  const auto& r = snap.rfm;
  return {{"user", std::string(snap.data.dicts.users.name(r.users[i]))},
          {"segment", analytics::kSegmentNames[static_cast<int>(r.segment[i])]},
          {"recency_days", r.recency_days[i]},
          {"frequency", r.frequency[i]},
          {"monetary", r.monetary[i]},
          {"r", r.r[i]}, {"f", r.f[i]}, {"m", r.m[i]}};
}

}  // namespace

void h_analytics_rfm(Service& s, const httplib::Request&, httplib::Response& res) {
  auto snap = s.insights->analytics.get();
  send_json(res, snap->cached("rfm", [&] { return rfm_summary(*snap); }));
}

void h_analytics_segment_users(Service& s, const httplib::Request& req, httplib::Response& res) {
  const Json p = request_params(req);
  const uint32_t seg = segment_by_name(req.matches[1]);
  const size_t limit = static_cast<size_t>(get_int(p, "limit", "request", 50, 1, 1000));
  const size_t offset = static_cast<size_t>(get_int(p, "offset", "request", 0, 0, 100'000'000));
  auto snap = s.insights->analytics.get();
  const auto& r = snap->rfm;
  std::vector<size_t> rows;
  for (size_t i = 0; i < r.users.size(); ++i)
    if (static_cast<uint32_t>(r.segment[i]) == seg) rows.push_back(i);
  // Most valuable first: the users a marketer acts on.
  std::sort(rows.begin(), rows.end(), [&](size_t a, size_t b) { return std::tie(r.monetary[a], b) > std::tie(r.monetary[b], a); });
  Json users = Json::array();
  for (size_t k = offset; k < rows.size() && k < offset + limit; ++k) users.push_back(user_row(*snap, rows[k]));
  send_json(res, {{"segment", analytics::kSegmentNames[seg]}, {"total", rows.size()}, {"offset", offset},
                  {"users", users}, {"version", snap->version}});
}

void h_analytics_churn(Service& s, const httplib::Request& req, httplib::Response& res) {
  const Json p = request_params(req);
  const double horizon = get_number(p, "horizon_days", "request", 14, 1, 365);
  const size_t limit = static_cast<size_t>(get_int(p, "limit", "request", 50, 1, 1000));
  auto snap = s.insights->analytics.get();
  Json out = snap->cached("churn:" + std::to_string(horizon), [&] {
    return s.insights->analytics.compute([&](Context& ctx) {
      analytics::ChurnOptions o;
      o.horizon_days = horizon;
      o.user_group = snap->segment_of_user;
      o.group_names = segment_names();
      return analytics::to_json(analytics::compute_churn(snap->view, o, ctx));
    });
  });
  const Json scores = cached_churn_scores(s, *snap, horizon);
  // Users still active by the churn definition (inactive for less than the horizon): the
  // ones a retention campaign can still reach. Scores come best first.
  Json risk = Json::array();
  for (const auto& sc : scores["scores"]) {
    if (risk.size() >= limit) break;
    const uint32_t u = sc["id"].get<uint32_t>();
    if (snap->view.begin(u) == snap->view.end(u)) continue;
    const int64_t last = snap->view.events().ts_ms[snap->view.end(u) - 1];
    const double inactive = static_cast<double>(snap->view.max_ts + 1 - last) / 86'400'000.0;
    if (inactive >= horizon) continue;
    Json row = sc;
    row.erase("id");
    if (u < snap->segment_of_user.size() && snap->segment_of_user[u] != kNone)
      row["segment"] = analytics::kSegmentNames[snap->segment_of_user[u]];
    row["last_seen"] = format_datetime_ms(last);
    row["days_inactive"] = inactive;
    risk.push_back(std::move(row));
  }
  out["risk"] = risk;
  out["risk_model"] = scores["model"];
  out["scored_users"] = scores["scores"].size();
  if (scores.contains("note")) out["risk_note"] = scores["note"];
  out["version"] = snap->version;
  send_json(res, out);
}

void h_analytics_timeline(Service& s, const httplib::Request& req, httplib::Response& res) {
  const Json p = request_params(req);
  const std::string name = req.matches[1];
  const size_t limit = static_cast<size_t>(get_int(p, "limit", "request", 200, 1, 5000));
  auto snap = s.insights->analytics.get();
  const Dataset& d = snap->data;
  const uint32_t u = d.dicts.users.find(name);
  if (u == kNone || u >= snap->view.num_users()) throw not_found("unknown user '" + name + "'");
  const analytics::View& v = snap->view;
  const auto& e = v.events();
  std::map<std::string, uint64_t> counts;
  uint64_t sessions = 0;
  for (uint64_t i = v.begin(u); i < v.end(u); ++i) ++counts[std::string(behavior_name(e.type[i]))], sessions += v.session_start(i);
  Json events = Json::array();  // newest first
  for (uint64_t i = v.end(u); i-- > v.begin(u) && events.size() < limit;) {
    Json o = {{"ts", e.ts_ms[i]}, {"type", std::string(behavior_name(e.type[i]))}, {"new_session", v.session_start(i)}};
    if (e.item[i] != kNone && e.item[i] < d.num_items()) {
      o["item"] = std::string(d.dicts.items.name(e.item[i]));
      if (const CatalogueItem* c = d.catalogue.find(e.item[i])) o["title"] = c->title;
      if (v.item_category[e.item[i]] != kNone) o["category"] = std::string(d.dicts.categories.name(v.item_category[e.item[i]]));
    }
    if (e.has_query() && e.query[i] != kNone) o["query"] = std::string(d.dicts.queries.name(e.query[i]));
    events.push_back(std::move(o));
  }
  Json out = {{"user", name}, {"version", snap->version}, {"events_total", v.end(u) - v.begin(u)},
              {"sessions", sessions}, {"counts", counts}, {"events", events}};
  if (v.begin(u) < v.end(u)) {
    out["first_seen"] = e.ts_ms[v.begin(u)];
    out["last_seen"] = e.ts_ms[v.end(u) - 1];
  }
  const auto& r = snap->rfm;
  if (auto it = std::lower_bound(r.users.begin(), r.users.end(), u); it != r.users.end() && *it == u)
    out["rfm"] = user_row(*snap, static_cast<size_t>(it - r.users.begin()));
  const Json scores = cached_churn_scores(s, *snap, 14);
  for (const auto& sc : scores["scores"])
    if (sc["id"].get<uint32_t>() == u) {
      out["churn_risk"] = {{"probability", sc["probability"]}, {"reasons", sc["reasons"]}, {"horizon_days", 14}};
      break;
    }
  send_json(res, out);
}

}  // namespace ss::serve
