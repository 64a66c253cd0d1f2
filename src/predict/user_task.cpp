#include "predict/user_task.h"

#include <algorithm>
#include <chrono>

#include "core/error.h"

namespace ss::predict {

Snapshot make_snapshot(const FeatureContext& fc, const UserTaskConfig& cfg, int64_t cutoff) {
  Snapshot s;
  s.cutoff_ms = cutoff;
  if (cfg.kind == UserTaskConfig::Kind::kChurn) {
    s.users = active_users(fc, cutoff - cfg.active_window_ms, cutoff, cfg.activity);
    s.y = has_event_in(fc, s.users, cutoff, cutoff + cfg.horizon_ms, cfg.activity);
    for (float& v : s.y) v = 1.f - v;  // churned = no activity in the window
  } else {
    s.users = active_users(fc, cutoff - cfg.active_window_ms, cutoff);
    s.y = has_event_in(fc, s.users, cutoff, cutoff + cfg.horizon_ms, {Behavior::kPurchase}, cfg.target_category);
  }
  FeatureContext targeted = fc;
  targeted.target_category = cfg.target_category;
  targeted.target_brand = cfg.target_brand;
  s.x = user_features(targeted, s.users, cutoff);
  return s;
}

std::vector<int64_t> training_cutoffs(const UserTaskConfig& cfg, int64_t end_ms) {
  const int64_t step = cfg.step_ms > 0 ? cfg.step_ms : cfg.horizon_ms;
  std::vector<int64_t> out;
  for (int j = 0; j < cfg.train_snapshots; ++j) out.push_back(end_ms - cfg.horizon_ms - j * step);
  return out;
}

Snapshot stack_snapshots(const std::vector<Snapshot>& parts) {
  Snapshot all;
  for (const auto& p : parts) {
    if (all.x.cols == 0) all.x.copy_schema(p.x);
    all.x.data.insert(all.x.data.end(), p.x.data.begin(), p.x.data.end());
    all.x.rows += p.x.rows;
    all.y.insert(all.y.end(), p.y.begin(), p.y.end());
    all.users.insert(all.users.end(), p.users.begin(), p.users.end());
  }
  return all;
}

CvReport cross_validate(const FeatureContext& fc, const UserTaskConfig& cfg, int64_t last_ms, Context& ctx,
                        const FoldSink& on_fold) {
  if (cfg.folds < 1) throw Error("folds must be at least 1");
  const int64_t step = cfg.step_ms > 0 ? cfg.step_ms : cfg.horizon_ms;
  CvReport report;
  std::vector<double> importance;
  for (int k = 0; k < cfg.folds; ++k) {
    const int64_t test_cutoff = last_ms - cfg.horizon_ms - (cfg.folds - 1 - k) * step;
    std::vector<Snapshot> parts;
    for (int64_t c : training_cutoffs(cfg, test_cutoff)) parts.push_back(make_snapshot(fc, cfg, c));
    const Snapshot train = stack_snapshots(parts);
    const Snapshot test = make_snapshot(fc, cfg, test_cutoff);
    if (train.x.rows == 0 || test.x.rows == 0) continue;  // not enough history this far back
    double pos = 0;
    for (float v : train.y) pos += v;
    if (pos == 0 || pos == train.y.size()) continue;  // a single class cannot be learnt
    if (on_fold) on_fold(static_cast<int>(report.folds.size()), train, test);
    const TrainingSet ts = rebalance(train.x, train.y, cfg.balance, ctx.seed + k);
    auto model = make_estimator(cfg.model, Objective::kBinary);
    const auto t0 = std::chrono::steady_clock::now();
    model->fit(ts.x, ts.y, ts.w, ctx);
    FoldResult f;
    f.train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    f.test_cutoff_ms = test_cutoff;
    f.train_rows = ts.x.rows;
    f.test_rows = test.x.rows;
    f.metrics = evaluate_binary(model->predict(test.x), test.y, cfg.threshold);
    report.folds.push_back(f);
    const auto imp = model->importances();
    if (importance.empty()) importance.assign(imp.size(), 0.0);
    double total = 0;
    for (double v : imp) total += v;
    for (size_t i = 0; i < imp.size(); ++i) importance[i] += total > 0 ? imp[i] / total : 0;
    if (report.importances.empty())
      for (const auto& n : train.x.names) report.importances.emplace_back(n, 0.0);
  }
  if (report.folds.empty())
    throw Error("no fold had both classes and enough history: shorten --horizon or --folds, or add data");
  auto& m = report.mean;
  for (const auto& f : report.folds) {
    const auto& x = f.metrics;
    m.roc_auc += x.roc_auc, m.pr_auc += x.pr_auc, m.brier += x.brier, m.log_loss += x.log_loss;
    m.accuracy += x.accuracy, m.precision += x.precision, m.recall += x.recall, m.f1 += x.f1;
    m.best_f1 += x.best_f1, m.best_f1_threshold += x.best_f1_threshold, m.positive_rate += x.positive_rate;
    m.n += x.n;
  }
  const double k = report.folds.size();
  m.roc_auc /= k, m.pr_auc /= k, m.brier /= k, m.log_loss /= k, m.accuracy /= k, m.precision /= k;
  m.recall /= k, m.f1 /= k, m.best_f1 /= k, m.best_f1_threshold /= k, m.positive_rate /= k;
  m.threshold = cfg.threshold;
  for (size_t i = 0; i < report.importances.size(); ++i) report.importances[i].second = importance[i] / k;
  std::sort(report.importances.begin(), report.importances.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });
  return report;
}

}  // namespace ss::predict
