// Readers for the two public formats the evaluation benchmarks use, straight into a
// Dataset (no store): the S3-Rec sequence files (Amazon Beauty / Sports: one line per user,
// "user item1 item2 ...", chronological, no timestamps) and the Taobao UserBehavior CSV
// ("user,item,category,behavior,unix_seconds"). The io layer's ingest presets do the same
// into a store; these keep the benchmark one command and independent of a data dir.
#pragma once
#include <string>

#include "core/catalogue.h"

namespace ss::eval {

struct LoadReport {
  size_t lines = 0, events = 0, rejected = 0;
};

// Events get ts_ms = their position in the user's sequence (1, 2, ...), so "last" means the
// last item on the line; type view.
Dataset load_s3rec_sequences(const std::string& path, LoadReport* report = nullptr);

// Rows with a timestamp outside [min_ts_s, max_ts_s] or an unknown behaviour are rejected
// (the public sample's last row has timestamp 15).
Dataset load_taobao_csv(const std::string& path, int64_t min_ts_s = 1000000000,
                        int64_t max_ts_s = 4000000000, LoadReport* report = nullptr);

}  // namespace ss::eval
