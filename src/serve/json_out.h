// Appending JSON text straight to a string, for the hottest responses (a recommendation
// list is written once per request: building an nlohmann tree of ~60 nodes and dumping it
// cost more than ranking the items). Same output as nlohmann's dump(): strings escaped the
// same way (UTF-8 kept, control characters escaped, invalid UTF-8 replaced by U+FFFD) and
// numbers in the shortest form that reads back to the same double.
#pragma once
#include <string>
#include <string_view>

namespace ss::serve {

// `s` as a quoted JSON string.
void json_string(std::string& out, std::string_view s);
// A floating-point JSON number written as nlohmann writes a double ("null" for NaN and
// infinities; integral values keep ".0" so they read back as floating point).
void json_number(std::string& out, double v);
// "key": (the key must not need escaping)
inline void json_key(std::string& out, std::string_view key) {
  out += '"';
  out += key;
  out += "\":";
}

}  // namespace ss::serve
