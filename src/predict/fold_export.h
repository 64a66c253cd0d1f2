// Writes a fold's feature matrices as CSV so that another library (scikit-learn in
// bench/predict) can train and test on exactly the same rows, features and folds.
#pragma once
#include <string>

#include "predict/user_task.h"

namespace ss::predict {

// <dir>/fold<k>_train.csv and fold<k>_test.csv: a header of feature names then "label";
// one row per user snapshot; a missing value is an empty field. Creates `dir`.
void write_fold_csv(const std::string& dir, int fold, const Snapshot& train, const Snapshot& test);

}  // namespace ss::predict
