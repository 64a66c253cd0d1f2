#include "eval/report.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace ss::eval {
namespace {

std::string num(double v, int digits = 4) {
  char b[48];
  std::snprintf(b, sizeof b, "%.*f", digits, v);
  return b;
}

std::string ranking_label(const EvalResult& r) {
  return r.sampled ? "SAMPLED: held-out items ranked against " + std::to_string(r.sampled_negatives) +
                         " random negatives per user (not comparable to full ranking)"
                   : "full ranking over all " + std::to_string(r.num_items) + " items";
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string markdown(const std::vector<EvalResult>& rs, const TableOptions& o) {
  const EvalResult& first = rs.front();
  const bool folds = first.folds > 1;
  std::string s = "Protocol: " + first.protocol + "; " + ranking_label(first) + "; " +
                  std::to_string(first.users) + " test users";
  if (o.intervals) s += "; [95% bootstrap interval]";
  if (folds) s += "; ± std over folds";
  s += "\n\n| model |";
  std::string rule = "|---|";
  for (const MetricValue& m : first.metrics) s += " " + m.name + " |", rule += "---|";
  s += " coverage | novelty | pop. pct | fit s |\n";
  s += rule + "---|---|---|---|\n";
  for (const EvalResult& r : rs) {
    s += "| " + r.model + " |";
    for (const MetricValue& m : r.metrics) {
      s += " " + num(m.mean);
      if (folds) s += " ± " + num(m.std_over_folds);
      else if (o.intervals) s += " [" + num(m.ci_low) + ", " + num(m.ci_high) + "]";
      s += " |";
    }
    s += " " + num(r.coverage, 3) + " | " + num(r.novelty, 2) + " | " + num(r.popularity_pct, 3) +
         " | " + num(r.fit_seconds, 1) + " |\n";
  }
  for (const EvalResult& r : rs)
    if (!r.note.empty()) s += "\n" + r.model + ": " + r.note + "\n";
  if (o.breakdown) {
    s += "\nBy user activity (cold: " + std::to_string(first.cold_users) + " users, warm: " +
         std::to_string(first.warm_users) + " users)\n\n| model |";
    std::string rule2 = "|---|";
    for (const MetricValue& m : first.metrics)
      s += " " + m.name + " cold | " + m.name + " warm |", rule2 += "---|---|";
    s += "\n" + rule2 + "\n";
    for (const EvalResult& r : rs) {
      s += "| " + r.model + " |";
      for (const MetricValue& m : r.metrics) s += " " + num(m.cold_mean) + " | " + num(m.warm_mean) + " |";
      s += "\n";
    }
  }
  return s;
}

std::string csv(const std::vector<EvalResult>& rs, const TableOptions& o) {
  const EvalResult& first = rs.front();
  std::string s = "model,protocol,ranking,users";
  for (const MetricValue& m : first.metrics) {
    s += "," + m.name;
    if (o.intervals) s += "," + m.name + "_low," + m.name + "_high";
    if (first.folds > 1) s += "," + m.name + "_std";
    if (o.breakdown) s += "," + m.name + "_cold," + m.name + "_warm";
  }
  s += ",coverage,novelty,popularity_pct,fit_seconds,eval_seconds,note\n";
  for (const EvalResult& r : rs) {
    s += csv_field(r.model) + "," + csv_field(r.protocol) + "," +
         (r.sampled ? "sampled-" + std::to_string(r.sampled_negatives) : std::string("all-items")) + "," +
         std::to_string(r.users);
    for (const MetricValue& m : r.metrics) {
      s += "," + num(m.mean, 6);
      if (o.intervals) s += "," + num(m.ci_low, 6) + "," + num(m.ci_high, 6);
      if (first.folds > 1) s += "," + num(m.std_over_folds, 6);
      if (o.breakdown) s += "," + num(m.cold_mean, 6) + "," + num(m.warm_mean, 6);
    }
    s += "," + num(r.coverage, 6) + "," + num(r.novelty, 6) + "," + num(r.popularity_pct, 6) + "," +
         num(r.fit_seconds, 3) + "," + num(r.eval_seconds, 3) + "," + csv_field(r.note) + "\n";
  }
  return s;
}

}  // namespace

TableFormat parse_table_format(const std::string& name) {
  if (name == "md" || name == "markdown") return TableFormat::kMarkdown;
  if (name == "csv") return TableFormat::kCsv;
  if (name == "json") return TableFormat::kJson;
  throw Error("unknown table format '" + name + "'; valid: md, csv, json");
}

nlohmann::json to_json(const EvalResult& r) {
  nlohmann::json j;
  j["model"] = r.model;
  j["protocol"] = r.protocol;
  j["ranking"] = r.sampled ? "sampled" : "all-items";
  if (r.sampled) j["sampled_negatives"] = r.sampled_negatives;
  j["num_items"] = r.num_items;
  j["users"] = r.users;
  j["cold_users"] = r.cold_users;
  j["warm_users"] = r.warm_users;
  j["folds"] = r.folds;
  nlohmann::json ms = nlohmann::json::object();
  for (const MetricValue& m : r.metrics) {
    nlohmann::json v = {{"mean", m.mean}, {"ci_low", m.ci_low}, {"ci_high", m.ci_high},
                        {"cold", m.cold_mean}, {"warm", m.warm_mean}};
    if (r.folds > 1) v["std_over_folds"] = m.std_over_folds;
    ms[m.name] = v;
  }
  j["metrics"] = ms;
  j["coverage"] = r.coverage;
  j["novelty"] = r.novelty;
  j["popularity_pct"] = r.popularity_pct;
  j["fit_seconds"] = r.fit_seconds;
  j["eval_seconds"] = r.eval_seconds;
  if (!r.note.empty()) j["note"] = r.note;
  return j;
}

std::string format_table(const std::vector<EvalResult>& rs, TableFormat f, const TableOptions& o) {
  if (rs.empty()) return "";
  switch (f) {
    case TableFormat::kMarkdown: return markdown(rs, o);
    case TableFormat::kCsv: return csv(rs, o);
    case TableFormat::kJson: {
      nlohmann::json j = nlohmann::json::array();
      for (const EvalResult& r : rs) j.push_back(to_json(r));
      return j.dump(2) + "\n";
    }
  }
  return "";
}

}  // namespace ss::eval
