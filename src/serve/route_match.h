// Finds a request's route without running ~40 std::regex matches per request (what
// cpp-httplib did). Each route's pattern is classified once: a plain path (compared as a
// string), literal segments with "([^/]+)" captures (compared segment by segment), or
// anything else (kept as a regex: the dashboard's static-file route). Routes are still
// tried in table order, so the first match wins exactly as before; the route's own regex
// then fills req.matches, only for the one route that matched and only when it captures.
#pragma once
#include <httplib.h>

#include <regex>
#include <string>
#include <vector>

#include "serve/routes.h"

namespace ss::serve {

class RouteMatcher {
 public:
  explicit RouteMatcher(const std::vector<Route>& routes);
  // The index of the first route with this method whose pattern matches req.path in full,
  // with req.matches filled as std::regex_match would; -1 when none. HEAD matches GET.
  int match(httplib::Request& req) const;

 private:
  enum class Kind { kExact, kSegments, kRegex };
  struct Compiled {
    std::string method;
    Kind kind;
    std::string exact;
    std::vector<std::string> segments;  // kSegments: "" stands for a ([^/]+) capture
    bool captures;
    std::regex re;
  };
  std::vector<Compiled> routes_;
};

}  // namespace ss::serve
