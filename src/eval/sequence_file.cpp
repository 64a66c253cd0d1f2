#include "eval/sequence_file.h"

#include <fstream>
#include <sstream>
#include <vector>

#include "core/error.h"

namespace ss::eval {
namespace {

std::ifstream open_or_throw(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot open '" + path + "'", ErrorCode::kIo);
  return in;
}

// Splits on `sep` into at most `max` views of `line`.
size_t split(std::string_view line, char sep, std::string_view* out, size_t max) {
  size_t n = 0, start = 0;
  while (n < max && start <= line.size()) {
    size_t end = line.find(sep, start);
    if (end == std::string_view::npos) end = line.size();
    out[n++] = line.substr(start, end - start);
    start = end + 1;
  }
  return n;
}

}  // namespace

Dataset load_s3rec_sequences(const std::string& path, LoadReport* report) {
  std::ifstream in = open_or_throw(path);
  Dataset d;
  LoadReport r;
  std::string line, token;
  while (std::getline(in, line)) {
    ++r.lines;
    std::istringstream tokens(line);
    if (!(tokens >> token)) continue;
    const uint32_t user = d.dicts.users.intern(token);
    int64_t pos = 0;
    while (tokens >> token) {
      EventRow e;
      e.user = user;
      e.item = d.dicts.items.intern(token);
      e.ts_ms = ++pos;
      e.type = Behavior::kView;
      d.events.push_back(e);
    }
  }
  r.events = d.events.size();
  if (report) *report = r;
  return d;
}

Dataset load_taobao_csv(const std::string& path, int64_t min_ts_s, int64_t max_ts_s, LoadReport* report) {
  std::ifstream in = open_or_throw(path);
  Dataset d;
  LoadReport r;
  std::string line;
  std::string_view f[6];
  while (std::getline(in, line)) {
    ++r.lines;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const size_t n = split(line, ',', f, 6);
    const auto type = n == 5 ? parse_behavior(f[3]) : std::nullopt;
    int64_t ts = 0;
    try {
      ts = n == 5 ? std::stoll(std::string(f[4])) : 0;
    } catch (const std::exception&) {
      ts = 0;
    }
    if (!type || ts < min_ts_s || ts > max_ts_s) {
      ++r.rejected;
      continue;
    }
    EventRow e;
    e.user = d.dicts.users.intern(f[0]);
    e.item = d.dicts.items.intern(f[1]);
    e.category = d.dicts.categories.intern(f[2]);
    e.type = *type;
    e.ts_ms = ts * 1000;
    d.events.push_back(e);
  }
  r.events = d.events.size();
  if (report) *report = r;
  return d;
}

}  // namespace ss::eval
