#include "io/tokenizer.h"

#include <cstring>

namespace ss::io {

Tokenizer::Tokenizer(TokenizerOptions options) : o_(std::move(options)) {
  if (o_.delimiter.empty()) o_.delimiter.push_back(',');
  fields_.reserve(64);
}

bool Tokenizer::skip_line(char*& pos, char* end) {
  auto* nl = static_cast<char*>(std::memchr(pos, '\n', static_cast<size_t>(end - pos)));
  if (!nl) return false;
  pos = nl + 1;
  return true;
}

// Finds the next delimiter in [p, e); e when none.
static inline char* find_delim(char* p, char* e, const std::string& d) {
  if (d.size() == 1) {
    auto* q = static_cast<char*>(std::memchr(p, d[0], static_cast<size_t>(e - p)));
    return q ? q : e;
  }
  auto* q = static_cast<char*>(memmem(p, static_cast<size_t>(e - p), d.data(), d.size()));
  return q ? q : e;
}

Tokenizer::Status Tokenizer::next(char*& pos, char* end, bool eof) {
  fields_.clear();
  newlines_ = 1;
  char* start = pos;
  auto* nl = static_cast<char*>(std::memchr(start, '\n', static_cast<size_t>(end - start)));
  if (!nl) {
    if (static_cast<size_t>(end - start) > o_.max_record_bytes) return Status::kTooLong;
    if (!eof) return Status::kNeedMore;
  }
  char* line_end = nl ? nl : end;
  if (static_cast<size_t>(line_end - start) > o_.max_record_bytes) return Status::kTooLong;
  // Fast path: no quote character anywhere on the line.
  if (!o_.quote || !std::memchr(start, o_.quote, static_cast<size_t>(line_end - start))) {
    char* e = line_end;
    if (e > start && e[-1] == '\r') --e;
    char* p = start;
    for (;;) {
      char* d = find_delim(p, e, o_.delimiter);
      fields_.emplace_back(p, static_cast<size_t>(d - p));
      if (d == e) break;
      p = d + o_.delimiter.size();
    }
    record_ = {start, static_cast<size_t>(e - start)};
    pos = nl ? nl + 1 : end;
    return Status::kRecord;
  }
  // Quoted fields: a closing quote may lie beyond this line. Find the record's extent
  // and field spans first without touching the bytes, so kNeedMore can be retried from the
  // same spot; unescape only once the whole record is known.
  const char q = o_.quote;
  spans_.clear();
  char* p = start;
  uint32_t lines = 1;
  auto finish = [&](char* rec_end, char* next, Status st) {
    record_ = {start, static_cast<size_t>(rec_end - start)};
    pos = next;
    newlines_ = lines;
    if (st == Status::kRecord) {
      for (const Span& sp : spans_) {
        if (!sp.quoted) {
          fields_.emplace_back(sp.b, static_cast<size_t>(sp.e - sp.b));
          continue;
        }
        char* w = sp.b;  // compact "" to " in place, over the opening quote
        for (char* r = sp.b + 1; r < sp.e; ++r) {
          *w++ = *r;
          if (*r == q) ++r;
        }
        fields_.emplace_back(sp.b, static_cast<size_t>(w - sp.b));
      }
    }
    return st;
  };
  for (;;) {
    if (p < end && *p == q) {  // a quoted field
      char* c = p + 1;
      for (;;) {
        while (c < end && *c != q) {
          if (*c == '\n') ++lines;
          ++c;
        }
        if (static_cast<size_t>(c - start) > o_.max_record_bytes) return Status::kTooLong;
        if (c + 1 >= end && !eof) return Status::kNeedMore;
        if (c >= end) return finish(end, end, Status::kBadQuote);  // unterminated at the end
        if (c + 1 < end && c[1] == q) {  // "" is an escaped quote
          c += 2;
          continue;
        }
        break;
      }
      spans_.push_back({p, c, true});
      char* after = c + 1;
      if (after < end && *after == '\r' && (after + 1 == end || after[1] == '\n')) ++after;
      if (after >= end) return finish(after, end, Status::kRecord);
      if (*after == '\n') return finish(after, after + 1, Status::kRecord);
      if (static_cast<size_t>(end - after) >= o_.delimiter.size() &&
          std::memcmp(after, o_.delimiter.data(), o_.delimiter.size()) == 0) {
        p = after + o_.delimiter.size();
        continue;
      }
      // Junk after a closing quote: the line is malformed.
      char* skip = after;
      if (!skip_line(skip, end)) {
        if (!eof) return Status::kNeedMore;
        skip = end;
      }
      return finish(skip, skip, Status::kBadQuote);
    }
    // An unquoted field: up to the delimiter or the end of the line.
    char* le = static_cast<char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (!le) {
      if (!eof) return Status::kNeedMore;
      le = end;
    }
    char* e = le;
    if (e > p && e[-1] == '\r') --e;
    char* d = find_delim(p, e, o_.delimiter);
    spans_.push_back({p, d, false});
    if (d == e) return finish(e, le == end ? end : le + 1, Status::kRecord);
    p = d + o_.delimiter.size();
  }
}

}  // namespace ss::io
