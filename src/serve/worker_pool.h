// The event-loop front's threads for handlers that may block (ingest waiting for the group
// commit's fsync, admin, analytics, static files): a plain FIFO of jobs. The loops stay free
// for the fast, inline handlers.
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ss::serve {

class WorkerPool {
 public:
  WorkerPool() = default;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  ~WorkerPool() { stop(); }
  void start(size_t threads);
  void submit(std::function<void()> job);
  // Runs what is queued, then joins. Idempotent.
  void stop();

 private:
  void work();
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  bool done_ = false;
};

}  // namespace ss::serve
