// What an ingest did: rows read, accepted, and rejected by reason, with the first few
// rejected rows of each reason and their line numbers.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ss::io {

enum class Reject : uint8_t {
  kColumnCount,
  kBadNumber,
  kBadTime,
  kTimeRange,
  kBadUtf8,
  kLineTooLong,
  kUnknownBehavior,
  kMissingId,
  kNoCustomer,
  kBadQuote,
  kBadJson,
  kCount
};
inline constexpr size_t kNumRejects = static_cast<size_t>(Reject::kCount);
inline constexpr std::array<std::string_view, kNumRejects> kRejectNames = {
    "wrong_column_count", "bad_number",     "bad_timestamp", "timestamp_out_of_range",
    "invalid_utf8",       "line_too_long",  "unknown_behavior", "missing_id",
    "no_customer_id",     "bad_quoting",    "bad_json"};

struct RejectExample {
  std::string file;
  uint64_t line = 0;
  std::string detail;  // what was wrong, e.g. "timestamp 15 is before 1995-01-01"
  std::string text;    // the row, cut to 200 bytes
};

struct IngestReport {
  uint64_t rows_read = 0;      // data rows (header and blank lines not counted)
  uint64_t rows_accepted = 0;  // rows that produced at least one event or catalogue entry
  uint64_t events = 0;         // events accepted (a sequence line yields many)
  uint64_t catalogue_items = 0;
  uint64_t batches = 0;        // batches written durably
  uint64_t blank_lines = 0;
  uint64_t bytes = 0;          // decoded input bytes
  uint64_t anonymous_rows = 0; // rows kept under an anonymous user (by option)
  uint64_t returns = 0;        // cancellations turned into return events
  std::array<uint64_t, kNumRejects> rejected{};
  std::array<std::vector<RejectExample>, kNumRejects> examples;
  bool stopped_early = false;  // --max-errors reached
  double seconds = 0;

  uint64_t rejected_total() const;
  // Records one rejected row; keeps the first `max_examples` of each reason.
  void reject(Reject why, std::string_view file, uint64_t line, std::string_view detail, std::string_view text,
              size_t max_examples);
  void merge(const IngestReport& other);
  std::string to_json() const;
  std::string to_text() const;
};

}  // namespace ss::io
