// shopsense serve: the HTTP API over a data directory, learning from new events as they come.
#include <cstdio>
#include <fstream>
#include <set>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/error.h"
#include "serve/http_server.h"
#include "serve/replica.h"
#include "serve/routes.h"
#include "serve/service.h"

namespace ss::cli {
namespace {

// Every setting a JSON config file may hold, each once: its key, its command-line option
// (null: file only) and the field. The file is applied after the options, so it wins over
// them; the environment's keys win over both (serve::apply_env_keys).
template <typename Each>
void serve_settings(serve::ServeConfig& c, Each&& each) {
  each("host", "--host", c.host, "Address to listen on");
  each("port", "--port,-p", c.port, "TCP port (0 = any free port)");
  each("read_key", nullptr, c.read_key, nullptr);
  each("admin_key", nullptr, c.admin_key, nullptr);
  each("default_model", "--default-model", c.default_model, "Model used when a request names none");
  each("http_threads", "--http-threads", c.http_threads,
       "Worker threads for requests that may block (ingest, admin, analytics)");
  each("http_loops", "--http-loops", c.http_loops, "Event loops serving fast reads (0 = one per core)");
  each("max_body_bytes", nullptr, c.max_body_bytes, nullptr);
  each("max_batch", nullptr, c.max_batch, nullptr);
  each("max_k", nullptr, c.max_k, nullptr);
  each("history_len", "--history", c.history_len, "Recent events kept per user in memory");
  each("explore_share", "--explore", c.explore_share, "Share of slots given to fresh items (0-1)");
  each("fresh_days", nullptr, c.fresh_days, nullptr);
  each("trending_half_life_h", nullptr, c.trending_half_life_h, nullptr);
}

void apply_config_file(const std::string& path, serve::ServeConfig& c) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read config file " + path);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    throw Error("config file " + path + " is not valid JSON: " + e.what());
  }
  if (!j.is_object()) throw Error("config file " + path + " must hold one JSON object");
  std::set<std::string> known;
  serve_settings(c, [&](const char* key, const char*, auto& field, const char*) {
    known.insert(key);
    if (!j.contains(key)) return;
    try {
      field = j.at(key).get<std::decay_t<decltype(field)>>();
    } catch (const std::exception& e) {
      throw Error("config file " + path + ": \"" + key + "\" has the wrong type (" + e.what() + ")");
    }
  });
  for (const auto& item : j.items())
    if (!known.count(item.key())) {
      std::string all;
      for (const auto& k : known) all += (all.empty() ? "" : ", ") + k;
      throw Error("config file " + path + ": unknown key \"" + item.key() + "\" (known: " + all + ")");
    }
}

}  // namespace

void add_serve_command(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("serve", "Serve the JSON HTTP API: ingest events, recommend, admin (see docs/serving.md)");
  auto c = std::make_shared<serve::ServeConfig>();
  auto config_file = std::make_shared<std::string>();
  auto no_sync = std::make_shared<bool>(false);
  auto rc = std::make_shared<serve::ReplicaConfig>();
  serve_settings(*c, [&](const char*, const char* flag, auto& field, const char* help) {
    if (flag) cmd->add_option(flag, field, help)->capture_default_str();
  });
  cmd->get_option("--explore")->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--config", *config_file, "JSON file with read_key, admin_key, port, limits, ... (it wins over options)");
  cmd->add_option("--web-dir", c->web_dir, "Dashboard files served at / (default: the built web/dashboard/dist beside the binary or in the source tree)");
  cmd->add_flag("--no-sync", *no_sync, "Do not fsync commits (benchmarks only: acknowledged events may be lost on power failure)");
  cmd->add_option("--models", rc->models_dir, "Snapshot directory to follow: serve what `shopsense publish` put there, swapping to each new version (see docs/SCALING.md)");
  cmd->add_option("--poll-ms", rc->poll_ms, "How often --models is checked for a new version")->capture_default_str();
  cmd->add_option("--cluster", rc->cluster, "Every replica as host:port, as in nginx's upstream block: users are partitioned among them")
      ->delimiter(',');
  cmd->add_option("--self", rc->self, "This replica's host:port as listed in --cluster (default: --host:--port)");
  cmd->callback([&g, c, config_file, no_sync, rc] {
    serve::ServeConfig config = *c;
    if (!config_file->empty()) apply_config_file(*config_file, config);
    serve::apply_env_keys(config);  // the environment wins over the file
    config.data_dir = g.data_dir;
    config.work_threads = g.threads;
    config.quiet = g.quiet;
    config.sync = !*no_sync;
    const std::string web_dir = serve::find_web_dir(config.web_dir);
    if (!config.web_dir.empty() && web_dir.empty()) throw Error("--web-dir " + config.web_dir + ": no index.html there");
    config.web_dir = web_dir;
    if (config.admin_key.empty())
      std::fprintf(stderr, "note: no admin key (SHOPSENSE_ADMIN_KEY): ingest and admin endpoints will answer 403\n");
    serve::block_shutdown_signals();
    serve::Service service(config, serve::builtin_model_factory());
    std::unique_ptr<serve::Replica> replica;
    if (!rc->models_dir.empty() || !rc->cluster.empty()) {
      replica = std::make_unique<serve::Replica>(service, *rc, all_models_factory());
      service.replica = replica.get();
    }
    serve::serve_until_signal(config, service);
    service.replica = nullptr;
  });
}

}  // namespace ss::cli
