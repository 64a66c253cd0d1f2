// shopsense clean / split: the cleaning report (what would be or was removed, and why) and
// the sizes of a train/validation/test split, on a data directory.
#include <chrono>
#include <cstdio>
#include <numeric>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/error.h"
#include "core/timeutil.h"
#include "prep/clean.h"
#include "prep/split.h"
#include "store/store.h"

namespace ss::cli {
namespace {

// "500ms", "30s", "5m", "2h", "7d"; a bare number means seconds.
int64_t parse_duration_ms(const std::string& s) {
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(s, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  const std::string unit = s.substr(used);
  const double scale = unit.empty() || unit == "s" ? 1000 : unit == "ms" ? 1 : unit == "m" ? 60000
                     : unit == "h" ? 3600000 : unit == "d" ? 86400000 : -1;
  if (used == 0 || scale < 0 || v < 0) throw Error("bad duration '" + s + "' (use e.g. 500ms, 30s, 5m, 2h, 7d)");
  return static_cast<int64_t>(v * scale);
}

int64_t parse_time(const std::string& s, const char* flag) {
  const auto t = parse_datetime_ms(s);
  if (!t) throw Error(std::string(flag) + " must be a date or time like 2024-01-31 or 2024-01-31T12:00:00Z, got '" + s + "'");
  return *t;
}

nlohmann::json report_json(const prep::CleanReport& r, const Dictionaries& d, size_t list_bots) {
  nlohmann::json removed = nlohmann::json::object();
  for (int i = 1; i < prep::kNumReasons; ++i)
    if (r.removed_by_reason[i]) removed[std::string(prep::kReasonNames[i])] = r.removed_by_reason[i];
  nlohmann::json bots = nlohmann::json::array();
  for (size_t i = 0; i < r.bots.flagged.size() && i < list_bots; ++i) {
    const auto& f = r.bots.flagged[i];
    bots.push_back({{"user", std::string(d.users.name(f.user))},
                    {"events", f.features.events},
                    {"peak_per_minute", f.features.peak_per_minute},
                    {"median_gap_ms", f.features.median_gap_ms},
                    {"reasons", f.reasons}});
  }
  return {{"events_in", r.events_in},
          {"events_out", r.events_out},
          {"removed", removed},
          {"bots", {{"users_flagged", r.bots.flagged.size()}, {"events_removed", r.bots.events_removed}, {"users", bots}}},
          {"kcore", {{"users_removed", r.kcore.users_removed}, {"items_removed", r.kcore.items_removed}, {"rounds", r.kcore.rounds}}},
          {"sessions", r.sessions}};
}

void print_report(const nlohmann::json& j, bool applied) {
  std::printf("%s %llu of %llu events (%llu kept)\n", applied ? "removed" : "would remove",
              j["events_in"].get<unsigned long long>() - j["events_out"].get<unsigned long long>(),
              j["events_in"].get<unsigned long long>(), j["events_out"].get<unsigned long long>());
  for (const auto& [k, v] : j["removed"].items()) std::printf("  %-16s %llu\n", k.c_str(), v.get<unsigned long long>());
  const auto& b = j["bots"];
  if (b["users_flagged"].get<size_t>() > 0) {
    std::printf("  bot users: %zu flagged (%zu listed)\n", b["users_flagged"].get<size_t>(), b["users"].size());
    for (const auto& u : b["users"]) {
      std::string why;
      for (const auto& r : u["reasons"]) why += (why.empty() ? "" : "; ") + r.get<std::string>();
      std::printf("    %-12s %6llu events: %s\n", u["user"].get<std::string>().c_str(), u["events"].get<unsigned long long>(), why.c_str());
    }
  }
  if (j["kcore"]["rounds"].get<int>() > 0)
    std::printf("  k-core: %llu users and %llu items fell below k in %d rounds\n",
                j["kcore"]["users_removed"].get<unsigned long long>(), j["kcore"]["items_removed"].get<unsigned long long>(),
                j["kcore"]["rounds"].get<int>());
  if (j["sessions"].get<uint64_t>() > 0) std::printf("  sessions: %llu\n", j["sessions"].get<unsigned long long>());
}

// Writes the cleaned events (and the catalogue and user attributes) into a new store whose
// dictionaries get the same ids: names are interned in id order.
void write_store(const std::string& dir, Dataset& src) {
  auto out = Store::open(dir);
  if (out->num_events() > 0) throw Error("--out " + dir + " already holds events; give a new directory");
  std::vector<Dictionary*> targets;
  out->dicts().for_each([&](const char*, Dictionary& d) { targets.push_back(&d); });
  size_t k = 0;
  src.dicts.for_each([&](const char* name, Dictionary& d) {
    Dictionary& t = *targets[k++];
    for (uint32_t id = 0; id < d.size(); ++id)
      if (t.intern(d.name(id)) != id) throw Error(std::string("--out: the ") + name + " dictionary of " + dir + " does not match");
  });
  // Batches of 4M rows keep the extra memory bounded; the first carries catalogue and users.
  const size_t batch = size_t{1} << 22;
  size_t start = 0;
  do {
    const size_t end = std::min(src.events.size(), start + batch);
    std::vector<uint32_t> rows(end - start);
    std::iota(rows.begin(), rows.end(), static_cast<uint32_t>(start));
    if (start == 0) out->append(prep::take_rows(src.events, rows), src.catalogue.items(), src.users);
    else out->append(prep::take_rows(src.events, rows));
    start = end;
  } while (start < src.events.size());
}

}  // namespace

void add_prep_commands(CLI::App& app, GlobalOptions& g) {
  auto* clean = app.add_subcommand("clean", "Report (or apply with --out) duplicate, bot, k-core and time-range removals");
  struct CleanArgs {
    std::string dedup_window = "0", session_gap, from, to, out;
    bool no_exact = false, bots = false, json = false;
    uint32_t kcore = 0;
    size_t list = 20;
  };
  auto a = std::make_shared<CleanArgs>();
  clean->add_option("--dedup-window", a->dedup_window, "Drop repeated views of an item by a user within this window (0 = keep)")->capture_default_str();
  clean->add_flag("--keep-exact", a->no_exact, "Keep exact duplicate events");
  clean->add_flag("--bots", a->bots, "Remove bots and abnormal users (rate rules and robust outlier scores)");
  clean->add_option("--kcore", a->kcore, "Keep the k-core: users and items with at least k events (0 = off)");
  clean->add_option("--from", a->from, "Keep events at or after this time");
  clean->add_option("--to", a->to, "Keep events before this time");
  clean->add_option("--session-gap", a->session_gap, "Re-assign sessions with this inactivity gap (with --out)");
  clean->add_option("--out", a->out, "Write the cleaned events into a new data directory");
  clean->add_option("--list-bots", a->list, "How many flagged users to list")->capture_default_str();
  clean->add_flag("--report-json,--json", a->json, "Print the report as JSON");
  clean->callback([a, &g] {
    Context ctx(g.threads, g.seed, g.quiet);
    prep::CleanOptions o;
    o.dedup.exact = !a->no_exact;
    o.dedup.view_window_ms = parse_duration_ms(a->dedup_window);
    if (a->bots) o.bots = prep::BotOptions{};
    o.kcore = a->kcore;
    if (!a->from.empty()) o.from_ms = parse_time(a->from, "--from");
    if (!a->to.empty()) o.to_ms = parse_time(a->to, "--to");
    if (!a->session_gap.empty()) o.session_gap_ms = parse_duration_ms(a->session_gap);
    const auto t0 = std::chrono::steady_clock::now();
    auto store = Store::open(g.data_dir, {.create_if_missing = false, .read_only = true});
    prep::CleanReport rep;
    nlohmann::json j;
    const bool apply = !a->out.empty();
    if (apply) {  // everything, to copy the catalogue and users along
      Dataset data = store->load(ctx);
      rep = prep::clean_events(data.events, o, ctx);
      j = report_json(rep, data.dicts, a->list);
      write_store(a->out, data);
      j["written_to"] = a->out;
    } else {  // a report needs the events only
      const EventTable events = store->scan_events(ctx);
      prep::plan_cleaning(events, o, rep, ctx);
      j = report_json(rep, store->dicts(), a->list);
    }
    j["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (a->json) std::printf("%s\n", j.dump(2).c_str());
    else print_report(j, apply);
  });

  auto* split = app.add_subcommand("split", "Split the events into train/validation/test and print the sizes");
  struct SplitArgs {
    std::string protocol = "leave-last-out", targets = "all", cut, validation_window = "0";
    double cut_quantile = 0.8, fraction = 0.2, validation_fraction = 0.0;
    size_t min_interactions = 3;
    int folds = 5;
    bool no_validation = false, latest = false, json = false;
  };
  auto s = std::make_shared<SplitArgs>();
  split->add_option("--protocol", s->protocol, "leave-last-out, temporal, holdout, kfold (by user) or timefold (rolling origin)")
      ->check(CLI::IsMember({"leave-last-out", "temporal", "holdout", "kfold", "timefold"}))->capture_default_str();
  split->add_option("--targets", s->targets, "leave-last-out: behaviour types that can be held out (e.g. purchase)")->capture_default_str();
  split->add_flag("--no-validation", s->no_validation, "leave-last-out: hold out the last event only");
  split->add_option("--min-interactions", s->min_interactions, "Users with fewer events stay in train")->capture_default_str();
  split->add_option("--cut", s->cut, "temporal: the cut time (default: the --cut-quantile of event times)");
  split->add_option("--cut-quantile", s->cut_quantile, "temporal: fraction of events before the cut")->capture_default_str();
  split->add_option("--validation-window", s->validation_window, "temporal: validation period just before the cut")->capture_default_str();
  split->add_option("--fraction", s->fraction, "holdout: test fraction per user")->capture_default_str();
  split->add_option("--validation-fraction", s->validation_fraction, "holdout: validation fraction per user")->capture_default_str();
  split->add_flag("--latest", s->latest, "holdout: hold out each user's latest events instead of random ones");
  split->add_option("--folds", s->folds, "kfold / timefold: number of folds")->capture_default_str();
  split->add_flag("--json", s->json, "Machine-readable output");
  split->callback([s, &g] {
    Context ctx(g.threads, g.seed, g.quiet);
    const EventTable e = Store::open(g.data_dir, {.create_if_missing = false, .read_only = true})->scan_events(ctx);
    if (e.empty()) throw Error(g.data_dir + " holds no events to split");
    auto sizes = [&](const prep::SplitIndices& x) {
      auto users = [&](const std::vector<uint32_t>& rows) {
        std::vector<uint32_t> u;
        u.reserve(rows.size());
        for (uint32_t r : rows) u.push_back(e.user[r]);
        std::sort(u.begin(), u.end());
        return static_cast<uint64_t>(std::unique(u.begin(), u.end()) - u.begin());
      };
      return nlohmann::json{{"train", x.train.size()}, {"validation", x.validation.size()}, {"test", x.test.size()},
                            {"dropped", x.dropped}, {"train_users", users(x.train)},
                            {"validation_users", users(x.validation)}, {"test_users", users(x.test)}};
    };
    nlohmann::json j = {{"protocol", s->protocol}, {"events", e.size()}, {"seed", g.seed}};
    if (s->protocol == "leave-last-out") {
      prep::LeaveLastOutOptions o{prep::BehaviorSet::parse(s->targets), !s->no_validation, s->min_interactions};
      j["split"] = sizes(prep::leave_last_out(e, o, ctx));
    } else if (s->protocol == "temporal") {
      prep::TemporalOptions o;
      o.cut_ms = s->cut.empty() ? prep::time_quantile(e, s->cut_quantile) : parse_time(s->cut, "--cut");
      o.validation_ms = parse_duration_ms(s->validation_window);
      j["cut"] = format_datetime_ms(o.cut_ms);
      j["split"] = sizes(prep::temporal_split(e, o));
    } else if (s->protocol == "holdout") {
      prep::HoldoutOptions o{s->fraction, s->validation_fraction, s->min_interactions, s->latest, g.seed};
      j["split"] = sizes(prep::holdout_split(e, o, ctx));
    } else if (s->protocol == "kfold") {
      const auto fold_of = prep::user_folds(e, s->folds, g.seed);
      for (int k = 0; k < s->folds; ++k) j["folds"].push_back(sizes(prep::user_fold_split(e, fold_of, k)));
    } else {
      for (const auto& f : prep::time_folds(e, {.folds = s->folds})) {
        nlohmann::json fj = sizes(prep::time_fold_split(e, f));
        fj["test_from"] = format_datetime_ms(f.test_from);
        j["folds"].push_back(fj);
      }
    }
    if (s->json) {
      std::printf("%s\n", j.dump(2).c_str());
      return;
    }
    std::printf("%s split of %llu events (seed %llu)\n", s->protocol.c_str(), static_cast<unsigned long long>(e.size()),
                static_cast<unsigned long long>(g.seed));
    auto line = [](const nlohmann::json& x, const std::string& label) {
      std::printf("  %-8s train %llu (%llu users)  validation %llu  test %llu (%llu users)  dropped %llu\n", label.c_str(),
                  x["train"].get<unsigned long long>(), x["train_users"].get<unsigned long long>(),
                  x["validation"].get<unsigned long long>(), x["test"].get<unsigned long long>(),
                  x["test_users"].get<unsigned long long>(), x["dropped"].get<unsigned long long>());
    };
    if (j.contains("split")) line(j["split"], j.contains("cut") ? "cut " + j["cut"].get<std::string>() : "");
    else
      for (size_t k = 0; k < j["folds"].size(); ++k) line(j["folds"][k], "fold " + std::to_string(k));
  });
}

}  // namespace ss::cli
