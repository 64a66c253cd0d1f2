// Progress for long work: a redrawn bar with rate and ETA on a terminal, a line every few
// seconds when stderr is not a terminal, nothing when quiet.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace ss {

class Progress {
 public:
  // total == 0 means unknown; then only the count and rate are shown.
  Progress(std::string label, uint64_t total, bool quiet, std::string unit = "rows");
  ~Progress();
  void update(uint64_t done);
  void add(uint64_t delta) { update(done_ + delta); }
  void finish();

 private:
  void draw(bool final);
  std::string label_, unit_;
  uint64_t total_, done_ = 0;
  bool quiet_, tty_, finished_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace ss
