// shopsense serve: the HTTP API over a data directory, learning from new events as they come.
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/error.h"
#include "serve/http_server.h"
#include "serve/replica.h"
#include "serve/routes.h"
#include "serve/service.h"

namespace ss::cli {
namespace {

// A JSON config file may set the keys (so they need not be in the environment) and limits.
void apply_config_file(const std::string& path, serve::ServeConfig& c) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read config file " + path);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    throw Error("config file " + path + " is not valid JSON: " + e.what());
  }
  auto str = [&](const char* k, std::string& v) { if (j.contains(k)) v = j.at(k).get<std::string>(); };
  auto num = [&](const char* k, auto& v) { if (j.contains(k)) v = j.at(k).get<std::decay_t<decltype(v)>>(); };
  str("read_key", c.read_key);
  str("admin_key", c.admin_key);
  str("host", c.host);
  str("default_model", c.default_model);
  num("port", c.port);
  num("http_threads", c.http_threads);
  num("max_body_bytes", c.max_body_bytes);
  num("max_batch", c.max_batch);
  num("max_k", c.max_k);
  num("history_len", c.history_len);
  num("explore_share", c.explore_share);
  num("fresh_days", c.fresh_days);
  num("trending_half_life_h", c.trending_half_life_h);
}

}  // namespace

void add_serve_command(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("serve", "Serve the JSON HTTP API: ingest events, recommend, admin (see docs/serving.md)");
  auto c = std::make_shared<serve::ServeConfig>();
  auto config_file = std::make_shared<std::string>();
  auto no_sync = std::make_shared<bool>(false);
  auto rc = std::make_shared<serve::ReplicaConfig>();
  cmd->add_option("--port,-p", c->port, "TCP port (0 = any free port)")->capture_default_str();
  cmd->add_option("--host", c->host, "Address to listen on")->capture_default_str();
  cmd->add_option("--config", *config_file, "JSON file with read_key, admin_key, port, limits, ...");
  cmd->add_option("--http-threads", c->http_threads, "Worker threads for requests that may block (ingest, admin, analytics); fast reads run on one event loop per core")->capture_default_str();
  cmd->add_option("--history", c->history_len, "Recent events kept per user in memory")->capture_default_str();
  cmd->add_option("--explore", c->explore_share, "Share of slots given to fresh items (0-1)")->check(CLI::Range(0.0, 1.0))->capture_default_str();
  cmd->add_option("--default-model", c->default_model, "Model used when a request names none");
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
