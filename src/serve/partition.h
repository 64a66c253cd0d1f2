// Partitioning users over serve replicas with a consistent-hash ring that is, point for point,
// the ring nginx builds for `hash $key consistent` (ketama, as in Cache::Memcached::Fast):
// each server "host:port" gets 160 virtual points crc32(host \0 port prev_hash); a key goes
// to the first point at or after crc32(key), wrapping around. Because replicas and nginx
// compute the same owner, a replica can tell whether a user is its own, and where to forward
// events of users that are not. Adding or removing a server moves only the users whose
// points it takes or gives up (about 1/N of them).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ss::serve {

// CRC-32 (IEEE, as zlib and nginx compute it) of `data`, continuing from `crc` (0 to start).
uint32_t crc32_ieee(std::string_view data, uint32_t crc = 0);

class HashRing {
 public:
  // `servers` exactly as written in nginx's upstream block ("10.0.0.5:8080"); duplicates
  // are an error. Throws ss::Error on an empty list.
  explicit HashRing(std::vector<std::string> servers);

  const std::vector<std::string>& servers() const { return servers_; }
  size_t size() const { return servers_.size(); }
  // Index into servers() of the key's owner.
  size_t owner(std::string_view key) const;
  // Every server in the order nginx tries them for this key: the owner first, then the
  // servers met walking the ring onwards (who answers while the owner is down).
  std::vector<size_t> preference(std::string_view key) const;
  // Index of `server` in servers(), or size() when absent.
  size_t index_of(std::string_view server) const;
  // Share of the hash space each server owns (sums to 1): how even the split is.
  std::vector<double> shares() const;

 private:
  struct Point {
    uint32_t hash;
    uint32_t server;
  };
  size_t first_point(std::string_view key) const;
  std::vector<std::string> servers_;
  std::vector<Point> points_;  // sorted by hash, duplicates dropped (nginx keeps the first)
};

}  // namespace ss::serve
