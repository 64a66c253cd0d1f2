// shopsense analyze <report> and shopsense report: behaviour analytics as tables, JSON,
// CSV and one self-contained HTML file.
#include <chrono>
#include <cstdio>
#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "analytics/anomalies.h"
#include "analytics/baskets.h"
#include "analytics/churn.h"
#include "analytics/cohorts.h"
#include "analytics/funnel.h"
#include "analytics/html_report.h"
#include "analytics/items.h"
#include "analytics/overview.h"
#include "analytics/preferences.h"
#include "analytics/rfm.h"
#include "analytics/transitions.h"
#include "cli/commands.h"
#include "core/error.h"
#include "core/timeutil.h"
#include "store/store.h"

namespace ss::cli {
namespace {
using namespace ss::analytics;

struct AnalyzeOpts {
  std::string report, format = "table", from, to, category, segment;
  std::string steps = "view>cart>purchase", per = "user", by = "none", period = "week", cohort_by = "first_activity";
  std::string active = "any", weights;
  double window_hours = 0, half_life = 30, horizon = 14;
  int top = 10;
  uint64_t min_views = 30, min_pair = 5;
  bool basket_by_day = false, json = false, csv = false;
  std::string out = "report.html";
};

const std::vector<std::string> kReports = {"overview", "funnel", "cohorts", "rfm", "preferences", "transitions",
                                           "items", "baskets", "anomalies", "churn"};

std::vector<std::string> segment_names() { return {kSegmentNames.begin(), kSegmentNames.end()}; }

nlohmann::json run_report(const std::string& name, const View& v, const AnalyzeOpts& o, Context& ctx) {
  auto rfm_groups = [&] { return compute_rfm(v, {}, ctx).segment_by_user(v.num_users()); };
  if (name == "overview") return to_json(compute_overview(v, ctx));
  if (name == "funnel") {
    FunnelOptions f;
    f.steps = parse_funnel_steps(o.steps, *v.dicts);
    f.per_session = o.per == "session";
    f.window_ms = static_cast<int64_t>(o.window_hours * kMsPerHour);
    f.breakdown = parse_breakdown(o.by);
    if (f.breakdown == Breakdown::kUserGroup) f.user_group = rfm_groups(), f.group_names = segment_names();
    return to_json(compute_funnel(v, f, ctx));
  }
  if (name == "cohorts") {
    CohortOptions c;
    c.period = parse_period(o.period);
    c.cohort_by_first_purchase = o.cohort_by == "first_purchase";
    c.purchases_only = o.active == "purchases";
    return to_json(compute_cohorts(v, c, ctx));
  }
  if (name == "rfm") return to_json(compute_rfm(v, {}, ctx), static_cast<size_t>(o.top));
  if (name == "preferences") {
    PreferenceOptions p;
    parse_weights(o.weights, p);
    p.half_life_days = o.half_life;
    p.top_n = std::max(1, std::min(o.top, 10));
    p.user_group = rfm_groups();
    p.group_names = segment_names();
    const PreferenceResult r = compute_preferences(v, p, ctx);
    std::vector<uint32_t> sample;  // the most active users
    std::vector<std::pair<uint64_t, uint32_t>> act;
    for (uint32_t u = 0; u < v.num_users(); ++u) act.emplace_back(v.end(u) - v.begin(u), u);
    std::partial_sort(act.begin(), act.begin() + std::min<size_t>(act.size(), 200), act.end(), std::greater<>());
    for (size_t k = 0; k < std::min<size_t>(act.size(), 200) && sample.size() < 8; k += 25) sample.push_back(act[k].second);
    return to_json(r, v, sample);
  }
  if (name == "transitions") return to_json(compute_transitions(v, {}, ctx), 20);
  if (name == "items") {
    ItemOptions i;
    i.min_views = o.min_views;
    i.top = o.top;
    return to_json(compute_items(v, i, ctx), v, i);
  }
  if (name == "baskets") {
    BasketOptions b;
    b.by_day = o.basket_by_day;
    b.min_pair_count = o.min_pair;
    return to_json(compute_baskets(v, b, ctx), v);
  }
  if (name == "anomalies") return to_json(compute_anomalies(v, {}, ctx), v, static_cast<size_t>(o.top * 5));
  if (name == "churn") {
    ChurnOptions c;
    c.horizon_days = o.horizon;
    c.cohort_period = parse_period(o.period);
    c.user_group = rfm_groups();
    c.group_names = segment_names();
    return to_json(compute_churn(v, c, ctx));
  }
  throw Error("unknown report '" + name + "'");
}

// The main table of each report, for --csv and the plain-text view.
const nlohmann::json& main_table(const std::string& name, const nlohmann::json& j) {
  static const std::map<std::string, std::vector<std::string>> path = {
      {"overview", {"daily"}}, {"funnel", {"all", "steps"}}, {"cohorts", {"cohorts"}}, {"rfm", {"segments"}},
      {"preferences", {"users"}}, {"transitions", {"p_purchase_given_path"}}, {"items", {"categories"}},
      {"baskets", {"rules"}}, {"anomalies", {"users"}}, {"churn", {"by_cohort"}}};
  const nlohmann::json* x = &j;
  for (const auto& k : path.at(name)) x = &(*x)[k];
  return *x;
}

std::string cell(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) {
    char b[32];
    std::snprintf(b, sizeof b, "%.4g", v.get<double>());
    return b;
  }
  return v.dump();
}

void print_table(const nlohmann::json& rows, bool csv) {
  if (!rows.is_array() || rows.empty()) {
    std::printf("(no rows)\n");
    return;
  }
  std::vector<std::string> cols;
  for (const auto& [k, val] : rows[0].items()) cols.push_back(k);
  // The row's name first (keys come sorted alphabetically otherwise).
  for (const char* key : {"then", "if", "reason", "id", "path", "name", "user", "item", "category", "cohort", "segment",
                          "day", "step"}) {
    auto it = std::find(cols.begin(), cols.end(), key);
    if (it != cols.end()) cols.erase(it), cols.insert(cols.begin(), key);
  }
  std::vector<std::vector<std::string>> text;
  for (const auto& r : rows) {
    std::vector<std::string> line;
    for (const auto& c : cols) line.push_back(r.contains(c) ? cell(r[c]) : "");
    text.push_back(line);
  }
  if (csv) {
    auto quote = [](const std::string& s) {
      if (s.find_first_of(",\"\n") == std::string::npos) return s;
      std::string q = "\"";
      for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      return q + "\"";
    };
    for (size_t c = 0; c < cols.size(); ++c) std::printf("%s%s", c ? "," : "", quote(cols[c]).c_str());
    std::printf("\n");
    for (const auto& line : text) {
      for (size_t c = 0; c < cols.size(); ++c) std::printf("%s%s", c ? "," : "", quote(line[c]).c_str());
      std::printf("\n");
    }
    return;
  }
  std::vector<size_t> w(cols.size());
  for (size_t c = 0; c < cols.size(); ++c) {
    w[c] = cols[c].size();
    for (const auto& line : text) w[c] = std::max(w[c], std::min<size_t>(line[c].size(), 60));
  }
  for (size_t c = 0; c < cols.size(); ++c) std::printf("%-*s  ", static_cast<int>(w[c]), cols[c].c_str());
  std::printf("\n");
  for (const auto& line : text) {
    for (size_t c = 0; c < cols.size(); ++c) std::printf("%-*s  ", static_cast<int>(w[c]), line[c].substr(0, 60).c_str());
    std::printf("\n");
  }
}

struct Loaded {
  Dataset data;
  View view;
  double load_s = 0, view_s = 0;
};

Loaded load(GlobalOptions& g, const AnalyzeOpts& o, Context& ctx) {
  Loaded L;
  auto t0 = std::chrono::steady_clock::now();
  L.data = Store::open(g.data_dir, {.create_if_missing = false, .read_only = true})->load(ctx);
  auto t1 = std::chrono::steady_clock::now();
  Filter f;
  if (!o.from.empty()) {
    auto t = parse_datetime_ms(o.from);
    if (!t) throw Error("--from must be a date like 2024-01-31, got '" + o.from + "'");
    f.from_ms = *t;
  }
  if (!o.to.empty()) {
    auto t = parse_datetime_ms(o.to);
    if (!t) throw Error("--to must be a date like 2024-02-29, got '" + o.to + "'");
    f.to_ms = *t;
  }
  if (!o.category.empty()) {
    f.category = L.data.dicts.categories.find(o.category);
    if (f.category == kNone) throw Error("--category '" + o.category + "' is not a category in " + g.data_dir);
  }
  if (!o.segment.empty()) {
    const auto names = segment_names();
    const auto it = std::find(names.begin(), names.end(), o.segment);
    if (it == names.end()) throw Error("--segment '" + o.segment + "' is not an RFM segment (champions, loyal, at_risk, hibernating, new, ...)");
    const View all = View::build(L.data, {}, ctx);
    const auto seg = compute_rfm(all, {}, ctx).segment_by_user(all.num_users());
    f.users.assign(seg.size(), 0);
    for (size_t u = 0; u < seg.size(); ++u) f.users[u] = seg[u] == static_cast<uint32_t>(it - names.begin());
  }
  L.view = View::build(L.data, f, ctx);
  L.view.dicts = &L.data.dicts;
  auto t2 = std::chrono::steady_clock::now();
  L.load_s = std::chrono::duration<double>(t1 - t0).count();
  L.view_s = std::chrono::duration<double>(t2 - t1).count();
  return L;
}

void add_options(CLI::App* cmd, AnalyzeOpts& o) {
  cmd->add_option("--from", o.from, "First day to include (YYYY-MM-DD)");
  cmd->add_option("--to", o.to, "Day after the last one to include (YYYY-MM-DD)");
  cmd->add_option("--category", o.category, "Only events on items of this leaf category");
  cmd->add_option("--segment", o.segment, "Only users of this RFM segment (champions, loyal, at_risk, ...)");
}

}  // namespace

