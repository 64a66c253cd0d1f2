// What every long operation gets explicitly: its threads, its seed and how chatty to be.
#pragma once
#include <cstdint>
#include <memory>

#include "core/thread_pool.h"

namespace ss {

struct Context {
  explicit Context(size_t threads = 0, uint64_t seed = 42, bool quiet = false)
      : pool(std::make_unique<ThreadPool>(threads)), seed(seed), quiet(quiet) {}
  std::unique_ptr<ThreadPool> pool;
  uint64_t seed;
  bool quiet;
  size_t threads() const { return pool->size() + 1; }
};

}  // namespace ss
