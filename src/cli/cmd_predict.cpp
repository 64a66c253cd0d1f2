// shopsense predict <task> evaluate|train|score: the business predictions.
#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/error.h"
#include "core/timeutil.h"
#include "predict/fold_export.h"
#include "predict/popularity_task.h"
#include "predict/session_model.h"
#include "predict/session_task.h"
#include "predict/user_model.h"
#include "store/store.h"

namespace ss::cli {
namespace {

struct PredictOptions {
  std::string task, action;
  std::string horizon = "14d", active_window = "30d", early = "0";
  std::vector<std::string> activity;
  std::string category, brand;
  int folds = 5, snapshots = 3;
  std::string step = "0";
  std::string model = "xgboost";
  std::string balance = "none";
  double threshold = 0.5;
  std::string model_file = "model.bin";
  std::string fbt = "fbt";
  size_t top = 20, completions = 5;
  std::string as_of, export_folds, open_within = "30m";
  bool json = false, csv = false;
  int64_t now_ms = 0;  // --as-of, or just after the last event
};

// Quotes a CSV field when it needs it.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// A value for people: numbers to 3 decimals, lists joined, {item, score} pairs as "item 0.123",
// reasons as "name=value"; missing (null) feature values as "missing".
std::string plain(const nlohmann::json& v) {
  char buf[64];
  if (v.is_null()) return "missing";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return v.dump();
  if (v.is_number()) return std::snprintf(buf, sizeof buf, "%.3f", v.get<double>()), buf;
  std::string out;
  if (v.is_array()) {
    for (const auto& e : v) {
      if (!out.empty()) out += e.is_object() ? ", " : " ";
      out += e.is_object() ? e["item"].get<std::string>() + " " + plain(e["score"]) : plain(e);
    }
    return out.empty() ? "-" : out;
  }
  for (const auto& [k, e] : v.items()) out += (out.empty() ? "" : " ") + k + "=" + plain(e);
  return out.empty() ? "-" : out;
}

// Score listings: a JSON array, or CSV with the keys of the first row as the header.
void print_rows(const nlohmann::json& rows, const PredictOptions& o, const std::vector<std::string>& columns) {
  if (o.json) return (void)std::printf("%s\n", rows.dump(2).c_str());
  if (o.csv) {
    for (size_t c = 0; c < columns.size(); ++c) std::printf("%s%s", c ? "," : "", columns[c].c_str());
    std::printf("\n");
    for (const auto& r : rows) {
      for (size_t c = 0; c < columns.size(); ++c) {
        const auto& v = r[columns[c]];
        std::printf("%s%s", c ? "," : "", csv_field(v.is_string() ? v.get<std::string>() : v.dump()).c_str());
      }
      std::printf("\n");
    }
    return;
  }
  for (const auto& r : rows) {
    for (size_t c = 0; c < columns.size(); ++c) std::printf("%s%s", c ? "  " : "", plain(r[columns[c]]).c_str());
    std::printf("\n");
  }
}

int64_t duration(const std::string& s, const char* flag) {
  auto d = parse_duration_ms(s);
  if (!d) throw Error(std::string(flag) + " must be a duration like 14d, 12h or 30m, got '" + s + "'");
  return *d;
}

predict::UserTaskConfig user_config(const PredictOptions& o, Dataset& shop) {
  predict::UserTaskConfig c;
  c.kind = o.task == "churn" ? predict::UserTaskConfig::Kind::kChurn : predict::UserTaskConfig::Kind::kPropensity;
  c.horizon_ms = duration(o.horizon, "--horizon");
  c.active_window_ms = duration(o.active_window, "--active-window");
  c.step_ms = duration(o.step, "--step");
  c.folds = o.folds;
  c.train_snapshots = o.snapshots;
  c.model = o.model;
  c.balance = predict::parse_balance(o.balance);
  c.threshold = o.threshold;
  for (const auto& a : o.activity) {
    auto b = parse_behavior(a);
    if (!b) throw Error("--activity: unknown behaviour '" + a + "'");
    c.activity.push_back(*b);
  }
  if (!o.category.empty()) {
    c.target_category = shop.dicts.categories.find(o.category);
    if (c.target_category == kNone) throw Error("--category: no category '" + o.category + "' in the data");
  }
  if (!o.brand.empty()) {
    c.target_brand = shop.dicts.brands.find(o.brand);
    if (c.target_brand == kNone) throw Error("--brand: no brand '" + o.brand + "' in the data");
  }
  if (o.task == "audience" && c.target_category == kNone && c.target_brand == kNone)
    throw Error("audience needs a target: --category NAME or --brand NAME");
  return c;
}

nlohmann::json metrics_json(const predict::BinaryMetrics& m) {
  return {{"roc_auc", m.roc_auc}, {"pr_auc", m.pr_auc}, {"brier", m.brier}, {"log_loss", m.log_loss},
          {"threshold", m.threshold}, {"accuracy", m.accuracy}, {"precision", m.precision}, {"recall", m.recall},
          {"f1", m.f1}, {"best_f1", m.best_f1}, {"best_f1_threshold", m.best_f1_threshold},
          {"positive_rate", m.positive_rate}, {"n", m.n}};
}

void print_metrics(const char* label, const predict::BinaryMetrics& m) {
  std::printf("%-24s AUC %.3f  PR-AUC %.3f  Brier %.4f  F1@%.2f %.3f (P %.3f R %.3f)  best F1 %.3f @%.3f  n=%zu pos=%.1f%%\n",
              label, m.roc_auc, m.pr_auc, m.brier, m.threshold, m.f1, m.precision, m.recall, m.best_f1,
              m.best_f1_threshold, m.n, 100 * m.positive_rate);
}

void run_user_task(const PredictOptions& o, Dataset& shop, Context& ctx) {
  const auto cfg = user_config(o, shop);
  const auto index = predict::index_by_user(shop.events, shop.num_users(), ctx);
  const auto cats = shop.item_categories();
  const auto brands = shop.catalogue.brand_by_item(shop.num_items());
  predict::FeatureContext fc{shop.events, index, cats, brands, cfg.target_category, cfg.target_brand};
  const int64_t last = o.now_ms;
  if (o.action == "evaluate") {
    predict::FoldSink sink;
    if (!o.export_folds.empty())
      sink = [&](int k, const predict::Snapshot& train, const predict::Snapshot& test) {
        predict::write_fold_csv(o.export_folds, k, train, test);
      };
    const auto r = predict::cross_validate(fc, cfg, last, ctx, sink);
    nlohmann::json j = {{"task", o.task}, {"model", cfg.model}, {"balance", o.balance}, {"as_of", format_datetime_ms(last)},
                        {"mean", metrics_json(r.mean)}};
    for (const auto& f : r.folds)
      j["folds"].push_back({{"test_cutoff", format_datetime_ms(f.test_cutoff_ms)}, {"train_rows", f.train_rows},
                            {"test_rows", f.test_rows}, {"train_seconds", f.train_seconds},
                            {"metrics", metrics_json(f.metrics)}});
    for (const auto& [name, v] : r.importances) j["importances"][name] = v;
    if (o.json) return (void)std::printf("%s\n", j.dump(2).c_str());
    std::printf("%s, %s, %d time-aware folds (test cutoffs every %s, labels over %s):\n", o.task.c_str(),
                cfg.model.c_str(), static_cast<int>(r.folds.size()), o.step == "0" ? o.horizon.c_str() : o.step.c_str(),
                o.horizon.c_str());
    for (const auto& f : r.folds) print_metrics(format_date(f.test_cutoff_ms).c_str(), f.metrics);
    print_metrics("mean", r.mean);
    std::printf("top features:");
    for (size_t i = 0; i < 6 && i < r.importances.size(); ++i)
      std::printf(" %s (%.2f)", r.importances[i].first.c_str(), r.importances[i].second);
    std::printf("\n");
  } else if (o.action == "train") {
    auto m = predict::train_user_model(fc, cfg, last, ctx);
    predict::save_user_model(m, o.model_file);
    std::printf("trained %s (%s) on snapshots up to %s -> %s\n", o.task.c_str(), cfg.model.c_str(),
                format_datetime_ms(last).c_str(), o.model_file.c_str());
  } else {
    const auto m = predict::load_user_model(o.model_file);
    predict::FeatureContext fm{shop.events, index, cats, brands, m.cfg.target_category, m.cfg.target_brand};
    const auto scored = predict::score_users(fm, m, last, o.top);
    nlohmann::json j = nlohmann::json::array();
    for (const auto& s : scored) {
      nlohmann::json reasons = nlohmann::json::object();
      for (const auto& [k, v] : s.reasons) reasons[k] = v;
      j.push_back({{"user", shop.dicts.users.name(s.user)}, {"probability", s.probability}, {"reasons", reasons}});
    }
    print_rows(j, o, {"user", "probability", "reasons"});
  }
}

void run_session_task(const PredictOptions& o, Dataset& shop, Context& ctx) {
  const bool cart = o.task == "cart";
  if (o.action == "train") {
    const auto m = predict::train_session_model(shop, shop.events, cart, o.model, o.fbt, ctx);
    predict::save_session_model(m, o.model_file);
    return (void)std::printf("trained %s (%s%s) on the sessions before %s -> %s\n", o.task.c_str(), o.model.c_str(),
                             cart ? (", completions by " + m.fbt->spec().to_string()).c_str() : "",
                             format_datetime_ms(o.now_ms).c_str(), o.model_file.c_str());
  }
  if (o.action == "score") {
    const auto m = predict::load_session_model(o.model_file);
    if (m.cart != cart) throw Error(o.model_file + " holds a " + (m.cart ? "cart" : "session") + " model, not " + o.task);
    const auto scored = predict::score_sessions(shop.events, m, o.now_ms, duration(o.open_within, "--open-within"),
                                                o.top, o.completions);
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& s : scored) {
      nlohmann::json r = {{"user", shop.dicts.users.name(s.user)}, {"last_event", format_datetime_ms(s.last_ms)},
                          {"probability", s.probability}};
      nlohmann::json items = nlohmann::json::array(), completes = nlohmann::json::array();
      for (uint32_t i : s.cart) items.push_back(shop.dicts.items.name(i));
      for (const auto& c : s.complete_with)
        completes.push_back({{"item", shop.dicts.items.name(c.item)}, {"score", c.score}, {"reason", c.reason}});
      r["cart"] = items;
      if (cart) r["complete_with"] = completes;
      rows.push_back(r);
    }
    if (!o.json && !o.csv)
      std::printf("%zu open %s as of %s (last event within %s), most likely to buy first:\n", rows.size(),
                  cart ? "carts" : "sessions", format_datetime_ms(o.now_ms).c_str(), o.open_within.c_str());
    std::vector<std::string> cols = {"user", "last_event", "probability", "cart"};
    if (cart) cols.push_back("complete_with");
    return print_rows(rows, o, cols);
  }
  const auto ex = predict::session_examples(shop.events, cart);
  const auto r = predict::evaluate_session_task(ex, o.model, o.folds, ctx);
  if (o.json) {
    std::printf("%s\n", nlohmann::json({{"task", o.task}, {"examples", r.examples}, {"folds", r.folds},
                                        {"as_of", format_datetime_ms(o.now_ms)}, {"model", metrics_json(r.model)},
                                        {"markov_baseline", metrics_json(r.markov_baseline)}}).dump(2).c_str());
    return;
  }
  std::printf("%s: %zu examples, %d time blocks (pooled test predictions)\n", o.task.c_str(), r.examples, r.folds);
  print_metrics(o.model.c_str(), r.model);
  print_metrics("markov(last action)", r.markov_baseline);
}

void run_popularity(const PredictOptions& o, Dataset& shop, Context& ctx) {
  predict::PopularityConfig cfg;
  cfg.window_ms = duration(o.horizon == "14d" ? "7d" : o.horizon, "--horizon");
  cfg.early_ms = duration(o.early, "--early");
  cfg.model = o.model == "xgboost" ? cfg.model : o.model;
  cfg.now_ms = o.now_ms;
  if (o.action == "train") {
    const auto ex = predict::launch_examples(shop, cfg);
    predict::save_popularity_model(predict::train_popularity_model(ex, cfg, ctx), o.model_file);
    return (void)std::printf("trained popularity (%s) on %zu launches with a complete first week before %s -> %s\n",
                             cfg.model.c_str(), ex.complete, format_datetime_ms(o.now_ms).c_str(), o.model_file.c_str());
  }
  if (o.action == "score") {
    auto m = predict::load_popularity_model(o.model_file);
    m.cfg.now_ms = o.now_ms;
    const auto ex = predict::launch_examples(shop, m.cfg);
    auto forecasts = predict::forecast_popularity(ex, m);
    if (o.top > 0 && forecasts.size() > o.top) forecasts.resize(o.top);
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& f : forecasts)
      rows.push_back({{"item", shop.dicts.items.name(f.item)}, {"launched", format_datetime_ms(f.launch_ms)},
                      {"first_week_views", f.views}, {"first_week_purchases", f.purchases}});
    if (!o.json && !o.csv)
      std::printf("%zu launches still in their first week as of %s, by forecast views:\n", forecasts.size(),
                  format_datetime_ms(o.now_ms).c_str());
    return print_rows(rows, o, {"item", "launched", "first_week_views", "first_week_purchases"});
  }
  const auto r = predict::evaluate_popularity(predict::launch_examples(shop, cfg), cfg, ctx);
  auto reg = [](const predict::RegressionMetrics& m) {
    return nlohmann::json{{"mae", m.mae}, {"rmse", m.rmse}, {"r2", m.r2}, {"spearman", m.spearman}, {"n", m.n}};
  };
  nlohmann::json j = {{"train_items", r.train_items}, {"test_items", r.test_items}, {"views", reg(r.views)},
                      {"purchases", reg(r.purchases)}, {"views_category_baseline", reg(r.views_baseline)}};
  for (const auto& [k, v] : r.importances) j["importances"][k] = v;
  if (o.json) return (void)std::printf("%s\n", j.dump(2).c_str());
  std::printf("new-product popularity: train on %zu earlier launches, test on %zu later ones (log1p counts)\n",
              r.train_items, r.test_items);
  std::printf("  views:     MAE %.3f  RMSE %.3f  R2 %.3f  Spearman %.3f\n", r.views.mae, r.views.rmse, r.views.r2, r.views.spearman);
  std::printf("  purchases: MAE %.3f  RMSE %.3f  R2 %.3f  Spearman %.3f\n", r.purchases.mae, r.purchases.rmse,
              r.purchases.r2, r.purchases.spearman);
  std::printf("  baseline (category mean so far): views Spearman %.3f, MAE %.3f\n", r.views_baseline.spearman,
              r.views_baseline.mae);
}

}  // namespace

