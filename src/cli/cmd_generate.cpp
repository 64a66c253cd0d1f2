// shopsense generate: a synthetic shop with planted ground truth, as files.
#include <chrono>
#include <cstdio>

#include "cli/commands.h"
#include "core/error.h"
#include "core/timeutil.h"
#include "synth/generator.h"

namespace ss::cli {

void add_generate_command(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("generate", "Write a synthetic shop (events, catalogue, planted truth)");
  struct Opts {
    GeneratorConfig cfg;
    std::string out = "shop";
    std::string format = "shopsense";
    uint64_t events = 1000000;
    uint64_t dirty = 20;
    std::string start = "2024-01-01";
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--out,-o", o->out, "Output directory (shopsense format) or file (taobao format)")->capture_default_str();
  cmd->add_option("--format", o->format, "shopsense: events.csv + catalogue.csv + truth.json; taobao: one UserBehavior CSV")
      ->check(CLI::IsMember({"shopsense", "taobao"}))->capture_default_str();
  cmd->add_option("--users", o->cfg.users, "Users (shopsense format)")->capture_default_str();
  cmd->add_option("--items", o->cfg.items, "Catalogue size")->capture_default_str();
  cmd->add_option("--categories", o->cfg.categories, "Leaf categories")->capture_default_str();
  cmd->add_option("--brands", o->cfg.brands, "Brands")->capture_default_str();
  cmd->add_option("--days", o->cfg.days, "Days of activity")->capture_default_str();
  cmd->add_option("--sessions-per-user", o->cfg.sessions_per_user, "Mean sessions per active user")->capture_default_str();
  cmd->add_option("--bots", o->cfg.bot_fraction, "Fraction of bot users")->capture_default_str();
  cmd->add_option("--churners", o->cfg.churn_fraction, "Fraction of users who churn half-way")->capture_default_str();
  cmd->add_option("--events", o->events, "Rows to write (taobao format)")->capture_default_str();
  cmd->add_option("--dirty", o->dirty, "Malformed rows to mix in (shopsense format)")->capture_default_str();
  cmd->add_option("--start", o->start, "First day (YYYY-MM-DD)")->capture_default_str();
  cmd->callback([o, &g] {
    auto start = parse_datetime_ms(o->start);
    if (!start) throw ss::Error("--start must be a date like 2024-01-01, got '" + o->start + "'");
    o->cfg.start_ms = *start;
    o->cfg.seed = g.seed;
    const auto t0 = std::chrono::steady_clock::now();
    uint64_t rows;
    if (o->format == "taobao") {
      rows = write_taobao_file(o->cfg, o->out, o->events);
    } else {
      rows = write_shop_files(o->cfg, o->out, o->dirty);
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("generated %llu event rows (%s format, seed %llu) in %.2fs -> %s\n",
                static_cast<unsigned long long>(rows), o->format.c_str(), static_cast<unsigned long long>(g.seed),
                secs, o->out.c_str());
  });
}

}  // namespace ss::cli
