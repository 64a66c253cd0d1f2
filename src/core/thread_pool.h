// The one pool that parallel work in ShopSense runs on. Passed in through Context, never
// global.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

namespace ss {

class ThreadPool {
 public:
  // threads == 0 means one per hardware thread.
  explicit ThreadPool(size_t threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  size_t size() const { return workers_.size(); }

  // Runs fn(begin, end) over [0, n) split into about size()*4 chunks of at least
  // `min_chunk`, and waits. The calling thread works too. Exceptions propagate.
  void parallel_for(size_t n, const std::function<void(size_t, size_t)>& fn, size_t min_chunk = 1);
  // Runs fn(i) for each i in [0, n) as its own task (for coarse, uneven work).
  void parallel_tasks(size_t n, const std::function<void(size_t)>& fn);

 private:
  void worker_loop();
  void run_indexed(size_t tasks, const std::function<void(size_t)>& fn);
  std::vector<std::thread> workers_;
  std::queue<std::function<void()>> queue_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
};

}  // namespace ss
