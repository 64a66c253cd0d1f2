// shopsense train / recommend / similar / models: fit a recommender on the store's events,
// save it, and ask it for recommendations (with reasons) or similar items.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <numeric>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/collective.h"
#include "core/error.h"
#include "models/model_file.h"
#include "models/registry.h"
#ifdef SHOPSENSE_WITH_TORCH
#include "deep/distributed.h"
#include "deep/register.h"
#endif
#ifdef SHOPSENSE_WITH_MPI
#include "dist/mpi_communicator.h"
#endif
#include "store/store.h"

namespace ss::cli {
namespace {

struct ModelOptions {
  std::string spec = "ials";
  std::string out = "model.bin";
  std::string model_file = "model.bin";
  std::string user, item;
  size_t k = 10;
  bool reasons = false;
  bool json = false;
  // Distributed training: Gloo (--world-size/--rank/--master or the usual environment
  // variables) or MPI (--mpi, or started by mpirun).
  int world_size = 0, rank = -1;
  std::string master, file_store;
  bool mpi = false;
};

// The models whose fit shards its work over ranks (ctx.comm); others would only repeat it.
bool trains_distributed(const std::string& name) {
  for (const char* n : {"ials", "itemknn", "sasrec", "caser", "gru4rec"})
    if (name == n) return true;
  return false;
}

// Joins the training job this process belongs to, or returns null for a single process.
std::unique_ptr<Communicator> join_job(const ModelOptions& o) {
  const bool gloo_asked = o.world_size > 1 || (o.world_size == 0 && std::getenv("WORLD_SIZE") &&
                                               std::string(std::getenv("WORLD_SIZE")) != "1");
#ifdef SHOPSENSE_WITH_MPI
  if (o.mpi || (!gloo_asked && dist::launched_by_mpirun())) return dist::mpi_world();
#else
  if (o.mpi) throw Error("this shopsense was built without MPI (apt-get install libopenmpi-dev, rebuild); or use --world-size (Gloo)");
#endif
  if (!gloo_asked) return nullptr;
#ifdef SHOPSENSE_WITH_TORCH
  deep::GlooOptions go;
  go.world_size = o.world_size;
  go.rank = o.rank;
  go.file_store = o.file_store;
  if (!o.master.empty()) {
    const auto colon = o.master.rfind(':');
    if (colon == std::string::npos) throw Error("--master wants host:port, e.g. 10.0.0.1:29500");
    go.master_addr = o.master.substr(0, colon);
    try {
      go.master_port = std::stoi(o.master.substr(colon + 1));
    } catch (const std::exception&) {
      throw Error("--master wants host:port, e.g. 10.0.0.1:29500");
    }
  }
  return deep::connect_gloo(go);
#else
  throw Error("this shopsense was built without LibTorch, so without Gloo; use mpirun (MPI) instead");
#endif
}

// On the heap: the hybrid's factory refers to the registry, so it must not move.
std::unique_ptr<RecommenderRegistry> builtin_registry() {
  auto reg = std::make_unique<RecommenderRegistry>();
  register_builtin_models(*reg);
#ifdef SHOPSENSE_WITH_TORCH
  register_deep_models(*reg);
#endif
  return reg;
}

std::string item_title(const Dataset& d, uint32_t item) {
  if (const CatalogueItem* ci = d.catalogue.find(item); ci && !ci->title.empty()) return ci->title;
  return "";
}

void print_recs(const Dataset& d, const std::vector<Recommendation>& recs, bool json, const std::string& header) {
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : recs) {
      nlohmann::json j{{"item", std::string(d.dicts.items.name(r.item))}, {"score", r.score}};
      if (const auto t = item_title(d, r.item); !t.empty()) j["title"] = t;
      if (!r.reason.empty()) j["reason"] = r.reason;
      out.push_back(j);
    }
    std::printf("%s\n", out.dump(2).c_str());
    return;
  }
  std::printf("%s\n", header.c_str());
  for (size_t k = 0; k < recs.size(); ++k) {
    const auto& r = recs[k];
    std::printf("%3zu. %-12s %8.4f  %s%s%s\n", k + 1, std::string(d.dicts.items.name(r.item)).c_str(), r.score,
                item_title(d, r.item).c_str(), r.reason.empty() ? "" : "  -- ", r.reason.c_str());
  }
}

