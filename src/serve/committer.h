// Group commit: one thread owns the store. Request threads queue validated ingest requests
// and wait; the committer takes everything queued, interns ids, writes it as ONE durable
// append (one fsync), applies it to the live state, then answers every waiting request. So
// an acknowledgement always means "on disk", and throughput grows with concurrency.
// Other store work (deleting a user, loading a training snapshot) runs on the same thread,
// in order, so the store is never touched concurrently.
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

#include "serve/ingest_request.h"
#include "serve/live_state.h"
#include "serve/metrics.h"
#include "store/store.h"

namespace ss::serve {

struct IngestAck {
  size_t events = 0, items = 0, removed_items = 0, users = 0;
};

class Committer {
 public:
  // Called on the committer thread after each durable append, before requests are answered.
  using OnCommit = std::function<void(const CommitDelta&)>;
  Committer(Store& store, const ServeConfig& config, Metrics& metrics, OnCommit on_commit);
  ~Committer();
  Committer(const Committer&) = delete;
  Committer& operator=(const Committer&) = delete;

  // Blocks until the request is durable. Throws HttpError 503 if it could not be written
  // (nothing of it is then visible), or if the committer is stopping.
  IngestAck ingest(IngestRequest request);
  // Runs fn(store) on the committer thread between commits and waits; rethrows its error.
  void exclusive(std::function<void(Store&)> fn);
  // Finishes everything queued, then stops accepting work.
  void stop();
  size_t queued() const;

 private:
  struct Job {
    IngestRequest request;
    std::function<void(Store&)> fn;  // set for exclusive jobs
    std::promise<IngestAck> done;
  };
  void run();
  void commit_group(std::vector<Job>& group);

  Store& store_;
  ServeConfig config_;
  Metrics& metrics_;
  OnCommit on_commit_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ss::serve
