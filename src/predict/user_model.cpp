#include "predict/user_model.h"

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace ss::predict {
namespace {

nlohmann::json config_to_json(const UserTaskConfig& c) {
  std::vector<int> activity;
  for (Behavior b : c.activity) activity.push_back(static_cast<int>(b));
  return {{"kind", c.kind == UserTaskConfig::Kind::kChurn ? "churn" : "propensity"},
          {"horizon_ms", c.horizon_ms},
          {"active_window_ms", c.active_window_ms},
          {"activity", activity},
          {"target_category", c.target_category},
          {"target_brand", c.target_brand},
          {"train_snapshots", c.train_snapshots},
          {"step_ms", c.step_ms},
          {"model", c.model},
          {"balance", balance_name(c.balance)}};
}

UserTaskConfig config_from_json(const nlohmann::json& j) {
  UserTaskConfig c;
  c.kind = j.at("kind") == "churn" ? UserTaskConfig::Kind::kChurn : UserTaskConfig::Kind::kPropensity;
  c.horizon_ms = j.at("horizon_ms");
  c.active_window_ms = j.at("active_window_ms");
  for (int b : j.at("activity")) c.activity.push_back(static_cast<Behavior>(b));
  c.target_category = j.at("target_category");
  c.target_brand = j.at("target_brand");
  c.train_snapshots = j.at("train_snapshots");
  c.step_ms = j.at("step_ms");
  c.model = j.at("model");
  c.balance = parse_balance(j.at("balance"));
  return c;
}

}  // namespace

UserModel train_user_model(const FeatureContext& fc, const UserTaskConfig& cfg, int64_t last_ms, Context& ctx) {
  std::vector<Snapshot> parts;
  for (int64_t c : training_cutoffs(cfg, last_ms)) parts.push_back(make_snapshot(fc, cfg, c));
  const Snapshot all = stack_snapshots(parts);
  double pos = 0;
  for (float v : all.y) pos += v;
  if (all.x.rows == 0 || pos == 0 || pos == all.y.size())
    throw Error("the training snapshots hold " + std::to_string(all.x.rows) + " users and " +
                std::to_string(static_cast<size_t>(pos)) + " positives: both classes are needed (change --horizon)");
  const TrainingSet ts = rebalance(all.x, all.y, cfg.balance, ctx.seed);
  UserModel m;
  m.cfg = cfg;
  m.feature_names = all.x.names;
  m.estimator = make_estimator(cfg.model, Objective::kBinary);
  m.estimator->fit(ts.x, ts.y, ts.w, ctx);
  return m;
}

void save_user_model(const UserModel& m, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw Error("cannot write " + path, ErrorCode::kIo);
  nlohmann::json header = {{"format", "shopsense-user-model-2"}, {"task", config_to_json(m.cfg)},
                           {"features", m.feature_names}};
  out << header.dump() << "\n";
  m.estimator->save(out);
  if (!out) throw Error("write failed: " + path, ErrorCode::kIo);
}

UserModel load_user_model(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read model file " + path, ErrorCode::kNotFound);
  std::string line;
  std::getline(in, line);
  nlohmann::json header = nlohmann::json::parse(line, nullptr, false);
  if (header.is_discarded() || header.value("format", "") != "shopsense-user-model-2")
    throw Error(path + " is not a ShopSense user model (train one with `shopsense predict <task> train`)");
  UserModel m;
  m.cfg = config_from_json(header.at("task"));
  m.feature_names = header.at("features").get<std::vector<std::string>>();
  m.estimator = make_estimator(m.cfg.model, Objective::kBinary);
  m.estimator->load(in);
  return m;
}

std::vector<ScoredUser> score_users(const FeatureContext& fc, const UserModel& m, int64_t now_ms, size_t top, int reasons) {
  UserTaskConfig cfg = m.cfg;
  Snapshot s = make_snapshot(fc, cfg, now_ms);  // labels are unknown (future) and ignored
  const auto p = m.estimator->predict(s.x);
  std::vector<size_t> order(p.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p[a] > p[b]; });
  if (top > 0 && order.size() > top) order.resize(top);
  const Matrix chosen = s.x.select_rows(order);
  const auto contrib = m.estimator->contributions(chosen);
  std::vector<ScoredUser> out;
  for (size_t r = 0; r < order.size(); ++r) {
    ScoredUser su{s.users[order[r]], p[order[r]], {}};
    std::vector<size_t> f(chosen.cols);
    for (size_t c = 0; c < f.size(); ++c) f[c] = c;
    const float* row = contrib.data() + r * chosen.cols;
    std::sort(f.begin(), f.end(), [&](size_t a, size_t b) { return row[a] > row[b]; });
    for (int k = 0; k < reasons && k < static_cast<int>(f.size()) && row[f[k]] > 0; ++k)
      su.reasons.emplace_back(chosen.names[f[k]], chosen.at(r, f[k]));
    out.push_back(std::move(su));
  }
  return out;
}

}  // namespace ss::predict
