// What every converter shares: the current row's position, field parsers that record a
// rejection on failure, id interning, and the batch being filled.
#pragma once
#include <cmath>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalogue.h"
#include "io/interner.h"
#include "io/options.h"
#include "io/pseudonym.h"
#include "io/report.h"

namespace ss::io {

// Receives each full batch: store it durably (or throw to abort the ingest).
using BatchSink = std::function<void(const EventTable&, const std::vector<CatalogueItem>&)>;

class RowParser {
 public:
  // `existing` (may be null): the catalogue already stored, so derived entries never
  // overwrite a real one.
  RowParser(const IngestOptions& o, Dictionaries& dicts, const Catalogue* existing, BatchSink sink, IngestReport& report);

  // Where the current row is, for rejections.
  void at(const std::string* file, uint64_t line, std::string_view text) { file_ = file, line_ = line, text_ = text; }
  void reject(Reject why, std::string_view what, std::string_view value = {});

  // Each returns false (after recording the rejection) when the text is unusable.
  bool time(std::string_view s, TimeUnit unit, int64_t& ms);
  bool in_range(int64_t ms, std::string_view text);
  bool behavior(std::string_view s, Behavior& b);
  // Empty text is "absent" (NaN) and fine.
  bool number(std::string_view s, const char* what, float& v);
  // Sessions have no dictionary: digits (after a letter prefix, "s12", "C536379") are the
  // id; other text is hashed to 32 bits.
  static uint32_t session_id(std::string_view s);

  Interner users, items, categories;
  Dictionaries& dicts;
  const IngestOptions& opt;
  IngestReport& report;

  // The batch in progress.
  void add(const EventRow& r) { batch_.push_back(r); }
  void add_item(CatalogueItem it) { items_.push_back(std::move(it)); }
  // True the first time `item` is seen without an entry in the stored catalogue, so a
  // derived catalogue entry should be made for it.
  bool wants_catalogue_entry(uint32_t item);
  // Appends the batch when it is full (or always, with force).
  void flush(bool force);
  uint64_t pending_events() const { return batch_.size(); }

 private:
  const std::string* file_ = nullptr;
  uint64_t line_ = 0;
  std::string_view text_;
  std::unique_ptr<Pseudonymiser> pseudo_;
  const Catalogue* existing_;
  BatchSink sink_;
  EventTable batch_;
  std::vector<CatalogueItem> items_;
  std::vector<bool> item_seen_;
  std::vector<std::pair<std::string, std::optional<Behavior>>> behavior_cache_;
};

}  // namespace ss::io
