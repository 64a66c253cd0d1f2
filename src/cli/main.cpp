// shopsense: the one command-line program. Errors from every layer are turned into a
// message and an exit code here, once.
#include <cstdio>
#include <exception>

#include "cli/commands.h"
#include "core/error.h"

// jemalloc (linked through the serving layer) keeps freed pages instead of handing them back
// to the kernel: a full-softmax training step frees and reallocates megabytes of logits,
// and returning them costs page faults on every step (STACK.md: 1.3 -> 3.1 steps/s). The
// price is that a process stays at its peak resident size. Without jemalloc (sanitizer
// builds) this symbol is unused.
extern "C" const char* malloc_conf;
const char* malloc_conf = "dirty_decay_ms:-1,muzzy_decay_ms:-1";

int main(int argc, char** argv) {
  CLI::App app{"ShopSense: understand a shop's customers from its behaviour log and act on it"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "shopsense 0.1.0");
  ss::cli::GlobalOptions g;
  app.add_option("--data,-d", g.data_dir, "Data directory (created on first ingest)")->capture_default_str();
  app.add_flag("--quiet,-q", g.quiet, "No progress output");
  app.add_option("--threads", g.threads, "Worker threads (0 = all cores)")->capture_default_str();
  app.add_option("--seed", g.seed, "Random seed, for repeatable results")->capture_default_str();
  app.fallthrough();

  // One line per subcommand family; each lives in its own cmd_*.cpp.
  ss::cli::add_generate_command(app, g);
  ss::cli::add_ingest_command(app, g);
  ss::cli::add_stats_command(app, g);
  ss::cli::add_analyze_command(app, g);
  ss::cli::add_store_admin_commands(app, g);
  ss::cli::add_predict_command(app, g);
  ss::cli::add_prep_commands(app, g);
  ss::cli::add_models_commands(app, g);
  ss::cli::add_evaluate_command(app, g);
  ss::cli::add_search_commands(app, g);
  ss::cli::add_serve_command(app, g);
  ss::cli::add_publish_command(app, g);
  ss::cli::add_cluster_commands(app, g);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const ss::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "internal error: %s\n", e.what());
    return 3;
  }
  return 0;
}
