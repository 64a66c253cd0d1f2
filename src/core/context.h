// What every long operation gets explicitly: its threads, its seed, how chatty to be, and
// whether someone has asked it to stop.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>

#include "core/error.h"
#include "core/thread_pool.h"

namespace ss {

struct Context {
  explicit Context(size_t threads = 0, uint64_t seed = 42, bool quiet = false)
      : pool(std::make_unique<ThreadPool>(threads)), seed(seed), quiet(quiet) {}
  std::unique_ptr<ThreadPool> pool;
  uint64_t seed;
  bool quiet;
  size_t threads() const { return pool->size() + 1; }

  // Set by whoever may stop this operation early (the server's shutdown, an admin's cancel
  // of a training job); not owned, null when nobody can. Long loops (training epochs, ALS
  // half-steps, batches) call check_cancelled() between steps, so a stop takes effect
  // within one step and the half-done result is thrown away, never returned. Distributed
  // training is never given one: a rank stopping alone would leave the others waiting.
  const std::atomic<bool>* cancel = nullptr;
  bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
  void check_cancelled() const {
    if (cancelled()) throw Error("cancelled", ErrorCode::kCancelled);
  }
};

}  // namespace ss