void train(const GlobalOptions& g, const ModelOptions& o) {
  const auto comm = join_job(o);
  // Every rank trains the same model: only rank 0 reports progress.
  Context ctx(g.threads, g.seed, g.quiet || (comm && comm->rank() != 0));
  if (distributed(comm.get()) && !trains_distributed(Spec::parse(o.spec).name))
    throw Error("model '" + Spec::parse(o.spec).name +
                "' does not train distributed; use ials, itemknn, sasrec, caser or gru4rec, or one process");
  auto store = Store::open(g.data_dir, {.create_if_missing = false, .read_only = true});
  const Dataset data = store->load(ctx);
  if (data.events.empty()) throw Error("no events in '" + g.data_dir + "'; ingest some first");
  auto model = builtin_registry()->create(o.spec);
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  model->fit(TrainData{data, data.events, {}, comm.get()}, ctx);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // CPU time of this process (all its threads): on a shared machine, the steadier measure.
  const double cpu_secs = double(std::clock() - c0) / CLOCKS_PER_SEC;
  // Every rank ends with the same model; rank 0 writes it and reports.
  if (comm && comm->rank() != 0) return;
  save_model_file(*model, o.out);
  if (o.json) {
    nlohmann::json j{{"model", model->spec().to_string()}, {"events", data.events.size()}, {"seconds", secs}, {"cpu_seconds", cpu_secs}, {"file", o.out}};
    if (comm) {
      const auto& st = comm->stats();
      j["distributed"] = {{"backend", comm->backend()},       {"ranks", comm->size()},
                          {"reduced_bytes", st.reduced_bytes}, {"gathered_bytes", st.gathered_bytes},
                          {"exchanged_bytes", st.exchanged_bytes}, {"broadcast_bytes", st.broadcast_bytes},
                          {"collective_calls", st.calls}};
    }
    std::printf("%s\n", j.dump(2).c_str());
  } else if (comm) {
    const auto& st = comm->stats();
    std::printf("trained %s on %zu events in %.2f s on %d %s ranks (rank 0: %.1f MB all-reduced, %.1f MB gathered, %.1f MB exchanged) -> %s\n",
                model->spec().to_string().c_str(), data.events.size(), secs, comm->size(), comm->backend().c_str(),
                double(st.reduced_bytes) / 1e6, double(st.gathered_bytes) / 1e6, double(st.exchanged_bytes) / 1e6,
                o.out.c_str());
  } else {
    std::printf("trained %s on %zu events in %.2f s -> %s\n", model->spec().to_string().c_str(), data.events.size(), secs,
                o.out.c_str());
  }
}

void recommend(const GlobalOptions& g, const ModelOptions& o) {
  Context ctx(g.threads, g.seed, g.quiet);
  auto model = load_model_file(o.model_file, *builtin_registry());
  auto store = Store::open(g.data_dir, {.create_if_missing = false, .read_only = true});
  const Dataset data = store->load(ctx);
  const uint32_t user = data.dicts.users.find(o.user);
  // The user's live history, oldest first (an unknown user gets the cold-start answer).
  std::vector<uint32_t> rows;
  if (user != kNone)
    for (uint32_t e = 0; e < data.events.size(); ++e)
      if (data.events.user[e] == user && data.events.item[e] != kNone) rows.push_back(e);
  std::stable_sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) { return data.events.ts_ms[a] < data.events.ts_ms[b]; });
  std::vector<uint32_t> items;
  std::vector<Behavior> types;
  for (uint32_t e : rows) items.push_back(data.events.item[e]), types.push_back(data.events.type[e]);
  RecommendRequest req;
  req.user = user;
  req.history.items = items;
  req.history.types = types;
  req.k = o.k;
  req.with_reasons = o.reasons;
  const auto t0 = std::chrono::steady_clock::now();
  const auto recs = model->recommend(req);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  char header[256];
  std::snprintf(header, sizeof header, "user %s (%zu events%s), %s, %.2f ms:", o.user.c_str(), items.size(),
                user == kNone ? ", unknown: cold start" : "", model->spec().to_string().c_str(), ms);
  print_recs(data, recs, o.json, header);
}

