// How to read a behaviour log: format, column mapping, time handling, limits. Filled from
// a preset, then flags or a small config file (TOML or JSON) on top.
#pragma once
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/behavior.h"
#include "io/input.h"

namespace ss::io {

// The event fields a column can map to.
enum class Field : uint8_t { kUser, kItem, kBehavior, kTime, kSession, kQuery, kCategory, kQuantity, kPrice, kValue, kRef, kContext, kCount };
inline constexpr size_t kNumFields = static_cast<size_t>(Field::kCount);
inline constexpr std::array<std::string_view, kNumFields> kFieldNames = {
    "user", "item", "behavior", "timestamp", "session", "query", "category", "quantity", "price", "value", "ref", "context"};

enum class Format { kAuto, kCsv, kJsonl };
// kAuto: integers are seconds below 1e11, milliseconds below 1e14, microseconds above;
// anything else is parsed as a date/time text.
enum class TimeUnit { kAuto, kSeconds, kMillis, kMicros, kDateTime };
enum class Preset { kGeneric, kShopsense, kTaobao, kOnlineRetail, kDiginetica, kS3Rec, kMovieLens };

struct IngestOptions {
  Preset preset = Preset::kGeneric;
  Format format = Format::kAuto;  // auto: JSON Lines when the first byte is '{', else CSV
  std::string delimiter;          // empty: the preset's, or guessed from the first line
  char quote = '"';               // '\0' turns quoting off
  int header = -1;                // -1: the preset's default (generic: guessed); 0 no; 1 yes
  Encoding encoding = Encoding::kUtf8;
  size_t max_line_bytes = 1 << 20;
  // Per field: a 0-based column index ("3"), a header name, or a JSON key; empty: unmapped.
  std::array<std::string, kNumFields> columns;
  TimeUnit time_unit = TimeUnit::kAuto;
  std::optional<Behavior> behavior;  // for logs without a behaviour column
  std::vector<std::pair<std::string, Behavior>> behavior_map;  // a shop's own names
  int64_t min_ms = 788918400000;     // 1995-01-01
  int64_t max_ms = 4102444800000;    // 2100-01-01
  uint64_t max_errors = std::numeric_limits<uint64_t>::max();  // stop once more rows rejected
  double max_reject_fraction = 0.01;  // above this the batch counts as not accepted
  size_t max_examples = 5;            // rejected rows shown per reason
  size_t batch_rows = 1 << 20;        // events per durable append
  std::string pseudonymise_key;       // empty: external user ids kept as they are
  bool keep_anonymous = false;        // rows without a user id: keep under "anonymous"
  int64_t sequence_start_ms = 946684800000;  // 2000-01-01: synthetic times for s3rec lines
};

std::optional<Preset> parse_preset(std::string_view name);
std::string_view preset_name(Preset p);
std::optional<TimeUnit> parse_time_unit(std::string_view name);
// Sets the preset's format, delimiter, header and column defaults (flags override them).
void apply_preset(IngestOptions& o, Preset p);
// "user=0,item=1,timestamp=ts": throws ss::Error naming the valid fields on a bad key.
void parse_columns(std::string_view spec, IngestOptions& o);
// "addToBasket=cart,checkout=purchase"
void parse_behavior_map(std::string_view spec, IngestOptions& o);
// A TOML (.toml) or JSON (.json) file with the same settings as the flags, e.g.
//   delimiter = ";"  header = true  time_unit = "ms"  behavior = "view"
//   [columns] user = "visitorid"  item = "itemid"  timestamp = 0
//   [behavior_map] addtocart = "cart"
void load_config_file(const std::string& path, IngestOptions& o);

}  // namespace ss::io
