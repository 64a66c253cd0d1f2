#include "serve/http_error.h"

#include <charconv>
#include <cmath>

#include "core/timeutil.h"

namespace ss::serve {

Json parse_body(std::string_view body) {
  if (body.empty()) throw bad_request("empty request body: expected a JSON object");
  Json j = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    // Re-parse with exceptions only to get nlohmann's message (a syntax error's position,
    // or a number too large for a double, which is an out_of_range, not a parse_error).
    try {
      Json again = Json::parse(body.begin(), body.end());
      (void)again;
    } catch (const Json::exception& e) {
      throw bad_request(std::string("malformed JSON: ") + e.what());
    }
    throw bad_request("malformed JSON");
  }
  return j;
}

const Json* field(const Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

static std::string type_name(const Json& j) { return j.type_name(); }

std::string get_string(const Json& obj, const char* key, std::string_view where, size_t max_len, bool required,
                       std::string fallback) {
  const Json* f = field(obj, key);
  if (!f) {
    if (required) throw bad_request(std::string(where) + ": missing required field '" + key + "'");
    return fallback;
  }
  if (f->is_number_integer()) return std::to_string(f->get<int64_t>());  // numeric ids are common
  if (!f->is_string())
    throw bad_request(std::string(where) + "." + key + ": expected a string, got " + type_name(*f));
  const auto& s = f->get_ref<const std::string&>();
  if (s.empty() && required) throw bad_request(std::string(where) + "." + key + ": must not be empty");
  if (s.size() > max_len)
    throw bad_request(std::string(where) + "." + key + ": longer than the limit of " + std::to_string(max_len));
  return s;
}

double get_number(const Json& obj, const char* key, std::string_view where, double fallback, double min, double max) {
  const Json* f = field(obj, key);
  if (!f) return fallback;
  if (!f->is_number())
    throw bad_request(std::string(where) + "." + key + ": expected a number, got " + type_name(*f));
  const double v = f->get<double>();
  if (!std::isfinite(v) || v < min || v > max)
    throw bad_request(std::string(where) + "." + key + ": " + std::to_string(v) + " is outside [" +
                      std::to_string(min) + ", " + std::to_string(max) + "]");
  return v;
}

int64_t get_int(const Json& obj, const char* key, std::string_view where, int64_t fallback, int64_t min, int64_t max) {
  const Json* f = field(obj, key);
  if (!f) return fallback;
  if (!f->is_number_integer())
    throw bad_request(std::string(where) + "." + key + ": expected an integer, got " + type_name(*f));
  const int64_t v = f->get<int64_t>();
  if (v < min || v > max)
    throw bad_request(std::string(where) + "." + key + ": " + std::to_string(v) + " is outside [" +
                      std::to_string(min) + ", " + std::to_string(max) + "]");
  return v;
}

bool get_bool(const Json& obj, const char* key, std::string_view where, bool fallback) {
  const Json* f = field(obj, key);
  if (!f) return fallback;
  if (!f->is_boolean()) throw bad_request(std::string(where) + "." + key + ": expected true or false, got " + type_name(*f));
  return f->get<bool>();
}

int64_t get_time_ms(const Json& obj, const char* key, std::string_view where, int64_t fallback) {
  const Json* f = field(obj, key);
  if (!f) return fallback;
  if (f->is_number_integer()) return f->get<int64_t>();
  if (f->is_string()) {
    if (auto ms = parse_datetime_ms(f->get_ref<const std::string&>())) return *ms;
    throw bad_request(std::string(where) + "." + key + ": cannot read '" + f->get<std::string>() +
                      "' as a time (use milliseconds since the epoch or ISO 8601)");
  }
  throw bad_request(std::string(where) + "." + key + ": expected a time, got " + type_name(*f));
}

std::vector<std::string> get_string_list(const Json& obj, const char* key, std::string_view where, size_t max_count,
                                         size_t max_len) {
  std::vector<std::string> out;
  const Json* f = field(obj, key);
  if (!f) return out;
  if (!f->is_array()) throw bad_request(std::string(where) + "." + key + ": expected an array of strings");
  if (f->size() > max_count)
    throw bad_request(std::string(where) + "." + key + ": more than " + std::to_string(max_count) + " entries");
  for (const auto& e : *f) {
    if (e.is_number_integer()) {
      out.push_back(std::to_string(e.get<int64_t>()));
      continue;
    }
    if (!e.is_string()) throw bad_request(std::string(where) + "." + key + ": expected strings, got " + type_name(e));
    if (e.get_ref<const std::string&>().size() > max_len)
      throw bad_request(std::string(where) + "." + key + ": an entry is longer than " + std::to_string(max_len));
    out.push_back(e.get<std::string>());
  }
  return out;
}

int64_t parse_int_param(std::string_view name, const std::string& text, int64_t min, int64_t max) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size())
    throw bad_request("parameter " + std::string(name) + ": '" + text.substr(0, 40) + "' is not an integer");
  if (v < min || v > max)
    throw bad_request("parameter " + std::string(name) + ": " + text + " is outside [" + std::to_string(min) + ", " +
                      std::to_string(max) + "]");
  return v;
}

double parse_number_param(std::string_view name, const std::string& text) {
  double v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || !std::isfinite(v))
    throw bad_request("parameter " + std::string(name) + ": '" + text.substr(0, 40) + "' is not a number");
  return v;
}

bool parse_bool_param(std::string_view name, const std::string& text) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  throw bad_request("parameter " + std::string(name) + ": expected true or false");
}

}  // namespace ss::serve
