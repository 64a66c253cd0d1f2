// Reads behaviour logs and catalogues into dictionary ids and event batches, counting and
// reporting every rejected row. Batches go to a sink (the store's durable append), so a
// failure part-way leaves every earlier batch intact.
#pragma once
#include <memory>
#include <string>

#include "core/catalogue.h"
#include "core/thread_pool.h"
#include "io/options.h"
#include "io/report.h"
#include "io/row_parser.h"

namespace ss::io {

class Ingester {
 public:
  // `existing`: the catalogue already stored (may be null); `quiet`: no progress output;
  // `pool` (may be null): parses the lines of the standard Taobao layout in parallel, with
  // exactly the serial result (ids, batches, reports).
  Ingester(const IngestOptions& options, Dictionaries& dicts, const Catalogue* existing, BatchSink sink,
           bool quiet = true, ThreadPool* pool = nullptr);
  ~Ingester();

  // Reads one events file ("-": standard input). Returns false when --max-errors stopped
  // it (the rows before were still handed on). Throws ss::Error for unusable input
  // (missing file, a header without the mapped columns) and when the sink fails.
  bool add_events(const std::string& path);
  // Reads one catalogue file (see catalogue_converter.h), counted in catalogue_report().
  bool add_catalogue(const std::string& path);
  // Hands on the last partial batches.
  void finish();

  const IngestReport& report() const;
  // Rows that took the parallel path (the rest went through the serial loop).
  uint64_t parallel_rows() const;
  const IngestReport& catalogue_report() const;
  // Not stopped early, and at most max_reject_fraction of the rows rejected.
  bool accepted() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ss::io