void add_predict_command(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("predict", "Business predictions: propensity, churn, audience, session, cart, popularity");
  auto o = std::make_shared<PredictOptions>();
  cmd->add_option("task", o->task, "propensity | churn | audience | session | cart | popularity")
      ->required()->check(CLI::IsMember({"propensity", "churn", "audience", "session", "cart", "popularity"}));
  cmd->add_option("action", o->action, "evaluate (time-aware CV) | train | score")
      ->required()->check(CLI::IsMember({"evaluate", "train", "score"}));
  cmd->add_option("--horizon", o->horizon, "Label window (e.g. 14d; popularity: first-week window, default 7d)")->capture_default_str();
  cmd->add_option("--active-window", o->active_window, "Population: users active this long before the cutoff")->capture_default_str();
  cmd->add_option("--activity", o->activity, "Churn: behaviour types that count as activity (default any)");
  cmd->add_option("--category", o->category, "Target category (propensity, audience)");
  cmd->add_option("--brand", o->brand, "Target brand (audience)");
  cmd->add_option("--folds", o->folds, "Time-aware folds")->capture_default_str();
  cmd->add_option("--step", o->step, "Time between fold cutoffs (0 = horizon)")->capture_default_str();
  cmd->add_option("--snapshots", o->snapshots, "Earlier snapshots stacked into each training set")->capture_default_str();
  cmd->add_option("--model", o->model, "Estimator spec: xgboost[:rounds=..,depth=..,eta=..] or logreg[:l2=..]")->capture_default_str();
  cmd->add_option("--balance", o->balance, "Class imbalance: none, weights, oversample, undersample, smote")->capture_default_str();
  cmd->add_option("--threshold", o->threshold, "Decision threshold for accuracy/precision/recall/F1")->capture_default_str();
  cmd->add_option("--early", o->early, "Popularity: also use the first hours of activity (e.g. 24h)")->capture_default_str();
  cmd->add_option("--model-file", o->model_file, "Where train writes and score reads the model")->capture_default_str();
  cmd->add_option("--top", o->top, "Score: users to list (0 = all)")->capture_default_str();
  cmd->add_option("--as-of", o->as_of, "Evaluation end / training and scoring time (e.g. 2011-12-01); later events are ignored (default: just after the last event)");
  cmd->add_option("--export-folds", o->export_folds, "Evaluate (user tasks): write each fold's train/test features and labels as CSV into DIR");
  cmd->add_option("--open-within", o->open_within, "Session/cart score: sessions whose last event is this recent are open")->capture_default_str();
  cmd->add_option("--completions", o->completions, "Cart score: items suggested to complete each cart")->capture_default_str();
  cmd->add_option("--fbt", o->fbt, "Cart train: the frequently-bought-together model spec")->capture_default_str();
  cmd->add_flag("--json", o->json, "Machine-readable output");
  cmd->add_flag("--csv", o->csv, "Score: CSV output");
  cmd->callback([o, &g] {
    Context ctx(g.threads, g.seed, g.quiet);
    auto store = Store::open(g.data_dir, {.read_only = true});
    Dataset shop = store->load(ctx);
    if (shop.events.empty()) throw Error("no events in " + g.data_dir);
    if (!o->as_of.empty()) {
      const auto t = parse_datetime_ms(o->as_of);
      if (!t) throw Error("--as-of must be a date or time like 2011-12-01 or 2011-12-01T12:00:00Z, got '" + o->as_of + "'");
      o->now_ms = *t;
      std::vector<bool> keep(shop.events.size());
      for (size_t i = 0; i < keep.size(); ++i) keep[i] = shop.events.ts_ms[i] < o->now_ms;
      shop.events.filter(keep);  // nothing at or after the as-of time exists for any task
      if (shop.events.empty()) throw Error("no events before --as-of " + o->as_of);
    } else {
      o->now_ms = *std::max_element(shop.events.ts_ms.begin(), shop.events.ts_ms.end()) + 1;
    }
    if (o->task == "session" || o->task == "cart") return run_session_task(*o, shop, ctx);
    if (o->task == "popularity") return run_popularity(*o, shop, ctx);
    run_user_task(*o, shop, ctx);
  });
}

}  // namespace ss::cli
