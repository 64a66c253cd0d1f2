#include <algorithm>

#include "predict/estimator_impl.h"
#include "predict/missing_policy.h"

namespace ss::predict {

Matrix Matrix::select_rows(const std::vector<size_t>& idx) const {
  Matrix m;
  m.rows = idx.size();
  m.copy_schema(*this);
  m.data.resize(m.rows * cols);
  for (size_t i = 0; i < idx.size(); ++i) std::copy_n(row(idx[i]), cols, m.row(i));
  return m;
}

std::vector<std::string> estimator_names() { return {"logreg", "xgboost"}; }

std::unique_ptr<Estimator> make_estimator(const std::string& spec_text, Objective objective) {
  const Spec spec = Spec::parse(spec_text);
  if (spec.name == "xgboost") return with_imputer(make_xgboost(spec, objective));
  if (spec.name == "logreg") return with_imputer(make_logistic(spec, objective));
  throw Error("unknown estimator '" + spec.name + "'; valid: logreg, xgboost");
}

}  // namespace ss::predict
