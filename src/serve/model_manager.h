// The served models: each name holds an immutable, fitted Recommender behind a shared_ptr.
// Training runs on a background thread from a store snapshot and swaps the new model in
// under a short lock; requests hold their own shared_ptr, so a swap never fails or blocks
// one. Trained models are saved under DATA/models/ and loaded again at start. A job can be
// cancelled (by an admin, or by shutdown): training stops at its next step and nothing of
// it is saved or served.
#pragma once
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "models/recommender.h"
#include "serve/http_error.h"

namespace ss::serve {

class Committer;

struct ServedModel {
  std::shared_ptr<const Recommender> model;
  std::string name, spec;
  int64_t trained_at_ms = 0;  // wall clock
  double train_seconds = 0;
  size_t num_items = 0;       // items the model knows; newer ids are dropped from histories
  size_t num_users = 0;       // users the model knows; newer users are asked for by history only
  Json eval;                  // held-out scores, or null
  std::string version;        // snapshot version it came from ("" when trained here)
};

class ModelManager {
 public:
  using Factory = std::function<std::unique_ptr<Recommender>(const std::string& spec)>;
  ModelManager(std::string models_dir, size_t threads, Factory factory, Committer& committer);
  ~ModelManager();  // shutdown()

  std::shared_ptr<const ServedModel> get(const std::string& name) const;
  // The model requests get when they name none: the configured one, else the newest.
  std::shared_ptr<const ServedModel> get_default() const;
  void set_default(const std::string& name);
  void install(std::shared_ptr<const ServedModel> m);
  Json list() const;
  bool can_train() const { return static_cast<bool>(factory_); }

  // Starts fitting `spec` as model `name` in the background (validating the spec first);
  // returns the job id. `evaluate` first fits on all but the newest 10% of events and
  // scores HR/recall/NDCG@10 on those users, then fits on everything.
  std::string train(const std::string& name, const std::string& spec, bool evaluate);
  Json job(const std::string& id) const;
  // Asks a queued or running job to stop; it turns "cancelled" at its next training step
  // (typically well under a second) and its model is neither saved nor swapped in. Returns
  // the job as job() does; throws 404 for an unknown job, 409 for one already finished.
  Json cancel(const std::string& id);
  // Cancels every job, waits for their threads (seconds at most, not until training would
  // have ended) and refuses new ones. The server calls it when it stops.
  void shutdown();
  // Loads DATA/models/*.model written by earlier runs; returns how many.
  size_t load_saved();

 private:
  struct Job {
    std::string id, name, spec, state = "queued", error;
    int64_t started_ms = 0, finished_ms = 0;
    std::atomic<bool> cancel{false};  // read by training through Context::cancel
  };
  static bool finished(const Job& j) { return j.state == "done" || j.state == "failed" || j.state == "cancelled"; }
  Json job_json(const Job& j) const;
  void run_job(std::shared_ptr<Job> job, bool evaluate);
  void save(const ServedModel& m) const;

  std::string dir_;
  size_t threads_;
  Factory factory_;
  Committer& committer_;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<const ServedModel>> models_;
  std::string default_;
  std::map<std::string, std::shared_ptr<Job>> jobs_;
  std::vector<std::thread> threads_running_;
  bool stopping_ = false;  // under mu_: set by shutdown(), no new jobs after
  std::atomic<uint64_t> next_job_{1};
};

// The registry's models (null when this build has no src/models).
ModelManager::Factory builtin_model_factory();

// Held-out evaluation of a fitted model: the newest `test_share` of events (by time) are the
// test; each test user's training history is the query. Returns {"hr@10", "recall@10",
// "ndcg@10", "users"}.
Json evaluate_holdout(const Recommender& model, const Dataset& shop, const EventTable& train,
                      const EventTable& test, size_t max_users, size_t history_len);

}  // namespace ss::serve
