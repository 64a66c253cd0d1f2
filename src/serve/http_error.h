// Request failures with an HTTP status, and typed access to JSON request fields that turns
// every wrong type, missing field or out-of-range value into a clear 4xx.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ss::serve {

using Json = nlohmann::json;

class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string msg) : std::runtime_error(std::move(msg)), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

inline HttpError bad_request(std::string msg) { return HttpError(400, std::move(msg)); }
inline HttpError not_found(std::string msg) { return HttpError(404, std::move(msg)); }

// Parses a request body; malformed JSON -> 400 naming the position.
Json parse_body(std::string_view body);

// Field access: `where` names the object in messages ("events[3]").
const Json* field(const Json& obj, const char* key);
std::string get_string(const Json& obj, const char* key, std::string_view where, size_t max_len,
                       bool required = true, std::string fallback = {});
double get_number(const Json& obj, const char* key, std::string_view where, double fallback, double min, double max);
int64_t get_int(const Json& obj, const char* key, std::string_view where, int64_t fallback, int64_t min, int64_t max);
bool get_bool(const Json& obj, const char* key, std::string_view where, bool fallback);
// A timestamp: milliseconds since the epoch (number) or an ISO 8601 / "YYYY-MM-DD hh:mm:ss" string.
int64_t get_time_ms(const Json& obj, const char* key, std::string_view where, int64_t fallback);
// An array of strings, each at most max_len long, at most max_count of them.
std::vector<std::string> get_string_list(const Json& obj, const char* key, std::string_view where,
                                         size_t max_count, size_t max_len);

// Query-string parameters: same rules, for GET endpoints.
int64_t parse_int_param(std::string_view name, const std::string& text, int64_t min, int64_t max);
double parse_number_param(std::string_view name, const std::string& text);
bool parse_bool_param(std::string_view name, const std::string& text);

}  // namespace ss::serve