void add_analyze_command(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<AnalyzeOpts>();
  auto* cmd = app.add_subcommand("analyze", "Behaviour analytics: funnel, cohorts, RFM, preferences, ...");
  cmd->add_option("report", o->report, "Report to compute")->required()->check(CLI::IsMember(kReports));
  auto* json = cmd->add_flag("--json", o->json, "Whole report as JSON");
  auto* csv = cmd->add_flag("--csv", o->csv, "The report's main table as CSV");
  json->excludes(csv);
  add_options(cmd, *o);
  cmd->add_option("--steps", o->steps, "funnel: ordered steps (behaviours, category:NAME, item:ID) joined by >")->capture_default_str();
  cmd->add_option("--per", o->per, "funnel: count per user or per session")->check(CLI::IsMember({"user", "session"}))->capture_default_str();
  cmd->add_option("--window-hours", o->window_hours, "funnel: conversion window from the first step (0 = none)")->capture_default_str();
  cmd->add_option("--by", o->by, "funnel: breakdown (none, category, brand, price_band, segment)")->capture_default_str();
  cmd->add_option("--period", o->period, "cohorts/churn: day, week or month")->capture_default_str();
  cmd->add_option("--cohort-by", o->cohort_by, "cohorts: first_activity or first_purchase")->check(CLI::IsMember({"first_activity", "first_purchase"}))->capture_default_str();
  cmd->add_option("--active", o->active, "cohorts: what counts as retained (any, purchases)")->check(CLI::IsMember({"any", "purchases"}))->capture_default_str();
  cmd->add_option("--weights", o->weights, "preferences: behaviour weights, e.g. purchase=5,cart=3,view=1");
  cmd->add_option("--half-life-days", o->half_life, "preferences: time decay half-life")->capture_default_str();
  cmd->add_option("--horizon-days", o->horizon, "churn: inactivity that counts as churned")->capture_default_str();
  cmd->add_option("--top", o->top, "Rows in top-N lists")->capture_default_str();
  cmd->add_option("--min-views", o->min_views, "items: minimum views before a rate is ranked")->capture_default_str();
  cmd->add_option("--min-pair", o->min_pair, "baskets: minimum baskets with both items")->capture_default_str();
  cmd->add_flag("--basket-by-day", o->basket_by_day, "baskets: one basket per user and day instead of per session");
  cmd->callback([o, &g] {
    Context ctx(g.threads, g.seed, g.quiet);
    Loaded L = load(g, *o, ctx);
    const auto t0 = std::chrono::steady_clock::now();
    nlohmann::json j = run_report(o->report, L.view, *o, ctx);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (o->json) {
      j["timing_seconds"] = {{"load", L.load_s}, {"group", L.view_s}, {"report", secs}};
      std::printf("%s\n", j.dump(2).c_str());
    } else {
      print_table(main_table(o->report, j), o->csv);
      if (!o->csv && !g.quiet)
        std::fprintf(stderr, "%s: %zu events; load %.2fs, group %.2fs, report %.3fs (use --json for everything)\n",
                     o->report.c_str(), L.view.events().size(), L.load_s, L.view_s, secs);
    }
  });

  auto r = std::make_shared<AnalyzeOpts>();
  auto* rep = app.add_subcommand("report", "Write every report as one self-contained HTML file with charts");
  rep->add_option("--out,-o", r->out, "Output HTML file")->capture_default_str();
  add_options(rep, *r);
  rep->callback([r, &g] {
    Context ctx(g.threads, g.seed, g.quiet);
    Loaded L = load(g, *r, ctx);
    nlohmann::json data;
    for (const auto& name : kReports) {
      if (name == "funnel") continue;
      data[name] = run_report(name, L.view, *r, ctx);
    }
    AnalyzeOpts per_user = *r, per_session = *r;
    per_session.per = "session";
    data["funnel_user"] = run_report("funnel", L.view, per_user, ctx);
    data["funnel_session"] = run_report("funnel", L.view, per_session, ctx);
    std::ofstream out(r->out, std::ios::binary);
    if (!out) throw Error("cannot write " + r->out + " (does its directory exist?)");
    out << render_html_report(data, "ShopSense report: " + g.data_dir);
    if (!out.flush()) throw Error("writing " + r->out + " failed");
    std::printf("wrote %s (%zu events analysed)\n", r->out.c_str(), L.view.events().size());
  });
}

}  // namespace ss::cli
