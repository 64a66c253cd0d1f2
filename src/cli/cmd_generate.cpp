// shopsense generate: a synthetic shop with planted ground truth, as files; or, with
// --from-gan, new users sampled from a trained CFGAN with a fidelity and privacy report.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/error.h"
#include "core/timeutil.h"
#include "synth/generator.h"
#ifdef SHOPSENSE_WITH_TORCH
#include "deep/fidelity.h"
#include "deep/gan_sampler.h"
#include "deep/register.h"
#include "models/model_file.h"
#include "models/registry.h"
#include "store/store.h"
#endif

namespace ss::cli {

#ifdef SHOPSENSE_WITH_TORCH
namespace {

// Synthetic users of a CFGAN model file, written as the generator's events.csv (new
// pseudonymous user ids, the store's item ids), plus report.json comparing them with the
// store's real users.
void generate_from_gan(const GlobalOptions& g, const std::string& model_file, uint64_t users, const std::string& out,
                       const std::string& tstr_model, bool json) {
  Context ctx(g.threads, g.seed, g.quiet);
  RecommenderRegistry reg;
  register_builtin_models(reg);
  register_deep_models(reg);
  auto model = load_model_file(model_file, reg);
  const auto* sampler = dynamic_cast<const GanSampler*>(model.get());
  if (!sampler) throw Error("'" + model_file + "' holds a '" + model->spec().name + "' model; --from-gan needs a cfgan model (shopsense train --model cfgan)");
  const Dataset real = Store::open(g.data_dir, {.create_if_missing = false, .read_only = true})->load(ctx);
  if (real.events.empty()) throw Error("no events in '" + g.data_dir + "': the report compares with the store the GAN was trained on");
  const auto t0 = std::chrono::steady_clock::now();
  const auto synthetic = sampler->sample_users(users, g.seed);
  for (const auto& u : synthetic)
    for (uint32_t i : u.items)
      if (i >= real.num_items()) throw Error("the model knows more items than store '" + g.data_dir + "': use the store it was trained on");
  std::filesystem::create_directories(out);
  std::ofstream ev(out + "/events.csv");
  ev << "user_id,item_id,behavior,timestamp,session_id,query,quantity,price\n";
  uint64_t rows = 0;
  for (size_t u = 0; u < synthetic.size(); ++u) {
    const std::string id = "gan" + std::to_string(g.seed) + "-" + std::to_string(u);
    if (real.dicts.users.find(id) != kNone) throw Error("synthetic user id '" + id + "' exists in the store; pick another --seed");
    for (size_t j = 0; j < synthetic[u].items.size(); ++j, ++rows)
      ev << id << ',' << real.dicts.items.name(synthetic[u].items[j]) << ',' << behavior_name(synthetic[u].types[j]) << ','
         << format_datetime_ms(synthetic[u].ts_ms[j]) << ",g" << u << ",,1,\n";
  }
  ev.close();
  if (!ev) throw Error("could not write " + out + "/events.csv", ErrorCode::kIo);
  const double gen_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  FidelityOptions fo;
  fo.tstr_model = tstr_model;
  fo.seed = g.seed;
  const FidelityReport report = fidelity_report(real, synthetic, fo, ctx);
  nlohmann::json j = report.to_json();
  j["model"] = model->spec().to_string();
  j["events_file"] = out + "/events.csv";
  j["events"] = rows;
  j["seconds_sampling"] = gen_s;
  j["note"] = "reference/held-out halves are a random split of the store's users; the GAN may have seen both";
  std::ofstream(out + "/report.json") << j.dump(2) << "\n";
  if (json) {
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    std::printf("generated %zu synthetic users, %llu events in %.2fs -> %s/events.csv (ingest with --preset shopsense)\n%s",
                synthetic.size(), static_cast<unsigned long long>(rows), gen_s, out.c_str(), report.to_text().c_str());
    std::printf("report: %s/report.json (%s)\n", out.c_str(), report.passed() ? "all checks pass" : "some checks FAIL");
  }
}

}  // namespace
#endif

void add_generate_command(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("generate", "Write a synthetic shop (events, catalogue, planted truth)");
  struct Opts {
    GeneratorConfig cfg;
    std::string out = "shop";
    std::string format = "shopsense";
    uint64_t events = 1000000;
    uint64_t dirty = 20;
    std::string start = "2024-01-01";
    std::string gan_model, tstr_model = "itemknn";
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
#ifdef SHOPSENSE_WITH_TORCH
  cmd->add_option("--from-gan", o->gan_model, "Sample --users new users from this CFGAN model file (trained on --data's store) and report fidelity/privacy");
  cmd->add_option("--tstr-model", o->tstr_model, "Classical model for the train-on-synthetic/test-on-real check")->capture_default_str();
  cmd->add_flag("--json", o->json, "Print the --from-gan report as JSON");
#endif
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
#ifdef SHOPSENSE_WITH_TORCH
    if (!o->gan_model.empty()) return generate_from_gan(g, o->gan_model, o->cfg.users, o->out, o->tstr_model, o->json);
#endif
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
