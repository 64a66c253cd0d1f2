// Ranking metrics by name, with the cut-off in the name ("ndcg@10", "hr@5", "mrr").
// Each metric scores one user's ranked list against that user's held-out items; the
// evaluation loop averages over users. A failed lookup lists the valid names.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ss::eval {

enum class MetricKind { kHitRate, kRecall, kPrecision, kNdcg, kMrr, kMap };

struct MetricSpec {
  MetricKind kind = MetricKind::kNdcg;
  size_t k = 0;  // cut-off; 0 = the whole recommended list (mrr, map without "@k")

  // "hr@10", "recall@20", "precision@5", "ndcg@10", "mrr", "mrr@10", "map@10". Throws
  // ss::Error listing the valid names on an unknown name or a bad cut-off.
  static MetricSpec parse(std::string_view text);
  std::string name() const;  // canonical form; parse(name()) == *this
  bool operator==(const MetricSpec&) const = default;
};

// A comma list of metric names.
std::vector<MetricSpec> parse_metric_list(std::string_view text);

// The registered metric names with a one-line description each.
struct MetricInfo {
  std::string_view name;
  MetricKind kind;
  bool needs_cutoff;
  std::string_view help;
};
std::span<const MetricInfo> metric_catalogue();

// The score of one ranked list (best first, may be longer than the cut-off) against the
// relevant items, which must be sorted ascending and unique. 0 when nothing is relevant.
double metric_value(const MetricSpec& m, std::span<const uint32_t> ranked,
                    std::span<const uint32_t> relevant_sorted);

// The longest cut-off among the metrics (the list length the loop asks models for);
// `fallback` when every metric is uncut.
size_t max_cutoff(std::span<const MetricSpec> metrics, size_t fallback = 10);

}  // namespace ss::eval
