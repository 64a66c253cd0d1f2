#include "predict/metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.h"

namespace ss::predict {
namespace {

void check(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) throw Error("scores and labels differ in length");
}

std::vector<size_t> order_desc(const std::vector<float>& s) {
  std::vector<size_t> o(s.size());
  std::iota(o.begin(), o.end(), 0);
  std::sort(o.begin(), o.end(), [&](size_t a, size_t b) { return s[a] > s[b]; });
  return o;
}

// Average ranks (1-based), ties sharing the mean rank.
std::vector<double> ranks(const std::vector<float>& v) {
  std::vector<size_t> o(v.size());
  std::iota(o.begin(), o.end(), 0);
  std::sort(o.begin(), o.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (size_t i = 0; i < o.size();) {
    size_t j = i;
    while (j + 1 < o.size() && v[o[j + 1]] == v[o[i]]) ++j;
    for (size_t k = i; k <= j; ++k) r[o[k]] = (i + j) / 2.0 + 1;
    i = j + 1;
  }
  return r;
}

}  // namespace

double roc_auc(const std::vector<float>& scores, const std::vector<float>& labels) {
  check(scores, labels);
  const auto r = ranks(scores);
  double pos = 0, rank_sum = 0;
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] > 0.5f) pos += 1, rank_sum += r[i];
  const double neg = labels.size() - pos;
  if (pos == 0 || neg == 0) return 0.5;
  return (rank_sum - pos * (pos + 1) / 2) / (pos * neg);
}

double pr_auc(const std::vector<float>& scores, const std::vector<float>& labels) {
  check(scores, labels);
  const auto o = order_desc(scores);
  double pos_total = 0;
  for (float l : labels) pos_total += l > 0.5f;
  if (pos_total == 0) return 0;
  double tp = 0, fp = 0, ap = 0, prev_recall = 0;
  for (size_t i = 0; i < o.size();) {
    size_t j = i;
    for (; j < o.size() && scores[o[j]] == scores[o[i]]; ++j) (labels[o[j]] > 0.5f ? tp : fp) += 1;
    const double recall = tp / pos_total, precision = tp / (tp + fp);
    ap += (recall - prev_recall) * precision;
    prev_recall = recall;
    i = j;
  }
  return ap;
}

BinaryMetrics evaluate_binary(const std::vector<float>& p, const std::vector<float>& y, double threshold) {
  check(p, y);
  BinaryMetrics m;
  m.n = p.size();
  m.threshold = threshold;
  if (p.empty()) return m;
  m.roc_auc = roc_auc(p, y);
  m.pr_auc = pr_auc(p, y);
  double tp = 0, fp = 0, fn = 0, tn = 0, pos = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    const bool label = y[i] > 0.5f, pred = p[i] >= threshold;
    pos += label;
    (label ? (pred ? tp : fn) : (pred ? fp : tn)) += 1;
    const double e = p[i] - y[i];
    m.brier += e * e;
    const double q = std::clamp<double>(p[i], 1e-7, 1 - 1e-7);
    m.log_loss -= label ? std::log(q) : std::log(1 - q);
  }
  m.brier /= p.size();
  m.log_loss /= p.size();
  m.positive_rate = pos / p.size();
  m.accuracy = (tp + tn) / p.size();
  m.precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  m.recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  m.f1 = m.precision + m.recall > 0 ? 2 * m.precision * m.recall / (m.precision + m.recall) : 0;
  // Best F1 over every distinct threshold: walk the scores from high to low.
  const auto o = order_desc(p);
  double ctp = 0, cfp = 0;
  for (size_t i = 0; i < o.size();) {
    size_t j = i;
    for (; j < o.size() && p[o[j]] == p[o[i]]; ++j) (y[o[j]] > 0.5f ? ctp : cfp) += 1;
    const double prec = ctp / (ctp + cfp), rec = pos > 0 ? ctp / pos : 0;
    const double f1 = prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0;
    if (f1 > m.best_f1) m.best_f1 = f1, m.best_f1_threshold = p[o[i]];
    i = j;
  }
  return m;
}

std::vector<CalibrationBin> calibration(const std::vector<float>& p, const std::vector<float>& y, int bins) {
  check(p, y);
  std::vector<CalibrationBin> out(bins);
  for (size_t i = 0; i < p.size(); ++i) {
    const int b = std::clamp(static_cast<int>(p[i] * bins), 0, bins - 1);
    out[b].mean_predicted += p[i];
    out[b].observed_rate += y[i];
    out[b].count++;
  }
  for (auto& b : out)
    if (b.count) b.mean_predicted /= b.count, b.observed_rate /= b.count;
  return out;
}

RegressionMetrics evaluate_regression(const std::vector<float>& pred, const std::vector<float>& actual) {
  check(pred, actual);
  RegressionMetrics m;
  m.n = pred.size();
  if (pred.empty()) return m;
  double mean = 0;
  for (float a : actual) mean += a;
  mean /= actual.size();
  double ss_res = 0, ss_tot = 0;
  for (size_t i = 0; i < pred.size(); ++i) {
    const double e = pred[i] - actual[i];
    m.mae += std::abs(e);
    ss_res += e * e;
    ss_tot += (actual[i] - mean) * (actual[i] - mean);
  }
  m.mae /= pred.size();
  m.rmse = std::sqrt(ss_res / pred.size());
  m.r2 = ss_tot > 0 ? 1 - ss_res / ss_tot : 0;
  const auto rp = ranks(pred), ra = ranks(actual);
  double mp = 0, ma = 0;
  for (size_t i = 0; i < rp.size(); ++i) mp += rp[i], ma += ra[i];
  mp /= rp.size(), ma /= ra.size();
  double cov = 0, vp = 0, va = 0;
  for (size_t i = 0; i < rp.size(); ++i) {
    cov += (rp[i] - mp) * (ra[i] - ma);
    vp += (rp[i] - mp) * (rp[i] - mp);
    va += (ra[i] - ma) * (ra[i] - ma);
  }
  m.spearman = vp > 0 && va > 0 ? cov / std::sqrt(vp * va) : 0;
  return m;
}

}  // namespace ss::predict
