#include "io/row_parser.h"

#include <strings.h>

#include <cstdlib>
#include <xxhash.h>

#include "core/timeutil.h"
#include "io/text.h"

namespace ss::io {

RowParser::RowParser(const IngestOptions& o, Dictionaries& d, const Catalogue* existing, BatchSink sink,
                     IngestReport& r)
    : users(d.users),
      items(d.items),
      categories(d.categories),
      dicts(d),
      opt(o),
      report(r),
      pseudo_(o.pseudonymise_key.empty() ? nullptr : std::make_unique<Pseudonymiser>(o.pseudonymise_key)),
      existing_(existing),
      sink_(std::move(sink)) {
  users = Interner(d.users, pseudo_.get());
  batch_.reserve(std::min<size_t>(o.batch_rows, 1 << 20));
}

void RowParser::reject(Reject why, std::string_view what, std::string_view value) {
  const auto k = static_cast<size_t>(why);
  if (report.examples[k].size() >= opt.max_examples) {
    ++report.rejected[k];
    return;
  }
  std::string detail(what);
  if (!value.empty() || why == Reject::kBadNumber || why == Reject::kBadTime) {
    detail += " '";
    detail.append(value.substr(0, 80));
    detail += "'";
  }
  report.reject(why, file_ ? *file_ : std::string_view{}, line_, detail, text_, opt.max_examples);
}

bool RowParser::in_range(int64_t ms, std::string_view text) {
  if (ms >= opt.min_ms && ms < opt.max_ms) return true;
  const auto k = static_cast<size_t>(Reject::kTimeRange);
  if (report.examples[k].size() < opt.max_examples) {
    reject(Reject::kTimeRange,
           "timestamp outside " + format_date(opt.min_ms) + " .. " + format_date(opt.max_ms) + " (" +
               format_datetime_ms(ms) + "):",
           text);
  } else {
    ++report.rejected[k];
  }
  return false;
}

bool RowParser::time(std::string_view s, TimeUnit unit, int64_t& ms) {
  s = trim(s);
  if (unit != TimeUnit::kDateTime) {
    if (auto v = parse_int(s)) {
      const int64_t x = *v;
      TimeUnit u = unit;
      if (u == TimeUnit::kAuto) {
        const int64_t a = x < 0 ? -x : x;
        u = a < 100000000000LL ? TimeUnit::kSeconds : a < 100000000000000LL ? TimeUnit::kMillis : TimeUnit::kMicros;
      }
      constexpr int64_t kLimit = 9000000000000000LL / 1000;  // keeps x * 1000 in range
      if (u == TimeUnit::kSeconds && (x > kLimit || x < -kLimit)) return in_range(kNoTime, s);
      ms = u == TimeUnit::kSeconds ? x * 1000 : u == TimeUnit::kMillis ? x : x / 1000;
      return in_range(ms, s);
    }
    if (unit != TimeUnit::kAuto) {
      if (auto d = parse_double(s); d && std::isfinite(*d) && std::abs(*d) < 9e15) {  // fractional units
        ms = static_cast<int64_t>(unit == TimeUnit::kSeconds ? *d * 1000 : unit == TimeUnit::kMillis ? *d : *d / 1000);
        return in_range(ms, s);
      }
    }
  }
  if (auto t = parse_datetime_ms(s)) {
    ms = *t;
    return in_range(ms, s);
  }
  reject(Reject::kBadTime, "unparsable timestamp", s);
  return false;
}

bool RowParser::behavior(std::string_view s, Behavior& b) {
  s = trim(s);
  for (const auto& [name, beh] : behavior_cache_) {
    if (name == s) {
      if (!beh) break;
      b = *beh;
      return true;
    }
  }
  std::optional<Behavior> found;
  for (const auto& [name, beh] : opt.behavior_map) {
    if (name.size() == s.size() && strncasecmp(name.data(), s.data(), s.size()) == 0) found = beh;
  }
  if (!found) found = parse_behavior(s);
  if (behavior_cache_.size() < 64) behavior_cache_.emplace_back(std::string(s), found);
  if (!found) {
    reject(Reject::kUnknownBehavior, "unknown behaviour (map it with --map-behavior NAME=view|cart|purchase|...)", s);
    return false;
  }
  b = *found;
  return true;
}

bool RowParser::number(std::string_view s, const char* what, float& v) {
  s = trim(s);
  if (s.empty()) {
    v = kNoValue;
    return true;
  }
  auto d = parse_double(s);
  if (!d || !std::isfinite(*d)) {
    reject(Reject::kBadNumber, what, s);
    return false;
  }
  v = static_cast<float>(*d);
  return true;
}

uint32_t RowParser::session_id(std::string_view s) {
  s = trim(s);
  if (s.empty()) return kNone;
  size_t i = 0;
  while (i < s.size() && i < 2 && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) ++i;
  if (auto n = canonical_number(s.substr(i)); n && *n < kNone) return static_cast<uint32_t>(*n);
  auto h = static_cast<uint32_t>(XXH3_64bits(s.data(), s.size()));
  return h == kNone ? h - 1 : h;
}

bool RowParser::wants_catalogue_entry(uint32_t item) {
  if (item >= item_seen_.size()) item_seen_.resize(std::max<size_t>(item + 1, item_seen_.size() * 2), false);
  if (item_seen_[item]) return false;
  item_seen_[item] = true;
  return !existing_ || !existing_->find(item);
}

void RowParser::flush(bool force) {
  if (!force && batch_.size() < opt.batch_rows && items_.size() < opt.batch_rows) return;
  if (batch_.empty() && items_.empty()) return;
  sink_(batch_, items_);
  ++report.batches;
  report.events += batch_.size();
  report.catalogue_items += items_.size();
  batch_.clear();
  items_.clear();
}

}  // namespace ss::io
