#include "deep/schedule.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace ss::deep {

bool LrSchedule::known(const std::string& n) {
  return n == "constant" || n == "inv_sqrt" || n == "step" || n == "cosine" || n == "linear";
}

double LrSchedule::lr(int64_t step) const {
  const int64_t t = step + 1;  // 1-based, so inv_sqrt never divides by zero
  if (warmup > 0 && t <= warmup && name != "inv_sqrt") return base * double(t) / double(warmup);
  const int64_t after = t - std::max<int64_t>(warmup, 0);  // steps since warm-up ended (>= 0)
  if (name == "constant") return base;
  if (name == "inv_sqrt") {
    // Noam form: the warm-up ramp meets the 1/sqrt(t) decay at t == warmup.
    if (warmup > 0 && t <= warmup) return base * scale * double(t) / double(warmup);
    return base * scale * std::sqrt(double(std::max<int64_t>(1, warmup))) / std::sqrt(double(t));
  }
  if (name == "step") return base * std::pow(gamma, double(after / std::max<int64_t>(1, step_size)));
  const double span = double(std::max<int64_t>(1, total - std::max<int64_t>(warmup, 0)));
  const double progress = std::clamp(double(after) / span, 0.0, 1.0);
  if (name == "cosine") return base * 0.5 * (1.0 + std::cos(M_PI * progress));
  if (name == "linear") return base * (1.0 - progress);
  throw Error("unknown lr schedule '" + name + "' (use constant, inv_sqrt, step, cosine or linear)");
}

}  // namespace ss::deep
