// GCC 12 with -fsanitize=address reports -Wmaybe-uninitialized inside libstdc++'s
// regex headers (false positives in code inlined from them).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "serve/route_match.h"

#include <string_view>

namespace ss::serve {
namespace {

constexpr std::string_view kCapture = "([^/]+)";

bool is_literal(std::string_view s) { return s.find_first_of("()[]{}*+?.^$|\\") == std::string_view::npos; }

// "/a/b/c" -> {"a", "b", "c"}; the leading '/' is the empty first piece, kept so that
// "/" and "" differ.
std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> out;
  size_t b = 0;
  for (;;) {
    const size_t e = path.find('/', b);
    out.push_back(path.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b));
    if (e == std::string_view::npos) return out;
    b = e + 1;
  }
}

}  // namespace

RouteMatcher::RouteMatcher(const std::vector<Route>& routes) {
  for (const Route& r : routes) {
    Compiled c{r.method, Kind::kRegex, {}, {}, false, std::regex(r.path)};
    const std::string_view path = r.path;
    c.captures = path.find('(') != std::string_view::npos;
    if (is_literal(path)) {
      c.kind = Kind::kExact;
      c.exact = r.path;
    } else {
      bool segments = true;
      for (std::string_view seg : split(path)) {
        if (seg == kCapture) c.segments.emplace_back();
        else if (is_literal(seg)) c.segments.emplace_back(seg);
        else segments = false;
      }
      if (segments) c.kind = Kind::kSegments;
      else c.segments.clear();
    }
    routes_.push_back(std::move(c));
  }
}

int RouteMatcher::match(httplib::Request& req) const {
  const std::string_view method = req.method == "HEAD" ? std::string_view("GET") : std::string_view(req.method);
  std::vector<std::string_view> parts;
  bool split_done = false;
  for (size_t i = 0; i < routes_.size(); ++i) {
    const Compiled& c = routes_[i];
    if (c.method != method) continue;
    bool hit = false;
    switch (c.kind) {
      case Kind::kExact:
        if (req.path == c.exact) return static_cast<int>(i);
        break;
      case Kind::kSegments: {
        if (!split_done) parts = split(req.path), split_done = true;
        if (parts.size() != c.segments.size()) break;
        hit = true;
        for (size_t s = 0; s < parts.size() && hit; ++s)
          hit = c.segments[s].empty() ? !parts[s].empty() : parts[s] == c.segments[s];
        break;
      }
      case Kind::kRegex:
        hit = std::regex_match(req.path, req.matches, c.re);
        break;
    }
    if (!hit) continue;
    if (c.kind == Kind::kSegments && c.captures) std::regex_match(req.path, req.matches, c.re);
    return static_cast<int>(i);
  }
  req.matches = std::smatch();
  return -1;
}

}  // namespace ss::serve
