#include "serve/partition.h"

#include <algorithm>
#include <array>

#include "core/error.h"

namespace ss::serve {
namespace {

constexpr std::array<uint32_t, 256> make_crc_table() {
  std::array<uint32_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[i] = c;
  }
  return t;
}
constexpr auto kCrcTable = make_crc_table();

// nginx splits "host:port" at the last ':' only when everything after it is digits.
std::pair<std::string_view, std::string_view> host_port(std::string_view s) {
  if (s.size() >= 5 && (s.substr(0, 5) == "unix:" || s.substr(0, 5) == "UNIX:")) return {s.substr(5), {}};
  for (size_t j = 0; j < s.size(); ++j) {
    const char c = s[s.size() - j - 1];
    if (c == ':') return {s.substr(0, s.size() - j - 1), s.substr(s.size() - j)};
    if (c < '0' || c > '9') break;
  }
  return {s, {}};
}

}  // namespace

uint32_t crc32_ieee(std::string_view data, uint32_t crc) {
  crc = ~crc;
  for (unsigned char ch : data) crc = kCrcTable[(crc ^ ch) & 0xff] ^ (crc >> 8);
  return ~crc;
}

HashRing::HashRing(std::vector<std::string> servers) : servers_(std::move(servers)) {
  if (servers_.empty()) throw Error("a hash ring needs at least one server", ErrorCode::kInvalidArgument);
  for (size_t i = 0; i < servers_.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (servers_[i] == servers_[j]) throw Error("server '" + servers_[i] + "' is listed twice", ErrorCode::kInvalidArgument);
  points_.reserve(servers_.size() * 160);
  for (uint32_t s = 0; s < servers_.size(); ++s) {
    const auto [host, port] = host_port(servers_[s]);
    std::string base(host);
    base.push_back('\0');
    base.append(port);
    uint32_t prev = 0;
    for (int j = 0; j < 160; ++j) {
      std::string buf = base;
      for (int b = 0; b < 4; ++b) buf.push_back(static_cast<char>((prev >> (8 * b)) & 0xff));  // little-endian, as nginx
      prev = crc32_ieee(buf);
      points_.push_back({prev, s});
    }
  }
  std::stable_sort(points_.begin(), points_.end(), [](const Point& a, const Point& b) { return a.hash < b.hash; });
  points_.erase(std::unique(points_.begin(), points_.end(), [](const Point& a, const Point& b) { return a.hash == b.hash; }),
                points_.end());
}

size_t HashRing::first_point(std::string_view key) const {
  const uint32_t h = crc32_ieee(key);
  const auto it = std::lower_bound(points_.begin(), points_.end(), h, [](const Point& p, uint32_t v) { return p.hash < v; });
  return static_cast<size_t>(it - points_.begin()) % points_.size();
}

size_t HashRing::owner(std::string_view key) const { return points_[first_point(key)].server; }

std::vector<size_t> HashRing::preference(std::string_view key) const {
  std::vector<size_t> order;
  std::vector<bool> seen(servers_.size());
  const size_t start = first_point(key);
  for (size_t k = 0; k < points_.size() && order.size() < servers_.size(); ++k) {
    const uint32_t s = points_[(start + k) % points_.size()].server;
    if (!seen[s]) seen[s] = true, order.push_back(s);
  }
  return order;
}

size_t HashRing::index_of(std::string_view server) const {
  for (size_t i = 0; i < servers_.size(); ++i)
    if (servers_[i] == server) return i;
  return servers_.size();
}

std::vector<double> HashRing::shares() const {
  std::vector<double> out(servers_.size(), 0.0);
  // A point owns the arc from the previous point (exclusive) up to itself.
  for (size_t i = 0; i < points_.size(); ++i) {
    const uint64_t prev = i ? points_[i - 1].hash : points_.back().hash;
    const uint64_t arc = i ? points_[i].hash - prev : (uint64_t{1} << 32) - prev + points_[i].hash;
    out[points_[i].server] += static_cast<double>(arc) / 4294967296.0;
  }
  return out;
}

}  // namespace ss::serve
