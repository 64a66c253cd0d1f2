// Versioned model snapshots: how a trainer hands models to any number of serve replicas.
//
// Layout of a snapshot directory (local, on a shared filesystem, or rsync'ed):
//   DIR/v000007/manifest.json  version, time, data it was trained on, and per model its
//                              name, spec, file, training time and held-out metrics
//   DIR/v000007/<name>.model   each model's body (Recommender::save)
//   DIR/v000007/items.names    external item ids in the models' id order
//   DIR/v000007/users.names    external user ids in the models' id order
//   DIR/CURRENT                {"version": 7, "path": "v000007", ...}
// A version directory is complete before it gets its name (written as a temp directory,
// fsync'ed, renamed), and CURRENT is replaced by rename only after that, so a reader that
// follows CURRENT never sees a half-written version. Ids are carried as names because
// every replica numbers users and items in its own arrival order.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "models/recommender.h"
#include "serve/http_error.h"

namespace ss::serve {

using ModelFactory = std::function<std::unique_ptr<Recommender>(const std::string& spec)>;

struct SnapshotModel {
  std::string name, spec;
  std::shared_ptr<const Recommender> model;
  int64_t trained_at_ms = 0;
  double train_seconds = 0;
  Json eval;  // held-out metrics or null
};

struct SnapshotInfo {
  uint64_t version = 0;
  std::string path;  // version directory, relative to DIR
  int64_t published_at_ms = 0;
  Json manifest;     // the version's manifest.json
};

struct LoadedSnapshot {
  SnapshotInfo info;
  std::vector<SnapshotModel> models;
  std::vector<std::string> items, users;  // model id -> external id
  std::string default_model;              // empty: leave the replica's choice alone
};

// Writes `models` (trained on a dataset with dictionaries `dicts`) as the next version under
// `dir` and points CURRENT at it. `extra` is merged into the manifest (data sources, event
// counts). Keeps the newest `keep` versions and deletes older ones. Throws ss::Error.
SnapshotInfo publish_snapshot(const std::string& dir, const std::vector<SnapshotModel>& models, const Dictionaries& dicts,
                              const std::string& default_model, const Json& extra, size_t keep = 3);

// What CURRENT points at, or nullopt when nothing was published yet. Throws on a corrupt one.
std::optional<SnapshotInfo> read_current(const std::string& dir);

// Loads every model of the version (building each with `factory` from its spec).
LoadedSnapshot load_snapshot(const std::string& dir, const SnapshotInfo& info, const ModelFactory& factory);

}  // namespace ss::serve
