// The comparison table of several models' results: markdown for people, CSV for
// spreadsheets, JSON for programs. Every format states the protocol and whether ranking
// was over all items or sampled.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "eval/evaluator.h"

namespace ss::eval {

enum class TableFormat { kMarkdown, kCsv, kJson };
TableFormat parse_table_format(const std::string& name);  // "md"/"markdown", "csv", "json"

struct TableOptions {
  bool intervals = true;  // "0.0400 [0.0381, 0.0421]" in markdown; low/high columns in CSV
  bool breakdown = true;  // cold vs warm users (a second markdown table, extra CSV columns)
};

nlohmann::json to_json(const EvalResult& r);
std::string format_table(const std::vector<EvalResult>& results, TableFormat format,
                         const TableOptions& options = {});

}  // namespace ss::eval
