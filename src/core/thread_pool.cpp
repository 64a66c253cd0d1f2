#include "core/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>

namespace ss {

ThreadPool::ThreadPool(size_t threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  // The caller participates in parallel_for, so threads-1 helpers give `threads` workers.
  for (size_t i = 1; i < threads; ++i) workers_.emplace_back([this] { worker_loop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& t : workers_) t.join();
}

void ThreadPool::worker_loop() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_ && queue_.empty()) return;
      task = std::move(queue_.front());
      queue_.pop();
    }
    task();
  }
}

void ThreadPool::run_indexed(size_t tasks, const std::function<void(size_t)>& fn) {
  if (tasks == 0) return;
  if (tasks == 1 || workers_.empty()) {
    for (size_t i = 0; i < tasks; ++i) fn(i);
    return;
  }
  // The shared state lives on the heap and every queued helper holds it: a helper that is
  // dequeued only after this call has returned must find "no work left", not a dead stack.
  struct State {
    std::atomic<size_t> next{0}, done{0};
    std::exception_ptr error;
    std::mutex error_mu, done_mu;
    std::condition_variable done_cv;
  };
  auto st = std::make_shared<State>();
  auto drain = [st, tasks, &fn] {
    for (size_t i; (i = st->next.fetch_add(1)) < tasks;) {
      try {
        fn(i);
      } catch (...) {
        std::lock_guard lock(st->error_mu);
        if (!st->error) st->error = std::current_exception();
      }
      if (st->done.fetch_add(1) + 1 == tasks) {
        std::lock_guard lock(st->done_mu);
        st->done_cv.notify_all();
      }
    }
  };
  const size_t helpers = std::min(workers_.size(), tasks - 1);
  {
    std::lock_guard lock(mu_);
    for (size_t h = 0; h < helpers; ++h) queue_.push(drain);
  }
  cv_.notify_all();
  drain();
  std::unique_lock lock(st->done_mu);
  st->done_cv.wait(lock, [&] { return st->done.load() == tasks; });
  if (st->error) std::rethrow_exception(st->error);
}

void ThreadPool::parallel_for(size_t n, const std::function<void(size_t, size_t)>& fn, size_t min_chunk) {
  if (n == 0) return;
  const size_t workers = workers_.size() + 1;
  size_t chunk = std::max<size_t>(std::max<size_t>(min_chunk, 1), (n + workers * 4 - 1) / (workers * 4));
  const size_t tasks = (n + chunk - 1) / chunk;
  run_indexed(tasks, [&](size_t t) { fn(t * chunk, std::min(n, (t + 1) * chunk)); });
}

void ThreadPool::parallel_tasks(size_t n, const std::function<void(size_t)>& fn) { run_indexed(n, fn); }

}  // namespace ss
