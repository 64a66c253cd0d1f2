// Metrics for binary classifiers and regressors. All take scores/labels computed on data
// the model did not train on; none of them knows about models.
#pragma once
#include <cstddef>
#include <vector>

namespace ss::predict {

struct BinaryMetrics {
  double roc_auc = 0, pr_auc = 0, brier = 0, log_loss = 0;
  double threshold = 0.5;
  double accuracy = 0, precision = 0, recall = 0, f1 = 0;  // at `threshold`
  double best_f1_threshold = 0.5, best_f1 = 0;
  double positive_rate = 0;
  size_t n = 0;
};

// Area under the ROC curve with ties counted half (Mann-Whitney U).
double roc_auc(const std::vector<float>& scores, const std::vector<float>& labels);
// Average precision (step-wise area under precision-recall), ties grouped.
double pr_auc(const std::vector<float>& scores, const std::vector<float>& labels);
BinaryMetrics evaluate_binary(const std::vector<float>& probs, const std::vector<float>& labels,
                              double threshold = 0.5);

// Reliability table: mean predicted vs observed rate in `bins` equal-width bins.
struct CalibrationBin {
  double mean_predicted = 0, observed_rate = 0;
  size_t count = 0;
};
std::vector<CalibrationBin> calibration(const std::vector<float>& probs, const std::vector<float>& labels,
                                        int bins = 10);

struct RegressionMetrics {
  double mae = 0, rmse = 0, r2 = 0, spearman = 0;
  size_t n = 0;
};
RegressionMetrics evaluate_regression(const std::vector<float>& predicted, const std::vector<float>& actual);

}  // namespace ss::predict
