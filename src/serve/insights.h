// What the dashboard and the search endpoint read, next to the live state:
//  - SearchState: the catalogue's search index, built at start and updated on every commit
//    that upserts or removes catalogue items, with item signals and user profiles for
//    personal re-ranking (refreshed whenever a new analytics snapshot is taken).
//  - AnalyticsSnapshots: an immutable copy of the whole store (a Dataset and its View),
//    taken lazily when the store has changed since the last one, with a per-snapshot cache
//    of computed reports, so repeated dashboard requests cost a lookup.
#pragma once
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>

#include "analytics/rfm.h"
#include "analytics/view.h"
#include "search/index.h"
#include "search/searcher.h"
#include "search/signals.h"
#include "search/synonyms.h"
#include "serve/http_error.h"
#include "serve/live_state.h"

namespace ss::serve {

class SearchState {
 public:
  // Indexes the catalogue and computes signals and profiles from the events.
  void build(const Dataset& shop, const std::string& synonyms_path);
  // Follows a commit's catalogue upserts and removals (names read from the store's dicts).
  void apply(const CommitDelta& delta);
  // New popularity/conversion signals and user profiles from a newer snapshot.
  void refresh_behaviour(const Dataset& shop);
  search::SearchResponse search(const search::SearchRequest& request) const;
  // search::parse_filters against the current index and the committed category and brand
  // names; throws HttpError 400 for a malformed filter.
  search::Filter parse_filters(const std::vector<std::string>& texts) const;
  size_t live_docs() const;

 private:
  mutable std::shared_mutex mu_;  // searches share it; index updates take it alone
  search::SearchIndex index_;
  Dictionaries names_;  // categories and brands only, following the store's
  search::ItemSignals signals_;
  search::UserProfiles profiles_;
  search::Synonyms synonyms_;
  std::unique_ptr<search::Searcher> searcher_;
};

// One immutable copy of the store, with what every report needs.
struct Snapshot {
  uint64_t version = 0;   // commits applied when it was taken
  int64_t taken_ms = 0;   // steady clock
  Dataset data;
  analytics::View view;   // the whole log, by user and time
  analytics::RfmResult rfm;
  std::vector<uint32_t> segment_of_user;  // RFM segment per user id, kNone without purchases

  // Reports already computed on this snapshot, by request key.
  Json cached(const std::string& key, const std::function<Json()>& compute) const;

 private:
  mutable std::mutex cache_mu_;
  mutable std::map<std::string, Json> cache_;
};

class AnalyticsSnapshots {
 public:
  using Loader = std::function<Dataset()>;
  // `loader` reads the whole store (on the committer thread); `threads` for the reports.
  AnalyticsSnapshots(Loader loader, size_t threads, int64_t min_age_ms, std::function<void(const Dataset&)> on_new);
  // Seeds the first snapshot from a dataset already loaded at start.
  void seed(Dataset shop);
  // The current snapshot: a new one is taken when the store changed since the last and the
  // last is at least min_age_ms old (so a busy ingest does not reload on every request).
  std::shared_ptr<const Snapshot> get();
  void on_commit() { version_.fetch_add(1, std::memory_order_relaxed); }
  // Forces the next get() to reload (a user was deleted: their data must go at once).
  void invalidate();
  uint64_t version() const { return version_.load(std::memory_order_relaxed); }
  // Reports run one at a time on a shared pool (the dashboard is not a hot path).
  template <typename F>
  auto compute(F&& f) {
    std::lock_guard lk(compute_mu_);
    return f(*ctx_);
  }

 private:
  std::shared_ptr<Snapshot> make(Dataset shop, uint64_t version);

  Loader loader_;
  std::unique_ptr<Context> ctx_;
  int64_t min_age_ms_;
  std::function<void(const Dataset&)> on_new_;
  std::atomic<uint64_t> version_{0};
  std::atomic<bool> must_reload_{false};
  std::mutex build_mu_, compute_mu_;
  mutable std::mutex current_mu_;
  std::shared_ptr<const Snapshot> current_;
};

// Both, owned by the Service.
struct Insights {
  Insights(AnalyticsSnapshots::Loader loader, size_t threads);
  void on_commit(const CommitDelta& d) {
    search.apply(d);
    analytics.on_commit();
  }
  SearchState search;
  AnalyticsSnapshots analytics;
};

}  // namespace ss::serve
