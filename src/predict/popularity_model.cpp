// New-product popularity in production: both regressors trained on every launch whose
// first week is over, saved together with the task settings, and used to forecast the
// launches still in their first week.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "predict/popularity_task.h"

namespace ss::predict {
namespace {
constexpr const char* kFormat = "shopsense-popularity-model-1";
}

PopularityModel train_popularity_model(const LaunchExamples& ex, const PopularityConfig& cfg, Context& ctx) {
  if (ex.complete < 20)
    throw Error("only " + std::to_string(ex.complete) + " launches have a complete first week before the training time; need 20");
  std::vector<size_t> rows(ex.complete);
  std::iota(rows.begin(), rows.end(), 0);
  const Matrix x = ex.x.select_rows(rows);
  PopularityModel m;
  m.cfg = cfg;
  m.views = make_estimator(cfg.model, Objective::kRegression);
  m.views->fit(x, {ex.views.begin(), ex.views.begin() + ex.complete}, {}, ctx);
  m.purchases = make_estimator(cfg.model, Objective::kRegression);
  m.purchases->fit(x, {ex.purchases.begin(), ex.purchases.begin() + ex.complete}, {}, ctx);
  return m;
}

void save_popularity_model(const PopularityModel& m, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw Error("cannot write " + path, ErrorCode::kIo);
  out << nlohmann::json({{"format", kFormat}, {"model", m.cfg.model}, {"window_ms", m.cfg.window_ms},
                         {"early_ms", m.cfg.early_ms}}).dump()
      << "\n";
  m.views->save(out);
  m.purchases->save(out);
  if (!out) throw Error("write failed: " + path, ErrorCode::kIo);
}

PopularityModel load_popularity_model(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read model file " + path, ErrorCode::kNotFound);
  std::string line;
  std::getline(in, line);
  const nlohmann::json h = nlohmann::json::parse(line, nullptr, false);
  if (h.is_discarded() || h.value("format", "") != kFormat)
    throw Error(path + " is not a ShopSense popularity model (train one with `shopsense predict popularity train`)");
  PopularityModel m;
  m.cfg.model = h.at("model");
  m.cfg.window_ms = h.at("window_ms");
  m.cfg.early_ms = h.at("early_ms");
  m.views = make_estimator(m.cfg.model, Objective::kRegression);
  m.views->load(in);
  m.purchases = make_estimator(m.cfg.model, Objective::kRegression);
  m.purchases->load(in);
  return m;
}

std::vector<PopularityForecast> forecast_popularity(const LaunchExamples& ex, const PopularityModel& m) {
  std::vector<size_t> rows(ex.x.rows - ex.complete);
  std::iota(rows.begin(), rows.end(), ex.complete);
  if (rows.empty()) return {};
  const Matrix x = ex.x.select_rows(rows);
  const auto v = m.views->predict(x), p = m.purchases->predict(x);
  std::vector<PopularityForecast> out;
  for (size_t r = 0; r < rows.size(); ++r)  // the targets are log1p(count)
    out.push_back({ex.items[rows[r]], ex.launch_ms[rows[r]], std::max(0.f, std::expm1(v[r])), std::max(0.f, std::expm1(p[r]))});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.views > b.views; });
  return out;
}

}  // namespace ss::predict
