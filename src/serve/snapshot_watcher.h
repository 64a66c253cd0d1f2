// Keeps a serve replica on the newest published snapshot: polls DIR/CURRENT (one small read
// every poll interval), and when it names a new version loads that version's models on this
// background thread, maps their ids to this replica's (see mapped_model.h) and installs them
// through the ModelManager, whose shared_ptr swap means no request fails or waits. A broken
// version is reported in status() and skipped until CURRENT changes again; the models
// already served stay. As new users and items reach this replica the id maps are rebuilt
// (at most every `remap_interval_ms`), so the model also covers them.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "serve/mapped_model.h"
#include "serve/model_manager.h"
#include "serve/snapshot.h"

namespace ss::serve {

class LiveState;

class SnapshotWatcher {
 public:
  SnapshotWatcher(std::string dir, ModelManager& models, const LiveState& live, ModelFactory factory, bool quiet,
                  int64_t remap_interval_ms = 10'000);
  ~SnapshotWatcher();  // stops the thread

  // Starts polling every `poll_ms` on a background thread.
  void start(int poll_ms);
  // One check: loads and installs a new version if CURRENT names one. Returns true on a swap.
  bool poll();
  uint64_t version() const;
  // {"dir", "version", "published_at_ms", "loaded_at_ms", "models", "default", "error"}.
  Json status() const;

 private:
  void install(const LoadedSnapshot& snap, const std::shared_ptr<const IdMap>& map);
  void remap_if_grown();

  const std::string dir_;
  ModelManager& models_;
  const LiveState& live_;
  const ModelFactory factory_;
  const bool quiet_;
  const int64_t remap_interval_ms_;

  mutable std::mutex mu_;  // guards everything below
  std::optional<LoadedSnapshot> current_;
  std::shared_ptr<const IdMap> map_;
  int64_t loaded_at_ms_ = 0, mapped_at_ms_ = 0;
  uint64_t failed_version_ = 0;
  std::string error_;

  std::mutex poll_mu_;  // one poll at a time (thread and tests)
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace ss::serve
