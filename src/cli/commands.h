// Each subcommand lives in its own cmd_*.cpp and is added to the app by one function here.
#pragma once
#include <CLI/CLI.hpp>
#include <string>

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

}  // namespace ss::cli
