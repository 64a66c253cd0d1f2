// What makes one `shopsense serve` process a replica among several: the snapshot watcher
// that keeps its models on the trainer's newest published version, and its place on the
// user-partitioning ring (shared with nginx), with the forwarding that sends other
// replicas' users' events to their owners. Built after the Service and handed to it as a
// plain pointer; routes_cluster.cpp uses it. A lone server has none of this.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "serve/http_error.h"
#include "serve/partition.h"
#include "serve/snapshot_watcher.h"

namespace ss::serve {

class Service;

struct ReplicaConfig {
  std::string models_dir;             // snapshot directory to follow ("" = none)
  int poll_ms = 1000;                 // how often CURRENT is checked
  std::vector<std::string> cluster;   // every replica "host:port", as in nginx's upstream block
  std::string self;                   // this replica's entry in `cluster`
  int forward_timeout_s = 10;         // per forwarded request
};

// The header a replica puts on requests it forwards: the receiver stores them as they are
// (never forwards again), so a disagreement about the ring can not make a loop.
inline constexpr const char* kForwardedHeader = "X-ShopSense-Forwarded";

struct ForwardResult {
  bool ok = false;   // got a 2xx
  int status = 0;    // 0 = no answer (connection refused, timeout)
  std::string body, error;
};

class Replica {
 public:
  // Throws ss::Error on a bad cluster list or a `self` that is not in it.
  Replica(Service& service, ReplicaConfig config, ModelFactory factory);
  ~Replica();

  bool partitioned() const { return ring_.has_value() && ring_->size() > 1; }
  const HashRing& ring() const { return *ring_; }
  size_t self_index() const { return self_; }
  const std::string& self() const { return config_.self; }
  bool owns(std::string_view user) const { return !partitioned() || ring_->owner(user) == self_; }
  SnapshotWatcher* watcher() { return watcher_.get(); }

  // Sends a request to another replica with the admin key and the forwarded header.
  ForwardResult forward(size_t replica, const std::string& method, const std::string& path, const std::string& body) const;
  // For /health and /v1/cluster.
  Json describe() const;

 private:
  Service& service_;
  ReplicaConfig config_;
  std::optional<HashRing> ring_;
  size_t self_ = 0;
  std::unique_ptr<SnapshotWatcher> watcher_;
};

}  // namespace ss::serve
