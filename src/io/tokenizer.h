// Splits delimited text (CSV, TSV, ';', '::', ...) into records and fields over a big
// buffer, without allocating per row. Quoted fields (RFC 4180: "a ""b"", c") may hold
// delimiters and newlines; they are unescaped in place, inside the caller's buffer.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ss::io {

struct TokenizerOptions {
  std::string delimiter = ",";  // one or more characters
  char quote = '"';             // '\0': quotes are ordinary characters
  size_t max_record_bytes = 1 << 20;
};

class Tokenizer {
 public:
  enum class Status {
    kRecord,     // `fields` holds the next record; `newlines` lines were consumed
    kNeedMore,   // the buffer ends inside a record: refill and call again from the same spot
    kTooLong,    // the record is longer than max_record_bytes: skip_line() it
    kBadQuote,   // a quoted field is not closed properly; the line was consumed
  };

  explicit Tokenizer(TokenizerOptions options);

  // Parses the record starting at `*pos` in [*pos, end). On kRecord and kBadQuote, *pos
  // moves past it. `eof`: no more bytes will come, so a last line without '\n' counts.
  Status next(char*& pos, char* end, bool eof);
  // Moves past the next '\n' at or after `pos`; false when there is none in the buffer.
  static bool skip_line(char*& pos, char* end);

  const std::vector<std::string_view>& fields() const { return fields_; }
  // Bytes of the last record / bad-quote line, for UTF-8 checks and error examples.
  std::string_view record() const { return record_; }
  uint32_t newlines() const { return newlines_; }

 private:
  struct Span {
    char* b;
    char* e;
    bool quoted;
  };
  TokenizerOptions o_;
  std::vector<Span> spans_;
  std::vector<std::string_view> fields_;
  std::string_view record_;
  uint32_t newlines_ = 0;
};

}  // namespace ss::io
