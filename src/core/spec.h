// Short component specs such as "ials:factors=64,reg=0.01" or "ndcg@10", and parameters
// declared once (name, kind, default, bounds, help) that drive parsing, validation and help.
#pragma once
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ss {

struct Spec {
  std::string name;
  std::map<std::string, std::string> params;  // ordered, so to_string() is canonical

  // "name" or "name:k=v,k=v". Throws ss::Error on malformed text.
  static Spec parse(std::string_view text);
  std::string to_string() const;
  bool operator==(const Spec&) const = default;
};

enum class ParamKind { kInt, kFloat, kBool, kString };

struct ParamDef {
  std::string name;
  ParamKind kind;
  std::string default_value;
  std::string help;
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
};

// A component's parameter values, validated against its declarations.
class Params {
 public:
  Params(std::string owner, std::vector<ParamDef> defs);
  // Applies the spec's values; unknown keys, bad numbers and out-of-range values throw
  // ss::Error naming the owner, the key and the valid choices.
  void configure(const std::map<std::string, std::string>& values);

  double get_float(const std::string& name) const;
  int64_t get_int(const std::string& name) const;
  bool get_bool(const std::string& name) const;
  const std::string& get_string(const std::string& name) const;
  void set(const std::string& name, const std::string& value);

  // All values, defaults included, as a Spec (the canonical, round-trippable form).
  Spec to_spec(const std::string& name) const;
  // Only the values that differ from the defaults.
  std::map<std::string, std::string> non_default() const;
  // One line per parameter: name, kind, default, bounds, help.
  std::string help() const;
  const std::vector<ParamDef>& defs() const { return defs_; }

 private:
  const ParamDef& def(const std::string& name) const;
  std::string owner_;
  std::vector<ParamDef> defs_;
  std::map<std::string, std::string> values_;
};

}  // namespace ss
