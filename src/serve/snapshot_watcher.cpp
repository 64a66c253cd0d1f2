#include "serve/snapshot_watcher.h"

#include <chrono>
#include <cstdio>

#include "core/timeutil.h"
#include "serve/live_state.h"

namespace ss::serve {
SnapshotWatcher::SnapshotWatcher(std::string dir, ModelManager& models, const LiveState& live, ModelFactory factory,
                                 bool quiet, int64_t remap_interval_ms)
    : dir_(std::move(dir)), models_(models), live_(live), factory_(std::move(factory)), quiet_(quiet),
      remap_interval_ms_(remap_interval_ms) {}

SnapshotWatcher::~SnapshotWatcher() {
  {
    std::lock_guard lk(stop_mu_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SnapshotWatcher::start(int poll_ms) {
  thread_ = std::thread([this, poll_ms] {
    std::unique_lock lk(stop_mu_);
    while (!stop_) {
      lk.unlock();
      poll();
      lk.lock();
      stop_cv_.wait_for(lk, std::chrono::milliseconds(poll_ms), [this] { return stop_; });
    }
  });
}

uint64_t SnapshotWatcher::version() const {
  std::lock_guard lk(mu_);
  return current_ ? current_->info.version : 0;
}

void SnapshotWatcher::install(const LoadedSnapshot& snap, const std::shared_ptr<const IdMap>& map) {
  for (const auto& m : snap.models) {
    auto served = std::make_shared<ServedModel>();
    served->name = m.name;
    served->spec = m.spec;
    served->trained_at_ms = m.trained_at_ms;
    served->train_seconds = m.train_seconds;
    served->eval = m.eval;
    served->num_items = map->local_to_model_item.size();
    served->num_users = map->local_to_model_user.size();
    served->version = std::to_string(snap.info.version);
    served->model = map_model(m.model, map);
    models_.install(std::move(served));  // one pointer swap per model; requests keep theirs
  }
  if (!snap.default_model.empty()) models_.set_default(snap.default_model);
}

bool SnapshotWatcher::poll() {
  std::lock_guard poll_lk(poll_mu_);
  std::optional<SnapshotInfo> info;
  try {
    info = read_current(dir_);
  } catch (const std::exception& e) {
    std::lock_guard lk(mu_);
    error_ = e.what();
    return false;
  }
  const bool is_new = [&] {
    std::lock_guard lk(mu_);
    return info && (!current_ || info->version != current_->info.version) && info->version != failed_version_;
  }();
  if (!is_new) {
    remap_if_grown();
    return false;
  }
  try {
    const auto t0 = std::chrono::steady_clock::now();
    LoadedSnapshot snap = load_snapshot(dir_, *info, factory_);
    auto map = IdMap::build(snap.items, snap.users, live_);
    install(snap, map);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!quiet_)
      std::fprintf(stderr, "serve: snapshot version %llu (%zu models) from %s installed in %.2f s\n",
                   static_cast<unsigned long long>(snap.info.version), snap.models.size(), dir_.c_str(), secs);
    std::lock_guard lk(mu_);
    current_ = std::move(snap);
    map_ = std::move(map);
    loaded_at_ms_ = mapped_at_ms_ = now_ms();
    error_.clear();
    return true;
  } catch (const std::exception& e) {
    if (!quiet_)
      std::fprintf(stderr, "serve: snapshot version %llu in %s not loaded: %s\n",
                   static_cast<unsigned long long>(info->version), dir_.c_str(), e.what());
    std::lock_guard lk(mu_);
    failed_version_ = info->version;
    error_ = "version " + std::to_string(info->version) + ": " + e.what();
    return false;
  }
}

void SnapshotWatcher::remap_if_grown() {
  std::unique_lock lk(mu_);
  if (!current_ || !map_) return;
  const bool grown = map_->local_to_model_item.size() != live_.num_items() || map_->local_to_model_user.size() != live_.num_users();
  if (!grown || now_ms() - mapped_at_ms_ < remap_interval_ms_) return;
  lk.unlock();  // only the poll thread writes current_, and it holds poll_mu_
  auto map = IdMap::build(current_->items, current_->users, live_);
  install(*current_, map);
  lk.lock();
  map_ = std::move(map);
  mapped_at_ms_ = now_ms();
}

Json SnapshotWatcher::status() const {
  std::lock_guard lk(mu_);
  Json out = {{"dir", dir_}, {"version", current_ ? current_->info.version : 0}};
  if (current_) {
    out["published_at_ms"] = current_->info.published_at_ms;
    out["loaded_at_ms"] = loaded_at_ms_;
    Json names = Json::array();
    for (const auto& m : current_->models) names.push_back(m.name);
    out["models"] = names;
    out["default"] = current_->default_model;
    out["mapped_items"] = map_->local_to_model_item.size();
    out["mapped_users"] = map_->local_to_model_user.size();
  }
  if (!error_.empty()) out["error"] = error_;
  return out;
}

}  // namespace ss::serve
