// Internal to src/predict: the concrete estimators' factories and shared serialisation.
#pragma once
#include <cstdint>
#include <istream>
#include <ostream>

#include "core/error.h"
#include "predict/estimator.h"

namespace ss::predict {

std::unique_ptr<Estimator> make_logistic(const Spec& spec, Objective obj);
std::unique_ptr<Estimator> make_xgboost(const Spec& spec, Objective obj);

inline void write_vector(std::ostream& out, const std::vector<double>& v) {
  const uint64_t n = v.size();
  out.write(reinterpret_cast<const char*>(&n), sizeof n);
  out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(n * sizeof(double)));
}

inline std::vector<double> read_vector(std::istream& in) {
  uint64_t n = 0;
  in.read(reinterpret_cast<char*>(&n), sizeof n);
  if (!in || n > (1ull << 32)) throw Error("corrupt model file", ErrorCode::kCorrupt);
  std::vector<double> v(n);
  in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(n * sizeof(double)));
  if (!in) throw Error("truncated model file", ErrorCode::kCorrupt);
  return v;
}

}  // namespace ss::predict