void similar(const GlobalOptions& g, const ModelOptions& o) {
  Context ctx(g.threads, g.seed, g.quiet);
  auto model = load_model_file(o.model_file, *builtin_registry());
  auto* sim = dynamic_cast<const ItemSimilarity*>(model.get());
  if (!sim) throw Error("model '" + model->spec().name + "' has no item similarity; use itemknn, ease, ials, content, ...");
  auto store = Store::open(g.data_dir, {.create_if_missing = false, .read_only = true});
  const Dataset data = store->load(ctx);
  const uint32_t item = data.dicts.items.find(o.item);
  if (item == kNone) throw Error("unknown item '" + o.item + "'", ErrorCode::kNotFound);
  print_recs(data, sim->similar_items(item, o.k), o.json,
             "items similar to " + o.item + " " + item_title(data, item) + " (" + model->spec().to_string() + "):");
}

}  // namespace

void add_models_commands(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<ModelOptions>();
  auto* t = app.add_subcommand("train", "Train a recommender on the store's events and save it");
  t->add_option("--model,-m", o->spec, "Model spec, e.g. \"ials:factors=64,iters=15\" (see `shopsense models`)")
      ->capture_default_str();
  t->add_option("--out,-o", o->out, "Model file to write")->capture_default_str();
  t->add_flag("--json", o->json, "Machine-readable output");
  t->add_option("--world-size", o->world_size, "Processes in a Gloo data-parallel job (default: $WORLD_SIZE, else 1)");
  t->add_option("--rank", o->rank, "This process's rank in [0, world size) (default: $RANK, else 0)");
  t->add_option("--master", o->master, "Rank 0's host:port for the rendezvous (default: $MASTER_ADDR:$MASTER_PORT, else 127.0.0.1:29500)");
  t->add_option("--file-store", o->file_store, "Rendezvous through this file on a shared disk instead of --master");
  t->add_flag("--mpi", o->mpi, "Train over MPI (implied when started by mpirun): mpirun -np N shopsense train ...");
  t->callback([&g, o] { train(g, *o); });

  auto* r = app.add_subcommand("recommend", "Recommend items for a user (their history comes from the store)");
  r->add_option("--model-file", o->model_file, "Trained model file")->capture_default_str();
  r->add_option("--user,-u", o->user, "External user id")->required();
  r->add_option("--k", o->k, "How many items")->capture_default_str();
  r->add_flag("--reasons", o->reasons, "Say why each item is recommended");
  r->add_flag("--json", o->json, "Machine-readable output");
  r->callback([&g, o] { recommend(g, *o); });

  auto* s = app.add_subcommand("similar", "Items similar to an item (models with item similarity)");
  s->add_option("--model-file", o->model_file, "Trained model file")->capture_default_str();
  s->add_option("--item,-i", o->item, "External item id")->required();
  s->add_option("--k", o->k, "How many items")->capture_default_str();
  s->add_flag("--json", o->json, "Machine-readable output");
  s->callback([&g, o] { similar(g, *o); });

  auto* m = app.add_subcommand("models", "List the recommenders and their parameters");
  m->callback([] {
    const auto reg = builtin_registry();
    for (const auto& name : reg->names()) std::printf("%s: %s\n", name.c_str(), reg->help(name).c_str());
  });
}

}  // namespace ss::cli
