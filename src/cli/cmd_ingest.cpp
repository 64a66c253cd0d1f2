// shopsense ingest: behaviour logs and catalogues into the data directory, with a report of
// every rejected row. The exit code says whether the batch was accepted: 0 yes, 1 when
// --max-errors stopped it or more than --max-reject-fraction of the rows were rejected.
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/context.h"
#include "core/error.h"
#include "core/timeutil.h"
#include "io/ingest.h"
#include "store/store.h"

namespace ss::cli {
namespace {

struct IngestArgs {
  std::vector<std::string> files, catalogues;
  std::string preset = "generic", format = "auto", delimiter, quote = "\"", columns, behavior_map, behavior;
  std::string time_unit = "auto", min_time = "1995-01-01", max_time = "2100-01-01", encoding = "utf8", config;
  std::string pseudo_key;
  bool header = false, no_header = false, json = false, dry_run = false, no_sync = false, keep_anonymous = false;
  size_t max_line_bytes = 1 << 20, examples = 5, batch_rows = 1 << 20;
  int64_t max_errors = -1;
  double max_reject_fraction = 0.01;
};

io::IngestOptions build_options(const IngestArgs& a) {
  io::IngestOptions o;
  if (!a.config.empty()) io::load_config_file(a.config, o);
  if (a.preset != "generic" || a.config.empty()) {
    auto p = io::parse_preset(a.preset);
    if (!p) throw Error("unknown preset '" + a.preset + "'");
    if (*p != io::Preset::kGeneric || o.preset == io::Preset::kGeneric) io::apply_preset(o, *p);
  }
  if (a.format != "auto") o.format = a.format == "csv" ? io::Format::kCsv : io::Format::kJsonl;
  if (!a.delimiter.empty()) o.delimiter = a.delimiter == "\\t" || a.delimiter == "tab" ? "\t" : a.delimiter;
  if (a.quote != "\"") o.quote = a.quote.empty() || a.quote == "none" ? '\0' : a.quote[0];
  if (a.header) o.header = 1;
  if (a.no_header) o.header = 0;
  if (!a.columns.empty()) io::parse_columns(a.columns, o);
  if (!a.behavior_map.empty()) io::parse_behavior_map(a.behavior_map, o);
  if (!a.behavior.empty()) {
    auto b = parse_behavior(a.behavior);
    if (!b) throw Error("unknown --behavior '" + a.behavior + "'");
    o.behavior = *b;
  }
  if (a.time_unit != "auto") o.time_unit = *io::parse_time_unit(a.time_unit);
  auto date = [](const std::string& s, const char* flag) {
    auto t = parse_datetime_ms(s);
    if (!t) throw Error(std::string(flag) + " expects a date like 1995-01-01, got '" + s + "'");
    return *t;
  };
  o.min_ms = date(a.min_time, "--min-time");
  o.max_ms = date(a.max_time, "--max-time");
  if (a.encoding == "latin1") o.encoding = io::Encoding::kLatin1;
  o.max_line_bytes = a.max_line_bytes;
  o.max_examples = a.examples;
  o.batch_rows = std::max<size_t>(1, a.batch_rows);
  if (a.max_errors >= 0) o.max_errors = static_cast<uint64_t>(a.max_errors);
  o.max_reject_fraction = a.max_reject_fraction;
  o.keep_anonymous = a.keep_anonymous;
  o.pseudonymise_key = a.pseudo_key;
  if (o.pseudonymise_key.empty())
    if (const char* k = std::getenv("SHOPSENSE_PSEUDO_KEY")) o.pseudonymise_key = k;
  return o;
}

void run_ingest(const IngestArgs& a, GlobalOptions& g) {
  const io::IngestOptions o = build_options(a);
  const auto t0 = std::chrono::steady_clock::now();
  std::unique_ptr<Store> store;
  Dictionaries scratch;
  if (!a.dry_run) store = Store::open(g.data_dir, {.sync = !a.no_sync});
  Dictionaries& dicts = store ? store->dicts() : scratch;
  const Catalogue* existing = store ? &store->catalogue() : nullptr;
  Context ctx(g.threads, g.seed, g.quiet);  // its pool parses Taobao-layout lines in parallel
  io::Ingester ing(o, dicts, existing,
                   [&](const EventTable& e, const std::vector<CatalogueItem>& items) {
                     if (store) store->append(e, items);
                   },
                   g.quiet || a.json, ctx.pool.get());
  std::string failure;
  try {
    for (const auto& c : a.catalogues)
      if (!ing.add_catalogue(c)) break;
    for (const auto& f : a.files)
      if (!ing.add_events(f)) break;
    ing.finish();
  } catch (const Error& e) {
    failure = e.what();  // report what was stored before the failure, then fail
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto& r = ing.report();
  const bool accepted = failure.empty() && ing.accepted();
  if (a.json) {
    nlohmann::json j;
    j["events"] = nlohmann::json::parse(r.to_json());
    if (!a.catalogues.empty()) j["catalogue"] = nlohmann::json::parse(ing.catalogue_report().to_json());
    j["accepted"] = accepted;
    j["dry_run"] = a.dry_run;
    j["seconds_total"] = secs;
    j["events_per_second"] = secs > 0 ? r.events / secs : 0.0;
    if (store) j["store_events"] = store->num_events();
    if (!failure.empty()) j["error"] = failure;
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    std::printf("ingest (%s preset)%s\n", std::string(io::preset_name(o.preset)).c_str(), a.dry_run ? ", dry run" : "");
    if (!a.catalogues.empty()) std::printf("catalogue:\n%s", ing.catalogue_report().to_text().c_str());
    if (!a.catalogues.empty()) std::printf("events:\n");
    std::printf("%s", r.to_text().c_str());
    std::printf("total          %.3f s with storing, %.2f M events/s%s\n", secs, secs > 0 ? r.events / secs / 1e6 : 0.0,
                store ? (", store now holds " + std::to_string(store->num_events()) + " events").c_str() : "");
    if (accepted) {
      std::printf("batch accepted\n");
    } else if (failure.empty()) {
      const uint64_t read = r.rows_read + ing.catalogue_report().rows_read;
      const uint64_t rej = r.rejected_total() + ing.catalogue_report().rejected_total();
      std::printf("batch NOT accepted: %.2f%% of rows rejected (allowed: --max-reject-fraction %g)%s; "
                  "the accepted rows before this point are stored\n",
                  read ? 100.0 * rej / read : 0.0, o.max_reject_fraction,
                  r.stopped_early ? ", stopped by --max-errors" : "");
    }
  }
  if (!failure.empty()) throw Error(failure + " (batches acknowledged before this are stored)", ErrorCode::kIo);
  if (!accepted) throw CLI::RuntimeError(1);
}

}  // namespace

void add_ingest_command(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("ingest", "Read behaviour logs (CSV/TSV/JSON Lines, plain or gzip) into the data directory");
  cmd->footer(
      "Presets: shopsense (generate's events.csv), taobao (UserBehavior.csv), online-retail (UCI Online Retail),\n"
      "diginetica (train-item-views / train-purchases), s3rec (user item1 item2 ...), movielens (ratings.dat, u.data).\n"
      "Rejected rows are counted by reason and the first ones shown with their line numbers. Exit code 0: accepted;\n"
      "1: stopped by --max-errors or more than --max-reject-fraction rejected (earlier batches stay stored); 2: error.\n"
      "Example: shopsense -d data ingest UserBehavior.csv --preset taobao\n"
      "         shopsense -d data ingest log.tsv.gz --columns user=0,item=2,behavior=1,timestamp=3 --map-behavior addToBasket=cart");
  auto a = std::make_shared<IngestArgs>();
  cmd->add_option("files", a->files, "Event files; '-' reads standard input")->required();
  cmd->add_option("--preset,-p", a->preset, "Format preset: generic, shopsense, taobao, online-retail, diginetica, s3rec, movielens")
      ->check(CLI::IsMember({"generic", "shopsense", "taobao", "online-retail", "diginetica", "s3rec", "movielens"}))
      ->capture_default_str();
  cmd->add_option("--catalogue,-c", a->catalogues, "Catalogue files with a header (item_id,title,...,price; or itemId;categoryId)");
  cmd->add_option("--config", a->config, "Settings from a TOML (.toml) or JSON file: preset, delimiter, header, columns, behavior_map, ...");
  cmd->add_option("--format", a->format, "auto (JSON Lines when a line starts with '{'), csv or jsonl")
      ->check(CLI::IsMember({"auto", "csv", "jsonl"}))->capture_default_str();
  cmd->add_option("--delimiter", a->delimiter, "Field delimiter, e.g. ',' ';' tab '::' (default: the preset's, or guessed)");
  cmd->add_option("--quote", a->quote, "Quote character, or 'none'")->capture_default_str();
  cmd->add_flag("--header", a->header, "The first line is a header");
  cmd->add_flag("--no-header", a->no_header, "There is no header line");
  cmd->add_option("--columns", a->columns,
                  "Column of each field, by 0-based index or header/JSON name: user=0,item=1,behavior=3,timestamp=4 "
                  "(also session, query, category, quantity, price, value, ref, context)");
  cmd->add_option("--map-behavior", a->behavior_map, "The shop's behaviour names: addToBasket=cart,checkout=purchase");
  cmd->add_option("--behavior", a->behavior, "Behaviour of every row when there is no behaviour column");
  cmd->add_option("--time-unit", a->time_unit, "auto, s, ms, us or datetime")
      ->check(CLI::IsMember({"auto", "s", "ms", "us", "datetime"}))->capture_default_str();
  cmd->add_option("--min-time", a->min_time, "Reject earlier timestamps")->capture_default_str();
  cmd->add_option("--max-time", a->max_time, "Reject later timestamps")->capture_default_str();
  cmd->add_option("--encoding", a->encoding, "utf8 (invalid rows rejected) or latin1 (converted)")
      ->check(CLI::IsMember({"utf8", "latin1"}))->capture_default_str();
  cmd->add_option("--max-line-bytes", a->max_line_bytes, "Longer lines are rejected")->capture_default_str();
  cmd->add_option("--max-errors", a->max_errors, "Stop once more rows than this are rejected (-1: never)")->capture_default_str();
  cmd->add_option("--max-reject-fraction", a->max_reject_fraction, "Above this share of rejected rows the batch is not accepted")
      ->capture_default_str();
  cmd->add_option("--examples", a->examples, "Rejected rows shown per reason")->capture_default_str();
  cmd->add_option("--batch-rows", a->batch_rows, "Events per durable append")->capture_default_str();
  cmd->add_option("--pseudonymise-key", a->pseudo_key,
                  "Replace user ids by a keyed BLAKE2b hash (or set SHOPSENSE_PSEUDO_KEY)");
  cmd->add_flag("--keep-anonymous", a->keep_anonymous, "Keep rows without a user/customer id under the user 'anonymous'");
  cmd->add_flag("--dry-run", a->dry_run, "Parse and report, store nothing");
  cmd->add_flag("--no-sync", a->no_sync, "Skip fsync per batch (benchmarks only: not crash-safe)");
  cmd->add_flag("--json", a->json, "Machine-readable report");
  cmd->callback([a, &g] { run_ingest(*a, g); });
}

}  // namespace ss::cli
