#include "serve/replica.h"

#include <httplib.h>

#include "core/error.h"
#include "serve/service.h"

namespace ss::serve {
namespace {
std::pair<std::string, int> split_host_port(const std::string& s) {
  const size_t colon = s.rfind(':');
  if (colon == std::string::npos || colon + 1 == s.size()) throw Error("replica '" + s + "' is not host:port");
  int port = 0;
  try {
    port = std::stoi(s.substr(colon + 1));
  } catch (const std::exception&) {
    throw Error("replica '" + s + "' has a bad port");
  }
  return {s.substr(0, colon), port};
}
}  // namespace

Replica::Replica(Service& service, ReplicaConfig config, ModelFactory factory) : service_(service), config_(std::move(config)) {
  if (!config_.cluster.empty()) {
    for (const auto& r : config_.cluster) split_host_port(r);  // validate early, with the bad entry named
    ring_.emplace(config_.cluster);
    if (config_.self.empty()) config_.self = service.config.host + ":" + std::to_string(service.config.port);
    self_ = ring_->index_of(config_.self);
    if (self_ == ring_->size())
      throw Error("this replica (" + config_.self + ") is not in --cluster; give --self as written there");
    if (ring_->size() > 1 && service.config.admin_key.empty())
      throw Error("a partitioned replica forwards ingest to its peers with the admin key: set SHOPSENSE_ADMIN_KEY");
  }
  if (!config_.models_dir.empty()) {
    watcher_ = std::make_unique<SnapshotWatcher>(config_.models_dir, *service.models, service.live, std::move(factory),
                                                 service.config.quiet);
    watcher_->poll();  // serve the published models from the first request on
    watcher_->start(config_.poll_ms);
  }
}

Replica::~Replica() = default;

ForwardResult Replica::forward(size_t replica, const std::string& method, const std::string& path, const std::string& body) const {
  ForwardResult out;
  const auto [host, port] = split_host_port(ring_->servers().at(replica));
  httplib::Client cl(host, port);
  cl.set_connection_timeout(2, 0);
  cl.set_read_timeout(config_.forward_timeout_s, 0);
  cl.set_write_timeout(config_.forward_timeout_s, 0);
  const httplib::Headers headers = {{"X-API-Key", service_.config.admin_key}, {kForwardedHeader, config_.self}};
  httplib::Result r = method == "POST"     ? cl.Post(path, headers, body, "application/json")
                      : method == "DELETE" ? cl.Delete(path, headers)
                                           : cl.Get(path, headers);
  if (!r) {
    out.error = "replica " + ring_->servers()[replica] + " did not answer (" + httplib::to_string(r.error()) + ")";
    return out;
  }
  out.status = r->status;
  out.body = r->body;
  out.ok = r->status >= 200 && r->status < 300;
  if (!out.ok) out.error = "replica " + ring_->servers()[replica] + " answered " + std::to_string(r->status) + ": " + r->body;
  return out;
}

Json Replica::describe() const {
  Json out = {{"replica", config_.self.empty() ? Json() : Json(config_.self)}, {"partitioned", partitioned()}};
  if (ring_) out["replicas"] = ring_->servers();
  out["snapshot"] = watcher_ ? watcher_->status() : Json();
  return out;
}

}  // namespace ss::serve
