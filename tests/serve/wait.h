// Waits that poll against a generous deadline instead of sleeping a fixed time: the serving
// tests run on a loaded 2-core machine, where any fixed sleep is sometimes too short.
#pragma once
#include <chrono>
#include <functional>
#include <thread>

namespace ss::serve::testing {

// Polls `done` every `step` until it holds or `limit` has passed; returns its last answer.
inline bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit = std::chrono::seconds(60),
                       std::chrono::milliseconds step = std::chrono::milliseconds(20)) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= until) return done();
    std::this_thread::sleep_for(step);
  }
  return true;
}

}  // namespace ss::serve::testing
