#include "eval/metrics.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include "core/error.h"

namespace ss::eval {
namespace {

constexpr std::array<MetricInfo, 7> kMetrics = {{
    {"hr", MetricKind::kHitRate, true, "hit rate: 1 if any held-out item is in the top k"},
    {"recall", MetricKind::kRecall, true, "share of the held-out items found in the top k"},
    {"precision", MetricKind::kPrecision, true, "share of the top k that is held out"},
    {"ndcg", MetricKind::kNdcg, true, "discounted gain of hits (1/log2(rank+1)) over the ideal"},
    {"mrr", MetricKind::kMrr, false, "1/rank of the first hit (within k when given)"},
    {"map", MetricKind::kMap, false, "mean over hits of precision at the hit's rank, over min(|relevant|, k)"},
    {"hitrate", MetricKind::kHitRate, true, "alias of hr"},
}};

std::string valid_names() {
  return "hr@K, recall@K, precision@K, ndcg@K, mrr, mrr@K, map, map@K (e.g. ndcg@10)";
}

bool is_relevant(std::span<const uint32_t> rel, uint32_t item) {
  return std::binary_search(rel.begin(), rel.end(), item);
}

}  // namespace

std::span<const MetricInfo> metric_catalogue() { return kMetrics; }

MetricSpec MetricSpec::parse(std::string_view text) {
  const size_t at = text.find('@');
  const std::string_view name = text.substr(0, at);
  const MetricInfo* info = nullptr;
  for (const MetricInfo& m : kMetrics)
    if (m.name == name) info = &m;
  if (!info) throw Error("unknown metric '" + std::string(text) + "'; valid: " + valid_names());
  MetricSpec spec{info->kind, 0};
  if (at != std::string_view::npos) {
    const std::string_view num = text.substr(at + 1);
    size_t k = 0;
    auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), k);
    if (ec != std::errc() || p != num.data() + num.size() || k == 0)
      throw Error("metric '" + std::string(text) + "': the cut-off after '@' must be a positive integer");
    spec.k = k;
  } else if (info->needs_cutoff) {
    throw Error("metric '" + std::string(text) + "' needs a cut-off, e.g. " + std::string(name) + "@10");
  }
  return spec;
}

std::string MetricSpec::name() const {
  std::string n;
  for (const MetricInfo& m : kMetrics)
    if (m.kind == kind) {
      n = m.name;
      break;
    }
  return k ? n + "@" + std::to_string(k) : n;
}

std::vector<MetricSpec> parse_metric_list(std::string_view text) {
  std::vector<MetricSpec> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view part = text.substr(start, comma - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) out.push_back(MetricSpec::parse(part));
    start = comma + 1;
  }
  if (out.empty()) throw Error("no metrics given; valid: " + valid_names());
  return out;
}

double metric_value(const MetricSpec& m, std::span<const uint32_t> ranked,
                    std::span<const uint32_t> rel) {
  if (rel.empty()) return 0.0;
  const size_t k = m.k ? m.k : ranked.size();
  const size_t n = std::min(k, ranked.size());
  switch (m.kind) {
    case MetricKind::kHitRate:
      for (size_t i = 0; i < n; ++i)
        if (is_relevant(rel, ranked[i])) return 1.0;
      return 0.0;
    case MetricKind::kRecall:
    case MetricKind::kPrecision: {
      size_t hits = 0;
      for (size_t i = 0; i < n; ++i) hits += is_relevant(rel, ranked[i]);
      return m.kind == MetricKind::kRecall ? double(hits) / double(rel.size())
                                           : (k ? double(hits) / double(k) : 0.0);
    }
    case MetricKind::kNdcg: {
      double dcg = 0, ideal = 0;
      for (size_t i = 0; i < n; ++i)
        if (is_relevant(rel, ranked[i])) dcg += 1.0 / std::log2(double(i) + 2.0);
      for (size_t i = 0; i < std::min(k, rel.size()); ++i) ideal += 1.0 / std::log2(double(i) + 2.0);
      return ideal > 0 ? dcg / ideal : 0.0;
    }
    case MetricKind::kMrr:
      for (size_t i = 0; i < n; ++i)
        if (is_relevant(rel, ranked[i])) return 1.0 / double(i + 1);
      return 0.0;
    case MetricKind::kMap: {
      double sum = 0;
      size_t hits = 0;
      for (size_t i = 0; i < n; ++i)
        if (is_relevant(rel, ranked[i])) sum += double(++hits) / double(i + 1);
      const size_t denom = std::min(k, rel.size());
      return denom ? sum / double(denom) : 0.0;
    }
  }
  return 0.0;
}

size_t max_cutoff(std::span<const MetricSpec> metrics, size_t fallback) {
  size_t k = 0;
  for (const MetricSpec& m : metrics) k = std::max(k, m.k);
  return k ? k : fallback;
}

}  // namespace ss::eval
