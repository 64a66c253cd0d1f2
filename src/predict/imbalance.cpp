#include "predict/imbalance.h"

#include <algorithm>
#include <cmath>
#include <queue>

#include "core/error.h"
#include "core/rng.h"

namespace ss::predict {

Balance parse_balance(const std::string& n) {
  if (n == "none") return Balance::kNone;
  if (n == "weights") return Balance::kClassWeights;
  if (n == "oversample") return Balance::kOversample;
  if (n == "undersample") return Balance::kUndersample;
  if (n == "smote") return Balance::kSmote;
  throw Error("unknown imbalance strategy '" + n + "'; valid: none, weights, oversample, undersample, smote");
}

const char* balance_name(Balance b) {
  static constexpr const char* kNames[] = {"none", "weights", "oversample", "undersample", "smote"};
  return kNames[static_cast<int>(b)];
}

namespace {

void append_row(TrainingSet& t, const float* row, size_t cols, float label) {
  t.x.data.insert(t.x.data.end(), row, row + cols);
  t.x.rows++;
  t.y.push_back(label);
}

// Synthetic minority rows: each interpolates a minority row towards one of its k nearest
// minority neighbours (standardised distance; missing values ignored in the distance and
// copied from the base row).
void add_smote_rows(TrainingSet& t, const Matrix& x, const std::vector<size_t>& minority, float label,
                    size_t wanted, int k, Rng& rng) {
  const size_t d = x.cols, m = minority.size();
  if (m < 2 || wanted == 0) return;
  std::vector<double> scale(d, 1.0);
  for (size_t c = 0; c < d; ++c) {
    double s = 0, s2 = 0, n = 0;
    for (size_t i : minority) {
      const float v = x.at(i, c);
      if (!std::isnan(v)) s += v, s2 += double(v) * v, n += 1;
    }
    const double var = n > 1 ? s2 / n - (s / n) * (s / n) : 0;
    scale[c] = var > 1e-12 ? 1 / std::sqrt(var) : 1;
  }
  const size_t kk = std::min<size_t>(k, m - 1);
  std::vector<std::vector<uint32_t>> neighbours(m);
  for (size_t a = 0; a < m; ++a) {
    std::priority_queue<std::pair<double, uint32_t>> best;  // max-heap of the kk closest
    for (size_t b = 0; b < m; ++b) {
      if (a == b) continue;
      double dist = 0;
      for (size_t c = 0; c < d; ++c) {
        const float va = x.at(minority[a], c), vb = x.at(minority[b], c);
        if (std::isnan(va) || std::isnan(vb)) continue;
        const double z = (va - vb) * scale[c];
        dist += z * z;
      }
      if (best.size() < kk) best.emplace(dist, static_cast<uint32_t>(b));
      else if (dist < best.top().first) best.pop(), best.emplace(dist, static_cast<uint32_t>(b));
    }
    for (; !best.empty(); best.pop()) neighbours[a].push_back(best.top().second);
  }
  std::vector<float> row(d);
  for (size_t s = 0; s < wanted; ++s) {
    const size_t a = rng.below(m);
    const size_t b = neighbours[a][rng.below(neighbours[a].size())];
    const double gap = rng.uniform();
    for (size_t c = 0; c < d; ++c) {
      const float va = x.at(minority[a], c), vb = x.at(minority[b], c);
      row[c] = std::isnan(va) || std::isnan(vb) ? va : static_cast<float>(va + gap * (vb - va));
    }
    append_row(t, row.data(), d, label);
  }
}

}  // namespace

TrainingSet rebalance(const Matrix& x, const std::vector<float>& y, Balance how, uint64_t seed, int smote_k) {
  if (y.size() != x.rows) throw Error("labels and rows differ in count");
  std::vector<size_t> pos, neg;
  for (size_t i = 0; i < y.size(); ++i) (y[i] > 0.5f ? pos : neg).push_back(i);
  const bool pos_minor = pos.size() <= neg.size();
  const auto& minor = pos_minor ? pos : neg;
  const auto& major = pos_minor ? neg : pos;
  const float minor_label = pos_minor ? 1.f : 0.f;
  TrainingSet t;
  t.x.copy_schema(x);
  Rng rng(seed);
  auto copy_all = [&] {
    t.x.data = x.data;
    t.x.rows = x.rows;
    t.y = y;
  };
  switch (how) {
    case Balance::kNone:
      copy_all();
      break;
    case Balance::kClassWeights: {
      copy_all();
      const double wpos = pos.empty() ? 1 : y.size() / (2.0 * pos.size());
      const double wneg = neg.empty() ? 1 : y.size() / (2.0 * neg.size());
      for (float l : y) t.w.push_back(static_cast<float>(l > 0.5f ? wpos : wneg));
      break;
    }
    case Balance::kOversample:
      copy_all();
      for (size_t i = minor.size(); i < major.size() && !minor.empty(); ++i)
        append_row(t, x.row(minor[rng.below(minor.size())]), x.cols, minor_label);
      break;
    case Balance::kUndersample: {
      std::vector<size_t> keep = minor;
      std::vector<size_t> pool = major;
      for (size_t i = 0; i < minor.size() && i < pool.size(); ++i) {
        std::swap(pool[i], pool[i + rng.below(pool.size() - i)]);
        keep.push_back(pool[i]);
      }
      std::sort(keep.begin(), keep.end());
      for (size_t i : keep) append_row(t, x.row(i), x.cols, y[i]);
      break;
    }
    case Balance::kSmote:
      copy_all();
      add_smote_rows(t, x, minor, minor_label, major.size() - minor.size(), smote_k, rng);
      break;
  }
  return t;
}

}  // namespace ss::predict
