#include "serve/nginx_config.h"

#include "core/error.h"
#include "serve/partition.h"

namespace ss::serve {
namespace {
void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
}
}  // namespace

std::string nginx_config(const NginxOptions& o) {
  const HashRing ring(o.replicas);  // rejects an empty list and duplicates
  std::string servers;
  for (const auto& r : o.replicas) {
    if (r.find(':') == std::string::npos || r.find_first_of(" ;{}\n") != std::string::npos)
      throw Error("replica '" + r + "' is not host:port");
    servers += "    server " + r + " max_fails=" + std::to_string(o.max_fails) + " fail_timeout=" +
               std::to_string(o.fail_timeout_s) + "s;\n";
  }
  servers.pop_back();
  std::string out = nginx_config_template();
  replace_all(out, "{{PROCESS}}", o.foreground ? "daemon off;\nmaster_process off;" : "");
  replace_all(out, "{{WORKERS}}", o.workers > 0 ? std::to_string(o.workers) : "auto");
  replace_all(out, "{{PREFIX}}", o.prefix);
  replace_all(out, "{{MAX_BODY}}", o.max_body);
  replace_all(out, "{{SERVERS}}", servers);
  replace_all(out, "{{LISTEN}}", o.listen);
  replace_all(out, "{{TRIES}}", std::to_string(o.replicas.size()));
  replace_all(out, "{{CONNECT_TIMEOUT}}", "3s");  // > 1 s: a dropped SYN is resent after 1 s under load
  return out;
}

}  // namespace ss::serve
