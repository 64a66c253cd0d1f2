// The nginx configuration for N replicas, filled in from scripts/cluster/nginx.conf.template
// (compiled into the binary): upstreams routed by user on the replicas' own ring.
#pragma once
#include <string>
#include <vector>

namespace ss::serve {

struct NginxOptions {
  std::vector<std::string> replicas;  // "host:port", exactly as every replica's --cluster lists them
  std::string listen = "8080";        // nginx's listen argument ("8080", "0.0.0.0:80", "127.0.0.1:9000")
  std::string prefix = "/var/lib/shopsense-nginx";  // pid, logs and temp files
  bool foreground = false;            // daemon off + master_process off (tests, containers)
  int workers = 0;                    // 0 = auto
  int max_fails = 1;
  int fail_timeout_s = 5;             // how long a failed replica is skipped
  std::string max_body = "16m";
};

// Throws ss::Error on an empty or malformed replica list.
std::string nginx_config(const NginxOptions& o);
// The template as shipped.
const char* nginx_config_template();

}  // namespace ss::serve
