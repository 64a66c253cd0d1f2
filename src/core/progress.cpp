#include "core/progress.h"

#include <unistd.h>

#include <cstdio>

namespace ss {

Progress::Progress(std::string label, uint64_t total, bool quiet, std::string unit)
    : label_(std::move(label)), unit_(std::move(unit)), total_(total), quiet_(quiet),
      tty_(isatty(STDERR_FILENO) != 0), start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

Progress::~Progress() { finish(); }

void Progress::update(uint64_t done) {
  done_ = done;
  if (quiet_ || !tty_) return;  // piped output stays clean; callers print a summary instead
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(tty_ ? 200 : 5000)) return;
  last_draw_ = now;
  draw(false);
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  if (!quiet_ && tty_) draw(true);
}

void Progress::draw(bool final) {
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = secs > 0 ? done_ / secs : 0;
  char buf[256];
  if (total_ > 0) {
    const double frac = std::min(1.0, static_cast<double>(done_) / total_);
    const int width = 30, filled = static_cast<int>(frac * width);
    std::string bar(filled, '#');
    bar.resize(width, '.');
    const double eta = rate > 0 ? (total_ - std::min(done_, total_)) / rate : 0;
    std::snprintf(buf, sizeof buf, "\r%s [%s] %5.1f%% %llu/%llu %s, %.0f/s, ETA %.0fs ", label_.c_str(),
                  bar.c_str(), frac * 100, static_cast<unsigned long long>(done_),
                  static_cast<unsigned long long>(total_), unit_.c_str(), rate, eta);
  } else {
    std::snprintf(buf, sizeof buf, "\r%s %llu %s, %.0f/s ", label_.c_str(),
                  static_cast<unsigned long long>(done_), unit_.c_str(), rate);
  }
  std::fputs(buf, stderr);
  if (final) std::fputs("\n", stderr);
  std::fflush(stderr);
}

}  // namespace ss
