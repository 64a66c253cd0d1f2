// shopsense cluster ...: tools for running serve replicas behind nginx (docs/SCALING.md).
//   nginx-config  the nginx configuration routing each user to its replica
//   owner         which replica owns a user (and who answers while it is down)
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/error.h"
#include "serve/nginx_config.h"
#include "serve/partition.h"

namespace ss::cli {

void add_cluster_commands(CLI::App& app, GlobalOptions&) {
  auto* cluster = app.add_subcommand("cluster", "Run serve replicas behind nginx: config generation and ring lookups");
  cluster->require_subcommand(1);

  auto o = std::make_shared<serve::NginxOptions>();
  auto out = std::make_shared<std::string>();
  auto* n = cluster->add_subcommand("nginx-config", "Write the nginx configuration that routes each user to its replica");
  n->add_option("--replicas", o->replicas, "Every replica host:port, exactly as each replica's --cluster lists them")
      ->delimiter(',')
      ->required();
  n->add_option("--listen", o->listen, "nginx's listen address")->capture_default_str();
  n->add_option("--prefix", o->prefix, "Directory for nginx's pid, logs and temp files")->capture_default_str();
  n->add_flag("--foreground", o->foreground, "daemon off and no master process (tests, containers)");
  n->add_option("--workers", o->workers, "nginx worker processes (0 = auto)")->capture_default_str();
  n->add_option("--fail-timeout", o->fail_timeout_s, "Seconds a failed replica is skipped")->capture_default_str();
  n->add_option("--out,-o", *out, "File to write (default: standard output)");
  n->callback([o, out] {
    const std::string conf = serve::nginx_config(*o);
    if (out->empty()) {
      std::fputs(conf.c_str(), stdout);
      return;
    }
    std::ofstream f(*out);
    f << conf;
    if (!f) throw Error("cannot write " + *out, ErrorCode::kIo);
  });

  auto replicas = std::make_shared<std::vector<std::string>>();
  auto users = std::make_shared<std::vector<std::string>>();
  auto json = std::make_shared<bool>(false);
  auto* w = cluster->add_subcommand("owner", "Which replica owns each user, and the failover order");
  w->add_option("--replicas", *replicas, "Every replica host:port, as in --cluster")->delimiter(',')->required();
  w->add_option("--user,-u", *users, "External user id (repeatable)")->required();
  w->add_flag("--json", *json, "Machine-readable output");
  w->callback([replicas, users, json] {
    const serve::HashRing ring(*replicas);
    nlohmann::json outj = nlohmann::json::array();
    for (const auto& u : *users) {
      nlohmann::json order = nlohmann::json::array();
      for (size_t i : ring.preference(u)) order.push_back(ring.servers()[i]);
      if (*json) outj.push_back({{"user", u}, {"owner", order.front()}, {"failover_order", order}});
      else std::printf("%s -> %s (then %s)\n", u.c_str(), order.front().get<std::string>().c_str(), order.dump().c_str());
    }
    if (*json) std::printf("%s\n", outj.dump(2).c_str());
  });
}

}  // namespace ss::cli
