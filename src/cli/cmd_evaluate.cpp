// shopsense evaluate: several models, one protocol, one comparison table. Every model is
// fitted on the training part only and scored on held-out events against ALL items
// (sampled negatives only with --sampled, and then every output says so); --tune searches
// parameters on the validation part and reports the test numbers of the winner once.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>

#include "cli/commands.h"
#include "core/error.h"
#include "eval/protocols.h"
#include "eval/report.h"
#include "eval/runner.h"
#include "eval/sequence_file.h"
#include "eval/tune.h"
#include "models/registry.h"
#ifdef SHOPSENSE_WITH_TORCH
#include "deep/register.h"
#endif
#include "store/store.h"

namespace ss::cli {
namespace {

struct EvaluateOptions {
  std::vector<std::string> models, tunes;
  std::string protocol = "leave-last-out";
  std::string metrics = "hr@5,ndcg@5,hr@10,ndcg@10,hr@20,ndcg@20";
  std::string format = "md";
  std::string out;
  std::string input, input_format = "store";
  std::string select = "ndcg@10", search = "grid";
  size_t trials = 10, tune_max_users = 0;
  size_t sampled = 0, bootstrap = 500, cold_max = 5;
  bool new_items_only = false, no_breakdown = false;
  eval::ProtocolOptions protocol_options;
};

Dataset load_input(const EvaluateOptions& o, const GlobalOptions& g, Context& ctx) {
  if (o.input_format == "s3rec") return eval::load_s3rec_sequences(o.input);
  if (o.input_format == "taobao") return eval::load_taobao_csv(o.input);
  StoreOptions so;
  so.create_if_missing = false;
  so.read_only = true;
  return Store::open(g.data_dir, so)->load(ctx);
}

void run_evaluate(const EvaluateOptions& o, const GlobalOptions& g) {
  if (o.models.empty() && o.tunes.empty())
    throw Error("give at least one --model (e.g. --model pop --model \"ease:lambda=500\") or --tune");
  if (o.input_format != "store" && o.input.empty()) throw Error("--input-format " + o.input_format + " needs --input FILE");
  Context ctx(g.threads, g.seed, g.quiet);
  RecommenderRegistry registry;
  register_builtin_models(registry);
#ifdef SHOPSENSE_WITH_TORCH
  register_deep_models(registry);
#endif
  const eval::ModelFactory factory = [&registry](const Spec& s) { return registry.create(s); };
  // Fail on a bad model name or parameter before loading and splitting anything.
  for (const std::string& m : o.models) registry.create(m);
  std::vector<eval::SearchSpace> spaces;
  for (const std::string& t : o.tunes) spaces.push_back(eval::SearchSpace::parse(t));
  for (const auto& s : spaces) registry.create(s.at(0));

  const auto t0 = std::chrono::steady_clock::now();
  const Dataset shop = load_input(o, g, ctx);
  eval::ProtocolOptions po = o.protocol_options;
  po.protocol = eval::parse_protocol(o.protocol);
  po.seed = g.seed;
  const std::vector<eval::EvalSplit> splits = eval::make_splits(shop.events, po, ctx);
  if (!g.quiet)
    std::fprintf(stderr, "loaded %zu events, %zu users, %zu items; %s: train %zu, validation %zu, test %zu events (%.1fs)\n",
                 shop.events.size(), shop.num_users(), shop.num_items(), splits[0].label.c_str(),
                 splits[0].train.size(), splits[0].validation.size(), splits[0].test.size(),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());

  eval::RunSetup setup{shop, {}, {}};
  setup.eval.metrics = eval::parse_metric_list(o.metrics);
  setup.eval.sampled_negatives = o.sampled;
  setup.eval.bootstrap = o.bootstrap;
  setup.eval.cold_max_events = o.cold_max;
  setup.eval.seed = g.seed;
  setup.eval.new_items_only = o.new_items_only;

  std::vector<eval::EvalResult> results;
  for (const std::string& m : o.models) {
    results.push_back(eval::run_model(factory, Spec::parse(m), setup, splits, ctx));
    if (!g.quiet) std::fprintf(stderr, "%s: fit %.1fs, scored %zu users in %.1fs\n", m.c_str(),
                               results.back().fit_seconds, results.back().users, results.back().eval_seconds);
  }
  for (const eval::SearchSpace& space : spaces) {
    if (splits.size() != 1) throw Error("--tune needs a protocol with a validation part (leave-last-out, temporal, holdout), not kfold");
    eval::TuneOptions to;
    to.random = o.search == "random";
    to.trials = o.trials;
    to.select = o.select;
    to.seed = g.seed;
    eval::RunSetup tune_setup = setup;
    tune_setup.eval.max_users = o.tune_max_users;
    eval::Selection sel = eval::select_on_validation(factory, space, tune_setup, splits[0].train,
                                                     splits[0].validation, to, ctx);
    eval::EvalResult r = eval::run_model(factory, sel.best, setup, splits, ctx);
    double best_val = 0;
    for (const auto& t : sel.trials)
      if (t.spec == sel.best) best_val = t.validation;
    r.note = "tuned on validation (" + std::string(to.random ? "random" : "grid") + ", " +
             std::to_string(sel.trials.size()) + " trials, " + o.select + " = " + std::to_string(best_val).substr(0, 6) +
             "); test scored once";
    results.push_back(std::move(r));
  }

  eval::TableOptions table;
  table.breakdown = !o.no_breakdown;
  table.intervals = o.bootstrap > 0;
  const std::string text = eval::format_table(results, eval::parse_table_format(o.format), table);
  if (o.out.empty()) {
    std::fputs(text.c_str(), stdout);
  } else {
    std::ofstream f(o.out);
    if (!(f << text)) throw Error("cannot write '" + o.out + "'", ErrorCode::kIo);
  }
}

}  // namespace

void add_evaluate_command(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("evaluate", "Compare recommenders on held-out behaviour (full ranking over all items)");
  auto o = std::make_shared<EvaluateOptions>();
  cmd->add_option("--model,-m", o->models, "Model spec, repeatable: pop, \"ease:lambda=500\", \"ials:factors=64\"");
  cmd->add_option("--tune", o->tunes, "Search space, repeatable: \"ials:factors=32|64,reg=0.01|0.1\" (selected on validation)");
  cmd->add_option("--protocol", o->protocol, "leave-last-out | temporal | holdout | kfold")->capture_default_str();
  cmd->add_option("--metrics", o->metrics, "Comma list: hr@K, recall@K, precision@K, ndcg@K, mrr, map@K")->capture_default_str();
  cmd->add_option("--format", o->format, "md | csv | json")->check(CLI::IsMember({"md", "markdown", "csv", "json"}))->capture_default_str();
  cmd->add_option("--out,-o", o->out, "Write the table here instead of stdout");
  cmd->add_option("--input", o->input, "Evaluate on this file instead of the data dir (see --input-format)");
  cmd->add_option("--input-format", o->input_format, "store | s3rec (user item1 item2 ... per line) | taobao (UserBehavior CSV)")
      ->check(CLI::IsMember({"store", "s3rec", "taobao"}))->capture_default_str();
  cmd->add_option("--sampled", o->sampled, "Rank against N random negatives per user instead of all items (labelled 'sampled')")->capture_default_str();
  cmd->add_option("--bootstrap", o->bootstrap, "Bootstrap resamples for the 95% intervals (0 = none)")->capture_default_str();
  cmd->add_option("--cold-max", o->cold_max, "Users with fewer training events than this count as cold")->capture_default_str();
  cmd->add_flag("--new-items-only", o->new_items_only, "Score only held-out items the user had not had in training");
  cmd->add_flag("--no-breakdown", o->no_breakdown, "Leave out the cold/warm user table");
  cmd->add_option("--select", o->select, "Metric --tune maximises on validation")->capture_default_str();
  cmd->add_option("--search", o->search, "grid | random")->check(CLI::IsMember({"grid", "random"}))->capture_default_str();
  cmd->add_option("--trials", o->trials, "Random search: candidates to try")->capture_default_str();
  cmd->add_option("--tune-max-users", o->tune_max_users, "Score at most N validation users per candidate (0 = all)")->capture_default_str();
  cmd->add_option("--test-fraction", o->protocol_options.test_fraction, "temporal/holdout: share held out for test")->capture_default_str();
  cmd->add_option("--validation-fraction", o->protocol_options.validation_fraction, "temporal/holdout: share for validation")->capture_default_str();
  cmd->add_option("--folds", o->protocol_options.folds, "kfold: number of folds")->capture_default_str();
  cmd->add_option("--min-interactions", o->protocol_options.min_interactions, "leave-last-out/holdout: users with fewer events stay in train")->capture_default_str();
  cmd->add_option("--targets", o->protocol_options.targets, "leave-last-out: behaviour types that can be held out (all, purchase, ...)")->capture_default_str();
  cmd->callback([o, &g] { run_evaluate(*o, g); });
}

}  // namespace ss::cli
