#include "io/jsonl.h"

#include <simdjson.h>

#include <cstring>

#include "io/text.h"

namespace ss::io {
namespace {

// Which field a JSON key maps to: the --columns names, else common names. -1: ignored.
class KeyMap {
 public:
  explicit KeyMap(const IngestOptions& o) {
    static const std::array<std::initializer_list<std::string_view>, kNumFields> kNames = {{
        {"userid", "user", "customerid", "visitorid", "uid"},
        {"itemid", "item", "productid", "product", "sku"},
        {"behavior", "behaviour", "event", "eventtype", "type", "action"},
        {"timestamp", "ts", "time", "eventtime", "datetime"},
        {"sessionid", "session"},
        {"query", "searchquery", "searchterm"},
        {"category", "categoryid"},
        {"quantity", "qty"},
        {"price", "unitprice"},
        {"value", "rating", "weight"},
        {"ref", "recid", "requestid"},
        {"context"},
    }};
    for (size_t f = 0; f < kNumFields; ++f) {
      if (!o.columns[f].empty()) names_[f] = {normalize_name(o.columns[f])};
      else
        for (auto n : kNames[f]) names_[f].emplace_back(n);
    }
  }
  int field(std::string_view key) {
    for (const auto& [k, f] : cache_)
      if (k == key) return f;
    const std::string n = normalize_name(key);
    int found = -1;
    for (size_t f = 0; f < kNumFields && found < 0; ++f)
      for (const auto& name : names_[f])
        if (name == n) found = static_cast<int>(f);
    if (cache_.size() < 64) cache_.emplace_back(std::string(key), found);
    return found;
  }

 private:
  std::array<std::vector<std::string>, kNumFields> names_;
  std::vector<std::pair<std::string, int>> cache_;
};

}  // namespace

bool read_jsonl(JsonlWindow w, const std::string& file, RowParser& p, MappedConverter& conv, uint64_t& rejected_rows,
                const std::function<void()>& progress) {
  simdjson::ondemand::parser parser;
  KeyMap keys(p.opt);
  std::array<std::string_view, kNumFields> values;
  std::vector<std::string> owned;  // objects/arrays kept as text for the context field
  owned.reserve(kNumFields);
  uint64_t line = 0;
  IngestReport& rep = p.report;
  for (;;) {
    char* b = w.data.data() + w.begin;
    char* e = w.data.data() + w.end;
    auto* nl = static_cast<char*>(std::memchr(b, '\n', static_cast<size_t>(e - b)));
    if (!nl && !w.eof) {
      if (static_cast<size_t>(e - b) <= p.opt.max_line_bytes) {
        w.refill();
        continue;
      }
    }
    if (b == e && w.eof) break;
    ++line;
    char* le = nl ? nl : e;
    const size_t len = static_cast<size_t>(le - b);
    std::string_view text(b, len);
    p.at(&file, line, text);
    if (len > p.opt.max_line_bytes) {
      ++rep.rows_read;
      ++rejected_rows;
      p.reject(Reject::kLineTooLong, "line longer than --max-line-bytes " + std::to_string(p.opt.max_line_bytes));
      // Skip to the end of this line, refilling as needed.
      char* q = b;
      while (!(nl = static_cast<char*>(std::memchr(q, '\n', static_cast<size_t>(w.data.data() + w.end - q))))) {
        w.begin = w.end;
        if (w.eof || !w.refill()) break;
        q = w.data.data() + w.begin;
      }
      w.begin = nl ? static_cast<size_t>(nl + 1 - w.data.data()) : w.end;
    } else {
      w.begin = nl ? static_cast<size_t>(nl + 1 - w.data.data()) : w.end;
      if (trim(text).empty()) {
        ++rep.blank_lines;
        continue;
      }
      ++rep.rows_read;
      if (!is_ascii(b, len) && !is_valid_utf8(b, len)) {
        ++rejected_rows;
        p.reject(Reject::kBadUtf8, "invalid UTF-8 (for latin-1 files use --encoding latin1)");
      } else {
        values.fill({});
        owned.clear();
        bool good = true;
        simdjson::ondemand::document doc;
        simdjson::ondemand::object obj;
        const size_t cap = static_cast<size_t>(w.data.data() + w.data.size() - b);
        if (parser.iterate(b, len, cap).get(doc) || doc.get_object().get(obj)) {
          good = false;
        } else {
          for (auto field : obj) {
            std::string_view key;
            if (field.unescaped_key().get(key)) { good = false; break; }
            const int f = keys.field(key);
            if (f < 0) continue;
            simdjson::ondemand::value v;
            simdjson::ondemand::json_type t;
            if (field.value().get(v) || v.type().get(t)) { good = false; break; }
            std::string_view s;
            if (t == simdjson::ondemand::json_type::string) {
              if (v.get_string().get(s)) { good = false; break; }
            } else if (t == simdjson::ondemand::json_type::null) {
              s = {};
            } else if (t == simdjson::ondemand::json_type::object || t == simdjson::ondemand::json_type::array) {
              std::string_view raw;
              if (simdjson::to_json_string(v).get(raw)) { good = false; break; }
              owned.emplace_back(raw);
              s = owned.back();
            } else {
              s = trim(v.raw_json_token());
            }
            values[static_cast<size_t>(f)] = s;
          }
        }
        if (!good) {
          ++rejected_rows;
          p.reject(Reject::kBadJson, "not a JSON object");
        } else {
          const uint64_t before = rep.rows_accepted;
          conv.convert_values(values);
          rejected_rows += rep.rows_accepted == before;
        }
      }
    }
    if (rejected_rows > p.opt.max_errors) {
      rep.stopped_early = true;
      return false;
    }
    if ((rep.rows_read & 0xFFFF) == 0) progress();
    p.flush(false);
  }
  return true;
}

}  // namespace ss::io
