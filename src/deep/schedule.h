// Learning-rate schedules chosen by name, as pure functions of the step, so they are
// testable without LibTorch and identical on every device.
#pragma once
#include <cstdint>
#include <string>

namespace ss::deep {

struct LrSchedule {
  std::string name = "constant";  // constant | inv_sqrt | step | cosine | linear
  double base = 1e-3;             // lr_0
  int64_t warmup = 0;             // linear warm-up steps from 0 to base (all schedules)
  int64_t total = 1;              // total steps (cosine, linear)
  int64_t step_size = 1000;       // step: decay every step_size steps after warm-up
  double gamma = 0.5;             // step: factor per decay
  double scale = 1.0;             // inv_sqrt: lr_t = base * scale * sqrt(max(1, warmup)) / sqrt(t)

  // Learning rate for the optimiser step `step` (0-based). Throws ss::Error on an unknown name.
  double lr(int64_t step) const;
  static bool known(const std::string& name);
};

}  // namespace ss::deep
