// shopsense publish: the trainer's side of replicated serving. Trains models on all events
// (of one store, or of every replica's store merged by name) or takes model files trained
// elsewhere (e.g. by distributed training), and publishes them as the next snapshot version
// that every `serve --models DIR` replica picks up (serve/snapshot.h).
#include <chrono>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/error.h"
#include "core/timeutil.h"
#include "models/model_file.h"
#include "models/registry.h"
#include "serve/dataset_merge.h"
#include "serve/model_manager.h"
#include "serve/snapshot.h"
#include "store/store.h"
#ifdef SHOPSENSE_WITH_TORCH
#include "deep/register.h"
#endif

namespace ss::cli {
namespace {

struct PublishOptions {
  std::string to;
  std::vector<std::string> models, files, from;
  std::string default_model;
  bool evaluate = false, json = false;
  size_t keep = 3;
};


std::pair<std::string, std::string> name_value(const std::string& s, const char* what) {
  const size_t eq = s.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == s.size())
    throw Error(std::string(what) + " '" + s + "' must be NAME=VALUE, e.g. ials=ials:factors=64");
  return {s.substr(0, eq), s.substr(eq + 1)};
}

// Time split as the server's background training does: fit on the oldest 90%, score on the rest.
nlohmann::json holdout(const std::string& spec, const Dataset& shop, const serve::ModelFactory& factory, Context& ctx) {
  if (shop.events.size() < 100) return nullptr;
  EventTable by_time = shop.events;
  by_time.sort_by_time();
  std::vector<bool> keep(by_time.size());
  for (size_t i = 0; i < by_time.size() * 9 / 10; ++i) keep[i] = true;
  EventTable train = by_time, test = by_time;
  train.filter(keep);
  keep.flip();
  test.filter(keep);
  auto m = factory(spec);
  m->fit(TrainData{shop, train, {}}, ctx);
  return serve::evaluate_holdout(*m, shop, train, test, 2000, 50);
}

void publish(const GlobalOptions& g, const PublishOptions& o) {
  if (o.models.empty() && o.files.empty()) throw Error("give --model NAME=SPEC or --file NAME=PATH (or both)");
  Context ctx(g.threads, g.seed, g.quiet);
  const std::vector<std::string> sources = o.from.empty() ? std::vector<std::string>{g.data_dir} : o.from;
  Dataset shop;
  for (size_t i = 0; i < sources.size(); ++i) {
    auto store = Store::open(sources[i], {.create_if_missing = false, .read_only = true});
    if (i == 0) shop = store->load(ctx);
    else serve::merge_dataset(shop, store->load(ctx));
  }
  if (shop.events.empty()) throw Error("no events in " + nlohmann::json(sources).dump() + "; ingest some first");
  auto registry = std::make_shared<RecommenderRegistry>();
  register_builtin_models(*registry);
#ifdef SHOPSENSE_WITH_TORCH
  register_deep_models(*registry);
#endif
  const serve::ModelFactory factory = all_models_factory();

  std::vector<serve::SnapshotModel> models;
  for (const auto& m : o.models) {
    auto [name, spec] = name_value(m, "--model");
    serve::SnapshotModel sm;
    sm.name = name;
    const auto t0 = std::chrono::steady_clock::now();
    if (o.evaluate) sm.eval = holdout(spec, shop, factory, ctx);
    auto model = factory(spec);
    model->fit(TrainData{shop, shop.events, {}}, ctx);
    sm.train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    sm.spec = model->spec().to_string();
    sm.trained_at_ms = now_ms();
    sm.model = std::move(model);
    if (!g.quiet) std::fprintf(stderr, "publish: trained %s (%s) in %.2f s\n", name.c_str(), sm.spec.c_str(), sm.train_seconds);
    models.push_back(std::move(sm));
  }
  for (const auto& f : o.files) {
    // A model file trained on this same data (its ids are this dataset's ids).
    auto [name, path] = name_value(f, "--file");
    serve::SnapshotModel sm;
    sm.name = name;
    auto model = load_model_file(path, *registry);
    sm.spec = model->spec().to_string();
    sm.trained_at_ms = now_ms();
    sm.model = std::move(model);
    models.push_back(std::move(sm));
  }
  const nlohmann::json extra = {{"sources", sources}, {"events", shop.events.size()}};
  const serve::SnapshotInfo info = serve::publish_snapshot(o.to, models, shop.dicts, o.default_model, extra, o.keep);
  if (o.json) {
    std::printf("%s\n", info.manifest.dump(2).c_str());
  } else {
    std::printf("published version %llu to %s/%s: %zu models, %zu events from %zu stores\n",
                static_cast<unsigned long long>(info.version), o.to.c_str(), info.path.c_str(), models.size(),
                shop.events.size(), sources.size());
  }
}

}  // namespace

std::function<std::unique_ptr<Recommender>(const std::string&)> all_models_factory() {
  auto registry = std::make_shared<RecommenderRegistry>();
  register_builtin_models(*registry);
#ifdef SHOPSENSE_WITH_TORCH
  register_deep_models(*registry);
#endif
  return [registry](const std::string& spec) { return registry->create(spec); };
}

void add_publish_command(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<PublishOptions>();
  auto* p = app.add_subcommand("publish", "Train models and publish them as a new snapshot version for serve replicas (--models DIR)");
  p->add_option("--to", o->to, "Snapshot directory (shared filesystem, or rsync'ed to each replica)")->required();
  p->add_option("--model,-m", o->models, "NAME=SPEC to train, e.g. ials=ials:factors=64 (repeatable)");
  p->add_option("--file", o->files, "NAME=PATH of a model file trained on the same data (repeatable)");
  p->add_option("--from", o->from, "Replica data directories to merge (default: --data)")->delimiter(',');
  p->add_option("--default", o->default_model, "Model replicas use when a request names none");
  p->add_flag("--evaluate", o->evaluate, "Score each model on the newest 10% of events first (stored in the manifest)");
  p->add_option("--keep", o->keep, "Versions kept on disk")->capture_default_str();
  p->add_flag("--json", o->json, "Print the manifest");
  p->callback([&g, o] { publish(g, *o); });
}

}  // namespace ss::cli
