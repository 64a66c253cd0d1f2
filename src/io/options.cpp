#include "io/options.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <toml++/toml.h>

#include "core/error.h"
#include "core/timeutil.h"

namespace ss::io {
namespace {

constexpr std::array<std::pair<std::string_view, Preset>, 7> kPresets = {{
    {"generic", Preset::kGeneric},       {"shopsense", Preset::kShopsense}, {"taobao", Preset::kTaobao},
    {"online-retail", Preset::kOnlineRetail}, {"diginetica", Preset::kDiginetica}, {"s3rec", Preset::kS3Rec},
    {"movielens", Preset::kMovieLens}}};

std::optional<Field> parse_field(std::string_view name) {
  for (size_t f = 0; f < kNumFields; ++f)
    if (kFieldNames[f] == name) return static_cast<Field>(f);
  if (name == "ts" || name == "time") return Field::kTime;
  if (name == "behaviour" || name == "type" || name == "event") return Field::kBehavior;
  return std::nullopt;
}

std::string field_list() {
  std::string s;
  for (auto f : kFieldNames) s += (s.empty() ? "" : ", ") + std::string(f);
  return s;
}

Behavior behavior_or_throw(std::string_view name) {
  auto b = parse_behavior(name);
  if (!b)
    throw Error("unknown behaviour '" + std::string(name) +
                "'; built-in: view, click, search, cart, remove_from_cart, favorite, purchase, dislike, return");
  return *b;
}

int64_t time_or_throw(std::string_view s) {
  auto t = parse_datetime_ms(s);
  if (!t) throw Error("expected a date like 1995-01-01, got '" + std::string(s) + "'");
  return *t;
}

}  // namespace

std::optional<Preset> parse_preset(std::string_view name) {
  for (const auto& [n, p] : kPresets)
    if (n == name) return p;
  return std::nullopt;
}

std::string_view preset_name(Preset p) {
  for (const auto& [n, q] : kPresets)
    if (q == p) return n;
  return "generic";
}

std::optional<TimeUnit> parse_time_unit(std::string_view n) {
  if (n == "auto") return TimeUnit::kAuto;
  if (n == "s" || n == "seconds") return TimeUnit::kSeconds;
  if (n == "ms" || n == "millis") return TimeUnit::kMillis;
  if (n == "us" || n == "micros") return TimeUnit::kMicros;
  if (n == "datetime" || n == "iso" || n == "text") return TimeUnit::kDateTime;
  return std::nullopt;
}

void apply_preset(IngestOptions& o, Preset p) {
  o.preset = p;
  auto cols = [&](std::initializer_list<std::pair<Field, const char*>> m) {
    for (auto& c : o.columns) c.clear();
    for (const auto& [f, v] : m) o.columns[static_cast<size_t>(f)] = v;
  };
  switch (p) {
    case Preset::kGeneric:
      break;
    case Preset::kShopsense:
      o.format = Format::kCsv, o.delimiter = ",", o.header = 1, o.time_unit = TimeUnit::kDateTime;
      cols({{Field::kUser, "user_id"}, {Field::kItem, "item_id"}, {Field::kBehavior, "behavior"},
            {Field::kTime, "timestamp"}, {Field::kSession, "session_id"}, {Field::kQuery, "query"},
            {Field::kQuantity, "quantity"}, {Field::kPrice, "price"}});
      break;
    case Preset::kTaobao:
      o.format = Format::kCsv, o.delimiter = ",", o.header = 0, o.quote = '\0', o.time_unit = TimeUnit::kSeconds;
      cols({{Field::kUser, "0"}, {Field::kItem, "1"}, {Field::kCategory, "2"}, {Field::kBehavior, "3"}, {Field::kTime, "4"}});
      break;
    case Preset::kOnlineRetail:
      o.format = Format::kCsv, o.delimiter = ",", o.header = 1, o.time_unit = TimeUnit::kDateTime;
      break;
    case Preset::kDiginetica:
      o.format = Format::kCsv, o.delimiter = ";", o.header = 1;
      break;
    case Preset::kS3Rec:
      o.format = Format::kCsv, o.delimiter = " ", o.header = 0, o.quote = '\0';
      if (!o.behavior) o.behavior = Behavior::kPurchase;
      break;
    case Preset::kMovieLens:
      // "::" (ml-1m, ml-10m) or tab (ml-100k u.data): the delimiter is guessed per file.
      o.format = Format::kCsv, o.header = 0, o.quote = '\0', o.time_unit = TimeUnit::kSeconds;
      if (!o.behavior) o.behavior = Behavior::kView;
      cols({{Field::kUser, "0"}, {Field::kItem, "1"}, {Field::kValue, "2"}, {Field::kTime, "3"}});
      break;
  }
}

void parse_columns(std::string_view spec, IngestOptions& o) {
  while (!spec.empty()) {
    const size_t comma = spec.find(',');
    std::string_view kv = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
    const size_t eq = kv.find('=');
    if (eq == std::string_view::npos) throw Error("--columns expects field=column pairs, got '" + std::string(kv) + "'");
    auto f = parse_field(kv.substr(0, eq));
    if (!f) throw Error("unknown field '" + std::string(kv.substr(0, eq)) + "' in --columns; fields: " + field_list());
    o.columns[static_cast<size_t>(*f)] = std::string(kv.substr(eq + 1));
  }
}

void parse_behavior_map(std::string_view spec, IngestOptions& o) {
  while (!spec.empty()) {
    const size_t comma = spec.find(',');
    std::string_view kv = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
    const size_t eq = kv.find('=');
    if (eq == std::string_view::npos) throw Error("--map-behavior expects name=behaviour pairs, got '" + std::string(kv) + "'");
    o.behavior_map.emplace_back(std::string(kv.substr(0, eq)), behavior_or_throw(kv.substr(eq + 1)));
  }
}

static void apply_config(const nlohmann::json& j, const std::string& path, IngestOptions& o);

void load_config_file(const std::string& path, IngestOptions& o) {
  std::ifstream in(path);
  if (!in) throw Error("cannot open config file '" + path + "'", ErrorCode::kIo);
  std::stringstream ss;
  ss << in.rdbuf();
  nlohmann::json j;
  const bool is_toml = path.size() >= 5 && path.substr(path.size() - 5) == ".toml";
  try {
    if (is_toml) {
      toml::table t = toml::parse(ss.str(), path);
      std::stringstream js;
      js << toml::json_formatter{t};
      j = nlohmann::json::parse(js.str());
    } else {
      j = nlohmann::json::parse(ss.str());
    }
  } catch (const std::exception& e) {
    throw Error("cannot parse config file '" + path + "': " + e.what());
  }
  if (!j.is_object()) throw Error("config file '" + path + "' must hold a table/object of settings");
  try {
    apply_config(j, path, o);
  } catch (const nlohmann::json::exception& e) {
    throw Error("bad value in config file '" + path + "': " + e.what());
  }
}

static void apply_config(const nlohmann::json& j, const std::string& path, IngestOptions& o) {
  auto str = [](const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
  for (const auto& [k, v] : j.items()) {
    if (k == "preset") {
      auto p = parse_preset(str(v));
      if (!p) throw Error("unknown preset '" + str(v) + "' in " + path);
      apply_preset(o, *p);
    } else if (k == "format") {
      const auto f = str(v);
      if (f != "csv" && f != "jsonl") throw Error("format must be csv or jsonl in " + path);
      o.format = f == "csv" ? Format::kCsv : Format::kJsonl;
    } else if (k == "delimiter") {
      o.delimiter = str(v) == "\\t" ? "\t" : str(v);
    } else if (k == "quote") {
      o.quote = str(v).empty() ? '\0' : str(v)[0];
    } else if (k == "header") {
      o.header = v.get<bool>() ? 1 : 0;
    } else if (k == "encoding") {
      o.encoding = str(v) == "latin1" ? Encoding::kLatin1 : Encoding::kUtf8;
    } else if (k == "time_unit") {
      auto u = parse_time_unit(str(v));
      if (!u) throw Error("time_unit must be auto, s, ms, us or datetime in " + path);
      o.time_unit = *u;
    } else if (k == "behavior" || k == "behaviour") {
      o.behavior = behavior_or_throw(str(v));
    } else if (k == "min_time") {
      o.min_ms = time_or_throw(str(v));
    } else if (k == "max_time") {
      o.max_ms = time_or_throw(str(v));
    } else if (k == "columns") {
      for (const auto& [f, c] : v.items()) parse_columns(f + "=" + str(c), o);
    } else if (k == "behavior_map" || k == "behaviour_map") {
      for (const auto& [n, b] : v.items()) o.behavior_map.emplace_back(n, behavior_or_throw(str(b)));
    } else {
      throw Error("unknown setting '" + k + "' in " + path +
                  "; known: preset, format, delimiter, quote, header, encoding, time_unit, behavior, min_time, "
                  "max_time, columns, behavior_map");
    }
  }
}

}  // namespace ss::io
