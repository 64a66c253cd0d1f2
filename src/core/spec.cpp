#include "core/spec.h"

#include <charconv>
#include <cmath>
#include <sstream>

#include "core/error.h"

namespace ss {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool parse_double(const std::string& s, double& out) {
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return !s.empty() && end == s.c_str() + s.size() && std::isfinite(out);
}

}  // namespace

Spec Spec::parse(std::string_view text) {
  Spec spec;
  text = trim(text);
  const size_t colon = text.find(':');
  spec.name = std::string(trim(text.substr(0, colon)));
  if (spec.name.empty()) throw Error("empty component name in spec '" + std::string(text) + "'");
  if (colon == std::string_view::npos) return spec;
  std::string_view rest = text.substr(colon + 1);
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view kv = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (kv.empty()) continue;
    const size_t eq = kv.find('=');
    if (eq == std::string_view::npos)
      throw Error("expected key=value in spec '" + std::string(text) + "', got '" + std::string(kv) + "'");
    std::string key(trim(kv.substr(0, eq)));
    if (key.empty()) throw Error("empty key in spec '" + std::string(text) + "'");
    spec.params[key] = std::string(trim(kv.substr(eq + 1)));
  }
  return spec;
}

std::string Spec::to_string() const {
  std::string s = name;
  char sep = ':';
  for (const auto& [k, v] : params) {
    s += sep;
    s += k + "=" + v;
    sep = ',';
  }
  return s;
}

Params::Params(std::string owner, std::vector<ParamDef> defs) : owner_(std::move(owner)), defs_(std::move(defs)) {
  for (const auto& d : defs_) values_[d.name] = d.default_value;
}

const ParamDef& Params::def(const std::string& name) const {
  for (const auto& d : defs_)
    if (d.name == name) return d;
  std::string valid;
  for (const auto& d : defs_) valid += (valid.empty() ? "" : ", ") + d.name;
  throw Error("'" + owner_ + "' has no parameter '" + name + "'; valid: " + (valid.empty() ? "(none)" : valid));
}

void Params::set(const std::string& name, const std::string& value) {
  const ParamDef& d = def(name);
  auto bad = [&](const std::string& why) {
    throw Error("'" + owner_ + "' parameter " + name + "=" + value + ": " + why);
  };
  switch (d.kind) {
    case ParamKind::kInt:
    case ParamKind::kFloat: {
      double v;
      if (!parse_double(value, v)) bad("not a number");
      if (d.kind == ParamKind::kInt && v != std::floor(v)) bad("must be an integer");
      if (v < d.min || v > d.max) {
        std::ostringstream os;
        os << "out of range [" << d.min << ", " << d.max << "]";
        bad(os.str());
      }
      break;
    }
    case ParamKind::kBool:
      if (value != "true" && value != "false" && value != "1" && value != "0") bad("must be true or false");
      break;
    case ParamKind::kString:
      break;
  }
  values_[name] = value;
}

void Params::configure(const std::map<std::string, std::string>& values) {
  for (const auto& [k, v] : values) set(k, v);
}

double Params::get_float(const std::string& name) const {
  def(name);
  return std::strtod(values_.at(name).c_str(), nullptr);
}

int64_t Params::get_int(const std::string& name) const { return static_cast<int64_t>(get_float(name)); }

bool Params::get_bool(const std::string& name) const {
  def(name);
  const auto& v = values_.at(name);
  return v == "true" || v == "1";
}

const std::string& Params::get_string(const std::string& name) const {
  def(name);
  return values_.at(name);
}

Spec Params::to_spec(const std::string& name) const { return Spec{name, values_}; }

std::map<std::string, std::string> Params::non_default() const {
  std::map<std::string, std::string> out;
  for (const auto& d : defs_)
    if (values_.at(d.name) != d.default_value) out[d.name] = values_.at(d.name);
  return out;
}

std::string Params::help() const {
  static constexpr const char* kKinds[] = {"int", "float", "bool", "string"};
  std::ostringstream os;
  for (const auto& d : defs_) {
    os << "  " << d.name << " (" << kKinds[static_cast<int>(d.kind)] << ", default " << d.default_value;
    if (std::isfinite(d.min) || std::isfinite(d.max)) os << ", range [" << d.min << ", " << d.max << "]";
    os << "): " << d.help << "\n";
  }
  return os.str();
}

}  // namespace ss
