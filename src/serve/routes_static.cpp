// The web dashboard's static files at / (index.html, hashed assets). The server works
// without them: / then answers a short plain-text note saying how to build them.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "serve/routes.h"

#ifndef SHOPSENSE_SOURCE_DIR
#define SHOPSENSE_SOURCE_DIR ""
#endif

namespace ss::serve {
namespace fs = std::filesystem;
namespace {

const char* content_type(const fs::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".json") return "application/json";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

bool is_dashboard(const fs::path& dir) { return !dir.empty() && fs::is_regular_file(dir / "index.html"); }

}  // namespace

std::string find_web_dir(const std::string& given) {
  if (!given.empty()) return is_dashboard(given) ? fs::absolute(given).string() : std::string();
  std::vector<fs::path> candidates;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path bin = exe.parent_path();
    // Installed beside the binary, or the binary in build/ of a source tree.
    candidates = {bin / "dashboard", bin / "web" / "dashboard" / "dist", bin.parent_path() / "web" / "dashboard" / "dist",
                  bin.parent_path() / "share" / "shopsense" / "dashboard"};
  }
  if (*SHOPSENSE_SOURCE_DIR) candidates.push_back(fs::path(SHOPSENSE_SOURCE_DIR) / "web" / "dashboard" / "dist");
  for (const auto& c : candidates)
    if (is_dashboard(c)) return fs::weakly_canonical(c).string();
  return {};
}

void h_static(Service& s, const httplib::Request& req, httplib::Response& res) {
  std::string rel = req.matches.size() > 1 ? std::string(req.matches[1]) : std::string();
  if (rel.empty()) rel = "index.html";
  if (s.config.web_dir.empty()) {
    if (rel != "index.html") throw not_found("no such file: /" + rel + " (the dashboard is not installed)");
    res.set_content(
        "ShopSense API server. The web dashboard is not built: run `bash scripts/build.sh` (it runs npm ci and vite "
        "build in web/dashboard) or start with --web-dir DIR. The API is under /v1/ (see docs/openapi.yaml).\n",
        "text/plain; charset=utf-8");
    return;
  }
  // The route's pattern allows only [A-Za-z0-9._-] names (no "..", no slashes but assets/),
  // so the path cannot leave web_dir.
  const fs::path file = fs::path(s.config.web_dir) / rel;
  std::ifstream in(file, std::ios::binary);
  if (!in) throw not_found("no such file: /" + rel);
  std::ostringstream body;
  body << in.rdbuf();
  res.set_content(body.str(), content_type(file));
  // Assets carry a content hash in their names; index.html must be re-read to find new ones.
  res.set_header("Cache-Control", rel.rfind("assets/", 0) == 0 ? "public, max-age=31536000, immutable" : "no-cache");
  res.set_header("X-Content-Type-Options", "nosniff");
}

}  // namespace ss::serve
