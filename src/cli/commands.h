// Each subcommand lives in its own cmd_*.cpp and is added to the app by one function here.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "models/recommender.h"

namespace ss::cli {

// Options shared by every subcommand.
struct GlobalOptions {
  std::string data_dir = "data";
  bool quiet = false;
  size_t threads = 0;
  uint64_t seed = 42;
};

// One declaration per subcommand family, e.g.
// void add_ingest_command(CLI::App& app, GlobalOptions& g);
void add_generate_command(CLI::App& app, GlobalOptions& g);
void add_ingest_command(CLI::App& app, GlobalOptions& g);
void add_stats_command(CLI::App& app, GlobalOptions& g);
void add_analyze_command(CLI::App& app, GlobalOptions& g);
void add_store_admin_commands(CLI::App& app, GlobalOptions& g);
void add_predict_command(CLI::App& app, GlobalOptions& g);
void add_prep_commands(CLI::App& app, GlobalOptions& g);
void add_models_commands(CLI::App& app, GlobalOptions& g);
void add_evaluate_command(CLI::App& app, GlobalOptions& g);
void add_search_commands(CLI::App& app, GlobalOptions& g);
void add_serve_command(CLI::App& app, GlobalOptions& g);
void add_publish_command(CLI::App& app, GlobalOptions& g);
void add_cluster_commands(CLI::App& app, GlobalOptions& g);

// Every model this build has (src/models, and src/deep when built): what `publish` trains
// and what serve replicas load snapshots with.
std::function<std::unique_ptr<Recommender>(const std::string&)> all_models_factory();

}  // namespace ss::cli
