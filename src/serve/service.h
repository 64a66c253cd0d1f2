// Everything one `shopsense serve` process holds, built once at start and passed to every
// route handler explicitly (no globals): the store behind its committer, the live state,
// the models, rules, attribution and metrics.
#pragma once
#include <memory>
#include <mutex>
#include <string>

#include "serve/attribution.h"
#include "serve/committer.h"
#include "serve/config.h"
#include "serve/insights.h"
#include "serve/live_state.h"
#include "serve/metrics.h"
#include "serve/model_manager.h"
#include "serve/rules.h"

namespace ss::serve {

class Replica;

// What a recommend call asks for, already resolved to ids.
struct RecQuery {
  std::string placement = "user";  // user, session, similar, together, trending
  uint32_t user = kNone;
  std::string user_name;           // for variant routing
  HistoryBuf history;
  size_t k = 10;
  std::string model;               // "" = experiment variant or default
  std::vector<uint32_t> categories;  // allowed leaf categories; empty = all
  float min_price = -1e30f, max_price = 1e30f;
  bool in_stock_only = true, exclude_seen = true, exclude_bought = true;
  std::vector<uint32_t> exclude;
  Rules rules;
};

struct RecResult {
  std::string id, model, experiment, variant;
  std::vector<Candidate> items;
};

class Service {
 public:
  // Opens the store (taking its writer lock), loads it into the live state, loads saved
  // models and starts the committer. `factory` builds models by spec (null: no registry).
  Service(ServeConfig config, ModelManager::Factory factory);
  ~Service();
  // Finishes queued commits and training; after this, ingest answers 503.
  void shutdown();

  RecResult recommend(RecQuery& q);
  RecResult similar(uint32_t item, RecQuery& q);
  RecResult together(const std::vector<uint32_t>& cart, RecQuery& q);
  RecResult trending(RecQuery& q);
  // Shop-wide rules, replaced as a whole by the admin endpoint.
  Rules global_rules() const;
  void set_global_rules(Rules r);
  // Items that count as fresh for exploration (cached for a few seconds).
  std::vector<uint32_t> fresh_items() const;
  void delete_user(uint32_t user);
  // A consistent copy of the whole store, read between commits.
  Dataset load_snapshot();

  const ServeConfig config;
  Metrics metrics;
  LiveState live;
  Attribution attribution;
  const int64_t started_ms;
  Replica* replica = nullptr;  // set by `serve --cluster/--models` (serve/replica.h); outlives no request
  // Search index and analytics snapshots for the search and dashboard endpoints.
  std::unique_ptr<Insights> insights;

 private:
  std::vector<Candidate> live_covisit(const RecQuery& q, size_t want, const ItemTable& items) const;
  RecResult finish(RecQuery& q, std::vector<Candidate> ranked, const std::string& model, const std::string& experiment,
                   const std::string& variant);
  bool allowed(const RecQuery& q, const ItemTable& t, uint32_t item) const;
  void fill_trending(const RecQuery& q, const ItemTable& t, std::vector<Candidate>& list, size_t want) const;

  std::unique_ptr<Store> store_;
  std::unique_ptr<Committer> committer_;

 public:
  std::unique_ptr<ModelManager> models;  // after committer_: training snapshots go through it
  Committer& committer() { return *committer_; }

 private:
  mutable std::mutex rules_mu_;
  Rules rules_;
  mutable std::mutex fresh_mu_;
  mutable std::vector<uint32_t> fresh_;
  mutable int64_t fresh_at_ = 0;
};

}  // namespace ss::serve
